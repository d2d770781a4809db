"""How often does Speakeasy warn about words in everyday prose? OneStopEnglish noise.

    .venv/bin/python benchmarks/speakeasy_noise.py [PAIRS_FILE] [--pairs 2000] [--show KIND]

Reads the first ``--pairs`` sentence pairs of OneStopEnglish (news rewritten for
learners: an advanced sentence and its elementary version, pairs separated by lines of
asterisks), checks each sentence alone at both levels, and prints the word findings
(jargon, explain, exclusionary, nominalisation, acronym, uncommon) per 1,000 words,
with the count of each kind. News for learners is not officialese: a change that adds
findings here mostly adds noise. ``--show KIND`` prints the words of that kind found
at plain level in the advanced sentences. No timing.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from equalvoice.speakeasy import check  # noqa: E402
from equalvoice.speakeasy.engine.text import tokens  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "plain-language"
WORD_KINDS = frozenset(
    ["jargon", "explain", "exclusionary", "nominalisation", "acronym", "uncommon"]
)


def pairs(path: Path, limit: int) -> list[tuple[str, str]]:
    """The first ``limit`` (advanced, elementary) sentence pairs of ``path``."""
    out = []
    for block in path.read_text(encoding="utf-8").split("*******"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if len(lines) == 2:
            out.append((lines[0], lines[1]))
    return out[:limit]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "pairs", nargs="?", default=DATA / "onestopenglish-adv-ele-sentence-pairs.txt"
    )
    parser.add_argument("--pairs", dest="limit", type=int, default=2000)
    parser.add_argument("--show", default="")
    args = parser.parse_args()
    chosen = pairs(Path(args.pairs), args.limit)
    print(f"OneStopEnglish: {len(chosen)} pairs; word findings per 1,000 words")
    for name, side in (("advanced", 0), ("elementary", 1)):
        sentences = [pair[side] for pair in chosen]
        words = sum(1 for s in sentences for _ in tokens(s))
        for level in ("plain", "easy_read"):
            found: Counter[str] = Counter()
            shown = []
            for sentence in sentences:
                for f in check(sentence, level).findings:
                    if f.kind in WORD_KINDS:
                        found[f.kind] += 1
                        if f.kind == args.show and level == "plain" and side == 0:
                            shown.append(f.text)
            rate = 1000 * sum(found.values()) / words
            kinds = " ".join(f"{k}={v}" for k, v in sorted(found.items()))
            print(f"{name:<11} {level:<10} {rate:6.1f}   {kinds}")
            if shown:
                print("   ", ", ".join(shown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
