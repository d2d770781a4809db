"""Positions for the SVG charts. Every chart sits beside a table with the same figures,
so the chart is a picture of the table, never the only place a figure is."""

from __future__ import annotations

from ..scoring import JourneyPoint, Spread

WIDTH, HEIGHT, LEFT, TOP, BOTTOM = 560, 240, 44, 16, 56


def journey_chart(points: list[JourneyPoint]) -> dict[str, object]:
    """A line of each round's score (0 to 100); a round with too few answers is a gap."""
    step = (WIDTH - LEFT - 20) / max(len(points) - 1, 1)
    plot = HEIGHT - TOP - BOTTOM
    marks: list[dict[str, object]] = []
    segments: list[str] = []
    current: list[str] = []
    for i, point in enumerate(points):
        x = round(LEFT + 10 + i * step, 1)
        # The first round's name runs right from its mark and the last one's runs left,
        # so neither is cut off at the edge of the chart.
        anchor = "middle"
        if len(points) > 1 and i == 0:
            anchor = "start"
        elif len(points) > 1 and i == len(points) - 1:
            anchor = "end"
        label = point.label[:18]
        if point.percent is None:
            if len(current) > 1:
                segments.append(" ".join(current))
            current = []
            marks.append({"x": x, "y": None, "label": label, "value": None, "anchor": anchor})
            continue
        y = round(TOP + plot * (1 - point.percent / 100), 1)
        current.append(f"{x},{y}")
        marks.append(
            {"x": x, "y": y, "label": label, "value": round(point.percent), "anchor": anchor}
        )
    if len(current) > 1:
        segments.append(" ".join(current))
    grid = [{"y": round(TOP + plot * (1 - v / 100), 1), "value": v} for v in (0, 25, 50, 75, 100)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - 8,
        "label_y": HEIGHT - BOTTOM + 20,
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
