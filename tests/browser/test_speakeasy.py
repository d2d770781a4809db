"""Speakeasy in a real browser: the widget flags jargon as you type and applies a
suggestion in one click; a challenged word, once accepted, is flagged in the next check
of any text; without JavaScript, the preview step does the same."""

from __future__ import annotations

import pytest
from django.urls import reverse

from equalvoice.core.models import Contribution

from ..conftest import World
from .conftest import Contexts

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
    results.get_by_text("“day opportunities hub”").wait_for()
    assert "day centre" in results.inner_text()


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
    apply.click()
    value = page.locator("#id_text").input_value()
    assert value.startswith(suggestion) and "Going forward" not in value
    assert not Contribution.objects.filter(text__contains="Mondays").exists()
