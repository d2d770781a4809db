"""How good are Speakeasy's word-complexity and sentence-difficulty scores?

    .venv/bin/python benchmarks/speakeasy_quality.py [COMPLEX_TSV] [PAIRS_TXT]

Defaults point at ../shared/data/plain-language/. Two parts:

1. CompLex (SemEval-2021 task 1, single words) less its held-aside fold (which only
   benchmarks/speakeasy_words.py reads): 5-fold cross-validation. In each fold
   the word model is re-fitted on the four training folds only and scored on the
   held-out fold; we report the Pearson correlation with the human scores, beside
   three baselines computed on the same rows: wordfreq Zipf alone (negated, so higher
   means more complex), syllable count and word length.
2. OneStopEnglish pairs (advanced sentence first, elementary second): how often each
   score rates the advanced sentence as harder. Our sentence model is re-fitted per
   fold on the training pairs (5-fold); ARI and Flesch–Kincaid grade need no fitting.
   A tie counts as a miss.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from equalvoice.speakeasy.engine import complexity, train  # noqa: E402
from equalvoice.speakeasy.engine.complexity import SENTENCE_FEATURES  # noqa: E402
from equalvoice.speakeasy.engine.report import Report  # noqa: E402
from equalvoice.speakeasy.engine.text import syllables, tokens  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "plain-language"


def readability(sentence: str) -> tuple[float, float]:
    """(ARI, Flesch–Kincaid grade) of one sentence, with our own counts."""
    toks = tokens(sentence)
    r = Report(
        findings=[],
        sentences=1,
        words=len(toks),
        syllables=sum(syllables(t.key) for t in toks),
        letters=sum(sum(1 for ch in t.text if ch.isalnum()) for t in toks),
    )
    return (r.ari or 0.0, r.fk_grade or 0.0)


def word_part(path: Path) -> list[tuple[str, float, str]]:
    rows = train.load_complex(path)
    xs, ys = train.complex_matrix(rows)
    fold_scores: list[list[float]] = [[] for _ in range(4)]
    for fold in train.folds(len(xs)):
        held = set(fold)
        tx = [x for i, x in enumerate(xs) if i not in held]
        ty = [y for i, y in enumerate(ys) if i not in held]
        model = complexity.WordModel(train.fit_word_model(tx, ty))
        hy = [ys[i] for i in fold]
        ours = [model.scaled(xs[i]) for i in fold]
        zipf = [-xs[i][0] for i in fold]
        syl = [float(syllables(rows[i][1])) for i in fold]
        length = [float(len(rows[i][1])) for i in fold]
        for k, pred in enumerate((ours, zipf, syl, length)):
            fold_scores[k].append(train.pearson(pred, hy))
    names = ["word_complexity (ours)", "wordfreq Zipf (negated)", "syllables", "word length"]
    out = []
    for name, scores in zip(names, fold_scores, strict=True):
        spread = f"{min(scores):.3f} to {max(scores):.3f}"
        out.append((name, statistics.mean(scores), spread))
    return out


def pair_part(path: Path) -> tuple[int, list[tuple[str, float]]]:
    pairs = train.load_pairs(path)
    adv = [complexity.sentence_features(a) for a, _ in pairs]
    ele = [complexity.sentence_features(e) for _, e in pairs]
    hits = 0
    for fold in train.folds(len(pairs)):
        held = set(fold)
        spec = train.logistic_pairs_fit(
            [x for i, x in enumerate(adv) if i not in held],
            [x for i, x in enumerate(ele) if i not in held],
            train.SENTENCE_L2,
            SENTENCE_FEATURES,
        )
        model = complexity.LinearModel(spec)
        hits += sum(1 for i in fold if model.raw(adv[i]) > model.raw(ele[i]))
    ari_hits = fk_hits = 0
    for a, e in pairs:
        ra, rf = readability(a)
        ea, ef = readability(e)
        ari_hits += ra > ea
        fk_hits += rf > ef
    n = len(pairs)
    return n, [
        ("sentence_difficulty (ours, 5-fold)", hits / n),
        ("ARI", ari_hits / n),
        ("Flesch–Kincaid grade", fk_hits / n),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("complex", nargs="?", default=DATA / "complex-lcp2021-single-train.tsv")
    parser.add_argument(
        "pairs", nargs="?", default=DATA / "onestopenglish-adv-ele-sentence-pairs.txt"
    )
    args = parser.parse_args()
    print(f"CompLex: {args.complex}")
    print("5-fold cross-validation, Pearson r with human scores (mean of folds)")
    print(f"{'score':<28} {'Pearson':>8}  {'range over folds':>18}")
    for name, r, spread in word_part(Path(args.complex)):
        print(f"{name:<28} {r:>8.3f}  {spread:>18}")
    print()
    n, rows = pair_part(Path(args.pairs))
    print(f"OneStopEnglish: {args.pairs} ({n} pairs)")
    print("share of pairs where the advanced sentence scores as harder (ties count as misses)")
    print(f"{'score':<36} {'accuracy':>8}")
    for name, acc in rows:
        print(f"{name:<36} {acc:>8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
