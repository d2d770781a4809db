"""The engine on small made-up conversations: votes, edge cases, determinism, state."""

from __future__ import annotations

import json
import random
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from equalvoice.opinions.engine import (
    Result,
    State,
    Votes,
    adjusted_rand_index,
    analyse,
    cluster,
    pca,
)
from equalvoice.opinions.engine.matrix import build_matrix
from equalvoice.opinions.engine.repness import p_test


def planted(
    groups: int = 3, size: int = 30, statements: int = 24, seed: int = 1
) -> list[tuple[int, int, int]]:
    """Groups that each agree with their own statements and disagree with the others',
    with some missing votes and passes."""
    rng = random.Random(seed)
    triples = []
    for p in range(groups * size):
        g = p // size
        for s in range(statements):
            if rng.random() < 0.2:
                continue
            own = s % groups == g
            value = 1 if own else -1
            if rng.random() < 0.1:
                value = 0
            triples.append((p, s, value))
    return triples


def stable(result: Result) -> dict[str, Any]:
    data = result.to_dict()
    data.pop("timings")
    return data


def test_a_later_vote_replaces_an_earlier_one() -> None:
    votes = Votes.from_triples([(1, 10, 1), (2, 10, -1), (1, 10, -1), (1, 11, 0)])
    participants, statements, values = votes.latest()
    assert participants.tolist() == [1, 1, 2]
    assert statements.tolist() == [10, 11, 10]
    assert values.tolist() == [-1, 0, -1]
    assert votes == Votes(
        participants=np.array([2, 1, 1]),
        statements=np.array([10, 10, 11]),
        values=np.array([-1, -1, 0]),
    )


@settings(max_examples=150, deadline=None)
@given(
    triples=st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 9), st.sampled_from([-1, 0, 1])),
        max_size=200,
    ),
    offset=st.sampled_from([0, 7, -3, 10**9, -(2**62)]),
    spread=st.sampled_from([1, 3, 10**12]),
)
def test_the_latest_votes_are_those_a_dictionary_keeps(
    triples: list[tuple[int, int, int]], offset: int, spread: int
) -> None:
    """Each (person, statement)'s last vote, in id order, for ids from 0, shifted, negative
    and spread too wide for a lookup table (sorted instead)."""
    triples = [(p * spread + offset, s * spread - offset, v) for p, s, v in triples]
    kept: dict[tuple[int, int], int] = {}
    for p, s, v in triples:
        kept[(p, s)] = v
    participants, statements, values = Votes.from_triples(triples).latest()
    cells = sorted(kept)
    assert participants.tolist() == [p for p, _ in cells]
    assert statements.tolist() == [s for _, s in cells]
    assert values.tolist() == [kept[cell] for cell in cells]


def test_votes_reject_bad_values() -> None:
    with pytest.raises(ValueError, match="agree"):
        Votes.from_triples([(1, 1, 2)])
    with pytest.raises(ValueError, match="agree"):
        Votes(participants=np.array([1]), statements=np.array([1]), values=np.array([0.5]))
    with pytest.raises(ValueError, match="agree"):
        Votes(participants=np.array([1]), statements=np.array([1]), values=np.array([-2], np.int8))
    with pytest.raises(ValueError, match="as many"):
        Votes(participants=np.array([1, 2]), statements=np.array([1]), values=np.array([1]))


