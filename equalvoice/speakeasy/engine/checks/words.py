"""What each word is (``stretch.Word``), found once per word and cached: its look-up
key, frequency and forms, its syllables and letters, and the byte of flags that says
which checks to make at it. Each check that looks only at some words gives the test
for them (``passive.ends_with_be``, ``acronyms.looks_like_acronym``...); this module
asks each test once per word, not once per use of the word.
"""

from __future__ import annotations

from .. import complexity, lexicon
from ..text import make_key, syllables
from .acronyms import is_roman_number, looks_like_acronym
from .gapped_idioms import idioms
from .nominalisations import may_be_noun
from .passive import ends_with_be, may_be_participle
from .stretch import (
    AT_ACRO,
    AT_BE,
    AT_IDIOM_VERB,
    AT_LEAD,
    AT_RARE,
    AT_SECOND,
    AT_SINGLE,
    AT_TION,
    BE_AT_END,
    BE_UNSURE,
    CAPITALS,
    COUNTS,
    NO_BE,
    Word,
)
from .uncommon import may_be_uncommon

_WORDS: dict[str, Word] = {}


def describe(word: str) -> Word:
    """The ``Word`` of ``word`` (as the word pattern finds it), cached."""
    key = make_key(word)
    z = complexity.zipf(key)
    rare = may_be_uncommon(word, key, z)
    # Cheap tests that let us skip the passive and nominalisation patterns: a match
    # of the passive pattern starts with a word that ends with "is", "was"... (and
    # the word ends there), and the noun of the nominalisation pattern is a whole
    # word. We are sure of that only for plain ASCII words (case-insensitive matching
    # is subtle elsewhere), so other words are left to the patterns.
    plain = word.isascii()
    if not plain:
        be = BE_UNSURE
    elif ends_with_be(key):
        be = BE_AT_END
    else:
        be = NO_BE
    tion = not plain or may_be_noun(key)
    participle = not plain or may_be_participle(key)
    acro = looks_like_acronym(word)
    index = lexicon.base_index()
    lead = index.lead(key)
    forms = lexicon.forms(key)
    flags = (
        (AT_LEAD if lead is not None else 0)
        | (AT_RARE if rare else 0)
        | (AT_BE if be != NO_BE else 0)
        | (AT_IDIOM_VERB if key in idioms()[1] else 0)
        | (AT_TION if tion else 0)
        | (AT_ACRO if acro or is_roman_number(word) else 0)
        | (AT_SINGLE if lead is not None and lead[0] else 0)
        | (AT_SECOND if not index.second_words().isdisjoint(forms) else 0)
    )
    letters = sum(1 for ch in key if ch.isalnum())
    got = Word(
        key,
        z,
        forms,
        lead,
        rare,
        word[:1].isupper(),
        be,
        tion,
        participle,
        acro,
        (1 + (CAPITALS if word.isupper() else 0)) if len(word) >= 2 and word.isalpha() else 0,
        flags,
        syllables(key) * COUNTS + letters,
    )
    if len(_WORDS) < 300_000:
        _WORDS[word] = got
    return got


def describe_all(texts: list[str]) -> list[Word]:
    """The ``Word`` of each word, from the cache where it can be."""
    try:
        return list(map(_WORDS.__getitem__, texts))
    except KeyError:  # some words are new
        return [_WORDS.get(w) or describe(w) for w in texts]
