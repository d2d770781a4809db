"""My plan, the whole journey, on a 320 px phone (issue 14: "the whole journey works with
the keyboard alone and without JavaScript"). A person starts a plan, writes "My home" and
shares it with their circle, and asks a supporter in; the supporter adds a goal to it,
first without the person's agreement (a plain message, nothing they typed lost), then
with it; the person marks a step done, records a review by choosing a face and reads the
journey on the plan; then they make "My home" private, and the supporter no longer sees
it or its goal.

Once with only the keyboard (Tab, Shift+Tab, the arrow keys, Space, Enter and typing,
with the focus showing at every stop), and once with JavaScript off, by clicking and
filling in. Every page on the way passes axe, with no sideways scrolling."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page as BrowserPage
from playwright.sync_api import ViewportSize

from equalvoice.plans.models import Goal, Review, Section

from ..conftest import World
from . import helpers
from .conftest import Contexts
from .helpers import axe_problems, focus_state, open_page, press_and_wait, tab, tab_to
from .test_decisions import press_to, submit_with_keyboard
from .test_reflow import reflow_problems

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}

# What the people in the journey write and choose.
PLAN = "My plan for the summer"
HOME = "My flat is near the park and I like my garden."
GOAL = "Grow tomatoes in the garden"
STEPS = ("Buy seeds", "Plant them out in May")
WHO_HELPS = "My neighbour Sol"
GOAL_DAY = datetime.date(datetime.date.today().year + 1, 6, 1)
REVIEW_DAY = datetime.date(2026, 3, 14)
CHANGED = "I sit in the garden every morning now."

# What they read: the words of the pages, worked out here from docs/plans.md.
PLAN_READY = "Your plan is ready. Only you can see it for now."
HOME_SAVED = "“My home” is saved."
IN_CIRCLE = "Fran Facilitator is in your circle. They see only the sections you share."
SHARED_WITH_YOU = (
    "Mo Member shares these parts of their plan with you. Anything you write here has "
    "your name on it, and needs their agreement."
)
NOTHING_SHARED = "Mo Member has not shared any part of their plan with you yet."
NO_REVIEW_SHARED = "Mo Member has not shared a review with you yet."
NEEDS_AGREEMENT = "Tick to confirm the person agreed to you writing this for them"
AGREEMENT_BOX = "Mo Member agreed to me writing this for them, in their words"
GOAL_ADDED = "The goal is added."
WRITTEN_FOR = "Written by Fran Facilitator for Mo Member, with their agreement"
REVIEW_SAVED = "The review is saved."
STEP_DONE = f"“{STEPS[0]}” is marked done."
# Each step with its tag and its button, which names the step for a screen reader.
STEPS_AFTER = [
    f"{STEPS[0]} Done Mark not done yet : {STEPS[0]}",
    f"{STEPS[1]} Mark done : {STEPS[1]}",
]
# One review, in March of one year, rating only Home ("Good" is 4).
JOURNEY_WORDS = [
    "Home: first rated in March",
    "Wellbeing: not rated yet",
    "Community: not rated yet",
    "Goals: not rated yet",
]
JOURNEY_HEAD = ["Review", "Home", "Wellbeing", "Community", "Goals"]
JOURNEY_ROW = ["14 March 2026", "Good (4)", "Not rated", "Not rated", "Not rated"]
REVIEW_LINK = "Review on 14 March 2026"

WRITE_HOME = "#main-content a[href$='/sections/home/']"
ADD_GOAL_TO_HOME = "#main-content a[href$='/sections/home/goals/new/']"
CIRCLE_LINK = "#main-content a[href$='/circle/']"
ADD_REVIEW = "#main-content a[href$='/reviews/new/']"
STEP_BUTTON = "#section-home form[action*='/steps/'] button"
# Each section's links name the section, in words only a screen reader reads.
WRITE_HOME_NAME = re.compile(r"^Write or change this part\s*: My home$")
ADD_GOAL_NAME = re.compile(r"^Add a goal\s+to My home$")


def day_month_year(day: datetime.date) -> tuple[str, str, str]:
    return str(day.day), str(day.month), str(day.year)


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def main_text(page: BrowserPage) -> str:
    return page.locator("main").inner_text()


def banner(page: BrowserPage) -> str:
    return page.locator(".govuk-notification-banner__heading").inner_text()


def section_headings(page: BrowserPage) -> list[str]:
    return page.locator("#sections h2").all_inner_texts()


def step_lines(page: BrowserPage) -> list[str]:
    """The steps of the goals in "My home", each with its tag and the words of its button
    (as a screen reader reads them, and one space between words)."""
    found = page.locator("#section-home .ev-plan-goal ol > li").all_inner_texts()
    return [" ".join(text.split()) for text in found]


def journey(page: BrowserPage) -> tuple[list[str], list[str], list[list[str]]]:
    """The journey on the plan page: its lines of words, the table's head and its rows."""
    words = page.locator("#journey-words li").all_inner_texts()
    head = page.locator("#journey-table thead th").all_inner_texts()
    rows = [
        row.locator("th, td").all_inner_texts()
        for row in page.locator("#journey-table tbody tr").all()
    ]
    return words, head, rows


