"""`equalvoice opinions analyse DIR [--format text|json]`

Reads a Polis export folder (comments.csv with votes.csv or participants-votes.csv),
finds the opinion groups and prints them. Exit 0 on success, 2 with a plain message on a
malformed export. Pure Python: it runs without Django settings."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

import numpy as np

from .engine import ExportError, PolisExport, analyse, read_polis_export
from .engine.result import JSON_KEYS, Maps


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="equalvoice opinions",
        description="Find the opinion groups in a Polis export and what they share.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "analyse", help="Analyse a Polis export folder (comments.csv and votes.csv)."
    )
    run.add_argument("folder", metavar="DIR")
    run.add_argument("--format", choices=["text", "json"], default="text")
    return parser


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "no votes"


def _write_text(out: TextIO, data: dict[str, Any], export: PolisExport) -> None:
    words = {c.id: c.body for c in export.comments}

    def said(sid: int) -> str:
        return f"{sid}. {_short(words.get(sid, '(no text)'))}"

    out.write(
        f"{data['participants']} people, {data['statements']} statements, {data['votes']} votes; "
        f"{data['clustered']} people in groups.\n"
    )
    out.write(f"{data['k']} opinion group{'' if data['k'] == 1 else 's'}.\n")
    for group in data["groups"]:
        out.write(f"\nGroup {group['index'] + 1}: {group['size']} people\n")
        out.write(f"  People: {', '.join(str(p) for p in group['members'])}\n")
        out.write("  What this group stands for:\n")
        for rep in group["representative"]:
            share = rep["agree"] if rep["direction"] == "agree" else rep["disagree"]
            out.write(
                f"    {rep['direction'].capitalize()} ({share} of {rep['votes']}, "
                f"{_percent(share, rep['votes'])}): {said(rep['statement'])}\n"
            )
        if not group["representative"]:
            out.write("    Nothing stands out yet.\n")
    for direction, heading in (("agree", "Most agree"), ("disagree", "Most disagree")):
        out.write(f"\n{heading} (everyone):\n")
        for item in data["consensus"][direction]:
            out.write(f"  {item['count']} of {item['votes']}: {said(item['statement'])}\n")
        if not data["consensus"][direction]:
            out.write("  None yet.\n")
    out.write("\nSupported across the groups (group-informed consensus, best first):\n")
    for item in data["group_consensus"][:5]:
        out.write(f"  {item['geometric_mean']:.2f}: {said(item['statement'])}\n")
    if not data["group_consensus"]:
        out.write("  No groups yet.\n")
    timings = data["timings"]
    out.write(
        f"\nWorked out in {timings['total']:.3f} s (matrix {timings['matrix']:.3f}, "
        f"maps {timings['pca']:.3f}, groups {timings['clusters']:.3f}, "
        f"statements {timings['repness']:.3f}).\n"
    )


def _write_json(out: TextIO, data: dict[str, Any], written: dict[str, str] | None = None) -> None:
    """The result as JSON, one top-level key a line with its value written compactly. (With
    `indent`, the json module encodes in Python rather than C: at 33,422 people that took
    a tenth of a second more, for 200,000 lines nobody reads one by one.) `written`: the
    JSON of some values, already written out (see `_people_json`)."""
    written = written or {}
    last = len(data) - 1
    out.write("{\n")
    for i, (key, value) in enumerate(data.items()):
        text = written[key] if key in written else json.dumps(value)
        out.write(f"  {json.dumps(key)}: {text}{',' if i < last else ''}\n")
    out.write("}\n")


# The map's positions are written with this many decimal places (see `_people_json`).
PLACES = 12


def _people_json(maps: Maps) -> dict[str, str] | None:
    """`assignments` and `projections` as JSON text, written from the arrays with numpy
    rather than from a dict of 33,422 entries by the json module, which spent most of its
    time writing each coordinate's shortest exact decimal (about 0.04 s at Polis's
    largest size). Each position is written to 12 decimal places, trailing zeros
    dropped (3.0, 0.5, -2.821647743955): within 1e-12 of the number, far below any
    distance on the map. The assignments are the same text as the json module's. None
    when an id is negative or a coordinate is not finite or is about 9,007 or more
    (2**53 / 10**12: too large for 12 places in a float's 53 bits): the json module
    then writes both."""
    ids, positions = maps.participant_ids, maps.positions
    if len(ids) == 0 or ids.min() < 0 or not np.isfinite(positions).all():
        return None
    scaled = np.rint(np.abs(positions) * 10**PLACES)
    if scaled.max() >= 2**53:
        return None
    grouped = maps.group_of >= 0
    x, y = _decimal(positions[:, 0], scaled[:, 0]), _decimal(positions[:, 1], scaled[:, 1])
    people = _text(['"', _whole(ids), '": [', *x, ", ", *y, "]"])
    groups = _text(['"', _whole(ids[grouped]), '": ', _whole(maps.group_of[grouped])])
    return {"assignments": "{" + groups + "}", "projections": "{" + people + "}"}


def _whole(numbers: Any) -> Any:
    """Non-negative whole numbers in decimal, one row of ASCII bytes each, right-aligned
    with 0 bytes before (dropped by `_text`)."""
    numbers = np.asarray(numbers, dtype=np.int64)
    width = len(str(int(numbers.max()))) if len(numbers) else 1
    out = np.zeros((len(numbers), width), dtype=np.uint8)
    for place in range(width):
        power = 10 ** (width - 1 - place)
        digit = (numbers // power) % 10
        digit += ord("0")
        if place < width - 1:
            digit[numbers < power] = 0  # no leading zeros
        out[:, place] = digit
    return out


def _decimal(values: Any, scaled: Any) -> list[Any]:
    """Numbers (`scaled`: |value| × 10¹², rounded) to 12 places: sign, whole part, point,
    places without trailing zeros (at least one), as rows of bytes for `_text`."""
    unit = 10**PLACES
    whole = (scaled // unit).astype(np.int64)
    fraction = (scaled - whole * float(unit)).astype(np.int64)
    sign = np.where((values < 0) & (scaled > 0), ord("-"), 0).astype(np.uint8)[:, None]
    places = np.zeros((len(values), PLACES), dtype=np.uint8)
    left = fraction.copy()
    shown = np.zeros(len(values), dtype=bool)  # a non-zero place found, from the right
    for place in range(PLACES - 1, -1, -1):
        digit = left % 10
        left //= 10
        shown |= digit != 0
        places[:, place] = np.where(shown | (place == 0), digit + ord("0"), 0)
    return [sign, _whole(whole), ".", places]


def _text(parts: list[Any]) -> str:
    """One entry per row from the parts (rows of bytes, or the same text for every row),
    joined with ", ", the 0 bytes dropped."""
    rows = next(len(p) for p in parts if not isinstance(p, str))
    columns = []
    for part in parts:
        if isinstance(part, str):
            part = np.broadcast_to(np.frombuffer(part.encode(), dtype=np.uint8), (rows, len(part)))
        columns.append(part)
    columns.append(np.broadcast_to(np.frombuffer(b", ", dtype=np.uint8), (rows, 2)))
    table = np.concatenate(columns, axis=1).ravel()
    return table[table != 0].tobytes().decode("ascii")[:-2]


def main(argv: list[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command with `argv` (without the program name); returns the exit status."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        options = _parser().parse_args(argv)
    except SystemExit as stop:
        return 2 if stop.code else 0
    try:
        export = read_polis_export(options.folder)
    except ExportError as error:
        err.write(f"{error}\n")
        return 2
    result = analyse(
        export.votes,
        statements=sorted(c.id for c in export.comments) or None,
        moderated_out=export.moderated_out,
        meta=export.meta,
    )
    if options.format == "json":
        written = _people_json(result.maps)
        data = result.to_dict(people=written is None)
        if written is not None:  # the same keys in the same order as `to_dict()`
            data["groups"] = [g.to_dict() for g in result.groups]
            data = {key: data.get(key) for key in JSON_KEYS if key in data or key in written}
        _write_json(out, data, written)
    else:
        data = result.to_dict()
        _write_text(out, data, export)
    return 0
