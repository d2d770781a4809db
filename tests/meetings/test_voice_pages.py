"""What people read about the voice balance: on the tapping page (facilitators) and in
a meeting's minutes (everyone in the group). Expected shares are worked out by hand
from who was here and who spoke, and checked against the pure balance module."""

from __future__ import annotations

import pytest
from django.urls import reverse

from equalvoice.core import actions as core_actions
from equalvoice.core.models import Perspective, User
from equalvoice.meetings import actions, selectors
from equalvoice.meetings.balance import NO_PERSPECTIVE, balance

from .. import factories
from ..conftest import World
from ..page_text import assert_reads_well, page_text, table_rows

pytestmark = pytest.mark.django_db

SHARES = "Each perspective's share"


def _person(world: World, name: str, *perspectives: str) -> User:
    person = factories.make_user(name=name)
    core_actions.membership_add(actor=world.admin, group=world.group, user=person)
    held = list(Perspective.objects.filter(organisation=world.org, name__in=perspectives))
    core_actions.perspectives_set(
        actor=person, person=person, organisation=world.org, perspectives=held
    )
    return person


def _room(world: World) -> dict[str, User]:
    """Five people here: two who use services, one staff member, one staff member who is
    also a family carer, and one who gave no perspective."""
    people = {
        "Amy": _person(world, "Amy Able", "Person who uses services"),
        "Bea": _person(world, "Bea Brook", "Person who uses services"),
        "Cal": _person(world, "Cal Cole", "Staff member"),
        "Dee": _person(world, "Dee Dunn", "Staff member", "Family carer"),
        "Eli": _person(world, "Eli East"),
    }
    actions.attendance_save(actor=world.facilitator, meeting=world.meeting, present=people.values())
    return people


def test_the_balance_shows_people_and_speaking_for_each_perspective(world: World) -> None:
    people = _room(world)
    taps = ["Cal", "Cal", "Dee", "Amy", "Cal", "Dee"]
    for name in taps:
        actions.speaking_tap(actor=world.facilitator, meeting=world.meeting, person=people[name])
    # By hand, of 5 people and 6 times someone spoke (Dee counts under both perspectives):
    # people who use services 2 (40%), spoke 1 (17%): heard less.
    # staff 2 (40%), spoke 3 + 2 = 5 (83%). Family carer 1 (20%), spoke 2 (33%).
    # no perspective given 1 (20%), spoke 0 (0%): heard less.
    expected = [
        ["Family carer", "1 (20%)", "2 (33%)"],
        ["Person who uses services", "2 (40%)", "1 (17%) Heard less"],
        ["Staff member", "2 (40%)", "5 (83%)"],
        [NO_PERSPECTIVE, "1 (20%)", "0 (0%) Heard less"],
    ]
    pure = balance(
        {
            1: ["Person who uses services"],
            2: ["Person who uses services"],
            3: ["Staff member"],
            4: ["Staff member", "Family carer"],
            5: [],
        },
        [3, 3, 4, 1, 3, 4],
    )
    assert [(s.perspective, s.people, s.spoke) for s in pure.shares] == [
        (row[0], int(row[1].split()[0]), int(row[2].split()[0])) for row in expected
    ]
    assert [s.perspective for s in pure.heard_less] == ["Person who uses services", NO_PERSPECTIVE]

    url = reverse("meeting-voice", args=[world.org.slug, world.meeting.pk])
    response = world.client("facilitator").get(url)
    assert_reads_well(response)
    rows = table_rows(response, SHARES)
    assert rows[0] == ["Perspective", "People here", "Times they spoke"]
    assert rows[1:] == expected
    text = page_text(response)
    assert "6 times someone spoke." in text
    assert "Go round: Bea Brook, Eli East." in text
    assert (
        "Person who uses services: 40 in 100 of the people here, 17 in 100 of the speaking. "
        "Heard less than their share." in text
    )
    assert "A person with two perspectives counts under each" in text

    # The minutes on the meeting page show the same table to a member.
    minutes = world.client("member").get(world.meeting.get_absolute_url())
    assert_reads_well(minutes)
    assert table_rows(minutes, SHARES)[1:] == expected


def test_before_anyone_speaks_nobody_is_heard_less(world: World) -> None:
    people = _room(world)
    response = world.client("facilitator").get(
        reverse("meeting-voice", args=[world.org.slug, world.meeting.pk])
    )
    assert_reads_well(response)
    text = page_text(response)
    assert "Nobody has spoken yet." in text
    assert "Heard less" not in text
    names = sorted(p.name for p in people.values())
    assert f"Go round: {', '.join(names)}." in text
    assert table_rows(response, SHARES)[1] == ["Family carer", "1 (20%)", "0 (0%)"]


def test_with_nobody_here_the_page_says_so(world: World) -> None:
    meeting = world.meeting
    meeting.registrations.all().delete()
    response = world.client("facilitator").get(
        reverse("meeting-voice", args=[world.org.slug, meeting.pk])
    )
    assert_reads_well(response)
    text = page_text(response)
    assert "Nobody here yet." in text
    assert "Everyone here has spoken" not in text
    assert selectors.voice(meeting).balance.shares == []
