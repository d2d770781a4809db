"""Meetings through their actions, tasks and pages."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from equalvoice.meetings import actions, selectors
from equalvoice.meetings.ics import meeting_calendar
from equalvoice.meetings.models import Meeting, Speaking
from equalvoice.meetings.tasks import send_due_reminders

from ..conftest import World

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _meeting_at(world: World, start: datetime, **extra: object) -> Meeting:
    return actions.meeting_save(
        actor=world.facilitator,
        group=world.group,
        title=f"Meeting {start:%d %b}",
        kind="meeting",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Town hall",
        **extra,  # type: ignore[arg-type]
    )


def test_calendar_files_keep_london_time_across_the_clock_change(world: World) -> None:
    # The clocks go forward at 01:00 on Sunday 28 March 2027.
    before = _meeting_at(world, datetime(2027, 3, 27, 10, 0, tzinfo=LONDON))
    after = _meeting_at(world, datetime(2027, 3, 28, 10, 0, tzinfo=LONDON))
    for meeting, offset in ((before, timedelta(0)), (after, timedelta(hours=1))):
        calendar = Calendar.from_ical(meeting_calendar(meeting, "https://example.org/m"))
        event = next(c for c in calendar.walk("VEVENT"))
        start = event.decoded("dtstart")
        assert (start.hour, start.minute) == (10, 0)
        assert start.utcoffset() == offset
        assert str(event.get("dtstart").params["TZID"]) == "Europe/London"
        assert event.decoded("dtend") - start == timedelta(hours=2)
        assert "Town hall" in str(event.get("location"))
    assert calendar.walk("VTIMEZONE")  # the zone's rules travel with the file


def test_the_calendar_download(world: World) -> None:
    response = world.client("member").get(
        reverse("meeting-ics", args=[world.org.slug, world.meeting.pk])
    )
    assert response["Content-Type"].startswith("text/calendar")
    assert Calendar.from_ical(response.content).walk("VEVENT")


def test_invitations_go_in_the_background_with_a_calendar_file(
    world: World,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _meeting_at(world, timezone.now() + timedelta(days=10), invite=True)
    sent_to = sorted(address for m in mail.outbox for address in m.to)
    assert world.member.email in sent_to and world.facilitator.email in sent_to
    assert all(m.attachments and m.attachments[0][2] == "text/calendar" for m in mail.outbox)
    assert len(mail.outbox) == 2  # the member without email hears through the facilitator


def test_reminders_go_the_day_before_once(world: World) -> None:
    start = datetime(2027, 5, 12, 10, 0, tzinfo=LONDON)
    meeting = _meeting_at(world, start)
    actions.registration_save(
        actor=world.member, meeting=meeting, coming=True, share_access_needs=False
    )
    with time_machine.travel(start - timedelta(hours=30), tick=False):
        send_due_reminders.enqueue()
    assert not [m for m in mail.outbox if meeting.title in m.subject]
    with time_machine.travel(start - timedelta(hours=20), tick=False):
        send_due_reminders.enqueue()
        send_due_reminders.enqueue()  # a second run sends nothing more
    reminders = [m for m in mail.outbox if meeting.title in m.subject]
    assert [m.to for m in reminders] == [[world.member.email]]
    assert "Tomorrow" in reminders[0].subject
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is not None


def test_late_papers_are_flagged(world: World) -> None:
    soon = _meeting_at(world, timezone.now() + timedelta(days=3))
    paper = actions.paper_add(
        actor=world.facilitator,
        meeting=soon,
        title="Budget",
        file=SimpleUploadedFile("budget.txt", b"Numbers"),
    )
    assert paper.is_late and not world.paper.is_late
    page = world.client("facilitator").get(soon.get_absolute_url()).content.decode()
    assert "Late</strong>" in page and "1 paper came late" in page


def test_access_needs_show_only_as_totals_and_only_to_facilitators(world: World) -> None:
    url = world.meeting.get_absolute_url()
    facilitator_page = world.client("facilitator").get(url).content.decode()
    assert "British Sign Language interpreter: 1 person" in facilitator_page
    assert "Needs a quiet room" not in facilitator_page
    member_page = world.client("member").get(url).content.decode()
    assert "British Sign Language interpreter" not in member_page
    # Withdrawing consent, or not sharing, takes them out of the totals.
    actions.registration_save(
        actor=world.member, meeting=world.meeting, coming=True, share_access_needs=False
    )
    assert selectors.access_totals(world.meeting) == []


def test_open_actions_carry_to_the_next_agenda(world: World) -> None:
    later = _meeting_at(world, world.meeting.starts_at + timedelta(days=30))
    page = world.client("member").get(later.get_absolute_url()).content.decode()
    assert "Actions from last time" in page and "Ask the bus company" in page
    actions.meeting_action_save(
        actor=world.facilitator,
        meeting=world.meeting,
        action=world.meeting_action,
        text="Ask the bus company",
        owner="Fran",
        status="done",
    )
    assert (
        "Ask the bus company"
        not in world.client("member").get(later.get_absolute_url()).content.decode()
    )


def test_voice_balance_taps_update_the_panel(world: World) -> None:
    client = world.client("facilitator")
    tap = reverse("meeting-voice-tap", args=[world.org.slug, world.meeting.pk])
    response = client.post(tap, {"person": world.member.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="voice-panel"')  # only the panel, for htmx
    assert "<html" not in body
    client.post(tap, {"person": world.facilitator.pk})
    client.post(tap, {"person": world.facilitator.pk})
    client.post(tap, {"undo": "1"})
    assert Speaking.objects.filter(meeting=world.meeting).count() == 2
    voice = selectors.voice(world.meeting)
    assert voice.balance.contributions == 2
    assert voice.waiting == []  # both people here have spoken
    page = client.get(reverse("meeting-voice", args=[world.org.slug, world.meeting.pk]))
    assert "Everyone here has spoken" in page.content.decode()
    # The result stays with the minutes.
    assert "Voice balance" in client.get(world.meeting.get_absolute_url()).content.decode()


def test_a_tap_for_someone_outside_the_group_is_refused(world: World) -> None:
    tap = reverse("meeting-voice-tap", args=[world.org.slug, world.meeting.pk])
    response = world.client("facilitator").post(tap, {"person": world.other_admin.pk})
    assert response.status_code == 404
    assert not Speaking.objects.exists()


def test_bad_times_and_no_place_are_plain_errors(world: World) -> None:
    url = reverse("meeting-create", args=[world.org.slug, world.group.slug])
    data = {
        "title": "Evening meeting",
        "kind": "meeting",
        "on": "2027-04-01",
        "starts": "18:00",
        "ends": "17:00",
        "place": "",
        "online_link": "",
        "papers_due_days": "7",
    }
    response = world.client("facilitator").post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "The meeting must end after it starts" in body and "Evening meeting" in body
    data["ends"] = "19:00"
    response = world.client("facilitator").post(url, data)
    assert response.status_code == 400
    assert "Say where the meeting is" in response.content.decode()
    assert not Meeting.objects.filter(title="Evening meeting").exists()


def test_minutes_record_decisions_of_the_group(world: World) -> None:
    url = reverse("meeting-minutes", args=[world.org.slug, world.meeting.pk])
    response = world.client("facilitator").post(
        url, {"minutes": "We talked about Saturdays.", "decisions": [world.decision.pk]}
    )
    assert response.status_code == 302
    page = world.client("member").get(world.meeting.get_absolute_url()).content.decode()
    assert "We talked about Saturdays." in page and "Saturday opening" in page


def test_a_meetings_forms_say_which_meeting_they_are_about(world: World) -> None:
    m = world.meeting
    starts = timezone.localtime(m.starts_at)
    caption = f"{m.title}, {starts.day} {starts:%B %Y}"
    client = world.client("facilitator")
    for name in ["meeting-attendance", "agenda-add", "paper-add", "meeting-minutes"]:
        body = client.get(reverse(name, args=[world.org.slug, m.pk])).content.decode()
        assert f'<span class="govuk-caption-l">{caption}</span>' in body, name
