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
from django.utils.translation import gettext as _

from equalvoice.core import audit
from equalvoice.core.actions import form_sent_once
from equalvoice.core.models import AccessNeeds, Group, Membership, Perspective, User
from equalvoice.core.permissions import require as _require

from . import places
from .models import (
    AgendaItem,
    Meeting,
    MeetingAction,
    Paper,
    Registration,
    SignUp,
    Speaking,
    Workshop,
    WorkshopPlace,
)

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
        raise ValidationError({"ends_at": _("The end must be after the start")})
    if not (place.strip() or online_link.strip()):
        raise ValidationError(
            {"place": _("Say where the meeting is, or give an online link, or both")}
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
        raise ValidationError({"agenda_item": _("Choose an item from this agenda")})
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
    registration, _created = Registration.objects.update_or_create(
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
def speaking_tap(*, actor: User, meeting: Meeting, person: User, once: str = "") -> Speaking | None:
    """The facilitator or note-taker taps who speaks. Only people marked as here count;
    tapping someone marks them as here. `once` is the page's one-time key: the same tap
    sent twice (a double tap, or the phone sending again after the connection dropped)
    is counted once, and the second time nothing is saved and None comes back."""
    _require(actor, "meetings.run", meeting)
    if not Membership.objects.filter(group_id=meeting.group_id, user=person).exists():
        raise ValidationError(_("Choose someone in the group"))
    if not form_sent_once(key=once):
        return None
    registration, _created = Registration.objects.get_or_create(
        meeting=meeting, person=person, defaults={"coming": True}
    )
    if not registration.attended:
        registration.attended = True
        registration.save(update_fields=["attended"])
    return Speaking.objects.create(meeting=meeting, person=person, recorded_by=actor)


@transaction.atomic
def speaking_undo(*, actor: User, meeting: Meeting, once: str = "") -> None:
    """Take back the last tap (a mistap). With the page's one-time key, sending the same
    undo twice takes back one tap, not two."""
    _require(actor, "meetings.run", meeting)
    if not form_sent_once(key=once):
        return
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
        raise ValidationError({"status": _("Choose a status from the list")})
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


# Open events: public meetings anyone can sign up for (docs/network.md, "Open events").
# Every change of places takes the meeting's row lock first (select_for_update; on SQLite
# the transaction takes the write lock when it starts), so two people cannot both get
# the last place, and counting and giving places happen under the same lock.


def _locked(meeting: Meeting) -> Meeting:
    """The meeting, locked for the rest of the transaction: every change of places at an
    open event goes through here first."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _taken(meeting: Meeting) -> int:
    return meeting.sign_ups.filter(status=SignUp.Status.PLACE).count()


def _email_later(sign_up_id: int, kind: str, workshop_id: int | None = None) -> None:
    from .tasks import send_sign_up_email

    transaction.on_commit(
        lambda: send_sign_up_email.enqueue(
            sign_up_id=sign_up_id, kind=kind, workshop_id=workshop_id
        )
    )


def _fill_workshop(workshop: Workshop) -> list[WorkshopPlace]:
    """Give free places in a workshop to those waiting for it who have a place for the
    day, in the order they chose it. The meeting must be locked."""
    taken = workshop.choices.filter(status=WorkshopPlace.Status.PLACE).count()
    waiting = list(
        workshop.choices.filter(
            status=WorkshopPlace.Status.WAITING, sign_up__status=SignUp.Status.PLACE
        ).order_by("chosen_at", "id")
    )
    chosen = set(places.to_promote(workshop.places, taken, [c.pk for c in waiting]))
    promoted = [c for c in waiting if c.pk in chosen]
    WorkshopPlace.objects.filter(pk__in=chosen).update(status=WorkshopPlace.Status.PLACE)
    return promoted


def _fill_day(meeting: Meeting) -> list[SignUp]:
    """Give free places for the day to the waiting list, first come first served, then
    their workshop places where there is room. The meeting must be locked."""
    waiting = list(
        meeting.sign_ups.filter(status=SignUp.Status.WAITING).order_by("signed_up_at", "id")
    )
    chosen = set(places.to_promote(meeting.places, _taken(meeting), [s.pk for s in waiting]))
    promoted = [s for s in waiting if s.pk in chosen]
    SignUp.objects.filter(pk__in=chosen).update(status=SignUp.Status.PLACE)
    for sign_up in promoted:
        _email_later(sign_up.pk, "promoted")
    for workshop in meeting.workshops.all():
        for choice in _fill_workshop(workshop):
            if choice.sign_up_id not in chosen:
                _email_later(choice.sign_up_id, "workshop", workshop.pk)
    return promoted


@transaction.atomic
def meeting_open(
    *,
    actor: User,
    meeting: Meeting,
    is_public: bool,
    places: int | None,
    open_to: str = "",
    about: str = "",
) -> Meeting:
    """Make a meeting an open event with a number of places (or close it again). More
    places give the waiting list its places at once; there can never be fewer places
    than people who already have one."""
    _require(actor, "meetings.run", meeting)
    locked = _locked(meeting)
    if is_public and not places:
        raise ValidationError({"places": _("Say how many places there are")})
    taken = _taken(locked)
    if places is not None and places < taken:
        raise ValidationError(
            {"places": f"{taken} people already have a place, so there must be at least {taken}"}
        )
    locked.is_public, locked.places = is_public, places
    locked.open_to, locked.about = open_to, about
    locked.save(update_fields=["is_public", "places", "open_to", "about"])
    _fill_day(locked)
    audit.record(
        organisation=locked.organisation,
        actor=actor,
        verb="event.open" if is_public else "event.close",
        obj=locked,
        summary=f"{actor} made “{locked}” "
        + (f"open to the public with {places} places" if is_public else "not public"),
    )
    meeting.is_public, meeting.places = locked.is_public, locked.places
    meeting.open_to, meeting.about = locked.open_to, locked.about
    return locked


@transaction.atomic
def workshop_add(
    *, actor: User, meeting: Meeting, title: str, places: int, about: str = ""
) -> Workshop:
    """A workshop within the day, with its own places and waiting list."""
    _require(actor, "meetings.run", meeting)
    _locked(meeting)
    workshop = Workshop.objects.create(
        meeting=meeting,
        title=title,
        about=about,
        places=places,
        position=meeting.workshops.count(),
    )
    audit.record(
        organisation=meeting.organisation,
        actor=actor,
        verb="workshop.add",
        obj=workshop,
        summary=f"{actor} added the workshop “{title}” ({places} places) to “{meeting}”",
    )
    return workshop


class AlreadySignedUp(Exception):
    """This email address already has a place or a place on the waiting list."""

    def __init__(self, sign_up: SignUp) -> None:
        super().__init__("already signed up")
        self.sign_up = sign_up


@transaction.atomic
def sign_up_create(
    *,
    meeting: Meeting,
    name: str,
    email: str,
    needs: Iterable[str] = (),
    other_needs: str = "",
    keep_needs: bool = False,
    perspective: Perspective | None = None,
    workshops: Iterable[Workshop] = (),
    notify: bool = True,
) -> SignUp:
    """Sign up for an open event with no account: a place while there is one, otherwise
    the waiting list. Access needs are kept only with `keep_needs`. A confirmation with
    the calendar file and the private link goes by email after saving (not with
    `notify=False`: the demo's made-up people)."""
    locked = _locked(meeting)
    if not locked.is_public:
        raise ValidationError(_("This event is not open for sign-up"))
    if locked.ends_at <= timezone.now():
        raise ValidationError(_("This event is over, so you cannot sign up for it now"))
    needs = [n for n in needs if n in AccessNeeds.NEEDS]
    if (needs or other_needs.strip()) and not keep_needs:
        raise ValidationError(
            {
                "keep_needs": _(
                    "Tick the box so we can keep your access needs, or take them off the form"
                )
            }
        )
    if perspective is not None and perspective.organisation_id != locked.organisation_id:
        raise ValidationError({"perspective": _("Choose one of the perspectives in the list")})
    chosen = [w for w in workshops if w.meeting_id == locked.pk]
    existing = (
        locked.sign_ups.exclude(status=SignUp.Status.CANCELLED).filter(email__iexact=email).first()
    )
    if existing is not None:
        raise AlreadySignedUp(existing)
    status = places.allocate(locked.places, _taken(locked))
    sign_up = SignUp.objects.create(
        meeting=locked,
        name=name,
        email=email,
        needs=needs if keep_needs else [],
        other_needs=other_needs if keep_needs else "",
        keep_needs=keep_needs and bool(needs or other_needs.strip()),
        perspective=perspective,
        status=status,
    )
    for workshop in chosen:
        WorkshopPlace.objects.create(workshop=workshop, sign_up=sign_up)
        if status == places.PLACE:
            _fill_workshop(workshop)
    audit.record(
        organisation=locked.organisation,
        actor=None,
        verb="event.sign_up",
        obj=sign_up,
        summary=f"Someone signed up for “{locked}”: "
        + ("a place" if status == places.PLACE else "the waiting list"),
    )
    if notify:
        _email_later(sign_up.pk, "confirmation")
    return sign_up


@transaction.atomic
def sign_up_cancel(*, sign_up: SignUp) -> list[SignUp]:
    """Cancel a place (or a place on the waiting list), by the private link. The place
    goes at once to the first on the waiting list, and so do workshop places; each
    person who gets one hears by email. Their access needs are deleted now. Returns who
    got a place for the day."""
    meeting = _locked(sign_up.meeting)
    sign_up = SignUp.objects.get(pk=sign_up.pk)
    if sign_up.status == SignUp.Status.CANCELLED:
        return []
    sign_up.status, sign_up.cancelled_at = SignUp.Status.CANCELLED, timezone.now()
    sign_up.needs, sign_up.other_needs, sign_up.keep_needs = [], "", False
    sign_up.save(update_fields=["status", "cancelled_at", "needs", "other_needs", "keep_needs"])
    sign_up.workshops.all().delete()
    promoted = _fill_day(meeting)
    audit.record(
        organisation=meeting.organisation,
        actor=None,
        verb="event.cancel",
        obj=sign_up,
        summary=f"Someone cancelled their sign-up for “{meeting}”"
        + (f"; {len(promoted)} from the waiting list got a place" if promoted else ""),
    )
    return promoted


def sign_up_needs_forget() -> int:
    """Delete the access needs of everyone who signed up for an event that is over: we
    kept them only to get things ready. Run with the hourly reminders."""
    return SignUp.objects.filter(meeting__ends_at__lte=timezone.now(), needs_deleted=False).update(
        needs=[], other_needs="", keep_needs=False, needs_deleted=True
    )


def sign_ups_erase(email: str) -> int:
    """Erasure: every sign-up with this email address is cancelled (its place goes to
    the waiting list) and then deleted, with its name and access needs."""
    if not email:
        return 0
    mine = list(SignUp.objects.filter(email__iexact=email))
    for sign_up in mine:
        sign_up_cancel(sign_up=sign_up)
    SignUp.objects.filter(pk__in=[s.pk for s in mine]).delete()
    return len(mine)


@transaction.atomic
def meeting_venue_set(*, actor: User, meeting: Meeting, venue: Asset | None) -> Meeting:
    """Say where we meet: a place on the organisation's community map (or none). Its
    access information shows on the meeting's page."""
    from equalvoice.community.selectors import shown

    _require(actor, "meetings.run", meeting)
    if venue is not None and not shown(meeting.organisation).filter(pk=venue.pk).exists():
        raise ValidationError({"venue": _("Choose a place from your organisation’s community map")})
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
