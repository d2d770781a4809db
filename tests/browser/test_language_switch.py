"""Issue 18: choosing Welsh on a phone with the keyboard alone, and back again. The
switch is a form of two buttons, so it works without JavaScript as well."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ..conftest import World
from .conftest import Contexts
from .helpers import axe_problems, open_page, press_and_wait, tab_to

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}


def test_choosing_welsh_on_a_phone_with_the_keyboard(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    page = contexts.page(live_world.member, **PHONE)
    open_page(page, reverse("accessibility"))
    assert page.get_attribute("html", "lang") == "en-GB"
    # The switch comes before the page's own content, so it is a few Tabs away.
    tab_to(page, "button[name=language][value=cy]", limit=15)
    press_and_wait(page)
    assert page.url.endswith(reverse("accessibility"))  # the same page, now in Welsh
    assert page.get_attribute("html", "lang") == "cy"
    assert page.get_attribute("nav.ev-language-switch", "aria-label") == "Iaith"
    assert page.locator(".ev-language-switch__current").inner_text() == "Cymraeg"
    assert "Nid yw siaradwr Cymraeg rhugl" in page.locator(".ev-welsh-preview").inner_text()
    # Nothing is wider than the phone (WCAG 1.4.10, reflow), and axe finds nothing.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert not axe_problems(page, axe_source, "accessibility page in Welsh, on a phone")
    # The choice is remembered on the next page, then English again with the keyboard.
    open_page(page, reverse("home"))
    assert page.get_attribute("html", "lang") == "cy"
    tab_to(page, "button[name=language][value=en-gb]", limit=15)
    press_and_wait(page)
    assert page.get_attribute("html", "lang") == "en-GB"
