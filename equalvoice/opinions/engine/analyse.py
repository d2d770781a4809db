"""One update: votes in, groups and what they share out. See docs/opinions.md."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

import numpy as np

from . import cluster, consensus, pca, repness
from .matrix import FloatArray, IntArray, KeptVotes, VoteMatrix, Votes, build_matrix
from .perspectives import PerspectiveView, perspective_view
from .result import Group, Maps, Representative, Result, State, orientation_of


def _ids(values: Iterable[int] | None) -> IntArray:
    return np.fromiter((int(v) for v in values or ()), dtype=np.int64)


# Silhouettes closer than this count as tied; the fewer groups then win.
NEAR_TIE = 0.01


def _choose_groups(
    base_centres: FloatArray,
    sizes: FloatArray,
    state: State,
    k: int | None,
    initial_centres: Any,
) -> tuple[FloatArray, IntArray, dict[int, float], State]:
    """The groups of base clusters: (centres, group of each base cluster, silhouette per
    k, the state's smoother and group centres updated)."""
    if len(base_centres) == 0:
        empty = np.zeros((0, 2)), np.zeros(0, dtype=np.int64)
        return *empty, {}, State(k=0)
    starts = {n: np.asarray(c, dtype=float) for n, c in state.group_centres.items()}
    if initial_centres is not None:
        forced = np.asarray(initial_centres, dtype=float).reshape(-1, 2)
        starts[len(forced)] = forced
        k = len(forced) if k is None else k
    options = cluster.group_options(base_centres, sizes, starts, explore=initial_centres is None)
    if k is not None and k >= 2 and k not in options and len(np.unique(base_centres, axis=0)) >= k:
        start = starts.get(k)
        if start is None or len(start) != k:
            start = cluster.first_distinct(base_centres, k)
        centres, labels = cluster.kmeans(base_centres, start, sizes)
        options[k] = cluster.Grouping(
            centres, labels, cluster.silhouette(base_centres, sizes, labels)
        )
    silhouettes = {n: o.silhouette for n, o in options.items()}
    kept = {n: tuple((float(x), float(y)) for x, y in o.centres) for n, o in options.items()}
    if not options or (k is not None and k <= 1):
        centre = (base_centres * sizes[:, None]).sum(axis=0) / sizes.sum()
        new_state = State(k=1, group_centres=kept)
        return centre[None, :], np.zeros(len(base_centres), dtype=np.int64), silhouettes, new_state
    if k is not None:
        use = k if k in options else max(options)
        candidate, count = 0, 0
    else:
        top = max(o.silhouette for o in options.values())
        # Fewer groups when the silhouettes are as good as tied: easier to read, and a
        # near-tie is not a real reason to split people further.
        best = min(n for n, o in options.items() if o.silhouette >= top - NEAR_TIE)
        use, candidate, count = cluster.smooth(
            best, state.k, state.candidate_k, state.candidate_count
        )
        if use not in options:
            use, candidate, count = best, 0, 0
    chosen = options[use]
    new_state = State(k=use, candidate_k=candidate, candidate_count=count, group_centres=kept)
    return chosen.centres, chosen.labels, silhouettes, new_state


def _representatives(
    matrix: VoteMatrix, counts: repness.Counts, live: IntArray
) -> list[tuple[Representative, ...]]:
    stats = repness.statistics(counts)
    ids = matrix.statement_ids
    out = []
    for g in range(counts.agree.shape[0]):
        entries = []
        for e in repness.representative(stats, counts, g, live):
            j = e.column
            entries.append(
                Representative(
                    statement=int(ids[j]),
                    direction="agree" if e.agree else "disagree",
                    agree=int(counts.agree[g, j]),
                    disagree=int(counts.disagree[g, j]),
                    passes=int(counts.votes[g, j] - counts.agree[g, j] - counts.disagree[g, j]),
                    votes=int(counts.votes[g, j]),
                    p=e.p,
                    p_test=e.p_test,
                    r=e.r,
                    r_test=e.r_test,
                    score=e.score,
                    best_agree=e.best_agree,
                )
            )
        out.append(tuple(entries))
    return out


def _ranked(values: dict[int, float], groups: int) -> list[dict[str, Any]]:
    """Group-informed consensus values, best first (ties by statement id), with the
    geometric mean over the groups."""
    power = 1.0 / groups if groups else 1.0
    return [
        {"statement": s, "value": v, "geometric_mean": v**power}
        for s, v in sorted(values.items(), key=lambda item: (-item[1], item[0]))
    ]


@dataclass(frozen=True)
class _PerStatement:
    priorities: dict[int, float]
    counts: dict[int, dict[str, Any]]
    group_consensus: list[dict[str, Any]]
    perspective_consensus: list[dict[str, Any]]


def _per_statement(
    matrix: VoteMatrix,
    order: IntArray,
    out_ids: set[int],
    meta_ids: set[int],
    everyone: repness.Counts,
    groups: repness.Counts,
    gac: FloatArray,
    priority: FloatArray,
    view: PerspectiveView,
) -> _PerStatement:
    """Priorities and counts for every statement (voted on or not), and the two
    group-informed consensus rankings over the statements in the map."""
    column = {s: j for j, s in enumerate(matrix.statement_ids.tolist())}
    n_groups = groups.agree.shape[0]
    agree, disagree, votes = (
        x[0].tolist() for x in (everyone.agree, everyone.disagree, everyone.votes)
    )
    g_agree, g_disagree, g_pass = (
        x.T.tolist() for x in (groups.agree, groups.disagree, groups.passes)
    )
    p_agree, p_disagree, p_pass = (
        x.T.tolist() for x in (view.counts.agree, view.counts.disagree, view.counts.passes)
    )
    priority_list, gac_list = priority.tolist(), gac.tolist()
    no_votes = float(consensus.priorities(np.zeros(1), np.zeros(1), np.zeros(1), np.zeros(1))[0])
    priorities: dict[int, float] = {}
    counts: dict[int, dict[str, Any]] = {}
    zero = {"agree": 0, "disagree": 0, "pass": 0}
    for s in order.tolist():
        j = column.get(s)
        if s in meta_ids:
            priorities[s] = consensus.META_PRIORITY**2
        elif s in out_ids:
            priorities[s] = 0.0
        else:
            priorities[s] = no_votes if j is None else priority_list[j]
        if j is None:
            counts[s] = {**zero, "groups": [dict(zero) for _ in range(n_groups)]}
            if view.included:
                counts[s]["perspectives"] = {name: dict(zero) for name in view.included}
            continue
        counts[s] = {
            "agree": agree[j],
            "disagree": disagree[j],
            "pass": votes[j] - agree[j] - disagree[j],
            "groups": [
                {"agree": a, "disagree": d, "pass": p}
                for a, d, p in zip(g_agree[j], g_disagree[j], g_pass[j], strict=True)
            ],
        }
        if view.included:
            counts[s]["perspectives"] = {
                name: {"agree": a, "disagree": d, "pass": p}
                for name, a, d, p in zip(
                    view.included, p_agree[j], p_disagree[j], p_pass[j], strict=True
                )
            }
    shown = [s for s in order.tolist() if s not in out_ids]
    informed = {s: gac_list[column[s]] if s in column else 0.5**n_groups for s in shown}
    by_perspective: list[dict[str, Any]] = []
    if len(view.included) >= 2:
        values = view.consensus.tolist()
        empty = 0.5 ** len(view.included)
        ranked = {s: values[column[s]] if s in column else empty for s in shown}
        by_perspective = _ranked(ranked, len(view.included))
    return _PerStatement(priorities, counts, _ranked(informed, n_groups), by_perspective)


class _Grouping(NamedTuple):
    clustered: Any  # bool per participant: placed in a group (Polis's who-is-clustered rule)
    base_centres: FloatArray
    base_labels: IntArray  # base cluster of each clustered participant
    group_centres: FloatArray
    group_of: IntArray  # group of each participant, -1 if none
    silhouettes: dict[int, float]
    grouped: State  # the smoother and group centres, updated


def _last_base(warm: Maps | None, ids: IntArray) -> IntArray | None:
    """Each of these participants' base cluster in the last update (0 for one not
    clustered then), or None with no last update."""
    if warm is None or len(warm.clustered_ids) == 0:
        return None
    if len(warm.base_labels) != len(warm.clustered_ids):
        return None
    at = np.minimum(np.searchsorted(warm.clustered_ids, ids), len(warm.clustered_ids) - 1)
    return np.where(warm.clustered_ids[at] == ids, warm.base_labels[at], 0)


def _people_in_groups(
    matrix: VoteMatrix,
    positions: FloatArray,
    votes_each: Any,
    state: State,
    k: int | None,
    initial_centres: Any,
    warm: Maps | None = None,
) -> _Grouping:
    """Who is clustered, the base clusters, and the groups of base clusters and so of
    people. `warm` (the last update's maps) only saves time: each person's base cluster
    then is the first guess at their nearest starting centre."""
    n_rows, n_cols = matrix.shape
    joined = np.asarray(state.joined, dtype=np.int64)
    clustered = cluster.who_is_clustered(matrix.participant_ids, votes_each, n_cols, joined)
    if n_rows == 0:
        clustered = np.zeros(0, dtype=bool)
    points = positions[clustered]
    previous_base = (
        np.asarray(state.base_centres, dtype=float).reshape(-1, 2) if state.base_centres else None
    )
    base_centres, base_labels = cluster.base_clusters(
        points, previous_base, _last_base(warm, matrix.participant_ids[clustered])
    )
    sizes = np.bincount(base_labels, minlength=len(base_centres)).astype(float)
    group_centres, group_of_base, silhouettes, grouped = _choose_groups(
        base_centres, sizes, state, k, initial_centres
    )
    group_of = np.full(n_rows, -1, dtype=np.int64)
    group_of[clustered] = group_of_base[base_labels] if len(base_labels) else []
    return _Grouping(
        clustered, base_centres, base_labels, group_centres, group_of, silhouettes, grouped
    )


def _consensus_json(
    plain: Mapping[str, list[consensus.Agreement]], ids: IntArray
) -> dict[str, list[dict[str, Any]]]:
    """The plain consensus (``consensus.consensus`` for "agree" and "disagree") as the
    result's JSON: statement ids instead of columns."""
    return {
        d: [
            {
                "statement": int(ids[a.column]),
                "count": a.successes,
                "votes": a.trials,
                "p": a.p,
                "p_test": a.p_test,
            }
            for a in found
        ]
        for d, found in plain.items()
    }


def _perspectives_json(
    view: PerspectiveView, perspective_consensus: Any, ids: IntArray
) -> dict[str, Any]:
    """What declared perspectives share and where they split, as the result's JSON."""
    return {
        "sizes": view.sizes,
        "left_out": view.left_out,
        "consensus": perspective_consensus,
        "splits": [
            {
                "statement": int(ids[sp.column]),
                "a": sp.a,
                "b": sp.b,
                "agree_a": sp.agree_a,
                "agree_b": sp.agree_b,
                "votes_a": sp.votes_a,
                "votes_b": sp.votes_b,
                "z": sp.z,
                "p_value": sp.p_value,
                "significant": sp.p_value < 0.05,
            }
            for sp in view.splits
        ],
    }


def _aligned(warm: Maps | None, ids: IntArray) -> FloatArray | None:
    """The last update's components laid out on today's columns (0 for a new column)."""
    if warm is None or len(warm.statement_ids) == 0:
        return None
    out = np.zeros((pca.N_COMPONENTS, len(ids)))
    at = np.minimum(np.searchsorted(warm.statement_ids, ids), len(warm.statement_ids) - 1)
    known = warm.statement_ids[at] == ids
    out[:, known] = warm.components[:, at[known]]
    return out


def analyse(
    votes: Votes | KeptVotes,
    *,
    statements: Iterable[int] | None = None,
    moderated_out: Iterable[int] = (),
    meta: Iterable[int] = (),
    perspectives: Mapping[int, str] | None = None,
    min_group_size: int = 5,
    state: State | None = None,
    k: int | None = None,
    initial_centres: Any = None,
    warm: Maps | None = None,
) -> Result:
    """Find the opinion groups and what they share, from the latest votes.

    - `statements`: every statement id, in display order, including ones nobody has voted
      on yet. Votes for statements not listed are ignored (and counted in the result's
      `ignored_votes`). Default: the statements voted on, sorted.
    - `moderated_out`, `meta`: statement ids left out of the map (set to 0 for everyone, as
      Polis does). Meta statements (about the participant, not an opinion) are still shown,
      with priority 49.
    - `perspectives`: each participant's declared perspective; those with fewer than
      `min_group_size` people are left out of the perspective results.
    - `state`: the previous update's `result.state` (warm starts and the k smoother).
    - `k`, `initial_centres`: force the number of groups and their starting centres (as
      Polis's output gives them); `initial_centres` alone implies `k`.
    - `votes` may be `KeptVotes` (an incremental update's kept matrix), and `warm` the last
      update's `result.maps`: the components are then found by iterating from the last
      ones (see `pca.components`). The answer is the same as from scratch, to within the
      eigensolver's tolerance.

    The same votes, in any order, with the same state, always give the same result."""
    started = time.perf_counter()
    state = state or State()
    order = _ids(statements) if statements is not None else None
    out_ids = set(_ids(moderated_out).tolist()) | set(_ids(meta).tolist())
    meta_ids = set(_ids(meta).tolist())
    if isinstance(votes, KeptVotes):
        matrix, ignored = votes.matrix(allowed=order, moderated=out_ids)
    else:
        matrix, ignored = build_matrix(votes, allowed=order, moderated=out_ids)
    if order is None:
        order = matrix.statement_ids
    n_rows, n_cols = matrix.shape
    centred = matrix.centred()
    votes_each = matrix.votes_per_participant()
    t_matrix = time.perf_counter()

    previous = pca.orientation_on(state.orientation, matrix.statement_ids)
    comps, eigenvalues = pca.components(
        centred, previous, _aligned(warm, matrix.statement_ids), matrix.gram()
    )
    positions = pca.participant_positions(matrix, centred, comps)
    statement_xy, extremity = pca.statement_positions(matrix, comps)
    t_pca = time.perf_counter()

    clustered, base_centres, base_labels, group_centres, group_of, silhouettes, grouped = (
        _people_in_groups(matrix, positions, votes_each, state, k, initial_centres, warm)
    )
    n_groups = len(group_centres)
    t_clusters = time.perf_counter()

    live = np.flatnonzero(~matrix.moderated)
    # One pass over the votes: each group, and (as one more label) everyone in none;
    # everyone's counts are all of them summed.
    every_label = repness.count(matrix, np.where(group_of >= 0, group_of, n_groups), n_groups + 1)
    group_counts = repness.Counts(
        *(x[:n_groups] for x in (every_label.agree, every_label.disagree, every_label.votes))
    )
    reps = _representatives(matrix, group_counts, live)
    everyone = repness.Counts(
        *(
            x.sum(axis=0, keepdims=True)
            for x in (every_label.agree, every_label.disagree, every_label.votes)
        )
    )
    # Everyone clustered is in exactly one group, so their counts are the groups' summed.
    in_conv = repness.Counts(
        *(
            x.sum(axis=0, keepdims=True)
            for x in (group_counts.agree, group_counts.disagree, group_counts.votes)
        )
    )
    t_repness = time.perf_counter()

    ids = matrix.statement_ids
    plain = {
        "agree": consensus.consensus(everyone.agree[0], everyone.votes[0], live),
        "disagree": consensus.consensus(everyone.disagree[0], everyone.votes[0], live),
    }
    gac = consensus.informed_consensus(group_counts.agree, group_counts.votes)
    priority = consensus.priorities(
        in_conv.agree[0], in_conv.passes[0], in_conv.votes[0], extremity
    )
    view = perspective_view(matrix, perspectives or {}, min_group_size, live)
    per_statement = _per_statement(
        matrix, order, out_ids, meta_ids, everyone, group_counts, gac, priority, view
    )
    pids = matrix.participant_ids
    groups = tuple(
        Group(
            index=g,
            members=tuple(pids[group_of == g].tolist()),
            centre=(float(group_centres[g, 0]), float(group_centres[g, 1])),
            representative=reps[g],
        )
        for g in range(n_groups)
    )
    clustered_ids = pids[clustered]
    new_state = State(
        joined=tuple(clustered_ids.tolist()),
        base_centres=tuple((float(x), float(y)) for x, y in base_centres),
        group_centres=grouped.group_centres,
        k=grouped.k,
        candidate_k=grouped.candidate_k,
        candidate_count=grouped.candidate_count,
        orientation=orientation_of(ids, comps),
    )
    result = Result(
        participants=n_rows,
        statements=len(order),
        votes=len(matrix.values),
        ignored_votes=ignored,
        clustered=int(clustered.sum()),
        groups=groups,
        consensus=_consensus_json(plain, ids),
        group_consensus=per_statement.group_consensus if n_groups else [],
        priorities=per_statement.priorities,
        statement_counts=per_statement.counts,
        perspectives=_perspectives_json(view, per_statement.perspective_consensus, ids),
        statement_projections={
            int(ids[j]): (float(statement_xy[j, 0]), float(statement_xy[j, 1]))
            for j in live.tolist()
        },
        extremity={int(ids[j]): float(extremity[j]) for j in live.tolist()},
        silhouette=silhouettes,
        timings={},
        state=new_state,
        maps=Maps(
            statement_ids=ids,
            means=matrix.means,
            components=comps,
            eigenvalues=eigenvalues,
            participant_ids=pids,
            positions=positions,
            clustered_ids=clustered_ids,
            base_centres=base_centres,
            base_labels=base_labels,
            group_of=group_of,
            statement_positions=statement_xy,
            extremity=extremity,
        ),
    )
    finished = time.perf_counter()
    timings = {
        "matrix": t_matrix - started,
        "pca": t_pca - t_matrix,
        "clusters": t_clusters - t_pca,
        "repness": t_repness - t_clusters,
        "total": finished - started,
    }
    return replace(result, timings=timings)
