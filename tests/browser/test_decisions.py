"""Decisions in a real browser, on a 320 px phone: a consent decision fails the
lived-experience quorum ("nothing about us without us"), then passes once more people
with lived experience vote; a person who objected answers "what would it take for you to
come along?" and the proposal changes for a second vote; a ranked ballot with two rank 1s
gets a plain error that keeps the numbers. Every page passes axe with no violations."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page as BrowserPage

from equalvoice.core import actions as core_actions
from equalvoice.core.models import Perspective, User
from equalvoice.decisions import actions
from equalvoice.decisions.models import Amendment, Ballot, Decision, MinorityAnswer

from ..conftest import World
from ..factories import make_user
from .conftest import Contexts
from .helpers import axe_problems, focus_state, open_page, press_and_wait, tab_to
from .test_keyboard import SUBMIT
from .test_reflow import reflow_problems

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}
COUNT_BUTTON = "form[action$='/count/'] button"
SAY_WHAT_IT_TAKES = "Say what it would take for you to come along"


# --- helpers ---------------------------------------------------------------------------


def problems_on(page: BrowserPage, axe_source: str, where: str) -> list[str]:
    """axe's violations and any sideways scrolling on the phone, on the page as it is."""
    where = f"{where} ({page.url})"
    return axe_problems(page, axe_source, where) + reflow_problems(page, where)


def perspective(world: World, name: str) -> Perspective:
    return Perspective.objects.get(organisation=world.org, name=name)


def voters(world: World, names: list[str], perspective_name: str) -> list[User]:
    """New members of the group who hold one perspective."""
    held = perspective(world, perspective_name)
    made = []
    for name in names:
        person = make_user(name=name)
        core_actions.membership_add(actor=world.admin, group=world.group, user=person)
        core_actions.perspectives_set(
            actor=person, person=person, organisation=world.org, perspectives=[held]
        )
        made.append(person)
    return made


def main_text(page: BrowserPage) -> str:
    return page.locator("main").inner_text()


def press_to(page: BrowserPage, css: str) -> None:
    """Tab on to the element matching `css` (a link or a button), press Enter and wait
    for the page it leads to."""
    tab_to(page, css)
    press_and_wait(page)


def submit_with_keyboard(page: BrowserPage, label: str) -> None:
    """Tab on to the form's first submit button, check its words and its focus, and
    press Enter."""
    tab_to(page, SUBMIT)
    state = focus_state(page)
    assert state["text"] == label and state["indicator"], state
    press_and_wait(page)


def choose_radio(page: BrowserPage, name: str, label: str, limit: int = 8) -> None:
    """Tab into a group of radios with nothing chosen and pick `label` with the arrow
    keys (Space chooses the first)."""
    tab_to(page, f"input[name={name}]")
    page.keyboard.press("Space")
    for _ in range(limit):
        chosen: dict[str, Any] = page.evaluate(
            """(name) => {
                const el = document.querySelector(`input[name="${name}"]:checked`);
                return {label: el ? el.labels[0].textContent.trim() : null,
                        focused: el !== null && el === document.activeElement};
            }""",
            name,
        )
        assert chosen["focused"], f"{page.url}: the chosen {name} radio should have focus"
        if chosen["label"] == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{page.url}: the arrow keys never chose {label!r}")


def error_summary(page: BrowserPage) -> str:
    assert page.title().startswith("Error:"), page.title()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible(), f"{page.url}: no error summary"
    return summary.inner_text()


# --- 1. The lived-experience quorum ----------------------------------------------------


