"""The whole process, as a person runs it, beside red-dwarf's in the same run: from a Polis
export on disk to the groups written out.

    make bench-venv     # once: .venv-bench, with red-dwarf and this project
    .venv-bench/bin/python benchmarks/opinions_whole.py [--runs 5] [--keep DIR]
                                                        [--ours-python PYTHON]
                                                        [--ours-root DIR] [--no-reddwarf]
                                                        [--also DIR ...] [--no-compile]

It writes a synthetic Polis export of Polis's largest real shape (33,422 people × 783
statements, 1,830,000 votes; see `_opinions_data.synthetic`) in Polis's own format:
`votes.csv` (timestamp, datetime, comment-id, voter-id, vote; in the order cast, which is
not sorted by person) and `comments.csv`. Then it times, one after the other in each
round, so both meet the same load:

- ours: `python -m equalvoice.cli opinions analyse DIR --format json`, the JSON written to
  a file: start-up and imports, reading the export, the update, writing the JSON. Run by
  --ours-python (.venv/bin/python when there is one, else this Python) in --ours-root (this
  checkout). --also DIR times the same command in another checkout's folder as well (an
  older version, say `git archive <commit> equalvoice | tar -x -C DIR`), in the same rounds.
- red-dwarf: a fresh Python (this one, with red-dwarf) that reads `votes.csv` and
  `comments.csv` with the csv module as `_opinions_data.read_conversation` does (the latest
  vote of each person on each comment), runs red-dwarf's Polis pipeline
  (`_opinions_data.run_reddwarf`: PCA, k-means with k by silhouette, repness, consensus)
  and writes each person's group as JSON.

Before timing, each of our checkouts has its bytecode compiled (`python -m compileall
equalvoice`, --no-compile to skip), as `pip install` compiles an installed package's and
as red-dwarf's, numpy's and pyarrow's are in the venvs. Python writes it on a checkout's
first run anyway, unless PYTHONDONTWRITEBYTECODE is set, as it is on our benchmark
machine: there, every run compiled our modules afresh, about 0.02 to 0.03 s of CPU that a
person never pays twice.

For each: the median wall-clock time over --runs rounds, the median CPU time of the
process (user + system, all threads), and the peak resident memory of the process
(ru_maxrss from wait4, the same figure as GNU time's "Maximum resident set size"; the
parent imports nothing big, so the figure is the child's own). The ratio is red-dwarf's
median over ours.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHAPE = (33_422, 783, 1_830_000)  # Polis's largest real conversation, as issue 25 measured


def write_export(folder: Path) -> None:
    """The synthetic conversation as a Polis export folder (votes.csv, comments.csv)."""
    sys.path.insert(0, str(HERE))
    import _opinions_data as data
    import numpy as np

    conversation = data.synthetic(*SHAPE, seed=0)
    n = len(conversation.values)
    order = np.random.default_rng(1).permutation(n)  # the order the votes were cast
    stamps = 1_600_000_000_000 + 37 * np.arange(n, dtype=np.int64)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "votes.csv", "w", encoding="utf-8", newline="") as out:
        out.write("timestamp,datetime,comment-id,voter-id,vote\n")
        rows = zip(
            stamps.tolist(),
            conversation.statements[order].tolist(),
            conversation.participants[order].tolist(),
            conversation.values[order].tolist(),
            strict=True,
        )
        out.writelines(f"{t},Tue Sep 13 12:26:40 UTC 2020,{s},{p},{v}\n" for t, s, p, v in rows)
    with open(folder / "comments.csv", "w", encoding="utf-8", newline="") as out:
        out.write(
            "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        )
        for sid in conversation.statement_ids:
            body = f'"Statement {sid}: buses should run later, ""every"" night"'
            out.write(f"{stamps[0]},Tue Sep 13 12:26:40 UTC 2020,{sid},{sid % 500},0,0,1,{body}\n")


def reddwarf_worker(folder: Path, out: Path) -> None:
    """red-dwarf's whole process: read the export with the csv module, run, write JSON."""
    sys.path.insert(0, str(HERE))
    import _opinions_data as data

    data.warnings_off()
    conversation = data.read_conversation(folder)
    groups, _ = data.run_reddwarf(conversation)
    out.write_text(json.dumps({"assignments": {str(p): g for p, g in groups.items()}}))


