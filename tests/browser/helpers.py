"""What the browser tests share: which pages to open as whom, running axe-core and
printing what it finds, and checking where keyboard focus is and that it shows."""

from __future__ import annotations

import json
import weakref
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from playwright.sync_api import BrowserContext, Locator
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page as BrowserPage

from ..conftest import ROLES, World
from ..pages import OK, PAGES
from ..pages import Page as PageSpec
from .conftest import BROWSER_ROLES

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Pages that answer with something other than HTML.
NOT_HTML = {"healthz", "readyz"}

# Every page a person can open in a browser: new pages in tests/pages.py come in here.
# Pages reached only part way through a journey, looked at (with axe) by that journey's
# own test: the second step of signing in, after a right password (test_two_step.py).
IN_A_JOURNEY = {"sign-in-two-step", "easy-read-picture"}
BROWSER_PAGES = [p for p in PAGES if not p.post_only and p.name not in NOT_HTML | IN_A_JOURNEY]


def roles_seeing(page: PageSpec) -> list[str]:
    """The roles that get the page itself (200) from a GET."""
    by_role = dict(zip(ROLES, page.expect, strict=True))
    return [role for role in BROWSER_ROLES if by_role[role] == OK]


# --- which renderings of a page to look at -------------------------------------------

# Attributes whose value shapes what axe, the keyboard and the layout meet. Any other
# attribute counts by its name only: its value is a token, an address or someone's data.
_SHAPING = {
    "class", "id", "type", "role", "name", "for", "tabindex", "method", "scope", "lang",
    "aria-hidden", "aria-expanded", "aria-current", "aria-live", "aria-describedby",
    "aria-labelledby", "aria-controls",
}  # fmt: skip


