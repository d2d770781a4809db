"""Issue 18: meetings in Welsh: a meeting's page, the open events page, a form error,
an invitation email and its calendar file."""

from __future__ import annotations

import html

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from equalvoice.meetings.ics import meeting_calendar

from ..conftest import World

pytestmark = pytest.mark.django_db


def welsh(english: str) -> str:
    """The Welsh for an English message; it must differ, so an empty catalogue fails."""
    with translation.override("cy"):
        said = translation.gettext(english)
    assert said != english, f"no Welsh for {english!r}"
    return said


def in_welsh(client: Client) -> Client:
    client.cookies["django_language"] = "cy"
    return client


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_a_meeting_page_reads_in_welsh(world: World) -> None:
    url = world.meeting.get_absolute_url()
    page = text_of(in_welsh(world.client("facilitator")).get(url))
    assert '<html lang="cy"' in page
    for words in ("Who came", "When", "Add to my calendar", "For the facilitator", "Add a paper"):
        assert welsh(words) in page
    english = text_of(world.client("facilitator").get(url))
    assert '<html lang="en-GB"' in english
    assert "Add to my calendar" in english and "For the facilitator" in english
    assert welsh("Add to my calendar") not in english


def test_the_meetings_list_reads_in_welsh(world: World) -> None:
    url = reverse("group-meetings", args=[world.org.slug, world.group.slug])
    page = text_of(in_welsh(world.client("facilitator")).get(url))
    assert f'<h1 class="govuk-heading-l">{welsh("Meetings")}</h1>' in page
    assert welsh("Arrange a meeting") in page


def test_a_form_error_from_python_is_in_welsh(world: World) -> None:
    url = reverse("meeting-create", args=[world.org.slug, world.group.slug])
    data = {
        "title": "Evening meeting",
        "kind": "meeting",
        "on": "2027-04-01",
        "starts": "18:00",
        "ends": "17:00",
        "place": "Town hall",
        "papers_due_days": "7",
    }
    response = in_welsh(world.client("facilitator")).post(url, data)
    assert response.status_code == 400
    body = html.unescape(response.content.decode())
    assert welsh("The meeting must end after it starts") in body
    assert welsh("Name of the meeting") in body  # a form label


def test_the_invitation_and_its_calendar_file_in_welsh(world: World) -> None:
    meeting = world.meeting
    context = {"meeting": meeting, "person": world.member, "url": "https://example.org/m"}
    with translation.override("cy"):
        body = render_to_string("meetings/email/invitation.txt", context)
        calendar = Calendar.from_ical(meeting_calendar(meeting, "https://example.org/m"))
    assert body.startswith(welsh("Hello %(name)s,") % {"name": world.member.name})
    assert welsh("Please tell us if you are coming, and what support you need:") in body
    assert "&#x27;" not in body  # Welsh apostrophes are not escaped in a plain-text email
    (event,) = calendar.walk("VEVENT")
    assert str(event["description"]).startswith(
        welsh("Details: %(url)s") % {"url": "https://example.org/m"}
    )
    with translation.override("en-gb"):
        english = render_to_string("meetings/email/invitation.txt", context)
    assert english.startswith(f"Hello {world.member.name},\n\nWe invite you to {meeting.title}")