def test_quorum_fails_then_passes_after_more_votes(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    w = live_world
    decision_url = w.decision.get_absolute_url()
    for person in voters(w, ["Sam Staff", "Pat Professional", "Kim Staff"], "Staff member"):
        actions.vote_cast(actor=person, decision=w.decision, choice="agree")
    page = contexts.page(w.facilitator, **PHONE)
    problems: list[str] = []

    # Count, with only the keyboard.
    open_page(page, decision_url)
    assert "Only 0 of the 3 people who voted have lived experience." in main_text(page)
    problems += problems_on(page, axe_source, "decision page, open")
    press_to(page, COUNT_BUTTON)
    assert "The votes are counted." in main_text(page), main_text(page)
    assert page.get_by_text("Hearing the minority", exact=True).is_visible()
    problems += problems_on(page, axe_source, "decision page, counted")

    # Close: refused, in plain words, and what was typed is kept.
    press_to(page, "a[href$='/close/']")
    assert page.get_by_role("heading", name="Close the decision").is_visible()
    assert "Nothing about us without us" in main_text(page), "The close page should say why"
    problems += problems_on(page, axe_source, "close page")
    tab_to(page, "#id_reasons")
    reasons = "Everyone who voted agreed."
    page.keyboard.type(reasons)
    submit_with_keyboard(page, "Save")
    summary = error_summary(page)
    assert "Nothing about us without us" in summary, summary
    assert "Only 0 of the 3 people who voted have lived experience." in summary, summary
    assert page.locator("#id_reasons").input_value() == reasons
    problems += problems_on(page, axe_source, "close page, quorum not met")
    w.decision.refresh_from_db()
    assert w.decision.status == Decision.Status.LISTENING

    # The member, who has lived experience, votes "Agree" on the vote page.
    contexts.become(page, w.member)
    open_page(page, reverse("decision-vote", args=[w.org.slug, w.decision.pk]))
    assert page.get_by_role("heading", name="Your vote").is_visible()
    problems += problems_on(page, axe_source, "vote page")
    choose_radio(page, "choice", "Agree")
    submit_with_keyboard(page, "Save the vote")
    assert page.url.endswith(decision_url), page.url
    main = main_text(page)
    assert "The vote is saved." in main, main
    assert SAY_WHAT_IT_TAKES not in main, "Someone who agreed is not in the minority"
    problems += problems_on(page, axe_source, "decision page after the member voted")

    # 2 of 4 would be enough; 1 of 4 is not. One more person with lived experience votes.
    quorum = "Only 1 of the 4 people who voted have lived experience."
    assert quorum in main, main
    (carer,) = voters(w, ["Cal Carer"], "Family carer")
    actions.vote_cast(actor=carer, decision=w.decision, choice="agree")

    contexts.become(page, w.facilitator)
    open_page(page, reverse("decision-close", args=[w.org.slug, w.decision.pk]))
    main = main_text(page)
    assert "2 of the 5 people who voted have lived experience. That is enough" in main, main
    page.get_by_label("The reasons for the decision").fill(reasons)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"**{decision_url}")
    main = main_text(page)
    assert "What we decided: Agreed" in main, main
    assert "Who decided: 5 people, 2 with lived experience." in main, main
    assert f"Why: {reasons}" in main, main
    problems += problems_on(page, axe_source, "decision page, closed")
    assert not problems, "\n\n".join(problems)

    w.decision.refresh_from_db()
    assert w.decision.status == Decision.Status.CLOSED
    assert w.decision.outcome == Decision.Outcome.AGREED
    assert w.decision.decided_by_summary["quorum_met"] is True


def test_the_date_field_shows_its_focus_at_every_stop(
    live_world: World, contexts: Contexts
) -> None:
    """The date is three boxes, day, month and year, each its own Tab stop. Every one
    must show where the focus is."""
    w = live_world
    page = contexts.page(w.facilitator, **PHONE)
    open_page(page, reverse("decision-close", args=[w.org.slug, w.decision.pk]))
    tab_to(page, "#id_reasons")
    tab_to(page, SUBMIT)  # checks the focus shows at every stop on the way


# --- 2. Hearing the minority, and deciding again ---------------------------------------


