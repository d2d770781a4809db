"""Positions for the co-production profile's SVG. The chart is a picture of the table
beside it, which has the same figures.

The ladder stands upright: the rungs are rows, co-production (7) at the top, each named
as record/ladder.py names it; the stages of work are columns, named at the top."""

from __future__ import annotations

from django.utils.translation import gettext

from equalvoice.core.charts import text_width, wrap

from .selectors import Profile

FONT, LINE, ROW, GAP, RIGHT = 14, 17, 36, 16, 12
MIN_SLOT, MAX_SLOT = 84, 200


def profile_chart(profile: Profile) -> dict[str, object]:
    """A dot for each stage and rung where activities sit, sized by how many."""
    rung_labels = [f"{int(r)} {gettext(r.label)}" for r in profile.rungs]
    left = round(max((text_width(label, FONT) for label in rung_labels), default=0) + GAP)
    # A column is as wide as the longest word in any stage's name, so no word is cut.
    longest_word = max(
        (text_width(word, FONT, bold=True) for s in profile.stages for word in s.name.split()),
        default=0,
    )
    slot = round(min(max(MIN_SLOT, longest_word + 12), MAX_SLOT))
    columns: list[dict[str, object]] = []
    header_lines = 1
    for i, stage in enumerate(profile.stages):
        lines = wrap(stage.name, slot - 10, FONT, bold=True)
        header_lines = max(header_lines, len(lines))
        columns.append({"x": round(left + slot * (i + 0.5)), "lines": lines})
    top = 8 + LINE * header_lines + 8
    height = top + ROW * len(profile.rungs) + 4
    width = left + slot * len(profile.stages) + RIGHT
    # The highest rung goes at the top, so rows run from the last rung to the first.
    row_y = {
        r: round(top + ROW * (len(profile.rungs) - 1 - j) + ROW / 2)
        for j, r in enumerate(profile.rungs)
    }
    rows = [
        {"y": row_y[r], "label": label} for r, label in zip(profile.rungs, rung_labels, strict=True)
    ]
    largest = max(profile.largest, 1)
    dots = []
    for i, (_stage, counts) in enumerate(profile.rows()):
        for rung, n in zip(profile.rungs, counts, strict=True):
            if n:
                dots.append(
                    {
                        "x": round(left + slot * (i + 0.5)),
                        "y": row_y[rung],
                        "r": 7 + round(9 * n / largest),
                        "n": n,
                    }
                )
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - RIGHT,
        "first_line": 8 + FONT,
        "line": LINE,
        "columns": columns,
        "rows": rows,
        "dots": dots,
    }
