"""Uncommon words: those the word model (``complexity.word_model``) finds hard in their
sentence, above the level's threshold. Only words rarer than ``UNCOMMON_MAX_ZIPF`` are
scored; names (a capital letter after the first word of the sentence), short forms,
words with digits and words the lists cover are left out.
"""

from __future__ import annotations

import operator
from functools import reduce
from itertools import repeat

from .. import complexity, lexicon
from .base import Check, Job
from .stretch import AT_RARE, Stretch, where

# Words at least this common (Zipf) are never called uncommon.
UNCOMMON_MAX_ZIPF = 4.5
_ZIPF = operator.attrgetter("zipf")


def may_be_uncommon(word: str, key: str, zipf: float) -> bool:
    """Whether ``word`` (look-up key ``key``, Zipf frequency ``zipf``) is scored at
    all: rare enough, four letters or more, only letters (and hyphens or
    apostrophes), not in capitals, and not in a bundled list."""
    return (
        zipf < UNCOMMON_MAX_ZIPF
        and len(key) >= 4
        and (word.isalpha() or all(ch.isalpha() or ch in "-'’" for ch in word))
        and not word.isupper()
        and not any(ch.isupper() for ch in word[1:])
        and key not in lexicon.listed_words()
    )


class Uncommon(Check):
    """Flag the words that the word model finds hard in their sentence."""

    kinds = ("uncommon",)
    __slots__ = ("uncommon_threshold", "word_model")

    def __init__(self, job: Job) -> None:
        self.job = job
        thresholds = complexity.model()["thresholds"]
        self.uncommon_threshold = float(thresholds[job.level])
        self.word_model = complexity.word_model()

    def find(self, stretch: Stretch) -> None:
        """Flag the words that the word model finds hard in their sentence, leaving
        out words in a list match and those with a capital letter after the first
        word of their sentence (a hint of a name)."""
        words, infos, sents, covered = stretch.words, stretch.infos, stretch.sents, stretch.covered
        firsts, of_word, texts = sents.firsts, sents.of_word, words.texts
        cand = [
            k
            for k in where(stretch.flags, AT_RARE)
            if not covered[k] and (not infos[k].capital or k == firsts[of_word[k]])
        ]
        if not cand:
            return
        # The mean Zipf of each sentence (its words' Zipf added from left to right).
        zipfs = list(map(_ZIPF, infos))
        sums = map(
            reduce, repeat(operator.add), map(zipfs.__getitem__, sents.slices()), repeat(0.0)
        )
        sent_zipfs = list(map(operator.truediv, sums, sents.lengths))
        in_sentence = list(map(of_word.__getitem__, cand))
        scores = self.word_model.scores_in_sentences(
            map(texts.__getitem__, cand),
            map(sent_zipfs.__getitem__, in_sentence),
            map(sents.lengths.__getitem__, in_sentence),
        )
        threshold = self.uncommon_threshold
        add = self.job.add
        for k, score in zip(cand, scores, strict=True):
            if score >= threshold:
                add(
                    "uncommon",
                    words.starts[k],
                    words.ends[k],
                    "This is not an everyday word. Use a more common word if you can, "
                    "or explain what it means.",
                )
