"""Organisations and perspectives."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext

from .. import audit
from ..models import (
    Organisation,
    OrgMembership,
    Perspective,
    Role,
    User,
)
from ..permissions import require as _require


def unique_username(base: str) -> str:
    stem = slugify(base)[:100] or "member"
    candidate = stem
    while User.objects.filter(username=candidate).exists():
        candidate = f"{stem}-{get_random_string(5, 'abcdefghjkmnpqrstuvwxyz23456789')}"
    return candidate


# Organisations ---------------------------------------------------------------------


@transaction.atomic
def organisation_create(*, name: str, slug: str, admin: User) -> Organisation:
    """Set up an organisation with the default perspectives and its first admin.
    Run by the operator (command line or demo), not through the web."""
    org = Organisation.objects.create(name=name, slug=slug)
    for position, (pname, lived) in enumerate(Perspective.DEFAULTS):
        Perspective.objects.create(
            organisation=org, name=pname, lived_experience=lived, position=position
        )
    OrgMembership.objects.create(organisation=org, user=admin, role=Role.ADMIN)
    audit.record(
        organisation=org,
        actor=None,
        verb="organisation.create",
        obj=org,
        summary=f"Organisation {name} set up with {admin} as admin",
    )
    return org


def _ensure_org_membership(organisation: Organisation, user: User, actor: User | None) -> None:
    om, created = OrgMembership.objects.get_or_create(organisation=organisation, user=user)
    if created:
        audit.record(
            organisation=organisation,
            actor=actor,
            verb="org_membership.create",
            obj=om,
            summary=f"{user} joined {organisation}",
        )


# Perspectives ----------------------------------------------------------------------


@transaction.atomic
def perspective_create(
    *, actor: User, organisation: Organisation, name: str, lived_experience: bool
) -> Perspective:
    _require(actor, "core.manage_perspectives", organisation)
    if Perspective.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ValidationError({"name": gettext("There is already a perspective with this name.")})
    last = Perspective.objects.filter(organisation=organisation).order_by("-position").first()
    perspective = Perspective.objects.create(
        organisation=organisation,
        name=name,
        lived_experience=lived_experience,
        position=(last.position + 1) if last else 0,
    )
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="perspective.create",
        obj=perspective,
        summary=f"Perspective “{name}” added",
    )
    return perspective


@transaction.atomic
def perspective_update(
    *, actor: User, perspective: Perspective, name: str, lived_experience: bool
) -> Perspective:
    org = perspective.organisation
    _require(actor, "core.manage_perspectives", org)
    clash = Perspective.objects.filter(organisation=org, name__iexact=name).exclude(
        pk=perspective.pk
    )
    if clash.exists():
        raise ValidationError({"name": gettext("There is already a perspective with this name.")})
    old = perspective.name
    perspective.name = name
    perspective.lived_experience = lived_experience
    perspective.save(update_fields=["name", "lived_experience"])
    audit.record(
        organisation=org,
        actor=actor,
        verb="perspective.update",
        obj=perspective,
        summary=f"Perspective “{old}” renamed to “{name}”"
        if old != name
        else f"Perspective “{name}” changed",
    )
    return perspective


@transaction.atomic
def perspectives_set(
    *, actor: User, person: User, organisation: Organisation, perspectives: Iterable[Perspective]
) -> OrgMembership:
    """A person says which perspectives they hold in an organisation."""
    om = OrgMembership.objects.filter(user=person, organisation=organisation).first()
    if om is None or actor.pk != person.pk:
        raise PermissionDenied("Only the person can say which perspectives they hold.")
    chosen = [p for p in perspectives if p.organisation_id == organisation.pk]
    om.perspectives.set(chosen)
    names = ", ".join(p.name for p in chosen) or "none"
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="perspectives.set",
        obj=om,
        summary=f"{person} now holds these perspectives: {names}",
    )
    return om


@transaction.atomic
def org_role_set(
    *, actor: User, organisation: Organisation, person: User, role: str
) -> OrgMembership:
    """An organisation admin makes a person an admin, or a member again. An organisation
    always keeps at least one admin."""
    _require(actor, "core.manage_org_roles", organisation)
    if role not in Role.values:
        raise ValidationError({"role": gettext("Choose admin or member")})
    om = (
        OrgMembership.objects.select_for_update()
        .filter(organisation=organisation, user=person)
        .first()
    )
    if om is None:
        raise ValidationError(
            gettext("%(person)s is not in %(organisation)s.")
            % {"person": person, "organisation": organisation}
        )
    if om.role == role:
        return om
    if om.role == Role.ADMIN:
        admins = OrgMembership.objects.select_for_update().filter(
            organisation=organisation, role=Role.ADMIN
        )
        if not admins.exclude(pk=om.pk).exists():
            raise ValidationError(
                {
                    "role": gettext(
                        "%(person)s is the only admin of %(organisation)s."
                        " Make someone else an admin first."
                    )
                    % {"person": person, "organisation": organisation}
                }
            )
    om.role = role
    om.save(update_fields=["role"])
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="orgmembership.update",
        obj=om,
        summary=f"{person} is now {om.get_role_display().lower()} of {organisation}"
        if role == Role.ADMIN
        else f"{person} is now a member of {organisation}, not an admin",
    )
    return om
