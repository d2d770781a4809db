"""Shared helpers for the opinion-engine benchmarks (opinions_polis.py, opinions_speed.py).

- Real Polis conversations: `read_conversation` reads a folder of Polis's CSV export
  (votes.csv, comments.csv, participants-votes.csv) with the standard library only, so
  red-dwarf gets exactly the votes our engine gets, and the benchmark does not rely on the
  engine's own reader to check the engine.
- Synthetic conversations: `synthetic` plants a few opinion groups in a low-rank model of
  agreement, with skewed participation and some passes (see its docstring).
- `adjusted_rand_index`: the adjusted Rand index in numpy (scikit-learn is not in .venv).
- `run_ours` and `run_reddwarf`: one full update of each pipeline, returning each
  clustered participant's group. red-dwarf (and pandas, scikit-learn) are imported only
  inside `run_reddwarf`, so this module type-checks and imports in .venv, where they are
  absent; they are in .venv-bench (`make bench-venv`).
- `use_bench_venv`: re-runs the calling script under .venv-bench when red-dwarf is not
  importable here and that venv exists.
"""

from __future__ import annotations

import csv
import importlib.util
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CONVERSATIONS = ROOT.parent / "shared" / "data" / "polis" / "conversations"
BENCH_PYTHON = ROOT / ".venv-bench" / "bin" / "python"
REDDWARF_SEED = 0  # red-dwarf's only random choice (PCA's solver on big matrices) is seeded

IntArray = npt.NDArray[np.int64]


@dataclass
class Conversation:
    """Latest votes as three parallel arrays (agree = +1, disagree = -1, pass = 0)."""

    name: str
    participants: IntArray
    statements: IntArray
    values: npt.NDArray[np.int8]
    statement_ids: list[int] = field(default_factory=list)  # every comment, voted on or not
    moderated_out: list[int] = field(default_factory=list)
    polis_groups: dict[int, int] = field(default_factory=dict)  # Polis's group-id
    truth: dict[int, int] = field(default_factory=dict)  # planted groups (synthetic only)
    times: npt.NDArray[np.float64] | None = None  # when each vote was cast (real only)

    @property
    def shape(self) -> tuple[int, int, int]:
        """Participants who voted, statements, votes."""
        statements = max(len(self.statement_ids), len(np.unique(self.statements)))
        return len(np.unique(self.participants)), statements, len(self.values)


def conversation_folders(given: list[str]) -> list[Path]:
    """The folders named, or every conversation in ../shared/data/polis/conversations."""
    if given:
        return [Path(g) for g in given]
    return sorted(p for p in CONVERSATIONS.iterdir() if (p / "votes.csv").exists())


