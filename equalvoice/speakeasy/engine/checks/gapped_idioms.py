"""Business idioms whose verb and the rest stand apart, with the words they are about
between them: "hold the council to account", "sign the plan off", "keep our members
in the loop", in any form of the verb ("held them to account", "signing it off").

The word lists (``list_matches``) match words that stand together; this check reads
``data/idioms-with-a-gap.tsv``, whose terms have a "…" for one to four words ("hold …
to account"). The words in the gap are of one phrase: they stay inside the sentence,
with only spaces between them, and hold no joining word ("and", "which"...), no form
of "be" and no preposition first. A match that shares a word with a list match is
left to the list ("keep them in the loop" is flagged for "in the loop", whose
suggestion "informed" fits where it stands). Each suggestion gets the words of the
gap in its own "…" and the form of the verb ("held them to account" offers "checked
on them"), and is offered only when it passes the check at the job's level.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import NamedTuple

from .. import lexicon, suggestions
from ..irregular import PARTICIPLE_ONLY, PAST_ONLY, VERBS
from ..lexicon import BE_AND_HAVE, jargon_message
from ..text import make_key
from .base import Check, Level
from .stretch import AT_IDIOM_VERB, Stretch, where

GAP = "…"
LIST = "idioms-with-a-gap.tsv"
MAX_GAP = 4
# Words that may not stand in the gap: they join clauses or start another phrase.
NOT_IN_GAP = frozenset(
    [
        *BE_AND_HAVE,
        "and",
        "or",
        "but",
        "nor",
        "so",
        "because",
        "if",
        "when",
        "while",
        "whilst",
        "where",
        "which",
        "who",
        "whom",
        "whose",
        "that",
        "than",
        "then",
        "as",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "do",
        "does",
        "did",
        "not",
    ]
)
# Words that may not start the gap: a preposition or particle starts another phrase
# ("sign in to", "roll over and out").
NOT_FIRST_IN_GAP = frozenset(
    [
        "to",
        "in",
        "into",
        "on",
        "onto",
        "at",
        "of",
        "for",
        "with",
        "from",
        "by",
        "up",
        "out",
        "off",
        "down",
        "back",
        "over",
        "about",
        "through",
        "forward",
        "away",
    ]
)
# Words before a verb that make its "-ed" form a participle ("is signed off").
_BEFORE_PARTICIPLE = frozenset([*BE_AND_HAVE, "having", "get", "gets", "got", "getting"])


class Idiom(NamedTuple):
    """One term of the list: the verb (its base), the words after the gap, and the
    suggestions with their "…"."""

    verb: str
    tail: tuple[str, ...]
    suggestions: tuple[str, ...]
    note: str


def _verb_forms(base: str) -> set[str]:
    """The forms of a verb that the phrase matcher takes for it (``lexicon.forms``):
    "-s", "-ed", "-ing" and its irregular past and participle."""
    cands = {base, base + "s", base + "es", base + "d", base + "ed", base + "ing"}
    if base.endswith("e"):
        cands.add(base[:-1] + "ing")
    if base.endswith("y"):
        cands |= {base[:-1] + "ies", base[:-1] + "ied"}
    cands |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    for verb, past, participle in VERBS:
        if verb == base:
            cands |= {past, participle}
    return {c for c in cands if base in lexicon.forms(c)}


@functools.lru_cache(maxsize=1)
def idioms() -> tuple[
    dict[str, tuple[Idiom, ...]], frozenset[str], dict[tuple[str, ...], frozenset[str]]
]:
    """The list's idioms by each form of their verb; every such form; and, for the
    words after the gap of each idiom (as they stand: "to account"), the forms of the
    verbs of the idioms that end with them."""
    by_form: dict[str, list[Idiom]] = {}
    for row in lexicon.read_list(LIST):
        row += [""] * (3 - len(row))
        head, gap, tail = row[0].strip().partition(GAP)
        if not gap or not head.strip() or not tail.strip() or " " in head.strip():
            raise ValueError(f"{LIST}: {row[0]!r} needs one verb, a “{GAP}” and words after it")
        verb = make_key(head.strip())
        sugg = tuple(s.strip() for s in row[1].split(";") if s.strip())
        idiom = Idiom(verb, tuple(make_key(w) for w in tail.split()), sugg, row[2].strip())
        for form in _verb_forms(verb):
            by_form.setdefault(form, []).append(idiom)
    # Longer tails first: "put … at the heart of" before a shorter one.
    out = {k: tuple(sorted(v, key=lambda i: -len(i.tail))) for k, v in by_form.items()}
    tails: dict[tuple[str, ...], set[str]] = {}
    for form, group in out.items():
        for idiom in group:
            tails.setdefault(idiom.tail, set()).add(form)
    return out, frozenset(out), {tail: frozenset(forms) for tail, forms in tails.items()}


@functools.lru_cache(maxsize=1)
def first_words() -> dict[str, frozenset[str]]:
    """For each form of a verb of the list, the first words after the gap of its
    idioms."""
    by_form = idioms()[0]
    return {form: frozenset(i.tail[0] for i in group) for form, group in by_form.items()}


def verb_form_of(key: str, verb: str, before: str, after: str) -> str:
    """The form (``suggestions.SAME``, ``THIRD``, ``PAST``, ``PARTICIPLE`` or
    ``ING``) of the word ``key`` that is a form of ``verb``; ``before`` and ``after``
    are the keys of the words around it."""
    if key == verb:
        return suggestions.SAME
    if key in PAST_ONLY:
        return suggestions.PAST
    if key in PARTICIPLE_ONLY:
        return suggestions.PARTICIPLE
    if key.endswith("ing"):
        return suggestions.ING
    if key.endswith("s"):
        return suggestions.THIRD
    return suggestions.PARTICIPLE if before in _BEFORE_PARTICIPLE else suggestions.PAST


def offer(idiom: Idiom, gap: str, how: str, level: Level, vet: bool) -> tuple[str, ...]:
    """The suggestions of ``idiom`` with ``gap`` in their "…", in the form ``how``,
    that pass the check at ``level``."""
    out = []
    for template in idiom.suggestions:
        made = suggestions.inflect(template.replace(GAP, gap), how)
        if made and (not vet or suggestions.usable(made, level)):
            out.append(made)
    return tuple(dict.fromkeys(out))


class GappedIdioms(Check):
    """Flag the idioms of ``idioms-with-a-gap.tsv`` that no list match covers."""

    kinds = ("jargon",)
    __slots__ = ()

    def find(self, stretch: Stretch) -> None:
        """Look only where a verb of the list stands, with a word that may follow the
        gap close after it."""
        by_form = idioms()[0]
        keys, covered = stretch.words.keys, stretch.covered
        firsts = first_words()
        for k in where(stretch.flags, AT_IDIOM_VERB):
            if not covered[k] and not firsts[keys[k]].isdisjoint(keys[k + 2 : k + 2 + MAX_GAP]):
                self._try(stretch, k, by_form[keys[k]])

    def _try(self, stretch: Stretch, k: int, candidates: Sequence[Idiom]) -> None:
        words, covered, sents = stretch.words, stretch.covered, stretch.sents
        keys, starts, ends = words.keys, words.starts, words.ends
        text, job = self.job.text, self.job
        stop = sents.stops[sents.of_word[k]]
        for idiom in candidates:
            n = len(idiom.tail)
            for size in range(1, MAX_GAP + 1):
                at = k + 1 + size  # the first word after the gap
                if at + n > stop:
                    break
                gap_key = keys[k + size]
                if gap_key in NOT_IN_GAP or (size == 1 and gap_key in NOT_FIRST_IN_GAP):
                    break
                if not lexicon.gap_ok(text, ends[k + size - 1], starts[k + size]):
                    break
                if tuple(keys[at : at + n]) != idiom.tail or not all(
                    lexicon.gap_ok(text, ends[at + m - 1], starts[at + m]) for m in range(n)
                ):
                    continue
                if any(covered[k : at + n]):
                    return
                covered[k : at + n] = b"\1" * (at + n - k)
                before = keys[k - 1] if k > sents.firsts[sents.of_word[k]] else ""
                how = verb_form_of(keys[k], idiom.verb, before, keys[at])
                gap = text[starts[k + 1] : ends[k + size]]
                offered = offer(idiom, gap, how, job.level, job.vet)
                message = jargon_message(offered, idiom.note)
                job.add("jargon", starts[k], ends[at + n - 1], message, offered)
                return
