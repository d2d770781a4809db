"""Positions for the SVG charts. Every chart sits beside a table with the same figures,
so the chart is a picture of the table, never the only place a figure is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.translation import gettext

from equalvoice.core.charts import wrap

from ..scoring import JourneyPoint, Spread

if TYPE_CHECKING:
    from ..selectors import StatementRow

# The chart is drawn at its own size in CSS pixels (smaller only when the screen is).
# Each round has a slot of the same width; its name wraps to fit under its point.
LEFT, TOP, PLOT, SLOT, MIN_PLOT, RIGHT = 48, 32, 160, 132, 372, 8
FONT, LINE = 16, 19


def journey_chart(points: list[JourneyPoint]) -> dict[str, object]:
    """A line of each round's score (0 to 100); a round with too few answers is a gap."""
    slot = max(SLOT, MIN_PLOT / max(len(points), 1))
    marks: list[dict[str, object]] = []
    segments: list[str] = []
    current: list[str] = []
    most_lines = 1
    for i, point in enumerate(points):
        x = round(LEFT + slot * (i + 0.5), 1)
        lines = wrap(point.label, slot - 12, FONT)
        most_lines = max(most_lines, len(lines))
        if point.percent is None:
            if len(current) > 1:
                segments.append(" ".join(current))
            current = []
            marks.append({"x": x, "y": None, "lines": lines, "value": None})
            continue
        y = round(TOP + PLOT * (1 - point.percent / 100), 1)
        current.append(f"{x},{y}")
        marks.append({"x": x, "y": y, "lines": lines, "value": round(point.percent)})
    if len(current) > 1:
        segments.append(" ".join(current))
    grid = [{"y": round(TOP + PLOT * (1 - v / 100), 1), "value": v} for v in (0, 25, 50, 75, 100)]
    label_y = TOP + PLOT + 8 + FONT
    width = round(LEFT + slot * len(points) + RIGHT)
    return {
        "width": width,
        "height": label_y + LINE * (most_lines - 1) + 8,
        "left": LEFT,
        "right": width - RIGHT,
        "label_y": label_y,
        "line": LINE,
        "segments": segments,
        "marks": marks,
        "grid": grid,
    }


def spread_bar(spread: Spread, width: int = 240) -> list[dict[str, object]]:
    """A stacked bar of the answered points, lowest first, as widths that add up."""
    if not spread.answered:
        return []
    parts, x = [], 0.0
    for n, point in enumerate(spread.scale.points):
        w = width * spread.share(point.value)
        parts.append({"x": round(x, 1), "width": round(w, 1), "shade": n, "label": point.label})
        x += w
    return parts


def _figure(n: int) -> str:
    """A count as `{{ n }}` shows it (no separator between thousands, as the settings say)."""
    return localize(n) if settings.USE_THOUSAND_SEPARATOR else str(n)


def _score(percent: float | None) -> str:
    """A score as `{{ percent|floatformat:0|default:"–" }}` shows it."""
    return floatformat(percent, 0) or "–"


def spread_table(row: StatementRow) -> dict[str, object]:
    """The figures of a statement's table (standards/_spread_table.html) as the text of
    each cell, worked out here rather than looked up cell by cell in the template: the
    round's results show one table per statement, and looking up each figure there was
    most of the page's cost (issue 16). The table shows the same text as before."""
    spread, shown = row.spread, [b.spread for b in row.breakdowns if b.spread]
    points = [
        {
            "symbol": p.symbol,
            # As `{% translate p.label %}`.
            "label": gettext(p.label.replace("%", "%%")).replace("%%", "%"),
            "everyone": _figure(spread.counts[p.value]),
            "groups": [_figure(s.counts[p.value]) for s in shown],
        }
        for p in spread.scale.points
    ]
    return {
        "answered": bool(spread.answered),
        "heads": [b.name for b in row.breakdowns if b.spread],
        "points": points,
        "dont_know": [_figure(s.dont_know) for s in (spread, *shown)],
        "no_answer": [_figure(s.no_answer) for s in (spread, *shown)],
        "score": [_score(s.percent) for s in (spread, *shown)],
    }
