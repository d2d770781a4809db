"""Slow down guessing of passwords, sign-in codes and two-step codes: after too many wrong
tries from one address, or for one account, that address or account pauses for a while.
Counts live in the cache (shared by every process when the cache is Redis)."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 15 * 60


def client_address(request: HttpRequest | None) -> str:
    """The person's address. Behind EQUALVOICE_PROXY_COUNT proxies, the entry our nearest
    trusted proxy saw; entries further left can be forged by anyone."""
    if request is None:
        return "unknown"
    count = settings.EQUALVOICE_PROXY_COUNT
    if count > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= count:
            return forwarded[-count]
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def _keys(address: str, account: str | None) -> dict[str, str]:
    """The counters a failure adds to: the address's, and the account's when known (an
    account is a person's id, or the email address typed when it matches no one)."""
    keys = {"address": f"equalvoice:sign-in-failures:{address}"}
    if account:
        keys["account"] = f"equalvoice:sign-in-failures:account:{account.lower()}"
    return keys


def paused_until(address: str, account: str | None = None) -> datetime | None:
    """When the address or the account may try again, if either is paused now."""
    until = [cache.get(key + ":paused") for key in _keys(address, account).values()]
    found = [float(u) for u in until if u is not None]
    return datetime.fromtimestamp(max(found), tz=UTC) if found else None


def count_failure(address: str, account: str | None = None) -> list[str]:
    """Count one wrong try against the address and the account. Returns which of them
    ("address", "account") this try paused, so the pause can go in the audit log."""
    paused = []
    for what, key in _keys(address, account).items():
        if cache.add(key, 1, WINDOW_SECONDS):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, WINDOW_SECONDS)
                count = 1
        if count >= settings.EQUALVOICE_SIGN_IN_ATTEMPTS:
            until = time.time() + WINDOW_SECONDS
            if cache.add(key + ":paused", until, WINDOW_SECONDS):
                cache.delete(key)
                paused.append(what)
    return paused


# The request-shaped forms, for callers that only care about the address.


def too_many_failures(request: HttpRequest | None, account: str | None = None) -> bool:
    return paused_until(client_address(request), account) is not None


def record_failure(request: HttpRequest | None, account: str | None = None) -> list[str]:
    return count_failure(client_address(request), account)
