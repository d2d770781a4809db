"""Would another feature, loss or fit make the word model better? Out of fold only.

    .venv/bin/python benchmarks/speakeasy_words_trials.py [--salts N] [--only NAME ...]

For choosing changes to the word model without looking at CompLex's held-aside fold
(``benchmarks/speakeasy_words.py`` reports on that one). The rows of CompLex less its
held-aside fold are split in five folds by word, as ``train.word_folds`` does, and
again with ``--salts`` other seeds (a word's fold is a hash of the word and the seed),
because one split moves the macro-F1 by about 0.002 either way. For each trial the
word model (ridge regression plus boosted trees, ``train.ridge_fit`` and
``train.gbm_fit`` as ``train.fit_word_model`` calls them) is refitted on four folds
and scores the fifth, so every score is of a word the model has never seen. Printed:
the Pearson correlation with the ratings and the macro-F1 of "score at or above the
shipped easy-read threshold" for the words rated above 0.25 ("easy"), each the mean
over the splits, with the lowest and highest split for the macro-F1, and the
macro-F1 at the best threshold from 0.20 to 0.32 (which flatters every trial alike).

The trials are those of the session of 2026-12-07 (docs/speakeasy.md, "Trials for a
better word model"): features of the word (its OneStopEnglish register, the lexicon
rating of its family, its rarest letter trigram, its Zipf in other languages), of its
sentence (the Zipf of the word before it, whether a determiner comes before it), a
target leaning to the easy-read cut, and other settings of the fit. Pure Python fits:
about three seconds each, so the default (3 splits, 9 trials) takes some minutes.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import statistics
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from wordfreq import get_frequency_dict, zipf_frequency  # noqa: E402

from equalvoice.speakeasy.engine import complexity, train  # noqa: E402
from equalvoice.speakeasy.engine.text import WORD_RE, make_key  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "plain-language"
HARD_ABOVE = train.EASY_READ_HARD_ABOVE

Extra = Callable[[train.ComplexRow], list[float]]


class Trial(NamedTuple):
    name: str
    extra: Extra | None = None  # more features for each row
    trees_use_extra: bool = True  # whether the boosted trees may split on them
    target: Callable[[float], float] | None = None  # fit to this instead of the rating
    blend: float = 0.0  # share of the trial's score blended with the plain model's
    ridge: float = train.WORD_RIDGE
    gbm: dict[str, Any] | None = None


def salted_folds(tokens: Sequence[str], salt: int, k: int = 5) -> list[list[int]]:
    """``train.word_folds`` (salt 0) or the same with another seed."""
    if salt == 0:
        return train.word_folds(tokens, k)
    out: list[list[int]] = [[] for _ in range(k)]
    for i, token in enumerate(tokens):
        text = f"speakeasy-trial-{salt}:" + make_key(token)
        digest = hashlib.sha256(text.encode("utf-8")).digest()
        out[int.from_bytes(digest[:4], "big") % k].append(i)
    return out


def fit_and_score(
    xs: Sequence[Sequence[float]],
    ys: Sequence[float],
    test: Sequence[Sequence[float]],
    trial: Trial,
) -> list[float]:
    """Fit the word model as ``train.fit_word_model`` does (on every column given,
    trees on the word's own columns and the extra ones if allowed) and scale the
    scores of ``test`` between the 1st and 99th percentiles of the training ones."""
    k = len(xs[0])
    names = [f"f{j}" for j in range(k)]
    spec = train.ridge_fit(xs, ys, trial.ridge, names)
    linear = complexity.LinearModel(spec)
    residual = [y - linear.raw(x) for x, y in zip(xs, ys, strict=True)]
    extra_columns = range(len(complexity.WORD_FEATURES), k) if trial.trees_use_extra else ()
    columns = [*complexity.TREE_COLUMNS, *extra_columns]
    spec["trees"] = train.gbm_fit(xs, residual, columns, **(trial.gbm or {}))
    model = complexity.WordModel(spec)
    fitted = [model.raw(x) for x in xs]
    lo, hi = train.percentile(fitted, 0.01), train.percentile(fitted, 0.99)
    return [complexity.rescale(model.raw(x), lo, hi) for x in test]


def out_of_fold(
    xs: Sequence[Sequence[float]], ys: Sequence[float], folds: list[list[int]], trial: Trial
) -> list[float]:
    target = [trial.target(y) for y in ys] if trial.target else list(ys)
    oof = [0.0] * len(xs)
    for fold in folds:
        held = set(fold)
        train_x = [x for i, x in enumerate(xs) if i not in held]
        train_y = [t for i, t in enumerate(target) if i not in held]
        for i, score in zip(
            fold, fit_and_score(train_x, train_y, [xs[i] for i in fold], trial), strict=True
        ):
            oof[i] = score
    return oof


# --- Candidate features ---------------------------------------------------------------


def register_feature(pairs_path: Path) -> Extra:
    """The log-odds of the word in OneStopEnglish's elementary sentences against its
    advanced ones (smoothed): a word the simple versions keep is easier."""
    adv: Counter[str] = Counter()
    ele: Counter[str] = Counter()
    for a, e in train.load_pairs(pairs_path):
        adv.update(make_key(w) for w in WORD_RE.findall(a))
        ele.update(make_key(w) for w in WORD_RE.findall(e))
    n_adv, n_ele = sum(adv.values()), sum(ele.values())

    def extra(row: train.ComplexRow) -> list[float]:
        key = make_key(row.token)
        return [math.log((ele[key] + 0.5) / n_ele) - math.log((adv[key] + 0.5) / n_adv)]

    return extra


def family_rating(row: train.ComplexRow) -> list[float]:
    """The Word Complexity Lexicon rating of the word, or of the word it is made from
    by a common ending ("kindness" → "kind"), and whether there is one."""
    key = make_key(row.token)
    rating = complexity.wcl_rating(key)
    if rating is None:
        for ending in complexity._FAMILY_ENDINGS:
            if key.endswith(ending) and len(key) - len(ending) >= 3:
                stem = key[: -len(ending)]
                for cand in (stem, stem + "e", stem + "y"):
                    rating = complexity.wcl_rating(cand)
                    if rating is not None:
                        break
            if rating is not None:
                break
    return [0.0, 0.0] if rating is None else [(rating - 1.0) / 5.0, 1.0]


def trigram_feature() -> Extra:
    """The rarest letter trigram of the word (log of its share among the trigrams
    that follow its first two letters), counted over wordfreq's 60,000 commonest
    lower-case words by frequency: odd spellings ("ph", "rrh") hint at a learned word."""
    words = sorted(
        (
            (w, f)
            for w, f in get_frequency_dict("en").items()
            if w.isascii() and w.isalpha() and w.islower()
        ),
        key=lambda t: -t[1],
    )[:60000]
    tri: defaultdict[str, float] = defaultdict(float)
    bi: defaultdict[str, float] = defaultdict(float)
    for w, f in words:
        s = "^" + w + "$"
        for i in range(len(s) - 2):
            tri[s[i : i + 3]] += f
            bi[s[i : i + 2]] += f

    def extra(row: train.ComplexRow) -> list[float]:
        s = "^" + make_key(row.token).replace("'", "") + "$"
        logs = [
            math.log((tri[s[i : i + 3]] + 1e-7) / (bi[s[i : i + 2]] + 1e-5))
            for i in range(len(s) - 2)
        ]
        return [min(logs) if logs else 0.0]

    return extra


def other_languages(row: train.ComplexRow) -> list[float]:
    """The word's highest Zipf in French, Spanish, German and Italian (a cognate)."""
    key = make_key(row.token)
    return [max(zipf_frequency(key, lang) for lang in ("fr", "es", "de", "it"))]


_DETERMINERS = frozenset(
    ["the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its", "my"]
    + ["your", "our"]
)


def neighbours(row: train.ComplexRow) -> list[float]:
    """The Zipf of the word before it in the sentence, and whether that is a
    determiner (a hint of a noun)."""
    keys = [make_key(w) for w in WORD_RE.findall(row.sentence)]
    key = make_key(row.token)
    i = keys.index(key) if key in keys else -1
    before = keys[i - 1] if i > 0 else ""
    return [complexity.zipf(before) if before else 5.0, float(before in _DETERMINERS)]


def trials(pairs_path: Path) -> list[Trial]:
    return [
        Trial("as shipped"),
        Trial("+ OneStopEnglish register", register_feature(pairs_path)),
        Trial("+ lexicon rating of the family", family_rating),
        Trial("+ rarest letter trigram", trigram_feature()),
        Trial("+ Zipf in other languages", other_languages),
        Trial("+ word before (Zipf, determiner)", neighbours, trees_use_extra=False),
        Trial(
            "target leaning to the cut, blend 0.3",
            target=lambda y: 1.0 / (1.0 + math.exp(-(y - HARD_ABOVE) / 0.05)),
            blend=0.3,
        ),
        Trial("ridge 30", ridge=30.0),
        Trial("240 trees at rate 0.04", gbm={"trees": 240, "rate": 0.04}),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--complex", default=DATA / "complex-lcp2021-single-train.tsv")
    parser.add_argument("--pairs", default=DATA / "onestopenglish-adv-ele-sentence-pairs.txt")
    parser.add_argument("--salts", type=int, default=3, help="splits by word (first: shipped)")
    parser.add_argument("--only", nargs="*", help="trials whose name contains one of these")
    args = parser.parse_args()
    rows = train.load_complex_rows(args.complex, "rest")
    base_x, ys = train.complex_matrix([(r.sentence, r.token, r.complexity) for r in rows])
    labels = [y > HARD_ABOVE for y in ys]
    threshold = float(complexity.model()["thresholds"]["easy_read"])
    splits = [salted_folds([r.token for r in rows], s) for s in range(args.salts)]
    plain: list[list[float]] = []  # the shipped way's scores, per split (for blends)
    print(f"CompLex less its held-aside fold: {len(rows)} rows; {args.salts} splits by word")
    print(f"{'trial':40} {'Pearson':>8} {'mF1@' + f'{threshold:.2f}':>9} {'range':>15} {'best':>7}")
    for trial in trials(Path(args.pairs)):
        if args.only and trial.name != "as shipped" and not any(o in trial.name for o in args.only):
            continue
        xs = (
            [[*x, *trial.extra(r)] for x, r in zip(base_x, rows, strict=True)]
            if trial.extra
            else base_x
        )
        rs, f1s, bests = [], [], []
        for s, folds in enumerate(splits):
            oof = out_of_fold(xs, ys, folds, trial)
            if trial.name == "as shipped":
                plain.append(oof)
            elif trial.blend:
                oof = [
                    trial.blend * a + (1 - trial.blend) * b
                    for a, b in zip(oof, plain[s], strict=True)
                ]
            rs.append(train.pearson(oof, ys))
            f1s.append(train.macro_f1([v >= threshold for v in oof], labels))
            bests.append(
                max(train.macro_f1([v >= t / 100 for v in oof], labels) for t in range(20, 33))
            )
        spread = f"{min(f1s):.4f}-{max(f1s):.4f}"
        print(
            f"{trial.name:40} {statistics.mean(rs):>8.4f} {statistics.mean(f1s):>9.4f} "
            f"{spread:>15} {statistics.mean(bests):>7.4f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
