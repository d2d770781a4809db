"""Groups, memberships (with people who have no email address and their sign-in codes),
invitations and contributions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from .. import audit, selectors
from ..models import (
    LIVED_EXPERIENCE_QUORUM,
    Contribution,
    Group,
    Invitation,
    Membership,
    Organisation,
    OrgMembership,
    Perspective,
    SignInCode,
    User,
    hash_secret,
    normalise_code,
)
from ..permissions import require as _require
from ..tasks import send_invitation_email
from .organisations import _ensure_org_membership, unique_username

# Groups ----------------------------------------------------------------------------


def _unique_group_slug(organisation: Organisation, name: str, exclude: int | None = None) -> str:
    stem = slugify(name)[:50] or "group"
    slug, n = stem, 2
    others = Group.objects.filter(organisation=organisation)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    while others.filter(slug=slug).exists():
        slug, n = f"{stem}-{n}", n + 1
    return slug


@transaction.atomic
def group_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    kind: str,
    purpose: str = "",
    terms_of_reference: str = "",
    needed_perspectives: Iterable[Perspective] = (),
    lived_experience_quorum: int | None = None,
) -> Group:
    _require(actor, "core.create_group", organisation)
    group = Group.objects.create(
        organisation=organisation,
        name=name,
        slug=_unique_group_slug(organisation, name),
        kind=kind,
        purpose=purpose,
        terms_of_reference=terms_of_reference,
        lived_experience_quorum=LIVED_EXPERIENCE_QUORUM
        if lived_experience_quorum is None
        else lived_experience_quorum,
    )
    group.needed_perspectives.set(
        [p for p in needed_perspectives if p.organisation_id == organisation.pk]
    )
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="group.create",
        obj=group,
        summary=f"Group “{name}” created",
    )
    return group


@transaction.atomic
def group_update(
    *,
    actor: User,
    group: Group,
    name: str,
    kind: str,
    purpose: str,
    terms_of_reference: str,
    needed_perspectives: Iterable[Perspective],
    lived_experience_quorum: int | None = None,
) -> Group:
    _require(actor, "core.change_group", group)
    group.name, group.kind = name, kind
    group.purpose, group.terms_of_reference = purpose, terms_of_reference
    if lived_experience_quorum is not None:
        group.lived_experience_quorum = lived_experience_quorum
    group.save(
        update_fields=["name", "kind", "purpose", "terms_of_reference", "lived_experience_quorum"]
    )
    group.needed_perspectives.set(
        [p for p in needed_perspectives if p.organisation_id == group.organisation_id]
    )
    audit.record(
        organisation=group.organisation,
        actor=actor,
        verb="group.update",
        obj=group,
        summary=f"Group “{name}” changed",
    )
    return group


# Memberships -----------------------------------------------------------------------


@transaction.atomic
def membership_add(
    *, actor: User | None, group: Group, user: User, role: str = Membership.GroupRole.MEMBER
) -> Membership:
    """Add a person to a group. `actor=None` only for the operator's own tools."""
    if actor is not None:
        _require(actor, "core.manage_members", group)
    _ensure_org_membership(group.organisation, user, actor)
    membership, created = Membership.objects.get_or_create(
        group=group, user=user, defaults={"role": role}
    )
    if created:
        audit.record(
            organisation=group.organisation,
            actor=actor,
            verb="membership.create",
            obj=membership,
            summary=f"{user} added to {group} as {membership.get_role_display()}",
        )
    return membership