def timed(command: list[str], cwd: Path) -> dict[str, Any]:
    """Run a command; its wall-clock time, CPU time and peak resident memory."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    error = child.stderr.read().decode(errors="replace") if child.stderr else ""
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{error[-2000:]}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mib": usage.ru_maxrss / 1024,
    }


def summary(name: str, runs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": name,
        "wall": statistics.median(r["wall"] for r in runs),
        "cpu": statistics.median(r["cpu"] for r in runs),
        "peak_mib": max(r["peak_mib"] for r in runs),
        "walls": [round(r["wall"], 2) for r in runs],
        "cpus": [round(r["cpu"], 2) for r in runs],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="write (or reuse) the export in this folder")
    parser.add_argument("--ours-python", default=None)
    parser.add_argument("--ours-root", type=Path, default=ROOT)
    parser.add_argument("--no-reddwarf", action="store_true")
    parser.add_argument("--also", type=Path, nargs="*", default=[])
    parser.add_argument("--no-compile", action="store_true", help="leave bytecode as it is")
    parser.add_argument("--write", type=Path, help=argparse.SUPPRESS)  # worker modes
    parser.add_argument("--reddwarf-worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:
        write_export(args.write)
        return
    if args.reddwarf_worker:
        reddwarf_worker(*args.reddwarf_worker)
        return

    venv_python = ROOT / ".venv" / "bin" / "python"
    ours_python = args.ours_python or (str(venv_python) if venv_python.exists() else sys.executable)
    reddwarf = not args.no_reddwarf
    if reddwarf:
        import importlib.util

        if importlib.util.find_spec("reddwarf") is None:
            raise SystemExit(
                "red-dwarf is not in this venv: make bench-venv, then run with "
                ".venv-bench/bin/python (or pass --no-reddwarf)"
            )

    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch) / "export"
        if not (folder / "votes.csv").exists():
            started = time.perf_counter()
            subprocess.run([sys.executable, __file__, "--write", str(folder)], check=True)
            print(f"(wrote the export in {time.perf_counter() - started:.0f} s)", file=sys.stderr)
        size = (folder / "votes.csv").stat().st_size / 1024**2
        if not args.no_compile:
            for root in [args.ours_root, *args.also]:
                compile_ = [ours_python, "-m", "compileall", "-q", "equalvoice"]
                subprocess.run(compile_, cwd=root, check=True, stdout=subprocess.DEVNULL)
        ours_out, theirs_out = Path(scratch) / "ours.json", Path(scratch) / "reddwarf.json"
        ours_command = [ours_python, "-m", "equalvoice.cli", "opinions", "analyse"]
        ours_command += [str(folder.resolve()), "--format", "json"]
        shell = ["/bin/sh", "-c", '"$0" "$@" > "$OUT"']  # our JSON to a file, as a person would
        ours_runs: list[dict[str, Any]] = []
        theirs_runs: list[dict[str, Any]] = []
        also_runs: dict[Path, list[dict[str, Any]]] = {root: [] for root in args.also}
        for run in range(args.runs):
            os.environ["OUT"] = str(Path(scratch) / "also.json")
            for root, runs in also_runs.items():
                runs.append(timed([*shell, *ours_command], root))
            os.environ["OUT"] = str(ours_out)
            ours_runs.append(timed([*shell, *ours_command], args.ours_root))
            line = f"run {run + 1}: ours {ours_runs[-1]['wall']:.2f} s"
            line += "".join(
                f", {root.name} {runs[-1]['wall']:.2f} s" for root, runs in also_runs.items()
            )
            if reddwarf:
                command = [
                    sys.executable,
                    __file__,
                    "--reddwarf-worker",
                    str(folder),
                    str(theirs_out),
                ]
                theirs_runs.append(timed(command, ROOT))
                line += f", red-dwarf {theirs_runs[-1]['wall']:.1f} s"
            print(line, file=sys.stderr)
        ours = json.loads(ours_out.read_text())
        theirs = json.loads(theirs_out.read_text()) if reddwarf else None

    people, statements, votes = SHAPE
    print(
        f"\nWhole process on a synthetic Polis export of {people:,} people × {statements:,} "
        f"statements, {votes:,} votes (votes.csv {size:.0f} MiB); median of {args.runs} runs, "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end; "
        f"our bytecode {'as it was' if args.no_compile else 'compiled first'}.\n"
    )
    print(f"ours: {ours['participants']:,} people, {ours['votes']:,} votes, k = {ours['k']}")
    if theirs is not None:
        print(f"red-dwarf: {len(theirs['assignments']):,} people in groups")
    print("\n| process | wall-clock (median) | CPU (median) | peak memory | runs (s) | CPU (s) |")
    print("|---|--:|--:|--:|---|---|")
    rows = [summary("ours: `equalvoice opinions analyse --format json`", ours_runs)]
    rows += [summary(f"ours, from {root}", runs) for root, runs in also_runs.items()]
    if reddwarf:
        rows.append(summary("red-dwarf, reading votes.csv with the csv module", theirs_runs))
    for row in rows:
        print(
            f"| {row['name']} | {row['wall']:.2f} s | {row['cpu']:.2f} s | "
            f"{row['peak_mib']:,.0f} MiB | {', '.join(map(str, row['walls']))} | "
            f"{', '.join(map(str, row['cpus']))} |"
        )
    if reddwarf:
        theirs_row = rows[-1]
        for row in rows[:-1]:
            print(
                f"\nred-dwarf / {row['name'].split(':')[0]}: "
                f"{theirs_row['wall'] / row['wall']:.1f}× wall-clock, "
                f"{theirs_row['cpu'] / row['cpu']:.1f}× CPU, "
                f"{theirs_row['peak_mib'] / row['peak_mib']:.1f}× memory"
            )


if __name__ == "__main__":
    main()