def read_conversation(folder: Path) -> Conversation:
    """A Polis export folder: a later row of votes.csv replaces an earlier one for the same
    participant and comment; comments with `moderated` -1 are moderated out."""
    latest: dict[tuple[int, int], tuple[int, float]] = {}
    with open(folder / "votes.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (int(row["voter-id"]), int(row["comment-id"]))
            latest.pop(key, None)  # keep the dict in the order the latest votes were cast
            latest[key] = (int(row["vote"]), float(row["timestamp"]))
    statement_ids: list[int] = []
    moderated_out: list[int] = []
    with open(folder / "comments.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            statement_ids.append(int(row["comment-id"]))
            if row.get("moderated", "").strip() == "-1":
                moderated_out.append(int(row["comment-id"]))
    groups: dict[int, int] = {}
    path = folder / "participants-votes.csv"
    if path.exists():
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                group = (row.get("group-id") or "").strip()
                if group:
                    groups[int(row["participant"])] = int(float(group))
    keys = np.array(list(latest.keys()), dtype=np.int64).reshape(-1, 2)
    return Conversation(
        name=folder.name,
        participants=keys[:, 0].copy(),
        statements=keys[:, 1].copy(),
        values=np.array([v for v, _ in latest.values()], dtype=np.int8),
        times=np.array([t for _, t in latest.values()], dtype=np.float64),
        statement_ids=sorted(statement_ids),
        moderated_out=sorted(moderated_out),
        polis_groups=groups,
    )


def synthetic(
    participants: int,
    statements: int,
    votes: int,
    seed: int = 0,
    group_sizes: tuple[float, ...] = (0.45, 0.30, 0.15, 0.10),
    pass_rate: float = 0.15,
) -> Conversation:
    """A made-up conversation of exactly `participants` × `statements` with `votes` votes.

    - Opinion groups: each participant belongs to one of len(group_sizes) planted groups
      (in those proportions), whose centres sit evenly on a unit circle in a 2-D opinion
      space; a participant sits near their group's centre (spread 0.35).
    - Statements: each has an overall lean (most are agreed with, as in real
      conversations) and a 2-D direction; a participant agrees with probability
      sigmoid(2.5 · (lean + direction · position)), so groups disagree on some statements
      and agree on others.
    - Participation is skewed: how much each participant votes is log-normal (a few vote
      on nearly everything, many on a handful), and earlier and popular statements get
      far more votes than others. Everyone votes at least once.
    - Passes: each participant passes on a share of what they see (mean `pass_rate`).
    """
    if votes < participants or votes > participants * statements:
        raise ValueError("votes must be between participants and participants × statements")
    rng = np.random.default_rng(seed)
    sizes = np.asarray(group_sizes, dtype=float)
    truth = rng.choice(len(sizes), size=participants, p=sizes / sizes.sum())
    angles = 2 * np.pi * np.arange(len(sizes)) / len(sizes)
    centres = np.column_stack([np.cos(angles), np.sin(angles)])
    position = centres[truth] + rng.normal(0.0, 0.35, (participants, 2))
    lean = rng.normal(0.3, 0.5, statements)
    direction = rng.normal(0.0, 0.8, (statements, 2))
    activity = rng.lognormal(0.0, 1.2, participants)
    activity /= activity.sum()
    order = np.arange(statements)
    popularity = rng.lognormal(0.0, 0.8, statements) * (1 + 3 * np.exp(-order / (statements / 5)))
    popularity /= popularity.sum()
    passiness = rng.beta(1.5, 1.5 / pass_rate - 1.5, participants)

    # Everyone's first vote, then more drawn by activity and popularity, without repeats.
    first = np.arange(participants, dtype=np.int64) * statements + rng.choice(
        statements, size=participants, p=popularity
    )
    needed = votes - participants
    draws = int(needed * 1.3) + 1000
    while True:
        extra = rng.choice(participants, size=draws, p=activity).astype(np.int64) * statements
        extra += rng.choice(statements, size=draws, p=popularity)
        extra = np.setdiff1d(np.unique(extra), first, assume_unique=True)
        if len(extra) >= needed or draws > 50 * votes:
            break
        draws = int(draws * 1.5)
    if len(extra) < needed:
        raise ValueError("could not draw that many distinct votes; ask for fewer")
    keys = np.concatenate([first, rng.choice(extra, size=needed, replace=False)])
    keys.sort()
    who = keys // statements
    what = keys % statements
    agree = 1 / (
        1 + np.exp(-2.5 * (lean[what] + np.einsum("ij,ij->i", direction[what], position[who])))
    )
    roll = rng.random(len(keys))
    values = np.where(rng.random(len(keys)) < agree, 1, -1).astype(np.int8)
    values[roll < passiness[who]] = 0
    return Conversation(
        name=f"synthetic {participants:,} × {statements:,}",
        participants=who,
        statements=what,
        values=values,
        statement_ids=list(range(statements)),
        truth=dict(enumerate(truth.tolist())),
    )


def save(conversation: Conversation, path: Path) -> None:
    """Write a conversation to an .npz file, for a worker process to load."""
    np.savez(
        path,
        name=np.array(conversation.name),
        participants=conversation.participants,
        statements=conversation.statements,
        values=conversation.values,
        statement_ids=np.array(conversation.statement_ids, dtype=np.int64),
        moderated_out=np.array(conversation.moderated_out, dtype=np.int64),
        truth=np.array(sorted(conversation.truth.items()), dtype=np.int64).reshape(-1, 2),
    )


def load(path: Path) -> Conversation:
    """Read what `save` wrote."""
    with np.load(path) as data:
        truth = data["truth"]
        return Conversation(
            name=str(data["name"]),
            participants=data["participants"],
            statements=data["statements"],
            values=data["values"],
            statement_ids=data["statement_ids"].tolist(),
            moderated_out=data["moderated_out"].tolist(),
            truth=dict(zip(truth[:, 0].tolist(), truth[:, 1].tolist(), strict=True)),
        )


def adjusted_rand_index(a: npt.ArrayLike, b: npt.ArrayLike) -> float:
    """Hubert and Arabie's adjusted Rand index of two labellings of the same items (as
    scikit-learn's adjusted_rand_score: 1 for identical partitions, about 0 for chance)."""
    x, y = np.asarray(a), np.asarray(b)
    n = x.size
    if n != y.size:
        raise ValueError("labellings differ in length")
    if n < 2:
        return float("nan")
    _, xi = np.unique(x, return_inverse=True)
    _, yi = np.unique(y, return_inverse=True)
    table = np.zeros((xi.max() + 1, yi.max() + 1), dtype=np.int64)
    np.add.at(table, (xi, yi), 1)

    def pairs(counts: npt.NDArray[np.int64]) -> float:
        return float((counts * (counts - 1) // 2).sum())

    together = pairs(table)
    in_x, in_y = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    expected = in_x * in_y / (n * (n - 1) / 2)
    best = (in_x + in_y) / 2
    if best == expected:
        return 1.0
    return (together - expected) / (best - expected)


def agreement(ours: dict[int, int], reference: dict[int, int]) -> tuple[float, int]:
    """ARI over the participants both labellings assign, and how many that is."""
    common = sorted(set(ours) & set(reference))
    if len(common) < 2:
        return float("nan"), len(common)
    ari = adjusted_rand_index([ours[p] for p in common], [reference[p] for p in common])
    return ari, len(common)


# The two pipelines -----------------------------------------------------------------


def ours_input(conversation: Conversation) -> Any:
    """The engine's Votes for a conversation (what a server would hold in memory)."""
    from equalvoice.opinions.engine import Votes

    return Votes(
        participants=conversation.participants,
        statements=conversation.statements,
        values=conversation.values,
    )


def run_ours(
    conversation: Conversation, votes: Any | None = None, k: int | None = None
) -> tuple[dict[int, int], Any]:
    """One full update of our engine (no state from an earlier run), with `k` groups if
    given. Returns each clustered participant's group, and the result."""
    from equalvoice.opinions.engine import analyse

    if votes is None:
        votes = ours_input(conversation)
    if k is None:
        result = analyse(votes, moderated_out=conversation.moderated_out)
    else:
        result = analyse(votes, moderated_out=conversation.moderated_out, k=k)
    return ours_groups(result), result


def run_ours_replayed(conversation: Conversation, updates: int) -> dict[int, int]:
    """Our engine as a server runs it: `updates` updates as the votes arrive (in the order
    they were cast, in equal steps), each carrying the previous update's state (warm
    starts, and the smoother that adopts a new number of groups only after it has been
    best 4 updates running). Returns the last update's groups."""
    from equalvoice.opinions.engine import Votes, analyse

    if conversation.times is None:
        order = np.arange(len(conversation.values))
    else:
        order = np.argsort(conversation.times, kind="stable")
    state = None
    result = None
    for step in range(1, updates + 1):
        chosen = order[: len(order) * step // updates]
        votes = Votes(
            participants=conversation.participants[chosen],
            statements=conversation.statements[chosen],
            values=conversation.values[chosen],
        )
        result = analyse(votes, moderated_out=conversation.moderated_out, state=state)
        state = result.state
    return ours_groups(result)


def ours_groups(result: Any) -> dict[int, int]:
    """Participant → group from our engine's result (`to_dict()["assignments"]`, with
    integer keys)."""
    return {int(p): int(g) for p, g in result.assignments.items() if g is not None}


def reddwarf_input(conversation: Conversation) -> list[dict[str, int]]:
    """red-dwarf's input: one dict a vote, as its Loader makes from Polis's votes.csv."""
    return [
        {"participant_id": p, "statement_id": s, "vote": v, "modified": 0}
        for p, s, v in zip(
            conversation.participants.tolist(),
            conversation.statements.tolist(),
            conversation.values.tolist(),
            strict=True,
        )
    ]


def run_reddwarf(
    conversation: Conversation, votes: list[dict[str, int]] | None = None, k: int | None = None
) -> tuple[dict[int, int], Any]:
    """One run of red-dwarf's Polis pipeline (PCA, k-means with k chosen by silhouette,
    repness, consensus), with its defaults, as its README shows: `run_pipeline(votes=...,
    mod_out_statement_ids=...)`, seeded; `k` forces the number of groups
    (`force_group_count`). Returns each clustered participant's group."""
    from reddwarf.implementations.polis import (  # type: ignore[import-not-found,unused-ignore]
        run_pipeline,
    )

    if votes is None:
        votes = reddwarf_input(conversation)
    result = run_pipeline(
        votes=votes,
        mod_out_statement_ids=conversation.moderated_out,
        random_state=REDDWARF_SEED,
        force_group_count=k,
    )
    labels = result.participants_df["cluster_id"].dropna()
    groups = {int(p): int(g) for p, g in labels.items()}
    return groups, result


def reddwarf_missing() -> str | None:
    """Why red-dwarf cannot run here, or None when it can."""
    if importlib.util.find_spec("reddwarf") is None:
        return "red-dwarf is not installed in this venv (make bench-venv; run with .venv-bench)"
    return None


def use_bench_venv() -> None:
    """Re-run this script under .venv-bench when red-dwarf is missing here and that venv
    exists (so `.venv/bin/python benchmarks/opinions_*.py` compares with red-dwarf too)."""
    if reddwarf_missing() is None or os.environ.get("EQUALVOICE_BENCH_REEXEC"):
        return
    if BENCH_PYTHON.exists() and Path(sys.prefix).resolve() != BENCH_PYTHON.parent.parent.resolve():
        os.environ["EQUALVOICE_BENCH_REEXEC"] = "1"
        os.execv(str(BENCH_PYTHON), [str(BENCH_PYTHON), *sys.argv])


def warnings_off() -> None:
    """red-dwarf's pydantic models and pandas warn on import and on every run."""
    import warnings

    warnings.filterwarnings("ignore")
