"""The ladder of participation (Think Local Act Personal): seven rungs, lowest first.

Every activity in the co-production record sits on one rung. Pure Python, no Django.
"""

from __future__ import annotations

from enum import IntEnum


def gettext_noop(text: str) -> str:
    """Marks words for the Welsh catalogue without Django (GNU gettext finds them by this
    name); the pages translate them where they show them (``{% translate rung.label %}``)."""
    return text


class Rung(IntEnum):
    """A rung of the ladder of participation, from coercion (1) to co-production (7).

    A higher number means people with lived experience hold more power over what happens.
    """

    COERCION = 1
    EDUCATING = 2
    INFORMING = 3
    CONSULTATION = 4
    ENGAGEMENT = 5
    CO_DESIGN = 6
    CO_PRODUCTION = 7

    @property
    def label(self) -> str:
        """The rung's short name for people to read, for example "Co-design".

        Rung 5 is "engagement" on the ladder, but is shown as "Involvement": Equal Voice
        keeps "engagement" out of its own words.
        """
        return _LABELS[self]

    @property
    def description(self) -> str:
        """One plain sentence (from the primer) on what the rung means for the people
        taking part."""
        return _DESCRIPTIONS[self]

    @property
    def band(self) -> str:
        """Rungs 1 and 2 are "doing to", rungs 3 to 5 "doing for", and rungs 6 and 7
        "doing with"."""
        if self <= Rung.EDUCATING:
            return gettext_noop("doing to")
        if self <= Rung.ENGAGEMENT:
            return gettext_noop("doing for")
        return gettext_noop("doing with")

    @classmethod
    def choices(cls) -> list[tuple[int, str]]:
        """Every rung, lowest first, as (number, "number. Label: description") for a form."""
        return [(int(r), f"{int(r)}. {r.label}: {r.description}") for r in cls]

    @classmethod
    def parse(cls, value: object) -> Rung:
        """A rung from a whole number 1 to 7 (or the same number written as text).

        Anything else (0, 8, 4.5, a word, nothing) is refused with a ValueError in plain
        words.
        """
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            number = 0
        if not 1 <= number <= 7:
            raise ValueError(
                gettext_noop("Choose a rung of the ladder, from coercion (1) to co-production (7)")
            )
        return cls(number)


_LABELS = {
    Rung.COERCION: gettext_noop("Coercion"),
    Rung.EDUCATING: gettext_noop("Educating"),
    Rung.INFORMING: gettext_noop("Informing"),
    Rung.CONSULTATION: gettext_noop("Consultation"),
    Rung.ENGAGEMENT: gettext_noop(
        "Involvement"
    ),  # "engagement" on the TLAP ladder; we avoid the word
    Rung.CO_DESIGN: gettext_noop("Co-design"),
    Rung.CO_PRODUCTION: gettext_noop("Co-production"),
}
_DESCRIPTIONS = {
    Rung.COERCION: gettext_noop("people attend, but their views are not taken into account"),
    Rung.EDUCATING: gettext_noop("people are helped to understand how things work"),
    Rung.INFORMING: gettext_noop("people are told what was decided and why"),
    Rung.CONSULTATION: gettext_noop(
        "people are asked for their views, but hold no power over what happens"
    ),
    Rung.ENGAGEMENT: gettext_noop(
        "people have more chances to give views, and some say, within limits others set"
    ),
    Rung.CO_DESIGN: gettext_noop("people help design and have real say, but do not see it through"),
    Rung.CO_PRODUCTION: gettext_noop(
        "an equal relationship from design to running it, with decisions shared"
    ),
}
