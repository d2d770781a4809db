"""How long the decision tallies take with many votes.

    .venv/bin/python benchmarks/decisions.py [--ballots 10000] [--options 20] [--runs 7]

Ranked choice: --ballots ballots, each a full random ranking of --options options (seeded,
so every run counts the same ballots), tallied by the Schulze method. The aim is well
under one second. Consent: --ballots random consent votes. Each tally is timed with
time.perf_counter over --runs runs after one warm-up run; the median, fastest and slowest
are reported. Making the ballots is not timed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from equalvoice.decisions.tally import ConsentChoice, consent_tally, schulze  # noqa: E402

AIM_SECONDS = 1.0


def timings(fn: Callable[[], object], runs: int) -> list[float]:
    fn()  # warm up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=10_000)
    parser.add_argument("--options", type=int, default=20)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    options = [f"option {i + 1}" for i in range(args.options)]
    ballots = [rng.sample(options, len(options)) for _ in range(args.ballots)]
    votes = rng.choices(list(ConsentChoice), weights=[70, 20, 8, 2], k=args.ballots)

    result = schulze(ballots, options)
    consent = consent_tally(votes)
    ranked = timings(lambda: schulze(ballots, options), args.runs)
    agreed = timings(lambda: consent_tally(votes), args.runs)

    print(f"{args.ballots:,} ballots, {args.options} options, {args.runs} runs each")
    print(f"{'tally':<40} {'median s':>9} {'fastest':>9} {'slowest':>9}")
    for name, times in (
        (f"Schulze, full rankings of {args.options}", ranked),
        ("consent", agreed),
    ):
        print(f"{name:<40} {statistics.median(times):>9.4f} {min(times):>9.4f} {max(times):>9.4f}")
    print()
    median = statistics.median(ranked)
    verdict = "meets" if median < AIM_SECONDS else "MISSES"
    print(f"Schulze median {median:.3f} s {verdict} the aim of under {AIM_SECONDS:.0f} second.")
    print(f"Schulze winners: {', '.join(map(str, result.winners))}; consent: {consent.outcome}.")
    return 0 if median < AIM_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
