"""The engine's answer (`Result`) and what it carries from one update to the next
(`State`). `Result.to_dict()` is the stable JSON shape documented in docs/opinions.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from .matrix import FloatArray, IntArray

STATE_VERSION = 1
SIGN_KEEP = 20  # loadings kept per component to keep the map's orientation between updates

Point = tuple[float, float]


@dataclass(frozen=True)
class State:
    """What the engine keeps between updates of one conversation, JSON-safe via
    `to_dict`/`from_dict`:

    - `joined`: participants who have been clustered (they stay clustered);
    - `base_centres`: the base clusters' centres (warm start for k-means);
    - `group_centres`: the group centres found for each number of groups (warm starts);
    - `k`, `candidate_k`, `candidate_count`: the smoother — the number of groups in use,
      and another number that has been best for `candidate_count` updates running;
    - `orientation`: the largest loadings of each component, to keep the map's signs.
    """

    joined: tuple[int, ...] = ()
    base_centres: tuple[Point, ...] = ()
    group_centres: dict[int, tuple[Point, ...]] = field(default_factory=dict)
    k: int = 0
    candidate_k: int = 0
    candidate_count: int = 0
    orientation: tuple[dict[int, float], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (string keys only)."""
        return {
            "version": STATE_VERSION,
            "joined": list(self.joined),
            "base_centres": [list(c) for c in self.base_centres],
            "group_centres": {str(k): [list(c) for c in v] for k, v in self.group_centres.items()},
            "k": self.k,
            "candidate_k": self.candidate_k,
            "candidate_count": self.candidate_count,
            "orientation": [{str(s): w for s, w in o.items()} for o in self.orientation],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> State:
        """The state saved by `to_dict`. Raises ValueError if it is not one."""
        try:
            return cls(
                joined=tuple(int(p) for p in data.get("joined", ())),
                base_centres=tuple(_point(c) for c in data.get("base_centres", ())),
                group_centres={
                    int(k): tuple(_point(c) for c in v)
                    for k, v in data.get("group_centres", {}).items()
                },
                k=int(data.get("k", 0)),
                candidate_k=int(data.get("candidate_k", 0)),
                candidate_count=int(data.get("candidate_count", 0)),
                orientation=tuple(
                    {int(s): float(w) for s, w in o.items()} for o in data.get("orientation", ())
                ),
            )
        except (TypeError, ValueError, AttributeError) as error:
            raise ValueError(f"This is not a saved opinion-engine state: {error}") from error


def _point(c: Any) -> Point:
    x, y = c
    return float(x), float(y)


@dataclass(frozen=True)
class Representative:
    """A representative statement of one group, with its counts in the group."""

    statement: int
    direction: str  # "agree" or "disagree"
    agree: int
    disagree: int
    passes: int
    votes: int
    p: float
    p_test: float
    r: float
    r_test: float
    score: float
    best_agree: bool

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of one representative statement."""
        return {
            "statement": self.statement,
            "direction": self.direction,
            "agree": self.agree,
            "disagree": self.disagree,
            "pass": self.passes,
            "votes": self.votes,
            "p": self.p,
            "p_test": self.p_test,
            "r": self.r,
            "r_test": self.r_test,
            "score": self.score,
            "best_agree": self.best_agree,
        }


@dataclass(frozen=True)
class Group:
    """One opinion group."""

    index: int
    members: tuple[int, ...]
    centre: Point
    representative: tuple[Representative, ...]

    def to_dict(self, members: bool = True) -> dict[str, Any]:
        """The JSON shape of one group (`members=False`: without the member list)."""
        out: dict[str, Any] = {"index": self.index, "size": len(self.members)}
        if members:
            out["members"] = list(self.members)
        out["centre"] = list(self.centre)
        out["representative"] = [r.to_dict() for r in self.representative]
        return out


@dataclass(frozen=True)
class Maps:
    """The numbers behind the maps, as arrays (for tests and benchmarks; not in JSON):
    columns' statement ids, their means, the components, every voter's position, and the
    clustered participants' base clusters, and each voter's group (-1: none)."""

    statement_ids: IntArray
    means: FloatArray
    components: FloatArray
    eigenvalues: FloatArray
    participant_ids: IntArray
    positions: FloatArray
    clustered_ids: IntArray
    base_centres: FloatArray
    base_labels: IntArray
    group_of: IntArray
    statement_positions: FloatArray
    extremity: FloatArray


@dataclass(frozen=True)
class Result:
    """Everything one update found. `to_dict()` gives the documented JSON shape."""

    participants: int
    statements: int
    votes: int
    ignored_votes: int
    clustered: int
    groups: tuple[Group, ...]
    consensus: dict[str, list[dict[str, Any]]]
    group_consensus: list[dict[str, Any]]
    priorities: dict[int, float]
    statement_counts: dict[int, dict[str, Any]]
    perspectives: dict[str, Any]
    statement_projections: dict[int, Point]
    extremity: dict[int, float]
    silhouette: dict[int, float]
    timings: dict[str, float]
    state: State
    maps: Maps

    @cached_property
    def assignments(self) -> dict[int, int]:
        """Each grouped participant's group (worked out when first asked for: the
        platform keeps these as arrays, from `maps`)."""
        grouped = self.maps.group_of >= 0
        return dict(
            zip(
                self.maps.participant_ids[grouped].tolist(),
                self.maps.group_of[grouped].tolist(),
                strict=True,
            )
        )

    @cached_property
    def projections(self) -> dict[int, Point]:
        """Every voter's position on the map (worked out when first asked for)."""
        return dict(
            zip(
                self.maps.participant_ids.tolist(),
                map(tuple, self.maps.positions.tolist()),
                strict=True,
            )
        )

    @property
    def k(self) -> int:
        """The number of groups."""
        return len(self.groups)

    def to_dict(self, people: bool = True) -> dict[str, Any]:
        """The JSON-serialisable result; every key is a string. `people=False` leaves
        out the per-person parts (`projections`, `assignments`, each group's `members`),
        which the platform keeps packed apart (`Maps` has them as arrays)."""
        out = {
            "participants": self.participants,
            "statements": self.statements,
            "votes": self.votes,
            "ignored_votes": self.ignored_votes,
            "clustered": self.clustered,
            "k": self.k,
            "groups": [g.to_dict(members=people) for g in self.groups],
            "consensus": {d: [dict(e) for e in v] for d, v in self.consensus.items()},
            "group_consensus": [dict(e) for e in self.group_consensus],
            "priorities": {str(s): v for s, v in self.priorities.items()},
            "statement_counts": {str(s): _counts_json(c) for s, c in self.statement_counts.items()},
            "perspectives": {
                "sizes": dict(self.perspectives["sizes"]),
                "left_out": list(self.perspectives["left_out"]),
                "consensus": [dict(e) for e in self.perspectives["consensus"]],
                "splits": [dict(e) for e in self.perspectives["splits"]],
            },
            "statement_projections": {
                str(s): list(xy) for s, xy in self.statement_projections.items()
            },
            "extremity": {str(s): e for s, e in self.extremity.items()},
            "silhouette": {str(k): s for k, s in self.silhouette.items()},
            "timings": dict(self.timings),
        }
        if people:
            # Straight from the arrays (the same entries as `assignments` and
            # `projections`, in the same order), without building those dicts first.
            maps = self.maps
            grouped = maps.group_of >= 0
            out["assignments"] = dict(
                zip(
                    map(str, maps.participant_ids[grouped].tolist()),
                    maps.group_of[grouped].tolist(),
                    strict=True,
                )
            )
            out["projections"] = dict(
                zip(map(str, maps.participant_ids.tolist()), maps.positions.tolist(), strict=True)
            )
        return {key: out[key] for key in JSON_KEYS if key in out}


