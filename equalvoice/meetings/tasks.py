"""Background work for meetings: invitations with a calendar file, and reminders the day
before. Each task only calls ordinary code and decides nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

if TYPE_CHECKING:
    from equalvoice.core.models import User

    from .models import Meeting

REMINDER_BEFORE = timedelta(hours=24)


def _url(meeting: Meeting) -> str:
    return settings.EQUALVOICE_SITE_URL.rstrip("/") + meeting.get_absolute_url()


def _send(meeting: Meeting, people: Sequence[User], template: str, subject: str) -> int:
    from .ics import meeting_calendar

    url = _url(meeting)
    calendar = meeting_calendar(meeting, url)
    sent = 0
    for person in people:
        email = person.email
        if not email:
            continue  # people with no email hear through their facilitator
        body = render_to_string(template, {"meeting": meeting, "person": person, "url": url})
        message = EmailMessage(subject=subject, body=body, to=[email])
        message.attach("meeting.ics", calendar, "text/calendar")
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
    return _send(meeting, people, "meetings/email/invitation.txt", f"Invitation: {meeting.title}")


@task()
def send_due_reminders() -> int:
    """Remind people who are coming to meetings that start within the next day. Each
    meeting is reminded once, however often this runs (a scheduler runs it hourly:
    `equalvoice send_reminders`, see docs/deploy.md)."""
    from .actions import mark_reminder_sent
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
        sent += _send(meeting, people, "meetings/email/reminder.txt", f"Tomorrow: {meeting.title}")
    return sent
