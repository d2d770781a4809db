"""Voice balance, pure (no Django): each perspective's share of what was said against its
share of the people in the room, and who has not spoken yet.

A person may hold several perspectives; they count once in each, for people and for what
they said alike, so the two shares stay comparable. People with no perspective given form
their own group."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass


def gettext_noop(text: str) -> str:
    """Marks words for the Welsh catalogue without Django (GNU gettext finds them by this
    name); selectors.py translates them and passes them in."""
    return text


NO_PERSPECTIVE = gettext_noop("No perspective given")

HEARD_LESS_POINTS = 10
"""How far below its share of the room a perspective's share of the speaking must be
before the balance says it is heard less."""


@dataclass(frozen=True)
class Share:
    """One perspective: how many people, how many times they spoke, and both as a share
    (0 to 100) of the room."""

    perspective: str
    people: int
    spoke: int
    people_percent: float
    spoke_percent: float

    @property
    def difference(self) -> float:
        """Positive when the perspective speaks more than its share of the room."""
        return self.spoke_percent - self.people_percent

    @property
    def people_in_100(self) -> str:
        """The share of the people here, as the sentence says it: "40"."""
        return f"{self.people_percent:.0f}"

    @property
    def spoke_in_100(self) -> str:
        """The share of the speaking, as the sentence says it: "10"."""
        return f"{self.spoke_percent:.0f}"

    def sentence(self) -> str:
        """The share in plain words, and whether it is in balance (within 10 points)."""
        said = (
            f"{self.perspective}: {self.people_in_100} in 100 of the people here, "
            f"{self.spoke_in_100} in 100 of the speaking"
        )
        if self.difference <= -HEARD_LESS_POINTS:
            return f"{said}. Heard less than their share."
        if self.difference >= HEARD_LESS_POINTS:
            return f"{said}. Heard more than their share."
        return f"{said}."


@dataclass(frozen=True)
class Balance:
    shares: list[Share]
    not_yet_spoken: list[int]
    contributions: int

    @property
    def heard_less(self) -> list[Share]:
        """The perspectives heard less than their share of the room: their share of the
        speaking is at least 10 points below their share of the people. Before anyone
        has spoken, nobody is heard less: there is nothing to compare yet."""
        if not self.contributions:
            return []
        return [s for s in self.shares if s.difference <= -HEARD_LESS_POINTS]


def balance(
    present: Mapping[int, Sequence[str]],
    spoken: Sequence[int],
    order: Sequence[int] = (),
    no_perspective: str = NO_PERSPECTIVE,
) -> Balance:
    """The voice balance of a meeting.

    `present` maps each person in the room to their perspectives; `spoken` lists who
    spoke, once for each time (people not present are left out). `order` is the order to
    list people who have not spoken yet (the go-round); by default, by id.
    `no_perspective` names the share of people who hold no perspective (in the reader's
    language; by default in English).
    """
    groups = {p: list(names) or [no_perspective] for p, names in present.items()}
    said = Counter(p for p in spoken if p in groups)
    total_people = len(groups)
    total_said = sum(said.values())
    people_in: Counter[str] = Counter()
    said_by: Counter[str] = Counter()
    for person, names in groups.items():
        for name in set(names):
            people_in[name] += 1
            said_by[name] += said[person]
    shares = [
        Share(
            perspective=name,
            people=people_in[name],
            spoke=said_by[name],
            people_percent=100 * people_in[name] / total_people if total_people else 0.0,
            spoke_percent=100 * said_by[name] / total_said if total_said else 0.0,
        )
        for name in sorted(people_in, key=lambda n: (n == no_perspective, n))
    ]
    ranked = list(order) or sorted(groups)
    waiting = [p for p in ranked if p in groups and not said[p]]
    return Balance(shares=shares, not_yet_spoken=waiting, contributions=total_said)


def _in_english(label: str, count: int) -> str:
    return f"{label}: {count} {'person' if count == 1 else 'people'}"


def access_totals(
    needs: Sequence[Mapping[str, bool]],
    labels: Mapping[str, str],
    line: Callable[[str, int], str] = _in_english,
) -> list[str]:
    """Totals of access needs for a facilitator, never whose they are: "British Sign
    Language interpreter: 2 people". `needs` holds one mapping of need → bool per person
    who agreed to share; `labels` names each need in words; `line` puts a label and its
    count into words (by default in English). Needs nobody has are left out."""
    counts = Counter(name for person in needs for name, wanted in person.items() if wanted)
    return [line(label, counts[name]) for name, label in labels.items() if counts[name]]
