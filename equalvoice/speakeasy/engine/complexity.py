"""How hard a word is, and how hard a sentence is.

``word_complexity(word, context)`` is a ridge regression over a few features of the
word (how common it is in English by wordfreq's Zipf scale, its Word Complexity
Lexicon rating when it has one, its length and syllables, capital letters, a Latinate
ending) and of its sentence (length, mean Zipf). The weights were fitted on the
CompLex corpus (SemEval-2021 task 1) by ``python -m equalvoice.speakeasy.engine.train``
and are stored in ``data/complexity-model.json``; the score is the model's prediction
rescaled so that 0 is simple and 1 is complex.

``sentence_difficulty(sentence)`` is a linear score over sentence features (number of
words, letters and syllables a word, mean and highest word complexity, share of
uncommon words, commas and joining words), fitted on the OneStopEnglish pairs so that
the advanced sentence of a pair scores higher than the elementary one.
"""

from __future__ import annotations

import functools
import json
import math
import operator
import re
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Any

from wordfreq import get_frequency_dict, zipf_frequency

from .text import WORD_RE, make_key, syllables

WORD_FEATURES = (
    "zipf",
    "zipf_sq",
    "below3",
    "below4",
    "below5",
    "zipf_base",
    "compound_zipf",
    "family_zipf",
    "unknown",
    "wcl",
    "has_wcl",
    "wcl_x_rare",
    "length",
    "log_length",
    "syllables",
    "latinate",
    "capital",
    "capital_inside",
    "hyphen_or_digit",
    "plural",
    "sent_zipf",
    "sent_length",
    "zipf_minus_sent",
)

SENTENCE_FEATURES = (
    "words",
    "log_words",
    "letters_per_word",
    "syllables_per_word",
    "long_word_share",
    "mean_complexity",
    "max_complexity",
    "hard_word_share",
    "mean_zipf",
    "min_zipf",
    "commas",
    "joining_words",
)

_LATINATE_RE = re.compile(
    r"(?:tion|sion|ment|ity|ism|ous|ive|ance|ence|ology|ise|ize|ical|ate|ary|ory|"
    r"ium|osis|itis|emia|aemia|ectomy|ic)s?$"
)
_JOINING = frozenset(
    [
        "which",
        "who",
        "whom",
        "whose",
        "although",
        "though",
        "whereas",
        "because",
        "while",
        "unless",
        "whether",
        "however",
        "therefore",
        "moreover",
        "furthermore",
        "nevertheless",
        "despite",
    ]
)

_ZIPF: dict[str, float] = {}


@functools.lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    """wordfreq's table of English word frequencies (the one ``zipf_frequency``
    reads)."""
    return get_frequency_dict("en")


def zipf(key: str) -> float:
    """wordfreq's Zipf frequency of a lower-case word (0 when unknown), cached. A
    possessive ("round's") has the frequency of its word: wordfreq counts it apart,
    as a rare word."""
    got = _ZIPF.get(key)
    if got is None:
        word = key[:-2] if key.endswith("'s") and len(key) > 3 else key
        if word.isascii() and word.isalpha() and word.islower():
            # One word as wordfreq's tokenizer would leave it: its own table gives
            # the very same number as ``zipf_frequency``, without the tokenizer.
            freq = _frequencies().get(word)
            got = round(math.log10(freq) + 9.0, 2) if freq else 0.0
        else:
            got = zipf_frequency(word, "en")
        if len(_ZIPF) < 500_000:
            _ZIPF[key] = got
    return got


def _base_zipf(key: str) -> float:
    """The Zipf of the word or of its likely base form, whichever is higher."""
    best = zipf(key)
    cands = []
    if key.endswith("ies") and len(key) > 4:
        cands.append(key[:-3] + "y")
    if key.endswith("es") and len(key) > 4:
        cands.append(key[:-2])
    if key.endswith("s") and len(key) > 3 and not key.endswith("ss"):
        cands.append(key[:-1])
    if key.endswith("ed") and len(key) > 4:
        cands += [key[:-2], key[:-1]]
    if key.endswith("ing") and len(key) > 5:
        cands += [key[:-3], key[:-3] + "e"]
    if key.endswith("ly") and len(key) > 4:
        cands.append(key[:-2])
    for c in cands:
        z = zipf(c)
        if z > best:
            best = z
    return best


