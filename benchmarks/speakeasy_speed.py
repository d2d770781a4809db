"""How fast is the whole Speakeasy check, beside textstat's Flesch–Kincaid grade?

    .venv/bin/python benchmarks/speakeasy_speed.py [PROSE_FILE] [--runs 5]

PROSE_FILE defaults to the OneStopEnglish sentences in ../shared/data/plain-language/
(any UTF-8 prose will do). We build 1 MB of prose from it, then time, interleaved,
``check(text)`` (every finding kind, plain level) and textstat's
``flesch_kincaid_grade(text)``; each run starts at a different place in the prose,
because textstat caches results by text. Medians are reported. We also time the check
on 100-word paragraphs and report the median per paragraph. Word lists and caches
are warmed up first, as they would be in a running server.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import textstat  # noqa: E402

from equalvoice.speakeasy import check  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "plain-language"
MB = 1_000_000


def prose(path: Path) -> str:
    lines = [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and set(line.strip()) != {"*"}
    ]
    text = " ".join(lines)
    while len(text) < 3 * MB:
        text = text + " " + text
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "prose", nargs="?", default=DATA / "onestopenglish-adv-ele-sentence-pairs.txt"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--paragraphs", type=int, default=300)
    args = parser.parse_args()
    source = prose(Path(args.prose))
    check(source[:20_000])  # warm the word lists and caches
    ours: list[float] = []
    theirs: list[float] = []
    words = 0
    for run in range(args.runs):
        start = source.find(" ", run * 7919) + 1
        text = source[start : start + MB]
        words = len(text.split())
        order = [("ours", check), ("textstat", textstat.flesch_kincaid_grade)]
        if run % 2:
            order.reverse()
        for name, fn in order:
            t0 = time.perf_counter()
            fn(text)  # type: ignore[operator]
            took = time.perf_counter() - t0
            (ours if name == "ours" else theirs).append(took)
    all_words = source.split()
    paras = [" ".join(all_words[i : i + 100]) for i in range(0, 100 * args.paragraphs, 100)]
    per_para = []
    for p in paras:
        t0 = time.perf_counter()
        check(p)
        per_para.append(time.perf_counter() - t0)

    print(f"1 MB of prose ({words} words), {args.runs} interleaved runs, medians")
    print(f"{'what':<40} {'seconds':>8} {'words/s':>10}")
    for name, times in (
        ("speakeasy check (all findings)", ours),
        ("textstat.flesch_kincaid_grade", theirs),
    ):
        med = statistics.median(times)
        print(f"{name:<40} {med:>8.3f} {words / med:>10,.0f}")
    ratio = statistics.median(theirs) / statistics.median(ours)
    print(f"speakeasy is {ratio:.2f}x textstat's speed")
    print()
    med_ms = statistics.median(per_para) * 1000
    p90 = sorted(per_para)[int(0.9 * len(per_para))] * 1000
    print(
        f"100-word paragraphs ({len(paras)}): median {med_ms:.2f} ms, 90th percentile {p90:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
