"""My plan in a real browser, on a 320 px phone: a person starts a plan, writes a section
and shares it with their circle, asks a supporter to help; the supporter adds a goal with
the person's agreement; the person makes the section private, and the supporter no longer
sees it. Every page on the way passes axe, with no sideways scrolling."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from equalvoice.plans.models import Goal

from ..conftest import World
from .conftest import Contexts
from .helpers import axe_problems, open_page
from .test_reflow import reflow_problems

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}
HOME = "My flat is near the park and I like my garden."


def test_a_person_shares_a_section_then_makes_it_private(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    world = live_world
    me = contexts.page(world.member, **PHONE)
    problems: list[str] = []

    def check(page, where: str) -> None:  # type: ignore[no-untyped-def]
        problems.extend(axe_problems(page, axe_source, where) + reflow_problems(page, where))

    open_page(me, reverse("my-plans", args=[world.org.slug]))
    check(me, "my plans")
    with me.expect_navigation():
        me.get_by_role("link", name="Start a plan").click()
    check(me, "start a plan")
    me.get_by_label("Name of the plan").fill("My plan for the summer")
    with me.expect_navigation():
        me.get_by_role("button", name="Start the plan").click()
    assert me.get_by_role("heading", name="My plan for the summer").is_visible()
    check(me, "the new plan")
    plan_url = me.url

    with me.expect_navigation():
        me.get_by_role("link", name=re.compile(r"^Write or change this part\s*: My home$")).click()
    check(me, "write a section")
    me.get_by_label("In your words").fill(HOME)
    me.get_by_label("Me and my circle", exact=True).check()
    with me.expect_navigation():
        me.get_by_role("button", name="Save the section").click()
    assert HOME in me.locator("#section-home").inner_text()

    with me.expect_navigation():
        me.get_by_role("link", name="The people who help you with your plan").click()
    check(me, "the circle")
    me.get_by_label("Who do you want to ask?").select_option(label="Fran Facilitator")
    me.get_by_label("Supporter", exact=True).check()
    with me.expect_navigation():
        me.get_by_role("button", name="Ask them to help").click()
    assert "Fran Facilitator" in me.locator("#circle").inner_text()
    check(me, "the circle with a supporter")

    helper = contexts.page(world.facilitator, **PHONE)
    open_page(helper, plan_url)
    assert HOME in helper.locator("main").inner_text()
    check(helper, "the plan, as the supporter")
    with helper.expect_navigation():
        helper.get_by_role("link", name=re.compile(r"^Add a goal\s+to My home$")).click()
    helper.get_by_label("The goal").fill("Grow tomatoes in the garden")
    # Without the person's agreement: a plain message, and the goal is kept.
    with helper.expect_navigation():
        helper.get_by_role("button", name="Add the goal").click()
    assert helper.get_by_text("There is a problem").is_visible()
    assert helper.get_by_label("The goal").input_value() == "Grow tomatoes in the garden"
    check(helper, "add a goal, with errors")
    helper.get_by_label("Mo Member agreed to me writing this for them").check()
    with helper.expect_navigation():
        helper.get_by_role("button", name="Add the goal").click()
    goals = helper.locator("#section-home").inner_text()
    assert "Grow tomatoes in the garden" in goals
    assert "Written by Fran Facilitator for Mo Member, with their agreement" in goals
    assert Goal.objects.get(text="Grow tomatoes in the garden").consent_confirmed

    open_page(me, plan_url)
    with me.expect_navigation():
        me.get_by_role("link", name=re.compile(r"^Write or change this part\s*: My home$")).click()
    me.get_by_label("Only me", exact=True).check()
    with me.expect_navigation():
        me.get_by_role("button", name="Save the section").click()
    assert "Seen by: Only me" in me.locator("#section-home").inner_text()

    open_page(helper, plan_url)
    main = helper.locator("main").inner_text()
    assert HOME not in main and "Grow tomatoes" not in main
    check(helper, "the plan after it was made private")
    assert not problems, "\n\n".join(problems)


def _add_review(page, day: str, faces: dict[str, str], changed: str) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.get_by_role("link", name="Add a review").click()
    when = page.get_by_role("group", name="When did you look at the plan together?")
    d, m, y = day.split()
    when.get_by_label("Day").fill(d)
    when.get_by_label("Month").fill(m)
    when.get_by_label("Year").fill(y)
    for question, face in faces.items():
        page.get_by_role("group", name=question).get_by_label(face, exact=True).check()
    page.get_by_label("What has changed since the last time? (optional)").fill(changed)
    page.get_by_label("Me and my circle", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save the review").click()


def test_two_reviews_draw_the_journey_with_its_table(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    """On a phone, the person records two reviews by choosing faces; the plan shows the
    journey in words, as a chart and as a table; their supporter sees the same."""
    world = live_world
    me = contexts.page(world.member, **PHONE)
    problems: list[str] = []

    def check(page, where: str) -> None:  # type: ignore[no-untyped-def]
        problems.extend(axe_problems(page, axe_source, where) + reflow_problems(page, where))

    open_page(me, reverse("my-plan-create", args=[world.org.slug]))
    me.get_by_label("Name of the plan").fill("My review plan")
    with me.expect_navigation():
        me.get_by_role("button", name="Start the plan").click()
    plan_url = me.url
    _add_review(
        me,
        "3 2 2026",
        {
            "Home: how are things now?": "Bad",
            "Community: how are things with people and places?": "OK",
        },
        "We started.",
    )
    check(me, "the plan after one review")
    _add_review(
        me,
        "5 5 2026",
        {
            "Home: how are things now?": "Very good",
            "Community: how are things with people and places?": "OK",
        },
        "I moved flat.",
    )
    words = me.locator("#journey-words").inner_text()
    assert "Home: better since February" in words
    assert "Community: the same since February" in words
    assert "Wellbeing: not rated yet" in words
    chart = me.locator("svg.ev-chart--plan-journey")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and 200 <= box["width"] <= 320
    rows = me.locator("#journey-table tbody tr")
    assert rows.count() == 2
    assert rows.nth(1).inner_text().split("\t")[:2] == ["5 May 2026", "Very good (5)"]
    check(me, "the plan with its journey")

    with me.expect_navigation():
        me.get_by_role("link", name="Review on 5 May 2026").click()
    assert "I moved flat." in me.locator("main").inner_text()
    check(me, "a review")
    assert not problems, "\n\n".join(problems)
    assert plan_url
