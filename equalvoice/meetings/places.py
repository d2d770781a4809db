"""Places at open events: who gets a place and who waits, and totals that never show a
group small enough to point at someone. Pure: no Django, no database."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

PLACE, WAITING = "place", "waiting"


def allocate(places: int | None, taken: int) -> str:
    """A new sign-up gets a place while fewer than `places` are taken, otherwise a place
    on the waiting list. No limit (`places` is None) means always a place."""
    if places is None or taken < places:
        return PLACE
    return WAITING


def to_promote(places: int | None, taken: int, waiting: Sequence[int]) -> list[int]:
    """Who on the waiting list (in the order they joined it) gets a place now that
    `taken` places of `places` are held: the first ones, as many as there is room for."""
    if places is None:
        return list(waiting)
    room = max(0, places - taken)
    return list(waiting[:room])


def places_left(places: int | None, taken: int) -> int | None:
    """Places still free, never below nothing; None when there is no limit."""
    return None if places is None else max(0, places - taken)


@dataclass(frozen=True)
class Total:
    label: str
    count: int | None  # None: fewer than the smallest group we show

    def words(self, minimum: int) -> str:
        if self.count is None:
            return f"fewer than {minimum}"
        return f"{self.count} {'person' if self.count == 1 else 'people'}"


def totals(counts: Mapping[str, int], labels: Mapping[str, str], minimum: int) -> list[Total]:
    """Totals by label, in the order of `labels`, leaving out labels nobody has. A total
    of fewer than `minimum` people is shown only as "fewer than `minimum`", so nobody
    can be picked out."""
    return [
        Total(label, counts[key] if counts[key] >= minimum else None)
        for key, label in labels.items()
        if counts.get(key, 0) > 0
    ]
