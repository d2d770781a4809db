"""Things that happened, told to whoever listens: the core's extension point for events.

An app's action says something happened once its change is saved:

    from equalvoice.core import events
    events.publish("decision.closed", decision.organisation, {"id": decision.pk, ...})

`publish` waits for the transaction to commit (`transaction.on_commit`), so a change that
is rolled back tells nobody. The core does not know who listens and imports no app built
on it. An app that wants to hear registers a listener from its `AppConfig.ready()`, as the
API does (it sends webhooks):

    events.register(webhooks.on_event)

A listener takes the event's name, the organisation's id and the payload (plain JSON
data: ids, titles, dates; never personal details or special-category data). Not Django
signals: the list of listeners is here, in one place, and called in order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from .models import Organisation

Listener = Callable[[str, int, dict[str, Any]], None]

_listeners: list[Listener] = []


def register(listener: Listener) -> None:
    """Add a listener. Registering the same one twice has no effect."""
    if listener not in _listeners:
        _listeners.append(listener)


def listeners() -> tuple[Listener, ...]:
    return tuple(_listeners)


def publish(name: str, organisation: Organisation, payload: dict[str, Any]) -> None:
    """Tell every listener, once the current transaction commits (at once outside one)."""
    organisation_id = organisation.pk
    data = dict(payload)

    def tell() -> None:
        for listener in _listeners:
            listener(name, organisation_id, data)

    transaction.on_commit(tell)
