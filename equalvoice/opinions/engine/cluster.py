"""Who is clustered, the base clusters, the opinion groups and the choice of how many.

Participants are first gathered into (at most) 100 base clusters by k-means on their
positions; the groups are then found by weighted k-means on the base clusters' centres.
Working on 100 points instead of every participant is what keeps this fast: the
silhouette that chooses the number of groups costs O(B²) on B base clusters, not O(n²).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .matrix import FloatArray, IntArray

JOIN_VOTES = 7  # a participant is clustered after this many votes (or every statement)
GREEDY = 15  # if fewer qualify, the most active voters are added up to this many
BASE_K = 100
MAX_GROUPS = 5
MOVE = 0.01  # k-means stops when no centre moves further than this
EXTRA_STARTS = 10
CLEARLY_BETTER = 0.05  # silhouette; see group_options and docs/opinions.md
MAX_ITERATIONS = 100
SMOOTHING = 4  # a new number of groups must be best this many updates running
SMALL = 20_000  # points × centres up to which plain Lloyd's rounds beat Hamerly's bounds


def who_is_clustered(
    participant_ids: IntArray, votes_each: IntArray, n_statements: int, joined: IntArray
) -> np.ndarray:
    """True for participants who are clustered: those who joined earlier (`joined`, ids),
    those with at least min(7, C) votes, and, while fewer than 15 qualify, the most active
    other voters (most votes first, then lowest id) up to 15."""
    mask = np.isin(participant_ids, joined)
    mask |= votes_each >= min(JOIN_VOTES, n_statements)
    short = GREEDY - int(mask.sum())
    if short > 0:
        others = np.flatnonzero(~mask)
        order = np.lexsort((participant_ids[others], -votes_each[others]))
        mask[others[order[:short]]] = True
    return mask


def first_distinct(points: FloatArray, k: int, taken: FloatArray | None = None) -> FloatArray:
    """The first `k` distinct points, in order, leaving out any already in `taken`.

    Looked for in a first stretch of the points, ten times longer each time it holds too
    few: the first k distinct points of a stretch that holds k are the first k of all
    the points (sorting all 30,000 points of a large conversation to find 100 cost
    about 0.02 s)."""
    if len(points) == 0 or k <= 0:
        return np.zeros((0, 2))
    stretch = 10 * (k + (0 if taken is None else len(taken)))
    while True:
        head = points[:stretch]
        _, first = np.unique(head, axis=0, return_index=True)
        distinct = head[np.sort(first)]
        if taken is not None and len(taken):
            fresh = ~(distinct[:, None, :] == taken[None, :, :]).all(axis=2).any(axis=1)
            distinct = distinct[fresh]
        if len(distinct) >= k or stretch >= len(points):
            return distinct[:k]
        stretch *= 10


BLOCK = 1 << 18  # distances held at once when measuring points against centres (2 MiB)


def _two_nearest(
    points: FloatArray, centres: FloatArray
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Each point's nearest centre (the first one on a tie), its distance, and the
    distance to the second nearest (inf with one centre), measuring every point against
    every centre, a block of points at a time. Each squared distance is the sum
    (x − cx)² + (y − cy)², as `((points[:, None] - centres[None]) ** 2).sum(axis=2)`
    gives it, so the labels are exactly Lloyd's. (For 2-D points and at most 100
    centres this is faster than a k-d tree, and needs no `scipy.spatial`: ADR 0009.)"""
    n, k = len(points), len(centres)
    labels = np.empty(n, dtype=np.int64)
    first = np.empty(n)
    second = np.empty(n)
    cx, cy = np.ascontiguousarray(centres[:, 0]), np.ascontiguousarray(centres[:, 1])
    step = max(1, BLOCK // max(k, 1))
    for a in range(0, n, step):
        b = min(a + step, n)
        squared = np.subtract.outer(points[a:b, 0], cx)
        np.multiply(squared, squared, out=squared)
        dy = np.subtract.outer(points[a:b, 1], cy)
        np.multiply(dy, dy, out=dy)
        squared += dy
        near = squared.argmin(axis=1)
        rows = np.arange(b - a)
        first[a:b] = squared[rows, near]
        squared[rows, near] = np.inf
        squared.min(axis=1, out=second[a:b])
        labels[a:b] = near
    np.sqrt(first, out=first)
    np.sqrt(second, out=second)
    return labels, first, second


NEIGHBOURS = 8  # nearest centres whose moves bound a point's second distance (see kmeans)
REACH = (8, 16, 32)  # how many of the nearest centres a point is measured against, at most


def _near_own(
    points: FloatArray,
    labels: IntArray,
    upper: FloatArray,
    centres: FloatArray,
    order: IntArray,
    ranked: FloatArray,
) -> tuple[IntArray, FloatArray, FloatArray]:
    """`_two_nearest` for points whose distance to their centre (`labels`) is exactly
    `upper`, measuring each only against the centres that could be as near.

    A centre c more than 2·upper from the point's centre a is further from the point than
    a is (triangle inequality), so it cannot be the nearest. `order[a]` lists the centres
    by their distance from a (a first), `ranked[a]` those distances: each point is
    measured against the first 8, 16 or 32 of them when those hold every centre within
    2·upper (with a margin for rounding), else against every centre. Among the measured,
    the nearest is the first centre on a tie, as `argmin` over every centre gives it; the
    second distance is then a lower bound (the next centre's distance from a, less
    upper, when that is smaller than the second measured), which is all the bounds need."""
    n, k = len(points), len(centres)
    labels_out = np.empty(n, dtype=np.int64)
    first = np.empty(n)
    second = np.empty(n)
    reach = 2 * upper * (1 + 1e-9)
    left = np.arange(n)
    for width in REACH:
        if width >= k or not left.size:
            break
        fits = ranked[labels[left], width] > reach[left]
        take, left = left[fits], left[~fits]
        if not take.size:
            continue
        own = labels[take]
        # One row per candidate (the point's centre's width nearest), one column per
        # point: each reduction below is then elementwise over whole rows. (Taken from
        # tables laid out that way: gathering from the transposed `order` gave arrays
        # laid out by column, over which each reduction cost four times as much.)
        table = np.ascontiguousarray(order[:, :width].T)
        candidates = np.take(table, own, axis=1)
        squared = points[take, 0] - np.take(centres[:, 0][table], own, axis=1)
        np.multiply(squared, squared, out=squared)
        dy = points[take, 1] - np.take(centres[:, 1][table], own, axis=1)
        np.multiply(dy, dy, out=dy)
        squared += dy
        least = squared.min(axis=0)
        # The lowest-numbered centre among those at the least distance.
        nearest = np.where(squared == least, candidates, k).min(axis=0)
        labels_out[take] = nearest
        first[take] = np.sqrt(least)
        squared[candidates == nearest] = np.inf  # each centre is a candidate once
        second[take] = np.minimum(np.sqrt(squared.min(axis=0)), ranked[own, width] - upper[take])
    if left.size:
        labels_out[left], first[left], second[left] = _two_nearest(points[left], centres)
    return labels_out, first, second


def _means(
    xs: FloatArray, ys: FloatArray, weights: FloatArray | None, labels: IntArray, k: int
) -> tuple[FloatArray, IntArray]:
    """Weighted mean of each cluster's points (`xs`, `ys`: their coordinates; no
    `weights`: each counts once), dropping empty clusters (labels are renumbered,
    keeping their order)."""
    if weights is None:  # each point's weight 1: the counts (exact, as whole numbers)
        mass = np.bincount(labels, minlength=k)
        x = np.bincount(labels, weights=xs, minlength=k)
        y = np.bincount(labels, weights=ys, minlength=k)
    else:
        mass = np.bincount(labels, weights=weights, minlength=k)
        x = np.bincount(labels, weights=weights * xs, minlength=k)
        y = np.bincount(labels, weights=weights * ys, minlength=k)
    alive = mass > 0
    if alive.all():
        return np.column_stack([x / mass, y / mass]), labels
    renumber = np.cumsum(alive) - 1
    centres = np.column_stack([x[alive] / mass[alive], y[alive] / mass[alive]])
    return centres, renumber[labels]


def _nearest_from(
    points: FloatArray, centres: FloatArray, guess: IntArray
) -> tuple[IntArray, FloatArray, FloatArray]:
    """`_two_nearest` (the second distance as a lower bound) when most points' nearest
    centre is probably `guess`. A point less than half the gap from its guessed centre
    to the next centre away from it keeps that centre (triangle inequality: every other
    centre is further), with that gap less its distance as the bound; the others are
    measured only against the centres near their guessed one that could be nearer
    (`_near_own`). A wrong guess costs time, never the answer: the nearest centre found
    is exactly the one `_two_nearest` finds."""
    gaps = _gaps(centres)
    order = np.argsort(gaps, axis=1)
    ranked = np.take_along_axis(gaps, order, axis=1)
    upper = np.sqrt(((points - centres[guess]) ** 2).sum(axis=1))
    labels, second = guess.copy(), ranked[guess, 1] - upper
    # The margin covers rounding: a point that might be tied is measured.
    rest = np.flatnonzero(2 * upper * (1 + 1e-9) >= ranked[guess, 1])
    if rest.size:
        labels[rest], upper[rest], second[rest] = _near_own(
            points[rest], guess[rest], upper[rest], centres, order, ranked
        )
    return labels, upper, second


def _gaps(centres: FloatArray) -> FloatArray:
    """Every centre's distance to every other: the same sums (x − x')² + (y − y')² as
    `((centres[:, None] - centres[None]) ** 2).sum(axis=2)`, without a reduction over
    an axis of two (about a third of a millisecond a round at 100 centres)."""
    dx = np.subtract.outer(centres[:, 0], centres[:, 0])
    dx *= dx
    dy = np.subtract.outer(centres[:, 1], centres[:, 1])
    dy *= dy
    dx += dy
    return np.sqrt(dx, out=dx)


def kmeans(
    points: FloatArray,
    centres: FloatArray,
    weights: FloatArray | None = None,
    guess: IntArray | None = None,
) -> tuple[FloatArray, IntArray]:
    """Weighted k-means (Lloyd's) from the given starting centres: assign each point to
    its nearest centre, move each centre to its members' weighted mean, and stop when no
    centre moves further than 0.01 (at most 100 rounds). Empty clusters are dropped.
    Returns the centres and each point's cluster; each centre is its members' mean.

    Hamerly's bounds skip the points that certainly keep their centre, so each round
    after the first looks again only at points near a boundary; the answer is exactly
    Lloyd's. `guess` (each point's likely nearest starting centre, such as its cluster
    in the last update when the start is the last update's centres) makes the first
    round measure most points against a few centres only; it changes nothing else."""
    if len(points) * len(centres) <= SMALL:
        return _lloyd(points, centres, np.ones(len(points)) if weights is None else weights)
    xs, ys = np.ascontiguousarray(points[:, 0]), np.ascontiguousarray(points[:, 1])
    usable = (
        guess is not None
        and len(guess) == len(points)
        and len(centres) > REACH[0]
        and (len(guess) == 0 or (guess.min() >= 0 and guess.max() < len(centres)))
    )
    if usable:
        assert guess is not None
        labels, upper, lower = _nearest_from(points, centres, np.asarray(guess, dtype=np.int64))
    else:
        labels, upper, lower = _two_nearest(points, centres)
    for round_ in range(1, MAX_ITERATIONS + 1):
        new, labels = _means(xs, ys, weights, labels, len(centres))
        if len(new) != len(centres):  # a cluster emptied: measure every point afresh
            centres = new
            if round_ == MAX_ITERATIONS:
                break
            labels, upper, lower = _two_nearest(points, centres)
            continue
        shift = np.sqrt(((new - centres) ** 2).sum(axis=1))
        centres = new
        if round_ == MAX_ITERATIONS or shift.max() <= MOVE:
            break
        upper += shift[labels]
        # Each centre's distance to every other, nearest first (itself first, at 0).
        gaps = _gaps(centres)
        order = np.argsort(gaps, axis=1)
        k = len(centres)
        ranked = gaps.ravel()[order + np.arange(0, k * k, k)[:, None]]
        if k > NEIGHBOURS:
            # The second-nearest centre is either one of the point's centre's nearest
            # neighbours, each of which moved at most `moved`, or further from the point
            # than the next neighbour's distance from its centre, less `upper` (triangle
            # inequality): a far tighter bound than the furthest any centre moved.
            moved = shift[order[:, :NEIGHBOURS]].max(axis=1)
            lower -= moved[labels]
            np.minimum(lower, ranked[:, NEIGHBOURS][labels] - upper, out=lower)
        else:
            lower -= np.max(shift)
        half = ranked[:, 1] / 2 if k > 1 else np.full(1, np.inf)
        bound = np.maximum(lower, half[labels])
        # A point may change centre only if its bound does not clearly keep it (the
        # margin covers rounding, so ties are always measured).
        doubtful = np.flatnonzero(upper * (1 + 1e-9) >= bound)
        if doubtful.size:
            own = labels[doubtful]
            # (x − cx)² + (y − cy)², the sum `.sum(axis=1)` of the squares would take.
            dx = xs[doubtful] - centres[:, 0][own]
            dx *= dx
            dy = ys[doubtful] - centres[:, 1][own]
            dy *= dy
            dx += dy
            upper[doubtful] = np.sqrt(dx)
            doubtful = doubtful[upper[doubtful] * (1 + 1e-9) >= bound[doubtful]]
        if doubtful.size:
            near, first, second = _near_own(
                points[doubtful], labels[doubtful], upper[doubtful], centres, order, ranked
            )
            labels[doubtful], upper[doubtful], lower[doubtful] = near, first, second
    return centres, labels


def _lloyd(
    points: FloatArray, centres: FloatArray, weights: FloatArray
) -> tuple[FloatArray, IntArray]:
    """`kmeans` for a few points: Lloyd's rounds measuring every point each time (the
    bounds cost more than they save), with the same rules and so the same answer."""
    xs, ys = points[:, 0], points[:, 1]
    for _ in range(MAX_ITERATIONS):
        # (x − cx)² + (y − cy)², as `((points[:, None] - centres[None]) ** 2).sum(axis=2)`
        # adds them, without a reduction over an axis of two.
        squared = np.subtract.outer(xs, centres[:, 0]) ** 2
        squared += np.subtract.outer(ys, centres[:, 1]) ** 2
        labels = np.argmin(squared, axis=1)
        new, labels = _means(xs, ys, weights, labels, len(centres))
        if len(new) != len(centres):
            centres = new
            continue
        moved = (new[:, 0] - centres[:, 0]) ** 2
        moved += (new[:, 1] - centres[:, 1]) ** 2
        shift = np.sqrt(moved)
        centres = new
        if shift.max() <= MOVE:
            break
    return centres, labels


def _distinct(points: FloatArray) -> int:
    """How many distinct points. (`np.unique` asked for the first of each: without that,
    it checks for a masked array and so imports `numpy.ma`, about 0.02 s of start-up.)"""
    return len(np.unique(points, axis=0, return_index=True)[1])


def _lloyd_many(
    points: FloatArray, starts: list[FloatArray], weights: FloatArray
) -> list[tuple[FloatArray, IntArray] | None]:
    """`_lloyd` from each of several starts of k centres, all at once (the same sums in
    the same order, so the same answers to the last bit), or None for a start that left
    a cluster empty (its answer would have fewer than k centres). A few points (the base
    clusters' centres): one round of every start costs about what one start's does."""
    out: list[tuple[FloatArray, IntArray] | None] = [None] * len(starts)
    if not starts:
        return out
    k, n = len(starts[0]), len(points)
    centres = np.stack([np.asarray(s, dtype=float) for s in starts])
    px, py = points[:, 0][None, :, None], points[:, 1][None, :, None]
    # Each start's weights one after another (the first few starts' are a prefix).
    w, wx, wy = (
        np.tile(x, len(starts)) for x in (weights, weights * points[:, 0], weights * points[:, 1])
    )
    live = np.arange(len(starts))
    labels = np.zeros((0, n), dtype=np.int64)
    for _ in range(MAX_ITERATIONS):
        if not live.size:
            break
        now = centres[live]
        # (x − cx)² + (y − cy)²: the sum `_lloyd` takes over the last axis, term by term.
        squared = (px - now[:, None, :, 0]) ** 2
        squared += (py - now[:, None, :, 1]) ** 2
        labels = np.argmin(squared, axis=2)
        # Each start's k bins after the last start's: every bin sums its points in order.
        flat = (labels + (np.arange(len(live)) * k)[:, None]).ravel()
        size, used = len(live) * k, len(live) * n
        mass = np.bincount(flat, weights=w[:used], minlength=size).reshape(-1, k)
        x = np.bincount(flat, weights=wx[:used], minlength=size).reshape(-1, k)
        y = np.bincount(flat, weights=wy[:used], minlength=size).reshape(-1, k)
        emptied = ~(mass > 0).all(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            new = np.stack([x / mass, y / mass], axis=2)
        moved = (new[:, :, 0] - now[:, :, 0]) ** 2
        moved += (new[:, :, 1] - now[:, :, 1]) ** 2
        shift = np.sqrt(moved)
        done = ~emptied & (shift.max(axis=1) <= MOVE)
        centres[live] = new
        for i in np.flatnonzero(done).tolist():
            out[int(live[i])] = (new[i], labels[i])
        going = ~(done | emptied)
        live, labels = live[going], labels[going]
    for i, start in enumerate(live.tolist()):  # stopped by the round limit, as `_lloyd`
        out[start] = (centres[start], labels[i])
    return out


def base_clusters(
    points: FloatArray, previous: FloatArray | None, guess: IntArray | None = None
) -> tuple[FloatArray, IntArray]:
    """Up to 100 base clusters: start from the previous run's centres, topped up with the
    first distinct points; returns centres and each participant's base cluster.
    `guess`: each point's likely nearest starting centre (see `kmeans`; only speed)."""
    if len(points) == 0:
        return np.zeros((0, 2)), np.zeros(0, dtype=np.int64)
    # The number of distinct points matters only below 100: a first few usually show it.
    k = BASE_K
    if _distinct(points[: 10 * BASE_K]) < BASE_K:
        k = min(BASE_K, _distinct(points))
    start = np.zeros((0, 2)) if previous is None else np.asarray(previous, dtype=float)[:k]
    if len(start) < k:
        start = np.vstack([start, first_distinct(points, k - len(start), start)])
    return kmeans(points, start, guess=guess)


def distances(points: FloatArray) -> FloatArray:
    """Every pairwise distance between the points."""
    return np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))


