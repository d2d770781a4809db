"""How fast is a full update of the opinion engine, and how much memory does it take,
beside red-dwarf on the same votes?

    make bench-venv     # once: .venv-bench, with red-dwarf and this project
    .venv-bench/bin/python benchmarks/opinions_speed.py [--runs 5] [--cases all]
                                                        [--no-reddwarf] [--max-gb 8]

Run with .venv/bin/python instead and the script re-runs itself under .venv-bench when that
venv exists; without it (or with --no-reddwarf) only our columns are filled. red-dwarf is
never installed in .venv.

Cases (--cases takes a comma-separated list of: real, 33k, 100k, all, or folder names):

- real: every conversation in ../shared/data/polis/conversations/ (latest vote of each
  participant on each comment; comments rejected by Polis's moderators moderated out);
- 33k: a synthetic 33,422 participants × 783 statements with 1,900,000 votes, Polis's
  largest real shape;
- 100k: a synthetic 100,000 × 10,000 with 5,000,000 votes.

The synthetic conversations (see `_opinions_data.synthetic`) plant four opinion groups
(45/30/15/10 %) in a 2-D model of agreement, with skewed participation (log-normal votes
per participant, early and popular statements voted on far more) and about 15 % passes.
Both pipelines are scored against the planted groups too (adjusted Rand index).

Each case and pipeline runs in a fresh Python process (a worker: this script with
--worker), which loads the votes from an .npz file the parent wrote, makes the pipeline's
input (ours: the engine's `Votes` arrays; red-dwarf: its list of vote dicts, as its Loader
gives), warms up on a small synthetic conversation, then times --runs full updates from
scratch, each on the whole conversation (after 3 runs, a worker stops once its runs have
taken --budget seconds, 300 by default, so red-dwarf's big case does not take half an
hour):

- ours: `analyse(Votes(...), moderated_out=...)` (no state from an earlier run);
- red-dwarf: `run_pipeline(votes=..., mod_out_statement_ids=..., random_state=0)`, its
  default Polis pipeline (PCA, k-means with k = 2..5 by silhouette, repness, consensus).

Time is the median wall-clock time of the runs, with the median CPU time of the process
beside it (all its threads: NumPy's BLAS may use more than one core; on a busy, shared
machine CPU time is the steadier figure). Ratios are red-dwarf's median over ours, of
wall-clock time and (in brackets) of CPU time.

Memory is the worker's peak resident set size, VmHWM in /proc/self/status: the whole
process (interpreter, libraries, the votes and the pipeline's input, warm-up included).
It is the figure `getrusage(RUSAGE_SELF).ru_maxrss` gives, except that ru_maxrss survives
exec, so a worker started by subprocess (vfork, then exec) would report the parent's peak
when that is higher. Beside it is VmRSS just before the first timed run, so the
difference is what the updates add at their peak.

red-dwarf works on a dense participants × statements matrix (pandas pivot, imputation,
PCA) and measures silhouette on every participant. Before running it, its peak is
estimated as 6 dense float64 copies plus 350 bytes a vote; a case over --max-gb (default
8, the machine is shared) is skipped with the estimate printed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _opinions_data as data  # noqa: E402

MARKER = "RESULT "  # the line of a worker's output that carries its results
GIB = 1024**3
SYNTHETIC = {
    "33k": (33_422, 783, 1_900_000),
    "100k": (100_000, 10_000, 5_000_000),
}


# The worker: one pipeline on one case, in its own process --------------------------


def status_kib(field: str) -> int:
    """A size from /proc/self/status, in KiB: VmRSS (resident now), VmHWM (peak)."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def worker(engine: str, path: Path, runs: int, budget: float) -> dict[str, Any]:
    conversation = data.load(path)
    warm = data.synthetic(300, 40, 4000, seed=1)
    if engine == "ours":
        data.run_ours(warm)
        votes: Any = data.ours_input(conversation)

        def update() -> dict[int, int]:
            return data.run_ours(conversation, votes)[0]
    else:
        data.warnings_off()
        data.run_reddwarf(warm)
        votes = data.reddwarf_input(conversation)

        def update() -> dict[int, int]:
            return data.run_reddwarf(conversation, votes)[0]

    before = status_kib("VmRSS")
    times: list[float] = []
    cpu: list[float] = []
    groups: dict[int, int] = {}
    while len(times) < runs and (len(times) < 3 or sum(times) < budget):
        started, cpu_started = time.perf_counter(), time.process_time()
        groups = update()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    ari, compared = data.agreement(groups, conversation.truth)
    return {
        "times": times,
        "cpu": cpu,
        "rss_before_kib": before,
        "peak_kib": status_kib("VmHWM"),
        "k": len(set(groups.values())),
        "assigned": len(groups),
        "ari_truth": None if conversation.truth == {} else ari,
        "compared": compared,
    }


