"""The easy-read warnings on CompLex out of fold, on the rows that are not held aside.

    .venv/bin/python benchmarks/speakeasy_words_oof.py [COMPLEX_TSV]

For choosing changes to the warnings without looking at the held-aside fold
(``benchmarks/speakeasy_words.py`` reports on that one). The rows of CompLex less its
held-aside fold are split in five folds by word (``train.word_folds``); for each fold
the word model is refitted on the other four and installed (``complexity.use_model``,
thresholds as shipped), and the real ``check(sentence, "easy_read")`` is run on the
fold's rows, so every word is scored by a model that has never seen it. Prints the
macro-F1 (a word is hard when its mean rating is above 0.25) of the warnings counted
as ``speakeasy_words.py`` counts them, and with a list finding of several words
counted only for its own hard words, beside the word model alone at the easy-read
threshold. Takes a minute or two.

``--everyday-wcl R`` tries another ``uncommon.EVERYDAY_WCL`` (words rated R or simpler
in the Word Complexity Lexicon are never uncommon; 0 scores them all).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from speakeasy_words import DATA, HARD_ABOVE, locate, warned  # noqa: E402

from equalvoice.speakeasy import word_complexity  # noqa: E402
from equalvoice.speakeasy.engine import complexity, train  # noqa: E402
from equalvoice.speakeasy.engine.checks import uncommon  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("complex", nargs="?", default=DATA / "complex-lcp2021-single-train.tsv")
    parser.add_argument("--everyday-wcl", type=float, default=uncommon.EVERYDAY_WCL)
    args = parser.parse_args()
    uncommon.EVERYDAY_WCL = args.everyday_wcl
    rows = train.load_complex_rows(args.complex, "rest")
    xs, ys = train.complex_matrix([(r.sentence, r.token, r.complexity) for r in rows])
    shipped = complexity.model()
    threshold = float(shipped["thresholds"]["easy_read"])
    labels: list[bool] = []
    counted: dict[str, list[bool]] = {"warnings": [], "phrases by their hard words": []}
    model_alone: list[bool] = []
    try:
        for fold in train.word_folds([r.token for r in rows]):
            held = set(fold)
            spec = train.fit_word_model(
                [x for i, x in enumerate(xs) if i not in held],
                [y for i, y in enumerate(ys) if i not in held],
            )
            complexity.use_model({**shipped, "word": spec})
            for i in fold:
                row = rows[i]
                span = locate(row.sentence, row.token)
                if span is None:
                    continue
                labels.append(row.complexity > HARD_ABOVE)
                counted["warnings"].append(warned(row.sentence, span, "easy_read"))
                counted["phrases by their hard words"].append(
                    warned(row.sentence, span, "easy_read", by_own_words=True)
                )
                word = row.sentence[span[0] : span[1]]
                model_alone.append(word_complexity(word, row.sentence) >= threshold)
    finally:
        complexity.use_model(None)
    hard = sum(labels)
    print(f"CompLex less its held-aside fold, out of fold: {len(labels)} rows, {hard} hard")
    print(f"words rated {uncommon.EVERYDAY_WCL} or simpler in the lexicon never uncommon")
    for what, predicted in counted.items():
        print(f"easy read, {what:28} macro-F1 {train.macro_f1(predicted, labels):.4f}")
    print(
        f"word model alone at {threshold:.2f}            macro-F1 "
        f"{train.macro_f1(model_alone, labels):.4f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