def silhouette(
    points: FloatArray, weights: FloatArray, labels: IntArray, distance: FloatArray | None = None
) -> float:
    """Weighted silhouette of a clustering of base-cluster centres: each centre counts as
    many times as it has members. 0 for fewer than two clusters. `distance`: the points'
    pairwise distances, when already worked out."""
    k = int(labels.max()) + 1 if len(labels) else 0
    if k < 2:
        return 0.0
    if distance is None:
        distance = distances(points)
    # Mean distance from each centre to each cluster's members (itself excluded from its own).
    onehot = np.zeros((len(points), k))
    onehot[np.arange(len(points)), labels] = weights
    total = distance @ onehot
    mass = onehot.sum(axis=0)
    own_mass = mass[labels] - 1.0  # each centre's other members (its own others sit at 0)
    own = np.divide(
        total[np.arange(len(points)), labels],
        own_mass,
        out=np.zeros(len(points)),
        where=own_mass > 0,
    )
    other = total / np.where(mass > 0, mass, np.inf)[None, :]
    other[np.arange(len(points)), labels] = np.inf
    nearest_other = other.min(axis=1)
    worst = np.maximum(own, nearest_other)
    scores = np.divide(nearest_other - own, worst, out=np.zeros(len(points)), where=worst > 0)
    scores[own_mass <= 0] = 0.0  # a lone member has no silhouette of its own
    return float((scores * weights).sum() / weights.sum())


