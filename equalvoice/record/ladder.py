"""The ladder of participation (Think Local Act Personal): seven rungs, lowest first.
Pure Python, no Django."""

from __future__ import annotations

from enum import IntEnum


class Rung(IntEnum):
    COERCION = 1
    EDUCATING = 2
    INFORMING = 3
    CONSULTATION = 4
    ENGAGEMENT = 5
    CO_DESIGN = 6
    CO_PRODUCTION = 7

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]

    @property
    def band(self) -> str:
        """Rungs 1-2 are "doing to", 3-5 "doing for", 6-7 "doing with"."""
        if self <= Rung.EDUCATING:
            return "doing to"
        if self <= Rung.ENGAGEMENT:
            return "doing for"
        return "doing with"

    @classmethod
    def choices(cls) -> list[tuple[int, str]]:
        return [(int(r), f"{int(r)}. {r.label}: {r.description}") for r in cls]

    @classmethod
    def parse(cls, value: object) -> Rung:
        """A rung from a number 1 to 7; anything else is refused in plain words."""
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            number = 0
        if not 1 <= number <= 7:
            raise ValueError("Choose a rung of the ladder, from coercion (1) to co-production (7)")
        return cls(number)


_LABELS = {
    Rung.COERCION: "Coercion",
    Rung.EDUCATING: "Educating",
    Rung.INFORMING: "Informing",
    Rung.CONSULTATION: "Consultation",
    Rung.ENGAGEMENT: "Involvement",  # "engagement" on the TLAP ladder; we avoid the word
    Rung.CO_DESIGN: "Co-design",
    Rung.CO_PRODUCTION: "Co-production",
}
_DESCRIPTIONS = {
    Rung.COERCION: "people attend, but their views are not taken into account",
    Rung.EDUCATING: "people are helped to understand how things work",
    Rung.INFORMING: "people are told what was decided and why",
    Rung.CONSULTATION: "people are asked for their views, but hold no power over what happens",
    Rung.ENGAGEMENT: (
        "people have more chances to give views, and some say, within limits others set"
    ),
    Rung.CO_DESIGN: "people help design and have real say, but do not see it through",
    Rung.CO_PRODUCTION: "an equal relationship from design to running it, with decisions shared",
}