# Our scripts: htmx, and GOV.UK Frontend's "js-enabled" on <body>.
SCRIPTS_RAN = (
    "() => typeof window.htmx !== 'undefined' || document.body.classList.contains('js-enabled')"
)


class Checks:
    """axe and reflow on each page as it is, gathered to report at the end.

    axe runs in the page and waits on timers, which never fire with JavaScript off. So
    for a page without JavaScript, axe looks at a copy of it: the same HTML, as that
    browser has it, opened in a `twin` that has JavaScript but fetches none of ours, so
    nothing changes the page. The copy is served at an address of its own on the live
    server, so our CSS loads as it does for the page itself."""

    COPY = "/__no-javascript-copy__/"

    def __init__(self, axe_source: str, twin: BrowserPage | None = None) -> None:
        self.axe_source = axe_source
        self.twin = twin
        self.problems: list[str] = []

    def __call__(self, page: BrowserPage, where: str) -> None:
        where = f"{where} ({page.url})"
        seen = page if self.twin is None else self.copy_of(page)
        self.problems += axe_problems(seen, self.axe_source, where)
        self.problems += reflow_problems(page, where)

    def copy_of(self, page: BrowserPage) -> BrowserPage:
        assert self.twin is not None
        html = page.content()
        self.twin.route(
            f"**{self.COPY}",
            lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"),
        )
        open_page(self.twin, self.COPY)
        self.twin.unroute(f"**{self.COPY}")
        assert not self.twin.evaluate(SCRIPTS_RAN), "The copy ran our JavaScript"
        return self.twin

    def assert_none(self) -> None:
        assert not self.problems, "\n\n".join(self.problems)


# --- with the keyboard alone -----------------------------------------------------------


def assert_focus_shows(page: BrowserPage) -> dict[str, Any]:
    state = focus_state(page)
    assert state["indicator"], f"{page.url}: {state['describe']} has focus that does not show"
    return state


def type_into(page: BrowserPage, css: str, text: str) -> None:
    """Tab on to a box and type. Tabbing into a box that has something in it selects it,
    so what is typed takes its place."""
    tab_to(page, css)
    page.keyboard.type(text)
    typed = page.evaluate("() => document.activeElement.value")
    assert typed == text, f"{page.url}: typed {text!r} into {css}, it holds {typed!r}"


def type_date(page: BrowserPage, field: str, day: datetime.date) -> None:
    """The three boxes of a date, day, month and year, each its own Tab stop."""
    for part, typed in zip(("day", "month", "year"), day_month_year(day), strict=True):
        type_into(page, f"#id_{field}-{part}", typed)


def choose_radio(page: BrowserPage, name: str, label: str, limit: int = 8) -> None:
    """Tab into a group of radios and choose `label` with the arrow keys. Tab lands on
    the one chosen already, or the first when none is, and Space chooses it; each arrow
    moves on to the next and chooses it. The focus must show at every stop."""
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
        assert_focus_shows(page)
        if chosen["label"] == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{page.url}: the arrow keys never chose {label!r}")


