"""The contract: every endpoint, with every scope and every kind of token maker, gets the
status the page rules say.

- A token of the organisation's admin, with the endpoint's scope: what the admin gets
  from the page with the same rule (tests/pages.py), so 200 (201 for a write); without
  the scope, 403.
- A token whose maker is a member or a facilitator (who are not admins: they could not
  make one, but an admin who made one may have become a member since), an expired one
  and a revoked one: 401, for every endpoint.
- A token of another organisation's admin: 404 for each of our things; its lists hold
  only its own organisation's, never ours.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any, cast

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equalvoice.api.actions import hash_token
from equalvoice.api.models import ApiToken, Scope

from ..conftest import ROLES, World
from ..pages import BY_NAME
from .endpoints import ENDPOINTS, Endpoint, call
from .helpers import make_token


def page_status_for_admin(endpoint: Endpoint) -> int:
    if endpoint.page is None:
        return 200
    return BY_NAME[endpoint.page].expect[ROLES.index("admin")]


def test_every_endpoint_in_the_schema_is_walked(db: None) -> None:
    """Each (method, address) in the schema is in ENDPOINTS, with the same scope."""
    schema = Client().get("/api/v1/openapi.json").json()
    in_schema = {
        (method, re.sub(r"\{[^}]+\}", "1", path)): op["x-scope"]
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
    }
    listed = {}
    for e in ENDPOINTS:
        ids = dict.fromkeys(e.ids(cast(World, _AnyWorld())), 1)
        listed[(e.method, reverse(f"api:{e.name}", kwargs=ids))] = e.scope
    assert listed == in_schema


class _AnyWorld:
    """Stands in for a World when only the names of an endpoint's ids are wanted."""

    def __getattr__(self, name: str) -> Any:
        return self

    pk = 1
    slug = "1"


def test_the_admins_token_gets_what_the_admins_pages_give_and_scopes_limit_it(
    world: World,
) -> None:
    tokens = {scope: make_token(world, scopes=(scope,), name=scope)[1] for scope in Scope.values}
    for endpoint in ENDPOINTS:
        page_status = page_status_for_admin(endpoint)
        assert page_status == 200, endpoint.name
        for scope, secret in tokens.items():
            response = call(endpoint, world, secret)
            expected = endpoint.ok if scope == endpoint.scope else 403
            assert response.status_code == expected, (endpoint.name, scope, response.content)
            assert response["Content-Type"].startswith("application/json")
            if expected == 403:
                assert response.json() == {
                    "detail": f"This token does not have the scope {endpoint.scope}."
                }


def _made_directly(world: World, maker_role: str, **changes: Any) -> str:
    """A token as if made by `maker_role` (members and facilitators cannot make one; an
    admin who made one may have become a member since)."""
    secret = f"ev_{maker_role[:4]}cafe_" + "x" * 40
    values: dict[str, Any] = {
        "organisation": world.org,
        "name": maker_role,
        "prefix": f"{maker_role[:4]}cafe",
        "secret_hash": hash_token(secret),
        "scopes": list(Scope.values),
        "expires_on": timezone.localdate() + datetime.timedelta(days=5),
        "made_by": world.user(maker_role),
    }
    values.update(changes)
    ApiToken.objects.create(**values)
    return secret


@pytest.mark.parametrize("kind", ["member", "facilitator", "expired", "revoked"])
def test_tokens_that_do_not_work_get_401_everywhere(world: World, kind: str) -> None:
    if kind in ("member", "facilitator"):
        secret = _made_directly(world, kind)
    elif kind == "expired":
        secret = _made_directly(
            world, "admin", expires_on=timezone.localdate() - datetime.timedelta(days=1)
        )
    else:
        secret = _made_directly(world, "admin", revoked_at=timezone.now(), revoked_by=world.admin)
    for endpoint in ENDPOINTS:
        response = call(endpoint, world, secret)
        assert response.status_code == 401, (kind, endpoint.name)
        assert set(response.json()) == {"detail"}


def test_another_organisations_token_finds_nothing_of_ours(world: World) -> None:
    _token, secret = make_token(world, by=world.other_admin)
    ours = json.dumps(
        [world.group.slug, world.other_group.slug, world.initiative.title, world.decision.title]
    )
    for endpoint in ENDPOINTS:
        response = call(endpoint, world, secret)
        if endpoint.name == "speakeasy-check":
            assert response.status_code == 200
        elif endpoint.is_list and "initiative_id" not in endpoint.ids(world):
            assert response.status_code == 200, endpoint.name
            body = response.content.decode()
            for title in json.loads(ours):
                assert title not in body, (endpoint.name, title)
        else:
            assert response.status_code == 404, (endpoint.name, response.content)
            assert response.json() == {"detail": "Not found."}
