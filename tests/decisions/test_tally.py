"""The decision tally engine: worked examples, ballot errors and general properties
(anonymity and neutrality) with hypothesis. No database, no Django."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from equalvoice.decisions.tally import (
    BallotError,
    ConsentChoice,
    ConsentResult,
    Method,
    check_ballot,
    consent_tally,
    majority_tally,
    ranks_to_ballot,
    schulze,
    score_tally,
)

A, B, C, D, E = "A", "B", "C", "D", "E"

# --- Schulze: the worked example ------------------------------------------------------

# Wikipedia, "Schulze method", the example with 45 voters and 5 candidates.
WIKIPEDIA = [
    (5, "ACBED"),
    (5, "ADECB"),
    (8, "BEDAC"),
    (3, "CABED"),
    (7, "CAEBD"),
    (2, "CBADE"),
    (7, "DCEBA"),
    (8, "EBADC"),
]

# d[X][Y]: voters who prefer X to Y, as printed in the article (0 on the diagonal).
WIKIPEDIA_D = [
    [0, 20, 26, 30, 22],
    [25, 0, 16, 33, 18],
    [19, 29, 0, 17, 24],
    [15, 12, 28, 0, 14],
    [23, 27, 21, 31, 0],
]
# p[X][Y]: strongest path strengths, as printed in the article.
WIKIPEDIA_P = [
    [0, 28, 28, 30, 24],
    [25, 0, 28, 33, 24],
    [25, 29, 0, 29, 24],
    [25, 28, 28, 0, 24],
    [25, 28, 28, 31, 0],
]


def test_method_values() -> None:
    assert [m.value for m in Method] == ["consent", "score", "ranked", "majority"]


def test_schulze_wikipedia_example() -> None:
    ballots = [list(order) for count, order in WIKIPEDIA for _ in range(count)]
    result = schulze(ballots, list("ABCDE"))
    assert result.voters == 45
    assert result.options == list("ABCDE")
    assert result.d == WIKIPEDIA_D
    assert result.p == WIKIPEDIA_P
    assert result.winners == [E]
    assert result.ranking == [[E], [A], [C], [B], [D]]


def test_schulze_accepts_tiers_of_one_as_well_as_flat_lists() -> None:
    flat = [list(order) for count, order in WIKIPEDIA for _ in range(count)]
    tiered = [[[option] for option in ballot] for ballot in flat]
    assert schulze(tiered, list("ABCDE")) == schulze(flat, list("ABCDE"))


# --- Schulze: ties and cycles ---------------------------------------------------------


def test_schulze_tie_gives_both_winners_in_one_tier() -> None:
    result = schulze([[A, B], [B, A]], [A, B])
    assert result.d == [[0, 1], [1, 0]]
    assert result.p == [[0, 0], [0, 0]]
    assert result.winners == [A, B]
    assert result.ranking == [[A, B]]


def test_schulze_tie_keeps_the_callers_option_order() -> None:
    result = schulze([[A, B], [B, A]], [B, A])
    assert result.winners == [B, A]
    assert result.ranking == [[B, A]]


def test_schulze_equal_cycle_is_a_three_way_tie() -> None:
    # Rock, paper, scissors, one voter each: every defeat is 2 to 1, so every path is 2.
    ballots = [[A, B, C], [B, C, A], [C, A, B]]
    result = schulze(ballots, [A, B, C])
    assert result.d == [[0, 2, 1], [1, 0, 2], [2, 1, 0]]
    assert result.p == [[0, 2, 2], [2, 0, 2], [2, 2, 0]]
    assert result.winners == [A, B, C]
    assert result.ranking == [[A, B, C]]


def test_schulze_unequal_cycle_drops_the_weakest_defeat() -> None:
    # 4 x A>B>C, 3 x B>C>A, 2 x C>A>B (9 voters), worked by hand:
    #   d[A][B] = 4 + 2 = 6, d[B][A] = 3  -> A beats B by 6
    #   d[B][C] = 4 + 3 = 7, d[C][B] = 2  -> B beats C by 7
    #   d[C][A] = 3 + 2 = 5, d[A][C] = 4  -> C beats A by 5, the weakest defeat
    # Strongest paths: A->B 6, A->C min(6, 7) = 6; B->C 7, B->A min(7, 5) = 5;
    # C->A 5, C->B min(5, 6) = 5. So A beats B (6 > 5) and C (6 > 5), B beats C (7 > 5):
    # A wins and the order is A > B > C, as if the C>A defeat were dropped.
    ballots = [[A, B, C]] * 4 + [[B, C, A]] * 3 + [[C, A, B]] * 2
    result = schulze(ballots, [A, B, C])
    assert result.d == [[0, 6, 4], [3, 0, 7], [5, 2, 0]]
    assert result.p == [[0, 6, 6], [5, 0, 7], [5, 5, 0]]
    assert result.winners == [A]
    assert result.ranking == [[A], [B], [C]]


def test_schulze_no_ballots() -> None:
    result = schulze([], [A, B])
    assert result.voters == 0
    assert result.d == [[0, 0], [0, 0]]
    assert result.winners == []
    assert result.ranking == []


# --- Schulze: equal preferences and unranked options ----------------------------------


def test_equal_preferences_count_for_neither_side() -> None:
    # A and B equal first, C next, D not ranked (equal last).
    result = schulze([[[A, B], [C]]], [A, B, C, D])
    assert result.d == [
        [0, 0, 1, 1],
        [0, 0, 1, 1],
        [0, 0, 0, 1],
        [0, 0, 0, 0],
    ]
    assert result.winners == [A, B]
    assert result.ranking == [[A, B], [C], [D]]


def test_unranked_options_are_equal_last() -> None:
    result = schulze([[C]], [A, B, C, D])
    assert result.d[2] == [1, 1, 0, 1]
    assert all(result.d[i] == [0, 0, 0, 0] for i in (0, 1, 3))
    assert result.ranking == [[C], [A, B, D]]


def test_schulze_with_int_options_and_mixed_tiers() -> None:
    ballots: list[list[int | list[int]]] = [[3, [1, 2]], [[3], 1], [2, 3]]
    result = schulze(ballots, [1, 2, 3])
    # 3 over 1: all three (1 is unranked on the third) -> 3; 1 over 3: none.
    # 3 over 2: the first two (2 is unranked on the second) -> 2; 2 over 3: the third -> 1.
    # 1 over 2: the second -> 1; 2 over 1: the third -> 1 (the first ranks them equal).
    assert result.d == [[0, 1, 0], [1, 0, 1], [3, 2, 0]]
    assert result.winners == [3]
    assert result.ranking == [[3], [1, 2]]


def test_schulze_rejects_a_bad_ballot() -> None:
    with pytest.raises(BallotError, match="You ranked A twice"):
        schulze([[A, B], [A, A]], [A, B])
    with pytest.raises(BallotError, match="not one of the options"):
        nested: list[Any] = [[A, [B, [C]]]]
        schulze(nested, [A, B, C])
    with pytest.raises(BallotError, match="empty"):
        schulze([[]], [A, B])


def test_options_must_be_listed_once() -> None:
    with pytest.raises(ValueError, match="once"):
        schulze([[A]], [A, A])


# --- check_ballot and ranks_to_ballot -------------------------------------------------


def test_check_ballot_normalises() -> None:
    options = [A, B, C, D]
    assert check_ballot([B, A], options) == [[B], [A]]
    assert check_ballot([[C, A], [], [B]], options) == [[A, C], [B]]
    assert check_ballot([D, (B, A)], options) == [[D], [A, B]]
    assert check_ballot([{B, C}], options) == [[B, C]]


@pytest.mark.parametrize(
    ("ballot", "message"),
    [
        ([A, B, A], "You ranked A twice."),
        ([[A, B], [B]], "You ranked B twice."),
        ([A, "Z"], "'Z' is not one of the options."),
        ([], "Your ballot is empty. Rank at least one option."),
        ([[], []], "Your ballot is empty. Rank at least one option."),
    ],
)
def test_check_ballot_errors(ballot: list[Any], message: str) -> None:
    with pytest.raises(BallotError) as caught:
        check_ballot(ballot, [A, B, C])
    assert str(caught.value) == message
    assert isinstance(caught.value, ValueError)


def test_check_ballot_names_options_with_a_label() -> None:
    names = {1: "Bigger room", 2: "Online"}
    with pytest.raises(BallotError, match="You ranked Online twice."):
        check_ballot([2, 1, 2], [1, 2], label=names.__getitem__)


def test_ranks_to_ballot() -> None:
    options = [A, B, C, D]
    assert ranks_to_ballot({C: 1, A: 2, B: 3}, options) == [[C], [A], [B]]
    assert ranks_to_ballot({B: 1}, options) == [[B]]
    assert ranks_to_ballot({A: 1, D: 1, C: 2}, options, allow_ties=True) == [[A, D], [C]]
    assert schulze([ranks_to_ballot({B: 1, A: 2}, options)], options).winners == [B]


@pytest.mark.parametrize(
    ("ranks", "allow_ties", "message"),
    [
        ({A: 1, B: 2, C: 4}, False, "You gave rank 4 but no rank 3. "),
        ({A: 2}, False, "You gave rank 2 but no rank 1. "),
        ({A: 1, B: 1, C: 3}, True, "You gave rank 3 but no rank 2. "),
        ({A: 1, B: 2, C: 2}, False, "Two options have rank 2. Give each a different rank."),
        ({A: 1, B: 1, C: 1}, False, "Three options have rank 1. "),
        ({A: 0}, False, "The rank for A is 0. Ranks start at 1."),
        ({A: 1, "Z": 2}, False, "'Z' is not one of the options."),
        ({}, False, "Your ballot is empty. Rank at least one option."),
    ],
)
def test_ranks_to_ballot_errors(ranks: dict[str, int], allow_ties: bool, message: str) -> None:
    with pytest.raises(BallotError) as caught:
        ranks_to_ballot(ranks, [A, B, C], allow_ties=allow_ties)
    assert str(caught.value).startswith(message)


def test_gap_message_in_full() -> None:
    with pytest.raises(BallotError) as caught:
        ranks_to_ballot({A: 1, B: 2, C: 4}, [A, B, C])
    assert str(caught.value) == (
        "You gave rank 4 but no rank 3. Number your choices 1, 2, 3 without gaps."
    )


# --- Consent --------------------------------------------------------------------------


def test_a_single_block_blocks_even_with_twenty_agrees() -> None:
    result = consent_tally([ConsentChoice.AGREE] * 20 + [ConsentChoice.BLOCK])
    assert result.outcome == "blocked"
    assert result.total == 21
    assert result.dissenters == 1
    assert result.counts == {
        ConsentChoice.AGREE: 20,
        ConsentChoice.CONCERNS: 0,
        ConsentChoice.OBJECT: 0,
        ConsentChoice.BLOCK: 1,
    }


@pytest.mark.parametrize(
    ("votes", "outcome", "dissenters"),
    [
        (["agree", "agree"], "agreed", 0),
        (["agree", "concerns", "concerns"], "agreed_with_concerns", 2),
        (["agree", "concerns", "object"], "not_agreed", 2),
        (["object", "block", "agree"], "blocked", 2),
        ([], "no_votes", 0),
    ],
)
def test_consent_outcomes(votes: list[str], outcome: str, dissenters: int) -> None:
    result = consent_tally(votes)
    assert result.outcome == outcome
    assert result.dissenters == dissenters
    assert result.total == len(votes)


def test_consent_unknown_choice() -> None:
    with pytest.raises(ValueError, match="'maybe' is not a consent choice"):
        consent_tally(["agree", "maybe"])


# --- Score ----------------------------------------------------------------------------


def test_score_worked_example() -> None:
    ballots = [{A: 5, B: 3}, {A: 2, B: 5, C: 1}, {C: 4}]
    result = score_tally(ballots, [A, B, C])
    assert result.voters == 3
    assert result.totals == {A: 7, B: 8, C: 5}
    assert result.means == pytest.approx({A: 7 / 3, B: 8 / 3, C: 5 / 3})
    assert result.winners == [B]


def test_score_tie_keeps_all_in_the_callers_order() -> None:
    result = score_tally([{A: 4, B: 4, C: 0}, {A: 1, B: 1, C: 5}], [C, B, A])
    assert result.totals == {C: 5, B: 5, A: 5}
    assert result.winners == [C, B, A]
    result = score_tally([{A: 4, B: 4, C: 2}], [C, B, A])
    assert result.winners == [B, A]


def test_score_no_ballots() -> None:
    result = score_tally([], [A, B])
    assert result.voters == 0
    assert result.means == {A: 0.0, B: 0.0}
    assert result.winners == []


@pytest.mark.parametrize("bad", [6, -1, 2.5, True, "3"])
def test_score_out_of_range(bad: Any) -> None:
    with pytest.raises(ValueError, match="whole numbers from 0 to 5"):
        score_tally([{A: 3}, {A: bad}], [A, B])


def test_score_unknown_option() -> None:
    with pytest.raises(ValueError, match="'Z' is not one of the options"):
        score_tally([{"Z": 3}], [A, B])


# --- Majority -------------------------------------------------------------------------


def test_majority_worked_examples() -> None:
    result = majority_tally([A, A, B, C, A], [A, B, C])
    assert result.counts == {A: 3, B: 1, C: 1}
    assert (result.voters, result.winner, result.has_majority) == (5, A, True)

    # Most votes but only half: a winner without a majority.
    result = majority_tally([A, A, B, C], [A, B, C])
    assert (result.winner, result.has_majority) == (A, False)

    # A tie for first place: no winner.
    result = majority_tally([A, B, B, A, C], [A, B, C])
    assert (result.winner, result.has_majority) == (None, False)

    result = majority_tally([], [A, B])
    assert result.counts == {A: 0, B: 0}
    assert (result.voters, result.winner, result.has_majority) == (0, None, False)


def test_majority_unknown_option() -> None:
    with pytest.raises(ValueError, match="'Z' is not one of the options"):
        majority_tally([A, "Z"], [A, B])


# --- Properties -----------------------------------------------------------------------


@st.composite
def ranked_ballot(draw: st.DrawFn, n: int) -> list[list[int]]:
    """A ballot over options 0..n-1: some options ranked, in tiers; the rest unranked."""
    order = draw(st.permutations(range(n)))
    ranked = order[: draw(st.integers(1, n))]
    tiers = [[ranked[0]]]
    for option in ranked[1:]:
        if draw(st.booleans()):
            tiers.append([option])
        else:
            tiers[-1].append(option)
    return tiers


@st.composite
def ranked_election(draw: st.DrawFn) -> tuple[int, list[list[list[int]]]]:
    n = draw(st.integers(1, 6))
    return n, draw(st.lists(ranked_ballot(n), max_size=25))


@st.composite
def relabelling(draw: st.DrawFn, n: int) -> tuple[dict[int, str], list[str]]:
    """New names for options 0..n-1, and the new names listed in a shuffled order."""
    names = draw(st.permutations(range(n)))
    name = {i: f"option {names[i]}" for i in range(n)}
    order = draw(st.permutations(range(n)))
    return name, [name[i] for i in order]


def in_order(chosen: list[str], options: list[str]) -> list[str]:
    return [o for o in options if o in set(chosen)]


@given(ranked_election(), st.data())
def test_schulze_anonymity(
    election: tuple[int, list[list[list[int]]]], data: st.DataObject
) -> None:
    n, ballots = election
    shuffled = data.draw(st.permutations(ballots))
    assert schulze(shuffled, list(range(n))) == schulze(ballots, list(range(n)))


@given(ranked_election(), st.data())
def test_schulze_neutrality(
    election: tuple[int, list[list[list[int]]]], data: st.DataObject
) -> None:
    n, ballots = election
    name, new_options = data.draw(relabelling(n))
    old = schulze(ballots, list(range(n)))
    new = schulze([[[name[o] for o in tier] for tier in b] for b in ballots], new_options)
    assert new.winners == in_order([name[o] for o in old.winners], new_options)
    assert [set(tier) for tier in new.ranking] == [{name[o] for o in t} for t in old.ranking]
    place = {option: i for i, option in enumerate(new_options)}
    for x in range(n):
        for y in range(n):
            assert new.d[place[name[x]]][place[name[y]]] == old.d[x][y]
            assert new.p[place[name[x]]][place[name[y]]] == old.p[x][y]


@given(ranked_election())
def test_schulze_ranking_covers_every_option_once(
    election: tuple[int, list[list[list[int]]]],
) -> None:
    n, ballots = election
    result = schulze(ballots, list(range(n)))
    flat = [o for tier in result.ranking for o in tier]
    assert sorted(flat) == (list(range(n)) if ballots else [])
    assert result.winners == (result.ranking[0] if ballots else [])
    # A Condorcet winner (preferred to every other option by more voters) always wins.
    for x in range(n):
        if ballots and all(result.d[x][y] > result.d[y][x] for y in range(n) if y != x):
            assert result.winners == [x]


score_ballots = st.integers(1, 5).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(
            st.dictionaries(st.integers(0, n - 1), st.integers(0, 5), max_size=n), max_size=20
        ),
    )
)


@given(score_ballots, st.data())
def test_score_anonymity(election: tuple[int, list[dict[int, int]]], data: st.DataObject) -> None:
    n, ballots = election
    shuffled = data.draw(st.permutations(ballots))
    assert score_tally(shuffled, list(range(n))) == score_tally(ballots, list(range(n)))


@given(score_ballots, st.data())
def test_score_neutrality(election: tuple[int, list[dict[int, int]]], data: st.DataObject) -> None:
    n, ballots = election
    name, new_options = data.draw(relabelling(n))
    old = score_tally(ballots, list(range(n)))
    new = score_tally([{name[o]: s for o, s in b.items()} for b in ballots], new_options)
    assert new.voters == old.voters
    assert new.totals == {name[o]: t for o, t in old.totals.items()}
    assert new.means == {name[o]: m for o, m in old.means.items()}
    assert list(new.totals) == new_options
    assert new.winners == in_order([name[o] for o in old.winners], new_options)


majority_votes = st.integers(1, 5).flatmap(
    lambda n: st.tuples(st.just(n), st.lists(st.integers(0, n - 1), max_size=30))
)


@given(majority_votes, st.data())
def test_majority_anonymity(election: tuple[int, list[int]], data: st.DataObject) -> None:
    n, choices = election
    shuffled = data.draw(st.permutations(choices))
    assert majority_tally(shuffled, list(range(n))) == majority_tally(choices, list(range(n)))


@given(majority_votes, st.data())
def test_majority_neutrality(election: tuple[int, list[int]], data: st.DataObject) -> None:
    n, choices = election
    name, new_options = data.draw(relabelling(n))
    old = majority_tally(choices, list(range(n)))
    new = majority_tally([name[c] for c in choices], new_options)
    assert new.counts == {name[o]: c for o, c in old.counts.items()}
    assert new.winner == (None if old.winner is None else name[old.winner])
    assert (new.voters, new.has_majority) == (old.voters, old.has_majority)


@given(st.lists(st.sampled_from(list(ConsentChoice))), st.data())
def test_consent_anonymity(votes: list[ConsentChoice], data: st.DataObject) -> None:
    shuffled = data.draw(st.permutations(votes))
    result: ConsentResult = consent_tally(shuffled)
    assert result == consent_tally(votes)
    assert result.total == len(votes)
    assert result.dissenters == len(votes) - votes.count(ConsentChoice.AGREE)
