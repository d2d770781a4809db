"""A person's own: access needs and consent, display preferences, and deleting their
account (erasure, ADR 0003)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext

from .. import audit, belonging, selectors
from ..erasure import FORMER_MEMBER, without_name
from ..models import (
    AccessNeeds,
    AuditEvent,
    Consent,
    Contribution,
    Invitation,
    Membership,
    Organisation,
    OrgMembership,
    RecoveryCode,
    Role,
    SignInCode,
    TwoStep,
    User,
)
from ..permissions import require as _require
from .organisations import unique_username

# Access needs and consent ----------------------------------------------------------


@transaction.atomic
def access_needs_consent_give(*, actor: User) -> Consent:
    existing = selectors.access_needs_consent(actor)
    if existing:
        return existing
    consent = Consent.objects.create(user=actor, kind=Consent.Kind.ACCESS_NEEDS)
    audit.record_for_person(
        person=actor,
        actor=actor,
        verb="consent.create",
        obj=consent,
        summary=f"{actor} agreed to Equal Voice storing their access needs",
    )
    return consent


@transaction.atomic
def access_needs_consent_withdraw(*, actor: User) -> None:
    """Withdrawing consent deletes the access needs there and then."""
    consent = selectors.access_needs_consent(actor)
    if consent is None:
        return
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    AccessNeeds.objects.filter(user=actor).delete()
    audit.record_for_person(
        person=actor,
        actor=actor,
        verb="consent.withdraw",
        obj=consent,
        summary=f"{actor} withdrew consent; their access needs were deleted",
    )


ACCESS_NEEDS_FIELDS = [*AccessNeeds.NEEDS, "preferred_contact", "other"]


@transaction.atomic
def access_needs_save(*, actor: User, person: User, data: dict[str, object]) -> AccessNeeds:
    _require(actor, "core.change_access_needs", person)
    if selectors.access_needs_consent(person) is None:
        raise PermissionDenied("Consent is needed before access needs are stored.")
    needs, created = AccessNeeds.objects.get_or_create(user=person)
    for name in ACCESS_NEEDS_FIELDS:
        if name in data:
            setattr(needs, name, data[name])
    needs.updated_at = timezone.now()
    needs.save()
    # Never the details: only that something changed.
    audit.record_for_person(
        person=person,
        actor=actor,
        verb="access_needs.create" if created else "access_needs.update",
        obj=needs,
        summary=f"{person} {'saved' if created else 'changed'} their access needs",
    )
    return needs


# Display preferences (not special-category; not audited) ----------------------------


def preferences_update(*, user: User, text_size: str, high_contrast: bool, easy_read: bool) -> None:
    user.text_size, user.high_contrast, user.easy_read = text_size, high_contrast, easy_read
    user.save(update_fields=["text_size", "high_contrast", "easy_read"])


# The language a person chose -------------------------------------------------------


@transaction.atomic
def language_choose(*, actor: User, language: str) -> bool:
    """Keep the language a signed-in person chose with the language switch: their pages
    are in it once they sign in, anywhere, and so is every email they get
    (core/emails.py). Only a language offered now. True when it changed."""
    names = dict(settings.LANGUAGES)
    if language not in names:
        raise ValidationError(gettext("Choose a language from the list"), code="language")
    if actor.language == language:
        return False
    actor.language = language
    actor.save(update_fields=["language"])
    audit.record_for_person(
        person=actor,
        actor=actor,
        verb="user.language",
        obj=actor,
        summary=f"{actor} chose to read Equal Voice in {names[language]}",
    )
    return True


# Deleting an account (erasure) -------------------------------------------------------


def _sole_admin_of(person: User) -> list[Organisation]:
    """Organisations where the person is the only admin: deleting them would leave
    nobody to run it."""
    alone = []
    for om in OrgMembership.objects.filter(user=person, role=Role.ADMIN).select_related(
        "organisation"
    ):
        # Locked, so two admins cannot delete each other at the same moment.
        others = OrgMembership.objects.select_for_update().filter(
            organisation=om.organisation, role=Role.ADMIN
        )
        if not others.exclude(user=person).exists():
            alone.append(om.organisation)
    return alone


def _audit_keys_about(person: User) -> Q:
    """The audit events about this person: done by them or for them, or about their
    account, memberships, sign-in codes, consents, access needs or contributions."""
    about = Q(actor=person) | Q(on_behalf_of=person)
    owned = {
        "user": [person.pk],
        "orgmembership": OrgMembership.objects.filter(user=person).values_list("pk", flat=True),
        "membership": Membership.objects.filter(user=person).values_list("pk", flat=True),
        "signincode": SignInCode.objects.filter(user=person).values_list("pk", flat=True),
        "consent": Consent.objects.filter(user=person).values_list("pk", flat=True),
        "accessneeds": AccessNeeds.objects.filter(user=person).values_list("pk", flat=True),
        "contribution": Contribution.objects.filter(author=person).values_list("pk", flat=True),
    }
    for kind, pks in owned.items():
        about |= Q(object_type=kind, object_id__in=[str(pk) for pk in pks])
    return about


def _scrub_audit_log(person: User, organisations: list[Organisation]) -> None:
    """Take the person's name out of the audit events about them and of any event in
    their organisations that names them, and their email address out of every event.
    Which perspectives they held goes too. The events stay: the log still shows what
    changed and when."""
    mine = _audit_keys_about(person)
    their_perspectives = set(
        AuditEvent.objects.filter(mine, verb="perspectives.set").values_list("pk", flat=True)
    )
    about = mine
    if person.name:
        about |= Q(organisation__in=organisations, summary__contains=person.name)
    if person.email:
        about |= Q(summary__icontains=person.email)
    scrub = without_name(person)
    for event in AuditEvent.objects.filter(about).distinct():
        summary = scrub(event.summary)
        if event.pk in their_perspectives:
            summary = f"{FORMER_MEMBER}'s perspectives changed"
        if summary != event.summary:
            event.summary = summary
            event.save(update_fields=["summary"])


def _erase_in_other_apps(person: User) -> None:
    """Each later app that must delete something of a person's (not just show them as a
    former member) does so in an `erase_person(person)` method on its AppConfig."""
    from django.apps import apps

    for config in apps.get_app_configs():
        erase = getattr(config, "erase_person", None)
        if callable(erase):
            erase(person)


@transaction.atomic
def account_erase(*, actor: User, person: User) -> None:
    """Delete a person's account, at their request, by them or by an admin of every
    organisation they belong to (ADR 0003).

    Deleted: their name, email address, username and password; display settings; access
    needs and consents; organisation and group memberships with their perspectives;
    sign-in codes; two-step sign-in and recovery codes; their email address on
    invitations; and what other apps delete (`erase_person`). Their name and email
    address are taken out of the audit log.
    Kept, shown as "Former member": what they did in groups (contributions, ideas,
    votes, ratings, meeting records), so the group's record still adds up.
    Refused while they are the only admin of an organisation."""
    # Locked, so two requests at once cannot both go ahead.
    person = User.objects.select_for_update().get(pk=person.pk)
    if person.erased_at is not None:
        return
    _require(actor, "core.erase_account", person)
    alone = _sole_admin_of(person)
    if alone:
        names = ", ".join(o.name for o in alone)
        if actor.pk == person.pk:
            text = gettext(
                "You are the only admin of %(organisations)s. Make someone else an admin first:"
                " on their page in any of your groups, change their role in the organisation."
            )
        else:
            text = gettext(
                "%(person)s is the only admin of %(organisations)s. Make someone else an admin"
                " first: on their page in any of your groups, change their role in the"
                " organisation."
            )
        raise ValidationError(text % {"person": person, "organisations": names}, code="sole_admin")
    organisations = list(Organisation.objects.filter(people__user=person).distinct().order_by("pk"))
    by_themselves = actor.pk == person.pk
    _scrub_audit_log(person, organisations)
    _erase_in_other_apps(person)
    if person.email:
        waiting = Invitation.objects.filter(email__iexact=person.email, accepted_at__isnull=True)
        waiting.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        waiting.update(email="")
    Invitation.objects.filter(accepted_by=person).update(email="")
    AccessNeeds.objects.filter(user=person).delete()
    Consent.objects.filter(user=person).delete()
    SignInCode.objects.filter(user=person).delete()
    TwoStep.objects.filter(user=person).delete()
    RecoveryCode.objects.filter(user=person).delete()
    Membership.objects.filter(user=person).delete()
    OrgMembership.objects.filter(user=person).delete()  # and the perspectives they held
    belonging.forget()  # the deletes above call no model's delete()
    person.groups.clear()
    person.user_permissions.clear()
    person.name = FORMER_MEMBER
    person.username = unique_username(f"former-member-{get_random_string(8)}")
    person.email = None
    person.first_name = person.last_name = ""
    person.set_unusable_password()
    person.is_active = person.is_staff = person.is_superuser = False
    person.text_size = User.TextSize.STANDARD
    person.high_contrast = person.easy_read = False
    person.language = ""
    person.last_login = None
    person.erased_at = timezone.now()
    person.save()
    for organisation in organisations:
        audit.record(
            organisation=organisation,
            actor=None if by_themselves else actor,
            verb="user.erase",
            obj=person,
            summary="A person deleted their account"
            if by_themselves
            else f"{actor} deleted a person's account",
        )
