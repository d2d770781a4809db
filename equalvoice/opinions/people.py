"""Each participant's part of the latest results, kept apart from the summary.

The engine's JSON (`Result.to_dict()`) lists every participant three times: their place
on the map (`projections`), their group (`assignments`) and each group's `members`. On a
big conversation that is most of it (2.5 MB for 33,000 people), and it was written on
every update and read by every results page. The platform keeps those parts here
instead, packed (docs/opinions.md, "What the platform stores"):

    b"EVP1", the number of participants n (uint32), then n participant ids (int64,
    ascending), n x and n y (float32: the map's positions), n groups (int8, -1 for
    someone in no group), all little-endian.

About 17 bytes a person. Participants are named by their id only, as in the JSON. This
module needs only the standard library to read (the results page imports it)."""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

MAGIC = b"EVP1"
_HEAD = len(MAGIC) + 4
# The per-person keys of the engine's JSON that are kept here rather than in the summary.
PERSON_KEYS = ("projections", "assignments")


@dataclass(frozen=True)
class People:
    """The unpacked parts: ids ascending, and for each its position and group (-1: none)."""

    ids: array[int]
    x: array[float]
    y: array[float]
    groups: array[int]

    def group_of(self, participant_id: int) -> int | None:
        """The participant's group, or None when they are in none (or not in the map)."""
        at = bisect_left(self.ids, participant_id)
        if at == len(self.ids) or self.ids[at] != participant_id:
            return None
        group = self.groups[at]
        return None if group < 0 else group

    def members(self, group: int) -> list[int]:
        """The participant ids in a group, ascending."""
        return [p for p, g in zip(self.ids, self.groups, strict=True) if g == group]

    def assignments(self) -> dict[int, int]:
        """Each grouped participant's group, as the engine's `assignments`."""
        return {p: g for p, g in zip(self.ids, self.groups, strict=True) if g >= 0}

    def positions(self) -> dict[int, tuple[float, float]]:
        """Each participant's place on the map (at float32's precision)."""
        return {p: (x, y) for p, x, y in zip(self.ids, self.x, self.y, strict=True)}


def _column(code: str, data: bytes, start: int, n: int) -> tuple[array[Any], int]:
    column = array(code)
    end = start + n * column.itemsize
    column.frombytes(data[start:end])
    if sys.byteorder != "little" and column.itemsize > 1:
        column.byteswap()
    return column, end


def unpack(data: bytes | memoryview | None) -> People:
    """The parts packed by `pack` (nothing yet: no one)."""
    raw = bytes(data or b"")
    if not raw:
        return People(array("q"), array("f"), array("f"), array("b"))
    if raw[: len(MAGIC)] != MAGIC:
        raise ValueError("These are not a conversation's packed results.")
    n = int.from_bytes(raw[len(MAGIC) : _HEAD], "little")
    ids, at = _column("q", raw, _HEAD, n)
    x, at = _column("f", raw, at, n)
    y, at = _column("f", raw, at, n)
    groups, at = _column("b", raw, at, n)
    if at != len(raw) or len(groups) != n:
        raise ValueError("A conversation's packed results are cut short.")
    return People(ids, x, y, groups)


def pack(ids: Any, positions: Any, groups: Any) -> bytes:
    """Pack participant ids, their positions (n × 2) and groups (-1: none). Any order in;
    stored by id. Needs numpy (the worker has it)."""
    import numpy as np

    ids = np.asarray(ids, dtype=np.int64)
    positions = np.asarray(positions, dtype=np.float64).reshape(-1, 2)
    groups = np.asarray(groups, dtype=np.int64)
    if len(groups) and (groups.max() > 127 or groups.min() < -1):
        raise ValueError("A group number does not fit in the packed results.")
    order = np.argsort(ids, kind="stable")
    return b"".join(
        [
            MAGIC,
            len(ids).to_bytes(4, "little"),
            ids[order].astype("<i8").tobytes(),
            positions[order, 0].astype("<f4").tobytes(),
            positions[order, 1].astype("<f4").tobytes(),
            groups[order].astype("i1").tobytes(),
        ]
    )


def summary(results: dict[str, Any]) -> dict[str, Any]:
    """The engine's JSON without its per-person parts (each group keeps its size)."""
    out = {k: v for k, v in results.items() if k not in PERSON_KEYS}
    out["groups"] = [
        {k: v for k, v in g.items() if k != "members"} for g in results.get("groups", [])
    ]
    return out


def from_results(results: dict[str, Any]) -> bytes:
    """The per-person parts of a stored engine JSON (as saved before they were kept
    apart), packed. Someone with a group but no position sits at (0, 0)."""
    positions = {int(p): xy for p, xy in (results.get("projections") or {}).items()}
    groups = {int(p): int(g) for p, g in (results.get("assignments") or {}).items()}
    for group in results.get("groups", []):
        for p in group.get("members", []):
            groups.setdefault(int(p), int(group["index"]))
    ids = sorted(set(positions) | set(groups))
    return pack(
        ids,
        [positions.get(p, (0.0, 0.0)) for p in ids],
        [groups.get(p, -1) for p in ids],
    )


def into_results(summary_json: dict[str, Any], data: bytes | memoryview | None) -> dict[str, Any]:
    """The engine's JSON again: the summary with the per-person parts put back."""
    people = unpack(data)
    out = dict(summary_json)
    out["projections"] = {str(p): [x, y] for p, (x, y) in people.positions().items()}
    out["assignments"] = {str(p): g for p, g in people.assignments().items()}
    out["groups"] = [{**g, "members": people.members(g["index"])} for g in out.get("groups", [])]
    return out
