"""Reads with rules: what a person may see. Anything outside a person's organisations
is reported as not found (404), never as forbidden, so nothing leaks across tenants."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404

from . import belonging
from .models import (
    AccessNeeds,
    AuditEvent,
    Consent,
    Contribution,
    Group,
    Invitation,
    Membership,
    Organisation,
    OrgMembership,
    Perspective,
    RecoveryCode,
    Role,
    TwoStep,
    User,
    hash_secret,
)
from .waiting import Viewer

M = TypeVar("M", bound=Model)


def first_or_404(rows: QuerySet[M], message: str) -> M:
    """The first of the rows, or "not found" (404) when there are none: how every
    `…_in` and `…_for` selector turns an id the person sent into a row they may see."""
    found = rows.first()
    if found is None:
        raise Http404(message)
    return found


def minimum_group_size() -> int:
    """The smallest group shown broken down anywhere (`EQUALVOICE_MIN_GROUP_SIZE`)."""
    from django.conf import settings

    return max(1, int(settings.EQUALVOICE_MIN_GROUP_SIZE))


def organisations_for(user: User) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(people__user=user)


def organisation_or_none(user: User, slug: str) -> Organisation | None:
    """One of the person's organisations by its slug, or None. In a request, read with
    the signed-in person's roles (core/belonging.py)."""
    if user.is_authenticated:
        remembering, found = belonging.organisation_by_slug(user.pk, slug)
        if remembering:
            return found
    return organisations_for(user).filter(slug=slug).first()


def organisation_for(user: User, slug: str) -> Organisation:
    org = organisation_or_none(user, slug)
    if org is None:
        raise Http404("No such organisation")
    return org


def groups_visible_to(user: User, organisation: Organisation) -> QuerySet[Group]:
    """Every group of the organisation for its admins; otherwise the groups the person is
    in. The person's groups are picked by a subquery, not a join on memberships, so a
    count over memberships added later (`groups_with_counts`) still counts everyone."""
    groups = Group.objects.filter(organisation=organisation)
    if belonging.in_organisation(user.pk, organisation.pk, Role.ADMIN):
        return groups
    return groups.filter(pk__in=Membership.objects.filter(user=user).values("group_id"))


def in_groups_visible_to(user: User, org_slug: str, rows: QuerySet[M]) -> QuerySet[M]:
    """Only those of the rows (things that belong to a group: decisions, meetings, ideas,
    conversations) in groups the person may see, in the organisation named in the
    address. An organisation they are not in is "not found"."""
    organisation = organisation_for(user, org_slug)
    return rows.filter(group__in=groups_visible_to(user, organisation))


def group_for(user: User, org_slug: str, group_slug: str) -> Group:
    org = organisation_for(user, org_slug)
    group = (
        groups_visible_to(user, org).select_related("organisation").filter(slug=group_slug).first()
    )
    if group is None:
        raise Http404("No such group")
    return group


def membership_in(group: Group, user_id: int) -> Membership:
    membership = Membership.objects.select_related("user").filter(group=group, user_id=user_id)
    return first_or_404(membership, "No such member")


def people_in_group(group: Group | int) -> QuerySet[User]:
    """The people in a group (a `Group` or its id), by name: the one query every app uses
    to list, choose or tell a group's members. Filter it further, never write it again."""
    return User.objects.filter(memberships__group=group).order_by("name", "pk")


def person_in_group(group: Group | int, pk: object) -> User:
    """One member of the group by the id a form sent (any text); anyone else, or an id
    that is not a number, is not found."""
    wanted = str(pk or "")
    found = people_in_group(group).filter(pk=int(wanted)).first() if wanted.isdecimal() else None
    if found is None:
        raise Http404("Not in the group")
    return found


def people_in_organisation(organisation: Organisation) -> QuerySet[User]:
    """Everyone with a place in the organisation, by name."""
    return User.objects.filter(org_memberships__organisation=organisation).order_by("name", "pk")


def org_membership(user: User, organisation: Organisation) -> OrgMembership | None:
    return OrgMembership.objects.filter(user=user, organisation=organisation).first()


def perspectives_in(organisation: Organisation) -> QuerySet[Perspective]:
    return Perspective.objects.filter(organisation=organisation)


def perspective_in(organisation: Organisation, pk: int) -> Perspective:
    return first_or_404(perspectives_in(organisation).filter(pk=pk), "No such perspective")


