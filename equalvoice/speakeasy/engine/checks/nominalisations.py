"""Nominalisations by suffix: "the/a ...tion/...ment of" where a common verb exists
("the implementation of" → "implement"), unless a list match covers some of its words.
(Nominalisations from the list, such as "make a decision", are list matches.)

The message names the verb, or a plainer one when the verb itself is flagged at the
level ("commence" → "start"). The verb does not fit where "the implementation of"
stands, so the one-click suggestion is the "-ing" form ("carrying out the plan"),
offered after "the" only, and not after a verb like "do" or "carry out" that needs a
noun ("we will carry out the assessment of").
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left

from .. import complexity, lexicon
from ..suggestions import ING, inflect, offer, usable
from .base import Check, Level
from .stretch import ALNUM, AT_TION, WORD_END, WORD_START, Stretch, where

NOMINAL_RE = re.compile(
    rf"{WORD_START}(?:the|an?)\s+({ALNUM}{{4,}}(?:ation|ition|tion|sion|ment))\s+of{WORD_END}",
    re.IGNORECASE,
)
_NOMINAL_STOP = frozenset(
    [
        "government",
        "department",
        "environment",
        "statement",
        "apartment",
        "moment",
        "comment",
        "nation",
        "station",
        "position",
        "condition",
        "question",
        "section",
        "mention",
        "tradition",
        "population",
        "foundation",
        "relation",
        "information",
        "attention",
        "generation",
        "edition",
        "addition",
        "portion",
        "proportion",
        "fraction",
        "motion",
        "emotion",
        "notion",
        "option",
        "caption",
        "nutrition",
        "fiction",
        "version",
        "vision",
        "television",
        "mission",
        "commission",
        "session",
        "passion",
        "pension",
        "tension",
        "dimension",
        "occasion",
        "division",
        "excursion",
        "element",
        "instrument",
        "document",
        "segment",
        "argument",
        "sentiment",
        "parliament",
        "equipment",
        "settlement",
        "fragment",
        "supplement",
        "compartment",
        "ointment",
        "temperament",
        "tournament",
        "monument",
        "testament",
        "regiment",
    ]
)


def may_be_noun(key: str) -> bool:
    """Whether the word of ``key`` (plain ASCII) may be the noun of ``NOMINAL_RE``."""
    return len(key) >= 8 and key.endswith(("tion", "sion", "ment"))


def nominal_verb(noun: str) -> str | None:
    """A plausible verb for a "-tion"/"-ment" noun, if it is a common word."""
    n = noun.lower()
    if n in _NOMINAL_STOP or len(n) < 8:
        return None
    cands: list[str] = []
    if n.endswith("isation") or n.endswith("ization"):
        cands.append(n[:-5] + "e")
    if n.endswith("ation"):
        cands += [n[:-5], n[:-5] + "e", n[:-3] + "e"]
    if n.endswith("ition"):
        cands += [n[:-5] + "e", n[:-3]]
    if n.endswith("tion"):
        cands += [n[:-3] + "e", n[:-3], n[:-4] + "e"]
    if n.endswith("sion"):
        cands += [n[:-4] + "de", n[:-3] + "e", n[:-4] + "t"]
    if n.endswith("ment"):
        cands.append(n[:-4])
    for c in cands:
        if len(c) >= 4 and complexity.zipf(c) >= 3.5:
            return c
    return None


# Words before "the ...tion of" after which an "-ing" form does not fit.
_TAKES_A_NOUN = frozenset(
    [
        "do",
        "does",
        "did",
        "done",
        "doing",
        "carry",
        "carries",
        "carried",
        "carrying",
        "out",
        "conduct",
        "conducts",
        "conducted",
        "conducting",
        "perform",
        "performs",
        "performed",
        "performing",
        "undertake",
        "undertakes",
        "undertook",
        "undertaken",
        "undertaking",
        "make",
        "makes",
        "made",
        "making",
        "give",
        "gives",
        "gave",
        "given",
        "giving",
        "provide",
        "provides",
        "provided",
        "providing",
        "have",
        "has",
        "had",
        "having",
        "take",
        "takes",
        "took",
        "taken",
        "taking",
        "complete",
        "completes",
        "completed",
        "completing",
    ]
)


@functools.lru_cache(maxsize=4096)
def nominal_offer(verb: str, level: Level, gerund: bool) -> tuple[tuple[str, ...], str]:
    """What a nominalisation whose verb is ``verb`` offers at ``level``: the "-ing"
    forms of the verb or of plainer ones (when ``gerund``), and the message."""
    verbs: tuple[str, ...] = ()
    if usable(verb, level):
        verbs = (verb,)
    else:  # the verb is flagged itself ("commence"): its plainer words
        for rule in lexicon.base_index().single.get(verb, ()):
            if rule.words == (verb,) and rule.kind == "jargon":
                verbs = offer(rule, level)[0]
                break
    suggestions: tuple[str, ...] = ()
    if gerund:
        made = (inflect(v, ING) for v in verbs[:2])
        suggestions = tuple(g for g in made if g and usable(g, level))
    if verbs:
        message = (
            f"This turns a verb into a noun. Try the verb “{verbs[0]}”, which is "
            "shorter and clearer."
        )
    else:
        message = lexicon.nominal_message(())
    return suggestions, message


class Nominalisations(Check):
    """Flag "the/a ...tion/...ment of" where a common verb exists."""

    kinds = ("nominalisation",)
    __slots__ = ()

    def find(self, stretch: Stretch) -> None:
        """Flag "the/a ...tion/...ment of" where a common verb exists, unless a list
        match covers some of its words."""
        words, sents, covered = stretch.words, stretch.sents, stretch.covered
        text, add, level, vet = self.job.text, self.job.add, self.job.level, self.job.vet
        starts, ends, keys = words.starts, words.ends, words.keys
        firsts, stops, of_word = sents.firsts, sents.stops, sents.of_word
        sentence_starts, sentence_ends = sents.starts, sents.ends
        # The noun of a match is a whole word (letters and digits between white
        # space), so a match is found from its noun: "the", "a" or "an" ends the word
        # before it, in the same sentence. Matches cannot overlap, so these are the
        # very matches a search of the sentence finds, in the same order, without
        # reading the sentences.
        for k in where(stretch.flags, AT_TION):
            si = of_word[k]
            lo, hi = firsts[si], stops[si]
            if k == lo or k + 1 == hi:
                continue  # no word before the noun, or none after it
            before = ends[k - 1]
            if text[before - 1] not in "eEaAnN":
                continue
            for at in range(max(before - 3, sentence_starts[si]), before):
                m = NOMINAL_RE.match(text, at, sentence_ends[si])
                if m is not None:
                    break
            else:
                continue
            s, e = m.span()
            if any(covered[bisect_left(starts, s, lo, hi) : bisect_left(starts, e, lo, hi)]):
                continue
            verb = nominal_verb(m.group(1))
            if verb is None:
                continue
            if not vet:
                add("nominalisation", s, e, lexicon.nominal_message((verb,)), (verb,))
                continue
            first = bisect_left(starts, s, lo, hi)
            gerund = text[s : s + 3].lower() == "the" and (
                first == lo or keys[first - 1] not in _TAKES_A_NOUN
            )
            suggestions, message = nominal_offer(verb, level, gerund)
            add("nominalisation", s, e, message, suggestions)