def test_planted_groups_are_found() -> None:
    triples = planted()
    result = analyse(Votes.from_triples(triples))
    assert result.k == 3
    truth = {p: p // 30 for p, _, _ in triples}
    ours = result.assignments
    assert adjusted_rand_index([ours[p] for p in truth], list(truth.values())) == 1.0
    for group in result.groups:
        # Each group's own statements lead its representative list.
        g = truth[group.members[0]]
        agrees = [r.statement for r in group.representative if r.direction == "agree"]
        assert agrees and all(s % 3 == g for s in agrees)
    json.dumps(result.to_dict())


def test_same_votes_in_any_order_give_the_same_result() -> None:
    triples = planted(seed=4)
    first = analyse(
        Votes.from_triples(triples),
        perspectives={p: "staff" if p % 2 else "carers" for p in range(90)},
    )
    shuffled = triples[:]
    random.Random(9).shuffle(shuffled)
    second = analyse(
        Votes.from_triples(shuffled),
        perspectives={p: "staff" if p % 2 else "carers" for p in range(90)},
    )
    assert stable(first) == stable(second)


def test_the_dense_and_the_sparse_eigensolver_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    votes = Votes.from_triples(planted(seed=5))
    dense = analyse(votes)
    monkeypatch.setattr(pca, "DENSE_COLUMNS", 0)
    sparse = analyse(votes)
    np.testing.assert_allclose(dense.maps.components, sparse.maps.components, atol=1e-10)
    assert dense.assignments == sparse.assignments


def test_the_centred_matrix_multiplies_as_its_dense_copy() -> None:
    votes = Votes.from_triples(planted(seed=7))
    # A moderated statement leaves person 500, who voted on it alone, with an empty row.
    extra = Votes.from_triples([*planted(seed=7), (500, 99, 1)])
    for these, moderated in ((votes, ()), (extra, (99,))):
        matrix, _ = build_matrix(these, allowed=None, moderated=moderated)
        centred = matrix.centred()
        dense = centred.toarray()
        assert dense.shape == matrix.shape and np.count_nonzero(dense[:, matrix.moderated]) == 0
        rng = np.random.default_rng(0)
        v = rng.normal(size=(dense.shape[1], 2))
        u = rng.normal(size=(dense.shape[0],))
        np.testing.assert_allclose(centred.times(v), dense @ v, atol=1e-12)
        np.testing.assert_allclose(centred.transposed_times(u), dense.T @ u, atol=1e-12)
        np.testing.assert_allclose(centred.gram_times(v[:, 0]), dense.T @ dense @ v[:, 0])
        np.testing.assert_allclose(centred.gram(), dense.T @ dense, atol=1e-12)


def test_lanczos_finds_the_leading_eigenpairs_after_restarts() -> None:
    """Eigenvalues close together (no wide gap, unlike opinion data), so Lanczos needs
    several restarts of its 32 vectors to reach machine precision."""
    rng = np.random.default_rng(4)
    basis, _ = np.linalg.qr(rng.normal(size=(400, 400)))
    spectrum = np.linspace(1.0, 0.9, 400) ** 40
    gram = (basis * spectrum) @ basis.T
    products = []

    def times(v: np.ndarray) -> np.ndarray:
        products.append(1)
        return gram @ v

    values, vectors, converged = pca._lanczos(times, rng.normal(size=400), pca.COLD_TOLERANCE, 5000)
    assert converged and len(products) > 2 * pca.BASIS
    np.testing.assert_allclose(values, spectrum[1::-1], rtol=1e-12)
    for i, j in enumerate((1, 0)):
        assert abs(vectors[:, i] @ basis[:, j]) == pytest.approx(1, abs=1e-10)
    # Started from the answer itself, it stops at once, exactly.
    products.clear()
    start = basis[:, 0] + basis[:, 1]
    values, _, converged = pca._lanczos(times, start, pca.WARM_TOLERANCE, pca.WARM_ITERATIONS)
    assert converged and len(products) == 2
    np.testing.assert_allclose(values, spectrum[1::-1], rtol=1e-12)


def test_an_empty_conversation() -> None:
    result = analyse(Votes.from_triples([]), statements=[3, 1])
    data = result.to_dict()
    assert (data["k"], data["groups"], data["votes"], data["participants"]) == (0, [], 0, 0)
    assert data["assignments"] == {} and data["group_consensus"] == []
    assert data["priorities"] == {"3": pytest.approx(5.0625), "1": pytest.approx(5.0625)}
    assert data["statements"] == 2
    json.dumps(data)


@pytest.mark.parametrize(
    "triples",
    [
        [(1, 1, 1)],  # one participant, one vote
        [(p, 1, (-1) ** p) for p in range(20)],  # one statement
        [(p, s, 0) for p in range(20) for s in range(5)],  # everyone passes
        [(p, s, 1) for p in range(20) for s in range(5)],  # everyone agrees with everything
        [(1, 1, 1), (2, 1, -1)],  # two people
    ],
    ids=["one-vote", "one-statement", "all-pass", "everyone-identical", "two-people"],
)
def test_small_and_degenerate_conversations(triples: list[tuple[int, int, int]]) -> None:
    result = analyse(Votes.from_triples(triples))
    data = result.to_dict()
    json.dumps(data)
    assert data["k"] == len(data["groups"]) <= 2
    assert sum(g["size"] for g in data["groups"]) == data["clustered"] == len(data["assignments"])
    assert np.isfinite(result.maps.positions).all()


def test_everyone_identical_is_one_group() -> None:
    result = analyse(Votes.from_triples([(p, s, 1) for p in range(20) for s in range(5)]))
    assert result.k == 1 and len(result.groups[0].members) == 20


def test_votes_for_unknown_statements_are_ignored_and_counted() -> None:
    votes = Votes.from_triples([(1, 1, 1), (1, 99, 1), (2, 1, -1), (2, 99, 0)])
    result = analyse(votes, statements=[1, 2])
    assert result.ignored_votes == 2
    assert result.votes == 2
    assert set(result.priorities) == {1, 2}
    assert 99 not in result.statement_counts


def test_meta_and_moderated_statements() -> None:
    triples = planted(seed=2)
    result = analyse(Votes.from_triples(triples), moderated_out=[0], meta=[1])
    assert result.priorities[0] == 0.0 and result.priorities[1] == 49.0
    assert {0, 1}.isdisjoint(result.statement_projections)
    assert {0, 1}.isdisjoint(c["statement"] for c in result.group_consensus)
    for group in result.groups:
        assert {0, 1}.isdisjoint(r.statement for r in group.representative)
    assert result.statement_counts[0]["agree"] > 0  # counts keep the real votes


def test_the_one_proportion_test_matches_the_worked_example() -> None:
    assert (6 + 1) / (6 + 2) == 0.875
    assert float(p_test(np.array(6.0), np.array(6.0))) == pytest.approx(2.6458, abs=1e-4)


def test_kmeans_gives_exactly_lloyds_answer() -> None:
    rng = np.random.default_rng(3)
    points = np.round(rng.normal(size=(3000, 2)) * [3, 1], 1)  # rounded: many ties
    start = cluster.first_distinct(points, 100)
    centres, labels = cluster.kmeans(points, start)
    expected = start.copy()
    for _ in range(cluster.MAX_ITERATIONS):
        near = np.argmin(((points[:, None, :] - expected[None]) ** 2).sum(axis=2), axis=1)
        kept = [c for c in range(len(expected)) if (near == c).any()]
        new = np.array([points[near == c].mean(axis=0) for c in kept])
        moved = (
            np.inf
            if len(new) != len(expected)
            else np.sqrt(((new - expected) ** 2).sum(axis=1)).max()
        )
        expected = new
        if moved <= cluster.MOVE:
            break
    np.testing.assert_allclose(centres, expected, atol=1e-12)
    for c in range(len(centres)):
        np.testing.assert_allclose(points[labels == c].mean(axis=0), centres[c], atol=1e-12)


@given(st.integers(0, 10_000), st.integers(0, 3))
@settings(max_examples=40, deadline=None)
def test_kmeans_from_a_guess_gives_the_same_answer_as_without(seed: int, how: int) -> None:
    # The guess at each point's nearest starting centre only saves time: right (the
    # clusters of a run on the points moved a little), wrong, or at random.
    rng = np.random.default_rng(seed)
    points = np.round(rng.normal(size=(2500, 2)) * [3, 1], 1)  # rounded: many ties
    start = cluster.first_distinct(points, 60)
    centres, labels = cluster.kmeans(points, start)
    moved = points + rng.normal(scale=0.05, size=points.shape)
    guess = [
        labels,
        rng.integers(0, len(centres), len(points)),
        np.zeros(len(points), dtype=np.int64),
        (labels + 1) % len(centres),
    ][how]
    plain = cluster.kmeans(moved, centres)
    guessed = cluster.kmeans(moved, centres, guess=guess)
    assert np.array_equal(plain[0], guessed[0]) and np.array_equal(plain[1], guessed[1])


@given(st.integers(0, 10_000), st.integers(2, 5), st.integers(3, 40))
@settings(max_examples=60, deadline=None)
def test_kmeans_from_many_starts_at_once_gives_each_starts_answer(
    seed: int, k: int, n: int
) -> None:
    rng = np.random.default_rng(seed)
    points = np.round(rng.normal(size=(n, 2)) * 3, 1)  # rounded: ties and repeats
    weights = rng.integers(1, 30, n).astype(float)
    starts = [points[rng.choice(n, size=k)] + rng.normal(scale=0.5, size=(k, 2)) for _ in range(6)]
    together = cluster._lloyd_many(points, starts, weights)
    for start, found in zip(starts, together, strict=True):
        alone = cluster._lloyd(points, start, weights)
        if len(alone[0]) < k:  # a cluster emptied: left out, as group_options does
            assert found is None
        else:
            assert found is not None
            assert np.array_equal(found[0], alone[0]) and np.array_equal(found[1], alone[1])


def test_smoother_waits_four_updates() -> None:
    k, candidate, count = 2, 0, 0
    seen = []
    for best in [3, 3, 3, 3, 3]:
        k, candidate, count = cluster.smooth(best, k, candidate, count)
        seen.append(k)
    assert seen == [2, 2, 2, 3, 3]
    assert cluster.smooth(4, 3, 5, 2) == (3, 4, 1)  # a different best starts counting again
    assert cluster.smooth(4, 0, 0, 0) == (4, 0, 0)  # the first update takes the best


def test_state_round_trips_through_json_and_warm_starts() -> None:
    votes = Votes.from_triples(planted(seed=3))
    first = analyse(votes)
    saved = json.loads(json.dumps(first.state.to_dict()))
    state = State.from_dict(saved)
    assert state == first.state
    again = analyse(votes, state=state)
    assert again.assignments == first.assignments
    np.testing.assert_allclose(again.maps.components, first.maps.components, atol=1e-12)
    with pytest.raises(ValueError, match="not a saved"):
        State.from_dict({"joined": ["x"]})


def test_participants_stay_clustered_once_joined() -> None:
    triples = [(p, s, 1 if (p + s) % 2 else -1) for p in range(40) for s in range(10)]
    triples += [(100, 0, 1)]  # one vote: not clustered (40 others qualify)
    first = analyse(Votes.from_triples(triples))
    assert 100 not in first.assignments
    state = State.from_dict({**first.state.to_dict(), "joined": [*first.state.joined, 100]})
    assert 100 in analyse(Votes.from_triples(triples), state=state).assignments


def test_forcing_k_and_centres() -> None:
    votes = Votes.from_triples(planted(seed=6))
    assert analyse(votes, k=2).k == 2
    free = analyse(votes)
    forced = analyse(votes, initial_centres=[g.centre for g in free.groups])
    assert [g.members for g in forced.groups] == [g.members for g in free.groups]


def test_perspectives_consensus_and_splits() -> None:
    # Staff agree with statement 0, people who use services disagree; all agree with 1.
    triples = []
    labels = {}
    for p in range(60):
        labels[p] = "staff" if p < 30 else "people who use services"
        triples += [(p, 0, 1 if p < 30 else -1), (p, 1, 1), (p, 2, 1 if p % 2 else -1)]
    labels[99] = "carers"  # too few: left out
    result = analyse(Votes.from_triples(triples), perspectives=labels, min_group_size=5)
    view = result.to_dict()["perspectives"]
    assert view["sizes"] == {"carers": 1, "people who use services": 30, "staff": 30}
    assert view["left_out"] == ["carers"]
    assert view["consensus"][0]["statement"] == 1
    top = view["splits"][0]
    assert top["statement"] == 0 and top["significant"]
    assert {top["agree_a"], top["agree_b"]} == {0.0, 1.0}
    assert top["p_value"] < 1e-6
    assert not any(s["statement"] == 1 and s["significant"] for s in view["splits"])


def test_the_json_counts_each_perspective_big_enough_to_show() -> None:
    """`statement_counts[...]["perspectives"]` reaches the JSON (the results page reads
    its perspective table from there), counted by hand, with small perspectives absent."""
    triples, labels = [], {}
    for p in range(12):
        labels[p] = "staff" if p < 6 else "carers"
        triples += [(p, 0, 1 if p < 6 else -1), (p, 1, 1 if p % 3 else 0)]
    labels[50] = "advocates"  # one person: left out
    triples.append((50, 0, 1))
    data = json.loads(
        json.dumps(
            analyse(Votes.from_triples(triples), perspectives=labels, min_group_size=5).to_dict()
        )
    )
    counts = data["statement_counts"]
    assert counts["0"]["perspectives"] == {
        "carers": {"agree": 0, "disagree": 6, "pass": 0},
        "staff": {"agree": 6, "disagree": 0, "pass": 0},
    }
    # p % 3 == 0 passes: 0 and 3 among staff, 6 and 9 among carers.
    assert counts["1"]["perspectives"] == {
        "carers": {"agree": 4, "disagree": 0, "pass": 2},
        "staff": {"agree": 4, "disagree": 0, "pass": 2},
    }
    # With no perspective big enough there is nothing to break down, and no key.
    alone = analyse(Votes.from_triples(triples), perspectives={50: "advocates"}).to_dict()
    assert "perspectives" not in alone["statement_counts"]["0"]


def test_adjusted_rand_index() -> None:
    assert adjusted_rand_index([0, 0, 1, 1], [5, 5, 7, 7]) == 1.0
    assert adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(-0.5)
    assert adjusted_rand_index([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) == pytest.approx(
        0.2424, abs=1e-4
    )


def test_memory_grows_with_votes_not_the_grid() -> None:
    """10,000 people × 5,000 statements would take 400 MB dense; 30,000 votes take little."""
    import tracemalloc

    rng = np.random.default_rng(0)
    votes = Votes(
        participants=rng.integers(0, 10_000, 30_000),
        statements=rng.integers(0, 5_000, 30_000),
        values=rng.integers(-1, 2, 30_000),
    )
    tracemalloc.start()
    result = analyse(votes)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.participants > 9_000
    assert peak < 60 * 2**20


votes_strategy = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 12), st.sampled_from([-1, 0, 1])), max_size=300
)


