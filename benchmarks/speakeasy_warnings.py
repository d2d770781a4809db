"""Does speakeasy warn about the words readers find hard, and leave plain writing alone?

    .venv/bin/python benchmarks/speakeasy_warnings.py [--misses]
        [--set dev|held|dev2|quiet2|held2|both]

Reads the labelled sentences in ``benchmarks/data/speakeasy-warnings/``: ``dev.tsv``,
which we tune on; ``held.tsv``, held aside until 2026-12-07 and tuned on since that
day's third session; ``dev2.tsv``, a fresh set labelled blind on 2026-12-07 (fourth
session), for tuning; ``quiet2.tsv``, quoted plain sentences only (all ``quiet``), for
tuning against false warnings; and ``held2.tsv``, the new held-aside set, never tuned
on (sources and licences in ``SOURCES.md`` there). ``--set both`` (the default) reads
every one of them that is there. Each ``warn`` sentence marks the spans a reader must
be warned about: ``[[words|category]]`` at both levels, ``{{words|easy}}`` at easy read
only. Each ``quiet`` sentence is plain and must get no warning at all.

Each sentence is checked alone with ``check(sentence, level)``, as ``equalvoice
speakeasy --level plain`` checks a file. A marked span is *warned about* when a
finding about words (any kind but the sentence-wide ``long_sentence`` and
``many_ideas``) overlaps it. A quiet sentence is *left quiet* when it gets no finding
of any kind.

Prints, for each set: jargon recall at plain level (the ``[[ ]]`` spans), by category;
recall at easy read (both kinds of span); the share of quiet sentences left quiet at
each level; and the aims of issue 24 (recall >= 0.90 at plain and quiet >= 0.95, on
the held-aside set: ``held2.tsv`` when it is there, else ``held.tsv``). ``--misses``
lists what the tuning sets (dev, held, dev2, quiet2) miss and where they are noisy; it refuses
``held2``, so that nobody tunes on it by accident.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from equalvoice.speakeasy import check  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "speakeasy-warnings"
SENTENCE_WIDE = frozenset(["long_sentence", "many_ideas"])
MARK = re.compile(r"\[\[(.+?)\|(\w+)\]\]|\{\{(.+?)\|easy\}\}")
AIM_RECALL = 0.90
AIM_QUIET = 0.95
# Sets whose misses may be listed and tuned on.
TUNING = frozenset(["dev", "held", "dev2", "quiet2"])
HELD_ASIDE = frozenset(["held2"])  # never list their misses


@dataclass
class Span:
    start: int
    end: int
    category: str  # formal, management, idiom, code, care, other; "easy" at easy read only


@dataclass
class Row:
    id: str
    kind: str  # "warn" or "quiet"
    text: str  # without the marks
    spans: list[Span]
    source: str


def unmark(marked: str) -> tuple[str, list[Span]]:
    """The sentence without its marks, and the marked spans in it."""
    out: list[str] = []
    spans: list[Span] = []
    at = 0  # in ``marked``
    length = 0  # of the text so far
    for m in MARK.finditer(marked):
        before = marked[at : m.start()]
        out.append(before)
        length += len(before)
        words = m.group(1) if m.group(1) is not None else m.group(3)
        category = m.group(2) if m.group(1) is not None else "easy"
        spans.append(Span(length, length + len(words), category))
        out.append(words)
        length += len(words)
        at = m.end()
    out.append(marked[at:])
    return "".join(out), spans


def load(path: Path) -> list[Row]:
    rows = []
    lines = path.read_text("utf-8").splitlines()
    if not lines or lines[0].split("\t") != ["id", "kind", "text", "source"]:
        raise SystemExit(f"{path}: the first line must be the header: id, kind, text, source")
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 4 or parts[1] not in ("warn", "quiet"):
            raise SystemExit(f"{path}, line {n}: four columns, kind 'warn' or 'quiet'")
        text, spans = unmark(parts[2])
        if "[[" in text or "{{" in text or "]]" in text or "}}" in text:
            raise SystemExit(f"{path}, line {n}: a mark is not closed")
        if (parts[1] == "warn") != bool(spans):
            raise SystemExit(f"{path}, line {n}: a warn row needs marks, a quiet row none")
        rows.append(Row(parts[0], parts[1], text, spans, parts[3]))
    return rows


def warned(findings: list[tuple[str, int, int]], span: Span) -> bool:
    return any(
        kind not in SENTENCE_WIDE and start < span.end and span.start < end
        for kind, start, end in findings
    )


@dataclass
class Figures:
    plain_hit: Counter[str]
    plain_all: Counter[str]
    easy_hit: int
    easy_all: int
    quiet_plain: int
    quiet_easy: int
    quiet_all: int
    misses: list[str]
    noisy: list[str]


def measure(rows: list[Row]) -> Figures:
    f = Figures(Counter(), Counter(), 0, 0, 0, 0, 0, [], [])
    for row in rows:
        found = {}
        for level in ("plain", "easy_read"):
            report = check(row.text, level=level)
            found[level] = [(x.kind, x.start, x.end) for x in report.findings]
        if row.kind == "quiet":
            f.quiet_all += 1
            f.quiet_plain += not found["plain"]
            f.quiet_easy += not found["easy_read"]
            for level in ("plain", "easy_read"):
                for kind, start, end in found[level]:
                    f.noisy.append(f"{row.id} {level}: {kind} “{row.text[start:end]}”")
            continue
        for span in row.spans:
            words = row.text[span.start : span.end]
            if span.category != "easy":
                f.plain_all[span.category] += 1
                if warned(found["plain"], span):
                    f.plain_hit[span.category] += 1
                else:
                    f.misses.append(f"{row.id} plain {span.category}: “{words}”")
            f.easy_all += 1
            if warned(found["easy_read"], span):
                f.easy_hit += 1
            else:
                f.misses.append(f"{row.id} easy_read {span.category}: “{words}”")
    return f


def share(hit: int, total: int) -> str:
    return f"{hit / total:.3f} ({hit}/{total})" if total else "none"


def report(name: str, f: Figures) -> tuple[float, float]:
    hit, total = sum(f.plain_hit.values()), sum(f.plain_all.values())
    print(f"\n{name}")
    print(f"  jargon recall, plain level        {share(hit, total)}")
    for category in sorted(f.plain_all):
        got = share(f.plain_hit[category], f.plain_all[category])
        print(f"    {category:<12}                    {got}")
    print(f"  recall at easy read (all spans)   {share(f.easy_hit, f.easy_all)}")
    print(f"  quiet sentences left quiet, plain {share(f.quiet_plain, f.quiet_all)}")
    print(f"  quiet sentences left quiet, easy  {share(f.quiet_easy, f.quiet_all)}")
    recall = hit / total if total else 0.0
    quiet = f.quiet_plain / f.quiet_all if f.quiet_all else 0.0
    return recall, quiet


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--set", choices=("dev", "held", "dev2", "quiet2", "held2", "both"), default="both"
    )
    parser.add_argument(
        "--misses", action="store_true", help="list the misses of a tuning set (never held2)"
    )
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args(argv)
    if args.misses and args.set in HELD_ASIDE:
        parser.error(f"--misses is refused for {args.set}: it is held aside, never tuned on")
    if args.set == "both":
        names: tuple[str, ...] = ("dev", "held")
        for extra in ("dev2", "quiet2", "held2"):
            if (args.data / f"{extra}.tsv").exists():
                names += (extra,)
    else:
        names = (args.set,)
    results = {}
    for name in names:
        path = args.data / f"{name}.tsv"
        if not path.exists():
            print(f"{path} is missing", file=sys.stderr)
            continue
        figures = measure(load(path))
        results[name] = report(f"{name}.tsv", figures)
        if args.misses and name in TUNING:
            print("\n  missed:")
            for line in figures.misses:
                print("   ", line)
            print("  noisy (quiet sentences that got a finding):")
            for line in figures.noisy:
                print("   ", line)
    aimed = next((name for name in ("held2", "held") if name in results), None)
    if aimed is not None:
        recall, quiet = results[aimed]
        print(f"\nAims of issue 24, on {aimed}.tsv:")
        print(
            f"  jargon recall at plain >= {AIM_RECALL:.2f}: {recall:.3f} "
            f"{'met' if recall >= AIM_RECALL else 'NOT met'}"
        )
        print(
            f"  plain sentences left quiet >= {AIM_QUIET:.2f}: {quiet:.3f} "
            f"{'met' if quiet >= AIM_QUIET else 'NOT met'}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