def perspectives_of(membership: Membership) -> list[Perspective]:
    """The perspectives a group member holds in the group's organisation."""
    return list(
        Perspective.objects.filter(
            holders__user_id=membership.user_id,
            holders__organisation_id=membership.group.organisation_id,
        )
    )


@dataclass(frozen=True)
class Member:
    """A group member as lists show them: a light row, not a model instance."""

    user_id: int
    name: str
    is_facilitator: bool


@dataclass
class PerspectiveRow:
    perspective: Perspective | None
    count: int = 0
    needed: bool = False
    members: list[Member] = field(default_factory=list)


@dataclass
class Diversity:
    rows: list[PerspectiveRow]
    total: int
    lived_experience_count: int

    @property
    def missing(self) -> list[Perspective]:
        return [r.perspective for r in self.rows if r.needed and r.count == 0 and r.perspective]

    @property
    def no_lived_experience(self) -> bool:
        return self.lived_experience_count == 0


def _held_in_group(group: Group) -> QuerySet[Any]:
    """(user, perspective) pairs for the group's members, in the group's organisation."""
    through = OrgMembership.perspectives.through
    return through.objects.filter(
        orgmembership__organisation_id=group.organisation_id,
        orgmembership__user__memberships__group=group,
    )


def group_diversity(group: Group, with_members: bool = False) -> Diversity:
    """Members by perspective, beside the perspectives the group says it needs. A person
    with several perspectives counts under each, and once in the total. Counted in the
    database, in a fixed number of queries however big the group; `with_members` also
    lists who is under each perspective (one more query)."""
    perspectives = list(Perspective.objects.filter(organisation_id=group.organisation_id))
    needed_ids = set(group.needed_perspectives.values_list("id", flat=True))
    pairs = list(_held_in_group(group).values_list("orgmembership__user_id", "perspective_id"))
    lived_ids = {p.id for p in perspectives if p.lived_experience}
    rows = {p.id: PerspectiveRow(p, needed=p.id in needed_ids) for p in perspectives}
    by_user: dict[int, set[int]] = {}
    for user_id, perspective_id in pairs:
        by_user.setdefault(user_id, set()).add(perspective_id)
        rows[perspective_id].count += 1
    unstated = PerspectiveRow(None)
    if with_members:
        members = Membership.objects.filter(group=group).order_by("user__name", "user_id")
        listed = list(members.values_list("user_id", "user__name", "role"))
        total = len(listed)
        for user_id, name, role in listed:
            member = Member(user_id, name, role == Membership.GroupRole.FACILITATOR)
            held = by_user.get(user_id, set())
            for perspective_id in held:
                rows[perspective_id].members.append(member)
            if not held:
                unstated.members.append(member)
    else:
        total = Membership.objects.filter(group=group).count()
    unstated.count = total - len(by_user)
    shown = [r for r in rows.values() if r.count or r.needed]
    if unstated.count:
        shown.append(unstated)
    lived = sum(1 for held in by_user.values() if held & lived_ids)
    return Diversity(rows=shown, total=total, lived_experience_count=lived)


def facilitators_of(group: Group) -> QuerySet[Membership]:
    return Membership.objects.filter(
        group=group, role=Membership.GroupRole.FACILITATOR
    ).select_related("user")


def contributions_for(group: Group) -> QuerySet[Contribution]:
    return Contribution.objects.filter(group=group).select_related("author", "entered_by")


def contribution_in(group: Group, pk: int) -> Contribution:
    return first_or_404(contributions_for(group).filter(pk=pk), "No such contribution")


def audit_events_for(organisation: Organisation) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(organisation=organisation).select_related(
        "actor", "on_behalf_of"
    )


def groups_with_counts(groups: QuerySet[Group]) -> QuerySet[Group]:
    return groups.annotate(member_count=Count("memberships", distinct=True))


def groups_by_organisation(viewer: Viewer) -> list[tuple[Organisation, list[Group]]]:
    """Each of the person's organisations, by name, with the groups they may see in it
    (`groups_visible_to`), each with `member_count`: one query for them all, however
    many organisations and groups."""
    organisations = viewer.organisations
    visible = Q(organisation_id__in=viewer.admin_of) | Q(
        organisation_id__in=viewer.organisation_ids, pk__in=viewer.groups
    )
    by_organisation: dict[int, list[Group]] = {pk: [] for pk in organisations}
    # In the order they were made, as the page has always shown them: a count drops the
    # model's order by name (Django leaves Meta.ordering out of GROUP BY queries).
    for group in groups_with_counts(Group.objects.filter(visible)).order_by("pk"):
        group.organisation = organisations[group.organisation_id]
        by_organisation[group.organisation_id].append(group)
    return [(organisations[pk], groups) for pk, groups in by_organisation.items()]


