"""Standards and feedback rounds in a real browser: a person answers a round on a
320 px phone with only a keyboard (signed in, and through the open link); a person starts
on their phone and sends from their laptop; a facilitator types in a paper answer; the
results, the honest appraisal and the journey show a real gap between two perspectives.
Every page passes axe with no violations."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page as BrowserPage

from equalvoice.core.models import Perspective
from equalvoice.standards import actions
from equalvoice.standards.models import Participation, Response, Statement

from ..conftest import World
from ..page_text import Page
from .conftest import Contexts
from .helpers import axe_problems, focus_state, open_page, press_and_wait, skip_to_main, tab, tab_to
from .test_keyboard import SUBMIT
from .test_reflow import reflow_problems

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}
CHOSEN = "input[name=answer]:checked"


def statements_of(world: World) -> list[Statement]:
    return list(world.round.version.statements.order_by("theme__position", "position", "id"))


def perspective(world: World, name: str) -> Perspective:
    return Perspective.objects.get(organisation=world.org, name=name)


def problems_on(page: BrowserPage, axe_source: str, where: str, reflow: bool = True) -> list[str]:
    """axe's violations, and (on a phone) any sideways scrolling, on the page as it is."""
    found = axe_problems(page, axe_source, f"{where} ({page.url})")
    if reflow:
        found += reflow_problems(page, f"{where} ({page.url})")
    return found


def focus_into(page: BrowserPage, css: str) -> dict[str, Any]:
    """From the top of <main> (focus already there or on the first thing in it), Tab
    on to the element matching `css`, unless it already has focus."""
    if page.evaluate("(css) => document.activeElement.matches(css)", css):
        return focus_state(page)
    return tab_to(page, css)


def press(page: BrowserPage, key: str, times: int = 1) -> None:
    for _ in range(times):
        page.keyboard.press(key)


def checked_label(page: BrowserPage, name: str) -> str:
    """The label of the checked radio in the group `name`, and that it has focus."""
    found: dict[str, Any] = page.evaluate(
        """(name) => {
            const el = document.querySelector(`input[name="${name}"]:checked`);
            // What a screen reader says: the label without its aria-hidden symbol.
            const label = el ? el.labels[0].cloneNode(true) : null;
            if (label) label.querySelectorAll("[aria-hidden=true]").forEach(e => e.remove());
            return {label: label ? label.textContent.trim() : null,
                    focused: el !== null && el === document.activeElement};
        }""",
        name,
    )
    assert found["focused"], f"{page.url}: the chosen {name} radio should have focus"
    return str(found["label"])


