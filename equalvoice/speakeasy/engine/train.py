"""Fit the word-complexity and sentence-difficulty models (pure Python).

    python -m equalvoice.speakeasy.engine.train COMPLEX_TSV PAIRS_TXT [--out PATH]

COMPLEX_TSV is the CompLex single-word training file (columns id, corpus, sentence,
token, complexity); PAIRS_TXT is the OneStopEnglish file of advanced/elementary
sentence pairs separated by lines of asterisks. The word model and its thresholds are
fitted on CompLex less its held-aside fold (``held_aside``: a fifth of the rows, by a
seeded hash of the row id), which only benchmarks/speakeasy_words.py reads. The
result is written to
``equalvoice/speakeasy/data/complexity-model.json`` unless ``--out`` says otherwise.
The engine only ever reads that JSON file: the data sets are needed to re-fit, never
at run time. The benchmark (benchmarks/speakeasy_quality.py) uses the same functions
for its cross-validation.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import hashlib
import json
import math
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from . import complexity
from .complexity import SENTENCE_FEATURES, WORD_FEATURES, context_stats, word_features
from .text import make_key

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "data" / "complexity-model.json"
WORD_RIDGE = 3.0
SENTENCE_L2 = 1.0


# --- Data ---------------------------------------------------------------------------


class ComplexRow(NamedTuple):
    """One row of CompLex: a word (``token``) in its sentence, and the mean of its
    annotators' ratings from 0 (very easy) to 1 (very difficult)."""

    id: str
    corpus: str
    sentence: str
    token: str
    complexity: float


# A fifth of CompLex is held aside: never used to fit the shipped model or to choose
# its thresholds, only to report on (benchmarks/speakeasy_words.py). A row is held
# aside when the first four bytes of the SHA-256 of "speakeasy-held:" and its id, read
# as a big-endian number, are a multiple of 5.
HELD_ASIDE_SALT = "speakeasy-held:"


def held_aside(row_id: str) -> bool:
    """Whether the CompLex row ``row_id`` is in the held-aside fold."""
    digest = hashlib.sha256((HELD_ASIDE_SALT + row_id).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 5 == 0


def load_complex_rows(path: str | Path, part: str = "rest") -> list[ComplexRow]:
    """The rows of a CompLex TSV file: ``part`` is "rest" (all but the held-aside
    fold: what we fit and tune on), "held" (the held-aside fold) or "all"."""
    if part not in ("rest", "held", "all"):
        raise ValueError(f"unknown part {part!r}")
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        col = {name: i for i, name in enumerate(header)}
        for r in reader:
            if len(r) < len(header):
                continue
            row = ComplexRow(
                r[col["id"]],
                r[col["corpus"]],
                r[col["sentence"]],
                r[col["token"]],
                float(r[col["complexity"]]),
            )
            if part == "all" or held_aside(row.id) == (part == "held"):
                rows.append(row)
    return rows


def load_complex(path: str | Path, part: str = "rest") -> list[tuple[str, str, float]]:
    """``(sentence, token, complexity)`` rows of a CompLex TSV file (``part`` as for
    ``load_complex_rows``: by default all but the held-aside fold)."""
    return [(r.sentence, r.token, r.complexity) for r in load_complex_rows(path, part)]


def load_pairs(path: str | Path) -> list[tuple[str, str]]:
    """``(advanced, elementary)`` sentence pairs of the OneStopEnglish file."""
    text = Path(path).read_text(encoding="utf-8")
    pairs = []
    block: list[str] = []
    for line in text.splitlines():
        if line.strip() and set(line.strip()) == {"*"}:
            if len(block) == 2:
                pairs.append((block[0], block[1]))
            block = []
        elif line.strip():
            block.append(line.strip())
    if len(block) == 2:
        pairs.append((block[0], block[1]))
    return pairs


def complex_matrix(rows: Sequence[tuple[str, str, float]]) -> tuple[list[list[float]], list[float]]:
    xs, ys = [], []
    for sentence, token, score in rows:
        sent_zipf, sent_len, inside = context_stats(sentence, token)
        xs.append(
            word_features(token, capital_inside=inside, sent_zipf=sent_zipf, sent_length=sent_len)
        )
        ys.append(score)
    return xs, ys


# --- Linear algebra -------------------------------------------------------------------


def solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Solve a small dense system by Gaussian elimination with partial pivoting."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        p = m[col][col]
        if abs(p) < 1e-12:
            continue
        for r in range(col + 1, n):
            f = m[r][col] / p
            if f:
                row_r, row_c = m[r], m[col]
                for c in range(col, n + 1):
                    row_r[c] -= f * row_c[c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        s = m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))
        x[r] = s / m[r][r] if abs(m[r][r]) > 1e-12 else 0.0
    return x


