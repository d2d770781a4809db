"""The page check: what a reader sees on a page, checked for the faults that a page which
loads and passes axe can still have (docs/testing.md, "The page check").

`page_problems` looks at one page as it is now in the browser; `walk` follows the links a
person can reach from a start page, as a person would, and checks every page it finds at
each width. The test that walks the demo as each demo person is test_demo_pages.py."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page as BrowserPage

from ..page_text import EMPTY_CELL, problems_in_text
from ..pages import PAGES

# URL names whose responses are not pages to read (files, or POST only).
NOT_PAGES = {page.name for page in PAGES if page.post_only}
NOT_PAGES |= {"sign-out", "healthz", "readyz"}
SKIP_PATHS = ("/static/", "/media/", "/admin/")

# What the page says: its words, its data tables and its links. Read at 1280 px only: on a
# phone some of it (the header's menu) is folded away, and the words are the same.
_LOOK = """() => {
    const main = document.querySelector("main") || document.body;
    const text = document.body.innerText;
    const tables = [];
    for (const table of main.querySelectorAll("table")) {
        const cells = [...table.querySelectorAll("tbody td")];
        if (!cells.length) continue;
        const caption = (table.caption ? table.caption.innerText :
            (table.getAttribute("aria-label") || "")).trim().replace(/\\s+/g, " ");
        tables.push({caption, cells: cells.map(c => c.innerText.trim())});
    }
    const links = [...document.querySelectorAll("a[href]")].map(a => a.href);
    return {text, tables, links};
}"""

# Anything wider than the screen, and boxes that cut off what is in them. One pass over the
# elements: an element's style is read only when its box reaches past the screen's edges or
# it may scroll sideways (what the checks ask about), not for every element twice over.
_TOO_WIDE = """(width) => {
    const describe = (el) => {
        const names = el.getAttribute("class") || "";
        const cls = names.trim() ? "." + names.trim().split(/\\s+/).join(".") : "";
        const r = el.getBoundingClientRect();
        const text = (el.innerText || el.textContent || "").trim().replace(/\\s+/g, " ")
            .slice(0, 40);
        return `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${cls}> `
            + `left ${Math.round(r.left)} right ${Math.round(r.right)} "${text}"`;
    };
    const clipped = (el) => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            const s = getComputedStyle(p);
            if (s.overflowX !== "visible" || s.clip !== "auto" || s.clipPath !== "none") {
                const r = p.getBoundingClientRect();
                if (r.left >= -0.5 && r.right <= width + 0.5) return true;
            }
        }
        return false;
    };
    const wide = [];
    // A box that scrolls sideways with something cut off at its edge. On a phone a wide
    // data table or chart may scroll in its box; a table of three columns or fewer must
    // fit, and on a larger screen nothing should need scrolling sideways.
    const cut = [];
    for (const el of document.body.querySelectorAll("*")) {
        // Only a box whose content is wider than it can cut anything off.
        const overflows = el.scrollWidth > el.clientWidth + 1 && el.clientWidth !== 0;
        const r = el.getBoundingClientRect();
        const outside = r.width !== 0 && r.height !== 0
            && (r.right > width + 0.5 || r.left < -0.5);
        if (!overflows && !outside) continue;
        const s = getComputedStyle(el);
        if (outside && s.visibility !== "hidden" && s.clip === "auto"
            && s.position !== "fixed" && !clipped(el)) wide.push(describe(el));
        if (!overflows) continue;
        if (s.overflowX !== "auto" && s.overflowX !== "scroll" && s.overflowX !== "hidden")
            continue;
        if (s.clip !== "auto" || el.closest(".govuk-visually-hidden")) continue;
        const row = el.querySelector("tr");
        const columns = row ? row.children.length : 0;
        const chart = el.querySelector("svg[role=img]") !== null;
        if (s.overflowX !== "hidden" && width < 640 && (columns > 3 || chart)) continue;
        cut.push(describe(el) + ` holds ${el.scrollWidth} px in ${el.clientWidth} px`
            + (columns ? ` (a table of ${columns} columns)` : ""));
    }
    return {scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(-6), cut};
}"""

# One call into the page at each width. After the window has changed size, wait for the
# browser's next frame first: its resize and media-query listeners (GOV.UK's header folds
# its menu away on a phone) have then run, so the page is as it would be had it been
# opened at that width.
_CHECK = f"""async ({{width, look, resized}}) => {{
    if (resized) await new Promise((done) => requestAnimationFrame(() => done()));
    return {{look: look ? ({_LOOK})() : null, wide: ({_TOO_WIDE})(width)}};
}}"""


def text_problems(text: str) -> list[str]:
    """Template or Python leftovers in what the reader sees (the first five)."""
    return problems_in_text(text)[:5]


def table_problems(tables: Iterable[dict[str, Any]]) -> list[str]:
    """Data tables with nothing in them: every cell empty or a dash."""
    found = []
    for table in tables:
        cells = table["cells"]
        if cells and all(cell in EMPTY_CELL for cell in cells):
            name = table["caption"] or "(no caption)"
            found.append(f"the table {name!r} has {len(cells)} cells and all are empty or dashes")
    return found


def width_problems(page: BrowserPage, width: int) -> list[str]:
    """Anything wider than the screen that does not scroll inside a box that fits, with the
    page at `width` now."""
    found = page.evaluate(_CHECK, {"width": width, "look": False, "resized": False})
    return _wide_problems(found["wide"], width)


def _wide_problems(found: dict[str, Any], width: int) -> list[str]:
    problems = []
    if found["scrollWidth"] > width or found["wide"]:
        wide = "\n      ".join(found["wide"]) or "(look for negative margins)"
        problems.append(
            f"at {width} px the page is {found['scrollWidth']} px wide; wider than the "
            f"screen:\n      {wide}"
        )
    for box in found["cut"]:
        problems.append(f"at {width} px a box is cut off at its edge: {box}")
    return problems


def page_problems(page: BrowserPage, widths: Iterable[int]) -> tuple[list[str], list[str]]:
    """Problems with the page as it is now, and the links on it. The page is looked at at
    each width for things wider than the screen, and once, at the widest, for its words and
    tables (on a phone the header's menu is folded away; the words are the same).

    The page is looked at first at the width it is already at, if that is one of `widths`,
    and left at the last: a walk then opens the next page at that width, and the window
    changes size once a page, not three times (1280, 320, back to 1280). A page opened at
    320 px and widened to 1280 px is as one opened at 1280 px: our pages are laid out by
    CSS, and the one script that reads the width (GOV.UK's header) follows changes of it,
    which have happened by the time the page is looked at (`_CHECK`)."""
    asked = list(widths)
    size = page.viewport_size or {"width": 1280, "height": 800}
    reading = max(asked)
    order = sorted(asked, key=lambda width: width != size["width"])
    by_width: dict[int, list[str]] = {}
    seen: dict[str, Any] = {}
    for width in order:
        resized = width != size["width"]
        if resized:
            size = {"width": width, "height": size["height"]}
            page.set_viewport_size(size)
        look = width == reading and not seen
        found = page.evaluate(_CHECK, {"width": width, "look": look, "resized": resized})
        if look:
            seen = found["look"]
        by_width[width] = _wide_problems(found["wide"], width)
    # Reported as before: words and tables, then each width in the order asked for.
    problems = text_problems(seen["text"]) + table_problems(seen["tables"])
    for width in dict.fromkeys(asked):
        problems += by_width[width]
    return problems, seen["links"]


@dataclass
class Walk:
    """What a walk found: each page visited, and the problems, by page."""

    visited: list[str] = field(default_factory=list)
    problems: dict[str, list[str]] = field(default_factory=dict)
    status: dict[str, int] = field(default_factory=dict)

    def report(self, who: str) -> str:
        lines = [f"{who}: {len(self.problems)} of {len(self.visited)} pages have problems"]
        for url, found in self.problems.items():
            lines.append(f"  {url}")
            lines += [f"    - {problem}" for problem in found]
        return "\n".join(lines)


def _kind(path: str, query: str) -> str | None:
    """The kind of page a link leads to (its URL name and the names in its query), or
    None for links that are not pages to read."""
    if path.startswith(SKIP_PATHS):
        return None
    try:
        name = resolve(path).url_name or path
    except Resolver404:
        return f"unknown:{path}"
    if name in NOT_PAGES:
        return None
    keys = sorted({part.split("=")[0] for part in query.split("&") if part})
    return name + ("?" + "&".join(keys) if keys else "")


def walk(
    page: BrowserPage,
    base_url: str,
    start: str = "/",
    widths: tuple[int, ...] = (1280, 320),
    per_kind: int = 2,
    limit: int = 400,
    shots: Path | None = None,
    who: str = "",
) -> Walk:
    """Follow every link on our own site from `start`, opening at most `per_kind` pages of
    each kind (URL name), and check each page at each of `widths`. Each page opens at the
    width the last one was left at (`page_problems`). `shots`, when given, keeps a full-page
    screenshot of each page at each width for a person to look at."""
    host = urlsplit(base_url).netloc
    result = Walk()
    queue = [base_url.rstrip("/") + start]
    queued = set(queue)
    kinds: Counter[str] = Counter()
    while queue and len(result.visited) < limit:
        url = queue.pop(0)
        parts = urlsplit(url)
        kind = _kind(parts.path, parts.query)
        if kind is None or kinds[kind] >= per_kind:
            continue
        kinds[kind] += 1
        where = parts.path + (f"?{parts.query}" if parts.query else "")
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # a download, or a page that never came
            if "Download is starting" in str(error):
                continue
            result.problems[where] = [f"did not open: {error}"]
            continue
        status = response.status if response else 0
        result.status[where] = status
        content_type = response.headers.get("content-type", "") if response else ""
        if not content_type.startswith("text/html"):
            continue
        result.visited.append(where)
        found: list[str] = []
        if status >= 400:
            found.append(f"a link leads here and the page says {status}")
        problems, links = page_problems(page, widths)
        found += problems
        if shots is not None:
            _screenshots(page, shots, who, where, widths)
        if found:
            result.problems[where] = found
        for link in links:
            link, _ = urldefrag(link)
            if urlsplit(link).netloc == host and link not in queued:
                queued.add(link)
                queue.append(link)
    return result


def _screenshots(
    page: BrowserPage, folder: Path, who: str, where: str, widths: Iterable[int]
) -> None:
    size = page.viewport_size or {"width": 1280, "height": 800}
    slug = re.sub(r"[^a-z0-9]+", "-", where.lower()).strip("-") or "home"
    folder.mkdir(parents=True, exist_ok=True)
    for width in widths:
        page.set_viewport_size({"width": width, "height": size["height"]})
        page.screenshot(path=str(folder / f"{who}--{slug}--{width}.png"), full_page=True)
    page.set_viewport_size(size)


def screenshot_folder() -> Path | None:
    """EQUALVOICE_SHOTS=/some/folder keeps screenshots of every page the walk opens."""
    folder = os.environ.get("EQUALVOICE_SHOTS", "")
    return Path(folder) if folder else None
