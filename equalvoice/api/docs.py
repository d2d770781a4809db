"""The docs page's list of endpoints, read from the OpenAPI schema so the two agree."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    summary: str
    scope: str


def endpoints_from_schema() -> list[Endpoint]:
    """Each endpoint, its summary in the active language."""
    return [
        Endpoint(method, path, gettext(summary), scope)
        for method, path, summary, scope in _operations()
    ]


@cache
def _operations() -> tuple[tuple[str, str, str, str], ...]:
    """The schema's operations, read once per process: the schema is made from the code,
    so it cannot change while the process runs, and making it took about 0.1 s a page."""
    from .views.endpoints import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return tuple(
        (method.upper(), path, operation.get("summary", ""), str(operation.get("x-scope", "")))
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    )
