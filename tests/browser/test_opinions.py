"""Conversations in a real browser: on a phone, with the keyboard only, a member votes
through the statements (htmx swaps each card in place) and says "I don't understand
this", which reaches speakeasy as a challenge. The results page (groups, chart, table)
and the easy-read results pass axe with no sideways scrolling."""

from __future__ import annotations

import pytest
from django.urls import reverse

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
    assert page.get_by_text("That is every statement for now").is_visible()
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
