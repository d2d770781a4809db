"""Pages of a list: `limit` and `offset`, the total, and links to the next and the page
before; and filtering by date. Kept out of the views so they write no queries."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.db.models import Model, QuerySet
from django.http import HttpRequest

M = TypeVar("M", bound=Model)

LIMIT = 50
MOST = 100


def between(
    rows: QuerySet[M],
    field: str,
    since: datetime.date | None,
    until: datetime.date | None,
    *,
    is_datetime: bool,
) -> QuerySet[M]:
    """Rows whose date (or the local date of its time) is on or after `since` and on or
    before `until`."""
    lookup = f"{field}__date" if is_datetime else field
    if since is not None:
        rows = rows.filter(**{f"{lookup}__gte": since})
    if until is not None:
        rows = rows.filter(**{f"{lookup}__lte": until})
    return rows


def in_group(rows: QuerySet[M], slug: str | None) -> QuerySet[M]:
    return rows if not slug else rows.filter(group__slug=slug)


def _link(request: HttpRequest, offset: int, limit: int) -> str:
    query = request.GET.copy()
    query["offset"], query["limit"] = str(offset), str(limit)
    return request.build_absolute_uri(request.path) + "?" + urlencode(sorted(query.items()))


def page(
    request: HttpRequest,
    rows: QuerySet[M] | list[Any],
    limit: int,
    offset: int,
    shape: Callable[[Iterable[Any]], list[dict[str, Any]]],
) -> dict[str, Any]:
    total = rows.count() if isinstance(rows, QuerySet) else len(rows)
    chosen = list(rows[offset : offset + limit])
    return {
        "count": total,
        "next": _link(request, offset + limit, limit) if offset + limit < total else None,
        "previous": _link(request, max(0, offset - limit), limit) if offset > 0 else None,
        "results": shape(chosen),
    }