# Endings that make a word from another ("kindness" from "kind", "unsuccessful" has
# "successful"), tried from the longest: a word of a common family is easier to read
# than its own frequency says.
_FAMILY_ENDINGS = (
    "ations",
    "ities",
    "ments",
    "ation",
    "ions",
    "ness",
    "ment",
    "less",
    "ship",
    "hood",
    "ised",
    "ized",
    "ists",
    "ings",
    "ally",
    "able",
    "ible",
    "ity",
    "ful",
    "ers",
    "ion",
    "ise",
    "ize",
    "ist",
    "ism",
    "ous",
    "ive",
    "ing",
    "est",
    "er",
    "al",
    "ed",
    "es",
    "ly",
    "s",
    "y",
)


def family_zipf(key: str) -> float:
    """The Zipf of the word or of a word it is made from by a common ending
    ("competitiveness" → "competitive", "observers" → "observe"), whichever is
    higher."""
    best = zipf(key)
    for ending in _FAMILY_ENDINGS:
        if key.endswith(ending) and len(key) - len(ending) >= 3:
            stem = key[: -len(ending)]
            for cand in (stem, stem + "e", stem + "y"):
                z = zipf(cand)
                if z > best:
                    best = z
            if len(stem) > 3 and stem[-1] == stem[-2]:  # "travelling" → "travel"
                z = zipf(stem[:-1])
                if z > best:
                    best = z
    return best


# The most letters of either half of a compound word (English's longest everyday
# words, "internationalisation", have 20).
COMPOUND_PART_MAX = 30


def compound_zipf(key: str) -> float:
    """How common the rarer half of the word is, for the best split into two words
    of three letters or more ("windscreen" → "wind" and "screen"); 0 when there is
    none. A word made of two everyday words is easier than its frequency says. No
    English word splits into halves longer than ``COMPOUND_PART_MAX``, so a longer
    string has none (each try reads the whole string, so trying them all would take
    time growing with the square of its length)."""
    best = 0.0
    if len(key) > 2 * COMPOUND_PART_MAX:
        return best
    for i in range(3, len(key) - 2):
        left, right = key[:i].rstrip("-"), key[i:].lstrip("-")
        if len(left) < 3 or len(right) < 3:
            continue
        z = zipf(left)
        if z > best:
            z = min(z, zipf(right))
            if z > best:
                best = z
    return best


@functools.lru_cache(maxsize=1)
def wcl_table() -> dict[str, float]:
    """Word Complexity Lexicon ratings (1 simple to 6 complex), lower-case keys."""
    path = (
        resources.files("equalvoice.speakeasy")
        .joinpath("data")
        .joinpath("word-complexity-lexicon.tsv")
    )
    sums: dict[str, list[float]] = {}
    for line in path.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 2:
            continue
        try:
            value = float(parts[1])
        except ValueError:
            continue
        sums.setdefault(parts[0].strip().lower(), []).append(value)
    return {k: sum(v) / len(v) for k, v in sums.items()}


def wcl_rating(key: str) -> float | None:
    """The Word Complexity Lexicon rating of the word, or of its singular
    ("sandwiches" → "sandwich", "stories" → "story"); None when it has none."""
    table = wcl_table()
    rating = table.get(key)
    if rating is None and key.endswith("s"):
        rating = table.get(key[:-1])
        if rating is None and key.endswith("ies"):
            rating = table.get(key[:-3] + "y")
        elif rating is None and key.endswith("es"):
            rating = table.get(key[:-2])
    return rating


def _word_part(key: str) -> list[float]:
    z = zipf(key)
    zb = _base_zipf(key)
    rating = wcl_rating(key)
    has = 1.0 if rating is not None else 0.0
    wcl = (rating - 1.0) / 5.0 if rating is not None else 0.0
    letters = sum(1 for ch in key if ch.isalpha())
    return [
        z,
        z * z / 10.0,
        max(0.0, 3.0 - z),
        max(0.0, 4.0 - z),
        max(0.0, 5.0 - z),
        zb,
        compound_zipf(key),
        family_zipf(key),
        1.0 if z == 0.0 else 0.0,
        wcl,
        has,
        wcl * max(0.0, 5.0 - z),
        float(letters),
        math.log1p(letters),
        float(syllables(key)),
        1.0 if _LATINATE_RE.search(key) else 0.0,
    ]


