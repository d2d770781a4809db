from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .middleware import preferences_for


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "site_name": "Equal Voice",
        "display": getattr(request, "display", None) or preferences_for(request),
    }
