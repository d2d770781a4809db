"""The one check every action makes before it changes anything."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Model

from .models import User


def require(actor: User, perm: str, obj: Model) -> None:
    """Refuse (PermissionDenied, so a 403) unless the declared rule lets `actor` do `perm`
    to `obj`. Reads outside a person's organisations are 404s earlier, in selectors."""
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)
