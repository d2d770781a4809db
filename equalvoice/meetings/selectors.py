"""Reads with rules for meetings: what a person may see, what carries forward, access
totals for facilitators, and the voice balance."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from equalvoice.core import selectors as core
from equalvoice.core import waiting
from equalvoice.core.models import AccessNeeds, Consent, Group, Organisation, OrgMembership, User
from equalvoice.recognition import sources

from . import balance, places
from .models import Meeting, MeetingAction, Paper, Registration, SignUp, Workshop, WorkshopPlace

if TYPE_CHECKING:
    from equalvoice.community.models import Asset


def meetings_for_group(group: Group) -> QuerySet[Meeting]:
    return Meeting.objects.filter(group=group).select_related("organisation", "group")


def meeting_for(user: User, org_slug: str, pk: int) -> Meeting:
    rows = core.in_groups_visible_to(user, org_slug, Meeting.objects.filter(pk=pk))
    rows = rows.select_related("organisation", "group", "venue__organisation")
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
    return balance.access_totals(rows, labels, _need_line)


def _need_line(label: str, count: int) -> str:
    return ngettext("%(need)s: %(count)s person", "%(need)s: %(count)s people", count) % {
        "need": label,
        "count": count,
    }


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
        balance=balance.balance(present, spoken, order, no_perspective=_(balance.NO_PERSPECTIVE)),
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


def _meetings_in_the_next_weeks(viewer: waiting.Viewer) -> QuerySet[Meeting]:
    """Meetings of the person's groups in the next `COMING_UP_DAYS`."""
    return Meeting.objects.filter(
        group_id__in=viewer.groups,
        organisation_id__in=viewer.organisation_ids,
        starts_at__gte=viewer.now,
        starts_at__lte=viewer.now + timedelta(days=COMING_UP_DAYS),
    )


def meetings_coming_up(viewer: waiting.Viewer) -> QuerySet[Meeting]:
    """Meetings of the person's groups in the next `COMING_UP_DAYS`, unless they said
    they are not coming; each with `paper_count`, `easy_paper_count` and `registered`."""
    mine = Registration.objects.filter(meeting_id=OuterRef("pk"), person=viewer.user)
    papers = Paper.objects.filter(meeting_id=OuterRef("pk"))
    return (
        _meetings_in_the_next_weeks(viewer)
        .exclude(Exists(mine.filter(coming=False)))
        .annotate(
            paper_count=waiting.count_of(papers),
            easy_paper_count=waiting.count_of(papers.exclude(easy_read_file="")),
            registered=Exists(mine),
        )
        .select_related("organisation")
        .order_by("starts_at", "pk")
    )


def _meetings_run_without_papers(viewer: waiting.Viewer) -> QuerySet[Meeting]:
    """Meetings still to come (whose papers may be due), of groups the person runs
    (`meetings.run`), with no papers yet."""
    return Meeting.objects.filter(
        Q(organisation_id__in=viewer.admin_of) | Q(group_id__in=viewer.runs),
        organisation_id__in=viewer.organisation_ids,
        starts_at__gt=viewer.now,
        starts_at__lte=viewer.now + timedelta(days=PAPERS_SOON_DAYS + MOST_PAPERS_DUE_DAYS + 1),
    ).exclude(Exists(Paper.objects.filter(meeting_id=OuterRef("pk"))))


def waiting_questions(viewer: waiting.Viewer) -> dict[str, QuerySet[Meeting]]:
    """Asked first (core.waiting), of those who run meetings: any meeting to come with no
    papers. (Meetings coming up are read straight away: most people have one.)"""
    if not viewer.runs_anything:
        return {}
    return {"papers-late": _meetings_run_without_papers(viewer)}


def meetings_with_papers_late(viewer: waiting.Viewer) -> list[Meeting]:
    """Meetings still to come, of groups the person runs (`meetings.run`), with no papers
    yet, whose papers were due or are due within `PAPERS_SOON_DAYS`."""
    soon = viewer.today + timedelta(days=PAPERS_SOON_DAYS)
    found = (
        _meetings_run_without_papers(viewer)
        .select_related("organisation")
        .order_by("starts_at", "pk")
    )
    return [m for m in found if timezone.localdate(m.papers_due_at) <= soon]


