"""Counting votes by group, and each group's representative statements (repness).

For a group g and statement s: agrees n_a, disagrees n_d and all votes n_s (passes
count) from g's members; N_a, N_d, N_s the same from every other group's members.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .matrix import FloatArray, IntArray, VoteMatrix

Z90 = 1.2816  # one-sided 90 % significance
TOP = 5


@dataclass(frozen=True)
class Counts:
    """Agree, disagree and all-vote counts (passes count as votes) as arrays indexed
    [group, column] (or [column] for everyone)."""

    agree: np.ndarray
    disagree: np.ndarray
    votes: np.ndarray

    @property
    def passes(self) -> np.ndarray:
        """Votes that were neither agree nor disagree."""
        return self.votes - self.agree - self.disagree


def count(matrix: VoteMatrix, labels: IntArray, n_labels: int) -> Counts:
    """Counts of each label's votes on each statement; `labels` gives each participant's
    label (−1: not counted). Vectorised: one bincount of (cell, value) pairs."""
    n_cols = matrix.shape[1]
    size = n_labels * n_cols
    if size == 0 or not (labels >= 0).any():
        zero = np.zeros((n_labels, n_cols), dtype=np.int64)
        return Counts(zero, zero.copy(), zero.copy())
    slot = matrix.slots
    if n_labels == 1 and (labels == 0).all():  # everyone: no need to look up labels
        cell = slot
    elif (labels >= 0).all():
        # Each row's label, offset, repeated over its votes (rows are sorted): no lookup
        # per vote.
        cell = np.repeat(labels * (3 * n_cols), np.diff(matrix.row_starts))
        cell += slot
    else:
        who = labels[matrix.rows]
        keep = who >= 0
        cell = who * (3 * n_cols) + slot
        cell = cell[keep]
    # Each vote lands in one of three slots of its cell: disagree, pass, agree.
    slots = np.bincount(cell, minlength=3 * size).reshape(n_labels, n_cols, 3)
    agree, disagree = slots[:, :, 2], slots[:, :, 0]
    return Counts(agree.copy(), disagree.copy(), slots.sum(axis=2))


def p_test(successes: np.ndarray, trials: np.ndarray) -> np.ndarray:
    """One-proportion z statistic with a +1 prior: 2·sqrt(n+1)·((k+1)/(n+1) − ½)."""
    return 2.0 * np.sqrt(trials + 1.0) * ((successes + 1.0) / (trials + 1.0) - 0.5)


def two_prop_test(k1: np.ndarray, n1: np.ndarray, k2: np.ndarray, n2: np.ndarray) -> np.ndarray:
    """Two-proportion z statistic with every count plus one; 0 when the pooled
    proportion is 1."""
    a, b, m, big_m = k1 + 1.0, k2 + 1.0, n1 + 1.0, n2 + 1.0
    pooled = (a + b) / (m + big_m)
    spread = np.sqrt(np.maximum(pooled * (1 - pooled), 0.0) * (1 / m + 1 / big_m))
    return np.divide(a / m - b / big_m, spread, out=np.zeros_like(pooled), where=pooled < 1)


@dataclass(frozen=True)
class RepStats:
    """Repness statistics for every [group, column], for agree and disagree."""

    p_agree: FloatArray
    p_disagree: FloatArray
    p_test_agree: FloatArray
    p_test_disagree: FloatArray
    r_agree: FloatArray
    r_disagree: FloatArray
    r_test_agree: FloatArray
    r_test_disagree: FloatArray


def statistics(groups: Counts) -> RepStats:
    """p = (n+1)/(n_s+2), its one-proportion test, the ratio r against the other groups
    pooled and its two-proportion test, for agree and disagree."""
    rest_agree = groups.agree.sum(axis=0) - groups.agree
    rest_disagree = groups.disagree.sum(axis=0) - groups.disagree
    rest_votes = groups.votes.sum(axis=0) - groups.votes
    trials = groups.votes.astype(float)
    p_a = (groups.agree + 1.0) / (trials + 2.0)
    p_d = (groups.disagree + 1.0) / (trials + 2.0)
    return RepStats(
        p_agree=p_a,
        p_disagree=p_d,
        p_test_agree=p_test(groups.agree, trials),
        p_test_disagree=p_test(groups.disagree, trials),
        r_agree=p_a / ((rest_agree + 1.0) / (rest_votes + 2.0)),
        r_disagree=p_d / ((rest_disagree + 1.0) / (rest_votes + 2.0)),
        r_test_agree=two_prop_test(groups.agree, trials, rest_agree, rest_votes),
        r_test_disagree=two_prop_test(groups.disagree, trials, rest_disagree, rest_votes),
    )


def _best_agree(stats: RepStats, g: int, columns: IntArray, agrees: np.ndarray) -> int | None:
    """The statement the group agrees with most distinctively, found as Polis does, by
    one pass in column order keeping a current best: a statement with agrees is first
    taken if r > 1 or p > ½; while the best has r > 1, a later one replaces it when its
    r·z_r·p·z_p is larger; while it has r ≤ 1, when its p is larger."""
    best: int | None = None
    ra, rat = stats.r_agree[g], stats.r_test_agree[g]
    pa, pat = stats.p_agree[g], stats.p_test_agree[g]
    for j in columns.tolist():
        if agrees[j] == 0:
            continue
        if best is None:
            if ra[j] > 1.0 or pa[j] > 0.5:
                best = j
        elif ra[best] > 1.0:
            if ra[j] * rat[j] * pa[j] * pat[j] > ra[best] * rat[best] * pa[best] * pat[best]:
                best = j
        elif pa[j] > pa[best]:
            best = j
    return best


@dataclass(frozen=True)
class Representative:
    """One representative statement of a group (a column index, not yet an id)."""

    column: int
    agree: bool
    p: float
    p_test: float
    r: float
    r_test: float
    score: float
    best_agree: bool


def representative(
    stats: RepStats, groups: Counts, g: int, columns: IntArray
) -> list[Representative]:
    """Group g's representative statements among `columns` (those in the map).

    Each statement leans agree when z_r(agree) > z_r(disagree), else disagree; it
    qualifies when both its tests in that direction pass 90 % (z > 1.2816). The 5 with the
    highest score r·z_r·p·z_p are kept, agrees first. The group's best agree statement
    (see `_best_agree`) always leads the list, even when it does not qualify; the list
    then keeps at most 5."""

    def entry(j: int, best: bool) -> Representative:
        agree = bool(stats.r_test_agree[g, j] > stats.r_test_disagree[g, j])
        if agree:
            p, pt, r, rt = (
                stats.p_agree[g, j],
                stats.p_test_agree[g, j],
                stats.r_agree[g, j],
                stats.r_test_agree[g, j],
            )
        else:
            p, pt, r, rt = (
                stats.p_disagree[g, j],
                stats.p_test_disagree[g, j],
                stats.r_disagree[g, j],
                stats.r_test_disagree[g, j],
            )
        return Representative(
            j, agree, float(p), float(pt), float(r), float(rt), float(r * rt * p * pt), best
        )

    leans_agree = stats.r_test_agree[g, columns] > stats.r_test_disagree[g, columns]
    passes_agree = (stats.p_test_agree[g, columns] > Z90) & (stats.r_test_agree[g, columns] > Z90)
    passes_disagree = (stats.p_test_disagree[g, columns] > Z90) & (
        stats.r_test_disagree[g, columns] > Z90
    )
    qualifies = np.where(leans_agree, passes_agree, passes_disagree)
    found, agrees = columns[qualifies], leans_agree[qualifies]
    # Each one's score as `entry` works it out (the same products in the same order),
    # without an entry for every qualifying statement.
    p, pt, r, rt = (
        np.where(agrees, stats_a[g, found], stats_d[g, found])
        for stats_a, stats_d in (
            (stats.p_agree, stats.p_disagree),
            (stats.p_test_agree, stats.p_test_disagree),
            (stats.r_agree, stats.r_disagree),
            (stats.r_test_agree, stats.r_test_disagree),
        )
    )
    # Highest score first; equal scores in column order (the sort is stable).
    first = np.argsort(-(r * rt * p * pt), kind="stable")[:TOP]
    top = [entry(j, False) for j in found[first].tolist()]
    ordered = [e for e in top if e.agree] + [e for e in top if not e.agree]
    best = _best_agree(stats, g, columns, groups.agree[g])
    if best is not None:
        ordered = [entry(best, True)] + [e for e in ordered if e.column != best]
    return ordered[:TOP]
