"""A stretch of whole sentences as the checks see it: its words, what each word is
(``Word``, found once per word and cached by ``checks.words``), a byte of flags a
word that says which checks to make at it, and its sentences.

Nothing here knows any one check: this is the machinery they share. Every word is in
exactly one sentence, so a check can go from a word to its sentence
(``Sentences.of_word``) and from a sentence to its words (``firsts``, ``stops``).
"""

from __future__ import annotations

import functools
import operator
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, compress, count, groupby, repeat
from typing import NamedTuple

from ..text import WordSpans


class Word(NamedTuple):
    """What the checks need to know about a word, whatever sentence it is in."""

    key: str
    zipf: float
    forms: tuple[str, ...]  # lexicon.forms
    lead: tuple[bool, frozenset[str]] | None  # Index.lead in the bundled lists
    rare: bool  # it may be "uncommon", unless a list covers it or it looks like a name
    capital: bool  # it starts with a capital letter
    be: int  # NO_BE, BE_AT_END (it may end with the "is", "was"... of a passive) or BE_UNSURE
    tion: bool  # it may be the noun of a "the -tion of" nominalisation
    participle: bool  # it may be the past participle of a passive
    acro: bool  # it looks like an acronym ("NHS", "GPs")
    # 0, or for a word of two letters or more (and nothing else), 1 + CAPITALS if all
    # its letters are capitals, else 1: one sum gives both numbers for a sentence.
    letters_only: int
    flags: int  # the checks to make at this word: the AT_* bits below
    counts: int  # syllables * COUNTS + letters and digits: one sum gives both totals


# ``Word.be``: the word does not end with "is", "was"...; it does (and the passive
# pattern may start there); or it is not plain ASCII, so the passive check reads its
# whole sentence with the pattern.
NO_BE, BE_AT_END, BE_UNSURE = 0, 1, 2
# The bits of ``Word.flags``: the word may start a list match (it has a ``lead``), be
# "uncommon" (``rare``), end with the "is", "was"... of a passive (``be``), be a form of
# the verb of an idiom with a gap (``gapped_idioms``), be the noun of a nominalisation
# (``tion``), be an acronym, start a one-word rule, or be the second word of a longer
# rule. (All eight bits of the byte are taken: whether a word may be a participle,
# looked at only after "is", "was"..., is ``Word.participle``.)
AT_LEAD, AT_RARE, AT_BE, AT_IDIOM_VERB, AT_TION, AT_ACRO = 1, 2, 4, 8, 16, 32
AT_SINGLE, AT_SECOND = 64, 128
# Pieces of the checks' patterns: a letter or digit (a word is runs of these), and
# the start and end of a word.
ALNUM = r"[^\W_]"
WORD_START = r"(?<![\w'’\-])"
WORD_END = r"(?![\w'’\-])"
# Above the letters of any stretch of text (``check._STRETCH`` characters).
COUNTS = 1 << 32
# Above the number of words of any sentence (see ``Word.letters_only``).
CAPITALS = 1 << 32


@functools.cache
def only(bits: int) -> bytes:
    """The table for ``bytes.translate`` that maps a byte of flags to 1 if it has any
    of ``bits`` and to 0 if not."""
    return bytes(1 if flags & bits else 0 for flags in range(256))


def where(flags: bytes, bit: int) -> Iterable[int]:
    """The positions of the words whose flags have ``bit``, in order."""
    ones = flags.translate(only(bit))
    if ones.count(1) * 4 > len(ones):
        return compress(count(), ones)  # many: one pass in C
    # Few (most bits mark a word in ten or fewer): jumping from one to the next with
    # ``find`` skips the others in C, several times faster than ``compress``.
    return ones_in(ones)


def ones_in(ones: bytes) -> list[int]:
    """The positions of the 1s in ``ones`` (bytes of 0 and 1), in order."""
    out: list[int] = []
    append, find = out.append, ones.find
    at = find(1)
    while at != -1:
        append(at)
        at = find(1, at + 1)
    return out


class Sentences(NamedTuple):
    """The sentences of a text that have words, as parallel lists, and which sentence
    each word is in (every word is in exactly one: sentences end only at white
    space, line breaks and separators, which no word contains or touches)."""

    starts: list[int]  # where each sentence starts and ends in the text
    ends: list[int]
    firsts: list[int]  # the position of its first word
    stops: list[int]  # the position after its last word
    lengths: list[int]  # its number of words
    of_word: list[int]  # for each word, the number of its sentence
    is_last: bytearray  # for each word, 1 if it ends its sentence

    def slices(self) -> Iterator[slice]:
        """The word positions of each sentence, as slices."""
        return map(slice, self.firsts, self.stops)

    def each(self) -> Iterator[tuple[int, int, int, int]]:
        """``(start, end, first word, after last word)`` of each sentence."""
        return zip(self.starts, self.ends, self.firsts, self.stops, strict=True)


def sentences(starts: list[int], ends: list[int], word_starts: list[int]) -> Sentences:
    """The sentences from ``starts`` to ``ends`` that have words, given the starts of
    all their words."""
    # The words of a sentence are those that start in it, up to the next sentence's.
    firsts = list(map(bisect_left, repeat(word_starts), starts))
    stops = firsts[1:]
    if firsts:
        stops.append(len(word_starts))
    lengths = list(map(operator.sub, stops, firsts))
    if 0 in lengths:  # leave out the sentences without words ("...")
        keep = lengths.copy()
        starts, ends, firsts, stops, lengths = (
            list(compress(column, keep)) for column in (starts, ends, firsts, stops, lengths)
        )
    of_word = list(chain.from_iterable(map(repeat, range(len(starts)), lengths)))
    assert len(of_word) == len(word_starts), "a word outside every sentence"
    is_last = bytearray(len(word_starts))
    for stop in stops:
        is_last[stop - 1] = 1
    return Sentences(starts, ends, firsts, stops, lengths, of_word, is_last)


def by_sentence(positions: Iterable[int], sents: Sentences) -> Iterator[tuple[int, list[int]]]:
    """Word positions (in order) grouped by sentence: ``(sentence, positions)``."""
    for si, group in groupby(positions, sents.of_word.__getitem__):
        yield si, list(group)


class Stretch(NamedTuple):
    """One stretch of whole sentences, as every check sees it. The checks run in the
    order of ``checks.CHECKS``; ``covered``, ``explains`` and ``officialese`` are
    written by the list matches (the first check) and read by the checks after it."""

    words: WordSpans  # every word: where it starts and ends, its text and look-up key
    infos: list[Word]  # what each word is
    flags: bytes  # Word.flags of each word, one byte a word
    sents: Sentences
    covered: bytearray  # 1 for the words of a list match
    # The words of each "explain" match, with the number of its sentence, in order.
    explains: list[tuple[int, Sequence[str]]]
    # The numbers of the sentences where a list gave a finding ("among officialese"):
    # not those with only the product's own words or a care term's plain sense.
    officialese: set[int]
