"""Easy read with pictures in the browser (issue 18): an easy-read page with pictures
passes axe at WCAG 2.2 AA on a phone and on a wide screen, its pictures load and say
what they show; a facilitator changes one sentence's picture to none on the page for
it (which passes axe too), with the keyboard, and the easy-read page shows none."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ..conftest import World
from .conftest import Contexts
from .helpers import axe_problems, click_and_wait, open_page

pytestmark = pytest.mark.browser

SENTENCE = "We talk about the bus."


def test_easy_read_with_pictures_passes_axe_and_a_picture_can_be_changed(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    w = live_world
    w.group.purpose = f"We meet every month. {SENTENCE}"
    w.group.save(update_fields=["purpose"])
    url = reverse("easy-read-group", kwargs={"org": w.org.slug, "group": w.group.slug})
    problems: list[str] = []
    for width in (320, 1280):
        page = contexts.page(w.member, width=width, height=800)
        open_page(page, url)
        problems += axe_problems(page, axe_source, f"easy read at {width} px")
        bus = page.locator("img.ev-easy__openmoji[alt='A bus']")
        assert bus.count() == 1
        # The picture loaded (a broken image has no natural width).
        assert bus.evaluate("img => img.complete && img.naturalWidth > 0")

    page = contexts.page(w.facilitator, width=320, height=800)
    open_page(page, url)
    click_and_wait(page.get_by_role("link", name=f"Change the picture for “{SENTENCE}”"))
    problems += axe_problems(page, axe_source, "choosing a picture")
    page.get_by_label("No picture").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save the picture").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{url}")
    line = page.locator("li.ev-easy__line", has_text=SENTENCE)
    assert line.get_attribute("data-picture") == "none"
    assert line.locator("img").count() == 0
    assert problems == [], "\n".join(problems)
