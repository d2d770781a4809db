"""What the platform saw people do, for them to confirm as time given.

Apps in higher layers register a source from their `AppConfig.ready()`
(`sources.register(fn)`): ``fn(person, organisation, since)`` returns the `Seen` things
the person did in that organisation from that day on. Recognition then imports nothing
above it (docs/architecture.md, Layers)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from equalvoice.core.models import Organisation, User


@dataclass(frozen=True)
class Seen:
    """One thing a person did: ``key`` is unique for it (like "meeting-12"), ``kind`` a
    `models.Kind` value, ``minutes`` a first guess the person can change."""

    key: str
    day: date
    minutes: int
    what: str
    kind: str


Source = Callable[["User", "Organisation", date], list[Seen]]
_sources: list[Source] = []


def register(source: Source) -> None:
    if source not in _sources:
        _sources.append(source)


def seen(person: User, organisation: Organisation, since: date) -> list[Seen]:
    """Everything every source saw, newest first."""
    found = [s for source in _sources for s in source(person, organisation, since)]
    return sorted(found, key=lambda s: (s.day, s.key), reverse=True)
