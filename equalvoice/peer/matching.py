"""Ranking peer-support offers against a request: what two people share, in plain words.

Pure Python: no Django, no database (docs/architecture.md, layer 0). The peer app turns
an `Offer` and a `Request` into `Side`s and asks `score`; the facilitator's matching page
shows the offers best first (`rank`), each with its reasons.

The rules, each worth points:

- each topic both named: 3 points ("You both know about: Sight loss");
- the same area: 2 points ("Both in Eastfield");
- each language both speak: 2 points ("You both speak Welsh");
- each way of meeting both are happy with: 1 point ("Both happy to meet by phone");
- each access need of the person asking that the supporter can meet: 2 points ("Can
  meet this need: Step-free access").

Nothing takes points away, so sharing more never lowers a score. What cannot be met is
said, never hidden: each access need the supporter cannot meet ("Cannot meet this need:
…"), no language in common, no way of meeting in common.

Words are compared without regard to capitals or spaces at either end ("welsh" and
"Welsh " are one language); reasons use the request's own words."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

TOPIC_POINTS = 3
AREA_POINTS = 2
LANGUAGE_POINTS = 2
WAY_POINTS = 1
NEED_POINTS = 2

T = TypeVar("T")


@dataclass(frozen=True)
class Words:
    """The words of the reasons, in one language: English here; the peer app passes the
    reader's language (`selectors.matching_words_now`). Named placeholders, so that a
    language may put them in its own order."""

    topics: str = "You both know about: %(topics)s"
    area: str = "Both in %(area)s"
    language: str = "You both speak %(language)s"
    no_language: str = "No language in common"
    ways: str = "Both happy to meet %(ways)s"
    no_way: str = "No way of meeting in common"
    can_meet: str = "Can meet this need: %(need)s"
    cannot_meet: str = "Cannot meet this need: %(need)s"
    either: str = "%(some)s or %(last)s"


ENGLISH = Words()


def _key(word: str) -> str:
    return " ".join(word.split()).casefold()


def _by_key(words: Iterable[str]) -> dict[str, str]:
    """Each word under its key, first spelling kept; blank words dropped."""
    found: dict[str, str] = {}
    for word in words:
        key = _key(word)
        if key and key not in found:
            found[key] = " ".join(word.split())
    return found


@dataclass(frozen=True)
class Side:
    """One side of a possible match, in words: an offer or a request.

    `needs` is what access needs the person asking has (for a request) or can meet (for
    an offer), as labels ("Step-free access")."""

    topics: tuple[str, ...] = ()
    area: str = ""
    languages: tuple[str, ...] = ()
    ways: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Score:
    """How well an offer fits a request: points (higher is better), what they share
    (`reasons`) and what cannot be met (`cannot`), in plain words."""

    points: int
    reasons: tuple[str, ...] = ()
    cannot: tuple[str, ...] = field(default=())

    @property
    def shared(self) -> bool:
        return self.points > 0


def _shared(mine: Iterable[str], theirs: Iterable[str]) -> list[str]:
    """The words both sides have, in the order and spelling of `theirs`."""
    keys = set(_by_key(mine))
    return [word for key, word in _by_key(theirs).items() if key in keys]


def score(offer: Side, request: Side, words: Words = ENGLISH) -> Score:
    """Score an offer of support against a request (see the rules above). Swapping the
    two gives the same points and reasons when neither names access needs, since topics,
    area, languages and ways count the same from either side."""
    points = 0
    reasons: list[str] = []
    cannot: list[str] = []
    topics = _shared(offer.topics, request.topics)
    if topics:
        points += TOPIC_POINTS * len(topics)
        reasons.append(words.topics % {"topics": ", ".join(topics)})
    if _key(offer.area) and _key(offer.area) == _key(request.area):
        points += AREA_POINTS
        reasons.append(words.area % {"area": " ".join(request.area.split())})
    languages = _shared(offer.languages, request.languages)
    points += LANGUAGE_POINTS * len(languages)
    reasons += [words.language % {"language": language} for language in languages]
    if not languages and _by_key(offer.languages) and _by_key(request.languages):
        cannot.append(words.no_language)
    ways = _shared(offer.ways, request.ways)
    if ways:
        points += WAY_POINTS * len(ways)
        reasons.append(words.ways % {"ways": _joined(ways, words)})
    elif _by_key(offer.ways) and _by_key(request.ways):
        cannot.append(words.no_way)
    can_meet = set(_by_key(offer.needs))
    for key, need in _by_key(request.needs).items():
        if key in can_meet:
            points += NEED_POINTS
            reasons.append(words.can_meet % {"need": need})
        else:
            cannot.append(words.cannot_meet % {"need": need})
    return Score(points=points, reasons=tuple(reasons), cannot=tuple(cannot))


def _joined(items: Sequence[str], words: Words = ENGLISH) -> str:
    """ "by phone, by video or online chat": the ways, as a list in words."""
    if len(items) < 2:
        return "".join(items)
    return words.either % {"some": ", ".join(items[:-1]), "last": items[-1]}


def rank(
    request: Side, offers: Sequence[tuple[T, Side]], words: Words = ENGLISH
) -> list[tuple[T, Score]]:
    """The offers (each with something to know it by) scored against the request, best
    first: most points, then fewest needs that cannot be met, then in the order given."""
    scored = [(thing, score(side, request, words)) for thing, side in offers]
    order = sorted(
        range(len(scored)), key=lambda i: (-scored[i][1].points, len(scored[i][1].cannot), i)
    )
    return [scored[i] for i in order]