@transaction.atomic
def membership_set_role(*, actor: User, membership: Membership, role: str) -> Membership:
    _require(actor, "core.manage_members", membership.group)
    if role not in Membership.GroupRole.values:
        raise ValidationError({"role": gettext("Choose member or facilitator.")})
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(
        organisation=membership.group.organisation,
        actor=actor,
        verb="membership.update",
        obj=membership,
        summary=f"{membership.user} is now {membership.get_role_display()} of {membership.group}",
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    _require(actor, "core.manage_members", membership.group)
    group, user, pk = membership.group, membership.user, membership.pk
    membership.delete()
    membership.pk = pk
    audit.record(
        organisation=group.organisation,
        actor=actor,
        verb="membership.delete",
        obj=membership,
        summary=f"{user} removed from {group}",
    )


@transaction.atomic
def member_add_without_email(
    *, actor: User, group: Group, name: str, perspectives: Iterable[Perspective] = ()
) -> tuple[User, str]:
    """Add a person who has no email address. Returns the person and a one-time
    sign-in code for the facilitator to give them."""
    _require(actor, "core.manage_members", group)
    user = User.objects.create_user(username=unique_username(name), name=name)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    audit.record(
        organisation=group.organisation,
        actor=actor,
        verb="user.create",
        obj=user,
        summary=f"{name} added without an email address",
    )
    membership_add(actor=actor, group=group, user=user)
    chosen = [p for p in perspectives if p.organisation_id == group.organisation_id]
    if chosen:
        om = OrgMembership.objects.get(user=user, organisation=group.organisation)
        om.perspectives.set(chosen)
        audit.record(
            organisation=group.organisation,
            actor=actor,
            verb="perspectives.set",
            obj=om,
            on_behalf_of=user,
            summary=f"{name} holds these perspectives: {', '.join(p.name for p in chosen)}",
        )
    code = sign_in_code_issue(actor=actor, group=group, person=user)
    return user, code


@transaction.atomic
def sign_in_code_issue(*, actor: User, group: Group, person: User) -> str:
    """A new one-time code; any older unused code for the person stops working."""
    _require(actor, "core.manage_members", group)
    if not Membership.objects.filter(group=group, user=person).exists():
        raise PermissionDenied("Not a member of this group.")
    # A code lets whoever holds it in as the person: only for people who have no other
    # way in, or a facilitator could sign in as anyone in their group, admins included.
    if person.has_email or person.has_usable_password():
        raise PermissionDenied("Sign-in codes are only for people with no email address.")
    SignInCode.objects.filter(user=person, used_at__isnull=True).update(used_at=timezone.now())
    code = SignInCode.new_code()
    record = SignInCode.objects.create(
        user=person,
        code_hash=hash_secret(normalise_code(code)),
        created_by=actor,
        expires_at=timezone.now() + timedelta(hours=settings.EQUALVOICE_SIGN_IN_CODE_HOURS),
    )
    audit.record(
        organisation=group.organisation,
        actor=actor,
        verb="sign_in_code.create",
        obj=record,
        on_behalf_of=person,
        summary=f"Sign-in code made for {person}",
    )
    return code


@transaction.atomic
def sign_in_code_redeem(*, code: str) -> User | None:
    """Use a one-time code. Returns the person, or None if the code is wrong or spent."""
    found = (
        SignInCode.objects.select_for_update()
        .usable()
        .filter(code_hash=hash_secret(normalise_code(code)))
        .select_related("user")
        .first()
    )
    if found is None or not found.user.is_active:
        return None
    found.used_at = timezone.now()
    found.save(update_fields=["used_at"])
    audit.record_for_person(
        person=found.user,
        actor=found.user,
        verb="sign_in_code.use",
        obj=found,
        summary=f"{found.user} signed in with a one-time code",
    )
    return found.user


# Invitations -----------------------------------------------------------------------


def _new_invitation_token(invitation: Invitation) -> str:
    token = Invitation.new_token()
    invitation.token_hash = hash_secret(token)
    invitation.save(update_fields=["token_hash"])
    return token


@transaction.atomic
def invitation_create(*, actor: User, group: Group, email: str = "") -> tuple[Invitation, str]:
    """An invitation by email or as a one-time link to share.

    A link invitation returns its token to show once. An email invitation returns an
    empty token: the background task makes the token as it sends the email, so no
    secret ever sits in the task queue. Only a hash of any token is stored."""
    _require(actor, "core.manage_members", group)
    invitation = Invitation.objects.create(
        group=group,
        email=email,
        # Unusable until a token is made: nobody knows a preimage of a random hash.
        token_hash=hash_secret(Invitation.new_token() + "-unsent"),
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.EQUALVOICE_INVITATION_DAYS),
    )
    audit.record(
        organisation=group.organisation,
        actor=actor,
        verb="invitation.create",
        obj=invitation,
        summary=f"Invitation to {group} " + (f"sent to {email}" if email else "made as a link"),
    )
    if email:
        transaction.on_commit(lambda: send_invitation_email.enqueue(invitation_id=invitation.pk))
        return invitation, ""
    return invitation, _new_invitation_token(invitation)


