"""Easy-read PDFs with WeasyPrint: large text, one sentence a line, pictures on the left."""

from __future__ import annotations

from django.template.loader import render_to_string

from equalvoice.core.models import Group, Organisation
from equalvoice.core.pdf import data_uri, render_pdf

from .models import Word


def picture_data(organisation: Organisation) -> dict[str, str]:
    """The organisation's glossary pictures by word, as data: URIs for a PDF."""
    return {
        w.term.lower(): uri
        for w in Word.objects.filter(organisation=organisation).exclude(picture="")
        if (uri := data_uri(w.picture))
    }


def easy_read_pdf(group: Group, title: str, sections: list[tuple[str, str]]) -> bytes:
    pictures = picture_data(group.organisation)
    html = render_to_string(
        "speakeasy/easy_read_pdf.html",
        {
            "organisation": group.organisation,
            "group": group,
            "title": title,
            "sections": sections,
            "pictures": pictures,
        },
    )
    # Nothing is fetched from anywhere: pictures are inlined above.
    return render_pdf(html)
