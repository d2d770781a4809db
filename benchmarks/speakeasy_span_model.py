"""Can a small model of "warn here", trained on the labelled spans, find the jargon
that the word lists miss in fresh writing? An experiment, not a check.

    .venv/bin/python benchmarks/speakeasy_span_model.py [--train dev held] [--test dev2]
        [--quiet quiet2] [--threshold 0.5] [--noise 2000]

Each word of each labelled sentence (``benchmarks/data/speakeasy-warnings/``) that
passes a cheap filter (the uncommon check's filter of shapes, rarer than
``MAX_ZIPF``, three letters or more, not a name; words in the lists kept) is a
candidate. It is *marked* when it is inside a ``[[ ]]`` span (warn at plain level);
words inside ``{{ }}`` spans (easy read only) are left out of training and scoring.
Each candidate is described by generic features only (``FEATURES``: how common it
is, the word model's score, its shape and ending, its neighbours, and what the
checker already found in its sentence), never by which word it is or which list it
is in. A logistic regression (numpy) is fitted to say whether a candidate is marked.

Printed, at each threshold:

- cross-validation grouped by source page on the training sets (no page is in both
  the fitting and the scoring part of a fold): the share of marked spans the model
  alone warns about, the share it adds to what the checker already warns about (and
  to what the kinds of finding no list gives warn about), how many of the spans the
  checker misses have a candidate word at all, the words it adds that no other check
  warns about (marked, and false: outside every span in warn sentences), and the
  quiet sentences it makes noisy; then the threshold chosen by the rule of ``GRID``
  and ``MAX_FALSE``;
- with ``--test``: the model fitted on the training sets, scored on the test sets
  (sets never seen in fitting), the same figures;
- with ``--noise N``: the warnings it adds per 1,000 words of the first N advanced
  sentences of OneStopEnglish (everyday prose), as ``speakeasy_noise.py`` counts.

Never give it ``held2``: that set is held aside (the script refuses it).
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from speakeasy_warnings import DATA, SENTENCE_WIDE, Row, load  # noqa: E402  (benchmarks/ is on the path)

from equalvoice.speakeasy.engine import complexity, lexicon  # noqa: E402
from equalvoice.speakeasy.engine.check import stretch_of  # noqa: E402
from equalvoice.speakeasy.engine.checks import CHECKS, Check, Job  # noqa: E402
from equalvoice.speakeasy.engine.checks.stretch import AT_RARE, Stretch, where  # noqa: E402
from equalvoice.speakeasy.engine.checks.uncommon import (  # noqa: E402
    CONTRACTION_PIECES,
    EVERYDAY_WCL,
)
from equalvoice.speakeasy.engine.report import KINDS  # noqa: E402
from equalvoice.speakeasy.engine.text import sentence_bounds, syllables  # noqa: E402

HELD_ASIDE = frozenset(["held2", "held2-second"])
# The kinds of finding that no word list gives: on the tuning sets, where the lists
# were written from the misses, what these kinds catch is a rough stand-in for what
# the checker catches in fresh writing.
GENERIC = frozenset(["acronym", "uncommon", "passive"])
NOISE = ROOT.parent / "shared" / "data" / "plain-language"
NOISE = NOISE / "onestopenglish-adv-ele-sentence-pairs.txt"


# The facts of a candidate word, in the order of the model's weights.
FEATURES = (
    "zipf",
    "rare_below_4",
    "rare_below_3",
    "word_score",
    "letters",
    "syllables",
    "abstract_ending",
    "latinate_ending",
    "ends_ing",
    "ends_ed",
    "hyphen",
    "after_determiner",
    "next_to_finding",
    "first_word",
    "prev_zipf",
    "next_zipf",
    "next_is_rare",
    "prev_is_rare",
    "sentence_zipf",
    "sentence_length",
    "officialese_sentence",
    "findings_in_sentence",
)
# Candidates are rarer than this (Zipf; the uncommon check's filter at easy read)...
MAX_ZIPF = 4.7
# ... and have at least this many letters.
MIN_LETTERS = 3
# Endings of abstract nouns, and of Latinate words: classes of words, not lists.
ABSTRACT = re.compile(r"(?:tion|sion|ment|ance|ence|ancy|ency|ity|ness|ship|ism)s?$")
LATINATE = re.compile(r"(?:ise|ize|ate|ive|ial|ical|ary|ory|ous|ic|al|ible|able)s?$")
# A word after one of these is likely a noun.
DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "our",
        "your",
        "their",
        "its",
        "his",
        "her",
        "my",
        "of",
        "for",
        "to",
    ]
)
# Findings about a whole sentence say nothing about its words.
_SENTENCE_WIDE_RANKS = frozenset(i for i, kind in enumerate(KINDS) if kind in SENTENCE_WIDE)


def found_spans(job: Job) -> list[tuple[int, int]]:
    """Where each word finding so far starts and ends, sorted by start."""
    kinds, places = len(KINDS), job.places
    out = []
    for at in sorted(job.found_at):
        place, rank = divmod(at, kinds)
        if rank not in _SENTENCE_WIDE_RANKS:
            out.append(divmod(place, places))
    return out


def candidates(
    job: Job, stretch: Stretch, picked: list[int] | None = None, keep_found: bool = False
) -> list[tuple[int, bool, list[float]]]:
    """The candidate words of ``stretch`` (by default those that pass the cheap
    filter, ``picked`` if given) with whether a finding so far touches each (those are
    left out unless ``keep_found``) and their features (in the order of
    ``FEATURES``). Training passes its own ``picked``: the words of the same shapes,
    those in the lists too."""
    words, infos, sents = stretch.words, stretch.infos, stretch.sents
    firsts, stops, of_word = sents.firsts, sents.stops, sents.of_word
    starts, ends = words.starts, words.ends
    if picked is None:
        picked = [
            k
            for k in where(stretch.flags, AT_RARE)
            if (info := infos[k]).zipf < MAX_ZIPF
            and len(info.key) >= MIN_LETTERS
            and (not info.capital or k == firsts[of_word[k]])
        ]
    if not picked:
        return []
    spans = found_spans(job)
    span_starts = [s for s, _ in spans]
    # The word findings of each sentence of a candidate (a finding is in the sentence
    # it starts in).
    in_sentence: dict[int, list[tuple[int, int]]] = {}
    for k in picked:
        si = of_word[k]
        if si not in in_sentence:
            lo = bisect_left(span_starts, sents.starts[si])
            hi = bisect_left(span_starts, sents.ends[si])
            in_sentence[si] = spans[lo:hi]
    word_model = complexity.word_model()
    officialese = stretch.officialese
    sent_zipfs: dict[int, float] = {}
    out: list[tuple[int, bool, list[float]]] = []
    for k in picked:
        si = of_word[k]
        here = in_sentence[si]
        s, e = starts[k], ends[k]
        found = any(a < e and s < b for a, b in here)
        if found and not keep_found:
            continue
        first, stop = firsts[si], stops[si]
        sent_zipf = sent_zipfs.get(si)
        if sent_zipf is None:
            sent_zipf = sent_zipfs[si] = sum(i.zipf for i in infos[first:stop]) / (stop - first)
        # A finding on the word before or after, not on this one.
        before = starts[k - 1] if k > first else s
        after = ends[k + 1] if k + 1 < stop else e
        near = not found and any(a < after and before < b for a, b in here)
        x = features(
            stretch, k, first, stop, sent_zipf, near, len(here), si in officialese, word_model
        )
        out.append((k, found, x))
    return out


def features(
    stretch: Stretch,
    k: int,
    first: int,
    stop: int,
    sent_zipf: float,
    near: bool,
    found_here: int,
    officialese: bool,
    word_model: complexity.WordModel,
) -> list[float]:
    """The features of word ``k`` of ``stretch`` (its sentence's words are ``first``
    to ``stop``), in the order of ``FEATURES``."""
    infos = stretch.infos
    info = infos[k]
    key, z = info.key, info.zipf
    prev_z = infos[k - 1].zipf if k > first else 7.0
    next_z = infos[k + 1].zipf if k + 1 < stop else 7.0
    letters = sum(ch.isalpha() for ch in key)
    score = word_model.score_in_sentence(stretch.words.texts[k], sent_zipf, stop - first)
    return [
        z,
        max(0.0, 4.0 - z),
        max(0.0, 3.0 - z),
        score,
        math.log1p(letters),
        float(syllables(key)),
        1.0 if ABSTRACT.search(key) else 0.0,
        1.0 if LATINATE.search(key) else 0.0,
        1.0 if key.endswith("ing") else 0.0,
        1.0 if key.endswith("ed") else 0.0,
        1.0 if "-" in key else 0.0,
        1.0 if k > first and infos[k - 1].key in DETERMINERS else 0.0,
        1.0 if near else 0.0,
        1.0 if k == first else 0.0,
        prev_z,
        next_z,
        1.0 if next_z < MAX_ZIPF else 0.0,
        1.0 if prev_z < MAX_ZIPF else 0.0,
        sent_zipf,
        min(stop - first, 60) / 20.0,
        1.0 if officialese else 0.0,
        min(found_here, 4) / 2.0,
    ]


# The threshold the model would be used with: the lowest of ``GRID`` at which, in the
# grouped cross-validation on the training sets, the words it warns about outside
# every marked span (and outside the other checks' findings) are at most
# ``MAX_FALSE`` per 1,000 words of the warn sentences.
GRID = tuple(round(0.5 + 0.05 * i, 2) for i in range(9))
MAX_FALSE = 2.0


@dataclass
class Candidate:
    row: str
    source: str
    start: int
    end: int
    word: str
    marked: bool  # inside a [[ ]] span
    span: int  # the number of its span in the row, or -1
    found: bool  # the checker already gives a word finding that overlaps it
    x: list[float]


@dataclass
class Sentence:
    row: Row
    spans_found: list[bool]  # for each [[ ]] span: does the checker warn about it
    spans_generic: list[bool]  # ... by a finding of a kind not from a list (``GENERIC``)
    quiet_found: bool  # the checker gives any finding (a quiet row)
    words: int
    candidates: list[Candidate]


def candidates_of(text: str) -> tuple[list[Candidate], list[tuple[str, int, int]], int]:
    """The candidate words of ``text`` (one labelled sentence, or any text) with their
    features, the checker's findings at plain level, and the number of words."""
    job = Job(text, "plain", ())
    made: list[Check] = [make(job) for make in CHECKS if "plain" in make.levels]
    starts, ends = sentence_bounds(text)
    if not starts:
        return [], [], 0
    stretch = stretch_of(text, starts, ends)
    for one in made:
        one.find(stretch)
    findings = [(f.kind, f.start, f.end) for f in job.findings()]
    words, infos, sents = stretch.words, stretch.infos, stretch.sents
    # The cheap filter: rarer than ``MAX_ZIPF``, three letters or more, only letters
    # (and hyphens or apostrophes), not in capitals (the acronym check's), no capital
    # inside, not a name (a capital letter after the first word), not an everyday
    # British word and not rated simple in the Word Complexity Lexicon: the uncommon
    # check's filter, as the check uses it, but the words in the lists are kept (in
    # the tuning sets most marked words are in a list, written from them; which list
    # a word is in is no feature).
    picked = [
        k
        for k, info in enumerate(infos)
        if info.zipf < MAX_ZIPF
        and len(info.key) >= MIN_LETTERS
        and shape_ok(words.texts[k], info.key)
        and (not info.capital or k == sents.firsts[sents.of_word[k]])
    ]
    out = [
        Candidate("", "", words.starts[k], words.ends[k], words.texts[k], False, -1, found, x)
        for k, found, x in candidates(job, stretch, picked, keep_found=True)
    ]
    return out, findings, len(infos)