def standardise(xs: Sequence[Sequence[float]]) -> tuple[list[float], list[float]]:
    k = len(xs[0])
    n = len(xs)
    mean = [sum(x[j] for x in xs) / n for j in range(k)]
    scale = []
    for j in range(k):
        var = sum((x[j] - mean[j]) ** 2 for x in xs) / n
        scale.append(math.sqrt(var) if var > 1e-12 else 1.0)
    return mean, scale


def percentile(values: Sequence[float], q: float) -> float:
    s = sorted(values)
    if not s:
        return 0.0
    i = min(len(s) - 1, max(0, round(q * (len(s) - 1))))
    return s[i]


def ridge_fit(
    xs: Sequence[Sequence[float]], ys: Sequence[float], lam: float, names: Sequence[str]
) -> dict[str, Any]:
    """Ridge regression on standardised features; returns the JSON-able model."""
    mean, scale = standardise(xs)
    k = len(mean)
    z = [[(x[j] - mean[j]) / scale[j] for j in range(k)] for x in xs]
    ybar = sum(ys) / len(ys)
    a = [[0.0] * k for _ in range(k)]
    b = [0.0] * k
    for row, y in zip(z, ys, strict=True):
        yc = y - ybar
        for i in range(k):
            ri = row[i]
            b[i] += ri * yc
            ai = a[i]
            for j in range(i, k):
                ai[j] += ri * row[j]
    for i in range(k):
        for j in range(i):
            a[i][j] = a[j][i]
        a[i][i] += lam
    coef = solve(a, b)
    spec: dict[str, Any] = {
        "features": list(names),
        "mean": mean,
        "scale": scale,
        "coef": coef,
        "intercept": ybar,
    }
    preds = [complexity.LinearModel(spec).raw(x) for x in xs]
    spec["lo"] = percentile(preds, 0.01)
    spec["hi"] = percentile(preds, 0.99)
    return spec


def logistic_pairs_fit(
    adv: Sequence[Sequence[float]], ele: Sequence[Sequence[float]], l2: float, names: Sequence[str]
) -> dict[str, Any]:
    """Pairwise logistic regression: P(advanced is harder) = sigmoid(w·(xa − xe)).
    Newton's method on standardised features, no intercept (the task is symmetric)."""
    everything = list(adv) + list(ele)
    mean, scale = standardise(everything)
    k = len(mean)
    diffs = [[(a[j] - e[j]) / scale[j] for j in range(k)] for a, e in zip(adv, ele, strict=True)]
    w = [0.0] * k
    for _ in range(25):
        grad = [-l2 * w[j] for j in range(k)]
        hess = [[(l2 if i == j else 0.0) for j in range(k)] for i in range(k)]
        for d in diffs:
            s = sum(w[j] * d[j] for j in range(k))
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, s))))
            g = 1.0 - p
            h = p * (1.0 - p)
            for i in range(k):
                di = d[i]
                grad[i] += g * di
                hi = hess[i]
                for j in range(i, k):
                    hi[j] += h * di * d[j]
        for i in range(k):
            for j in range(i):
                hess[i][j] = hess[j][i]
        step = solve(hess, grad)
        w = [w[j] + step[j] for j in range(k)]
        if max(abs(s) for s in step) < 1e-6:
            break
    spec: dict[str, Any] = {
        "features": list(names),
        "mean": mean,
        "scale": scale,
        "coef": w,
        "intercept": 0.0,
    }
    raw = [complexity.LinearModel(spec).raw(x) for x in everything]
    spec["lo"] = percentile(raw, 0.02)
    spec["hi"] = percentile(raw, 0.98)
    return spec


def fit_word_model(xs: Sequence[Sequence[float]], ys: Sequence[float]) -> dict[str, Any]:
    """Ridge regression on every word feature, then boosted trees on its residuals
    using the features of the word alone; returns the JSON-able model."""
    spec = ridge_fit(xs, ys, WORD_RIDGE, WORD_FEATURES)
    linear = complexity.LinearModel(spec)
    residual = [y - linear.raw(x) for x, y in zip(xs, ys, strict=True)]
    spec["trees"] = gbm_fit(xs, residual, complexity.TREE_COLUMNS)
    full = complexity.WordModel(spec)
    preds = [full.raw(x) for x in xs]
    spec["lo"] = percentile(preds, 0.01)
    spec["hi"] = percentile(preds, 0.99)
    return spec


