"""Reads with rules for meetings: what a person may see, what carries forward, access
totals for facilitators, and the voice balance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from equalvoice.core import selectors as core
from equalvoice.core import waiting
from equalvoice.core.models import AccessNeeds, Consent, Group, OrgMembership, User

from . import balance
from .models import Meeting, MeetingAction, Paper, Registration

if TYPE_CHECKING:
    from equalvoice.community.models import Asset


def meetings_for_group(group: Group) -> QuerySet[Meeting]:
    return Meeting.objects.filter(group=group).select_related("organisation", "group")


def meeting_for(user: User, org_slug: str, pk: int) -> Meeting:
    rows = core.in_groups_visible_to(user, org_slug, Meeting.objects.filter(pk=pk))
    rows = rows.select_related("organisation", "group", "venue")
    return core.first_or_404(rows, "No such meeting")


def registrations_for(meeting: Meeting) -> QuerySet[Registration]:
    return meeting.registrations.select_related("person")


def registration_of(meeting: Meeting, person: User) -> Registration | None:
    """The person's own answer to whether they are coming, if they gave one."""
    return meeting.registrations.filter(person=person).first()


def people_who_came(meeting: Meeting) -> list[User]:
    """The people marked as here."""
    return [r.person for r in registrations_for(meeting).filter(attended=True)]


def papers_for(meeting: Meeting) -> QuerySet[Paper]:
    return meeting.papers.select_related("agenda_item")


def paper_in(meeting: Meeting, pk: int) -> Paper:
    return core.first_or_404(Paper.objects.filter(pk=pk, meeting=meeting), "No such paper")


def action_in_group(meeting: Meeting, pk: int) -> MeetingAction:
    """An action from any meeting of this meeting's group: actions carry forward, so an
    earlier meeting's action can be changed from a later one."""
    return core.first_or_404(
        MeetingAction.objects.filter(pk=pk, meeting__group_id=meeting.group_id), "No such action"
    )


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


def voice_so_far(meeting: Meeting) -> Voice | None:
    """The voice balance once someone has spoken; None before."""
    return voice(meeting) if meeting.speaking.exists() else None


# What is waiting on the home page (core.waiting)

COMING_UP_DAYS = 28
PAPERS_SOON_DAYS = 7
MOST_PAPERS_DUE_DAYS = 60  # the meeting form's limit


def meetings_coming_up(viewer: waiting.Viewer) -> QuerySet[Meeting]:
    """Meetings of the person's groups in the next `COMING_UP_DAYS`, unless they said
    they are not coming; each with `paper_count`, `easy_paper_count` and `registered`."""
    mine = Registration.objects.filter(meeting_id=OuterRef("pk"), person=viewer.user)
    papers = Paper.objects.filter(meeting_id=OuterRef("pk"))
    return (
        Meeting.objects.filter(
            group_id__in=viewer.groups,
            organisation_id__in=viewer.organisation_ids,
            starts_at__gte=viewer.now,
            starts_at__lte=viewer.now + timedelta(days=COMING_UP_DAYS),
        )
        .exclude(Exists(mine.filter(coming=False)))
        .annotate(
            paper_count=waiting.count_of(papers),
            easy_paper_count=waiting.count_of(papers.exclude(easy_read_file="")),
            registered=Exists(mine),
        )
        .select_related("organisation")
        .order_by("starts_at", "pk")
    )


def meetings_with_papers_late(viewer: waiting.Viewer) -> list[Meeting]:
    """Meetings still to come, of groups the person runs (`meetings.run`), with no papers
    yet, whose papers were due or are due within `PAPERS_SOON_DAYS`."""
    soon = viewer.today + timedelta(days=PAPERS_SOON_DAYS)
    found = (
        Meeting.objects.filter(
            Q(organisation_id__in=viewer.admin_of) | Q(group_id__in=viewer.runs),
            organisation_id__in=viewer.organisation_ids,
            starts_at__gt=viewer.now,
            starts_at__lte=viewer.now + timedelta(days=PAPERS_SOON_DAYS + MOST_PAPERS_DUE_DAYS + 1),
        )
        .exclude(Exists(Paper.objects.filter(meeting_id=OuterRef("pk"))))
        .select_related("organisation")
        .order_by("starts_at", "pk")
    )
    return [m for m in found if timezone.localdate(m.papers_due_at) <= soon]


def _papers_words(meeting: Meeting) -> str:
    count: int = meeting.paper_count  # type: ignore[attr-defined]
    easy: int = meeting.easy_paper_count  # type: ignore[attr-defined]
    if not count:
        return "The papers are not out yet."
    words = "There is 1 paper" if count == 1 else f"There are {count} papers"
    if easy == count:
        return f"{words} to read, in easy read too."
    if easy:
        return f"{words} to read, {easy} in easy read."
    return f"{words} to read."


def waiting_for(viewer: waiting.Viewer) -> list[waiting.Waiting]:
    """Meetings coming up, with their papers; for those who run them, papers late."""
    items = []
    for m in meetings_coming_up(viewer):
        day = waiting.day(timezone.localdate(m.starts_at), viewer.today)
        on = f"{day} at {waiting.time_of_day(m.starts_at)}"
        papers = _papers_words(m)
        coming = "" if m.registered else "Say if you are coming."  # type: ignore[attr-defined]
        items.append(
            waiting.Waiting(
                kind="meeting",
                title=f"Get ready for “{m.title}” on {on}",
                note=f"{papers} {coming}".strip(),
                easy_title=f"Get ready for the meeting “{m.title}”.",
                easy_notes=tuple(w for w in (f"It is on {on}.", papers, coming) if w),
                url=m.get_absolute_url(),
                organisation=m.organisation,
                due=timezone.localdate(m.starts_at),
                rank=40,
                icon="meeting",
            )
        )
    if not viewer.runs_anything:
        return items
    for m in meetings_with_papers_late(viewer):
        due = timezone.localdate(m.papers_due_at)
        when = waiting.day(due, viewer.today)
        meeting_on = waiting.day(timezone.localdate(m.starts_at), viewer.today)
        late = m.papers_due_at <= viewer.now
        items.append(
            waiting.Waiting(
                kind="papers-late",
                title=(
                    f"Add the papers for “{m.title}”: they were due on {when}"
                    if late
                    else f"Add the papers for “{m.title}” by {when}"
                ),
                note=(
                    f"The meeting is on {meeting_on}. People need time to read the papers "
                    "and get support, so add easy read versions too."
                ),
                easy_title=f"Add the papers for “{m.title}”.",
                easy_notes=(
                    "They are late." if late else f"Do it by {when}.",
                    f"The meeting is on {meeting_on}.",
                ),
                url=reverse("paper-add", args=[m.organisation.slug, m.pk]),
                organisation=m.organisation,
                due=due,
                rank=10,
                running=True,
                icon="papers",
            )
        )
    return items


def venues_in(meeting: Meeting) -> QuerySet[Asset]:
    """The places on the organisation's community map a meeting can be at."""
    from equalvoice.community.selectors import shown

    return shown(meeting.organisation).order_by("name", "id")
