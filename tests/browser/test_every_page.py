"""Every page in tests/pages.py, in headless Chromium, in each different way it comes out
for the roles who can see it (`renderings`: the most privileged role who gets it, and
any other role who gets different elements, such as a member without a facilitator's
controls or someone not signed in with a different header). Each rendering is opened
once, and on that one load:

- axe-core finds no WCAG 2.2 A or AA problems (and, with high contrast colours on, none
  of its colour rules fails, on the rendering with the most on it);
- the keyboard: the first Tab reaches the skip link, every focus shows, Tab leaves the
  page at the end (no trap), and the skip link takes focus into <main>;
- at 320 CSS pixels wide nothing scrolls sideways (WCAG 1.4.10 Reflow);
- a page with a form is sent empty, and its error state is checked for reflow and axe.

Roles who get a 403, a 404 or a redirect are the permission grid's business
(tests/test_permission_grid.py), without a browser."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, ViewportSize
from playwright.sync_api import Page as BrowserPage

from ..conftest import World
from ..pages import Page as PageSpec
from .conftest import Contexts
from .helpers import (
    BROWSER_PAGES,
    axe_problems,
    keyboard_problems,
    open_page,
    renderings,
    submit_first_form_empty,
)
from .test_reflow import WIDTH, reflow_problems

pytestmark = pytest.mark.browser

WIDE: ViewportSize = {"width": 1024, "height": 768}
NARROW: ViewportSize = {"width": WIDTH, "height": 640}
HIGH_CONTRAST = "ev-high-contrast"
# High contrast changes only colours and borders (frontend/scss, `html.ev-high-contrast`),
# so with it on, axe runs only its rules that depend on colour (both WCAG 2 AA/A rules).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def high_contrast_axe_problems(page: BrowserPage, axe_source: str, where: str) -> list[str]:
    """axe's colour rules again with high contrast colours on. The preference is only a
    class on <html> (`DisplayPreferences.css_classes`), so it is put there without loading
    the page again; test_axe.py checks the server puts it there."""
    had = page.evaluate(
        "(c) => { const had = document.documentElement.classList.contains(c);"
        " document.documentElement.classList.add(c); return had; }",
        HIGH_CONTRAST,
    )
    try:
        return axe_problems(page, axe_source, f"{where}, with high contrast", COLOUR_RULES)
    finally:
        if not had:
            page.evaluate("(c) => document.documentElement.classList.remove(c)", HIGH_CONTRAST)


@pytest.fixture(scope="module")
def tab(browser: Browser, live_server: object) -> Iterator[tuple[Contexts, BrowserPage]]:
    """One browser tab for all the pages a worker opens here. `contexts.become` clears the
    cookies before each rendering, and the pages keep nothing else in the browser; a new
    context for each page cost about a quarter of a second, and our CSS and JavaScript
    would be fetched again each time."""
    contexts = Contexts(browser, str(live_server.url))  # type: ignore[attr-defined]
    yield contexts, contexts.page()
    contexts.close()


@pytest.mark.parametrize("spec", BROWSER_PAGES, ids=[p.name for p in BROWSER_PAGES])
def test_page_in_the_browser(
    live_world: World,
    tab: tuple[Contexts, BrowserPage],
    axe_source: str,
    spec: PageSpec,
) -> None:
    url = spec.url(live_world)
    found = renderings(spec, live_world)
    assert found, f"No one can see {spec.name}: check its expectations in tests/pages.py"
    richest = max(found, key=lambda r: r.elements)
    contexts, page = tab
    problems: list[str] = []
    for rendering in found:
        where = f"{spec.name} ({url}) {rendering}"
        page.set_viewport_size(WIDE)
        contexts.become(page, live_world.user(rendering.role))
        open_page(page, url)
        problems += axe_problems(page, axe_source, where)
        if rendering is richest:
            problems += high_contrast_axe_problems(page, axe_source, where)
        problems += keyboard_problems(page, where)

        # The same page at 320 px: the layout follows the new width without a reload.
        page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
        page.set_viewport_size(NARROW)
        problems += reflow_problems(page, f"{where} at {WIDTH} px")

        # Its error state: sent empty at 320 px, then axe at the usual width.
        if spec.form and submit_first_form_empty(page):
            where += ", after sending the form empty"
            problems += reflow_problems(page, f"{where}, at {WIDTH} px")
            page.set_viewport_size(WIDE)
            problems += axe_problems(page, axe_source, where)
            if rendering is richest:
                problems += high_contrast_axe_problems(page, axe_source, where)
    assert not problems, "\n\n".join(problems)
