"""Equal Voice's URLs, and a bare view at /bench/bare/ that returns a fixed response
through the same middleware: the baseline the load benchmark (benchmarks/load.py)
measures beside our pages. Only benchmarks/load_settings.py uses this module."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from equalvoice.urls import urlpatterns as equalvoice_urls


def bare(request: HttpRequest) -> HttpResponse:
    """Django and our middleware, and nothing else."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/bare/", bare, name="bench-bare"),
    *equalvoice_urls,
]
