"""Abstract nouns in a row among officialese ("transformation programme", "efficiency
programme", "programme governance", "single assessment framework"): a writer who
stacks abstract nouns hides who does what. This is a kind of writing, not a list of
words: two or more words in a row, with only a space between them, each an abstract
noun (``is_abstract_noun``: a "-tion", "-ment", "-ance", "-ity", "-ship", "-ism",
"-ness"... noun of eight letters or more, or one of the nouns management writing
builds such phrases on: "framework", "programme", "governance", "system"...).

The stack is flagged only in a sentence where a list gave a finding
(``Stretch.officialese``, as the ``uncommon`` check's lower threshold "among
officialese"): alone, such a pair is often ordinary
English ("population density" in a news report), while beside other officialese it is
management speak. Words of a list match are left to the list, and names (a capital
letter after the first word) are left alone; the words of a stack are marked covered,
so the later checks (an uncommon word) do not warn about them again. The finding is
``jargon`` with a message that asks for a verb: there is no one plainer word to offer.
"""

from __future__ import annotations

from itertools import compress

from .. import lexicon
from .base import Check
from .stretch import Stretch

# Endings of abstract nouns (also in the plural: ``lexicon.forms`` gives the singular).
ABSTRACT_ENDINGS = (
    "tion",
    "sion",
    "ment",
    "ance",
    "ence",
    "ancy",
    "ency",
    "ity",
    "ship",
    "ism",
    "ness",
)
# The fewest letters of an abstract noun by its ending ("station" is not one).
MIN_LETTERS = 8
# Nouns that management writing builds stacks on, though no ending says so.
STACK_NOUNS = frozenset(
    [
        "framework",
        "programme",
        "program",
        "model",
        "strategy",
        "agenda",
        "pathway",
        "approach",
        "landscape",
        "footprint",
        "portfolio",
        "workstream",
        "pipeline",
        "outcome",
        "priority",
        "process",
        "system",
        "governance",
        "assurance",
        "capacity",
        "delivery",
        "quality",
    ]
)
# Abstract nouns that are everyday words in any company ("the bus station", "a
# birthday present", "a job interview"): never part of a stack.
EVERYDAY = frozenset(
    [
        "information",
        "question",
        "position",
        "condition",
        "situation",
        "education",
        "government",
        "department",
        "apartment",
        "appointment",
        "application",
        "attention",
        "business",
        "happiness",
        "illness",
        "fitness",
        "weakness",
        "darkness",
        "kindness",
        "sickness",
        "friendship",
        "relationship",
        "membership",
        "ownership",
        "community",
        "university",
        "electricity",
        "difference",
        "experience",
        "sentence",
        "evidence",
        "insurance",
        "entrance",
        "distance",
        "balance",
        "audience",
        "science",
        "conference",
        "confidence",
        "emergency",
        "agency",
        "currency",
        "comment",
        "payment",
        "statement",
        "treatment",
        "equipment",
        "environment",
        "entertainment",
        "television",
        "decision",
        "mission",
    ]
)

MESSAGE = (
    "Nouns in a row like this are hard to follow. Say who does what, with a verb "
    "(for example “we will change how we work” rather than “a transformation "
    "programme”)."
)

_ABSTRACT: dict[str, bool] = {}


def is_abstract_noun(key: str) -> bool:
    """Whether the word of look-up key ``key`` is an abstract noun that may stand in a
    stack: it, or its singular, ends like one ("-tion", "-ment", "-ity"...) and has
    eight letters or more, or is one of ``STACK_NOUNS``; not an everyday word
    (``EVERYDAY``: "information", "appointment")."""
    got = _ABSTRACT.get(key)
    if got is None:
        got = False
        if key.isalpha():
            for form in lexicon.forms(key):
                if form in EVERYDAY:
                    got = False
                    break
                if form in STACK_NOUNS or (
                    len(form) >= MIN_LETTERS and form.endswith(ABSTRACT_ENDINGS)
                ):
                    got = True
        if len(_ABSTRACT) < 100_000:
            _ABSTRACT[key] = got
    return got


class NounStacks(Check):
    """Flag abstract nouns in a row, in a sentence where a list gave a finding."""

    kinds = ("jargon",)
    __slots__ = ()

    def find(self, stretch: Stretch) -> None:
        """Look only at the sentences where a list gave a finding (few in most prose)."""
        if not stretch.officialese:
            return
        covered, words, infos, sents = stretch.covered, stretch.words, stretch.infos, stretch.sents
        text, starts, ends, keys = self.job.text, words.starts, words.ends, words.keys
        known = _ABSTRACT.get
        for si in sorted(stretch.officialese):
            first, stop = sents.firsts[si], sents.stops[si]
            # The abstract nouns of the sentence (cached; most words are known).
            found = list(map(known, keys[first:stop]))
            if None in found:
                found = [is_abstract_noun(key) for key in keys[first:stop]]
            run: list[int] = []
            for k in compress(range(first, stop), found):
                if covered[k] or (k != first and infos[k].capital):
                    continue
                if run and (run[-1] != k - 1 or text[ends[k - 1] : starts[k]] != " "):
                    self._flag(run, stretch)
                    run = []
                run.append(k)
            self._flag(run, stretch)

    def _flag(self, run: list[int], stretch: Stretch) -> None:
        """Flag the words at ``run`` (in a row) when there are two or more, and mark
        them covered, so that the later checks do not warn about them again."""
        if len(run) >= 2:
            words = stretch.words
            self.job.add("jargon", words.starts[run[0]], words.ends[run[-1]], MESSAGE)
            stretch.covered[run[0] : run[-1] + 1] = b"\1" * len(run)
