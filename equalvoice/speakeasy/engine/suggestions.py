"""Which suggestions a finding offers: only those that pass the check themselves.

A suggestion of a bundled list is offered at a level only when the suggestion, checked
alone at that level, gives no finding (an ``explain`` finding is fine: the word is one
people need). So "in accordance with" never offers "per", and a word that is fine for
plain English but hard for easy read ("appoint", "motivate") is offered at plain level
only. An organisation's own words (``WordEntry``) are the organisation's choice and
are offered as given.

A suggestion replaces exactly the words matched, so when the words matched are another
form of the listed term ("signposted" for "signpost", "made a decision" for "make a
decision"), the suggestion is put in the same form ("pointed", "decided"); when we
cannot do that safely, it is not offered for that match (the message still names it).

Each rule's offer is worked out once per level and form, on first use, and kept on
the rule (``Rule.offers``); each suggestion is checked once per level (``passes``).
A check of a short text takes well under a millisecond, and a text meets few rules, so
the first ``check()`` of a process does only a few dozen of them.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import complexity
from .irregular import PARTICIPLE_ONLY, PAST_ONLY
from .lexicon import BE_AND_HAVE, IRREGULAR, MESSAGES, Rule

if TYPE_CHECKING:
    from .checks.base import Level

# The finding kinds a suggestion may give and still be offered: a term people need.
ALLOWED = frozenset(["explain"])

# How the words matched differ from the listed term (``how`` of ``offer``):
SAME = ""  # the listed form
THIRD = "s"  # "-s" on the first word of a phrase ("suffers from"): a verb
S_FORM = "s?"  # "-s" on a one-word term ("utilises", "cohorts"): a verb or a plural
PAST = "ed"  # "-ed" or an irregular past ("made"), not after "be" or "have"
PARTICIPLE = "en"  # the same after "is", "was", "have"... or before "by"
ING = "ing"
PLURAL = "pl"  # the last word of a longer term in the plural ("key workers")
UNKNOWN = "?"  # a possessive, or some other form: offer nothing for this match

# A word before a past form that makes it a participle ("was given", "has done").
_BEFORE_PARTICIPLE = frozenset(
    [
        *BE_AND_HAVE,
        "having",
        "get",
        "gets",
        "got",
        "getting",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
    ]
)
# The irregular forms that ``lexicon.IRREGULAR`` maps to a base, by what they are.
_PAST_ONLY = PAST_ONLY
_PARTICIPLE_ONLY = PARTICIPLE_ONLY
_PLURALS = frozenset(["children", "people", "women", "men"])

# Irregular verbs a suggestion may start with: base → (-s, past, participle, -ing).
_VERBS: dict[str, tuple[str, str, str, str]] = {
    "be": ("is", "was", "been", "being"),
    "have": ("has", "had", "had", "having"),
    "do": ("does", "did", "done", "doing"),
    "go": ("goes", "went", "gone", "going"),
    "make": ("makes", "made", "made", "making"),
    "take": ("takes", "took", "taken", "taking"),
    "give": ("gives", "gave", "given", "giving"),
    "get": ("gets", "got", "got", "getting"),
    "put": ("puts", "put", "put", "putting"),
    "set": ("sets", "set", "set", "setting"),
    "cut": ("cuts", "cut", "cut", "cutting"),
    "let": ("lets", "let", "let", "letting"),
    "shut": ("shuts", "shut", "shut", "shutting"),
    "hurt": ("hurts", "hurt", "hurt", "hurting"),
    "spread": ("spreads", "spread", "spread", "spreading"),
    "keep": ("keeps", "kept", "kept", "keeping"),
    "find": ("finds", "found", "found", "finding"),
    "tell": ("tells", "told", "told", "telling"),
    "say": ("says", "said", "said", "saying"),
    "send": ("sends", "sent", "sent", "sending"),
    "spend": ("spends", "spent", "spent", "spending"),
    "meet": ("meets", "met", "met", "meeting"),
    "choose": ("chooses", "chose", "chosen", "choosing"),
    "bring": ("brings", "brought", "brought", "bringing"),
    "think": ("thinks", "thought", "thought", "thinking"),
    "buy": ("buys", "bought", "bought", "buying"),
    "run": ("runs", "ran", "run", "running"),
    "come": ("comes", "came", "come", "coming"),
    "see": ("sees", "saw", "seen", "seeing"),
    "show": ("shows", "showed", "shown", "showing"),
    "know": ("knows", "knew", "known", "knowing"),
    "leave": ("leaves", "left", "left", "leaving"),
    "build": ("builds", "built", "built", "building"),
    "hold": ("holds", "held", "held", "holding"),
    "pay": ("pays", "paid", "paid", "paying"),
    "lead": ("leads", "led", "led", "leading"),
    "begin": ("begins", "began", "begun", "beginning"),
    "write": ("writes", "wrote", "written", "writing"),
    "speak": ("speaks", "spoke", "spoken", "speaking"),
    "feel": ("feels", "felt", "felt", "feeling"),
    "sell": ("sells", "sold", "sold", "selling"),
    "stand": ("stands", "stood", "stood", "standing"),
    "understand": ("understands", "understood", "understood", "understanding"),
    "speed": ("speeds", "sped", "sped", "speeding"),
    "deal": ("deals", "dealt", "dealt", "dealing"),
    "mean": ("means", "meant", "meant", "meaning"),
    "lose": ("loses", "lost", "lost", "losing"),
    "win": ("wins", "won", "won", "winning"),
    "teach": ("teaches", "taught", "taught", "teaching"),
    "seek": ("seeks", "sought", "sought", "seeking"),
    "draw": ("draws", "drew", "drawn", "drawing"),
    "die": ("dies", "died", "died", "dying"),
    "lie": ("lies", "lay", "lain", "lying"),
    "sum": ("sums", "summed", "summed", "summing"),
}
# Words a suggestion may start with that are never the verb to put in another form.
_NOT_VERBS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "with",
        "without",
        "about",
        "in",
        "on",
        "at",
        "by",
        "for",
        "to",
        "from",
        "of",
        "as",
        "not",
        "no",
        "more",
        "less",
        "most",
        "very",
        "too",
        "also",
        "so",
        "than",
        "all",
        "each",
        "every",
        "one",
        "our",
        "your",
        "their",
        "its",
        "my",
        "his",
        "her",
        "what",
        "who",
        "which",
        "when",
        "where",
        "while",
        "because",
        "since",
        "if",
        "until",
        "before",
        "after",
        "and",
        "or",
        "but",
        "then",
        "now",
        "here",
        "there",
        "only",
        "even",
        "still",
        "despite",
    ]
)
# A word that ends the head of a noun phrase when it follows it ("places to live",
# "sets of rules", "people with asthma", "services the law says we must give"), or
# shows the first word is the verb of a phrase ("points people to", "carries out").
_AFTER_HEAD = frozenset(
    [
        "to",
        "of",
        "for",
        "with",
        "in",
        "on",
        "at",
        "from",
        "about",
        "by",
        "up",
        "out",
        "down",
        "off",
        "over",
        "back",
        "away",
        "ahead",
        "together",
        "apart",
        "people",
        "you",
        "it",
        "them",
        "us",
        "sure",
        "part",
        "place",
        "the",
        "a",
        "an",
        "and",
        "or",
    ]
)
_NOUN_PLURALS = {"person": "people", "child": "children", "man": "men", "woman": "women"}
# A suggestion with one of these words in it is not put in the plural: "person who
# uses services" would need more than one word changed.
_CLAUSE = frozenset(["who", "that", "which", "whose", "where"])
# A word form we make is used only if it is at least this common (wordfreq Zipf).
_KNOWN = 3.0


# --- Checking a suggestion alone -----------------------------------------------------


@functools.lru_cache(maxsize=16_384)
def passes(suggestion: str, level: Level) -> bool:
    """Whether ``suggestion``, checked alone at ``level``, gives no finding other
    than an ``explain`` one."""
    from .check import run_checks  # here, because the checks import this module

    report = run_checks(suggestion, level, vet=False)
    return all(f.kind in ALLOWED for f in report.findings)


def usable(suggestion: str, level: Level) -> bool:
    """Whether ``suggestion`` passes at ``level`` as it may be offered: as written,
    and with a capital letter (when the flagged words start with one)."""
    if not passes(suggestion, level):
        return False
    first = suggestion[:1]
    return not first.islower() or passes(first.upper() + suggestion[1:], level)


# --- What form the words matched are in ----------------------------------------------


def form_of(rule: Rule, keys: Sequence[str], i: int, j: int, before: str, after: str) -> str:
    """How the words ``keys[i:j]`` that ``rule`` matched differ from its listed
    term: ``SAME``, ``THIRD``, ``S_FORM``, ``PAST``, ``PARTICIPLE``, ``ING``,
    ``PLURAL`` or ``UNKNOWN``. ``before`` and ``after`` are the keys of the words
    just before and after the match in its sentence ("" if none)."""
    words = rule.words
    first = keys[i]
    if first != words[0]:
        base = words[0]
        if first.endswith(("'s", "s'")):
            return UNKNOWN
        if IRREGULAR.get(first) == base:
            if first in _PLURALS:
                return PLURAL if len(words) > 1 else S_FORM
            if first.endswith("ing"):
                return ING
            if first.endswith("s"):
                return THIRD if len(words) > 1 else S_FORM
            if first in _PAST_ONLY:
                return PAST
            if first in _PARTICIPLE_ONLY:
                return PARTICIPLE
            return PARTICIPLE if before in _BEFORE_PARTICIPLE or after == "by" else PAST
        if first.endswith("ing"):
            return ING
        if first.endswith("ed"):
            return PARTICIPLE if before in _BEFORE_PARTICIPLE or after == "by" else PAST
        if first.endswith("s"):
            return THIRD if len(words) > 1 else S_FORM
        return UNKNOWN
    if len(words) > 1 and keys[j - 1] != words[-1]:
        last = keys[j - 1]
        if last.endswith(("'s", "s'")):
            return UNKNOWN
        # "make improvements" for "make {det} improvement": the verb we suggest stays.
        return SAME if rule.kind == "nominalisation" else PLURAL
    for k in range(i + 1, j - 1):
        if keys[k] != words[k - i]:
            return UNKNOWN if rule.kind != "nominalisation" else SAME
    return SAME


# --- Putting a suggestion in that form -----------------------------------------------


def _known(word: str) -> bool:
    return complexity.zipf(word) >= _KNOWN


def _best(candidates: Sequence[str]) -> str | None:
    best = max(candidates, key=complexity.zipf)
    return best if _known(best) else None


def _consonant_y(word: str) -> bool:
    return len(word) > 1 and word[-1] == "y" and word[-2] not in "aeiou"


def _doubled_first(word: str) -> bool:
    """Whether British spelling doubles the last letter of ``word`` before "-ed" and
    "-ing" even where American spelling does not ("totalled", "modelling")."""
    return len(word) > 2 and word[-1] == "l" and word[-2] in "aeiou" and word[-3] not in "aeiou"


def verb_form(verb: str, how: str) -> str | None:
    """``verb`` in the form ``how`` (``THIRD``, ``S_FORM``, ``PAST``, ``PARTICIPLE``
    or ``ING``), or None when we cannot make a known word of it."""
    low = verb.lower()
    if low in _NOT_VERBS or not low.isalpha() or (verb.isupper() and len(verb) > 1):
        return None
    if low in _VERBS:
        s, past, part, ing = _VERBS[low]
        got = {THIRD: s, S_FORM: s, PAST: past, PARTICIPLE: part, ING: ing}[how]
    elif how in (THIRD, S_FORM):
        if low.endswith(("s", "x", "z", "ch", "sh", "o")):
            got = low + "es"
        elif _consonant_y(low):
            got = low[:-1] + "ies"
        else:
            got = low + "s"
        got = got if _known(got) else ""
    else:
        ending = "ing" if how == ING else "ed"
        if how == ING and low.endswith("ie"):
            cands = [low[:-2] + "ying"]
        elif low.endswith("e") and not (how == ING and low.endswith(("ee", "ye", "oe"))):
            cands = [low[:-1] + ending]
        elif how != ING and _consonant_y(low):
            cands = [low[:-1] + "ied"]
        elif _doubled_first(low) and _known(low + "l" + ending):
            cands = [low + "l" + ending]
        else:
            cands = [low + ending, low + low[-1] + ending]
        got = _best(cands) or ""
    if not got:
        return None
    return got[:1].upper() + got[1:] if verb[:1].isupper() else got


def plural(noun: str) -> str | None:
    """The plural of ``noun``, or None when we cannot make a known word of it. A word
    that is plural already ("people", "services") stays as it is."""
    low = noun.lower()
    if low in _NOUN_PLURALS:
        return _NOUN_PLURALS[low]
    if low in _PLURALS or (low.endswith("s") and not low.endswith("ss")):
        return noun
    if not low.isalpha() or low in _NOT_VERBS or (noun.isupper() and len(noun) > 1):
        return None
    if low.endswith(("s", "x", "z", "ch", "sh")):
        got = noun + "es"
    elif _consonant_y(low):
        got = noun[:-1] + "ies"
    else:
        got = noun + "s"
    return got if _known(got.lower()) else None


def _head(words: list[str]) -> int | None:
    """Where the head noun of the noun phrase ``words`` is: the word before the first
    "of", "with", "to"... ("people with asthma") or "-ing" or "-ed" word ("people
    aged 66 or over"), else the last word; None when we cannot tell ("a short
    break", "doctor, nurse or ...", "person who uses ...")."""
    if words[0].lower() in _NOT_VERBS or any("," in w for w in words):
        return None
    last = len(words) - 1
    for k in range(1, len(words)):
        word = words[k]
        if word in _CLAUSE:
            return None if plural(words[k - 1]) != words[k - 1] else k - 1
        if word in _AFTER_HEAD or (k < last and word.endswith(("ed", "ing"))):
            return k - 1  # "people using services", "people aged 66 or over"
    return last


def inflect(suggestion: str, how: str) -> str | None:
    """``suggestion`` in the form ``how`` (see ``form_of``), or None when we cannot
    put it in that form safely."""
    if how == SAME:
        return suggestion
    if how == UNKNOWN:
        return None
    words = suggestion.split(" ")
    verb_first = len(words) > 1 and words[1] in _AFTER_HEAD
    if how == PLURAL or (how == S_FORM and len(words) > 1 and not verb_first):
        at = _head(words)
        got = None if at is None else plural(words[at])
    elif how == S_FORM:
        # A verb ("uses", "points people to") or a plural noun ("groups", "places to
        # live"): "-s" works for both, except for nouns like "person" and for words
        # that are plural already.
        at = 0
        word = words[0].lower()
        if word in _NOUN_PLURALS or word in _PLURALS or word.endswith("s"):
            got = plural(words[0])
        else:
            got = verb_form(words[0], how)
    else:
        at = 0
        got = verb_form(words[0], how)
    if got is None or at is None:
        return None
    return " ".join([*words[:at], got, *words[at + 1 :]])


# --- What a rule offers ---------------------------------------------------------------


def offer(rule: Rule, level: Level, how: str = SAME) -> tuple[tuple[str, ...], str]:
    """The suggestions ``rule`` offers at ``level`` for words matched in the form
    ``how``, and the message that goes with them. Worked out once, then kept."""
    key = (level, how)
    got = rule.offers.get(key)
    if got is not None:
        return got
    if not rule.vetted:  # an organisation's own words: its choice
        got = (rule.suggestions, rule.message)
    else:
        made = (inflect(s, how) for s in rule.suggestions)
        kept = tuple(dict.fromkeys(s for s in made if s and usable(s, level)))
        build = MESSAGES.get(rule.kind)
        message = rule.message if rule.note is None or build is None else build(kept, rule.note)
        got = (kept, message)
    rule.offers[key] = got
    return got
