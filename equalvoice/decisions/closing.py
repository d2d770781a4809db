"""What happens elsewhere when a decision closes: an extension point for the apps built
on decisions, so that decisions never imports them. An app registers a listener from its
`AppConfig.ready()`; `decision_close` calls every listener inside its transaction, with
the person who closed it and the closed decision (its `outcome` says how it ended; use
`outcome.is_agreement` to ask whether it was agreed). A listener that raises stops the
decision closing, so it must only fail for a real reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from equalvoice.core.models import User

    from .models import Decision

Listener = Callable[["User", "Decision"], None]

_listeners: list[Listener] = []


def register(listener: Listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def listeners() -> tuple[Listener, ...]:
    return tuple(_listeners)


def closed(actor: User, decision: Decision) -> None:
    for listener in _listeners:
        listener(actor, decision)
