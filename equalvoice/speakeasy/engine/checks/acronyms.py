"""Short forms ("EHCP", "GPs") and codes ("H2", "FY25"). Plain: the first use of one
that is not explained (and not well known, such as "NHS" or "VAT"). Easy read: the
first use of every one but the few that easy read uses too ("NHS", "GP", "TV"). A short
form is explained by the full words in brackets just after it, by the short form in
brackets after the full words, by "EHCP means ..." or "stands for", or by a term of
the lists that explains it; from then on it is not flagged.
"""

from __future__ import annotations

import operator
import re

from .. import lexicon
from ..text import WordSpans
from .base import Check, Job
from .stretch import AT_ACRO, CAPITALS, Stretch, by_sentence, where

_LETTERS_ONLY = operator.attrgetter("letters_only")
_TWO_CAPS_RE = re.compile(r"[A-Z][A-Z0-9]|[A-Z][a-z][A-Z]|\bs\d\d")
_ROMAN = frozenset(
    ["II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "XIII", "XIV", "XV", "XX"]
)


# Codes of one letter and a number that stand for a stretch of time or a part of a
# law: a quarter ("Q3"), a half year ("H2"), a month or period of the financial year
# ("M6", "P7"), a school year ("Y6"), a section ("S117", "s75").
# (Not every letter: "A4" paper and "B12" are everyday.)
_CODE_LETTERS = frozenset("QHMPYS")


def is_roman_number(word: str) -> bool:
    """Whether ``word`` is a Roman number of two letters or more ("II", "XIV"): easy
    read writes ordinary numbers ("World War 2")."""
    return word in _ROMAN


ROMAN_MESSAGE = "Easy read uses ordinary numbers. Write “{number}” instead of “{roman}”."
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def roman_value(roman: str) -> int:
    """The value of a Roman number made of I, V and X ("XIV" is 14)."""
    total = 0
    for i, ch in enumerate(roman):
        value = _ROMAN_VALUES[ch]
        if i + 1 < len(roman) and _ROMAN_VALUES[roman[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


def acronym_core(word: str) -> str:
    """The short form in ``word``, without a possessive ("CCG's", "CCG’s") or a
    plural "s" ("KPIs")."""
    if word[-2:] in ("'s", "’s") and len(word) > 3:
        return word[:-2]
    return word[:-1] if word.endswith("s") and len(word) > 2 else word


def looks_like_acronym(word: str) -> bool:
    """Whether ``word`` (as the word pattern finds it) looks like a short form or a
    code: two capital letters or more, maybe digits ("KPI", "FY25"); one of the code
    letters and a number ("Q3", "H2"); or a short word of mixed capitals ("ToR",
    "QoL"); maybe with a plural "s" or a possessive ("the CCG's plan"); not a Roman
    number."""
    core = acronym_core(word)
    n = len(core)
    if n < 2:
        return False
    if core[0] == "s":  # a section of an Act: "s75", "s117"
        return 3 <= n <= 4 and core[1:].isdigit()
    if not core[0].isupper():
        return False
    if core.isupper():
        return (
            sum(ch.isalpha() for ch in core) >= 2
            and all(ch.isalnum() for ch in core)
            and core not in _ROMAN
        ) or (n <= 4 and core[0] in _CODE_LETTERS and core[1:].isdigit())
    return n <= 4 and core.isalpha() and sum(ch.isupper() for ch in core) >= 2


class Acronyms(Check):
    """Flag short forms, sentence by sentence, once each in the whole text."""

    kinds = ("acronym",)
    __slots__ = ("common", "explained", "acronyms_seen")

    def __init__(self, job: Job) -> None:
        self.job = job
        self.common = (
            lexicon.easy_read_acronyms() if job.level == "easy_read" else lexicon.common_acronyms()
        )
        self.explained: set[str] = set()  # explained so far, in this stretch or before
        self.acronyms_seen: set[str] = set()  # flagged or let go so far

    def find(self, stretch: Stretch) -> None:
        """Flag short forms, sentence by sentence: a term the lists explain, or a
        short form explained here, is explained from then on."""
        words, sents, covered, explains = (
            stretch.words,
            stretch.sents,
            stretch.covered,
            stretch.explains,
        )
        texts, infos = words.texts, stretch.infos
        explained = self.explained
        text, level, add = self.job.text, self.job.level, self.job.add
        done = 0  # the "explain" matches already in ``explained``
        easy = level == "easy_read"
        for si, positions in by_sentence(where(stretch.flags, AT_ACRO), sents):
            while done < len(explains) and explains[done][0] <= si:
                explained.update(explains[done][1])
                done += 1
            lo, hi, end = sents.firsts[si], sents.stops[si], sents.ends[si]
            if _TWO_CAPS_RE.search(text, sents.starts[si], end) is None:
                continue
            # The words of letters alone (two or more), and those in capitals.
            capitals, letters_only = divmod(sum(map(_LETTERS_ONLY, infos[lo:hi])), CAPITALS)
            if letters_only > 2 and capitals * 10 >= 6 * letters_only:
                continue  # a sentence in capitals is shouting, not acronyms
            for k in positions:
                word = texts[k]
                if word in _ROMAN:
                    # Not a short form; easy read writes an ordinary number instead,
                    # once in the text like a short form.
                    if easy and not covered[k] and word not in self.acronyms_seen:
                        self.acronyms_seen.add(word)
                        message = ROMAN_MESSAGE.format(number=roman_value(word), roman=word)
                        add(
                            "acronym",
                            words.starts[k],
                            words.ends[k],
                            message,
                            (str(roman_value(word)),),
                        )
                    continue
                core = acronym_core(word)
                if not easy:  # easy read uses no short forms, explained or not
                    if core in explained:
                        continue
                    if self._is_explained_here(words, k, lo, hi, end):
                        explained.add(core)
                        continue
                if covered[k] or core in self.acronyms_seen:
                    continue
                self.acronyms_seen.add(core)
                if core in self.common:
                    continue
                if level == "easy_read":
                    add(
                        "acronym",
                        words.starts[k],
                        words.ends[k],
                        f"Easy read does not use short forms like “{core}”. "
                        "Write the words in full.",
                    )
                else:
                    add(
                        "acronym",
                        words.starts[k],
                        words.ends[k],
                        f"Explain “{core}” the first time you use it: write the words in full, "
                        "then the short form in brackets.",
                    )
        for _si, terms in explains[done:]:  # for the sentences that follow
            explained.update(terms)

    def _is_explained_here(self, words: WordSpans, k: int, lo: int, hi: int, end: int) -> bool:
        """Whether the short form at word ``k`` is explained where it stands (its
        sentence has words ``lo`` to ``hi - 1`` and ends at ``end``)."""
        text = self.job.text
        start, stop = words.starts[k], words.ends[k]
        after = text[stop : min(end, stop + 3)].lstrip(" \t")
        # "EHCP (education, health and care plan)": two words or more before ")"
        if after.startswith("(") and k + 2 < hi:
            close = text.find(")", stop, min(end, stop + 200))
            if close != -1 and words.ends[k + 2] <= close:
                return True
        # "education, health and care plan (EHCP)"
        if start > 0 and text[start - 1] == "(" and text[stop : stop + 1] == ")":
            return k - lo >= 2
        # "EHCP means ..." or "EHCP stands for ..."
        return k + 1 < hi and words.keys[k + 1] in ("means", "stands")