@settings(max_examples=60, deadline=None)
@given(triples=votes_strategy, moderated=st.sets(st.integers(0, 12), max_size=3))
def test_any_sparse_conversation_gives_a_sensible_result(
    triples: list[tuple[int, int, int]], moderated: set[int]
) -> None:
    result = analyse(
        Votes.from_triples(triples),
        statements=range(10),
        moderated_out=moderated,
        perspectives={p: ("a", "b", "c")[p % 3] for p in range(41)},
        min_group_size=2,
    )
    data = json.loads(json.dumps(result.to_dict()))
    members = [p for g in data["groups"] for p in g["members"]]
    assert len(members) == len(set(members)) == data["clustered"]
    assert {int(p) for p in data["assignments"]} == set(members)
    assert data["k"] <= 5
    assert set(data["priorities"]) == {str(s) for s in range(10)}
    assert all(v >= 0 and np.isfinite(v) for v in data["priorities"].values())
    assert all(np.isfinite(xy).all() for xy in data["projections"].values())
    assert data["votes"] + data["ignored_votes"] >= len({(p, s) for p, s, _ in triples if s < 10})
    assert analyse(Votes.from_triples(triples[::-1]), statements=range(10)).assignments == (
        analyse(Votes.from_triples(triples), statements=range(10)).assignments
    ) or len({(p, s) for p, s, _ in triples}) < len(triples)


