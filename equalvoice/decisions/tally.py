"""Tallies for decisions: consent, scores, simple majority and ranked choice (Schulze).

One person, one equal vote. This module is pure: it uses the standard library only, so
every rule here can be read, tested and checked without a database. Options and voters
are named by ids the caller chooses (ints or strings). Every result is deterministic: it
never depends on the order the votes arrive in, and where options must be listed, they
keep the order of the caller's `options`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import chain
from typing import Any, Generic, NoReturn, TypeVar

O = TypeVar("O", bound=Hashable)  # noqa: E741 - the option type


class Method(StrEnum):
    """The ways a working group can decide a proposal."""

    CONSENT = "consent"
    SCORE = "score"
    RANKED = "ranked"
    MAJORITY = "majority"


def _index(options: Sequence[O]) -> dict[O, int]:
    """Each option's place in the caller's list. Listing an option twice is an error."""
    index = {option: i for i, option in enumerate(options)}
    if len(index) != len(options):
        raise ValueError("Each option must be listed once only.")
    return index


# --- Consent --------------------------------------------------------------------------


class ConsentChoice(StrEnum):
    """What one person can say to a proposal decided by consent."""

    AGREE = "agree"
    CONCERNS = "concerns"  # agree, with concerns to record
    OBJECT = "object"
    BLOCK = "block"


@dataclass(frozen=True)
class ConsentResult:
    """The outcome of a consent decision.

    `counts` holds every choice (zero when nobody made it). `outcome` is one of "agreed",
    "agreed_with_concerns", "not_agreed", "blocked" or "no_votes". `dissenters` is everyone
    who did not simply agree (concerns, objections and blocks): the minority to hear.
    """

    counts: dict[ConsentChoice, int]
    total: int
    outcome: str
    dissenters: int


def consent_tally(votes: Iterable[ConsentChoice | str]) -> ConsentResult:
    """Count consent votes and find the outcome.

    The rule: no votes gives "no_votes". Any block gives "blocked", however many agree.
    Otherwise any objection gives "not_agreed": objections must be resolved (for example
    by amending the proposal) before it can pass. Otherwise any concerns give
    "agreed_with_concerns", and if everyone agrees the outcome is "agreed".
    A vote that is not one of the four choices is an error (ValueError).
    """
    counted: Counter[ConsentChoice] = Counter()
    for vote in votes:
        try:
            counted[ConsentChoice(vote)] += 1
        except ValueError:
            allowed = ", ".join(c.value for c in ConsentChoice)
            raise ValueError(f"{vote!r} is not a consent choice. Use one of: {allowed}.") from None
    counts = {choice: counted[choice] for choice in ConsentChoice}
    total = sum(counts.values())
    if total == 0:
        outcome = "no_votes"
    elif counts[ConsentChoice.BLOCK]:
        outcome = "blocked"
    elif counts[ConsentChoice.OBJECT]:
        outcome = "not_agreed"
    elif counts[ConsentChoice.CONCERNS]:
        outcome = "agreed_with_concerns"
    else:
        outcome = "agreed"
    return ConsentResult(
        counts=counts,
        total=total,
        outcome=outcome,
        dissenters=total - counts[ConsentChoice.AGREE],
    )


# --- Scores ---------------------------------------------------------------------------

LOWEST_SCORE = 0
HIGHEST_SCORE = 5


@dataclass(frozen=True)
class ScoreResult(Generic[O]):
    """Scores for each option: the total, the mean over everyone who voted (0 when nobody
    did), how many voted, and the winners (every option with the highest mean, in the
    caller's order)."""

    totals: dict[O, int]
    means: dict[O, float]
    voters: int
    winners: list[O]


def score_tally(ballots: Iterable[Mapping[O, int]], options: Sequence[O]) -> ScoreResult[O]:
    """Add up score ballots. Each person gives each option a whole number from 0 to 5.

    An option left off a ballot counts as 0 from that person. The winners are every
    option with the highest mean score; a tie keeps them all. With no ballots there are
    no winners. A score outside 0 to 5, a score that is not a whole number, or an option
    that is not on the list is an error (ValueError).
    """
    index = _index(options)
    totals = dict.fromkeys(options, 0)
    voters = 0
    for ballot in ballots:
        voters += 1
        for option, score in ballot.items():
            if option not in index:
                raise ValueError(f"{option!r} is not one of the options.")
            if (
                isinstance(score, bool)
                or not isinstance(score, int)
                or not LOWEST_SCORE <= score <= HIGHEST_SCORE
            ):
                raise ValueError(
                    f"The score for {option!r} is {score!r}. "
                    f"Scores are whole numbers from {LOWEST_SCORE} to {HIGHEST_SCORE}."
                )
            totals[option] += score
    means = {option: (total / voters if voters else 0.0) for option, total in totals.items()}
    # Everyone is counted over the same number of voters, so the highest total is the
    # highest mean; comparing whole numbers avoids any rounding.
    best = max(totals.values(), default=0)
    winners = [option for option in options if totals[option] == best] if voters else []
    return ScoreResult(totals=totals, means=means, voters=voters, winners=winners)


# --- Simple majority ------------------------------------------------------------------


@dataclass(frozen=True)
class MajorityResult(Generic[O]):
    """Votes for each option (one choice each), how many voted, the winner (None on a
    tie for first place or with no votes) and whether the winner has more than half."""

    counts: dict[O, int]
    voters: int
    winner: O | None
    has_majority: bool


def majority_tally(choices: Iterable[O], options: Sequence[O]) -> MajorityResult[O]:
    """Count one choice per person.

    The winner is the option with the most votes, if no other option has as many; a tie
    for first place (or no votes at all) gives no winner. The winner has a majority when
    more than half of the voters chose it. A choice that is not on the list is an error
    (ValueError).
    """
    index = _index(options)
    counts = dict.fromkeys(options, 0)
    for choice in choices:
        if choice not in index:
            raise ValueError(f"{choice!r} is not one of the options.")
        counts[choice] += 1
    voters = sum(counts.values())
    best = max(counts.values(), default=0)
    top = [option for option in options if counts[option] == best]
    winner = top[0] if voters and len(top) == 1 else None
    has_majority = winner is not None and 2 * counts[winner] > voters
    return MajorityResult(counts=counts, voters=voters, winner=winner, has_majority=has_majority)


# --- Ranked ballots -------------------------------------------------------------------


class BallotError(ValueError):
    """A ranked ballot that cannot be counted. The message is in plain English, fit to
    show to the person who filled it in."""


_TIER = (list, tuple, set, frozenset)


def check_ballot(
    ranking: Sequence[Collection[O] | O],
    options: Sequence[O],
    *,
    label: Callable[[O], str] = str,
) -> list[list[O]]:
    """Check a ranked ballot and return it as tiers, best first.

    A ballot is a list of tiers (options in one tier are liked equally) or a flat list of
    options, best first; the two may be mixed. A list, tuple or set in a ballot is always
    a tier, so option ids are plain values such as numbers or strings. Options the person
    did not rank at all count as equal last, below every ranked option: that is allowed,
    and they are not added to the result. Empty tiers are dropped, and each tier is put in
    the caller's option order. An empty ballot, an option ranked twice, and an option that
    is not on the list are errors (BallotError). `label` turns an option into words for
    messages.
    """
    tiers = _places(ranking, _index(options), label)
    return [[options[i] for i in sorted(tier)] for tier in tiers]


def _places(
    ranking: Sequence[object], index: Mapping[Any, int], label: Callable[[Any], str] = str
) -> list[list[int]]:
    """`check_ballot`, giving each option's place in the caller's list rather than the
    option, and leaving each tier in the voter's order (the caller sorts if it matters)."""
    try:
        places = [
            [index[option] for option in item] if isinstance(item, _TIER) else [index[item]]
            for item in ranking
        ]
    except (KeyError, TypeError):  # an unknown option; TypeError: unhashable, so unknown
        _explain(ranking, index, label)
    if not all(places):
        places = [tier for tier in places if tier]
    if places and len(set(chain.from_iterable(places))) == sum(map(len, places)):
        return places
    _explain(ranking, index, label)


def _explain(
    ranking: Sequence[object], index: Mapping[Any, int], label: Callable[[Any], str]
) -> NoReturn:
    """Raise the BallotError for the first thing wrong with a ballot, in reading order."""
    seen: set[int] = set()
    for item in ranking:
        for option in list(item) if isinstance(item, _TIER) else [item]:
            try:
                place = index[option]
            except (KeyError, TypeError):
                raise BallotError(f"{option!r} is not one of the options.") from None
            if place in seen:
                raise BallotError(f"You ranked {label(option)} twice.")
            seen.add(place)
    raise BallotError("Your ballot is empty. Rank at least one option.")


def gettext_noop(text: str) -> str:
    """Mark words for the translation catalogue without translating them here: this module
    has no Django, so the caller translates (`translate=`)."""
    return text


def _as_is(text: str) -> str:
    return text


_NUMBER_WORDS = [
    gettext_noop("No"),
    gettext_noop("One"),
    gettext_noop("Two"),
    gettext_noop("Three"),
    gettext_noop("Four"),
    gettext_noop("Five"),
    gettext_noop("Six"),
    gettext_noop("Seven"),
    gettext_noop("Eight"),
    gettext_noop("Nine"),
]


def ranks_to_ballot(
    ranks: Mapping[O, int],
    options: Sequence[O],
    *,
    allow_ties: bool = False,
    label: Callable[[O], str] = str,
    translate: Callable[[str], str] = _as_is,
) -> list[list[O]]:
    """Turn rank numbers typed on a form ({option: rank}, 1 for the favourite) into tiers.

    Options left out are unranked: equal last. The numbers must start at 1 and have no
    gaps (1, 2, 3, not 1, 2, 4). Two options may share a number only when `allow_ties`
    is true; even then the numbers have no gaps (1, 1, 2, not 1, 1, 3). A rank below 1,
    a rank that is not a whole number, two options with the same rank when ties are not
    allowed, a gap, an option not on the list and an empty form are errors (BallotError).
    `translate` turns each message into the reader's language (the words stay English
    without it).
    """
    _ = translate
    index = _index(options)
    by_rank: dict[int, list[O]] = {}
    for option, rank in ranks.items():
        if option not in index:
            raise BallotError(f"{option!r} is not one of the options.")
        if isinstance(rank, bool) or not isinstance(rank, int):
            raise BallotError(
                _("The rank for %(option)s must be a whole number.") % {"option": label(option)}
            )
        if rank < 1:
            raise BallotError(
                _("The rank for %(option)s is %(rank)s. Ranks start at 1.")
                % {"option": label(option), "rank": rank}
            )
        by_rank.setdefault(rank, []).append(option)
    if not by_rank:
        raise BallotError(_("Your ballot is empty. Rank at least one option."))
    if not allow_ties:
        for rank in sorted(by_rank):
            count = len(by_rank[rank])
            if count > 1:
                words = _(_NUMBER_WORDS[count]) if count < len(_NUMBER_WORDS) else str(count)
                raise BallotError(
                    _("%(count)s options have rank %(rank)s. Give each a different rank.")
                    % {"count": words, "rank": rank}
                )
    for rank in sorted(by_rank):
        if rank > 1 and rank - 1 not in by_rank:
            raise BallotError(
                _(
                    "You gave rank %(rank)s but no rank %(before)s. "
                    "Number your choices 1, 2, 3 without gaps."
                )
                % {"rank": rank, "before": rank - 1}
            )
    return [sorted(by_rank[rank], key=index.__getitem__) for rank in sorted(by_rank)]


# --- Schulze --------------------------------------------------------------------------


@dataclass(frozen=True)
class SchulzeResult(Generic[O]):
    """The Schulze count of ranked ballots. Rows and columns of `d` and `p` follow
    `options`, the caller's order.

    - `d[i][j]`: how many voters prefer option i to option j.
    - `p[i][j]`: the strength of the strongest path from i to j (winning votes).
    - `winners`: every option x with p[x][y] >= p[y][x] for every other option y. A tie
      gives several. With no ballots there are none.
    - `ranking`: tiers, best first, in the Schulze order; tied options share a tier.
    - `voters`: how many ballots were counted.
    """

    options: list[O]
    d: list[list[int]]
    p: list[list[int]]
    winners: list[O]
    ranking: list[list[O]]
    voters: int


def _frozen(item: object) -> object:
    """A hashable stand-in for one entry of a ballot (a tier becomes a tuple)."""
    return tuple(item) if isinstance(item, list | set) else item


def _pairwise(
    counted: Counter[tuple[object, ...]], index: Mapping[Any, int], n: int
) -> list[list[int]]:
    """d[i][j]: how many voters rank option i above option j. Each distinct ballot is
    checked once and added in with the number of people who cast it.

    For speed each row of d is kept as one whole number holding n counts side by side,
    `width` bits each (wide enough that no count can spill into the next). Adding a
    ballot then takes one addition per option: the ballot's weight times a pattern with a
    1 in the place of every option ranked below it.
    """
    width = sum(counted.values()).bit_length() + 1
    bit = [1 << (j * width) for j in range(n)]
    everyone = sum(bit)
    rows = [0] * n
    for key, weight in counted.items():
        below = everyone
        for places in _places(key, index):
            for i in places:
                below -= bit[i]
            add = weight * below
            for i in places:
                rows[i] += add
    mask = (1 << width) - 1
    return [[(row >> (j * width)) & mask for j in range(n)] for row in rows]


def _widest_paths(d: list[list[int]]) -> list[list[int]]:
    """Strongest path strengths by winning votes: a direct link i -> j is as strong as
    d[i][j] when more prefer i to j than j to i, and absent (0) otherwise; a path is as
    strong as its weakest link, and p[i][j] is the strongest path from i to j."""
    n = len(d)
    p = [[d[i][j] if i != j and d[i][j] > d[j][i] else 0 for j in range(n)] for i in range(n)]
    for k in range(n):
        row_k = p[k]
        for i in range(n):
            if i == k:
                continue
            row_i = p[i]
            through = row_i[k]
            if not through:
                continue
            for j in range(n):
                if j != i and j != k:
                    via = min(through, row_k[j])
                    if via > row_i[j]:
                        row_i[j] = via
    return p


def schulze(
    ballots: Iterable[Sequence[Collection[O] | O]], options: Sequence[O]
) -> SchulzeResult[O]:
    """Count ranked ballots by the Schulze method.

    Each ballot is checked as `check_ballot` does (tiers or a flat list; unranked options
    equal last); a bad ballot is an error (BallotError). Option x beats option y when the
    strongest path from x to y is stronger than the strongest path from y to x. The
    winners are the options that nothing beats. The ranking takes those winners as the
    first tier, then the options nothing else left beats as the next, and so on.
    """
    index = _index(options)
    counted: Counter[tuple[object, ...]] = Counter()
    for ballot in ballots:
        key = tuple(map(_frozen, ballot))
        try:
            counted[key] += 1
        except TypeError:  # something unhashable inside a tier: not an option
            _places(ballot, index)  # raises the BallotError that explains it
            raise
    voters = sum(counted.values())
    d = _pairwise(counted, index, len(options))
    p = _widest_paths(d)
    ranking: list[list[O]] = []
    if voters:
        left = list(range(len(options)))
        while left:
            tier = [x for x in left if all(p[x][y] >= p[y][x] for y in left)]
            if not tier:  # cannot happen: Schulze's "beats" is transitive; stops a loop
                tier = left
            ranking.append([options[x] for x in tier])
            left = [x for x in left if x not in tier]
    winners = list(ranking[0]) if ranking else []
    return SchulzeResult(
        options=list(options), d=d, p=p, winners=winners, ranking=ranking, voters=voters
    )
