"""Long sentences: more than ``LONG_SENTENCE[level]`` words (25 plain, 15 easy read).
The span is the whole sentence."""

from __future__ import annotations

from itertools import compress, count

from .base import Check
from .stretch import Stretch

LONG_SENTENCE = {"plain": 25, "easy_read": 15}


class LongSentences(Check):
    """Flag sentences of more than the level's number of words."""

    kinds = ("long_sentence",)
    __slots__ = ()

    def find(self, stretch: Stretch) -> None:
        """Flag sentences longer than the limit, without visiting the short ones."""
        sents = stretch.sents
        limit = LONG_SENTENCE[self.job.level]
        starts, ends, lengths = sents.starts, sents.ends, sents.lengths
        add = self.job.add
        for si in compress(count(), map(limit.__lt__, lengths)):
            add(
                "long_sentence",
                starts[si],
                ends[si],
                f"This sentence has {lengths[si]} words. Try to use {limit} words or fewer: "
                "split it into shorter sentences.",
            )
