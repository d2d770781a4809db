"""Calendar files (.ics) for meetings, with icalendar. Times are written in the platform's
time zone (Europe/London unless `EQUALVOICE_TIME_ZONE` says otherwise) with the zone's
rules included, so calendars show the right time on either side of a clock change."""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Meeting


def meeting_calendar(meeting: Meeting, url: str) -> bytes:
    """One event for the meeting, with where, how to join and a link back."""
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Equal Voice//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@equalvoice")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", f"{meeting.title} ({meeting.group.name})")
    where = [part for part in (meeting.place, meeting.online_link) if part]
    if where:
        event.add("location", " / ".join(where))
    lines = [_("Details: %(url)s") % {"url": url}]
    if meeting.access_info:
        lines.append(_("Getting there and access: %(access)s") % {"access": meeting.access_info})
    event.add("description", "\n".join(lines))
    event.add("url", url)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()  # type: ignore[no-any-return]
