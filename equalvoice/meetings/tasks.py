"""Background work for meetings: invitations with a calendar file, and reminders the day
before. Each task only calls ordinary code and decides nothing. Every email, and its
calendar file, is in the language its reader chose (core/emails.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_tasks import task

from equalvoice.core import emails

if TYPE_CHECKING:
    from equalvoice.core.models import User

    from .models import Meeting, SignUp

REMINDER_BEFORE = timedelta(hours=24)


def _url(meeting: Meeting) -> str:
    return settings.EQUALVOICE_SITE_URL.rstrip("/") + meeting.get_absolute_url()


def _send(meeting: Meeting, people: Sequence[User], template: str, subject: Promise) -> int:
    """`subject` is lazy, with %(title)s: it is put into each reader's language."""
    from .ics import meeting_calendar

    url = _url(meeting)
    calendars: dict[str, bytes] = {}  # one calendar file for each language
    sent = 0
    for person in people:
        email = person.email
        if not email:
            continue  # people with no email hear through their facilitator
        with emails.in_language_of(person):
            body = emails.text(template, {"meeting": meeting, "person": person, "url": url})
            title = str(subject) % {"title": meeting.title}
            language = get_language()
            if language not in calendars:
                calendars[language] = meeting_calendar(meeting, url)
        message = EmailMessage(subject=emails.subject(title), body=body, to=[email])
        message.attach("meeting.ics", calendars[language], "text/calendar")
        message.send()
        sent += 1
    return sent


@task()
def send_meeting_invitations(*, meeting_id: int) -> int:
    """Invite every member of the meeting's group who has an email address."""
    from equalvoice.core.selectors import people_in_group

    from .models import Meeting

    meeting = Meeting.objects.select_related("group", "organisation").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    people = list(people_in_group(meeting.group))
    return _send(
        meeting,
        people,
        "meetings/email/invitation.txt",
        gettext_lazy("Invitation: %(title)s"),
    )


@task()
def send_due_reminders() -> int:
    """Remind people who are coming to meetings that start within the next day, and
    people with a place at open events. Each meeting is reminded once, however often
    this runs (a scheduler runs it hourly: `equalvoice send_reminders`, see
    docs/deploy.md). Then delete the access needs of sign-ups to events that are over."""
    from .actions import mark_reminder_sent, sign_up_needs_forget
    from .models import Meeting

    now = timezone.now()
    due = Meeting.objects.filter(
        starts_at__gt=now, starts_at__lte=now + REMINDER_BEFORE, reminder_sent_at__isnull=True
    ).select_related("group", "organisation")
    sent = 0
    for meeting in due:
        if not mark_reminder_sent(meeting):
            continue
        people = [
            r.person for r in meeting.registrations.filter(coming=True).select_related("person")
        ]
        sent += _send(
            meeting,
            people,
            "meetings/email/reminder.txt",
            gettext_lazy("Tomorrow: %(title)s"),
        )
        if meeting.is_public:
            sent += _remind_sign_ups(meeting)
    sign_up_needs_forget()
    return sent


def _site(path: str) -> str:
    return settings.EQUALVOICE_SITE_URL.rstrip("/") + path


def _send_to_sign_up(sign_up: SignUp, kind: str, workshop_id: int | None = None) -> None:
    """One email to someone who signed up for an open event, with the calendar file
    (for the day) and their private link to see or cancel their place. They have no
    account, so no language of their own: the language of the moment (core/emails.py)."""
    from . import selectors
    from .ics import meeting_calendar
    from .models import SignUp

    meeting = sign_up.meeting
    public_url = _site(meeting.get_public_url())
    subjects = {
        "confirmation": _("Your place: %(title)s")
        if sign_up.status == SignUp.Status.PLACE
        else _("Waiting list: %(title)s"),
        "promoted": _("You have a place now: %(title)s"),
        "workshop": _("You have a place in a workshop: %(title)s"),
        "reminder": _("Tomorrow: %(title)s"),
    }
    context = {
        "meeting": meeting,
        "sign_up": sign_up,
        "url": public_url,
        "private_url": _site(selectors.sign_up_url(sign_up)),
        "position": selectors.waiting_position(sign_up),
        "workshops": selectors.workshop_choices(sign_up),
        "workshop": meeting.workshops.filter(pk=workshop_id).first() if workshop_id else None,
    }
    body = emails.text(f"meetings/email/event_{kind}.txt", context)
    subject = emails.subject(subjects[kind] % {"title": meeting.title})
    message = EmailMessage(subject=subject, body=body, to=[sign_up.email])
    if sign_up.status == SignUp.Status.PLACE:
        message.attach("meeting.ics", meeting_calendar(meeting, public_url), "text/calendar")
    message.send()


@task()
def send_sign_up_email(*, sign_up_id: int, kind: str, workshop_id: int | None = None) -> int:
    """Email someone who signed up: the confirmation (a place or the waiting list), a
    place from the waiting list, or a workshop place."""
    from .models import SignUp

    sign_up = (
        SignUp.objects.select_related("meeting__organisation", "meeting__group")
        .filter(pk=sign_up_id)
        .exclude(status=SignUp.Status.CANCELLED)
        .first()
    )
    if sign_up is None:
        return 0
    _send_to_sign_up(sign_up, kind, workshop_id)
    return 1


def _remind_sign_ups(meeting: Meeting) -> int:
    from .models import SignUp

    with_place = meeting.sign_ups.filter(status=SignUp.Status.PLACE)
    for sign_up in with_place:
        _send_to_sign_up(sign_up, "reminder")
    return len(with_place)
