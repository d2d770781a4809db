"""Slow down guessing of passwords and sign-in codes: after too many wrong tries from one
address, sign-in is refused for a while. Counts live in the cache."""

from __future__ import annotations

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


def _key(request: HttpRequest | None) -> str:
    return f"equalvoice:sign-in-failures:{client_address(request)}"


def too_many_failures(request: HttpRequest | None) -> bool:
    return int(cache.get(_key(request), 0)) >= settings.EQUALVOICE_SIGN_IN_ATTEMPTS


def record_failure(request: HttpRequest | None) -> None:
    key = _key(request)
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)
