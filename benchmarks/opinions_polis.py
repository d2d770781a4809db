"""Do our opinion groups match Polis's own, as well as red-dwarf's do?

    make bench-venv     # once: .venv-bench, with red-dwarf and this project
    .venv-bench/bin/python benchmarks/opinions_polis.py [DIR ...] [--no-reddwarf]
                                                         [--polis-k] [--replay N]
                                                         [--ceiling]

Each DIR is a Polis export folder (votes.csv, comments.csv, participants-votes.csv); with
none, every conversation in ../shared/data/polis/conversations/ is used. Run with
.venv/bin/python instead and the script re-runs itself under .venv-bench when that venv
exists; without it (or with --no-reddwarf) only our columns are filled. red-dwarf is never
installed in .venv: it would pull pandas and scikit-learn into the test environment.

For each conversation, the latest vote of each participant on each comment is read from
votes.csv (a later row replaces an earlier one), and comments that Polis's moderators
rejected (`moderated` -1) are moderated out. Both pipelines get exactly these votes, in
one process, one full update each, from scratch:

- ours: `equalvoice.opinions.engine.analyse(Votes(...), moderated_out=...)`;
- red-dwarf: `reddwarf.implementations.polis.run_pipeline(votes=..., mod_out_statement_ids=...)`
  with its defaults (PCA, k-means for k = 2..5 chosen by silhouette), seeded
  (random_state=0) so that runs repeat.

Polis's group for each participant is the `group-id` column of participants-votes.csv.
Each pipeline is scored by the adjusted Rand index (ARI: 1 is the same partition, 0 is
chance) against it, over the participants who have a Polis group-id and a group from that
pipeline. The table is Markdown, to paste into docs. With --polis-k, each pipeline is also
run with the number of groups forced to Polis's (ours: `analyse(..., k=)`; red-dwarf:
`force_group_count=`), which tells a wrong number of groups from a wrong partition.

Polis itself does not cluster a finished conversation from scratch: it updates as votes
arrive, warm-starting from the last update and adopting a new number of groups only
after it has been best 4 updates running. With --replay N, ours is also run that way: N
updates on the votes cast so far (by timestamp, in equal steps), carrying its
`State`. red-dwarf has no such state, so it has no such column.

With --ceiling, two more columns show how far any grouping could get, which tells a
grouping that could do better from one that cannot:

- "best from our base clusters": each of our base clusters (from the one update) takes the
  Polis group most of its members have. No grouping of those base clusters, the method
  the design note prescribes, can score higher. Where Polis's line runs through a base
  cluster, it is below 1.
- "nearest Polis centre": each participant takes the Polis group whose members' mean
  position (in our projection of the final votes) is nearest. This is a guide, not a
  bound: k-means gives groups by nearest centre, and where even Polis's own centres
  score far below 1, Polis's groups are not regions of the final projection; they came
  from earlier votes (Polis carries its clusters from one update to the next).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _opinions_data as data  # noqa: E402
import numpy as np  # noqa: E402


@dataclass
class Row:
    name: str
    participants: int
    statements: int
    votes: int
    polis_k: int
    our_k: int
    our_ari: float
    our_compared: int
    our_seconds: float
    rd_k: int | None = None
    rd_ari: float | None = None
    rd_compared: int | None = None
    rd_seconds: float | None = None
    our_ari_at_k: float | None = None  # with k forced to Polis's (--polis-k)
    rd_ari_at_k: float | None = None
    our_ari_replayed: float | None = None  # --replay
    best_from_base: float | None = None  # --ceiling
    nearest_polis_centre: float | None = None
    note: str = ""


def compare(
    folder: Path, with_reddwarf: bool, polis_k: bool, replay: int, ceiling: bool = False
) -> Row:
    conversation = data.read_conversation(folder)
    participants, statements, votes = conversation.shape
    polis = conversation.polis_groups
    started = time.perf_counter()
    ours, result = data.run_ours(conversation)
    our_seconds = time.perf_counter() - started
    our_ari, our_compared = data.agreement(ours, polis)
    row = Row(
        name=conversation.name,
        participants=participants,
        statements=statements,
        votes=votes,
        polis_k=len(set(polis.values())),
        our_k=len(set(ours.values())),
        our_ari=our_ari,
        our_compared=our_compared,
        our_seconds=our_seconds,
    )
    row.note = reader_check(folder, votes, conversation.moderated_out)
    if with_reddwarf:
        started = time.perf_counter()
        theirs, _ = data.run_reddwarf(conversation)
        row.rd_seconds = time.perf_counter() - started
        row.rd_k = len(set(theirs.values()))
        row.rd_ari, row.rd_compared = data.agreement(theirs, polis)
    if polis_k:
        forced, _ = data.run_ours(conversation, k=row.polis_k)
        row.our_ari_at_k = data.agreement(forced, polis)[0]
        if with_reddwarf:
            forced, _ = data.run_reddwarf(conversation, k=row.polis_k)
            row.rd_ari_at_k = data.agreement(forced, polis)[0]
    if replay:
        replayed = data.run_ours_replayed(conversation, replay)
        row.our_ari_replayed = data.agreement(replayed, polis)[0]
    if ceiling:
        row.best_from_base, row.nearest_polis_centre = ceilings(result, polis)
    return row


def ceilings(result: Any, polis: dict[int, int]) -> tuple[float, float]:
    """The ARI against Polis of (1) the best grouping of our base clusters: each takes the
    Polis group most of its members have (ties: the lowest group id); (2) each participant
    in the Polis group with the nearest mean position. See --ceiling in the docstring."""
    maps = result.maps
    ids = [int(p) for p in maps.clustered_ids]
    compared = [(p, b) for p, b in zip(ids, maps.base_labels.tolist(), strict=True) if p in polis]
    counts: dict[int, dict[int, int]] = {}
    for p, b in compared:
        counts.setdefault(b, {})
        counts[b][polis[p]] = counts[b].get(polis[p], 0) + 1
    majority = {b: min(c, key=lambda g: (-c[g], g)) for b, c in counts.items()}
    best_from_base = data.agreement({p: majority[b] for p, b in compared}, polis)[0]

    where = dict(zip(maps.participant_ids.tolist(), maps.positions, strict=True))
    people = [p for p, _ in compared]
    groups = sorted({polis[p] for p in people})
    centres = np.array(
        [np.mean([where[p] for p in people if polis[p] == g], axis=0) for g in groups]
    )
    nearest = {p: groups[int(np.argmin(((centres - where[p]) ** 2).sum(axis=1)))] for p in people}
    return best_from_base, data.agreement(nearest, polis)[0]


def reader_check(folder: Path, votes: int, moderated_out: list[int]) -> str:
    """Does the engine's own reader of Polis exports find the same number of votes?"""
    from equalvoice.opinions.engine import read_polis_export

    try:
        export = read_polis_export(folder)
    except Exception as error:  # report it beside the results, do not stop
        return f"read_polis_export failed: {error}"
    found = len(export.votes.latest()[0])
    if found != votes:
        return f"read_polis_export found {found} latest votes, not {votes}"
    if sorted(export.moderated_out) != sorted(moderated_out):
        return "read_polis_export moderates out other comments"
    return ""


