"""Speakeasy in a real browser: the widget flags jargon as you type and applies a
suggestion in one click; a challenged word, once accepted, is flagged in the next check
of any text; without JavaScript, the preview step does the same. On a phone and a wide
screen, with and without JavaScript, each "Use …" button sits inside its own warning,
nearer to it than to the next, and the panel passes axe (which needs JavaScript)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from equalvoice.core.models import Contribution

from ..conftest import World
from .conftest import Contexts
from .helpers import axe_problems, click_and_wait

pytestmark = pytest.mark.browser


def test_widget_flags_jargon_as_you_type_and_applies_a_suggestion(
    live_world: World, contexts: Contexts
) -> None:
    w = live_world
    page = contexts.page(w.member)
    page.goto(reverse("contribute", args=[w.org.slug, w.group.slug]))
    page.locator("#id_text").press_sequentially("We will signpost people to the day centre.")
    feedback = page.locator("#id_text-speakeasy")
    feedback.get_by_text("Hard word").wait_for()
    assert "signpost" in feedback.inner_text()
    button = feedback.locator("button.ev-apply").first
    label = button.inner_text()
    suggestion = label.split("“", 1)[1].split("”", 1)[0]
    button.click()
    page.wait_for_function(
        "s => document.querySelector('#id_text').value.includes(s)", arg=suggestion
    )
    value = page.locator("#id_text").input_value()
    assert "signpost" not in value and suggestion in value
    # Saving works straight away: the page is still a normal form.
    page.locator("#main-content form button[type=submit]").first.click()
    page.wait_for_url(f"**{reverse('group', args=[w.org.slug, w.group.slug])}")
    assert Contribution.objects.filter(text=value).exists()


def test_accepted_challenge_is_flagged_in_the_next_check(
    live_world: World, contexts: Contexts
) -> None:
    w = live_world
    page = contexts.page(w.member)
    page.goto(reverse("challenge", args=[w.org.slug]) + "?term=day+opportunities+hub")
    page.get_by_label("This word shuts people out").check()
    page.get_by_label("A simpler word (if you know one)").fill("day centre")
    page.locator("#main-content form button[type=submit]").first.click()
    page.get_by_text("A facilitator will look at this word").wait_for()

    contexts.become(page, w.facilitator)
    page.goto(reverse("words", args=[w.org.slug]))
    page.get_by_role("link", name="Answer this challenge about “day opportunities hub”").click()
    assert page.get_by_label("The simpler word or words to use").input_value() == "day centre"
    page.get_by_role("button", name="Use the simpler word").click()
    page.get_by_text("Your answer about").wait_for()

    contexts.become(page, w.member)
    page.goto(reverse("check-writing"))
    page.get_by_label("Your writing").fill("Come to the day opportunities hub on Friday.")
    page.get_by_role("button", name="Check", exact=True).click()
    results = page.locator("#main-content")
    results.locator(".ev-finding__text").get_by_text("“day opportunities hub”").wait_for()
    assert "day centre" in results.inner_text()
    # One click puts the simpler word in, and the writing is checked again.
    name = "Use “day centre” instead of “day opportunities hub”"
    results.get_by_role("button", name=name).click()
    page.get_by_text("Speakeasy: this reads clearly.").wait_for()
    assert page.get_by_label("Your writing").input_value() == "Come to the day centre on Friday."


def test_without_javascript_the_preview_step_applies_a_suggestion(
    live_world: World, contexts: Contexts
) -> None:
    w = live_world
    context = contexts.browser.new_context(base_url=contexts.base_url, java_script_enabled=False)
    contexts.made.append(context)
    page = context.new_page()
    contexts.become(page, w.member)
    page.goto(reverse("contribute", args=[w.org.slug, w.group.slug]))
    page.locator("#id_text").fill("Going forward we meet on Mondays.")
    page.get_by_role("button", name="Check my writing first").click()
    apply = page.locator("button.ev-apply").first
    suggestion = apply.inner_text().split("“", 1)[1].split("”", 1)[0]
    click_and_wait(apply)  # without JavaScript, the button sends the form
    value = page.locator("#id_text").input_value()
    assert value.startswith(suggestion) and "Going forward" not in value
    assert not Contribution.objects.filter(text__contains="Mondays").exists()


# Sixty words of officialese in two long sentences.
OFFICIALESE = (
    "With regard to the aforementioned matter, the council will endeavour to facilitate the "
    "commencement of a comprehensive programme of stakeholder engagement in order to "
    "ascertain the requirements of people going forward. It is anticipated that the "
    "implementation of the revised arrangements will be undertaken in accordance with the "
    "relevant statutory guidance, notwithstanding the budgetary constraints that have been "
    "identified by the board."
)
# Where each "Use …" button is: its own warning's box and message, the row of buttons it
# is in, and the next warning.
BUTTONS_AND_BOXES = """() => {
  const boxes = [...document.querySelectorAll('#id_text-speakeasy li.ev-finding')];
  const rect = (el) => el ? el.getBoundingClientRect().toJSON() : null;
  return [...document.querySelectorAll('#id_text-speakeasy button.ev-apply')].map((b) => {
    const box = b.closest('li.ev-finding');
    const next = boxes.slice(boxes.indexOf(box) + 1).find((li) => !box.contains(li));
    return {
      label: b.innerText, button: rect(b), box: rect(box), next: rect(next),
      message: rect(box.querySelector(':scope > .ev-finding__message')),
      buttons: rect(b.closest('.ev-finding__actions')),
    };
  });
}"""


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-javascript"])
@pytest.mark.parametrize("width", [320, 1280])
def test_each_use_button_sits_inside_its_own_warning(
    live_world: World, contexts: Contexts, axe_source: str, width: int, javascript: bool
) -> None:
    w = live_world
    context = contexts.browser.new_context(
        base_url=contexts.base_url,
        viewport={"width": width, "height": 900},
        java_script_enabled=javascript,
    )
    contexts.made.append(context)
    page = context.new_page()
    contexts.become(page, w.member)
    page.goto(reverse("contribute", args=[w.org.slug, w.group.slug]))
    page.locator("#id_text").fill(OFFICIALESE)
    if not javascript:
        page.get_by_role("button", name="Check my writing first").click()
    feedback = page.locator("#id_text-speakeasy")
    feedback.locator(".ev-findings").first.wait_for()
    headline = feedback.locator("h3").inner_text()
    top = feedback.locator("ul.ev-findings:not(.ev-findings--inside) > li.ev-finding")
    assert headline == f"Speakeasy: {top.count()} things you could make clearer"
    assert top.count() == 2  # two long sentences, each with its hard words inside it
    assert top.first.locator("ul.ev-findings--inside > li").count() > 3

    places = page.evaluate(BUTTONS_AND_BOXES)
    assert len(places) > 10
    for place in places:
        button, box, buttons, after = place["button"], place["box"], place["buttons"], place["next"]
        where = f"{place['label']!r} at {width} px"
        assert box["left"] <= button["left"] and button["right"] <= box["right"], where
        assert box["top"] <= button["top"] and button["bottom"] <= box["bottom"], where
        # The buttons are nearer their own warning's words than the next warning.
        gap_to_own = buttons["top"] - place["message"]["bottom"]
        if after is not None:
            assert 0 <= gap_to_own < after["top"] - buttons["bottom"], where
    reflows = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert reflows, f"The page scrolls sideways at {width} px"
    if javascript:  # axe runs in the page, so only with JavaScript; the markup is the same
        problems = axe_problems(page, axe_source, f"the panel at {width} px")
        assert not problems, "\n".join(problems)
