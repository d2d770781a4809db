"""Tests of the pure scoring rules for standards: no database needed."""

from __future__ import annotations

import ast
import math
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from equalvoice.standards import scoring
from equalvoice.standards.scoring import (
    DONT_KNOW_LABEL,
    EASY_READ_4,
    FIVE_POINT,
    NO_ANSWER_LABEL,
    SCALES,
    Gap,
    GapFinding,
    JourneyPoint,
    Point,
    Scale,
    StatementResult,
    appraise,
    gap_sentence,
    gap_test,
    is_shown,
    spread,
    suppressed,
    trend_word,
)

# --- The module stays pure ------------------------------------------------------------


def test_module_imports_only_the_standard_library() -> None:
    tree = ast.parse(Path(scoring.__file__).read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            roots.add(node.module.split(".")[0])
    assert roots <= {"__future__", "math", "collections", "dataclasses", "typing"}


# --- Scales ---------------------------------------------------------------------------


def test_scales_by_key() -> None:
    assert set(SCALES) == {"easy_read_4", "five_point"}
    assert SCALES["easy_read_4"] is EASY_READ_4
    assert SCALES["five_point"] is FIVE_POINT
    assert DONT_KNOW_LABEL == "Don't know"
    assert NO_ANSWER_LABEL == "No answer"


def test_easy_read_scale() -> None:
    s = EASY_READ_4
    assert (s.key, s.name, s.dont_know) == ("easy_read_4", "Easy read: four points", True)
    assert [(p.value, p.label, p.symbol) for p in s.points] == [
        (1, "Not yet", "○"),
        (2, "Starting", "◔"),
        (3, "Getting there", "◑"),
        (4, "Doing it well", "●"),
    ]
    assert (s.lowest, s.highest) == (1, 4)
    assert s.label(3) == "Getting there"
    assert s.is_valid(1) and s.is_valid(4)
    assert not s.is_valid(0) and not s.is_valid(5)
    with pytest.raises(ValueError):
        s.label(5)


def test_five_point_scale() -> None:
    s = FIVE_POINT
    assert (s.key, s.name, s.dont_know) == ("five_point", "1 to 5", False)
    assert (s.lowest, s.highest) == (1, 5)
    assert s.label(1) == "We have not started"
    assert s.label(2) == "We have made a start"
    assert s.label(3) == "We are getting there"
    assert s.label(4) == "We do this most of the time"
    assert s.label(5) == "It is how we always work"
    assert [p.symbol for p in s.points] == ["1", "2", "3", "4", "5"]
    assert not s.is_valid(6)
    with pytest.raises(ValueError):
        s.label(0)


def test_a_scale_needs_rising_points() -> None:
    with pytest.raises(ValueError):
        Scale("x", "x", (Point(2, "b", "b"), Point(1, "a", "a")), False)
    with pytest.raises(ValueError):
        Scale("x", "x", (Point(1, "a", "a"),), False)


# --- Spreads --------------------------------------------------------------------------


def test_spread_worked_numbers() -> None:
    # 2 people chose 1, 3 chose 3, 5 chose 4: answered 10, sum 2 + 9 + 20 = 31, mean 3.1.
    # Percent: (3.1 - 1) / (4 - 1) * 100 = 70.
    s = spread(EASY_READ_4, {1: 2, 3: 3, 4: 5, None: 1}, dont_know=4)
    assert s.counts == {1: 2, 2: 0, 3: 3, 4: 5}
    assert s.answered == 10
    assert s.no_answer == 1
    assert s.dont_know == 4
    assert s.total == 15
    assert s.mean == pytest.approx(3.1)
    assert s.percent == pytest.approx(70.0)
    assert s.share(4) == pytest.approx(0.5)
    assert s.share(2) == 0.0
    assert s.share(1) == pytest.approx(0.2)


def test_five_point_percent() -> None:
    # Everyone at 5 is 100; everyone at 1 is 0; mean 2 is (2-1)/4 = 25.
    assert spread(FIVE_POINT, {5: 3}).percent == pytest.approx(100.0)
    assert spread(FIVE_POINT, {1: 3}).percent == pytest.approx(0.0)
    assert spread(FIVE_POINT, {1: 1, 3: 1}).percent == pytest.approx(25.0)


def test_empty_spread() -> None:
    s = spread(EASY_READ_4, {}, dont_know=2, no_answer=1)
    assert s.answered == 0
    assert s.total == 3
    assert s.mean is None
    assert s.percent is None
    assert s.share(1) == 0.0


def test_none_key_counts_as_no_answer() -> None:
    s = spread(FIVE_POINT, {None: 3, 2: 1}, no_answer=2)
    assert s.no_answer == 5
    assert s.answered == 1
    assert s.mean == 2.0


def test_bad_keys_raise() -> None:
    with pytest.raises(ValueError):
        spread(EASY_READ_4, {5: 1})
    with pytest.raises(ValueError):
        spread(FIVE_POINT, {0: 1})
    with pytest.raises(ValueError):
        scoring.Spread(EASY_READ_4, {1: 1})  # missing points
    with pytest.raises(ValueError):
        scoring.Spread(EASY_READ_4, {1: -1, 2: 0, 3: 0, 4: 0})


def test_merged_adds_everything() -> None:
    a = spread(EASY_READ_4, {1: 1, 4: 2, None: 1}, dont_know=1)
    b = spread(EASY_READ_4, {2: 3, 4: 1}, dont_know=2)
    m = a.merged(b)
    assert m.counts == {1: 1, 2: 3, 3: 0, 4: 3}
    assert (m.dont_know, m.no_answer, m.answered, m.total) == (3, 1, 7, 11)
    # (1 + 6 + 12) / 7
    assert m.mean == pytest.approx(19 / 7)


def test_merged_refuses_different_scales() -> None:
    with pytest.raises(ValueError):
        spread(EASY_READ_4, {1: 1}).merged(spread(FIVE_POINT, {1: 1}))


# --- Suppression ----------------------------------------------------------------------


def test_primary_rule() -> None:
    sizes = {"staff": 20, "users": 3, "carers": 4, "none": 12}
    assert suppressed(sizes, 5) == {"users", "carers"}


def test_secondary_rule_hides_the_next_smallest() -> None:
    # The 4 alone would be found by taking 20 + 6 + 9 from the total, so the 6 goes too.
    sizes = {"staff": 20, "users": 4, "carers": 6, "none": 9}
    assert suppressed(sizes, 5) == {"users", "carers"}


def test_two_small_groups_need_no_secondary() -> None:
    sizes = {"staff": 20, "users": 2, "carers": 3, "none": 6}
    assert suppressed(sizes, 5) == {"users", "carers"}


def test_zero_size_groups_are_never_hidden() -> None:
    sizes = {"staff": 20, "users": 0, "carers": 4, "none": 0, "family": 7}
    assert suppressed(sizes, 5) == {"carers", "family"}
    assert suppressed({"a": 0, "b": 0}, 5) == set()
    assert suppressed({"a": 0, "b": 10}, 5) == set()


def test_secondary_may_leave_nothing_shown() -> None:
    assert suppressed({"a": 3, "b": 50}, 5) == {"a", "b"}
    assert suppressed({"a": 3}, 5) == {"a"}
    assert suppressed({"a": 3, "b": 0}, 5) == {"a"}


def test_secondary_ties_are_stable() -> None:
    sizes = {"zeta": 8, "alpha": 8, "mid": 8, "small": 2}
    assert suppressed(sizes, 5) == {"small", "alpha"}
    assert suppressed(dict(reversed(list(sizes.items()))), 5) == {"small", "alpha"}
    # Keys of other types sort by their text.
    assert suppressed({10: 6, 9: 6, 1: 1}, 5) == {1, 10}


def test_nothing_hidden_when_all_big_enough() -> None:
    assert suppressed({"a": 5, "b": 5, "c": 100}, 5) == set()


def test_negative_sizes_raise() -> None:
    with pytest.raises(ValueError):
        suppressed({"a": -1}, 5)


def test_is_shown() -> None:
    assert is_shown(5, 5)
    assert is_shown(6, 5)
    assert not is_shown(4, 5)
    assert not is_shown(0, 5)


@given(
    st.dictionaries(st.text(max_size=3), st.integers(min_value=0, max_value=30), max_size=8),
    st.integers(min_value=1, max_value=12),
)
def test_suppression_properties(sizes: dict[str, int], minimum: int) -> None:
    hidden = suppressed(sizes, minimum)
    assert hidden <= set(sizes)
    assert all(sizes[k] > 0 for k in hidden)
    assert {k for k, n in sizes.items() if 0 < n < minimum} <= hidden
    non_empty = [k for k, n in sizes.items() if n > 0]
    if len(non_empty) >= 2:
        assert len(hidden) == 0 or len(hidden) >= 2
    # Deterministic, whatever the order of the groups.
    assert suppressed(dict(reversed(list(sizes.items()))), minimum) == hidden


# --- Gap test: known answers ----------------------------------------------------------


def test_gap_complete_separation_known_answer() -> None:
    # a: five 3s and five 4s; b: five 1s and five 2s. Every a beats every b, so
    # U_a = 10 * 10 = 100, mean U = n_a*n_b/2 = 50, effect = 2*100/100 - 1 = 1.
    # Ties: four runs of 5 tied values (1s, 2s, 3s, 4s): sum(t^3 - t) = 4 * 120 = 480.
    # N = 20, N(N-1) = 380.
    # var = n_a*n_b/12 * ((N+1) - 480/380) = 100/12 * (21 - 24/19) = 100/12 * 375/19
    #     = 3125/19 = 164.47368421052633; sigma = sqrt(3125/19) = 12.824729401064427.
    # Continuity correction: z = (100 - 50 - 0.5) / sigma = 49.5 / 12.8247... = 3.8597305605443495
    # p = erfc(z / sqrt(2)) = 0.0001135121143442419 (two-sided).
    gap = gap_test({1: 0, 2: 0, 3: 5, 4: 5}, {1: 5, 2: 5, 3: 0, 4: 0})
    assert gap is not None
    assert (gap.n_a, gap.n_b) == (10, 10)
    assert gap.u == 100
    assert gap.effect == 1.0
    assert gap.mean_a == pytest.approx(3.5)
    assert gap.mean_b == pytest.approx(1.5)
    assert gap.difference == pytest.approx(2.0)
    assert gap.z == pytest.approx(49.5 / math.sqrt(3125 / 19), abs=1e-12)
    assert gap.z == pytest.approx(3.8597305605443495, abs=1e-9)
    assert gap.p_value == pytest.approx(0.0001135121143442419, abs=1e-9)
    assert gap.is_real()
    # The same gap seen from b's side.
    back = gap_test({1: 5, 2: 5}, {3: 5, 4: 5})
    assert back is not None
    assert (back.u, back.effect, back.difference) == (0, -1.0, -2.0)
    assert back.z == pytest.approx(-3.8597305605443495, abs=1e-9)
    assert back.p_value == pytest.approx(gap.p_value, abs=1e-15)


def brute_u(a: list[int], b: list[int]) -> float:
    """U for a, counted pair by pair: a win is 1, a tie is a half."""
    return sum(1.0 if x > y else 0.5 if x == y else 0.0 for x in a for y in b)


def expand(table: dict[int, int]) -> list[int]:
    return [v for v, c in sorted(table.items()) for _ in range(c)]


def test_gap_with_ties_across_groups_known_answer() -> None:
    # a = 1, 2, 2, 3, 3, 3, 4  (n_a = 7, mean 18/7)
    # b = 1, 1, 1, 2, 2, 3     (n_b = 6, mean 10/6)
    # By pairs, for each a: (b below) + half (b equal):
    #   a=1: 0 + 3/2 = 1.5 (x1) ; a=2: 3 + 2/2 = 4 (x2) ; a=3: 5 + 1/2 = 5.5 (x3) ; a=4: 6 (x1)
    #   U_a = 1.5 + 8 + 16.5 + 6 = 32; U_b = 42 - 32 = 10.
    # By midranks: 1s take ranks 1-4 (2.5), 2s 5-8 (6.5), 3s 9-12 (10.5), the 4 rank 13.
    #   R_a = 2.5 + 2*6.5 + 3*10.5 + 13 = 60; U_a = 60 - 7*8/2 = 32. Same.
    # Ties: runs 4, 4, 4, 1 -> sum(t^3 - t) = 3 * 60 + 0 = 180. N = 13, N(N-1) = 156.
    # var = 42/12 * (14 - 180/156) = 3.5 * 167/13 = 584.5/13 = 44.96153846...
    # sigma = 6.705336565865912; z = (32 - 21 - 0.5) / sigma = 1.5659169225674883
    # p = erfc(z / sqrt(2)) = 0.11736806757775353; effect = 64/42 - 1 = 11/21.
    a = {1: 1, 2: 2, 3: 3, 4: 1}
    b = {1: 3, 2: 2, 3: 1}
    gap = gap_test(a, b)
    assert gap is not None
    assert gap.u == 32
    assert gap.u == brute_u(expand(a), expand(b))
    n_a, n_b, n = 7, 6, 13
    ties = sum(t**3 - t for t in (4, 4, 4, 1))
    variance = n_a * n_b / 12 * ((n + 1) - ties / (n * (n - 1)))
    assert variance == pytest.approx(584.5 / 13)
    assert gap.z == pytest.approx((32 - 21 - 0.5) / math.sqrt(variance), abs=1e-12)
    assert gap.z == pytest.approx(1.5659169225674883, abs=1e-9)
    assert gap.p_value == pytest.approx(0.11736806757775353, abs=1e-9)
    assert gap.effect == pytest.approx(11 / 21)
    assert gap.mean_a == pytest.approx(18 / 7)
    assert gap.mean_b == pytest.approx(10 / 6)
    assert gap.difference == pytest.approx(18 / 7 - 10 / 6)
    assert not gap.is_real()  # big enough difference, but could be chance


def test_identical_groups_are_not_a_gap() -> None:
    gap = gap_test({1: 3, 2: 4, 3: 5, 4: 2}, {1: 3, 2: 4, 3: 5, 4: 2})
    assert gap is not None
    assert gap.u == 14 * 14 / 2
    assert gap.z == 0.0
    assert gap.p_value == pytest.approx(1.0)
    assert gap.difference == 0.0
    assert gap.effect == 0.0
    assert not gap.is_real()


def test_all_tied_gives_z_zero_p_one() -> None:
    gap = gap_test({3: 4}, {3: 7})
    assert gap is not None
    assert (gap.z, gap.p_value, gap.u, gap.effect) == (0.0, 1.0, 14.0, 0.0)
    assert not gap.is_real()


def test_empty_group_gives_none() -> None:
    assert gap_test({}, {1: 2}) is None
    assert gap_test({1: 2}, {1: 0, 2: 0}) is None
    assert gap_test({}, {}) is None


def test_large_groups_are_cheap() -> None:
    gap = gap_test({1: 10_000, 4: 10_000}, {2: 10_000, 3: 10_000})
    assert gap is not None
    assert gap.u == 20_000 * 20_000 / 2
    assert gap.p_value == pytest.approx(1.0)


def test_is_real_rules() -> None:
    base = Gap(
        n_a=10, n_b=10, mean_a=3.0, mean_b=2.0, difference=1.0, u=0, z=0, p_value=0.01, effect=0
    )
    assert base.is_real()
    assert not replace(base, p_value=0.05).is_real()
    assert not replace(base, difference=0.49).is_real()
    assert replace(base, difference=-0.5).is_real()
    assert not replace(base, n_a=1).is_real()
    assert not replace(base, n_b=1).is_real()
    assert base.is_real(alpha=0.02)
    assert not base.is_real(alpha=0.01)
    assert not base.is_real(min_difference=1.5)


# --- Gap test: properties -------------------------------------------------------------

tables = st.dictionaries(
    st.integers(min_value=1, max_value=5), st.integers(min_value=0, max_value=6), max_size=5
)


@given(tables, tables)
def test_u_from_counts_matches_brute_force(a: dict[int, int], b: dict[int, int]) -> None:
    gap = gap_test(a, b)
    if sum(a.values()) == 0 or sum(b.values()) == 0:
        assert gap is None
        return
    assert gap is not None
    assert gap.u == brute_u(expand(a), expand(b))
    other = gap_test(b, a)
    assert other is not None
    assert gap.u + other.u == gap.n_a * gap.n_b
    assert other.difference == -gap.difference
    assert other.effect == pytest.approx(-gap.effect, abs=1e-12)
    assert other.z == pytest.approx(-gap.z, abs=1e-12)
    assert other.p_value == gap.p_value
    assert 0.0 <= gap.p_value <= 1.0
    assert -1.0 <= gap.effect <= 1.0


# --- Gap sentences --------------------------------------------------------------------


def test_sentence_for_a_real_gap() -> None:
    gap = gap_test({3: 5, 4: 5}, {1: 5, 2: 5})
    assert gap is not None
    assert gap_sentence("Staff member", "Person who uses services", gap, EASY_READ_4) == (
        "The Staff member group scores this higher than the Person who uses services group: "
        "3.5 against 1.5, out of 4. A gap this big is unlikely to be chance."
    )
    back = gap_test({1: 5, 2: 5}, {3: 5, 4: 5})
    assert back is not None
    assert gap_sentence("Person who uses services", "Staff member", back, FIVE_POINT) == (
        "The Person who uses services group scores this lower than the Staff member group: "
        "1.5 against 3.5, out of 5. A gap this big is unlikely to be chance."
    )


def test_sentence_when_about_the_same() -> None:
    gap = gap_test({2: 4, 3: 4}, {2: 5, 3: 4})
    assert gap is not None
    assert not gap.is_real()
    assert gap_sentence("Staff member", "Person who uses services", gap, EASY_READ_4) == (
        "The Staff member and Person who uses services groups score this about the same: "
        "2.5 and 2.4, out of 4."
    )


def test_sentence_when_big_but_could_be_chance() -> None:
    gap = gap_test({1: 1, 2: 2, 3: 3, 4: 1}, {1: 3, 2: 2, 3: 1})
    assert gap is not None
    assert gap_sentence("Family carer", "Staff member", gap, EASY_READ_4) == (
        "The Family carer group scores this higher than the Staff member group: "
        "2.6 against 1.7, out of 4. "
        "The difference could be chance."
    )


# --- Appraisal ------------------------------------------------------------------------


def result(key: str, counts: dict[int | None, int], text: str | None = None) -> StatementResult:
    return StatementResult(
        key=key, text=text or f"Statement {key}.", spread=spread(EASY_READ_4, counts)
    )


def finding(key: str, difference: float, p_value: float = 0.001) -> GapFinding:
    gap = Gap(10, 10, 2.0 + difference, 2.0, difference, 0.0, 0.0, p_value, 0.0)
    return GapFinding(key=key, text=f"Statement {key}.", a_name="Staff", b_name="Carers", gap=gap)


def test_appraise_orders_and_thresholds() -> None:
    results = [
        result("a", {4: 10}),  # 100
        result("b", {3: 10}),  # 66.7
        result("c", {3: 1, 2: 1}),  # 50: below 60, never a strength
        result("d", {4: 9, 3: 1}),  # 96.7
        result("e", {3: 10}),  # 66.7, ties with b: b first
        result("f", {1: 10}),  # 0
        result("g", {2: 10}),  # 33.3
        result("h", {None: 3}),  # nobody answered: left out
    ]
    gaps = [finding("a", 0.6), finding("b", -1.2), finding("c", 0.9), finding("d", 0.5)]
    gaps += [finding("e", 2.0, p_value=0.2), finding("f", 0.3)]
    assert [r.key for r in appraise(results, []).strengths] == ["a", "d", "b"]
    out = appraise(results, gaps)
    # a, b and d have real gaps between groups, so they are not strengths; e's gap could be
    # chance, so it is one.
    assert [r.key for r in out.strengths] == ["e"]
    assert [r.key for r in out.weakest] == ["f", "g", "c"]
    assert [g.key for g in out.gaps] == ["b", "c", "a"]
    assert out.summary == [
        "You are doing well on: Statement e.",
        "These need the most work: Statement f; Statement g; Statement c.",
        "People see these differently: Statement b; Statement c; Statement a.",
    ]


def test_weakest_excludes_strengths() -> None:
    results = [result("a", {4: 5}), result("b", {3: 5}), result("c", {1: 5})]
    out = appraise(results, [])
    assert [r.key for r in out.strengths] == ["a", "b"]
    assert [r.key for r in out.weakest] == ["c"]
    assert out.gaps == []


def test_no_strengths_below_sixty() -> None:
    # 2.8 out of 4 is (2.8 - 1) / 3 = 60 exactly: a strength. 2.7 is 56.7: not.
    out = appraise([result("x", {3: 4, 2: 1}), result("y", {3: 7, 2: 3})], [])
    assert [r.key for r in out.strengths] == ["x"]
    assert [r.key for r in out.weakest] == ["y"]
    out = appraise([result("y", {3: 7, 2: 3})], [])
    assert out.strengths == []
    assert out.summary[0] == "Nothing has a high score yet."


def test_minimum_answers() -> None:
    results = [result("a", {4: 2}), result("b", {1: 5}), result("c", {2: 3})]
    out = appraise(results, [], minimum_answers=3)
    assert out.strengths == []
    assert [r.key for r in out.weakest] == ["b", "c"]


def test_appraise_with_no_answers() -> None:
    out = appraise([result("a", {None: 4})], [])
    assert (out.strengths, out.weakest, out.gaps) == ([], [], [])
    assert out.summary == ["There are not enough answers yet to say how you are doing."]
    assert appraise([], []).summary == [
        "There are not enough answers yet to say how you are doing."
    ]


def test_appraise_ties_go_by_key() -> None:
    results = [result(k, {2: 1}) for k in "dcba"]
    out = appraise(results, [])
    assert [r.key for r in out.weakest] == ["a", "b", "c"]


# --- Journey --------------------------------------------------------------------------


def test_trend_words() -> None:
    def jp(*percents: float | None) -> list[JourneyPoint]:
        return [JourneyPoint(f"Round {i}", p) for i, p in enumerate(percents)]

    assert trend_word(jp(40, 45)) == "better"
    assert trend_word(jp(40, 44.9)) == "about the same"
    assert trend_word(jp(40, 35)) == "worse"
    assert trend_word(jp(40, 35.1)) == "about the same"
    assert trend_word(jp(None, 40, None, 90, 60, None)) == "better"  # first 40, last 60
    assert trend_word(jp(80, 10, 79)) == "about the same"
    assert trend_word(jp(50)) == "not enough rounds yet"
    assert trend_word(jp(None, 50, None)) == "not enough rounds yet"
    assert trend_word([]) == "not enough rounds yet"
