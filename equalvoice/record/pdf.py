"""The board report as a PDF (WeasyPrint): the same rows and figures as the board view."""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string

from equalvoice.core.models import Organisation

from .selectors import BoardRow


def board_report(organisation: Organisation, rows: list[BoardRow], today: date) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "record/report_pdf.html", {"organisation": organisation, "rows": rows, "today": today}
    )
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()  # type: ignore[no-any-return]


def _no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    raise ValueError("The board report fetches nothing from outside")
