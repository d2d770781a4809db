"""What every check implements (``Check``), and the one call of ``check()`` that the
checks share (``Job``: the text, the level, the word lists and the findings so far).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import ClassVar, Literal

from .. import lexicon
from ..lexicon import Index, WordEntry
from ..report import KINDS, Finding
from .stretch import Stretch

Level = Literal["plain", "easy_read"]
BOTH_LEVELS: frozenset[Level] = frozenset(("plain", "easy_read"))
_ORDER = {kind: i for i, kind in enumerate(KINDS)}


class Job:
    """One call of ``check()``: the text, the level, the word lists (the organisation's
    own first, when it has some, then the bundled ones) and the findings so far.

    ``vet`` is False only when ``suggestions.passes`` checks a suggestion alone: then
    the findings carry the lists' suggestions as they are, unchecked (which is all
    that check needs, and keeps it from checking suggestions of suggestions).

    Until the end, findings are kept in parallel lists of plain values (fewer objects
    for the garbage collector to visit): where each is, as one number that sorts by
    start, end and then rank of kind (the order of ``report.KINDS``), and its kind,
    message and suggestions.
    """

    __slots__ = (
        "text",
        "level",
        "vet",
        "indexes",
        "places",
        "found_at",
        "found_kinds",
        "found_messages",
        "found_suggestions",
        "notes",
    )

    def __init__(
        self, text: str, level: Level, extra: tuple[WordEntry, ...], vet: bool = True
    ) -> None:
        self.text = text
        self.level = level
        self.vet = vet
        self.indexes: list[Index] = [lexicon.base_index()]
        if extra:
            self.indexes.insert(0, lexicon.extra_index(extra))
        self.places = len(text) + 1
        self.found_at: list[int] = []
        self.found_kinds: list[str] = []
        self.found_messages: list[str] = []
        self.found_suggestions: list[Sequence[str]] = []
        # The product's own words where they stand, with their explanations: not
        # findings, but the glossary and easy read explain them.
        self.notes: list[tuple[int, int, str]] = []

    def add(self, kind: str, start: int, end: int, message: str, sugg: Sequence[str] = ()) -> None:
        """Record a finding of ``kind`` (one of ``report.KINDS``) at ``text[start:end]``."""
        self.found_at.append((start * self.places + end) * len(KINDS) + _ORDER[kind])
        self.found_kinds.append(kind)
        self.found_messages.append(message)
        self.found_suggestions.append(sugg)

    def findings(self) -> list[Finding]:
        """The findings in text order (by start, then end), keeping only the most
        useful kind for a given span."""
        text, at, places, kinds = self.text, self.found_at, self.places, len(KINDS)
        found_kinds, messages, found_suggestions = (
            self.found_kinds,
            self.found_messages,
            self.found_suggestions,
        )
        out: list[Finding] = []
        last = -1
        for i in sorted(range(len(at)), key=at.__getitem__):
            place = at[i] // kinds
            if place == last:
                continue  # the same span as the finding before, of a less useful kind
            last = place
            start, end = divmod(place, places)
            piece = text[start:end]
            sugg = found_suggestions[i]
            suggestions = [_cap(s, piece) for s in sugg] if sugg else []
            out.append(Finding(found_kinds[i], start, end, piece, messages[i], suggestions))
        return out


def _cap(s: str, like: str) -> str:
    if like[:1].isupper() and not like.isupper() and s[:1].islower():
        return s[:1].upper() + s[1:]
    return s


class Check(ABC):
    """One kind of warning (or a few close kinds), looked for a stretch at a time.

    A check is made once for each call of ``check()`` at the levels it names, so it
    may remember things from one stretch to the next (the acronym check remembers the
    short forms already explained). ``find`` is called on each stretch, in text order,
    and records what it finds with ``self.job.add``. It should look only where the
    words' flags (``Stretch.flags``) say a finding may be, and keep its inner loops
    free of extra calls: the check is timed against textstat
    (``benchmarks/speakeasy_speed.py``).
    """

    # The finding kinds the check may give (each one of ``report.KINDS``).
    kinds: ClassVar[tuple[str, ...]]
    # The levels at which the check runs.
    levels: ClassVar[frozenset[Level]] = BOTH_LEVELS
    # A check is made for every call of ``check()``, short texts too, so making one
    # is kept cheap: slots, and a check that keeps more than the job names what it
    # keeps in its own ``__slots__`` and sets ``self.job`` in its own ``__init__``.
    __slots__ = ("job",)

    def __init__(self, job: Job) -> None:
        self.job = job

    @abstractmethod
    def find(self, stretch: Stretch) -> None:
        """Record the findings of this check in ``stretch``."""
