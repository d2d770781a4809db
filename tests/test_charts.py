"""The charts' label layout (equalvoice/core/charts.py, and the two charts that use it):
labels wrap onto lines that fit their space, words kept whole, nothing lost without an
ellipsis. The browser tests (tests/browser/test_charts.py) measure the drawn result.
The PDFs' page numbers are in the PDF's font, not the serif a margin falls back to."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from equalvoice.core.charts import ELLIPSIS, text_width, wrap
from equalvoice.standards.scoring import JourneyPoint
from equalvoice.standards.views.charts import FONT, journey_chart

from .conftest import World


def test_wrap_keeps_words_whole_and_every_line_fits() -> None:
    text = "Co-production Working Group self-reflection, September 2026"
    lines = wrap(text, 140, 16, lines=5)
    assert " ".join(lines) == text
    assert len(lines) > 1
    assert all(text_width(line, 16) <= 140 for line in lines)


def test_wrap_ends_in_an_ellipsis_when_it_needs_more_lines_than_it_has() -> None:
    text = "one two three four five six seven eight nine ten eleven twelve"
    lines = wrap(text, 60, 16, lines=2)
    assert len(lines) == 2
    assert lines[-1].endswith(ELLIPSIS)
    assert all(text_width(line, 16) <= 60 for line in lines)
    assert text.startswith(" ".join(lines)[: -len(ELLIPSIS)].rstrip())


def test_wrap_cuts_a_word_too_long_for_the_space() -> None:
    lines = wrap("Supercalifragilisticexpialidocious", 50, 16, lines=10)
    assert "".join(lines) == "Supercalifragilisticexpialidocious"
    assert all(text_width(line, 16) <= 50 for line in lines)


def test_bold_text_is_wider() -> None:
    assert text_width("Design", 14, bold=True) > text_width("Design", 14)
    assert len(wrap("Understand the problem", 90, 14, bold=True)) >= len(
        wrap("Understand the problem", 90, 14)
    )


def test_journey_labels_are_whole_and_sit_inside_the_chart() -> None:
    names = ["Autumn 2025 check", "Spring 2026 check", "Autumn 2026 check"]
    chart = journey_chart([JourneyPoint(n, p) for n, p in zip(names, [34, None, 100], strict=True)])
    marks = chart["marks"]
    assert isinstance(marks, list)
    assert [" ".join(m["lines"]) for m in marks] == names
    assert [m["value"] for m in marks] == [34, None, 100]
    xs = [m["x"] for m in marks]
    slot = xs[1] - xs[0]
    for m in marks:
        half = max(text_width(line, FONT) for line in m["lines"]) / 2
        assert m["x"] - half >= chart["left"] and m["x"] + half <= chart["width"]
        assert 2 * half <= slot  # neighbours' labels do not meet
    # The top value's label (10 above its dot, at 100) stays below the chart's top edge.
    top = min(m["y"] for m in marks if m["y"] is not None)
    assert top - 10 - FONT >= 0


# --- The PDFs: the page number in the margin is in the same font as the rest -------------


def _font_families(pdf: bytes, tmp_path: Path) -> set[str]:
    """The font families a PDF uses, by pdffonts (Debian's poppler-utils): "DejaVu-Sans"
    for both "ABCDEF+DejaVu-Sans" and "ABCDEF+DejaVu-Sans-Bold"."""
    assert shutil.which("pdffonts"), "pdffonts is needed (Debian's poppler-utils)"
    path = tmp_path / "file.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout
    names = [line.split()[0] for line in listing.splitlines()[2:] if line.strip()]
    return {re.sub(r"-(Bold|Oblique|BoldOblique|Italic)$", "", n.split("+")[-1]) for n in names}


@pytest.mark.django_db
def test_pdfs_page_numbers_are_in_the_pdfs_own_font(world: World, tmp_path: Path) -> None:
    for url in [
        reverse("record-pdf", args=[world.org.slug]),
        reverse("round-questionnaire", args=[world.org.slug, world.round.pk]),
    ]:
        response = world.client("admin").get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        families = _font_families(response.content, tmp_path)
        # Sans-serif throughout (a symbol the first font lacks may come from another).
        assert families and not any("Serif" in f for f in families), (url, families)
