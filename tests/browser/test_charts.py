"""What people see in charts and tables is right (issue 23): the charts are in the page's
font, the ladder chart names its rungs, no chart's words run off its edge, and tables of
a few columns fit the page (a 1280 px screen, and a 320 px phone) with their captions in
view. Each page also passes axe."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page as BrowserPage

from equalvoice.core import actions as core_actions
from equalvoice.core.models import Perspective, User
from equalvoice.meetings import actions as meeting_actions
from equalvoice.record import actions as record_actions
from equalvoice.record import selectors as record_selectors
from equalvoice.record.ladder import Rung
from equalvoice.record.models import Stage
from equalvoice.standards import actions as standards_actions

from ..conftest import World
from .conftest import Contexts
from .helpers import axe_problems, open_page

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}

# Every <text> of the page's charts: what it says, its box in the chart's own units, the
# chart's viewBox, its font, and the font of the page's paragraphs and of <body>.
_CHART_TEXT = """(selector) => [...document.querySelectorAll(selector)].flatMap(svg => {
    const vb = svg.viewBox.baseVal;
    const paragraph = getComputedStyle(document.querySelector("main p.govuk-body")).fontFamily;
    const body = getComputedStyle(document.body).fontFamily;
    return [...svg.querySelectorAll("text")].map(t => {
        const b = t.getBBox();
        const lines = [...t.querySelectorAll("tspan")].map(s => s.textContent);
        return {
            text: lines.length ? lines.join(" ") : t.textContent,
            cls: t.getAttribute("class") || "",
            box: [b.x, b.y, b.x + b.width, b.y + b.height],
            view: [vb.x, vb.y, vb.x + vb.width, vb.y + vb.height],
            font: getComputedStyle(t).fontFamily, paragraph, body,
        };
    });
})"""


def chart_text(page: BrowserPage, selector: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.evaluate(_CHART_TEXT, selector)
    assert found, f"No chart text for {selector} on {page.url}"
    return found


def outside_the_chart(texts: list[dict[str, Any]]) -> list[str]:
    """The words that run past the chart's edge (half a unit of rounding allowed)."""
    out = []
    for t in texts:
        x1, y1, x2, y2 = t["box"]
        vx1, vy1, vx2, vy2 = t["view"]
        if x1 < vx1 - 0.5 or y1 < vy1 - 0.5 or x2 > vx2 + 0.5 or y2 > vy2 + 0.5:
            out.append(f"{t['text']!r} at {[round(v) for v in t['box']]}, chart {t['view']}")
    return out


def fonts_unlike_the_page(texts: list[dict[str, Any]]) -> list[str]:
    return [
        f"{t['text']!r} is in {t['font']}; paragraphs {t['paragraph']}; body {t['body']}"
        for t in texts
        if not (t["font"] == t["paragraph"] == t["body"])
    ]


def overlapping(texts: list[dict[str, Any]]) -> list[str]:
    found = []
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            ax1, ay1, ax2, ay2 = a["box"]
            bx1, by1, bx2, by2 = b["box"]
            if ax1 < bx2 and bx1 < ax2 and ay1 < by2 and by1 < ay2:
                found.append(f"{a['text']!r} overlaps {b['text']!r}")
    return found


def too_wide(page: BrowserPage, region: str, may_scroll: bool = False) -> str | None:
    """Why the box named `region` does not fit: its content is wider than it (unless it
    `may_scroll`), or its table's caption runs past its edge. None when it fits."""
    box = page.get_by_role("region", name=region, exact=True)
    sizes = box.evaluate(
        """(el) => {
            const caption = el.querySelector("caption");
            const right = el.getBoundingClientRect().right;
            return {
                scroll: el.scrollWidth, client: el.clientWidth,
                caption: caption ? caption.getBoundingClientRect().right - right : 0,
            };
        }"""
    )
    if (sizes["scroll"] > sizes["client"] and not may_scroll) or sizes["caption"] > 0.5:
        return f"{region!r} at {page.viewport_size}: {sizes}"
    return None


def hold(world: World, person: User, *names: str) -> None:
    chosen = Perspective.objects.filter(organisation=world.org, name__in=names)
    assert chosen.count() == len(names)
    core_actions.perspectives_set(
        actor=person, person=person, organisation=world.org, perspectives=chosen
    )


# --- 1 and 3: the journey chart ---------------------------------------------------------

ROUNDS = ["Autumn 2025 check", "Spring 2026 check", "Autumn 2026 check"]