def pearson(a: Sequence[float], b: Sequence[float]) -> float:
    n = len(a)
    ma, mb = sum(a) / n, sum(b) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b, strict=True))
    va = sum((x - ma) ** 2 for x in a)
    vb = sum((y - mb) ** 2 for y in b)
    return cov / math.sqrt(va * vb) if va > 0 and vb > 0 else 0.0


def folds(n: int, k: int = 5, seed: int = 2021) -> list[list[int]]:
    idx = list(range(n))
    random.Random(seed).shuffle(idx)
    return [idx[i::k] for i in range(k)]


def word_folds(tokens: Sequence[str], k: int = 5) -> list[list[int]]:
    """``k`` folds of row positions, by word: every row of a word (its look-up key)
    is in the same fold, so a model fitted on the other folds has never seen it."""
    out: list[list[int]] = [[] for _ in range(k)]
    for i, token in enumerate(tokens):
        digest = hashlib.sha256(("speakeasy-fold:" + make_key(token)).encode("utf-8")).digest()
        out[int.from_bytes(digest[:4], "big") % k].append(i)
    return out


# --- Thresholds for the uncommon-word check -------------------------------------------


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def macro_f1(predicted: Sequence[bool], labels: Sequence[bool]) -> float:
    """The mean of the F1 of the hard words and the F1 of the easy ones."""
    tp = sum(1 for p, lab in zip(predicted, labels, strict=True) if p and lab)
    fp = sum(1 for p, lab in zip(predicted, labels, strict=True) if p and not lab)
    fn = sum(1 for p, lab in zip(predicted, labels, strict=True) if lab and not p)
    tn = len(labels) - tp - fp - fn
    return (_f1(tp, fp, fn) + _f1(tn, fn, fp)) / 2


def best_threshold(
    scores: Sequence[float], labels: Sequence[bool], *, macro: bool = False
) -> tuple[float, float]:
    """The score threshold (0.05 to 0.95, in hundredths) with the best F1 for
    ``labels``, or the best macro-F1 (both classes) when ``macro``; returns
    (threshold, F1)."""
    best = (0.5, 0.0)
    for t in [i / 100 for i in range(5, 96)]:
        predicted = [s >= t for s in scores]
        if macro:
            f1 = macro_f1(predicted, labels)
        else:
            tp = sum(1 for p, lab in zip(predicted, labels, strict=True) if p and lab)
            fp = sum(1 for p, lab in zip(predicted, labels, strict=True) if p and not lab)
            f1 = _f1(tp, fp, sum(labels) - tp)
        if f1 > best[1]:
            best = (t, f1)
    return best


# Human CompLex score from which we call a word hard: 0.5 is "neutral" on the 5-point
# scale (very easy 0, easy 0.25, neutral 0.5, difficult 0.75, very difficult 1). Plain
# warns about the words rated "neutral" or harder (its threshold has the best F1 for
# them: jargon and officialese, not everyday words); easy read about every word rated
# above "easy" (its threshold has the best macro-F1, so it also counts how many easy
# words it leaves alone).
PLAIN_HARD = 0.5
EASY_READ_HARD_ABOVE = 0.25


def out_of_fold(
    xs: Sequence[Sequence[float]], ys: Sequence[float], tokens: Sequence[str]
) -> list[float]:
    """The score of each row by a model fitted on the other four folds, by word
    (``word_folds``): scores for words the model has never seen."""
    oof = [0.0] * len(xs)
    for fold in word_folds(tokens):
        held = set(fold)
        tx = [x for i, x in enumerate(xs) if i not in held]
        ty = [y for i, y in enumerate(ys) if i not in held]
        m = complexity.WordModel(fit_word_model(tx, ty))
        for i in fold:
            oof[i] = m.scaled(xs[i])
    return oof


