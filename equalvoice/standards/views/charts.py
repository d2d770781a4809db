"""Positions for the SVG charts. Every chart sits beside a table with the same figures,
so the chart is a picture of the table, never the only place a figure is."""

from __future__ import annotations

from equalvoice.core.charts import wrap

from ..scoring import JourneyPoint, Spread

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