def test_many_statements_with_votes_all_at_their_average_give_no_map() -> None:
    """50 people, 2,000 statements, each statement with one vote (or all the same vote):
    the centred matrix holds only zeros. That is an empty map, not an eigensolver error."""
    from equalvoice.opinions.engine import Votes, analyse

    triples = [(p, s, 1) for s in range(2000) for p in ([s % 50] if s < 1000 else [1, 2])]
    result = analyse(Votes.from_triples(triples))
    data = result.to_dict()
    assert data["votes"] == len(triples)
    assert data["participants"] == 50


@settings(max_examples=150, deadline=None)
@given(
    points=st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=1, max_size=400),
    k=st.integers(1, 60),
    taken=st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=8),
)
def test_first_distinct_points_in_order_leaving_out_those_taken(
    points: list[tuple[int, int]], k: int, taken: list[tuple[int, int]]
) -> None:
    """Looked for in ever longer first stretches: the same as a pass over every point."""
    expected: list[tuple[int, int]] = []
    for point in points:
        if point not in expected and point not in taken:
            expected.append(point)
    found = cluster.first_distinct(
        np.array(points, dtype=float),
        k,
        np.array(taken, dtype=float).reshape(-1, 2) if taken else None,
    )
    assert [tuple(p) for p in found.tolist()] == [tuple(map(float, p)) for p in expected[:k]]
