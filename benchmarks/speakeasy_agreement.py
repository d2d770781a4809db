"""How far do two people labelling the same sentences agree, and how does speakeasy do
on what they agree on?

    .venv/bin/python benchmarks/speakeasy_agreement.py [FIRST SECOND]

Reads two labellings of the same sentences in the format of
``benchmarks/data/speakeasy-warnings/`` (by default ``held2.tsv`` and
``held2-second.tsv``: the same 212 sentences, marked by two labellers who did not see
each other's marks or the checker). Prints, at plain level (the ``[[ ]]`` spans):

- how many of each labeller's spans the other marked too (any overlap), by the first's
  category; and how often they agree that a sentence needs no plain-level warning;
- the checker's jargon recall on the first labeller's spans, on the second's, and on
  the spans both marked; and the share of sentences both left unmarked at plain level
  that the checker leaves quiet.

The agreement is a ceiling of sorts on recall: a span only one labeller marks is one
that a third reader may not mark either. Totals only: no sentence is printed, so the
held-aside sets stay unread.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from speakeasy_warnings import DATA, Row, Span, load, warned  # noqa: E402  (benchmarks/ is on the path)

from equalvoice.speakeasy import check  # noqa: E402


def plain_spans(row: Row) -> list[Span]:
    return [s for s in row.spans if s.category != "easy"]


def overlaps(span: Span, others: list[Span]) -> bool:
    return any(o.start < span.end and span.start < o.end for o in others)


def share(hit: int, total: int) -> str:
    return f"{hit / total:.3f} ({hit}/{total})" if total else "–"


def pair(first: list[Row], second: list[Row]) -> list[tuple[Row, Row]]:
    by_id = {row.id: row for row in second}
    pairs = []
    for row in first:
        other = by_id.get(row.id)
        if other is None:
            continue
        if other.text != row.text:
            raise SystemExit(f"{row.id}: the two files have different text for this sentence")
        pairs.append((row, other))
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("first", nargs="?", type=Path, default=DATA / "held2.tsv")
    parser.add_argument("second", nargs="?", type=Path, default=DATA / "held2-second.tsv")
    args = parser.parse_args(argv)
    pairs = pair(load(args.first), load(args.second))
    print(f"{len(pairs)} sentences labelled by both ({args.first.name}, {args.second.name})")

    a_hit: Counter[str] = Counter()
    a_all: Counter[str] = Counter()
    b_hit = b_all = 0
    both_quiet = a_quiet = b_quiet = 0
    found_a = found_b = found_both = all_both = 0
    checker_quiet = 0
    for a, b in pairs:
        sa, sb = plain_spans(a), plain_spans(b)
        findings = [(f.kind, f.start, f.end) for f in check(a.text, level="plain").findings]
        for span in sa:
            a_all[span.category] += 1
            agreed = overlaps(span, sb)
            a_hit[span.category] += agreed
            hit = warned(findings, span)
            found_a += hit
            if agreed:
                all_both += 1
                found_both += hit
        for span in sb:
            b_all += 1
            b_hit += overlaps(span, sa)
            found_b += warned(findings, span)
        a_quiet += not sa
        b_quiet += not sb
        if not sa and not sb:
            both_quiet += 1
            checker_quiet += not findings

    total_a = sum(a_all.values())
    print("\nagreement at plain level (any overlap)")
    print(f"  first's spans the second marked too    {share(sum(a_hit.values()), total_a)}")
    for category in sorted(a_all):
        print(f"    {category:<36} {share(a_hit[category], a_all[category])}")
    print(f"  second's spans the first marked too    {share(b_hit, b_all)}")
    print(f"  sentences with no plain mark: first {a_quiet}, second {b_quiet}, both {both_quiet}")
    print("\nspeakeasy at plain level")
    print(f"  recall on the first's spans            {share(found_a, total_a)}")
    print(f"  recall on the second's spans           {share(found_b, b_all)}")
    print(f"  recall on the spans both marked        {share(found_both, all_both)}")
    print(f"  quiet on sentences neither marked      {share(checker_quiet, both_quiet)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
