"""Tokens and webhooks for the API tests, made through the API's actions."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from equalvoice.api import actions
from equalvoice.api.models import ApiToken, Scope, Webhook
from equalvoice.core.models import User

from ..conftest import World

ALL_SCOPES = tuple(Scope.values)


def make_token(
    world: World,
    *,
    by: User | None = None,
    scopes: tuple[str, ...] = ALL_SCOPES,
    days: int = 30,
    name: str = "Case system",
) -> tuple[ApiToken, str]:
    """A token of the world's organisation made by its admin (or `by`, an admin of
    another organisation: then a token of theirs)."""
    maker = by or world.admin
    organisation = world.other_org if maker == world.other_admin else world.org
    return actions.token_create(
        actor=maker,
        organisation=organisation,
        name=name,
        scopes=scopes,
        expires_on=timezone.localdate() + datetime.timedelta(days=days),
    )


def page_token(world: World) -> ApiToken:
    found = getattr(world, "_api_token", None)
    if found is None:
        found, _secret = make_token(world)
        world._api_token = found  # type: ignore[attr-defined]
    return found


def webhook(world: World) -> Webhook:
    found = getattr(world, "_webhook", None)
    if found is None:
        found, _secret = actions.webhook_add(
            actor=world.admin, organisation=world.org, url="https://example.org/hooks"
        )
        world._webhook = found  # type: ignore[attr-defined]
    return found


def bearer(secret: str) -> Any:
    """The header for a token, as the test client takes it (`**bearer(secret)`)."""
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
