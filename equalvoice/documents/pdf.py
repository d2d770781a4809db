"""'How this was written' as a PDF (WeasyPrint), with the same figures as its page."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from equalvoice.core.pdf import render_pdf

from .models import Document


def how_written_pdf(document: Document, how: Any) -> bytes:
    html = render_to_string("documents/how_pdf.html", {"document": document, "how": how})
    return render_pdf(html)