def _papers_words(meeting: Meeting) -> str:
    count: int = meeting.paper_count  # type: ignore[attr-defined]
    easy: int = meeting.easy_paper_count  # type: ignore[attr-defined]
    if not count:
        return _("The papers are not out yet.")
    if easy == count:
        words = ngettext(
            "There is %(count)s paper to read, in easy read too.",
            "There are %(count)s papers to read, in easy read too.",
            count,
        )
    elif easy:
        words = ngettext(
            "There is %(count)s paper to read, %(easy)s in easy read.",
            "There are %(count)s papers to read, %(easy)s in easy read.",
            count,
        )
    else:
        words = ngettext(
            "There is %(count)s paper to read.", "There are %(count)s papers to read.", count
        )
    return words % {"count": count, "easy": easy}


def waiting_for(viewer: waiting.Viewer) -> list[waiting.Waiting]:
    """Meetings coming up, with their papers; for those who run them, papers late."""
    items = []
    coming_up = meetings_coming_up(viewer) if viewer.may_have("meeting") else []
    for m in coming_up:
        day = waiting.day(timezone.localdate(m.starts_at), viewer.today)
        on = _("%(day)s at %(time)s") % {"day": day, "time": waiting.time_of_day(m.starts_at)}
        papers = _papers_words(m)
        coming = "" if m.registered else _("Say if you are coming.")  # type: ignore[attr-defined]
        items.append(
            waiting.Waiting(
                kind="meeting",
                title=_("Get ready for “%(title)s” on %(on)s") % {"title": m.title, "on": on},
                note=f"{papers} {coming}".strip(),
                easy_title=_("Get ready for the meeting “%(title)s”.") % {"title": m.title},
                easy_notes=tuple(
                    w for w in (_("It is on %(on)s.") % {"on": on}, papers, coming) if w
                ),
                url=m.get_absolute_url(),
                organisation=m.organisation,
                due=timezone.localdate(m.starts_at),
                rank=40,
                icon="meeting",
            )
        )
    if not viewer.runs_anything or not viewer.may_have("papers-late"):
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
                    _("Add the papers for “%(title)s”: they were due on %(when)s")
                    if late
                    else _("Add the papers for “%(title)s” by %(when)s")
                )
                % {"title": m.title, "when": when},
                note=_(
                    "The meeting is on %(on)s. People need time to read the papers "
                    "and get support, so add easy read versions too."
                )
                % {"on": meeting_on},
                easy_title=_("Add the papers for “%(title)s”.") % {"title": m.title},
                easy_notes=(
                    _("They are late.") if late else _("Do it by %(when)s.") % {"when": when},
                    _("The meeting is on %(on)s.") % {"on": meeting_on},
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


# Open events (docs/network.md, "Open events"). The public sees what, when, where and
# how many places are left, never who signed up; a sign-up is reached only by its
# signed private link; organisers see the list and totals, small totals hidden.

SIGN_UP_SALT = "equalvoice.meetings.sign-up"


def public_meeting(org_slug: str, pk: int) -> Meeting:
    """An open event, for anyone: 404 for a meeting that is not public."""
    rows = Meeting.objects.filter(pk=pk, organisation__slug=org_slug, is_public=True)
    return core.first_or_404(rows.select_related("organisation", "group"), "No such event")


def public_meetings(org_slug: str) -> QuerySet[Meeting]:
    """An organisation's open events still to come (or under way), soonest first: empty
    for an organisation with none, so a wrong slug says nothing either."""
    return (
        Meeting.objects.filter(
            organisation__slug=org_slug, is_public=True, ends_at__gt=timezone.now()
        )
        .select_related("organisation")
        .order_by("starts_at", "pk")
    )


def sign_up_token(sign_up: SignUp) -> str:
    """The private link's token: signed, so it cannot be guessed or changed."""
    from django.core import signing

    return signing.Signer(salt=SIGN_UP_SALT).sign(str(sign_up.pk))


def sign_up_for_token(token: str) -> SignUp:
    """The sign-up a private link is for; 404, saying nothing more, for any other token."""
    from django.core import signing
    from django.http import Http404

    try:
        pk = int(signing.Signer(salt=SIGN_UP_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        raise Http404("No such place") from None
    rows = SignUp.objects.filter(pk=pk, meeting__is_public=True)
    return core.first_or_404(
        rows.select_related("meeting__organisation", "meeting__group", "perspective"),
        "No such place",
    )


def sign_up_url(sign_up: SignUp) -> str:
    return reverse("event-place", args=[sign_up_token(sign_up)])


def places_left(meeting: Meeting) -> int | None:
    taken = meeting.sign_ups.filter(status=SignUp.Status.PLACE).count()
    return places.places_left(meeting.places, taken)


def workshops_of(meeting: Meeting) -> list[Workshop]:
    """The day's workshops, each with `left`: places still free."""
    found = list(meeting.workshops.all())
    for workshop in found:
        taken = workshop.choices.filter(status=WorkshopPlace.Status.PLACE).count()
        workshop.left = places.places_left(workshop.places, taken)  # type: ignore[attr-defined]
    return found


def waiting_position(sign_up: SignUp) -> int | None:
    """Where the person is on the day's waiting list (1 is next), or None."""
    if sign_up.status != SignUp.Status.WAITING:
        return None
    ahead = SignUp.objects.filter(meeting_id=sign_up.meeting_id, status=SignUp.Status.WAITING)
    ahead = ahead.filter(
        Q(signed_up_at__lt=sign_up.signed_up_at)
        | Q(signed_up_at=sign_up.signed_up_at, pk__lt=sign_up.pk)
    )
    return ahead.count() + 1


def workshop_choices(sign_up: SignUp) -> list[WorkshopPlace]:
    """The person's workshops, each with `position` on its waiting list when waiting."""
    found = list(sign_up.workshops.select_related("workshop"))
    for choice in found:
        position = None
        if choice.status == WorkshopPlace.Status.WAITING:
            ahead = WorkshopPlace.objects.filter(
                workshop_id=choice.workshop_id, status=WorkshopPlace.Status.WAITING
            ).filter(
                Q(chosen_at__lt=choice.chosen_at) | Q(chosen_at=choice.chosen_at, pk__lt=choice.pk)
            )
            position = ahead.count() + 1
        choice.position = position  # type: ignore[attr-defined]
    return found


def sign_ups_for(meeting: Meeting) -> QuerySet[SignUp]:
    """Everyone who signed up, for the organisers: places, then the waiting list in order."""
    return (
        meeting.sign_ups.exclude(status=SignUp.Status.CANCELLED)
        .select_related("perspective")
        .prefetch_related("workshops__workshop")
        .order_by("-status", "signed_up_at", "id")
    )


def need_labels() -> dict[str, str]:
    """The access needs people can tell us about, in the words of core's AccessNeeds."""
    fields = {f.name: str(f.verbose_name) for f in AccessNeeds._meta.fields}
    return {name: fields[name] for name in AccessNeeds.NEEDS}


@dataclass
class EventTotals:
    needs: list[places.Total]
    other_needs: int | None
    perspectives: list[places.Total]
    minimum: int


def event_totals(meeting: Meeting) -> EventTotals:
    """Totals of access needs (of people with a place who let us keep them) and of
    perspectives, for the organisers. Fewer than the smallest group we show
    (`EQUALVOICE_MIN_GROUP_SIZE`) is shown as "fewer than 5"."""
    from collections import Counter

    minimum = core.minimum_group_size()
    coming = list(meeting.sign_ups.filter(status=SignUp.Status.PLACE).select_related("perspective"))
    kept = [s for s in coming if s.keep_needs and not s.needs_deleted]
    needs = Counter(n for s in kept for n in set(s.needs))
    other = sum(1 for s in kept if s.other_needs.strip())
    said = Counter(str(s.perspective_id) for s in coming if s.perspective_id)
    views = {
        str(p.pk): p.name for p in meeting.organisation.perspectives.order_by("position", "id")
    }
    not_said = sum(1 for s in coming if not s.perspective_id)
    said["none"] = not_said
    views["none"] = _("Did not say")
    return EventTotals(
        needs=places.totals(needs, need_labels(), minimum),
        other_needs=(other if other >= minimum else None) if other else 0,
        perspectives=places.totals(said, views, minimum),
        minimum=minimum,
    )


def venues_in(meeting: Meeting) -> QuerySet[Asset]:
    """The places on the organisation's community map a meeting can be at."""
    from equalvoice.community.selectors import shown

    return shown(meeting.organisation).order_by("name", "id")


def attended_for_recognition(
    person: User, organisation: Organisation, since: datetime.date
) -> list[sources.Seen]:
    """The meetings the person came to (marked on the day), from ``since`` on, as time
    to confirm: as long as the meeting was."""
    found = Registration.objects.filter(
        person=person,
        attended=True,
        meeting__group__organisation=organisation,
        meeting__starts_at__date__gte=since,
    ).select_related("meeting")
    return [
        sources.Seen(
            key=f"meeting-{r.meeting_id}",
            day=timezone.localdate(r.meeting.starts_at),
            minutes=max(0, int((r.meeting.ends_at - r.meeting.starts_at).total_seconds() // 60)),
            what=f"Meeting: {r.meeting.title}",
            kind="meeting",
        )
        for r in found
    ]