@transaction.atomic
def invitation_token_for_email(*, invitation_id: int) -> tuple[Invitation, str] | None:
    """Make the token for an email invitation as it is sent (called by the task)."""
    invitation = (
        # Lock only the invitation: PostgreSQL cannot lock the nullable side of a join.
        Invitation.objects.select_for_update(of=("self",))
        .usable()
        .select_related("group__organisation", "created_by")
        .filter(pk=invitation_id)
        .exclude(email="")
        .first()
    )
    if invitation is None:
        return None
    return invitation, _new_invitation_token(invitation)


@transaction.atomic
def invitation_accept(*, user: User, token: str) -> Membership:
    invitation = (
        Invitation.objects.select_for_update().usable().filter(token_hash=hash_secret(token))
    ).first()
    if invitation is None:
        raise ValidationError(gettext("This invitation has already been used or has run out."))
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _ensure_org_membership(invitation.group.organisation, user, user)
    membership, created = Membership.objects.get_or_create(group=invitation.group, user=user)
    if created:
        audit.record(
            organisation=invitation.group.organisation,
            actor=user,
            verb="membership.create",
            obj=membership,
            summary=f"{user} joined {invitation.group} from an invitation",
        )
    return membership


@transaction.atomic
def invitation_accept_new_person(*, name: str, email: str, password: str, token: str) -> User:
    """A new account, made by someone accepting an invitation, and their membership:
    both or neither."""
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": gettext("There is already an account with this email address.")}
        )
    if selectors.invitation_by_token(token) is None:
        raise ValidationError(gettext("This invitation has already been used or has run out."))
    user = User.objects.create_user(
        username=unique_username(email.split("@")[0]), email=email, password=password, name=name
    )
    membership = invitation_accept(user=user, token=token)
    audit.record(
        organisation=membership.group.organisation,
        actor=user,
        verb="user.create",
        obj=user,
        summary=f"{name} made an account from an invitation",
    )
    return user


# Contributions ---------------------------------------------------------------------


@transaction.atomic
def contribution_create(
    *,
    actor: User,
    group: Group,
    text: str,
    on_behalf_of: User | None = None,
    consent_confirmed: bool = False,
) -> Contribution:
    """A member's contribution. A facilitator may enter it for a member (supported
    participation) only with the member's consent, and the record shows who entered it."""
    if on_behalf_of is None or on_behalf_of.pk == actor.pk:
        _require(actor, "core.contribute", group)
        contribution = Contribution.objects.create(group=group, author=actor, text=text)
        audit.record(
            organisation=group.organisation,
            actor=actor,
            verb="contribution.create",
            obj=contribution,
            summary=f"{actor} added a contribution to {group}",
        )
        return contribution
    _require(actor, "core.contribute_on_behalf", group)
    if not Membership.objects.filter(group=group, user=on_behalf_of).exists():
        raise ValidationError({"on_behalf_of": gettext("Choose a member of this group.")})
    if not consent_confirmed:
        raise ValidationError(
            {
                "consent_confirmed": gettext(
                    "Confirm that the member agreed to you entering this for them."
                )
            }
        )
    contribution = Contribution.objects.create(
        group=group, author=on_behalf_of, entered_by=actor, consent_confirmed=True, text=text
    )
    audit.record(
        organisation=group.organisation,
        actor=actor,
        verb="contribution.create",
        obj=contribution,
        on_behalf_of=on_behalf_of,
        summary=f"{actor} entered a contribution for {on_behalf_of} in {group}, with consent",
    )
    return contribution