@dataclass(frozen=True)
class Grouping:
    """One clustering of the base clusters into groups."""

    centres: FloatArray
    labels: IntArray  # group of each base cluster
    silhouette: float


def _spread_start(points: FloatArray, weights: FloatArray, k: int, seed: int) -> FloatArray:
    """k starting centres spread out over the points (weighted k-means++), from a fixed
    seed, so the same points always give the same start."""
    rng = np.random.default_rng(seed)
    chosen = [int(rng.choice(len(points), p=weights / weights.sum()))]
    nearest = ((points - points[chosen[0]]) ** 2).sum(axis=1)
    for _ in range(1, k):
        chance = weights * nearest
        if chance.sum() <= 0:
            break
        chosen.append(int(rng.choice(len(points), p=chance / chance.sum())))
        nearest = np.minimum(nearest, ((points - points[chosen[-1]]) ** 2).sum(axis=1))
    return points[chosen]


def _score(
    points: FloatArray,
    weights: FloatArray,
    found: tuple[FloatArray, IntArray],
    distance: FloatArray | None = None,
) -> float:
    return silhouette(points, weights, found[1], distance)


def group_options(
    base_centres: FloatArray,
    sizes: FloatArray,
    starts: dict[int, FloatArray],
    explore: bool = True,
) -> dict[int, Grouping]:
    """Weighted k-means of the base clusters for each k from 2 to min(5, 2 + ⌊B/12⌋)
    (and at most the number of distinct centres), each from `starts[k]` when given, else
    from the first k distinct centres.

    With `explore`, k-means also runs from `EXTRA_STARTS` seeded, spread-out starts. The
    given start (Polis's way) is kept unless another grouping is clearly better: its
    silhouette is higher by more than `CLEARLY_BETTER`. One start can get stuck far from a
    good grouping (on canadian-electoral-reform it splits 175/106 where Polis has 265/16);
    this runs on at most 100 points, so the extra starts cost little. The tests that match
    Polis exactly turn it off."""
    distinct = _distinct(base_centres) if len(base_centres) else 0
    top = min(MAX_GROUPS, 2 + len(base_centres) // 12, distinct)
    options: dict[int, Grouping] = {}
    distance = distances(base_centres)
    for k in range(2, top + 1):
        start = starts.get(k)
        if start is None or len(start) != k:
            start = first_distinct(base_centres, k)
        best = kmeans(base_centres, np.asarray(start, dtype=float), sizes)
        score = _score(base_centres, sizes, best, distance)
        if explore:
            others = [_spread_start(base_centres, sizes, k, seed) for seed in range(EXTRA_STARTS)]
            others = [other for other in others if len(other) == k]
            if len(base_centres) * k <= SMALL:  # as kmeans would: Lloyd's rounds
                found = _lloyd_many(base_centres, others, sizes)
            else:
                found = [kmeans(base_centres, other, sizes) for other in others]
            for tried in found:
                if tried is None or len(tried[0]) != k:
                    continue
                tried_score = _score(base_centres, sizes, tried, distance)
                if tried_score > score + CLEARLY_BETTER:
                    best, score = tried, tried_score
        centres, labels = best
        options[k] = Grouping(centres, labels, score)
    return options


def smooth(best: int, current: int, candidate: int, count: int) -> tuple[int, int, int]:
    """Polis's k smoother: keep the current number of groups until another has been the
    best for 4 updates running. Returns (k to use, candidate, its count)."""
    if current == 0 or best == current:
        return best, 0, 0
    count = count + 1 if best == candidate else 1
    if count >= SMOOTHING:
        return best, 0, 0
    return current, best, count


def adjusted_rand_index(first: npt.ArrayLike, second: npt.ArrayLike) -> float:
    """Adjusted Rand index between two labellings of the same items: 1 when they agree
    exactly (up to renaming), about 0 for chance agreement."""
    a, b = np.asarray(first), np.asarray(second)
    if len(a) != len(b):
        raise ValueError("Both labellings must cover the same items.")
    _, a_idx = np.unique(a, return_inverse=True)
    _, b_idx = np.unique(b, return_inverse=True)
    table = np.zeros((a_idx.max(initial=-1) + 1, b_idx.max(initial=-1) + 1))
    np.add.at(table, (a_idx, b_idx), 1)

    def pairs(x: np.ndarray) -> float:
        return float((x * (x - 1) / 2).sum())

    both = pairs(table)
    rows, cols = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    total = len(a) * (len(a) - 1) / 2
    expected = rows * cols / total if total else 0.0
    best = (rows + cols) / 2
    if best == expected:
        return 1.0
    return (both - expected) / (best - expected)
