"""Easy read only: sentences of more than five words with more than one idea: a
semicolon, a joining word after the first word ("because", "which", "but"...), "and",
"or" or "then" followed by a new subject or verb, or three finite verbs or more.
"""

from __future__ import annotations

from typing import ClassVar

from .base import Check, Level
from .stretch import Stretch

_JOINERS = frozenset(
    [
        "because",
        "which",
        "although",
        "though",
        "whereas",
        "unless",
        "while",
        "whilst",
        "but",
        "so",
        "however",
        "therefore",
    ]
)
_SUBJECTS = frozenset(
    ["i", "you", "we", "they", "he", "she", "it", "there", "this", "that", "people"]
)
_AND_OR_THEN = frozenset(["and", "or", "then"])
_FINITE = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "am",
        "will",
        "would",
        "can",
        "could",
        "should",
        "must",
        "may",
        "might",
        "shall",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "won't",
        "can't",
        "don't",
        "doesn't",
        "didn't",
    ]
)
# What may start a new idea after "and", "or" or "then".
_CLAUSE_START = _SUBJECTS | _FINITE


class ManyIdeas(Check):
    """Flag sentences with more than one idea (easy read)."""

    kinds = ("many_ideas",)
    levels: ClassVar[frozenset[Level]] = frozenset(("easy_read",))
    __slots__ = ()

    def find(self, stretch: Stretch) -> None:
        """Flag sentences of more than five words with more than one idea."""
        words = stretch.words
        text, add = self.job.text, self.job.add
        for start, end, lo, hi in stretch.sents.each():
            if hi - lo <= 5:
                continue
            keys = words.keys[lo:hi]
            rest = keys[1:]
            if (
                text.count(";", start, end)
                or not _JOINERS.isdisjoint(rest)
                or any(
                    key in _AND_OR_THEN and following in _CLAUSE_START
                    for key, following in zip(rest, rest[1:], strict=False)
                )
                or sum(map(_FINITE.__contains__, keys)) >= 3
            ):
                add(
                    "many_ideas",
                    start,
                    end,
                    "This sentence may have more than one idea. In easy read, use one idea in "
                    "each sentence: try splitting it.",
                )