# The parent: make the cases, run the workers, print the table ------------------------


@dataclass
class Case:
    name: str
    path: Path
    participants: int
    statements: int
    votes: int
    synthetic: bool


def reddwarf_estimate_gib(case: Case) -> float:
    """A rough peak for red-dwarf: six dense float64 copies of the matrix (pivot, reindex,
    moderation copy, imputation, centring, projection input), plus its vote dicts."""
    dense = case.participants * case.statements * 8
    return (6 * dense + 350 * case.votes) / GIB


def make_cases(wanted: list[str], folder: Path) -> list[Case]:
    cases: list[Case] = []
    real = data.conversation_folders([])
    names = {p.name: p for p in real}
    for want in wanted:
        if want in ("real", "all"):
            chosen = real
        elif want in names:
            chosen = [names[want]]
        else:
            chosen = []
        for path in chosen:
            conversation = data.read_conversation(path)
            cases.append(to_case(conversation, folder, synthetic=False))
        if want in SYNTHETIC or want == "all":
            for key in [want] if want in SYNTHETIC else list(SYNTHETIC):
                started = time.perf_counter()
                conversation = data.synthetic(*SYNTHETIC[key], seed=0)
                print(
                    f"(made {conversation.name} in {time.perf_counter() - started:.0f} s)",
                    file=sys.stderr,
                )
                cases.append(to_case(conversation, folder, synthetic=True))
        if not chosen and want not in SYNTHETIC and want not in ("real", "all"):
            raise SystemExit(f"unknown case {want!r}: real, 33k, 100k, all, or a folder name")
    return cases


def to_case(conversation: data.Conversation, folder: Path, synthetic: bool) -> Case:
    path = folder / f"case-{len(list(folder.iterdir()))}.npz"
    data.save(conversation, path)
    participants, statements, votes = conversation.shape
    return Case(conversation.name, path, participants, statements, votes, synthetic)


def run_worker(engine: str, case: Case, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--worker", engine, str(case.path)]
    command += ["--runs", str(args.runs), "--budget", str(args.budget)]
    timeout = args.timeout
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout:.0f} s"}
    for line in done.stdout.splitlines():
        if line.startswith(MARKER):
            result: dict[str, Any] = json.loads(line[len(MARKER) :])
            return result
    tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
    return {"error": f"exit {done.returncode}: {tail[0][:200]}"}


def mib(kib: float) -> str:
    return f"{kib / 1024:,.0f}"


def seconds(t: float) -> str:
    return f"{t:.3f}" if t < 10 else f"{t:.1f}"


def timing(result: dict[str, Any]) -> str:
    """Median wall-clock seconds, and median CPU seconds of the process beside them."""
    text = seconds(statistics.median(result["times"]))
    if result.get("cpu"):
        text += f" ({seconds(statistics.median(result['cpu']))})"
    return text