def fit_all(complex_path: str | Path, pairs_path: str | Path, out: Path) -> dict[str, Any]:
    """Fit the word model on CompLex less its held-aside fold, choose the thresholds
    out of fold on the same rows, fit the sentence model on the pairs, and write the
    JSON to ``out``."""
    rows = load_complex_rows(complex_path, "rest")
    xs, ys = complex_matrix([(r.sentence, r.token, r.complexity) for r in rows])
    word_spec = fit_word_model(xs, ys)
    # Thresholds, calibrated out of fold so they match scores on unseen words.
    oof = out_of_fold(xs, ys, [r.token for r in rows])
    plain_t, plain_f1 = best_threshold(oof, [y >= PLAIN_HARD for y in ys])
    easy_t, easy_f1 = best_threshold(oof, [y > EASY_READ_HARD_ABOVE for y in ys], macro=True)
    data: dict[str, Any] = {
        "about": (
            "Fitted by python -m equalvoice.speakeasy.engine.train on CompLex "
            "(Shardlow, Cooper and Zampieri, 2020, CC BY 4.0) less its held-aside "
            "fold (train.held_aside), and OneStopEnglish (Vajjala and Lucic, 2018, "
            "CC BY-SA 4.0). Numbers only: no text of either."
        ),
        "word": word_spec,
        "thresholds": {
            "plain": plain_t,
            "easy_read": easy_t,
            "plain_f1": round(plain_f1, 4),
            "easy_read_macro_f1": round(easy_f1, 4),
            "plain_hard_from": PLAIN_HARD,
            "easy_read_hard_above": EASY_READ_HARD_ABOVE,
            "fitted_on_rows": len(rows),
        },
    }
    # The sentence model uses the word model, so install that first.
    data["sentence"] = {
        "features": list(SENTENCE_FEATURES),
        "mean": [0.0] * len(SENTENCE_FEATURES),
        "scale": [1.0] * len(SENTENCE_FEATURES),
        "coef": [0.0] * len(SENTENCE_FEATURES),
        "intercept": 0.0,
    }
    complexity.use_model(data)
    pairs = load_pairs(pairs_path)
    adv = [complexity.sentence_features(a) for a, _ in pairs]
    ele = [complexity.sentence_features(e) for _, e in pairs]
    data["sentence"] = logistic_pairs_fit(adv, ele, SENTENCE_L2, SENTENCE_FEATURES)
    out.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    complexity.use_model(data)
    return data


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("complex", help="CompLex single-word training TSV")
    parser.add_argument("pairs", help="OneStopEnglish advanced/elementary pairs")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    data = fit_all(args.complex, args.pairs, args.out)
    th = data["thresholds"]
    print(f"wrote {args.out}")
    print(f"fitted on {th['fitted_on_rows']} CompLex rows (the held-aside fold left out)")
    print(f"uncommon thresholds: plain {th['plain']} (F1 {th['plain_f1']}),", end=" ")
    print(f"easy read {th['easy_read']} (macro-F1 {th['easy_read_macro_f1']})")
    return 0


# --- Small gradient-boosted trees (pure Python) ------------------------------------


def _bin_edges(values: Sequence[float], bins: int) -> list[float]:
    s = sorted(set(values))
    if len(s) <= bins:
        return [(a + b) / 2 for a, b in zip(s, s[1:], strict=False)]
    out: list[float] = []
    for i in range(1, bins):
        v = percentile(values, i / bins)
        if not out or v > out[-1]:
            out.append(v)
    return out


def gbm_fit(
    xs: Sequence[Sequence[float]],
    residual: Sequence[float],
    columns: Sequence[int],
    *,
    trees: int = 120,
    depth: int = 3,
    rate: float = 0.08,
    min_leaf: int = 30,
    bins: int = 24,
) -> list[Any]:
    """Least-squares boosting of small trees on ``residual``, using the feature
    ``columns`` only. Each tree is a nested list ``[column, threshold, left, right]``
    with floats at the leaves."""
    n = len(xs)
    edges = {c: _bin_edges([x[c] for x in xs], bins) for c in columns}

    binned = {c: [bisect.bisect_right(edges[c], x[c]) for x in xs] for c in columns}
    r = list(residual)
    forest: list[Any] = []

    def build(idx: list[int], d: int) -> Any:
        total = sum(r[i] for i in idx)
        if d == 0 or len(idx) < 2 * min_leaf:
            return rate * total / len(idx)
        best = None
        base = total * total / len(idx)
        for c in columns:
            nb = len(edges[c]) + 1
            sums = [0.0] * nb
            counts = [0] * nb
            bc = binned[c]
            for i in idx:
                b = bc[i]
                sums[b] += r[i]
                counts[b] += 1
            ls, lc = 0.0, 0
            for b in range(nb - 1):
                ls += sums[b]
                lc += counts[b]
                rc = len(idx) - lc
                if lc < min_leaf or rc < min_leaf:
                    continue
                gain = ls * ls / lc + (total - ls) ** 2 / rc - base
                if best is None or gain > best[0]:
                    best = (gain, c, b)
        if best is None:
            return rate * total / len(idx)
        _, c, b = best
        left = [i for i in idx if binned[c][i] <= b]
        right = [i for i in idx if binned[c][i] > b]
        return [c, edges[c][b], build(left, d - 1), build(right, d - 1)]

    all_idx = list(range(n))
    for _ in range(trees):
        tree = build(all_idx, depth)
        forest.append(tree)
        for i in all_idx:
            r[i] -= complexity.tree_predict(tree, xs[i])
    return forest


if __name__ == "__main__":
    sys.exit(main())