def number(x: float | None, digits: int = 3) -> str:
    if x is None:
        return "–"
    return "nan" if math.isnan(x) else f"{x:.{digits}f}"


def table(
    rows: list[Row], with_reddwarf: bool, polis_k: bool, replay: int, ceiling: bool = False
) -> str:
    head = [
        "conversation",
        "participants",
        "statements",
        "votes",
        "Polis k",
        "our k",
        "our ARI",
        "red-dwarf k",
        "red-dwarf ARI",
        "ours ≥ red-dwarf",
    ]
    align = ["---"] + ["--:"] * 8 + [":-:"]
    if polis_k:
        head += ["our ARI at Polis k", "red-dwarf ARI at Polis k"]
        align += ["--:", "--:"]
    if replay:
        head += [f"our ARI, {replay} updates"]
        align += ["--:"]
    if ceiling:
        head += ["best from our base clusters", "nearest Polis centre"]
        align += ["--:", "--:"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(align) + "|"]
    for r in rows:
        better = "–"
        if with_reddwarf and r.rd_ari is not None:
            better = "yes" if r.our_ari >= r.rd_ari - 1e-9 else "**no**"
        cells = [
            r.name,
            f"{r.participants:,}",
            f"{r.statements:,}",
            f"{r.votes:,}",
            str(r.polis_k),
            str(r.our_k),
            number(r.our_ari),
            "–" if r.rd_k is None else str(r.rd_k),
            number(r.rd_ari),
            better,
        ]
        if polis_k:
            cells += [number(r.our_ari_at_k), number(r.rd_ari_at_k)]
        if replay:
            cells += [number(r.our_ari_replayed)]
        if ceiling:
            cells += [number(r.best_from_base), number(r.nearest_polis_centre)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("folders", nargs="*", help="Polis export folders (default: all)")
    parser.add_argument("--no-reddwarf", action="store_true", help="only our engine")
    parser.add_argument(
        "--polis-k",
        action="store_true",
        help="also score each pipeline with the number of groups forced to Polis's",
    )
    parser.add_argument(
        "--replay",
        type=int,
        default=0,
        metavar="N",
        help="also score ours after N updates as the votes arrive, carrying its state",
    )
    parser.add_argument(
        "--ceiling",
        action="store_true",
        help="also show the best any grouping of our base clusters, or by nearest centre, "
        "could score",
    )
    args = parser.parse_args(argv)
    if not args.no_reddwarf:
        data.use_bench_venv()
    missing = None if args.no_reddwarf else data.reddwarf_missing()
    with_reddwarf = not args.no_reddwarf and missing is None
    if with_reddwarf:
        data.warnings_off()
    folders = data.conversation_folders(args.folders)
    rows = [
        compare(folder, with_reddwarf, args.polis_k, args.replay, args.ceiling)
        for folder in folders
    ]

    print(table(rows, with_reddwarf, args.polis_k, args.replay, args.ceiling))
    print()
    print(
        "ARI against Polis's group-id, over the participants that have one and are in a group"
        " of that pipeline (compared: "
        + ", ".join(f"{r.name} {r.our_compared}" for r in rows)
        + " for ours)."
    )
    if missing:
        print(f"red-dwarf skipped: {missing}")
    elif with_reddwarf:
        better = sum(r.rd_ari is not None and r.our_ari >= r.rd_ari - 1e-9 for r in rows)
        ours = [r.our_ari for r in rows]
        theirs = [r.rd_ari for r in rows if r.rd_ari is not None]
        print(
            f"Ours ≥ red-dwarf on {better} of {len(rows)} conversations; mean ARI ours "
            f"{sum(ours) / len(ours):.3f}, red-dwarf {sum(theirs) / len(theirs):.3f}."
        )
        differ = [r for r in rows if r.rd_compared != r.our_compared]
        for r in differ:
            print(f"  {r.name}: red-dwarf compared on {r.rd_compared} participants")
    seconds = ", ".join(
        f"{r.name} {r.our_seconds:.2f}" + ("" if r.rd_seconds is None else f"/{r.rd_seconds:.2f}")
        for r in rows
    )
    print(f"Seconds for one update (ours{'/red-dwarf' if with_reddwarf else ''}): {seconds}")
    for r in rows:
        if r.note:
            print(f"Note, {r.name}: {r.note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
