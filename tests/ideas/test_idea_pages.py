"""What people read on the ideas board and an idea's page: how many support each idea
and who, whose idea it is, and every comment, including on ideas put together. The
expected figures are worked out by hand from the supports and comments each test makes."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from equalvoice.core import actions as core_actions
from equalvoice.core.models import User
from equalvoice.ideas import actions, selectors
from equalvoice.ideas.models import Idea

from .. import factories
from ..conftest import World
from ..page_text import assert_reads_well, page_text, parse

pytestmark = pytest.mark.django_db


def _member(world: World, name: str) -> User:
    person = factories.make_user(name=name)
    core_actions.membership_add(actor=world.admin, group=world.group, user=person)
    return person


def _board_lines(world: World, role: str) -> dict[str, str]:
    """Each idea on the board as a person reads it, by title."""
    response = world.client(role).get(
        reverse("group-ideas", args=[world.org.slug, world.group.slug])
    )
    assert response.status_code == 200
    assert_reads_well(response)
    root = parse(response)
    board = root.by_id("ideas")
    assert board is not None
    lines = {}
    for item in board.find_all("li"):
        heading = item.first("h2")
        assert heading is not None
        lines[heading.text()] = item.text()
    return lines


def test_support_and_comments_survive_putting_ideas_together(world: World) -> None:
    pia, raj = _member(world, "Pia Price"), _member(world, "Raj Rao")
    club = world.idea  # the member's "Saturday club"
    music = actions.idea_add(actor=raj, group=world.group, title="Live music", text="Bands.")
    quiet = actions.idea_add(actor=pia, group=world.group, title="A quiet room", text="Calm.")
    for person in (world.member, world.facilitator, pia):
        actions.idea_support(actor=person, idea=club, support=True)
    for person in (world.member, raj):
        actions.idea_support(actor=person, idea=music, support=True)
    actions.idea_support(actor=world.member, idea=music, support=True)  # twice: still once
    actions.idea_comment_add(actor=pia, idea=club, text="Saturdays suit carers.")
    actions.idea_comment_add(actor=world.member, idea=music, text="Local bands, please.")
    merged = actions.ideas_combine(
        actor=world.facilitator, ideas=[club, music], title="Saturday club with music"
    )
    actions.idea_comment_add(actor=raj, idea=merged, text="Start at 11.")

    # By hand: the club had 3 supporters, the music 2 (the member and Raj); put together,
    # the member counts once: Fran, Mo, Pia and Raj, 4 people. Nobody supports the room.
    lines = _board_lines(world, "member")
    assert "Put with other ideas From Mo Member · 3 people support it" in lines[club.title]
    assert "Now part of Saturday club with music" in lines[club.title]
    assert "From Raj Rao · 2 people support it" in lines["Live music"]
    assert "From Mo Member and Raj Rao · 4 people support it" in lines["Saturday club with music"]
    assert "From Pia Price · 0 people support it" in lines["A quiet room"]
    counted = {
        i.title: i.support_count  # type: ignore[attr-defined]
        for i in selectors.ideas_for_group(world.group)
    }
    assert counted == {club.title: 3, music.title: 2, merged.title: 4, quiet.title: 0}

    response = world.client("member").get(merged.get_absolute_url())
    assert_reads_well(response)
    text = page_text(response)
    assert "4 people support this idea: Fran Facilitator, Mo Member, Pia Price, Raj Rao." in text
    # Every comment, on the idea and on the ideas it came from, each once.
    comments = re.findall(r"Saturdays suit carers\.|Local bands, please\.|Start at 11\.", text)
    assert sorted(comments) == ["Local bands, please.", "Saturdays suit carers.", "Start at 11."]
    assert f"Pia Price, {timezone_day()}, on {club.title}" in text
    assert f"Mo Member, {timezone_day()}, on Live music" in text


def test_one_support_each_and_stopping_takes_it_away(world: World) -> None:
    idea = world.idea
    client = world.client("member")
    url = reverse("idea-support", args=[world.org.slug, idea.pk])
    client.post(url, {"support": "1"})
    client.post(url, {"support": "1"})  # a second tap, or a second device: still one
    text = page_text(client.get(idea.get_absolute_url()))
    assert "1 person supports this idea: Mo Member." in text
    assert "Stop supporting" in text
    assert "From Mo Member · 1 person supports it" in _board_lines(world, "facilitator")[idea.title]
    client.post(url, {"support": "0"})
    text = page_text(client.get(idea.get_absolute_url()))
    assert "0 people support this idea." in text
    assert Idea.objects.get(pk=idea.pk).supports.count() == 0


def timezone_day() -> str:
    return f"{timezone.localdate():%-d %B %Y}"
