"""Every change to API tokens and webhooks: permission, audit log, one transaction."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from equalvoice.core import audit, secretbox
from equalvoice.core.models import Organisation, User
from equalvoice.core.permissions import require as _require

from .models import ApiToken, Scope, Webhook

TOKEN_START = "ev_"  # noqa: S105 (the start of every token, not a secret)
LONGEST_DAYS = 366  # a year from today, leap years included


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def split_token(secret: str) -> str | None:
    """The prefix of a token as we print it (`ev_<prefix>_<secret>`), or None."""
    if not secret.startswith(TOKEN_START):
        return None
    prefix, _, rest = secret[len(TOKEN_START) :].partition("_")
    return prefix if prefix and rest else None


def _check_expiry(expires_on: datetime.date) -> None:
    today = timezone.localdate()
    if expires_on < today:
        raise ValidationError({"expires_on": "The end date must be today or later"})
    if expires_on > today + datetime.timedelta(days=LONGEST_DAYS - 1):
        raise ValidationError({"expires_on": "The end date must be within a year from today"})


@transaction.atomic
def token_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    scopes: Iterable[str],
    expires_on: datetime.date,
) -> tuple[ApiToken, str]:
    """Make a token. The secret is returned once, here, and never stored."""
    _require(actor, "api.manage_tokens", organisation)
    chosen = sorted(set(scopes))
    if not chosen:
        raise ValidationError({"scopes": "Choose at least one thing the token may do"})
    if any(s not in Scope.values for s in chosen):
        raise ValidationError({"scopes": "Choose what the token may do from the list"})
    _check_expiry(expires_on)
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    secret = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name,
        prefix=prefix,
        secret_hash=hash_token(secret),
        scopes=chosen,
        expires_on=expires_on,
        made_by=actor,
    )
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="api_token.create",
        obj=token,
        summary=f"{actor} made the API token “{name}” ({', '.join(chosen)}), "
        f"ending on {expires_on.isoformat()}",
    )
    return token, secret


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Stop a token working, from the next call on."""
    _require(actor, "api.manage_tokens", token.organisation)
    if token.revoked_at is not None:
        raise ValidationError("This token is already revoked.")
    token.revoked_at, token.revoked_by = timezone.now(), actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(
        organisation=token.organisation,
        actor=actor,
        verb="api_token.revoke",
        obj=token,
        summary=f"{actor} revoked the API token “{token.name}”",
    )
    return token


def token_used(*, token: ApiToken) -> None:
    """Note when a token was last used (at most once a minute). No permission: the
    token itself was just checked; no audit entry: it would log every call."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        token.last_used_at = now
        token.save(update_fields=["last_used_at"])


@transaction.atomic
def webhook_add(*, actor: User, organisation: Organisation, url: str) -> tuple[Webhook, str]:
    """Add a webhook. The signing secret is returned once, to show; it is kept sealed."""
    from .webhooks import check_url

    _require(actor, "api.manage_webhooks", organisation)
    check_url(url)
    secret = "whsec_" + secrets.token_urlsafe(32)
    webhook = Webhook.objects.create(
        organisation=organisation, url=url, secret=secretbox.seal(secret), made_by=actor
    )
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="webhook.create",
        obj=webhook,
        summary=f"{actor} added a webhook to {url}",
    )
    return webhook, secret


@transaction.atomic
def webhook_remove(*, actor: User, webhook: Webhook) -> Webhook:
    _require(actor, "api.manage_webhooks", webhook.organisation)
    if webhook.removed_at is not None:
        raise ValidationError("This webhook is already removed.")
    webhook.removed_at = timezone.now()
    webhook.save(update_fields=["removed_at"])
    audit.record(
        organisation=webhook.organisation,
        actor=actor,
        verb="webhook.remove",
        obj=webhook,
        summary=f"{actor} removed the webhook to {webhook.url}",
    )
    return webhook