_WORD_PART: dict[str, list[float]] = {}


def word_part(key: str) -> list[float]:
    got = _WORD_PART.get(key)
    if got is None:
        got = _word_part(key)
        if len(_WORD_PART) < 300_000:
            _WORD_PART[key] = got
    return got


def word_features(
    word: str, *, capital_inside: bool, sent_zipf: float, sent_length: int
) -> list[float]:
    """The feature vector of ``word`` (in the order of ``WORD_FEATURES``)."""
    key = make_key(word)
    part = word_part(key)
    capital = 1.0 if word[:1].isupper() else 0.0
    return [
        *part,
        capital,
        1.0 if capital_inside else 0.0,
        1.0 if any(ch.isdigit() or ch == "-" for ch in word) else 0.0,
        1.0 if key.endswith("s") and not key.endswith("ss") else 0.0,
        sent_zipf,
        min(sent_length, 80) / 20.0,
        part[0] - sent_zipf,
    ]


def context_stats(sentence: str, word: str | None = None) -> tuple[float, int, bool]:
    """Mean Zipf and length of a sentence, and whether ``word`` appears in it with a
    capital letter somewhere other than at the start (a hint of a name)."""
    words = [m.group() for m in WORD_RE.finditer(sentence)]
    if not words:
        return 5.0, 0, False
    mean = sum(zipf(make_key(w)) for w in words) / len(words)
    inside = False
    if word is not None:
        lw = word.lower()
        inside = any(w.lower() == lw and w[:1].isupper() for w in words[1:])
    return mean, len(words), inside


# --- The fitted model -------------------------------------------------------------


_OVERRIDE: dict[str, Any] | None = None


@functools.lru_cache(maxsize=1)
def _bundled_model() -> dict[str, Any]:
    path = (
        resources.files("equalvoice.speakeasy").joinpath("data").joinpath("complexity-model.json")
    )
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def model() -> dict[str, Any]:
    """The fitted models and thresholds (data/complexity-model.json)."""
    return _OVERRIDE if _OVERRIDE is not None else _bundled_model()


def use_model(data: dict[str, Any] | None) -> None:
    """Use ``data`` instead of the bundled model in this process (for training and
    cross-validation); ``None`` goes back to the bundled one."""
    global _OVERRIDE
    _OVERRIDE = data
    word_model.cache_clear()
    sentence_model.cache_clear()