def test_minority_answer_then_change_the_proposal(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    w = live_world
    decision_url = w.decision.get_absolute_url()
    page = contexts.page(w.member, **PHONE)
    problems: list[str] = []

    # The member objects, with a reason.
    open_page(page, decision_url)
    press_to(page, "a[href$='/vote/']")
    choose_radio(page, "choice", "Object: I cannot agree yet")
    tab_to(page, "#id_reason")
    page.keyboard.type("Nobody can get there on Saturdays: no buses.")
    submit_with_keyboard(page, "Save the vote")
    assert "The vote is saved." in main_text(page)
    assert SAY_WHAT_IT_TAKES not in main_text(page), "Nobody is asked before the count"

    # The facilitator counts.
    contexts.become(page, w.facilitator)
    open_page(page, decision_url)
    page.get_by_role("button", name="Count the votes and hear the minority").click()
    page.wait_for_load_state()
    assert "The votes are counted." in main_text(page)
    assert "1 person had concerns, objected or blocked." in main_text(page)

    # The member is asked, and answers.
    contexts.become(page, w.member)
    open_page(page, decision_url)
    ask = page.get_by_role("link", name=SAY_WHAT_IT_TAKES)
    assert ask.is_visible(), main_text(page)
    problems += problems_on(page, axe_source, "decision page, in the minority")
    press_to(page, "a[href$='/minority/']")
    heading = page.get_by_role("heading", name="What would it take for you to come along?")
    assert heading.is_visible()
    problems += problems_on(page, axe_source, "minority form")
    answer = "A minibus from the station at 10."
    tab_to(page, "#id_text")
    page.keyboard.type(answer)
    submit_with_keyboard(page, "Send")
    assert page.url.endswith(decision_url), page.url
    main = main_text(page)
    assert "Thank you. The group will hear what you said." in main, main
    answers = page.locator("main h2:has-text('What it would take to come along') + ul")
    assert f"Mo Member: {answer}" in answers.inner_text()
    problems += problems_on(page, axe_source, "decision page with the answer")
    assert MinorityAnswer.objects.filter(decision=w.decision, text=answer).count() == 1

    # The facilitator changes the proposal: vote 2, with the old one on the record.
    contexts.become(page, w.facilitator)
    open_page(page, decision_url)
    page.get_by_role("link", name="Change the proposal and decide again").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Change the proposal and decide again").is_visible()
    proposal = page.get_by_label("The changed proposal")
    assert proposal.input_value() == "Open the day centre on Saturdays."
    problems += problems_on(page, axe_source, "change the proposal")
    proposal.fill("Open the day centre on Saturdays, with a minibus from the station.")
    page.get_by_label("What changed, and why").fill("Mo said nobody could get there.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"**{decision_url}")
    main = main_text(page)
    assert "The proposal is changed. Everyone can vote again." in main, main
    assert "This is vote 2" in main, main
    assert page.get_by_role("heading", name="How the proposal changed").is_visible()
    history = page.locator("main h2:has-text('How the proposal changed') + ol").inner_text()
    assert "Vote 1 was on: “Open the day centre on Saturdays.”" in history, history
    assert "What changed: Mo said nobody could get there." in history, history
    assert f"{answer} (vote 1)" in main, "The earlier answer should stay, marked vote 1"
    problems += problems_on(page, axe_source, "decision page, vote 2")
    assert not problems, "\n\n".join(problems)

    w.decision.refresh_from_db()
    assert (w.decision.attempt, w.decision.status) == (2, Decision.Status.OPEN)
    assert Amendment.objects.get(decision=w.decision).proposal_before == (
        "Open the day centre on Saturdays."
    )


# --- 3. A ranked ballot with a repeated rank --------------------------------------------


def test_ranked_ballot_with_a_repeated_rank(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    w = live_world
    ranked = actions.decision_create(
        actor=w.facilitator,
        group=w.group,
        title="Our logo",
        proposal="Choose the picture for our logo.",
        method="ranked",
        options=["Sun", "Tree", "Hands"],
    )
    sun, tree, hands = ranked.options.order_by("position")
    page = contexts.page(w.member, **PHONE)
    open_page(page, reverse("decision-vote", args=[w.org.slug, ranked.pk]))
    problems = problems_on(page, axe_source, "ranked vote page")
    assert "Put 1 beside your favourite" in main_text(page)

    typed = {"Sun": "1", "Tree": "1", "Hands": "2"}
    ids = {"Sun": sun.pk, "Tree": tree.pk, "Hands": hands.pk}
    for label, number in typed.items():
        tab_to(page, f"#id_rank_{ids[label]}")
        page.keyboard.type(number)
    submit_with_keyboard(page, "Save the vote")
    summary = error_summary(page)
    assert "Two options have rank 1. Give each a different rank." in summary, summary
    for label, number in typed.items():
        field = page.get_by_label(f"Your number for: {label}")
        assert field.input_value() == number, f"The number for {label} was not kept"
    problems += problems_on(page, axe_source, "ranked vote page, two rank 1s")
    assert not Ballot.objects.filter(decision=ranked).exists()

    # Follow the error summary's link to the fields, and put it right.
    page.locator(".govuk-error-summary a").first.click()
    page.get_by_label("Your number for: Tree").fill("2")
    page.get_by_label("Your number for: Hands").fill("3")
    page.get_by_role("button", name="Save the vote").click()
    page.wait_for_url(f"**{ranked.get_absolute_url()}")
    main = main_text(page)
    assert "The vote is saved." in main, main
    assert "Mo Member: 1. Sun; 2. Tree; 3. Hands" in main, main
    problems += problems_on(page, axe_source, "ranked decision page after voting")
    assert not problems, "\n\n".join(problems)

    ballot = Ballot.objects.get(decision=ranked)
    assert ballot.ranking == [[sun.pk], [tree.pk], [hands.pk]]
