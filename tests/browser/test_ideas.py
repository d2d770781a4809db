"""The ideas board in a real browser: on a 320 px phone a member adds an idea, puts it
with a facilitator's idea, and lands on the new idea naming both. Every ideas page passes
axe for each role that sees it (and after sending its form empty), with no sideways
scrolling, and Tab after the skip link lands in <main>."""

from __future__ import annotations

import pytest
from django.urls import reverse

from equalvoice.ideas import actions
from equalvoice.ideas.models import Idea

from ..conftest import World
from .conftest import Contexts
from .helpers import axe_problems, open_page
from .test_reflow import reflow_problems

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}


def _with_idea(world: World) -> World:
    music = actions.idea_add(
        actor=world.facilitator,
        group=world.group,
        title="Music on Saturdays",
        text="A band from the college could play.",
    )
    actions.idea_comment_add(actor=world.member, idea=music, text="Yes, and dancing")
    return world


def test_a_member_adds_an_idea_and_puts_it_with_another(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    world = _with_idea(live_world)
    page = contexts.page(world.member, **PHONE)
    problems: list[str] = []

    def check(where: str) -> None:
        problems.extend(axe_problems(page, axe_source, where) + reflow_problems(page, where))

    open_page(page, reverse("group-ideas", args=[world.org.slug, world.group.slug]))
    check("the board")
    with page.expect_navigation():
        page.get_by_role("link", name="Add an idea", exact=True).click()
    check("add an idea")
    page.get_by_label("Your idea in a few words").fill("Saturday lunch club")
    page.get_by_label("Tell us more (optional)").fill("Meet at the day centre on Saturdays.")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the idea").click()
    assert page.get_by_role("heading", name="Saturday lunch club").is_visible()
    check("the new idea")
    with page.expect_navigation():
        page.get_by_role("link", name="Put this idea with others").click()
    check("put ideas together")
    # Sent with no title: a plain error, and the ticked idea stays ticked.
    with page.expect_navigation():
        page.get_by_role("button", name="Put the ideas together").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert page.get_by_label("Saturday lunch club (from Mo Member)").is_checked()
    check("put ideas together, with errors")
    page.get_by_label("Music on Saturdays (from Fran Facilitator)").check()
    page.get_by_label("A title for the new idea").fill("Saturday club with music")
    with page.expect_navigation():
        page.get_by_role("button", name="Put the ideas together").click()
    assert page.get_by_role("heading", name="Saturday club with music").is_visible()
    authors = page.locator("#authors").inner_text()
    assert "Mo Member" in authors and "Fran Facilitator" in authors
    assert "Yes, and dancing" in page.locator("main").inner_text()
    check("the idea made from both")
    combined = Idea.objects.get(title="Saturday club with music")
    assert Idea.objects.filter(combined_into=combined).count() == 2
    assert not problems, "\n\n".join(problems)
