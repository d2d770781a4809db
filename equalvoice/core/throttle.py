"""Slow down guessing of passwords and sign-in codes: after too many wrong tries from one
address, sign-in is refused for a while. Counts live in the cache."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 15 * 60


def _key(request: HttpRequest | None) -> str:
    address = request.META.get("REMOTE_ADDR", "unknown") if request is not None else "unknown"
    return f"equalvoice:sign-in-failures:{address}"


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