class _Shape(HTMLParser):
    """The elements of a page in order, with their shaping attributes, and where there is
    text (but not what it says)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kept = sorted(f"{n}={v}" if n in _SHAPING else n for n, v in attrs)
        self.tokens.append(f"<{tag} {' '.join(kept)}>")

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(f"/{tag}")

    def handle_data(self, data: str) -> None:
        if data.strip() and (not self.tokens or self.tokens[-1] != "text"):
            self.tokens.append("text")


def page_shape(html: str) -> tuple[str, ...]:
    parser = _Shape()
    parser.feed(html)
    parser.close()
    return tuple(parser.tokens)


@dataclass(frozen=True)
class Rendering:
    """One way a page comes out: for `role`, the most privileged who gets it, and for the
    less privileged roles in `same_for`."""

    role: str
    same_for: tuple[str, ...]
    elements: int

    def __str__(self) -> str:
        same = f" (the same for {', '.join(self.same_for)})" if self.same_for else ""
        return f"as {self.role}{same}"


def renderings(spec: PageSpec, world: World) -> list[Rendering]:
    """The different ways a page comes out for the roles who get it (200), most privileged
    first. Django's test client (no browser) fetches it as each role; roles who get the
    same elements in the same order with the same shaping attributes (see `_SHAPING`) and
    text in the same places share a rendering. So a page where a facilitator has controls
    a member does not, or where someone signed in has a different header from someone who
    is not, is looked at both ways; a page that is the same for everyone, once."""
    url = spec.url(world)
    by_shape: dict[tuple[str, ...], list[str]] = {}
    for role in roles_seeing(spec):
        response = world.client(role).get(url)
        assert response.status_code == OK, f"GET {url} as {role} gave {response.status_code}"
        by_shape.setdefault(page_shape(response.content.decode()), []).append(role)
    found = [
        Rendering(roles[-1], tuple(roles[:-1]), sum(t.startswith("<") for t in shape))
        for shape, roles in by_shape.items()
    ]
    return sorted(found, key=lambda r: BROWSER_ROLES.index(r.role), reverse=True)


def open_page(page: BrowserPage, url: str) -> None:
    response = page.goto(url)
    assert response is not None, f"No response for {url}"
    assert response.status == OK, f"GET {url} gave {response.status}, not 200"
    content_type = response.headers.get("content-type", "")
    assert content_type.startswith("text/html"), f"{url} is {content_type}, not HTML"
    # GOV.UK Frontend's CSS takes away the browser's margin round the page.
    styled = page.evaluate("() => getComputedStyle(document.body).marginTop === '0px'")
    assert styled, f"{url}: our CSS did not load (is equalvoice/static found by staticfiles?)"


def click_and_wait(target: Locator) -> None:
    """Click a link or a button that sends a form, and wait for the next page: axe or a
    read of the page straight after the click would otherwise meet the page being left."""
    with target.page.expect_navigation():
        target.click()


def press_and_wait(page: BrowserPage, key: str = "Enter") -> None:
    """Press a key that sends a form or follows a link, and wait for the new page."""
    with page.expect_navigation():
        page.keyboard.press(key)


# --- axe-core -------------------------------------------------------------------------


# The browser contexts that load axe into each of their pages (`run_axe`).
_AXE_CONTEXTS: weakref.WeakSet[BrowserContext] = weakref.WeakSet()


def run_axe(
    page: BrowserPage, axe_source: str, rules: list[str] | None = None
) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now (all of `AXE_TAGS`, or only the axe `rules`
    named); returns the violations.

    Our Content-Security-Policy forbids inline scripts, so axe is evaluated through the
    DevTools protocol (which the page's policy does not govern) instead of a script tag.
    The first time in a browser context it is also made an init script of the context, so
    every later page there has axe from the start: sending axe's 650 kB over the protocol
    for each page took about a third of the time axe took."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source + "\n;0")
        if page.context not in _AXE_CONTEXTS:
            page.context.add_init_script(axe_source + "\n;0")
            _AXE_CONTEXTS.add(page.context)
    result: list[dict[str, Any]] = page.evaluate(
        """async ([type, values]) => {
            const results = await window.axe.run(document, {
                runOnly: {type, values},
                resultTypes: ["violations"],
            });
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    target: n.target, html: n.html, summary: n.failureSummary,
                })),
            }));
        }""",
        ["tag", AXE_TAGS] if rules is None else ["rule", rules],
    )
    return result


def describe_violations(where: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{where}: {len(violations)} axe violation(s)"]
    for violation in violations:
        lines.append(
            f"  [{violation['id']}] ({violation['impact']}) {violation['help']}"
            f"\n      {violation['helpUrl']}"
        )
        for node in violation["nodes"][:8]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"      - {json.dumps(node['target'])}: {node['html'][:160]}")
            if summary:
                lines.append(f"          {summary[:300]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"      ... and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


def axe_problems(
    page: BrowserPage, axe_source: str, where: str, rules: list[str] | None = None
) -> list[str]:
    violations = run_axe(page, axe_source, rules)
    return [describe_violations(where, violations)] if violations else []


def submit_first_form_empty(page: BrowserPage) -> bool:
    """Empty what can be typed or ticked in the first form in <main> that has fields,
    and send it. Returns False when there is no such form (nothing to get wrong)."""
    found = page.evaluate(
        """() => {
            const main = document.getElementById("main-content");
            const typed = "input:not([type=hidden]):not([type=submit]), textarea, select";
            const form = [...main.querySelectorAll("form")].find(
                f => f.method.toLowerCase() === "post" && f.querySelector(typed));
            if (!form) return false;
            for (const el of form.elements) {
                if (el.type === "checkbox" || el.type === "radio") el.checked = false;
                else if (el.tagName === "TEXTAREA" || (el.tagName === "INPUT"
                         && !["hidden", "submit", "button"].includes(el.type))) el.value = "";
            }
            form.dataset.evEmptied = "yes";
            return true;
        }"""
    )
    if found:
        with page.expect_navigation():
            page.evaluate("() => document.querySelector('form[data-ev-emptied]').requestSubmit()")
    return bool(found)


# --- keyboard focus -------------------------------------------------------------------

_SNAPSHOT = """() => {
    // The look of everything focusable while it is not focused, to compare against.
    const snap = new WeakMap();
    const sel = "a[href], button, input, select, textarea, summary, [tabindex]";
    for (const el of document.querySelectorAll(sel)) {
        if (el === document.activeElement) continue;
        const s = getComputedStyle(el);
        const label = el.matches("input[type=checkbox], input[type=radio]")
            ? el.labels && el.labels[0] : null;
        const before = label ? getComputedStyle(label, "::before") : null;
        snap.set(el, {
            bg: s.backgroundColor, shadow: s.boxShadow,
            beforeShadow: before ? before.boxShadow : null,
        });
    }
    window.__evUnfocused = snap;
}"""

_FOCUS_STATE = """() => {
    const el = document.activeElement;
    const main = document.getElementById("main-content");
    const visibleColour = c => c && c !== "transparent" && !/rgba\\(.*,\\s*0\\)$/.test(c);
    const describe = (el) => {
        if (!el || el === document.body) return null;
        let text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
        if (!text && el.labels && el.labels[0]) text = el.labels[0].innerText.trim();
        const id = el.id ? "#" + el.id : "";
        return `<${el.tagName.toLowerCase()}${id}> "${text.slice(0, 60)}"`;
    };
    const indicator = (el) => {
        const s = getComputedStyle(el);
        const before = (window.__evUnfocused && window.__evUnfocused.get(el)) || null;
        const found = [];
        // An invisible element (GOV.UK's checkbox and radio inputs) shows nothing itself.
        const seen = s.opacity !== "0";
        if (seen && s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0
            && visibleColour(s.outlineColor)) found.push("outline " + s.outlineColor);
        if (seen && s.boxShadow !== "none" && (!before || before.shadow !== s.boxShadow))
            found.push("box-shadow " + s.boxShadow);
        if (seen && before && before.bg !== s.backgroundColor)
            found.push("background " + before.bg + " -> " + s.backgroundColor);
        // GOV.UK checkboxes and radios hide the input and draw the box on the label.
        if (el.matches("input[type=checkbox], input[type=radio]") && el.labels && el.labels[0]) {
            const b = getComputedStyle(el.labels[0], "::before");
            if (b.boxShadow !== "none" && (!before || before.beforeShadow !== b.boxShadow))
                found.push("label box-shadow " + b.boxShadow);
        }
        return found;
    };
    if (!el || el === document.body || el === document.documentElement)
        return {where: "none", describe: null, indicator: [], tabbable: false};
    return {
        where: el === main ? "main" : (main && main.contains(el) ? "in-main"
               : (main && (main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)
                  ? "after-main" : "before-main")),
        describe: describe(el),
        indicator: indicator(el),
        tabbable: el.tabIndex >= 0,
        skipLink: el.classList.contains("govuk-skip-link"),
        text: (el.innerText || "").trim(),
        id: el.id,
        tag: el.tagName.toLowerCase(),
        type: el.type || null,
        href: el.getAttribute("href"),
    };
}"""


def snapshot_unfocused(page: BrowserPage) -> None:
    page.evaluate(_SNAPSHOT)


def focus_state(page: BrowserPage) -> dict[str, Any]:
    state: dict[str, Any] = page.evaluate(_FOCUS_STATE)
    return state


def tab(page: BrowserPage, shift: bool = False) -> dict[str, Any]:
    """Press Tab (or Shift+Tab) and check the newly focused element shows its focus."""
    if not page.evaluate("() => !!window.__evUnfocused"):
        snapshot_unfocused(page)
    page.keyboard.press("Shift+Tab" if shift else "Tab")
    state = focus_state(page)
    if state["describe"] is not None and state["tabbable"]:
        assert state["indicator"], (
            f"{page.url}: {state['describe']} has keyboard focus but no visible focus "
            "indicator (no outline, no box-shadow, no change of background)"
        )
    return state


_FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]"


def walk_focus(page: BrowserPage) -> list[dict[str, Any]]:
    """Press Tab from the top of the page until focus leaves the page or comes round
    again, and check every focus is visible. The page records each focus as it happens,
    so each key press is one round trip. Returns the focus states, in order."""
    snapshot_unfocused(page)
    record = """(selector) => {
        const state = __FOCUS_STATE__;
        const all = [...document.querySelectorAll("*")];
        window.__evFocusLog = [];
        document.addEventListener("focusin", () => {
            const s = state();
            s.key = all.indexOf(document.activeElement);
            window.__evFocusLog.push(s);
        }, true);
        return document.querySelectorAll(selector).length;
    }"""
    count: int = page.evaluate(record.replace("__FOCUS_STATE__", _FOCUS_STATE), _FOCUSABLE)
    # A date or time field is several Tab stops in Chromium (day, month, year, button).
    count += 4 * page.locator("input[type=date], input[type=time]").count()
    for _ in range(count + 2):
        page.keyboard.press("Tab")
    log: list[dict[str, Any]] = page.evaluate("() => window.__evFocusLog")
    left = page.evaluate("() => document.activeElement === document.body")
    seen: list[str] = []
    states: list[dict[str, Any]] = []
    keys: set[int] = set()
    for state in log:
        if state["key"] in keys:
            left = True  # came round to the top again
            break
        keys.add(state["key"])
        seen.append(state["describe"])
        states.append(state)
        if state["tabbable"]:
            assert state["indicator"], (
                f"{page.url}: {state['describe']} has keyboard focus but no visible focus "
                "indicator (no outline, no box-shadow, no change of background)"
            )
    assert left, f"{page.url}: Tab never left the page (a keyboard trap?): {seen}"
    return states


def follow_skip_link(page: BrowserPage) -> dict[str, Any]:
    """With focus on the skip link: Enter moves focus to <main>, and the next Tab lands on
    the first thing in <main>. Returns where that Tab went."""
    before = page.url
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'main-content'", timeout=2_000)
    # Forms post back to the address: "#main-content" there would pull focus to <main>
    # on the next page, away from its error summary.
    assert page.url == before, f"The skip link changed the address to {page.url}"
    after = tab(page)
    assert after["where"] == "in-main", (
        f"{page.url}: after the skip link, Tab should land inside <main>, not on "
        f"{after['describe']} ({after['where']})"
    )
    return after


def is_skip_link(state: dict[str, Any]) -> bool:
    return bool(state.get("skipLink")) and state.get("text") == "Skip to main content"


def skip_to_main(page: BrowserPage, banner: bool = False) -> dict[str, Any]:
    """First Tab reaches the skip link; Enter moves focus to <main>; the next Tab lands
    on the first thing in <main>. Returns where that Tab went.

    On a page with an error summary or a success banner (`banner`), GOV.UK Frontend
    moves focus there when the page loads: the next Tab goes on from there, in <main>."""
    start = focus_state(page)
    if banner:
        assert start["where"] == "in-main", f"{page.url}: focus is not on the banner: {start}"
        after = tab(page)
        assert after["where"] == "in-main", (
            f"{page.url}: focus started in <main> ({start['describe']}), "
            f"but Tab went to {after['describe']} ({after['where']})"
        )
        return after
    first = tab(page)
    assert is_skip_link(first), (
        f"{page.url}: the first Tab should reach the 'Skip to main content' link, "
        f"not {first['describe']}"
    )
    return follow_skip_link(page)


def keyboard_problems(page: BrowserPage, where: str) -> list[str]:
    """On a page just opened: Tab from the top reaches the skip link first, then goes
    through everything with a visible focus and off the end (no trap); then the skip link,
    focused again, takes focus to <main> and the next Tab into it."""
    try:
        states = walk_focus(page)
        assert states and is_skip_link(states[0]), (
            f"{page.url}: the first Tab should reach the 'Skip to main content' link, "
            f"not {states[0]['describe'] if states else 'nothing'}"
        )
        page.locator(".govuk-skip-link").focus()
        follow_skip_link(page)
    except (AssertionError, PlaywrightError) as failed:
        return [f"{where}, with the keyboard: {failed}"]
    return []


def tab_to(page: BrowserPage, css: str, limit: int = 60) -> dict[str, Any]:
    """Press Tab until the element matching `css` has focus."""
    seen = []
    for _ in range(limit):
        state = tab(page)
        if page.evaluate("(css) => document.activeElement.matches(css)", css):
            return state
        seen.append(state["describe"])
    raise AssertionError(f"{page.url}: Tab never reached {css}. Focus went: {seen}")
