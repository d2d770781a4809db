"""Beyond Polis: consensus across declared perspectives, and where perspectives split.

A perspective is what a participant says they bring (for example "people who use
services", "carers", "staff"). Perspectives with fewer than `min_group_size` people are
left out, so that nobody can be picked out by their perspective.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from .consensus import informed_consensus
from .matrix import IntArray, VoteMatrix
from .repness import Counts, count

SPLITS = 20  # how many splits to report
SIGNIFICANCE = 0.05  # after the Bonferroni correction


@dataclass(frozen=True)
class Split:
    """Two perspectives' agree rates on one statement (a column index, not yet an id)."""

    column: int
    a: str
    b: str
    agree_a: float
    agree_b: float
    votes_a: int
    votes_b: int
    z: float
    p_value: float


@dataclass(frozen=True)
class PerspectiveView:
    """Perspective sizes, which were left out, each included perspective's counts per
    column, their group-informed consensus per column (NaN when fewer than two
    perspectives are big enough) and the strongest splits."""

    sizes: dict[str, int]
    left_out: list[str]
    included: list[str]
    counts: Counts
    consensus: np.ndarray
    splits: list[Split]


def _splits(counts: Counts, names: list[str], columns: IntArray) -> list[Split]:
    """For each pair of perspectives and each statement both voted on: the gap between
    their agree rates and a two-proportion z-test (pooled), two-sided, with a Bonferroni
    correction for the number of comparisons. The 20 most significant, then widest gaps."""
    parts: list[np.ndarray] = []
    for i, j in combinations(range(len(names)), 2):
        n_a, n_b = counts.votes[i, columns], counts.votes[j, columns]
        both = (n_a > 0) & (n_b > 0)
        cols = columns[both]
        n_a, n_b = n_a[both].astype(float), n_b[both].astype(float)
        k_a, k_b = counts.agree[i, cols].astype(float), counts.agree[j, cols].astype(float)
        rate_a, rate_b = k_a / n_a, k_b / n_b
        pooled = (k_a + k_b) / (n_a + n_b)
        spread = np.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
        z = np.divide(rate_a - rate_b, spread, out=np.zeros_like(spread), where=spread > 0)
        pair = np.full(len(cols), i * len(names) + j, dtype=float)
        parts.append(np.vstack([cols, pair, rate_a, rate_b, n_a, n_b, z]))
    if not parts:
        return []
    # Here, not at the top: scipy.special takes a tenth of a second to import, and only
    # updates with declared perspectives get here (the command-line tool never does).
    from scipy.special import erfc

    table = np.hstack(parts)
    cols, pair, rate_a, rate_b, n_a, n_b, z = table
    p = erfc(np.abs(z) / np.sqrt(2.0))
    tests = table.shape[1]
    order = np.lexsort((pair, cols, -np.abs(rate_a - rate_b), p))[:SPLITS]
    return [
        Split(
            column=int(cols[x]),
            a=names[int(pair[x]) // len(names)],
            b=names[int(pair[x]) % len(names)],
            agree_a=float(rate_a[x]),
            agree_b=float(rate_b[x]),
            votes_a=int(n_a[x]),
            votes_b=int(n_b[x]),
            z=float(z[x]),
            p_value=min(1.0, float(p[x]) * tests),
        )
        for x in order.tolist()
    ]


def perspective_view(
    matrix: VoteMatrix,
    perspectives: Mapping[int, str],
    min_group_size: int,
    columns: IntArray,
) -> PerspectiveView:
    """Everything the engine says about perspectives. Sizes count everyone given a
    perspective, whether they have voted yet or not."""
    sizes = dict(sorted(Counter(str(v) for v in perspectives.values() if str(v)).items()))
    included = [name for name, n in sizes.items() if n >= min_group_size]
    left_out = [name for name, n in sizes.items() if n < min_group_size]
    index = {name: i for i, name in enumerate(included)}
    pids = matrix.participant_ids  # sorted
    labels = np.full(len(pids), -1, dtype=np.int64)
    if included and len(pids):
        given = np.fromiter(perspectives.keys(), dtype=np.int64, count=len(perspectives))
        label = np.fromiter(
            (index.get(str(v), -1) for v in perspectives.values()),
            dtype=np.int64,
            count=len(perspectives),
        )
        at = np.minimum(np.searchsorted(pids, given), len(pids) - 1)
        voted = pids[at] == given
        labels[at[voted]] = label[voted]
    counts = count(matrix, labels, len(included))
    if len(included) >= 2:
        gac = informed_consensus(counts.agree, counts.votes)
        splits = _splits(counts, included, columns)
    else:
        gac = np.full(matrix.shape[1], np.nan)
        splits = []
    return PerspectiveView(sizes, left_out, included, counts, gac, splits)
