"""At 320 CSS pixels wide (a small phone, or 1280 px zoomed to 400%) no page scrolls
sideways (WCAG 1.4.10 Reflow). Something wide may scroll inside its own box, if that box
fits on the screen."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ..conftest import World
from .conftest import Contexts
from .helpers import open_page

pytestmark = pytest.mark.browser

WIDTH = 320

_OVERFLOW = """(width) => {
    const describe = (el) => {
        const cls = el.className && typeof el.className === "string"
            ? "." + el.className.trim().split(/\\s+/).join(".") : "";
        const r = el.getBoundingClientRect();
        const text = (el.innerText || "").trim().replace(/\\s+/g, " ").slice(0, 40);
        return `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${cls}> `
            + `left ${Math.round(r.left)} right ${Math.round(r.right)} "${text}"`;
    };
    const inScrollBox = (el) => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            const ox = getComputedStyle(p).overflowX;
            if (ox !== "visible") return true;
        }
        return false;
    };
    const wide = [];
    const boxes = [];
    for (const el of document.body.querySelectorAll("*")) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        const ox = getComputedStyle(el).overflowX;
        if ((ox === "auto" || ox === "scroll") && (r.left < -0.5 || r.right > width + 0.5))
            boxes.push(describe(el));
        if ((r.right > width + 0.5 || r.left < -0.5) && !inScrollBox(el)) wide.push(describe(el));
    }
    return {
        scrollWidth: document.documentElement.scrollWidth,
        // The innermost wide things are the ones to fix.
        wide: wide.slice(-8),
        boxes,
    };
}"""


def overflow(page: Any) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(_OVERFLOW, WIDTH)
    return result


def reflow_problems(page: Any, where: str) -> list[str]:
    found = overflow(page)
    problems = []
    if found["scrollWidth"] > WIDTH:
        wide = "\n      ".join(found["wide"]) or "(nothing found: look for negative margins)"
        problems.append(
            f"{where}: the page is {found['scrollWidth']} px wide at {WIDTH} px, so it "
            f"scrolls sideways. Wider than the screen:\n      {wide}"
        )
    if found["boxes"]:
        boxes = "\n      ".join(found["boxes"])
        problems.append(f"{where}: a scrolling box is wider than the screen:\n      {boxes}")
    return problems


PREFERENCES = {
    "larger-text": ("larger", False),
    "easy-read": ("standard", True),
    "larger-text-and-easy-read": ("larger", True),
}


@pytest.mark.parametrize("preference", PREFERENCES)
def test_no_sideways_scrolling_at_320px_with_display_preferences(
    live_world: World, contexts: Contexts, preference: str
) -> None:
    person = live_world.facilitator
    person.text_size, person.easy_read = PREFERENCES[preference]
    person.save(update_fields=["text_size", "easy_read"])
    group = {"org": live_world.org.slug, "group": live_world.group.slug}
    urls = [
        reverse("home"),
        reverse("group", kwargs=group),
        reverse("members", kwargs=group),
        reverse("contribute", kwargs=group),
        reverse("invite", kwargs=group),
        reverse("access-needs"),
        reverse("display-settings"),
    ]
    page = contexts.page(person, width=WIDTH, height=640)
    problems: list[str] = []
    for url in urls:
        open_page(page, url)
        problems += reflow_problems(page, f"{url} with {preference}")
    assert not problems, "\n\n".join(problems)
