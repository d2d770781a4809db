"""What the platform saw people do, for them to confirm as time given, and what they
helped to change, for their letter of thanks.

Apps in higher layers register from their `AppConfig.ready()`:

- `register(fn)`: ``fn(person, organisation, since)`` returns the `Seen` things the
  person did in that organisation from that day on (meetings, votes, rounds, reviews);
- `register_changes(fn)`: ``fn(person, organisation)`` returns the `Change`s that work
  they took part in made (the co-production record's "what changed").

Recognition then imports nothing above it (docs/architecture.md, Layers)."""

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


@dataclass(frozen=True)
class Change:
    """Something that changed because of work the person took part in."""

    day: date
    work: str
    changed: str


ChangeSource = Callable[["User", "Organisation"], list[Change]]
_change_sources: list[ChangeSource] = []


def register_changes(source: ChangeSource) -> None:
    if source not in _change_sources:
        _change_sources.append(source)


def changes(person: User, organisation: Organisation) -> list[Change]:
    """Everything every source says the person helped to change, oldest first."""
    found = [c for source in _change_sources for c in source(person, organisation)]
    return sorted(found, key=lambda c: (c.day, c.work, c.changed))