def personal_data(person: User) -> dict[str, object]:
    """Everything Equal Voice holds about one person, for a subject access request."""
    needs = access_needs_of(person)
    return {
        "person": {
            "name": person.name,
            "email": person.email,
            "username": person.username,
            "joined": person.date_joined.isoformat(),
            # Whether it is on; the key and the recovery codes are never given out.
            "two_step_sign_in": has_two_step(person),
            "display": {
                "text_size": person.text_size,
                "high_contrast": person.high_contrast,
                "easy_read": person.easy_read,
            },
            # The language they chose with the switch ("" if they never chose).
            "language": person.language,
        },
        "organisations": [
            {
                "organisation": om.organisation.name,
                "role": om.get_role_display(),
                "perspectives": [p.name for p in om.perspectives.all()],
            }
            for om in person.org_memberships.select_related("organisation").prefetch_related(
                "perspectives"
            )
        ],
        "groups": [
            {
                "group": m.group.name,
                "organisation": m.group.organisation.name,
                "role": m.get_role_display(),
                "joined": m.joined_at.isoformat(),
            }
            for m in person.memberships.select_related("group__organisation")
        ],
        "contributions": [
            {
                "group": c.group.name,
                "text": c.text,
                "at": c.created_at.isoformat(),
                "written_for_you_by": c.entered_by.name
                if c.is_supported and c.entered_by
                else None,
            }
            for c in Contribution.objects.filter(author=person).select_related(
                "group", "entered_by"
            )
        ],
        "access_needs": None
        if needs is None
        else {
            **{name: getattr(needs, name) for name in AccessNeeds.NEEDS},
            "preferred_contact": needs.preferred_contact,
            "other": needs.other,
        },
        "consents": [
            {
                "kind": c.get_kind_display(),
                "given": c.given_at.isoformat(),
                "withdrawn": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in person.consents.all()
        ],
        "audit_log": [
            {"at": e.created_at.isoformat(), "what": e.summary}
            for e in AuditEvent.objects.filter(Q(actor=person) | Q(on_behalf_of=person))
            .order_by("created_at", "id")
            .distinct()
        ],
        **_from_other_apps(person),
    }


def _from_other_apps(person: User) -> dict[str, object]:
    """Each later app that holds something about a person says what, through a
    `personal_data(person)` method on its AppConfig, so core need not know the apps."""
    from django.apps import apps

    found: dict[str, object] = {}
    for config in apps.get_app_configs():
        collect = getattr(config, "personal_data", None)
        if callable(collect):
            found.update(collect(person))
    return found


def invitation_by_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.usable()
        .select_related("group__organisation")
        .filter(token_hash=hash_secret(token))
        .first()
    )


def access_needs_of(person: User) -> AccessNeeds | None:
    """The person's access needs, if they have told us any. Callers check first that the
    one asking may see them (`core.view_access_needs`)."""
    return AccessNeeds.objects.filter(user=person).first()


def access_needs_consent(person: User) -> Consent | None:
    return Consent.objects.filter(
        user=person, kind=Consent.Kind.ACCESS_NEEDS, withdrawn_at__isnull=True
    ).first()


def has_two_step(person: User) -> bool:
    """Whether the person has two-step sign-in turned on."""
    return TwoStep.objects.filter(user=person).exists()


def recovery_codes_left(person: User) -> int:
    return RecoveryCode.objects.filter(user=person, used_at__isnull=True).count()


def person_by_email(email: str) -> User | None:
    """The person with this email address, for signing in."""
    return User.objects.filter(email__iexact=email).first()


def person_by_id(pk: object) -> User | None:
    """An active person by id, for the second step of signing in."""
    if not isinstance(pk, int):
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def welsh_object_for(user: User, key: str, pk: int) -> Model:
    """What someone wrote that can have a Welsh version (core.bilingual), as `user` may
    reach it: 404 for an unknown kind or id, and for another organisation's writing."""
    from . import bilingual

    kind = bilingual.kind(key)
    if kind is None:
        raise Http404("No such kind")
    obj = kind.model._default_manager.filter(pk=pk).first()
    if (
        obj is None
        or not OrgMembership.objects.filter(
            user=user, organisation_id=kind.organisation_id(obj)
        ).exists()
    ):
        raise Http404("Not found")
    return obj
