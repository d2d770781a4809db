"""Conversations in a real browser: on a phone, with the keyboard only, a member votes
through the statements (htmx swaps each card in place) and says "I don't understand
this", which reaches speakeasy as a challenge. One person votes on a phone and carries on
at a laptop, then changes a vote there: nothing is lost, counted twice or added. The
results page (groups, chart, table), the easy-read results and "Your votes" pass axe with
no sideways scrolling."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from equalvoice.core import actions as core_actions
from equalvoice.opinions import actions, results
from equalvoice.opinions.models import Conversation, Vote
from equalvoice.speakeasy.models import Challenge

from .. import factories
from ..conftest import World
from .conftest import Contexts
from .helpers import axe_problems, open_page, tab_to
from .test_reflow import reflow_problems

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}


def test_a_member_votes_with_the_keyboard_on_a_phone(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    world = live_world
    hard = actions.statement_add(
        actor=world.facilitator,
        conversation=world.conversation,
        text="Reablement should carry on at weekends.",
    )
    page = contexts.page(world.member, **PHONE)
    open_page(page, reverse("conversation", args=[world.org.slug, world.conversation.pk]))
    tab_to(page, "a.ev-button-large")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    problems = axe_problems(page, axe_source, "vote page") + reflow_problems(page, "vote page")
    seen = []
    for _ in range(2):
        statement = page.locator(".ev-vote__statement").inner_text()
        seen.append(statement)
        if "Reablement" in statement:
            tab_to(page, "button[value=unclear]")
        else:
            tab_to(page, "button[value=disagree]")
        page.keyboard.press("Enter")
        page.wait_for_function(
            "(old) => !document.querySelector('.ev-vote__statement') || "
            "document.querySelector('.ev-vote__statement').innerText !== old",
            arg=statement,
        )
    assert page.get_by_text("You have voted on all 3 statements. Thank you.").is_visible()
    problems += axe_problems(page, axe_source, "every statement voted")
    assert any("Reablement" in s for s in seen)
    challenge = Challenge.objects.get(raised_by=world.member, term="Reablement")
    assert challenge.context == hard.text
    assert Vote.objects.get(participant__person=world.member, statement=hard).value == 0
    assert Vote.objects.filter(participant__person=world.member, value=-1).count() == 1
    assert not problems, "\n\n".join(problems)


def _busy(world: World) -> Conversation:
    conversation = actions.conversation_create(
        actor=world.facilitator,
        group=world.group,
        title="Breaks",
        question="What would make breaks better?",
        seeds=["Book online.", "Book by phone.", "Carers need more breaks."],
    )
    online, phone, common = conversation.statements.order_by("id")
    for camp in (1, -1):
        for i in range(6):
            person = factories.make_user(name=f"Voter {camp} {i}")
            core_actions.membership_add(actor=world.admin, group=world.group, user=person)
            for statement, value in ((online, camp), (phone, -camp), (common, 1)):
                actions.vote_cast(actor=person, statement=statement, value=value)
    results.refresh(conversation.pk)
    return conversation


def test_results_and_easy_read_pass_axe(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    conversation = _busy(live_world)
    page = contexts.page(live_world.member, **PHONE)
    problems: list[str] = []
    for name in ("conversation-results", "conversation-easy-read"):
        open_page(page, reverse(name, args=[live_world.org.slug, conversation.pk]))
        problems += axe_problems(page, axe_source, name) + reflow_problems(page, name)
    open_page(page, reverse("conversation-results", args=[live_world.org.slug, conversation.pk]))
    main = page.locator("main").inner_text()
    assert "Group A, 6 people" in main and "Carers need more breaks." in main
    assert page.locator("svg.ev-chart").count() == 1
    assert not problems, "\n\n".join(problems)


def _vote_here(page: Page, choice: str) -> str:
    """Vote on the statement the card shows; returns its text once the next card is in."""
    statement = page.locator(".ev-vote__statement").inner_text()
    page.locator(f"#vote-card button[value={choice}]").click()
    page.wait_for_function(
        "(old) => !document.querySelector('.ev-vote__statement') || "
        "document.querySelector('.ev-vote__statement').innerText !== old",
        arg=statement,
    )
    return statement


def test_one_person_votes_on_a_phone_carries_on_at_a_laptop_and_changes_a_vote(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    world = live_world
    texts = ["Open on Sundays.", "Open later in the evening.", "Add a garden.", "Add a cafe."]
    conversation = actions.conversation_create(
        actor=world.facilitator,
        group=world.group,
        title="Weekends",
        question="What should change at the day centre?",
        seeds=texts,
    )
    org, pk = world.org.slug, conversation.pk
    home = reverse("conversation", args=[org, pk])
    phone = contexts.page(world.member, **PHONE)  # two browsers, each signed in apart
    laptop = contexts.page(world.member)
    assert phone.context is not laptop.context

    # On the phone: agree with one statement, disagree with the next.
    open_page(phone, reverse("conversation-vote", args=[org, pk]))
    chosen = {_vote_here(phone, "agree"): 1}
    chosen[_vote_here(phone, "disagree")] = -1

    # At the laptop: the page knows how far the person got, and shows only the rest.
    open_page(laptop, home)
    assert laptop.get_by_text("You have voted on 2 of 4 statements.").is_visible()
    with laptop.expect_navigation():
        laptop.get_by_role("link", name="Carry on voting").click()
    for choice, value in (("pass", 0), ("agree", 1)):
        statement = _vote_here(laptop, choice)
        assert statement not in chosen, "A statement voted on at the phone came again"
        chosen[statement] = value
    assert set(chosen) == set(texts)
    assert laptop.get_by_text("You have voted on all 4 statements. Thank you.").is_visible()

    # Back on the phone nothing is lost: every statement is voted on, once.
    open_page(phone, home)
    assert phone.get_by_text("You have voted on all 4 statements.").is_visible()
    mine = Vote.objects.filter(participant__person=world.member, statement__conversation=pk)
    assert {v.statement.text: v.value for v in mine.select_related("statement")} == chosen
    assert mine.count() == 4

    # At the laptop, change the vote made on the phone: it replaces, not adds.
    first = next(iter(chosen))
    open_page(laptop, home)
    with laptop.expect_navigation():
        laptop.get_by_role("link", name="See or change your votes").click()
    problems = axe_problems(laptop, axe_source, "your votes")
    with laptop.expect_navigation():
        laptop.locator(f"li:has-text('{first}') button[value=disagree]").click()
    item = laptop.locator(f"li:has-text('{first}')")
    assert "Your vote: Disagree" in item.inner_text()
    chosen[first] = -1
    assert {v.statement.text: v.value for v in mine.select_related("statement")} == chosen
    assert mine.count() == 4

    # The phone sees the change, and the results count each vote once.
    open_page(phone, reverse("conversation-your-votes", args=[org, pk]))
    assert "Your vote: Disagree" in phone.locator(f"li:has-text('{first}')").inner_text()
    problems += axe_problems(phone, axe_source, "your votes on a phone")
    problems += reflow_problems(phone, "your votes on a phone")
    results.refresh(pk)
    counts = Conversation.objects.get(pk=pk).results["statement_counts"]
    by_text = {s.text: str(s.pk) for s in conversation.statements.all()}
    names = {1: "agree", -1: "disagree", 0: "pass"}
    for text, value in chosen.items():
        expected = {"agree": 0, "disagree": 0, "pass": 0, names[value]: 1}
        got = {k: counts[by_text[text]][k] for k in expected}
        assert got == expected, text
    open_page(phone, reverse("conversation-results", args=[org, pk]))
    assert phone.get_by_text("These results count 4 votes from 1 person.", exact=False).is_visible()
    assert not problems, "\n\n".join(problems)
