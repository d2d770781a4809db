"""What everyone shares: plain consensus, group-informed consensus, and which statement
to show next (priority)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .matrix import FloatArray, IntArray
from .repness import TOP, Z90, p_test

META_PRIORITY = 7.0  # squared: meta statements get 49


@dataclass(frozen=True)
class Agreement:
    """One consensus statement (a column index, not yet an id)."""

    column: int
    successes: int
    trials: int
    p: float
    p_test: float


def consensus(successes: np.ndarray, votes: np.ndarray, columns: IntArray) -> list[Agreement]:
    """Statements (among `columns`) where everyone's p = (k+1)/(n+2) > ½ and its
    one-proportion test passes 90 %; the 5 with the highest p·z_p, best first (ties in
    column order). Call with agrees for agreement, disagrees for disagreement."""
    k, n = successes[columns], votes[columns]
    p = (k + 1.0) / (n + 2.0)
    z = p_test(k, n)
    keep = np.flatnonzero((p > 0.5) & (z > Z90))
    order = keep[np.argsort(-(p * z)[keep], kind="stable")][:TOP]
    return [
        Agreement(int(columns[i]), int(k[i]), int(n[i]), float(p[i]), float(z[i])) for i in order
    ]


def informed_consensus(agree: np.ndarray, votes: np.ndarray) -> FloatArray:
    """Group-informed consensus of each column: Π_g (A_g + 1)/(S_g + 2) over the groups
    (rows of `agree` and `votes`). 1 for every column when there are no groups."""
    return np.prod((agree + 1.0) / (votes + 2.0), axis=0)


def priorities(
    agree: np.ndarray, passes: np.ndarray, votes: np.ndarray, extremity: FloatArray
) -> FloatArray:
    """How often to show each statement next, from the counts of clustered participants:
    [(1 − p)(E + 1)·a·(1 + 8·2^(−S/5))]², with a = (A+1)/(S+2), p = (P+1)/(S+2) and E the
    extremity. New statements (few votes) are shown more."""
    a = (agree + 1.0) / (votes + 2.0)
    p = (passes + 1.0) / (votes + 2.0)
    return ((1.0 - p) * (extremity + 1.0) * a * (1.0 + 8.0 * 2.0 ** (-votes / 5.0))) ** 2
