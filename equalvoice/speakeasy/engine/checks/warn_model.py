"""Words a reader must be warned about at plain level, by a model of "warn here":
a logistic regression fitted on the labelled sentences of
``benchmarks/data/speakeasy-warnings/`` (``benchmarks/speakeasy_span_model.py --write``
writes its weights to ``data/warn-model.json``).

It looks only at the words the uncommon check may score (``Word.rare``: not in a
list, not in capitals, no digit, not an everyday word), of three letters or more,
not names (a capital letter after the first word of the sentence), and not already in
a finding. It describes each by generic facts only (``FEATURES``): how common the
word is, the word model's score, its length, syllables and ending, how common its
neighbours are, and what the other checks found in its sentence. Which word it is,
or which list it is in, is never a feature: the lists already say that, and the
model is for the words they do not know.

It runs last (it reads the other checks' findings) and at plain level only. Its
findings are of the kind "uncommon", with their own message.
"""

from __future__ import annotations

import functools
import json
import math
import re
from bisect import bisect_left
from importlib import resources
from typing import Any, ClassVar

from .. import complexity
from ..report import KINDS
from ..text import syllables
from .base import Check, Job, Level
from .stretch import AT_RARE, Stretch, where

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
SENTENCE_WIDE = frozenset(["long_sentence", "many_ideas"])
_SENTENCE_WIDE_RANKS = frozenset(i for i, kind in enumerate(KINDS) if kind in SENTENCE_WIDE)

MESSAGE = (
    "Readers may not know this word here. Use a more common word if you can, or say what it means."
)


@functools.lru_cache(maxsize=1)
def model() -> dict[str, Any]:
    """The fitted model (``data/warn-model.json``): features, mean, scale, coef,
    intercept and threshold."""
    path = resources.files("equalvoice.speakeasy").joinpath("data").joinpath("warn-model.json")
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError("data/warn-model.json does not match warn_model.FEATURES")
    return data


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


@functools.lru_cache(maxsize=1)
def _weights() -> tuple[list[float], float, float]:
    """The weights with the standardisation folded in, the bias, and the threshold
    as a raw score (the log-odds of the threshold probability)."""
    data = model()
    weights = [c / s for c, s in zip(data["coef"], data["scale"], strict=True)]
    bias = data["intercept"] - sum(
        c * m / s for c, m, s in zip(data["coef"], data["mean"], data["scale"], strict=True)
    )
    p = float(data["threshold"])
    return weights, bias, math.log(p / (1.0 - p))


def probability(x: list[float]) -> float:
    """The model's probability that a reader must be warned about a word with
    features ``x``."""
    weights, bias, _ = _weights()
    raw = bias + sum(w * v for w, v in zip(weights, x, strict=True))
    return 1.0 / (1.0 + math.exp(-raw))


class WarnModel(Check):
    """Flag the words the model of "warn here" picks out, at plain level."""

    kinds = ("uncommon",)
    levels: ClassVar[frozenset[Level]] = frozenset(("plain",))
    __slots__ = ()

    def find(self, stretch: Stretch) -> None:
        found = candidates(self.job, stretch)
        if not found:
            return
        weights, bias, cut = _weights()
        add, starts, ends = self.job.add, stretch.words.starts, stretch.words.ends
        for k, _found, x in found:
            if bias + sum(w * v for w, v in zip(weights, x, strict=True)) >= cut:
                add("uncommon", starts[k], ends[k], MESSAGE)