def arrow_to(page: BrowserPage, name: str, label: str, limit: int = 10) -> None:
    """Press the down arrow in the focused group of radios until `label` is chosen."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("ArrowDown")
        seen.append(checked_label(page, name))
        if seen[-1] == label:
            return
    raise AssertionError(f"{page.url}: the down arrow never chose {label!r}: {seen}")


# --- 1. Answering a round with only a keyboard, on a phone ---------------------------


@pytest.mark.parametrize("role", ["member", "anonymous"])
def test_answer_a_round_with_only_a_keyboard_on_a_phone(
    live_world: World, contexts: Contexts, axe_source: str, role: str
) -> None:
    """No clicks and no filling in: Tab, Shift+Tab, arrow keys, Enter and typing."""
    w = live_world
    if role == "member":
        start_url = reverse("round-answer", args=[w.org.slug, w.round.pk])
    else:
        start_url = reverse("open-round", args=[w.round.link_key])
    first, second = statements_of(w)
    page = contexts.page(w.user(role), **PHONE)
    problems: list[str] = []

    # The start page: choose a perspective with the arrow keys.
    open_page(page, start_url)
    problems += problems_on(page, axe_source, f"start page as {role}")
    skip_to_main(page)
    focus_into(page, "input[name=perspective]")
    arrow_to(page, "perspective", "Young person")
    press(page, "ArrowUp")
    assert checked_label(page, "perspective") == "Family carer"
    tab_to(page, SUBMIT)
    assert focus_state(page)["text"] == "Start"
    press_and_wait(page)

    # Statement 1: "Getting there" with the arrow keys, and a comment.
    assert "Statement 1 of 2" in page.locator("main").inner_text(), page.url
    problems += problems_on(page, axe_source, f"statement 1 as {role}")
    skip_to_main(page)
    focus_into(page, "input[name=answer]")
    assert page.locator(CHOSEN).count() == 0, "Nothing should be chosen yet"
    press(page, "ArrowDown", 2)  # Not yet -> Starting -> Getting there
    assert checked_label(page, "answer") == "Getting there"
    tab_to(page, "#id_comment")
    page.keyboard.type("Staff always knock first.")
    tab_to(page, SUBMIT)
    assert focus_state(page)["text"] == "Save and go to the next"
    press_and_wait(page)

    # Statement 2: "Doing it well"; Shift+Tab back from the comment keeps the answer.
    assert "Statement 2 of 2" in page.locator("main").inner_text(), page.url
    problems += problems_on(page, axe_source, f"statement 2 as {role}")
    skip_to_main(page)
    focus_into(page, "input[name=answer]")
    press(page, "ArrowDown", 3)
    assert checked_label(page, "answer") == "Doing it well"
    tab_to(page, "#id_comment")
    page.keyboard.type("I pick my own times.")
    back = tab(page, shift=True)
    assert back["type"] == "radio", back
    assert checked_label(page, "answer") == "Doing it well"
    tab(page)
    tab_to(page, SUBMIT)
    assert focus_state(page)["text"] == "Save and check my answers"
    press_and_wait(page)

    # Check your answers, then send them.
    main = page.locator("main").inner_text()
    assert "Check your answers" in main, page.url
    assert "Getting there" in main and "You said: Staff always knock first." in main
    assert "Doing it well" in main and "You said: I pick my own times." in main
    problems += problems_on(page, axe_source, f"check your answers as {role}")
    skip_to_main(page)
    tab_to(page, SUBMIT)
    assert focus_state(page)["text"] == "Send my answers"
    press_and_wait(page)

    main = page.locator("main").inner_text()
    assert main.count("Your answers are in") == 1, main
    assert "can change them or trace them back to you" in main, main
    problems += problems_on(page, axe_source, f"after sending as {role}")
    assert not problems, "\n\n".join(problems)

    response = Response.objects.get(round=w.round)
    assert response.submitted
    assert response.person is None, "An anonymous round must not keep who answered"
    assert not response.on_paper
    assert response.perspective == perspective(w, "Family carer")
    answers = {a.statement_id: a for a in response.answers.all()}
    assert (answers[first.pk].value, answers[first.pk].dont_know) == (3, False)
    assert answers[first.pk].comment == "Staff always knock first."
    assert (answers[second.pk].value, answers[second.pk].dont_know) == (4, False)
    assert answers[second.pk].comment == "I pick my own times."
    took_part = Participation.objects.filter(round=w.round, person=w.member).exists()
    assert took_part == (role == "member")


def test_the_perspective_question_offers_rather_not_say(
    live_world: World, contexts: Contexts
) -> None:
    """The round promises people can choose not to say. A radio cannot be unticked, so
    without this choice someone who picked a perspective cannot take it back."""
    w = live_world
    page = contexts.page(w.member, **PHONE)
    open_page(page, reverse("round-answer", args=[w.org.slug, w.round.pk]))
    question = page.get_by_role("group", name="Which of these best describes you?")
    assert question.get_by_label("I would rather not say").count() == 1


# --- 1b. Start on a phone, finish on a laptop -----------------------------------------


def test_start_on_a_phone_and_send_from_a_laptop(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    """Two browsers, one person: nothing given on the phone is lost on the laptop, and
    nothing is counted twice, even when the phone presses send on a page left open."""
    w = live_world
    first, second = statements_of(w)
    # Four paper answers first, so the results show figures once Mo has sent theirs.
    for _ in range(4):
        actions.paper_response_save(
            actor=w.facilitator,
            round_=w.round,
            answers={first: actions.PaperAnswer(1), second: actions.PaperAnswer(1)},
        )
    start_url = reverse("round-answer", args=[w.org.slug, w.round.pk])
    problems: list[str] = []

    phone = contexts.page(w.member, **PHONE)
    open_page(phone, start_url)
    phone.get_by_label("Staff member").check()
    phone.get_by_role("button", name="Start").click()
    phone.wait_for_url(f"**{start_url}1/")
    phone.get_by_label("Starting").check()
    phone.get_by_label("Anything you want to add? (optional)").fill("Better since the spring.")
    phone.get_by_role("button", name="Save and go to the next").click()
    phone.wait_for_url(f"**{start_url}2/")
    open_page(phone, f"{start_url}check/")  # left open on the phone, not sent

    laptop = contexts.page(w.member)
    open_page(laptop, w.round.get_absolute_url())
    laptop.get_by_role("link", name="Carry on answering").click()
    laptop.wait_for_url(f"**{start_url}")
    assert laptop.get_by_label("Staff member").is_checked()
    laptop.get_by_role("button", name="Carry on").click()
    laptop.wait_for_url(f"**{start_url}1/")
    assert laptop.get_by_label("Starting").is_checked()
    assert laptop.get_by_label("Anything you want to add? (optional)").input_value() == (
        "Better since the spring."
    )
    laptop.get_by_role("button", name="Save and go to the next").click()
    laptop.wait_for_url(f"**{start_url}2/")
    laptop.get_by_label("Doing it well").check()
    laptop.get_by_role("button", name="Save and check my answers").click()
    laptop.wait_for_url(f"**{start_url}check/")
    main = laptop.locator("main").inner_text()
    assert "Staff member" in main and "Starting" in main and "Doing it well" in main, main
    assert "You said: Better since the spring." in main, main
    assert "nobody, not even you, can change them or trace them back to you" in main, main
    problems += problems_on(laptop, axe_source, "check your answers on the laptop", reflow=False)
    laptop.get_by_role("button", name="Send my answers").click()
    laptop.wait_for_url(f"**{start_url}")
    main = laptop.locator("main").inner_text()
    assert main.count("Your answers are in") == 1, main
    problems += problems_on(laptop, axe_source, "after sending on the laptop", reflow=False)

    # The phone's page was left open: sending from it counts nothing twice.
    phone.get_by_role("button", name="Send my answers").click()
    phone.wait_for_url(f"**{start_url}")
    main = phone.locator("main").inner_text()
    assert main.count("Your answers are in") == 1, main
    problems += problems_on(phone, axe_source, "after sending, on the phone")
    open_page(phone, f"{start_url}2/")
    assert phone.url.endswith(start_url), "a sent anonymous answer cannot be changed"
    assert not problems, "\n\n".join(problems)

    open_page(laptop, w.round.get_absolute_url())
    assert "Sent so far 5" in " ".join(laptop.locator("main").inner_text().split())
    assert "You have sent your answers. Thank you." in laptop.locator("main").inner_text()
    open_page(laptop, reverse("round-results", args=[w.org.slug, w.round.pk]))
    page = Page(laptop.content())
    assert "5 people sent answers." in page.text, page.text
    # Everyone: four "Not yet" on paper and Mo's "Starting", then Mo's "Doing it well".
    assert page.row(0, "Not yet")[0] == "4" and page.row(0, "Starting")[0] == "1"
    assert page.row(1, "Not yet")[0] == "4" and page.row(1, "Doing it well")[0] == "1"
    assert page.row(0, "No answer")[0] == "0" and page.row(1, "No answer")[0] == "0"
    assert "Better since the spring." in page.text
    assert Response.objects.filter(round=w.round, submitted=True).count() == 5
    assert not Response.objects.filter(round=w.round, submitted=False).exists()
    assert Participation.objects.filter(round=w.round, person=w.member).count() == 1


# --- 2. A facilitator types in a paper answer -----------------------------------------


def test_facilitator_types_in_a_paper_answer(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    w = live_world
    first, second = statements_of(w)
    page = contexts.page(w.facilitator)
    open_page(page, reverse("round-paper", args=[w.org.slug, w.round.pk]))
    problems = problems_on(page, axe_source, "paper answer", reflow=False)

    page.get_by_label("Whose answers are these?").select_option(label="Mo Member")
    page.get_by_label("Perspective they gave").select_option(label="Staff member")
    page.get_by_role("group", name=f"1. {first.plain}").get_by_label("Starting").check()
    page.get_by_role("group", name=f"2. {second.plain}").get_by_label("Don't know").check()
    page.get_by_label("Comment on 1").fill("Said at the coffee morning.")

    # Without the tick: an error, and everything typed is still there.
    page.get_by_role("button", name="Save the answers").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error:"), page.title()
    summary = page.locator(".govuk-error-summary")
    assert "Tick the box to say these are the person's own answers" in summary.inner_text()
    problems += problems_on(page, axe_source, "paper answer, not ticked", reflow=False)
    assert page.get_by_label("Whose answers are these?").input_value() == str(w.member.pk)
    staff = perspective(w, "Staff member")
    assert page.get_by_label("Perspective they gave").input_value() == str(staff.pk)
    assert page.get_by_role("group", name=f"1. {first.plain}").get_by_label("Starting").is_checked()
    group_two = page.get_by_role("group", name=f"2. {second.plain}")
    assert group_two.get_by_label("Don't know").is_checked()
    assert page.get_by_label("Comment on 1").input_value() == "Said at the coffee morning."
    assert not Response.objects.filter(round=w.round).exists()

    page.get_by_label("These are the person's own answers, copied from paper or said to me").check()
    page.get_by_role("button", name="Save the answers").click()
    page.wait_for_url(f"**{w.round.get_absolute_url()}")
    main = page.locator("main").inner_text()
    assert "We saved the paper answers, marked as typed in by you." in main, main
    problems += problems_on(page, axe_source, "round page after a paper answer", reflow=False)
    assert not problems, "\n\n".join(problems)

    response = Response.objects.get(round=w.round)
    assert response.on_paper and response.submitted
    assert response.entered_by == w.facilitator
    assert response.person is None, "An anonymous round must not keep whose answers they are"
    assert response.perspective == staff
    answers = {a.statement_id: a for a in response.answers.all()}
    assert (answers[first.pk].value, answers[first.pk].dont_know) == (2, False)
    assert answers[first.pk].comment == "Said at the coffee morning."
    assert (answers[second.pk].value, answers[second.pk].dont_know) == (None, True)
    assert Participation.objects.filter(round=w.round, person=w.member).exists()


# --- 3. Results, the honest appraisal and the journey ---------------------------------


def test_results_appraisal_and_journey_show_a_real_gap(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    w = live_world
    statements = statements_of(w)
    for name, value in [("Staff member", 4), ("Person who uses services", 1)]:
        chosen = perspective(w, name)
        for n in range(6):
            actions.paper_response_save(
                actor=w.facilitator,
                round_=w.round,
                perspective=chosen,
                answers={
                    s: actions.PaperAnswer(value, comment=f"{name} {n}" if n == 0 else "")
                    for s in statements
                },
            )
    org, pk = w.org.slug, w.round.pk
    page = contexts.page(w.facilitator, **PHONE)
    problems: list[str] = []

    open_page(page, reverse("round-results", args=[org, pk]))
    main = page.locator("main").inner_text()
    assert "12 people sent answers." in main, main
    heading = page.get_by_role("heading", name="Where people see things differently")
    assert heading.is_visible()
    gap = page.locator("main li", has_text="unlikely to be chance").first
    assert gap.is_visible(), main
    assert "Staff member" in gap.inner_text() and "Person who uses services" in gap.inner_text()
    problems += problems_on(page, axe_source, "results")

    open_page(page, reverse("round-appraisal", args=[org, pk]))
    for name in [
        "Honest appraisal",
        "Where people see things differently",
        "What we said we would do last time",
        "What we will do after this round",
    ]:
        assert page.get_by_role("heading", name=name, exact=True).is_visible(), name
    assert page.locator("main li", has_text="unlikely to be chance").first.is_visible()
    assert page.get_by_role("link", name="Plan an action").first.is_visible()
    problems += problems_on(page, axe_source, "appraisal")

    open_page(page, reverse("standard-journey", args=[org, w.standard.pk]))
    assert page.get_by_role("heading", name="The journey").is_visible()
    table = page.get_by_role("table", name="Scores out of 100")
    assert "Spring" in table.inner_text()
    assert "All statements" in table.inner_text()
    problems += problems_on(page, axe_source, "journey")
    assert not problems, "\n\n".join(problems)