class LinearModel:
    """A standardised linear model stored as plain numbers."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.names: list[str] = list(spec["features"])
        mean = spec["mean"]
        scale = spec["scale"]
        coef = spec["coef"]
        # Fold the standardisation into the weights: y = b + sum(w_i * x_i).
        self.weights = [c / s for c, s in zip(coef, scale, strict=True)]
        self.bias = spec["intercept"] - sum(
            c * m / s for c, m, s in zip(coef, mean, scale, strict=True)
        )
        self.lo = float(spec.get("lo", 0.0))
        self.hi = float(spec.get("hi", 1.0))

    def raw(self, x: Sequence[float]) -> float:
        return self.bias + sum(w * v for w, v in zip(self.weights, x, strict=True))

    def scaled(self, x: Sequence[float]) -> float:
        return rescale(self.raw(x), self.lo, self.hi)


def rescale(value: float, lo: float, hi: float) -> float:
    if hi <= lo:
        return 0.0
    return min(1.0, max(0.0, (value - lo) / (hi - lo)))


# The word features that do not depend on the sentence: all but the last three,
# "sent_zipf", "sent_length" and "zipf_minus_sent".
_WORD_ALONE = WORD_FEATURES[:-3]

# Features the boosted trees may use: those of the word alone, so that their part of
# the score can be cached per word.
TREE_COLUMNS = tuple(
    i
    for i, name in enumerate(WORD_FEATURES)
    if name not in ("capital_inside", "sent_zipf", "sent_length", "zipf_minus_sent")
)


def tree_predict(tree: Any, x: Sequence[float]) -> float:
    """Walk one tree stored as nested lists ``[column, threshold, left, right]``."""
    while isinstance(tree, list):
        tree = tree[2] if x[tree[0]] <= tree[1] else tree[3]
    return float(tree)


# Whether ``sum`` adds floats one after another, as CPython before 3.12 does (3.12
# compensates for rounding). Only then can the sum of a word's products be cached and
# continued with the sentence's, giving the very same number as summing them all.
_SUM_IS_SEQUENTIAL = sum([1e16, 1.0, -1e16]) == 0.0


class WordModel(LinearModel):
    """Ridge regression plus a few small boosted trees on its residuals."""

    def __init__(self, spec: dict[str, Any]) -> None:
        super().__init__(spec)
        self.trees: list[Any] = list(spec.get("trees", []))
        self._tree_cache: dict[tuple[float, ...], float] = {}
        self._word_cache: dict[str, tuple[list[float], float, float]] = {}
        self._inside_cache: dict[str, tuple[list[float], float, float]] = {}
        # The weights of "sent_zipf", "sent_length" and "zipf_minus_sent".
        self._sentence_weights = tuple(self.weights[len(_WORD_ALONE) :])

    def tree_sum(self, x: Sequence[float]) -> float:
        if not self.trees:
            return 0.0
        key = tuple(x[i] for i in TREE_COLUMNS)
        got = self._tree_cache.get(key)
        if got is None:
            got = sum(tree_predict(t, x) for t in self.trees)
            if len(self._tree_cache) < 200_000:
                self._tree_cache[key] = got
        return got

    def raw(self, x: Sequence[float]) -> float:
        return super().raw(x) + self.tree_sum(x)

    def _word_alone(self, word: str, inside: bool = False) -> tuple[list[float], float, float]:
        """The features of ``word`` that do not depend on the sentence, the sum of
        their products with the weights, and the trees' sum; cached per word (and
        per ``inside``: whether it has a capital letter inside its sentence)."""
        cache = self._inside_cache if inside else self._word_cache
        got = cache.get(word)
        if got is None:
            x = word_features(word, capital_inside=inside, sent_zipf=0.0, sent_length=0)
            alone = x[: len(_WORD_ALONE)]
            got = (alone, sum(map(operator.mul, self.weights, alone)), self.tree_sum(x))
            if len(cache) < 200_000:
                cache[word] = got
        return got

    def score_in_sentence(
        self, word: str, sent_zipf: float, sent_length: int, inside: bool = False
    ) -> float:
        """``scaled(word_features(word, capital_inside=inside, ...))``, the same
        number, with the parts that depend on the word alone (its features, their
        weighted sum and the trees' sum) cached per word."""
        return self.scores_in_sentences((word,), (sent_zipf,), (sent_length,), inside)[0]

    def scores_in_sentences(
        self,
        words: Iterable[str],
        sent_zipfs: Iterable[float],
        sent_lengths: Iterable[int],
        inside: bool = False,
    ) -> list[float]:
        """``score_in_sentence`` of each word, given the mean Zipf and the length of
        its sentence (three parallel sequences); ``inside`` says that the words have
        a capital letter inside their sentence (all of them, or none)."""
        if len(self.weights) != len(WORD_FEATURES):
            raise ValueError("the word model does not match WORD_FEATURES")
        bias, lo, hi = self.bias, self.lo, self.hi
        if hi <= lo:
            return [rescale(0.0, lo, hi) for _ in zip(words, sent_zipfs, sent_lengths, strict=True)]
        span = hi - lo
        cache = self._inside_cache if inside else self._word_cache
        out: list[float] = []
        append = out.append
        w_zipf, w_length, w_minus = self._sentence_weights
        last_zipf, last_length = math.nan, 0  # of the word before (none: NaN is unequal)
        by_zipf = by_length = length = 0.0
        for word, sent_zipf, sent_length in zip(words, sent_zipfs, sent_lengths, strict=True):
            alone, partial, trees = cache.get(word) or self._word_alone(word, inside)
            if sent_zipf != last_zipf or sent_length != last_length:  # a new sentence
                last_zipf, last_length = sent_zipf, sent_length
                length = min(sent_length, 80) / 20.0
                by_zipf, by_length = w_zipf * sent_zipf, w_length * length
            if _SUM_IS_SEQUENTIAL:
                # The sum ``raw`` makes, in the same order: the word's products, then
                # those of "sent_zipf", "sent_length" and "zipf_minus_sent".
                products = partial + by_zipf + by_length + w_minus * (alone[0] - sent_zipf)
            else:
                x = [*alone, sent_zipf, length, alone[0] - sent_zipf]
                products = sum(map(operator.mul, self.weights, x))
            # As ``raw`` does: the linear part, then the trees; then ``rescale``.
            v = (bias + products + trees - lo) / span
            append(v if 0.0 <= v <= 1.0 else 1.0 if v > 1.0 else 0.0)
        return out


@functools.lru_cache(maxsize=1)
def word_model() -> WordModel:
    return WordModel(model()["word"])


@functools.lru_cache(maxsize=1)
def sentence_model() -> LinearModel:
    return LinearModel(model()["sentence"])


def word_complexity(word: str, context: str | None = None) -> float:
    """How hard ``word`` is to read, from 0 (simple) to 1 (complex).

    ``context`` is the sentence the word stands in, if known: a short sentence of
    common words makes a word look a little easier, and a capital letter in the
    middle of the sentence hints at a name. Features: wordfreq's Zipf frequency for
    English (also of the likely base form), the Word Complexity Lexicon rating when
    the word is in it (Maddela and Xu, 2018), length in letters, syllables, a
    Latinate ending ("-tion", "-ity"...), capital letters, hyphens or digits, and the
    sentence's mean Zipf and length. The weights are a ridge regression fitted on the
    CompLex corpus; see docs/speakeasy.md for how well it does.
    """
    word = word.strip()
    if not word or not any(ch.isalpha() for ch in word):
        return 0.0
    if context:
        sent_zipf, sent_len, inside = context_stats(context, word)
    else:
        sent_zipf, sent_len, inside = 5.0, 0, False
    x = word_features(word, capital_inside=inside, sent_zipf=sent_zipf, sent_length=sent_len)
    return word_model().scaled(x)


def sentence_features(sentence: str) -> list[float]:
    """The feature vector of a sentence (in the order of ``SENTENCE_FEATURES``)."""
    words = [m.group() for m in WORD_RE.finditer(sentence)]
    if not words:
        return [0.0] * len(SENTENCE_FEATURES)
    keys = [make_key(w) for w in words]
    zipfs = [zipf(k) for k in keys]
    n = len(words)
    sent_zipf = sum(zipfs) / n
    wm = word_model()
    comps = []
    for i, w in enumerate(words):
        if not any(ch.isalpha() for ch in w):
            comps.append(0.0)
            continue
        x = word_features(
            w, capital_inside=i > 0 and w[:1].isupper(), sent_zipf=sent_zipf, sent_length=n
        )
        comps.append(wm.scaled(x))
    letters = sum(sum(1 for ch in w if ch.isalnum()) for w in words)
    sylls = sum(syllables(k) for k in keys)
    return [
        float(n),
        math.log1p(n),
        letters / n,
        sylls / n,
        sum(1 for w in words if len(w) >= 7) / n,
        sum(comps) / n,
        max(comps),
        sum(1 for c in comps if c >= 0.5) / n,
        sent_zipf,
        min(zipfs),
        float(sentence.count(",") + sentence.count(";")),
        float(sum(1 for k in keys if k in _JOINING)),
    ]


def sentence_difficulty(sentence: str) -> float:
    """How hard a sentence is to read, from 0 (easy) to 1 (hard).

    A linear score over the sentence's length in words, letters and syllables per
    word, share of long words, the mean and highest ``word_complexity`` of its words,
    the share of hard words, mean and lowest Zipf frequency, commas and joining
    words ("which", "although"...). Weights fitted on OneStopEnglish sentence pairs
    so the advanced version scores higher than the elementary one; see
    docs/speakeasy.md. Only for comparing sentences: it is not a reading age.
    """
    if not sentence or not sentence.strip():
        return 0.0
    return sentence_model().scaled(sentence_features(sentence))
