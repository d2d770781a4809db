"""The board report as a PDF (WeasyPrint): the same rows and figures as the board view."""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string

from equalvoice.core.models import Organisation
from equalvoice.core.pdf import render_pdf

from .selectors import BoardRow


def board_report(organisation: Organisation, rows: list[BoardRow], today: date) -> bytes:
    html = render_to_string(
        "record/report_pdf.html", {"organisation": organisation, "rows": rows, "today": today}
    )
    return render_pdf(html)
