"""Would a "register" model of words help the plain-level warnings? (Issue 24, dev set only.)

    .venv/bin/python benchmarks/speakeasy_register.py

A try at a general feature for recall, chosen on the dev set of
``benchmarks/data/speakeasy-warnings/`` alone (never the held set). Each word of four
letters or more (not a name, not a short form) gets word-only features:

- wordfreq Zipf, and how far below 5.5 it is;
- register: how much more often it stands in OneStopEnglish's advanced sentences than in
  their elementary versions (log-odds, with one added to each count), and whether it
  stands there three times or more (a word the simplifiers take out is formal);
- the Word Complexity Lexicon rating (and whether there is one);
- a Latinate ending ("-tion", "-ment", "-ity", "-ise", "-ate"...), letters, syllables;
- the word model's score out of context (``word_complexity``).

A logistic regression (numpy, L2) learns from the dev sentences which words are marked
as ones a reader must be warned about, with 5 folds by sentence (each word scored by a
model that did not see its sentence): once fitted on every word, once on the words it
would be used on. It is judged where it would be used: on the words no finding covers,
in sentences where a list gave a finding (a kind of writing: officialese), by how many
it would flag and how many of those are marked, at several thresholds. Prints figures
only. The try, its held-aside figure and why it was not kept: docs/speakeasy.md, "A
register model, tried and not kept".
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from speakeasy_warnings import DATA, Row, load  # noqa: E402

from equalvoice.speakeasy import check  # noqa: E402
from equalvoice.speakeasy.engine import complexity  # noqa: E402
from equalvoice.speakeasy.engine.text import syllables, tokens  # noqa: E402

OSE = ROOT.parent / "shared" / "data" / "plain-language"
OSE = OSE / "onestopenglish-adv-ele-sentence-pairs.txt"
LATINATE = (
    "tion", "sion", "ment", "ance", "ence", "ity", "ise", "ize", "ised", "ising", "ate",
    "ated", "ating", "ive", "ory", "ible", "able", "ial", "ual",
)  # fmt: skip
LIST_KINDS = frozenset(["jargon", "explain", "exclusionary", "nominalisation"])


def register_counts(path: Path = OSE) -> tuple[Counter[str], Counter[str]]:
    """How many advanced and elementary OneStopEnglish sentences each word stands in."""
    adv: Counter[str] = Counter()
    ele: Counter[str] = Counter()
    for block in path.read_text("utf-8").split("*******"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if len(lines) != 2:
            continue
        adv.update({t.key for t in tokens(lines[0])})
        ele.update({t.key for t in tokens(lines[1])})
    return adv, ele


def register_table(adv: Counter[str], ele: Counter[str]) -> dict[str, float]:
    """Log-odds of advanced against elementary, for words seen three times or more."""
    return {
        key: round(math.log((adv[key] + 1) / (ele[key] + 1)), 3)
        for key in set(adv) | set(ele)
        if adv[key] + ele[key] >= 3 and key.isalpha()
    }


def features(key: str, register: dict[str, float]) -> list[float]:
    """The word-only features of the word with look-up key ``key`` (see the module)."""
    z = complexity.zipf(key)
    reg = register.get(key)
    wcl = complexity.wcl_rating(key)
    return [
        z,
        max(0.0, 5.5 - z),
        reg if reg is not None else 0.0,
        1.0 if reg is not None else 0.0,
        wcl if wcl is not None else 0.0,
        1.0 if wcl is not None else 0.0,
        1.0 if key.endswith(LATINATE) else 0.0,
        float(len(key)),
        float(syllables(key)),
        complexity.word_complexity(key),
    ]


def candidates(row: Row, findings: list[tuple[str, int, int]]) -> list[tuple[str, bool, bool]]:
    """(key, marked, would be used) for each word of four letters or more of ``row``
    that is not a name or a short form. A word would be used when no finding covers it
    and a list gave a finding in the sentence."""
    listed = any(kind in LIST_KINDS for kind, _, _ in findings)
    out = []
    for n, tok in enumerate(tokens(row.text)):
        word = tok.text
        if len(tok.key) < 4 or not word.isalpha() or word.isupper():
            continue
        if n and word[0].isupper():
            continue  # a name
        marked = any(
            s.start < tok.end and tok.start < s.end for s in row.spans if s.category != "easy"
        )
        covered = any(
            kind not in ("long_sentence", "many_ideas") and start < tok.end and tok.start < end
            for kind, start, end in findings
        )
        out.append((tok.key, marked, listed and not covered))
    return out


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0) -> np.ndarray:
    """Logistic regression by Newton's method, on standardised features (with a bias)."""
    w = np.zeros(x.shape[1])
    for _ in range(30):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + l2 * np.r_[0.0, w[1:]]
        hess = (x.T * (p * (1 - p))) @ x + l2 * np.diag(np.r_[0.0, np.ones(len(w) - 1)])
        w -= np.linalg.solve(hess, grad)
    return w


def main() -> int:
    adv, ele = register_counts()
    register = register_table(adv, ele)
    rows = load(DATA / "dev.tsv")
    data = []  # (row number, key, marked, used, span ids)
    for r, row in enumerate(rows):
        found = [(f.kind, f.start, f.end) for f in check(row.text, level="plain").findings]
        for key, marked, in_use in candidates(row, found):
            data.append((r, key, marked, in_use))
    feats = {key: features(key, register) for _, key, _, _ in data}
    used = np.array([u for _, _, _, u in data])
    y_all = np.array([m for _, _, m, _ in data], dtype=float)
    fold_all = np.array([r % 5 for r, _, _, _ in data])
    print(f"dev words scored: {len(data)}, marked {int(y_all.sum())}; would be used: {used.sum()}")
    print(f"  of which marked (words the check misses now): {int(y_all[used].sum())}")
    for name, train_on, l2 in (("all words", np.ones(len(data), bool), 1.0), ("used", used, 3.0)):
        x_raw = np.array(
            [feats[key] for (_, key, _, _), t in zip(data, train_on, strict=True) if t]
        )
        mean, sd = x_raw.mean(0), x_raw.std(0) + 1e-9
        x = np.c_[np.ones(len(x_raw)), (x_raw - mean) / sd]
        y, fold = y_all[train_on], fold_all[train_on]
        scores = np.zeros(len(x))
        for k in range(5):
            w = fit(x[fold != k], y[fold != k], l2)
            scores[fold == k] = 1 / (1 + np.exp(-(x[fold == k] @ w)))
        in_use = used[train_on]
        print(f"\nfitted on {name}; threshold  flagged  marked  (words used, out of fold)")
        for t in (0.05, 0.1, 0.2, 0.3, 0.4, 0.5):
            hit = in_use & (scores >= t)
            print(f"  {t:.2f}   {hit.sum():5d}   {int(y[hit].sum()):5d}")
    w = fit(x, y)
    names = ["zipf", "below 5.5", "register", "in OSE", "WCL", "has WCL", "Latinate",
             "letters", "syllables", "word model"]  # fmt: skip
    weights = {n: round(float(v), 2) for n, v in zip(names, w[1:], strict=True)}
    print("weights (fitted on the words used, standardised):", weights)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