def choose_option(page: BrowserPage, css: str, label: str, limit: int = 20) -> None:
    """Tab on to a drop-down list (a <select>) and choose `label` with the arrow keys,
    which change what is chosen without opening the list."""
    tab_to(page, css)
    for _ in range(limit):
        chosen = page.evaluate(
            "(css) => { const s = document.querySelector(css);"
            " return s.selectedIndex < 0 ? null : s.options[s.selectedIndex].text.trim(); }",
            css,
        )
        assert page.evaluate("(css) => document.activeElement.matches(css)", css)
        assert_focus_shows(page)
        if chosen == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{page.url}: the arrow keys never chose {label!r} in {css}")


def test_the_whole_journey_with_the_keyboard_alone(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    world = live_world
    check = Checks(axe_source)
    me = contexts.page(world.member, **PHONE)

    # The person starts a plan.
    open_page(me, reverse("my-plans", args=[world.org.slug]))
    check(me, "my plans")
    press_to(me, "#main-content a[href$='/plans/new/']")
    assert me.locator("h1").inner_text() == "Start a plan"
    check(me, "start a plan")
    type_into(me, "#id_title", PLAN)
    submit_with_keyboard(me, "Start the plan")
    assert banner(me) == PLAN_READY
    assert me.locator("h1").inner_text() == PLAN
    main = main_text(me)
    assert "Your plan · My support plan" in main, main
    assert "No reviews yet." in main, main
    check(me, "the new plan")
    plan_url = me.url

    # They write "My home" and share it with their circle.
    press_to(me, WRITE_HOME)
    assert me.locator("h1").inner_text() == "My home"
    check(me, "write My home")
    type_into(me, "#id_text", HOME)
    choose_radio(me, "visibility", "Me and my circle")
    submit_with_keyboard(me, "Save the section")
    assert banner(me) == HOME_SAVED
    home = me.locator("#section-home").inner_text()
    assert HOME in home and "Seen by: Me and my circle" in home, home
    assert "Written by Mo Member" in home, home
    check(me, "the plan with My home")

    # They ask the facilitator into the circle, as a supporter.
    press_to(me, CIRCLE_LINK)
    assert me.locator("h1").inner_text() == "The people who help you"
    assert "Nobody yet. Only you can see your plan." in main_text(me)
    check(me, "the circle, empty")
    choose_option(me, "#id_person", "Fran Facilitator")
    choose_radio(me, "role", "Supporter")
    submit_with_keyboard(me, "Ask them to help")
    assert banner(me) == IN_CIRCLE
    rows = [row.locator("td").all_inner_texts()[:2] for row in me.locator("#circle tbody tr").all()]
    assert rows == [["Fran Facilitator", "Supporter"]], rows
    check(me, "the circle with a supporter")

    # The supporter opens the plan: only "My home" is there.
    helper = contexts.page(world.facilitator, **PHONE)
    open_page(helper, plan_url)
    main = main_text(helper)
    assert "Mo Member’s plan · My support plan" in main, main
    assert SHARED_WITH_YOU in main and HOME in main and NO_REVIEW_SHARED in main, main
    assert section_headings(helper) == ["My home"]
    check(helper, "the plan, as the supporter")

    # They add a goal without ticking the person's agreement: a plain message, and
    # everything they typed is still there.
    press_to(helper, ADD_GOAL_TO_HOME)
    assert helper.locator("h1").inner_text() == "Add a goal"
    check(helper, "add a goal")
    type_into(helper, "#id_text", GOAL)
    tab_to(helper, "#id_steps")
    helper.keyboard.type(STEPS[0])
    helper.keyboard.press("Enter")  # a new line in the box, not sending the form
    helper.keyboard.type(STEPS[1])
    type_into(helper, "#id_who_helps", WHO_HELPS)
    type_date(helper, "review_on", GOAL_DAY)
    submit_with_keyboard(helper, "Add the goal")
    assert helper.title().startswith("Error:"), helper.title()
    summary = helper.locator(".govuk-error-summary").inner_text()
    assert "There is a problem" in summary and NEEDS_AGREEMENT in summary, summary
    beside = " ".join(helper.locator("#id_consent-error").inner_text().split())
    assert beside == f"Error: {NEEDS_AGREEMENT}", beside
    kept = {
        css: helper.locator(css).input_value()
        for css in ("#id_text", "#id_steps", "#id_who_helps", "#id_review_on-year")
    }
    assert kept == {
        "#id_text": GOAL,
        "#id_steps": "\n".join(STEPS),
        "#id_who_helps": WHO_HELPS,
        "#id_review_on-year": str(GOAL_DAY.year),
    }, kept
    assert not Goal.objects.filter(text=GOAL).exists()
    check(helper, "add a goal, without the agreement")

    # The error summary has the focus; its link takes the focus to the box, and Space
    # ticks it.
    error_link = tab(helper)
    assert error_link["tag"] == "a" and error_link["text"] == NEEDS_AGREEMENT, error_link
    helper.keyboard.press("Enter")
    assert focus_state(helper)["id"] == "id_consent", focus_state(helper)
    assert_focus_shows(helper)
    helper.keyboard.press("Space")
    assert helper.evaluate("() => document.activeElement.checked")
    label = helper.evaluate("() => document.activeElement.labels[0].innerText")
    assert label == AGREEMENT_BOX, label
    submit_with_keyboard(helper, "Add the goal")
    assert banner(helper) == GOAL_ADDED
    home = helper.locator("#section-home").inner_text()
    for line in (GOAL, *STEPS, f"Who helps: {WHO_HELPS}", WRITTEN_FOR):
        assert line in home, f"{line!r} is not in My home: {home}"
    assert f"Look at it again on {long_date(GOAL_DAY)}" in home, home
    check(helper, "the plan with the goal, as the supporter")

    # The person sees the goal, and marks its first step done (a button).
    open_page(me, plan_url)
    assert GOAL in me.locator("#section-home").inner_text()
    tab_to(me, STEP_BUTTON)
    button = " ".join(focus_state(me)["text"].split())
    assert button == f"Mark done : {STEPS[0]}", button
    press_and_wait(me)
    assert banner(me) == STEP_DONE
    assert step_lines(me) == STEPS_AFTER
    check(me, "the plan with a step done")

    # They record a review: the date typed, a face chosen for Home.
    press_to(me, ADD_REVIEW)
    assert me.locator("h1").inner_text() == "Add a review"
    check(me, "add a review")
    type_date(me, "held_on", REVIEW_DAY)
    choose_radio(me, "rating_home", "Good")
    type_into(me, "#id_what_changed", CHANGED)
    submit_with_keyboard(me, "Save the review")
    assert banner(me) == REVIEW_SAVED
    words, head, rows = journey(me)
    assert words == JOURNEY_WORDS, words
    assert head == JOURNEY_HEAD, head
    assert rows == [JOURNEY_ROW], rows
    reviews = me.locator("#reviews").inner_text()
    assert f"{REVIEW_LINK} (seen by: me and my circle)" in reviews, reviews
    check(me, "the plan with the journey")

    # They make "My home" private.
    press_to(me, WRITE_HOME)
    assert me.evaluate("() => document.getElementById('id_text').value") == HOME
    choose_radio(me, "visibility", "Only me")
    submit_with_keyboard(me, "Save the section")
    assert banner(me) == HOME_SAVED
    home = me.locator("#section-home").inner_text()
    assert "Seen by: Only me" in home and HOME in home and GOAL in home, home
    check(me, "the plan with My home private")

    # The supporter no longer sees the section or its goal; the review is still shared.
    open_page(helper, plan_url)
    main = main_text(helper)
    assert HOME not in main and GOAL not in main and "My home" not in main, main
    assert NOTHING_SHARED in main, main
    assert journey(helper)[0] == JOURNEY_WORDS
    check(helper, "the plan after My home was made private, as the supporter")
    check.assert_none()

    assert (
        Section.objects.get(plan__title=PLAN, key="home").visibility == Section.Visibility.PRIVATE
    )
    goal = Goal.objects.get(section__plan__title=PLAN)
    assert (goal.text, goal.consent_confirmed) == (GOAL, True)
    assert Review.objects.get(plan__title=PLAN).held_on == REVIEW_DAY


# --- without JavaScript ----------------------------------------------------------------


def no_javascript_page(contexts: Contexts, person: Any) -> BrowserPage:
    """A phone with JavaScript off, signed in as `person` with a session cookie."""
    context = contexts.browser.new_context(
        base_url=contexts.base_url,
        viewport=ViewportSize(width=PHONE["width"], height=PHONE["height"]),
        java_script_enabled=False,
    )
    context.set_default_timeout(10_000)
    contexts.made.append(context)
    page = context.new_page()
    contexts.become(page, person)
    return page


def twin_for_axe(contexts: Contexts) -> BrowserPage:
    """A phone with JavaScript on that fetches no scripts: axe's view of a page with
    JavaScript off (see `Checks`)."""
    context = contexts.new(**PHONE)
    context.route(
        "**/*",
        lambda route: (
            route.abort() if route.request.resource_type == "script" else route.continue_()
        ),
    )
    return context.new_page()


def click_and_wait(page: BrowserPage, role: str, name: str | re.Pattern[str]) -> None:
    helpers.click_and_wait(page.get_by_role(role, name=name, exact=True))  # type: ignore[arg-type]


def fill_date(page: BrowserPage, group: str, day: datetime.date) -> None:
    boxes = page.get_by_role("group", name=group)
    for label, typed in zip(("Day", "Month", "Year"), day_month_year(day), strict=True):
        boxes.get_by_label(label).fill(typed)


def test_the_whole_journey_without_javascript(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    world = live_world
    check = Checks(axe_source, twin=twin_for_axe(contexts))
    me = no_javascript_page(contexts, world.member)

    # The person starts a plan.
    open_page(me, reverse("my-plans", args=[world.org.slug]))
    assert not me.evaluate(SCRIPTS_RAN), "JavaScript should be off"
    check(me, "my plans")
    click_and_wait(me, "link", "Start a plan")
    check(me, "start a plan")
    me.get_by_label("Name of the plan").fill(PLAN)
    click_and_wait(me, "button", "Start the plan")
    assert banner(me) == PLAN_READY
    assert me.locator("h1").inner_text() == PLAN
    assert "No reviews yet." in main_text(me)
    check(me, "the new plan")
    plan_url = me.url

    # They write "My home", check the writing first (a plain form post: nothing is
    # saved, nothing is lost), then share it with their circle.
    click_and_wait(me, "link", WRITE_HOME_NAME)
    check(me, "write My home")
    me.get_by_label("In your words").fill(HOME)
    me.get_by_label("Me and my circle", exact=True).check()
    click_and_wait(me, "button", "Check my writing first")
    assert me.locator("h1").inner_text() == "My home"
    assert "Speakeasy: this reads clearly." in main_text(me)
    assert me.get_by_label("In your words").input_value() == HOME
    assert me.get_by_label("Me and my circle", exact=True).is_checked()
    assert not Section.objects.filter(plan__title=PLAN).exists(), (
        "Checking the writing should not save it"
    )
    check(me, "write My home, checked")
    click_and_wait(me, "button", "Save the section")
    assert banner(me) == HOME_SAVED
    home = me.locator("#section-home").inner_text()
    assert HOME in home and "Seen by: Me and my circle" in home, home
    check(me, "the plan with My home")

    # They ask the facilitator into the circle, as a supporter.
    click_and_wait(me, "link", "The people who help you with your plan")
    check(me, "the circle, empty")
    me.get_by_label("Who do you want to ask?").select_option(label="Fran Facilitator")
    me.get_by_label("Supporter", exact=True).check()
    click_and_wait(me, "button", "Ask them to help")
    assert banner(me) == IN_CIRCLE
    rows = [row.locator("td").all_inner_texts()[:2] for row in me.locator("#circle tbody tr").all()]
    assert rows == [["Fran Facilitator", "Supporter"]], rows
    check(me, "the circle with a supporter")

    # The supporter opens the plan and adds a goal, first without the agreement.
    helper = no_javascript_page(contexts, world.facilitator)
    open_page(helper, plan_url)
    main = main_text(helper)
    assert SHARED_WITH_YOU in main and HOME in main and NO_REVIEW_SHARED in main, main
    assert section_headings(helper) == ["My home"]
    check(helper, "the plan, as the supporter")
    click_and_wait(helper, "link", ADD_GOAL_NAME)
    check(helper, "add a goal")
    helper.get_by_label("The goal").fill(GOAL)
    helper.get_by_label("Steps towards it (optional)").fill("\n".join(STEPS))
    helper.get_by_label("Who helps (optional)").fill(WHO_HELPS)
    fill_date(helper, "When to look at it again (optional)", GOAL_DAY)
    click_and_wait(helper, "button", "Add the goal")
    assert helper.title().startswith("Error:"), helper.title()
    summary = helper.locator(".govuk-error-summary").inner_text()
    assert "There is a problem" in summary and NEEDS_AGREEMENT in summary, summary
    assert helper.get_by_label("The goal").input_value() == GOAL
    assert helper.get_by_label("Steps towards it (optional)").input_value() == "\n".join(STEPS)
    assert helper.get_by_label("Who helps (optional)").input_value() == WHO_HELPS
    assert not Goal.objects.filter(text=GOAL).exists()
    check(helper, "add a goal, without the agreement")
    # Without JavaScript the error's link still leads to the box (by its address).
    helper.locator(".govuk-error-summary a").click()
    assert helper.url.endswith("#id_consent"), helper.url
    helper.get_by_label(AGREEMENT_BOX).check()
    click_and_wait(helper, "button", "Add the goal")
    assert banner(helper) == GOAL_ADDED
    home = helper.locator("#section-home").inner_text()
    for line in (GOAL, *STEPS, f"Who helps: {WHO_HELPS}", WRITTEN_FOR):
        assert line in home, f"{line!r} is not in My home: {home}"
    assert f"Look at it again on {long_date(GOAL_DAY)}" in home, home
    check(helper, "the plan with the goal, as the supporter")

    # The person sees the goal, and marks its first step done (a button).
    open_page(me, plan_url)
    assert GOAL in me.locator("#section-home").inner_text()
    click_and_wait(me, "button", re.compile(rf"^Mark done\s*: {STEPS[0]}$"))
    assert banner(me) == STEP_DONE
    assert step_lines(me) == STEPS_AFTER
    check(me, "the plan with a step done")

    # They record a review, choosing a face for Home.
    click_and_wait(me, "link", "Add a review")
    check(me, "add a review")
    fill_date(me, "When did you look at the plan together?", REVIEW_DAY)
    me.get_by_role("group", name="Home: how are things now?").get_by_label(
        "Good", exact=True
    ).check()
    me.get_by_label("What has changed since the last time? (optional)").fill(CHANGED)
    click_and_wait(me, "button", "Save the review")
    assert banner(me) == REVIEW_SAVED
    words, head, rows = journey(me)
    assert words == JOURNEY_WORDS, words
    assert head == JOURNEY_HEAD, head
    assert rows == [JOURNEY_ROW], rows
    chart = me.locator("svg.ev-chart--plan-journey")
    box = chart.bounding_box()
    assert box is not None and box["width"] <= PHONE["width"], box
    check(me, "the plan with the journey")

    # The review's own page, then back to the plan.
    click_and_wait(me, "link", REVIEW_LINK)
    ratings = [" ".join(r.split()) for r in me.locator("#review-ratings li").all_inner_texts()]
    assert ratings == [
        "Home: Good (4)",
        "Wellbeing: Not rated",
        "Community: Not rated",
        "Goals: Not rated",
    ], ratings
    assert me.locator("#review-what-changed").inner_text() == CHANGED
    check(me, "the review")

    # They make "My home" private.
    open_page(me, plan_url)
    click_and_wait(me, "link", WRITE_HOME_NAME)
    me.get_by_label("Only me", exact=True).check()
    click_and_wait(me, "button", "Save the section")
    assert banner(me) == HOME_SAVED
    assert "Seen by: Only me" in me.locator("#section-home").inner_text()
    check(me, "the plan with My home private")

    # The supporter no longer sees the section or its goal.
    open_page(helper, plan_url)
    main = main_text(helper)
    assert HOME not in main and GOAL not in main and "My home" not in main, main
    assert NOTHING_SHARED in main, main
    assert journey(helper)[0] == JOURNEY_WORDS
    check(helper, "the plan after My home was made private, as the supporter")
    check.assert_none()

    assert (
        Section.objects.get(plan__title=PLAN, key="home").visibility == Section.Visibility.PRIVATE
    )
    assert Goal.objects.get(section__plan__title=PLAN).consent_confirmed
    assert Review.objects.get(plan__title=PLAN).what_changed == CHANGED
