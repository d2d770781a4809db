"""The standard's printed forms: the easy-read toolkit (pictures on the left, words on
the right, large text), the paper questionnaire, and a round's results. The results PDF
is made from the same `RoundResults` as the page, so it hides the same small groups."""

from __future__ import annotations

from django.template.loader import render_to_string

from equalvoice.core.pdf import data_uri, render_pdf

from .models import Round, Standard, Version
from .scoring import Scale
from .selectors import RoundResults, themes_with_statements


def _themes_with_pictures(version: Version) -> list[tuple[object, list[tuple[object, str | None]]]]:
    return [
        (theme, [(s, data_uri(s.picture)) for s in statements])
        for theme, statements in themes_with_statements(version)
    ]


def toolkit_pdf(standard: Standard, version: Version) -> bytes:
    html = render_to_string(
        "standards/toolkit_pdf.html",
        {"standard": standard, "version": version, "themes": _themes_with_pictures(version)},
    )
    return render_pdf(html)


def questionnaire_pdf(
    standard: Standard, version: Version, scale: Scale, round_: Round | None
) -> bytes:
    html = render_to_string(
        "standards/questionnaire_pdf.html",
        {
            "standard": standard,
            "version": version,
            "round": round_,
            "scale": scale,
            "themes": _themes_with_pictures(version),
        },
    )
    return render_pdf(html)


def results_pdf(results: RoundResults) -> bytes:
    html = render_to_string(
        "standards/results_pdf.html", {"results": results, "round": results.round}
    )
    return render_pdf(html)