def report(results: list[tuple[Case, dict[str, Any], dict[str, Any] | None, str]]) -> str:
    head = [
        "case",
        "participants × statements",
        "votes",
        "ours s (CPU s)",
        "ours peak MiB (before)",
        "red-dwarf s (CPU s)",
        "red-dwarf peak MiB (before)",
        "time ratio rd/ours (CPU)",
        "k ours / rd",
        "ARI vs planted ours / rd",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["--:"] * 9) + "|"]
    notes: list[str] = []
    for case, ours, theirs, skipped in results:
        row = [case.name, f"{case.participants:,} × {case.statements:,}", f"{case.votes:,}"]
        if "error" in ours:
            row += ["failed", "–"]
            notes.append(f"{case.name}: ours failed: {ours['error']}")
        else:
            row += [
                timing(ours),
                f"{mib(ours['peak_kib'])} ({mib(ours['rss_before_kib'])})",
            ]
        if theirs is None:
            row += ["skipped", "–", "–"]
            if skipped:
                notes.append(f"{case.name}: red-dwarf skipped: {skipped}")
        elif "error" in theirs:
            row += ["failed", "–", "–"]
            notes.append(f"{case.name}: red-dwarf failed: {theirs['error']}")
        else:
            their_time = statistics.median(theirs["times"])
            ratio = "–"
            if "error" not in ours:
                ratio = f"{their_time / statistics.median(ours['times']):,.1f}×"
                if ours.get("cpu") and theirs.get("cpu"):
                    cpu = statistics.median(theirs["cpu"]) / statistics.median(ours["cpu"])
                    ratio += f" ({cpu:,.1f}×)"
            row += [
                timing(theirs),
                f"{mib(theirs['peak_kib'])} ({mib(theirs['rss_before_kib'])})",
                ratio,
            ]
        k_ours = ours.get("k", "–")
        k_theirs = "–" if theirs is None else theirs.get("k", "–")
        row.append(f"{k_ours} / {k_theirs}")
        if case.synthetic:
            a = ours.get("ari_truth")
            b = None if theirs is None else theirs.get("ari_truth")
            row.append(f"{'–' if a is None else f'{a:.3f}'} / {'–' if b is None else f'{b:.3f}'}")
        else:
            row.append("")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines + [""] + notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed full updates a case")
    parser.add_argument("--cases", default="all", help="real, 33k, 100k, all, or folder names")
    parser.add_argument("--no-reddwarf", action="store_true", help="only our engine")
    parser.add_argument("--max-gb", type=float, default=8.0, help="skip red-dwarf above this")
    parser.add_argument(
        "--budget",
        type=float,
        default=300.0,
        help="after 3 runs, stop a worker's runs once they have taken this many seconds",
    )
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds a worker")
    parser.add_argument("--worker", nargs=2, metavar=("ENGINE", "NPZ"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be 1 or more")

    if args.worker:
        engine, path = args.worker
        result = worker(engine, Path(path), args.runs, args.budget)
        print(MARKER + json.dumps(result), flush=True)
        return 0

    if not args.no_reddwarf:
        data.use_bench_venv()
    missing = None if args.no_reddwarf else data.reddwarf_missing()
    started = time.perf_counter()
    results: list[tuple[Case, dict[str, Any], dict[str, Any] | None, str]] = []
    with tempfile.TemporaryDirectory(prefix="equalvoice-opinions-") as folder:
        cases = make_cases([c.strip() for c in args.cases.split(",") if c.strip()], Path(folder))
        for case in cases:
            print(f"({case.name}: ours…)", file=sys.stderr, flush=True)
            ours = run_worker("ours", case, args)
            theirs: dict[str, Any] | None = None
            skipped = "--no-reddwarf" if args.no_reddwarf else (missing or "")
            if not skipped:
                estimate = reddwarf_estimate_gib(case)
                if estimate > args.max_gb:
                    skipped = (
                        f"estimated peak {estimate:,.0f} GiB (a dense "
                        f"{case.participants:,} × {case.statements:,} float64 matrix is "
                        f"{case.participants * case.statements * 8 / GIB:,.1f} GiB, copied "
                        f"about 6 times) is over --max-gb {args.max_gb:g}"
                    )
                else:
                    print(f"({case.name}: red-dwarf…)", file=sys.stderr, flush=True)
                    theirs = run_worker("reddwarf", case, args)
            results.append((case, ours, theirs, skipped))
    print(
        f"Full update from scratch: median of {args.runs} runs (at least 3 once a worker has "
        f"spent {args.budget:g} s), each pipeline in a fresh process per case; peak = VmHWM "
        "of that process (before = VmRSS just before the first timed run)."
    )
    print(report(results))
    print(f"({time.perf_counter() - started:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
