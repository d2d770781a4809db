from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .middleware import preferences_for


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "site_name": "Equal Voice",
        "display": getattr(request, "display", None) or preferences_for(request),
        # The language switch (issue 18): the languages offered, each named in itself.
        "languages_offered": settings.LANGUAGES,
        "welsh_preview": settings.EQUALVOICE_WELSH == "preview",
    }
