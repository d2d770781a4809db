"""The page check finds what it says it finds: each fault, put on a page on purpose, is
reported, and the same page without it is not. (Without these, a page check that looked at
nothing would pass the demo walk.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from .helpers import axe_problems
from .page_check import page_problems, table_problems, text_problems, walk
from .test_every_page import COLOUR_RULES

pytestmark = pytest.mark.browser

STYLE = "<style>body{margin:0;font:16px sans-serif} .scroll{overflow-x:auto}</style>"


@pytest.mark.parametrize(
    "text",
    [
        "Not yet None; Starting None",
        "Score: nan",
        "Hello {{ user.name }}",
        "{% trans 'x' %}",
        "Agree: undefined",
        "Group: [object Object]",
        "Status None",
        "None 5 people",
        "Options: []",
        "Average NaN",
    ],
)
def test_leftovers_are_found(text: str) -> None:
    assert text_problems(f"Results\n{text}\nMore"), text


@pytest.mark.parametrize(
    "text",
    [
        "None of these fit me",
        "None yet",
        "No warning signs",
        "Nancy said nonsense about infinity",
        "We agreed {with} brackets",
        "Nan and Nonna said None of it was right",
    ],
)
def test_ordinary_words_are_not_leftovers(text: str) -> None:
    assert text_problems(text) == []


def test_a_table_of_dashes_is_found_and_one_with_a_figure_is_not() -> None:
    empty = {"caption": "Each perspective", "cells": ["–", "-", "", "—", "n/a"]}
    assert table_problems([empty])
    assert table_problems([{"caption": "Each perspective", "cells": ["–", "12", "", "—"]}]) == []


def _problems(browser: Browser, body: str, widths: tuple[int, ...]) -> list[str]:
    context = browser.new_context(viewport={"width": 1280, "height": 700})
    try:
        page = context.new_page()
        page.set_content(f"<html><head>{STYLE}</head><body><main>{body}</main></body></html>")
        return page_problems(page, widths)[0]
    finally:
        context.close()


def test_something_wider_than_a_phone_is_found(browser: Browser) -> None:
    assert _problems(browser, '<div style="width:400px">Wide</div>', (320,))
    assert _problems(browser, '<div style="width:300px">Fits</div>', (320,)) == []


def test_a_narrow_table_cut_off_in_its_box_is_found(browser: Browser) -> None:
    cells = "".join(
        f'<td style="white-space:nowrap">Column {n} with long words</td>' for n in range(3)
    )
    table = f'<div class="scroll"><table><tbody><tr>{cells}</tr></tbody></table></div>'
    assert _problems(browser, table, (320,))
    # A wide table of many columns may scroll in its box on a phone, but not on a desktop.
    cells = "".join(
        f'<td style="white-space:nowrap">Column {n} with long words</td>' for n in range(12)
    )
    table = f'<div class="scroll"><table><tbody><tr>{cells}</tr></tbody></table></div>'
    assert _problems(browser, table, (320,)) == []
    assert _problems(browser, table, (1280,))


def test_a_page_that_reads_right_has_no_problems(browser: Browser) -> None:
    body = (
        "<h1>Results</h1><p>12 people answered.</p>"
        "<table><caption>Answers</caption><tbody><tr><td>Agree</td><td>7</td></tr></tbody>"
        "</table>"
    )
    assert _problems(browser, body, (1280, 320)) == []
    assert _problems(browser, body.replace("7", "None"), (1280,))


def test_the_walk_finds_each_fault_at_each_width_whichever_width_a_page_opens_at(
    browser: Browser,
) -> None:
    """The walk opens each page at the width it left the last one at (1280 px, then 320 px,
    then 1280 px...): a page opened at 320 px is still looked at properly at 1280 px, and
    the other way round, with the words read at 1280 px. The last page shows its menu (and
    what is wrong in it) only on a large screen, by a script following the width, as
    GOV.UK's header does."""
    many = "".join(
        f'<td style="white-space:nowrap">Column {n} with long words</td>' for n in range(12)
    )
    menu = (
        '<ul id="menu" hidden><li style="width:2000px">Status None</li></ul><script>'
        'const wide = matchMedia("(min-width: 641px)");'
        'const show = () => { document.getElementById("menu").hidden = !wide.matches; };'
        'wide.addEventListener("change", show); show();</script>'
    )
    bodies = {
        "": '<a href="/desktop">1</a> <a href="/phone">2</a> <a href="/menu">3</a>',
        # opened at 320 px: a table that may scroll on a phone but not on a desktop
        "desktop": f'<div class="scroll"><table><tbody><tr>{many}</tr></tbody></table></div>',
        # opened at 1280 px: too wide for a phone
        "phone": '<div style="width:400px">Wide</div>',
        # opened at 320 px: the menu comes only at 1280 px
        "menu": menu,
    }
    context = browser.new_context(viewport={"width": 1280, "height": 700})
    context.route(
        "http://ev.test/**",
        lambda route: route.fulfill(
            content_type="text/html",
            body=f"<html><head>{STYLE}</head><body><main>"
            + bodies[route.request.url.rsplit("/", 1)[1]]
            + "</main></body></html>",
        ),
    )
    try:
        found = walk(context.new_page(), "http://ev.test")
    finally:
        context.close()
    assert found.visited == ["/", "/desktop", "/phone", "/menu"]
    assert set(found.problems) == {"/desktop", "/phone", "/menu"}
    [desktop] = found.problems["/desktop"]
    assert desktop.startswith("at 1280 px a box is cut off at its edge")
    [phone] = found.problems["/phone"]
    assert phone.startswith("at 320 px the page is 400 px wide")
    menu_problems = found.problems["/menu"]
    assert len(menu_problems) == 2, menu_problems
    assert "None" in menu_problems[0]
    assert menu_problems[1].startswith("at 1280 px the page is")


def test_axe_colour_rules_find_poor_contrast_and_axe_comes_with_each_new_page(
    browser: Browser, axe_source: str
) -> None:
    """The high-contrast pass of test_every_page.py runs only axe's colour rules: they find
    grey on grey. And after the first run in a context, axe is there on the next page
    without being sent again (`run_axe`'s init script), and still finds it."""
    head = "<!doctype html><html lang='en'><head><title>T</title></head><body><main>"
    pages = {
        "faint": head + '<p style="color:#aaa;background:#bbb">Faint words</p>',
        "clear": head + "<p>Clear words</p>",
    }
    context = browser.new_context()
    context.route(
        "http://ev.test/*",
        lambda route: route.fulfill(
            content_type="text/html", body=pages[route.request.url.rsplit("/", 1)[1]]
        ),
    )
    try:
        page = context.new_page()
        page.goto("http://ev.test/faint")
        assert page.evaluate("() => typeof window.axe") == "undefined"
        problems = axe_problems(page, axe_source, "faint", COLOUR_RULES)
        assert problems and "color-contrast" in problems[0]
        page.goto("http://ev.test/clear")
        assert page.evaluate("() => typeof window.axe") == "object"
        assert axe_problems(page, axe_source, "clear", COLOUR_RULES) == []
        page.goto("http://ev.test/faint")
        assert axe_problems(page, axe_source, "faint again", COLOUR_RULES)
    finally:
        context.close()