def test_journey_chart_is_in_the_page_font_and_every_label_fits(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    w = live_world
    statements = list(w.round.version.statements.all())
    today = timezone.localdate()
    rounds = [w.round]
    for name in ROUNDS[1:]:
        rounds.append(
            standards_actions.round_save(
                actor=w.facilitator,
                standard=w.standard,
                name=name,
                opens_on=today,
                closes_on=today + timedelta(days=30),
                anonymous=True,
                scale="easy_read_4",
            )
        )
    w.round.name = ROUNDS[0]
    w.round.save(update_fields=["name"])
    # Everyone gives the lowest answer, then a middle one, then the highest: 0, 67, 100.
    for round_, value in zip(rounds, [1, 3, 4], strict=True):
        for _ in range(6):
            standards_actions.paper_response_save(
                actor=w.facilitator,
                round_=round_,
                answers={s: standards_actions.PaperAnswer(value) for s in statements},
            )
    problems: list[str] = []
    for size in (DESKTOP, PHONE):
        page = contexts.page(w.facilitator, **size)
        open_page(page, reverse("standard-journey", args=[w.org.slug, w.standard.pk]))
        texts = chart_text(page, "svg.ev-chart")
        problems += fonts_unlike_the_page(texts)
        problems += outside_the_chart(texts)
        problems += overlapping(texts)
        axis = [t["text"] for t in texts if t["cls"] == "ev-chart__axis"]
        assert [a for a in axis if a not in {"0", "25", "50", "75", "100"}] == ROUNDS, axis
        values = [t["text"] for t in texts if t["cls"] == "ev-chart__value"]
        assert values == ["0", "67", "100"]
        problems += axe_problems(page, axe_source, f"journey at {size['width']} px")
    assert not problems, "\n".join(problems)


# --- 1, 2, 4: the co-production profile ---------------------------------------------------


def survey_with_everyone(world: World) -> str:
    """A survey at the "Decide or commission" stage with 120 people of each perspective;
    the initiative's address."""
    record_actions.activity_save(
        actor=world.facilitator,
        initiative=world.initiative,
        stage=Stage.objects.get(organisation=world.org, name="Decide or commission"),
        on=timezone.localdate() - timedelta(days=3),
        status="done",
        what="A survey of people who use services about the draft plan",
        rung_claimed=4,
        attendance=dict.fromkeys(Perspective.objects.filter(organisation=world.org), 120),
    )
    return reverse("initiative", args=[world.org.slug, world.initiative.pk])


def test_profile_chart_names_every_rung_in_the_page_font(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    w = live_world
    url = survey_with_everyone(w)
    stages = [s.name for s in Stage.objects.filter(organisation=w.org)]
    problems: list[str] = []
    for size in (DESKTOP, PHONE):
        page = contexts.page(w.member, **size)
        open_page(page, url)
        texts = chart_text(page, "svg.ev-profile__chart")
        problems += fonts_unlike_the_page(texts)
        problems += outside_the_chart(texts)
        problems += overlapping(texts)
        words = [t["text"] for t in texts]
        for rung in Rung:
            assert any(rung.label in text for text in words), f"{rung.label} not in {words}"
        assert [t["text"] for t in texts if t["cls"] == "ev-profile__stage"] == stages
        problems += axe_problems(page, axe_source, f"initiative at {size['width']} px")
    assert not problems, "\n".join(problems)


def test_profile_tables_fit_the_page(live_world: World, contexts: Contexts) -> None:
    w = live_world
    url = survey_with_everyone(w)
    problems: list[str] = []
    for size in (DESKTOP, PHONE):
        page = contexts.page(w.member, **size)
        open_page(page, url)
        # Each perspective is one in however many the organisation has.
        share = f"120 ({round(100 / Perspective.objects.filter(organisation=w.org).count())}%)"
        table = page.get_by_role("table", name=re.compile("^Who took part"))
        assert share in table.inner_text()
        problems += filter(None, [too_wide(page, "Activities by stage and rung")])
        # On a phone the table of perspectives by stage may scroll in its box.
        wide = too_wide(page, "Who took part at each stage", may_scroll=size == PHONE)
        problems += filter(None, [wide])
    assert not problems, "\n".join(problems)


# --- 5: small tables on a phone -----------------------------------------------------------


def test_members_and_voice_balance_tables_fit_a_phone(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    w = live_world
    w.group.needed_perspectives.set(Perspective.objects.filter(organisation=w.org))
    hold(w, w.member, "Person who uses services")
    hold(w, w.facilitator, "Commissioner or manager", "Independent advocate")
    present = [w.member, w.facilitator]
    meeting_actions.attendance_save(actor=w.facilitator, meeting=w.meeting, present=present)
    for person in [w.facilitator] * 5 + [w.member]:
        meeting_actions.speaking_tap(actor=w.facilitator, meeting=w.meeting, person=person)
    page = contexts.page(w.facilitator, **PHONE)
    problems: list[str] = []

    open_page(page, reverse("group", args=[w.org.slug, w.group.slug]))
    assert "Members" in page.get_by_role("table", name="Members by perspective").inner_text()
    problems += filter(None, [too_wide(page, "Who is in the group")])
    problems += axe_problems(page, axe_source, "group")

    open_page(page, reverse("meeting-voice", args=[w.org.slug, w.meeting.pk]))
    assert "Heard less" in page.get_by_role("table").inner_text()
    problems += filter(None, [too_wide(page, "Each perspective's share")])
    problems += axe_problems(page, axe_source, "voice balance")
    assert not problems, "\n".join(problems)


# --- Found on a walk through the demo -----------------------------------------------------


def test_board_lists_each_warning_sign_and_fits_a_wide_screen(
    live_world: World, contexts: Contexts
) -> None:
    w = live_world
    rows = record_selectors.board(
        record_selectors.initiatives_visible_to(w.admin, w.org), w.org, timezone.localdate()
    )
    assert any(row.signals for row in rows)
    page = contexts.page(w.admin, **DESKTOP)
    open_page(page, reverse("record-board", args=[w.org.slug]))
    for row in rows:
        line = page.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name=row.initiative.title)
        )
        signs = line.get_by_role("listitem").all_inner_texts()
        assert signs == [s.title for s in row.signals]
    assert too_wide(page, "Initiatives") is None


def test_a_tag_takes_one_line_when_there_is_room(live_world: World, contexts: Contexts) -> None:
    page = contexts.page(live_world.member, **DESKTOP)
    open_page(page, reverse("group", args=[live_world.org.slug, live_world.group.slug]))
    tags = page.locator("main .govuk-tag").evaluate_all(
        """(tags) => tags.map(t => [t.innerText,
            t.getBoundingClientRect().height / parseFloat(getComputedStyle(t).lineHeight)])"""
    )
    assert tags, "No tags on the group page"
    assert [text for text, lines in tags if lines >= 1.9] == [], tags
