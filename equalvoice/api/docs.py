"""The docs page's list of endpoints, read from the OpenAPI schema so the two agree."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    summary: str
    scope: str


def endpoints_from_schema() -> list[Endpoint]:
    from .views.endpoints import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            found.append(
                Endpoint(
                    method.upper(),
                    path,
                    gettext(operation.get("summary", "")),
                    str(operation.get("x-scope", "")),
                )
            )
    return found
