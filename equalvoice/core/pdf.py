"""What every PDF shares: WeasyPrint, with nothing fetched from outside the document.
Pictures go in as data: URIs."""

from __future__ import annotations

import base64
import mimetypes
from typing import Any

from django.db.models.fields.files import FieldFile


def data_uri(file: FieldFile) -> str | None:
    """A stored picture as a data: URI, or None when it cannot be read."""
    if not file:
        return None
    try:
        with file.open("rb") as f:
            data = f.read()
    except OSError:
        return None
    kind = mimetypes.guess_type(file.name or "")[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_no_fetch()).write_pdf()  # type: ignore[no-any-return]


def _no_fetch() -> Any:
    """WeasyPrint's fetcher, let open data: URIs only: our PDFs fetch nothing from outside
    (anything else is left out of the document, with a warning in the log)."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def laid_out(html: str) -> Any:
    """The document laid out in pages but not yet written (WeasyPrint's `Document`): count
    its `.pages` to see whether it fits, then `.write_pdf()` it."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_no_fetch()).render()
