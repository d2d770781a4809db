"""Reads with rules for meetings: what a person may see, what carries forward, access
totals for facilitators, and the voice balance."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from equalvoice.core import selectors as core
from equalvoice.core.models import AccessNeeds, Consent, Group, OrgMembership, User

from . import balance
from .models import Meeting, MeetingAction, Registration


def meetings_for_group(group: Group) -> QuerySet[Meeting]:
    return Meeting.objects.filter(group=group).select_related("organisation", "group")


def meeting_for(user: User, org_slug: str, pk: int) -> Meeting:
    organisation = core.organisation_for(user, org_slug)
    found = (
        Meeting.objects.filter(pk=pk, group__in=core.groups_visible_to(user, organisation))
        .select_related("organisation", "group")
        .first()
    )
    if found is None:
        raise Http404("No such meeting")
    return found


def carried_actions(meeting: Meeting) -> QuerySet[MeetingAction]:
    """Open actions from the group's earlier meetings: they go on this agenda."""
    return MeetingAction.objects.filter(
        meeting__group_id=meeting.group_id,
        meeting__starts_at__lt=meeting.starts_at,
        status=MeetingAction.Status.OPEN,
    ).select_related("meeting")


def access_totals(meeting: Meeting) -> list[str]:
    """How many people coming need each kind of support, from the profiles of those who
    agreed to share them and still consent to us keeping them. Never whose they are."""
    sharing = Registration.objects.filter(
        meeting=meeting, coming=True, share_access_needs=True
    ).values("person_id")
    consenting = Consent.objects.filter(
        kind=Consent.Kind.ACCESS_NEEDS, withdrawn_at__isnull=True
    ).values("user_id")
    needs = AccessNeeds.objects.filter(user_id__in=sharing).filter(user_id__in=consenting)
    fields = {f.name: str(f.verbose_name) for f in AccessNeeds._meta.fields}
    labels = {name: fields[name] for name in AccessNeeds.NEEDS}
    rows = [{name: getattr(n, name) for name in AccessNeeds.NEEDS} for n in needs]
    return balance.access_totals(rows, labels)


@dataclass
class Voice:
    balance: balance.Balance
    names: dict[int, str]
    people: list[User]

    @property
    def waiting(self) -> list[tuple[int, str]]:
        return [(p, self.names[p]) for p in self.balance.not_yet_spoken]


def voice(meeting: Meeting) -> Voice:
    """The voice balance: people marked as here (or, before anyone is marked, everyone
    coming), each perspective's share, and the go-round of who has not spoken yet."""
    registrations = meeting.registrations.select_related("person")
    here = [r for r in registrations if r.attended]
    if not here:
        here = [r for r in registrations if r.coming and r.attended is None]
    people = [r.person for r in here]
    places = OrgMembership.objects.filter(
        organisation_id=meeting.organisation_id, user__in=people
    ).prefetch_related("perspectives")
    perspectives = {om.user_id: [p.name for p in om.perspectives.all()] for om in places}
    present = {p.pk: perspectives.get(p.pk, []) for p in people}
    spoken = list(meeting.speaking.values_list("person_id", flat=True))
    order = [p.pk for p in sorted(people, key=lambda p: p.name)]
    return Voice(
        balance=balance.balance(present, spoken, order),
        names={p.pk: p.name for p in people},
        people=sorted(people, key=lambda p: p.name),
    )