# The JSON's keys, in the order documented in docs/opinions.md.
JSON_KEYS = (
    "participants",
    "statements",
    "votes",
    "ignored_votes",
    "clustered",
    "k",
    "groups",
    "assignments",
    "consensus",
    "group_consensus",
    "priorities",
    "statement_counts",
    "perspectives",
    "projections",
    "statement_projections",
    "extremity",
    "silhouette",
    "timings",
)


def _counts_json(counts: dict[str, Any]) -> dict[str, Any]:
    """One statement's counts: everyone, each group and (when any is big enough to show)
    each perspective."""
    out: dict[str, Any] = {
        "agree": counts["agree"],
        "disagree": counts["disagree"],
        "pass": counts["pass"],
        "groups": [dict(g) for g in counts["groups"]],
    }
    if "perspectives" in counts:
        out["perspectives"] = {name: dict(c) for name, c in counts["perspectives"].items()}
    return out


def orientation_of(statement_ids: IntArray, components: FloatArray) -> tuple[dict[int, float], ...]:
    """The largest loadings of each component, kept in the state to fix the next signs."""
    out = []
    for comp in components:
        top = np.argsort(-np.abs(comp), kind="stable")[:SIGN_KEEP]
        out.append({int(statement_ids[j]): float(comp[j]) for j in top if comp[j] != 0})
    return tuple(out)