def shape_ok(word: str, key: str) -> bool:
    """The uncommon check's filter of word shapes (``uncommon.may_be_uncommon``)
    without its test of the lists."""
    if not all(ch.isalpha() or ch in "-'’" for ch in word) or word.isupper():
        return False
    if any(ch.isupper() for ch in word[1:]) or key in CONTRACTION_PIECES:
        return False
    if lexicon.is_everyday_british(key):
        return False
    rating = complexity.wcl_rating(key)
    return rating is None or rating > EVERYDAY_WCL


def read_set(name: str) -> list[Sentence]:
    if name in HELD_ASIDE:
        raise SystemExit(f"{name} is held aside: never read it here")
    out = []
    for row in load(DATA / f"{name}.tsv"):
        cands, findings, n = candidates_of(row.text)
        word_found = [(s, e) for kind, s, e in findings if kind not in SENTENCE_WIDE]
        plain_spans = [sp for sp in row.spans if sp.category != "easy"]
        easy_spans = [sp for sp in row.spans if sp.category == "easy"]
        kept = []
        for c in cands:
            c.row, c.source = row.id, row.source
            if any(sp.start < c.end and c.start < sp.end for sp in easy_spans):
                continue
            for i, sp in enumerate(plain_spans):
                if sp.start < c.end and c.start < sp.end:
                    c.marked, c.span = True, i
            kept.append(c)
        generic = [(s, e) for kind, s, e in findings if kind in GENERIC]
        spans_found = [
            any(a < sp.end and sp.start < b for a, b in word_found) for sp in plain_spans
        ]
        spans_generic = [any(a < sp.end and sp.start < b for a, b in generic) for sp in plain_spans]
        out.append(Sentence(row, spans_found, spans_generic, bool(findings), n, kept))
    return out


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 3000) -> dict[str, object]:
    """Logistic regression by gradient descent on standardised features, the two
    classes weighted equally; returns the weights as plain numbers."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    pos = max(1, int(y.sum()))
    neg = max(1, len(y) - pos)
    weight = np.where(y == 1, len(y) / (2 * pos), len(y) / (2 * neg))
    w = np.zeros(z.shape[1])
    b = 0.0
    rate = 0.5
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(z @ w + b)))
        g = (p - y) * weight
        w -= rate * (z.T @ g / len(y) + l2 * w / len(y))
        b -= rate * g.mean()
    return {"mean": mean.tolist(), "scale": scale.tolist(), "coef": w.tolist(), "intercept": b}


def predict(model: dict[str, object], x: np.ndarray) -> np.ndarray:
    mean = np.asarray(model["mean"])
    scale = np.asarray(model["scale"])
    w = np.asarray(model["coef"])
    b = float(model["intercept"])  # type: ignore[arg-type]
    return 1.0 / (1.0 + np.exp(-(((x - mean) / scale) @ w + b)))


def matrix(sents: list[Sentence]) -> tuple[np.ndarray, np.ndarray, list[Candidate]]:
    cands = [c for s in sents for c in s.candidates]
    x = np.array([c.x for c in cands], dtype=float).reshape(len(cands), len(FEATURES))
    y = np.array([1.0 if c.marked else 0.0 for c in cands])
    return x, y, cands


@dataclass
class Tally:
    spans: int = 0
    checker: int = 0  # spans the checker already warns about
    model: int = 0  # spans the model warns about (alone)
    union: int = 0  # spans warned about by either
    generic: int = 0  # spans warned about by a finding of a ``GENERIC`` kind
    generic_union: int = 0  # ... or by the model
    unmarked: int = 0  # candidates outside every span in warn rows
    false: int = 0  # of those, warned about by the model and not by the checker
    true: int = 0  # marked candidates warned about by the model and not by the checker
    reachable: int = 0  # spans the checker misses that have a candidate word at all
    warn_words: int = 0
    quiet: int = 0
    quiet_checker: int = 0  # quiet rows the checker leaves quiet
    quiet_both: int = 0  # ... and still quiet with the model


def tally(sents: list[Sentence], probs: dict[int, float], threshold: float) -> Tally:
    t = Tally()
    for s in sents:
        flagged = [c for c in s.candidates if probs[id(c)] >= threshold]
        if s.row.kind == "quiet":
            t.quiet += 1
            if not s.quiet_found:
                t.quiet_checker += 1
                if not flagged:
                    t.quiet_both += 1
            continue
        t.warn_words += s.words
        for i, already in enumerate(s.spans_found):
            by_model = any(c.span == i for c in flagged)
            t.generic += s.spans_generic[i]
            t.generic_union += s.spans_generic[i] or by_model
            t.spans += 1
            t.checker += already
            t.model += by_model
            t.union += already or by_model
            t.reachable += not already and any(c.span == i for c in s.candidates)
        for c in s.candidates:
            if c.marked and probs[id(c)] >= threshold and not c.found:
                t.true += 1
            if not c.marked:
                t.unmarked += 1
                if probs[id(c)] >= threshold and not c.found:
                    t.false += 1
    return t


def show(name: str, t: Tally, threshold: float) -> None:
    def r(a: int, b: int) -> str:
        return f"{a / b:.3f}" if b else "none"

    missed = t.spans - t.checker
    per_1000 = 1000 * t.false / max(1, t.warn_words)
    gained = t.union - t.checker
    print(
        f"  {name:<14} t={threshold:.2f}  spans {t.spans}: checker {r(t.checker, t.spans)}"
        f"  model alone {r(t.model, t.spans)}  both {r(t.union, t.spans)}"
        f"  (gained {gained} of {missed} missed, {t.reachable} with a candidate)"
        f"  generic kinds {r(t.generic, t.spans)} -> {r(t.generic_union, t.spans)}"
        f"  words added: marked {t.true}, false {t.false} ({per_1000:.1f}/1,000 words)"
        f"  quiet plain {r(t.quiet_checker, t.quiet)} -> {r(t.quiet_both, t.quiet)}"
    )


def grouped_cv(sents: list[Sentence], folds: int, thresholds: list[float]) -> float:
    """Print the grouped cross-validation figures at each threshold; return the
    lowest threshold of ``GRID`` at which the false warnings it adds stay at or
    under ``MAX_FALSE`` per 1,000 words of the warn sentences."""
    sources = sorted({s.row.source for s in sents})
    # Deal the pages out to folds in a fixed order (by name), so the run repeats.
    fold_of = {src: i % folds for i, src in enumerate(sources)}
    probs: dict[int, float] = {}
    for f in range(folds):
        train = [s for s in sents if fold_of[s.row.source] != f]
        test = [s for s in sents if fold_of[s.row.source] == f]
        x, y, _ = matrix(train)
        m = fit(x, y)
        xt, _yt, ct = matrix(test)
        if len(ct):
            for c, p in zip(ct, predict(m, xt), strict=True):
                probs[id(c)] = float(p)
    print(f"\nCross-validation grouped by source page ({len(sources)} pages, {folds} folds):")
    for t in thresholds:
        show("grouped CV", tally(sents, probs, t), t)
    for t in GRID:
        got = tally(sents, probs, t)
        if 1000 * got.false / max(1, got.warn_words) <= MAX_FALSE:
            return t
    return GRID[-1]


def noise(model: dict[str, object], limit: int, thresholds: list[float]) -> None:
    blocks = NOISE.read_text("utf-8").split("*******")
    sentences = []
    for block in blocks:
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if len(lines) == 2:
            sentences.append(lines[0])
    sentences = sentences[:limit]
    words = 0
    scored: list[tuple[float, bool]] = []
    for text in sentences:
        cands, _f, n = candidates_of(text)
        words += n
        if cands:
            x = np.array([c.x for c in cands], dtype=float)
            for c, p in zip(cands, predict(model, x), strict=True):
                scored.append((float(p), c.found))
    print(f"\nOneStopEnglish advanced, {len(sentences)} sentences, {words} words:")
    for t in thresholds:
        added = sum(1 for p, found in scored if p >= t and not found)
        print(f"  t={t:.2f}  warnings added {added} ({1000 * added / words:.2f} per 1,000 words)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", nargs="+", default=["dev", "held"])
    parser.add_argument("--test", nargs="*", default=[])
    parser.add_argument("--quiet", nargs="*", default=[], help="sets of quiet rows only")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--threshold", type=float, nargs="+", default=[0.5, 0.7, 0.8, 0.9])
    parser.add_argument("--noise", type=int, default=0)
    parser.add_argument("--weights", action="store_true", help="print the fitted weights")
    args = parser.parse_args(argv)
    train = [s for name in args.train for s in read_set(name)]
    x, y, _ = matrix(train)
    print(
        f"Training sets {' '.join(args.train)}: {len(train)} rows, {len(y)} candidates, "
        f"{int(y.sum())} marked"
    )
    chosen = grouped_cv(train, args.folds, args.threshold)
    model = fit(x, y)
    print(
        f"\nThreshold chosen by the rule (grouped CV, at most {MAX_FALSE} false words per "
        f"1,000): {chosen:.2f}"
    )
    if args.weights:
        print("\nWeights (standardised):")
        for name, c in sorted(zip(FEATURES, model["coef"], strict=True), key=lambda p: -abs(p[1])):  # type: ignore[call-overload]
            print(f"  {name:<22} {c:+.3f}")
    for name in args.test + args.quiet:
        test = read_set(name)
        xt, _yt, ct = matrix(test)
        probs = (
            {id(c): float(p) for c, p in zip(ct, predict(model, xt), strict=True)}
            if len(ct)
            else {}
        )
        print(f"\nFitted on {' '.join(args.train)}, scored on {name} ({len(test)} rows):")
        for t in args.threshold:
            show(name, tally(test, probs, t), t)
    if args.noise:
        noise(model, args.noise, args.threshold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
