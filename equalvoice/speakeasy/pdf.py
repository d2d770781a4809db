"""Easy-read PDFs with WeasyPrint: large text, one sentence a line, pictures on the left."""

from __future__ import annotations

import base64
import mimetypes

from django.template.loader import render_to_string

from equalvoice.core.models import Group

from .models import Word


def _data_uri(word: Word) -> str | None:
    try:
        with word.picture.open("rb") as f:
            data = f.read()
    except OSError:
        return None
    kind = mimetypes.guess_type(word.picture.name)[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def easy_read_pdf(group: Group, title: str, sections: list[tuple[str, str]]) -> bytes:
    from weasyprint import HTML

    pictures = {
        w.term.lower(): uri
        for w in Word.objects.filter(organisation=group.organisation).exclude(picture="")
        if (uri := _data_uri(w))
    }
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
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def _no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url)  # type: ignore[no-any-return]
    raise ValueError("Easy-read PDFs fetch nothing from outside")
