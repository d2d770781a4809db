"""Management compounds: a word joined by a hyphen to "-centred", "-led", "-focused",
"-driven", "-informed", "-enabled", "-facing", "-orientated" or "-wide" ("child-centred",
"needs-led", "outcome-focused", "trauma-informed", "system-wide"). Such words sound
good and say little: the writer is asked to say plainly what happens. The lists
(``list_matches``) name some of them with suggestions; this check finds the rest of
the kind, words no list has seen. Words of a list match are left to the list.
"""

from __future__ import annotations

from bisect import bisect_left

from .base import Check
from .stretch import Stretch

# The second parts that make a management compound, and first parts that make an
# everyday word with them ("world-wide", "forward-facing" car seats, "well-informed").
SECOND_PARTS = frozenset(
    [
        "centred",
        "centered",
        "centric",
        "focused",
        "focussed",
        "led",
        "driven",
        "informed",
        "enabled",
        "facing",
        "orientated",
        "oriented",
        "wide",
    ]
)
EVERYDAY_FIRST_PARTS = frozenset(
    [
        "world",
        "nation",
        "country",
        "forward",
        "rear",
        "backward",
        "north",
        "south",
        "east",
        "west",
        "well",
        "ill",
        "badly",
        "poorly",
        "better",
        "battery",
        "steam",
        "horse",
        "motor",
        "petrol",
        "diesel",
        "solar",
        "wind",
        "self",
        "extra",
        "eyes",
        "wide",
    ]
)


def is_management_compound(key: str) -> bool:
    """Whether a word's look-up key is a management compound ("child-centred")."""
    first, dash, last = key.rpartition("-")
    if not dash or not first or last not in SECOND_PARTS:
        return False
    return first.rpartition("-")[2] not in EVERYDAY_FIRST_PARTS and first.replace("-", "").isalpha()


class Compounds(Check):
    """Flag management compounds that no list match covers."""

    kinds = ("jargon",)
    __slots__ = ()

    def find(self, stretch: Stretch) -> None:
        """Look only at the words around a hyphen (few in most texts)."""
        words, covered = stretch.words, stretch.covered
        if not words.starts:
            return
        text, add = self.job.text, self.job.add
        starts, keys = words.starts, words.keys
        at, end = starts[0], words.ends[-1]
        last = -1
        while True:
            at = text.find("-", at, end)
            if at == -1:
                return
            k = bisect_left(starts, at) - 1
            at += 1
            if k < 0 or k == last or words.ends[k] <= at or covered[k]:
                continue
            last = k
            if is_management_compound(keys[k]):
                add(
                    "jargon",
                    starts[k],
                    words.ends[k],
                    "Words like this sound good but say little. Say plainly what you "
                    "will do, or what it means for people.",
                )
