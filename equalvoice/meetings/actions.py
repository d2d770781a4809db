"""Every change to meetings: permission, audit log, one transaction; emails go to the
background after the change is saved."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from equalvoice.core import audit
from equalvoice.core.models import Group, Membership, User
from equalvoice.core.permissions import require as _require

from .models import AgendaItem, Meeting, MeetingAction, Paper, Registration, Speaking

if TYPE_CHECKING:
    from equalvoice.community.models import Asset


@transaction.atomic
def meeting_save(
    *,
    actor: User,
    group: Group,
    title: str,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    access_info: str = "",
    online_link: str = "",
    papers_due_days: int = 7,
    meeting: Meeting | None = None,
    invite: bool = False,
) -> Meeting:
    """Arrange a meeting, or change one. With `invite`, every member with an email
    address gets an invitation with a calendar file, sent in the background."""
    _require(actor, "meetings.run", group)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The end must be after the start"})
    if not (place.strip() or online_link.strip()):
        raise ValidationError(
            {"place": "Say where the meeting is, or give an online link, or both"}
        )
    creating = meeting is None
    if meeting is None:
        meeting = Meeting(organisation=group.organisation, group=group, created_by=actor)
    meeting.title, meeting.kind = title, kind
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.place, meeting.access_info, meeting.online_link = place, access_info, online_link
    meeting.papers_due_days = papers_due_days
    meeting.save()
    audit.record(
        organisation=group.organisation,
        actor=actor,
        verb="meeting.create" if creating else "meeting.update",
        obj=meeting,
        summary=f"{actor} {'arranged' if creating else 'changed'} “{title}” for {group}",
    )
    if invite:
        from .tasks import send_meeting_invitations

        meeting_id = meeting.pk
        transaction.on_commit(lambda: send_meeting_invitations.enqueue(meeting_id=meeting_id))
    return meeting


@transaction.atomic
def agenda_item_add(*, actor: User, meeting: Meeting, title: str) -> AgendaItem:
    _require(actor, "meetings.run", meeting)
    item = AgendaItem.objects.create(meeting=meeting, title=title, position=meeting.agenda.count())
    audit.record(
        organisation=meeting.organisation,
        actor=actor,
        verb="agenda.add",
        obj=item,
        summary=f"{actor} added “{title}” to the agenda of “{meeting}”",
    )
    return item


@transaction.atomic
def paper_add(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    file: File,
    easy_read_file: File | None = None,
    agenda_item: AgendaItem | None = None,
) -> Paper:
    """Add a paper. A late one is flagged on the agenda and to the facilitators."""
    _require(actor, "meetings.run", meeting)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": "Choose an item from this agenda"})
    paper = Paper(meeting=meeting, title=title, agenda_item=agenda_item, added_by=actor)
    paper.file.save(file.name or "paper", file, save=False)
    if easy_read_file is not None:
        paper.easy_read_file.save(easy_read_file.name or "easy-read", easy_read_file, save=False)
    paper.save()
    audit.record(
        organisation=meeting.organisation,
        actor=actor,
        verb="paper.add",
        obj=paper,
        summary=f"{actor} added the paper “{title}” to “{meeting}”"
        + (" (late)" if paper.is_late else ""),
    )
    return paper


@transaction.atomic
def registration_save(
    *, actor: User, meeting: Meeting, coming: bool, share_access_needs: bool
) -> Registration:
    """Say whether you are coming, and whether the facilitators may count your access
    needs. Only the totals are ever shown, and only to facilitators."""
    _require(actor, "meetings.register", meeting)
    registration, _ = Registration.objects.update_or_create(
        meeting=meeting,
        person=actor,
        defaults={"coming": coming, "share_access_needs": share_access_needs and coming},
    )
    audit.record(
        organisation=meeting.organisation,
        actor=actor,
        verb="meeting.register",
        obj=registration,
        summary=f"{actor} said they are {'coming' if coming else 'not coming'} to “{meeting}”",
    )
    return registration


@transaction.atomic
def attendance_save(*, actor: User, meeting: Meeting, present: Iterable[User]) -> None:
    """Record who came. People who came without saying so get a registration too."""
    _require(actor, "meetings.run", meeting)
    members = set(
        Membership.objects.filter(group_id=meeting.group_id).values_list("user_id", flat=True)
    )
    here = {p.pk for p in present if p.pk in members}
    for person_id in here:
        Registration.objects.get_or_create(
            meeting=meeting, person_id=person_id, defaults={"coming": True}
        )
    meeting.registrations.update(attended=False)
    meeting.registrations.filter(person_id__in=here).update(attended=True)
    audit.record(
        organisation=meeting.organisation,
        actor=actor,
        verb="meeting.attendance",
        obj=meeting,
        summary=f"{actor} recorded who came to “{meeting}”: {len(here)} people",
    )


@transaction.atomic
def speaking_tap(*, actor: User, meeting: Meeting, person: User) -> Speaking:
    """The facilitator or note-taker taps who speaks. Only people marked as here count;
    tapping someone marks them as here."""
    _require(actor, "meetings.run", meeting)
    if not Membership.objects.filter(group_id=meeting.group_id, user=person).exists():
        raise ValidationError("Choose someone in the group")
    registration, _ = Registration.objects.get_or_create(
        meeting=meeting, person=person, defaults={"coming": True}
    )
    if not registration.attended:
        registration.attended = True
        registration.save(update_fields=["attended"])
    return Speaking.objects.create(meeting=meeting, person=person, recorded_by=actor)


@transaction.atomic
def speaking_undo(*, actor: User, meeting: Meeting) -> None:
    """Take back the last tap (a mistap)."""
    _require(actor, "meetings.run", meeting)
    last = meeting.speaking.order_by("-at", "-id").first()
    if last is not None:
        last.delete()


@transaction.atomic
def minutes_save(
    *, actor: User, meeting: Meeting, minutes: str, decisions: Iterable[object] = ()
) -> Meeting:
    """The minutes, with the decisions made at the meeting."""
    from equalvoice.decisions.models import Decision

    _require(actor, "meetings.run", meeting)
    chosen = [d for d in decisions if isinstance(d, Decision) and d.group_id == meeting.group_id]
    meeting.minutes = minutes
    meeting.save(update_fields=["minutes"])
    meeting.decisions.set(chosen)
    audit.record(
        organisation=meeting.organisation,
        actor=actor,
        verb="meeting.minutes",
        obj=meeting,
        summary=f"{actor} saved the minutes of “{meeting}”",
    )
    return meeting


@transaction.atomic
def meeting_action_save(
    *,
    actor: User,
    meeting: Meeting,
    text: str,
    owner: str,
    due_on: date | None = None,
    status: str = MeetingAction.Status.OPEN,
    action: MeetingAction | None = None,
) -> MeetingAction:
    """An action from the meeting, or a change to one (most often its status)."""
    _require(actor, "meetings.run", meeting)
    if status not in MeetingAction.Status.values:
        raise ValidationError({"status": "Choose a status from the list"})
    creating = action is None
    if action is None:
        action = MeetingAction(meeting=meeting)
    action.text, action.owner, action.due_on, action.status = text, owner, due_on, status
    action.save()
    audit.record(
        organisation=meeting.organisation,
        actor=actor,
        verb="meeting_action.create" if creating else "meeting_action.update",
        obj=action,
        summary=f"{actor} {'added' if creating else 'updated'} an action from “{meeting}”",
    )
    return action


def mark_reminder_sent(meeting: Meeting) -> bool:
    """Claim the reminder for one meeting, once: true only for the first caller."""
    updated = Meeting.objects.filter(pk=meeting.pk, reminder_sent_at__isnull=True).update(
        reminder_sent_at=timezone.now()
    )
    return bool(updated)


@transaction.atomic
def meeting_venue_set(*, actor: User, meeting: Meeting, venue: Asset | None) -> Meeting:
    """Say where we meet: a place on the organisation's community map (or none). Its
    access information shows on the meeting's page."""
    from equalvoice.community.selectors import shown

    _require(actor, "meetings.run", meeting)
    if venue is not None and not shown(meeting.organisation).filter(pk=venue.pk).exists():
        raise ValidationError({"venue": "Choose a place from your organisation’s community map"})
    meeting.venue = venue
    meeting.save(update_fields=["venue"])
    audit.record(
        organisation=meeting.organisation,
        actor=actor,
        verb="meeting.venue",
        obj=meeting,
        summary=f"{actor} said where “{meeting.title}” meets",
    )
    return meeting
