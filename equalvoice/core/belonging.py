"""Where the signed-in person belongs (their roles in organisations and groups), read at
most once per kind in a request.

Almost every permission rule asks "is this person an admin of the organisation?", "a
member of the group?", "its facilitator?", and a page asks several of them, often the
same one many times (a group page asked seven such questions). During a request
(`BelongingMiddleware`), the first question about organisations reads every place the
signed-in person has in one query, and the first about groups every group they are in;
later questions are answered from those. The rows are the person's own, so a page asks
the same number of queries however much data there is.

What is remembered is only the signed-in person's own roles, for one request, and only
in that request's context: nothing is shared between requests, people or threads.
Outside a request (tasks, commands, tests calling actions) and for anyone else, every
question goes to the database as before. Writing a `Membership` or `OrgMembership`
forgets what was read (the models call `forget`), so a request that changes roles and
then asks again reads them afresh.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse

if TYPE_CHECKING:
    from .models import Organisation


@dataclass
class _Places:
    user_id: int
    org_roles: dict[int, str] | None = None
    group_roles: dict[int, str] | None = None
    # The person's organisations by slug, read with their roles.
    organisations: dict[str, Organisation] | None = None


_current: ContextVar[_Places | None] = ContextVar("equalvoice_belonging", default=None)


@contextmanager
def remembering(user_id: int | None) -> Iterator[None]:
    """Remember the roles of the person `user_id` until the block ends (None: nobody)."""
    token = _current.set(_Places(user_id) if user_id is not None else None)
    try:
        yield
    finally:
        _current.reset(token)


def forget() -> None:
    """Forget what was read: a role changed (called when memberships are written)."""
    places = _current.get()
    if places is not None:
        places.org_roles = None
        places.group_roles = None
        places.organisations = None


def _places_of(user_id: int) -> _Places | None:
    places = _current.get()
    return places if places is not None and places.user_id == user_id else None


def org_roles(user_id: int) -> dict[int, str] | None:
    """The person's role in each organisation they have a place in, by the
    organisation's id; None when not remembering for this person (ask the database)."""

    places = _places_of(user_id)
    if places is None:
        return None
    if places.org_roles is None:
        _read_org_places(places)
    return places.org_roles


def _read_org_places(places: _Places) -> None:
    """The person's places, with their organisations (one query)."""
    from .models import OrgMembership

    rows = list(
        OrgMembership.objects.filter(user_id=places.user_id)
        .select_related("organisation")
        .order_by()
    )
    places.org_roles = {row.organisation_id: row.role for row in rows}
    places.organisations = {row.organisation.slug: row.organisation for row in rows}


def organisation_by_slug(user_id: int, slug: str) -> tuple[bool, Organisation | None]:
    """(True, the person's organisation with this slug, or None when they have none)
    when remembering for this person; (False, None) when not (ask the database). Read
    with their roles, so a page that asks for its organisation and then for a rule asks
    one query, not two. Each answer is a copy: what a view does to it stays its own."""
    places = _places_of(user_id)
    if places is None:
        return False, None
    if places.organisations is None:
        _read_org_places(places)
    assert places.organisations is not None
    found = places.organisations.get(slug)
    return True, (copy.copy(found) if found is not None else None)


def group_roles(user_id: int) -> dict[int, str] | None:
    """The person's role in each group they are in, by the group's id; None when not
    remembering for this person (ask the database)."""
    from .models import Membership

    places = _places_of(user_id)
    if places is None:
        return None
    if places.group_roles is None:
        rows = Membership.objects.filter(user_id=user_id).values_list("group_id", "role")
        places.group_roles = dict(rows.order_by())
    return places.group_roles


class BelongingMiddleware:
    """Remembers the signed-in person's roles for the length of the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        with remembering(user_id):
            return self.get_response(request)


def in_organisation(user_id: int, organisation_id: int, role: str | None = None) -> bool:
    """Whether the person has a place in the organisation (with `role`, if given)."""
    from .models import OrgMembership

    remembered = org_roles(user_id)
    if remembered is not None:
        found = remembered.get(organisation_id)
        return found is not None and (role is None or found == role)
    rows = OrgMembership.objects.filter(user_id=user_id, organisation_id=organisation_id)
    return (rows if role is None else rows.filter(role=role)).exists()


def in_group(user_id: int, group_id: int, role: str | None = None) -> bool:
    """Whether the person is in the group (with `role`, if given)."""
    from .models import Membership

    remembered = group_roles(user_id)
    if remembered is not None:
        found = remembered.get(group_id)
        return found is not None and (role is None or found == role)
    rows = Membership.objects.filter(user_id=user_id, group_id=group_id)
    return (rows if role is None else rows.filter(role=role)).exists()
