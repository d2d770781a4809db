"""Splitting text into sentences and words, and counting syllables.

Everything here works on the original string and returns offsets into it, so a
finding's ``text`` is always ``text[start:end]``. Nothing is normalised in place: we
only build lower-case *keys* for look-ups. All regular expressions are linear (no
nested quantifiers over the same characters), so time grows in step with the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import NamedTuple

# Combining marks (so an NFD "café" stays one word) and the joiners used inside words.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u200c\u200d"
# A run of word characters: letters and digits ([^\W_]) or marks. The two classes
# share no character, so each character can be matched in only one way (and
# matching runs of each is much faster than one character at a time).
_WORD_RUN = rf"(?:[^\W_]+|[{_MARKS}]+)+"
# A word: letters, digits and marks, with single inner apostrophes, hyphens or dots
# ("don't", "co-production", "e.g", "nhs.uk"). Each inner joiner must be followed by
# a word character, so the pattern cannot backtrack badly.
WORD_RE = re.compile(rf"{_WORD_RUN}(?:['’‐‑\-.]{_WORD_RUN})*")
# Splitting on a word pattern with one group gives the pieces gap, word, gap, word...,
# gap: they add up to the whole text, so their running total gives each word's offsets.
_SPLIT_RE = re.compile(rf"({WORD_RE.pattern})")
# Without combining marks or joiners in the text, a run of word characters is just
# [^\W_]+: the same words as WORD_RE, found about twice as fast.
_MARK_RE = re.compile(rf"[{_MARKS}]")
_PLAIN_SPLIT_RE = re.compile(r"([^\W_]+(?:['’‐‑\-.][^\W_]+)*)")
# On ASCII text [^\W_] is [a-zA-Z0-9]: the same words, found faster.
_ASCII_SPLIT_RE = re.compile(r"([a-zA-Z0-9]+(?:['’‐‑\-.][a-zA-Z0-9]+)*)")

# Candidate sentence ends: terminal punctuation (with closing quotes or brackets)
# followed by white space or the end, a blank line, a single line break, or the
# Unicode line and paragraph separators. The leading look-ahead lets the search skip
# quickly to the next character that can start one. After terminal punctuation, group
# 1 is the next character that is not white space ("" at the end of the text).
_BOUNDARY_RE = re.compile(
    r"(?=[.!?…‽\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85])"
    r"(?:[.!?…‽]+[\"'’”)\]]*(?=\s|\Z)(?=\s*(\S?))"
    r"|(?:\r\n|\r|\n)[ \t\f\v]*(?:\r\n|\r|\n)\s*"
    r"|\r\n|\r|\n|[\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85])"
)
_BULLET_RE = re.compile(r"[ \t]*(?:[-*•·–—▪‣◦]|\d{1,3}[.)]|[a-zA-Z][.)])\s")
# White space (as str.isspace) and zero-width spaces.
_SPACE_RUN_RE = re.compile(r"[\s\u200b\ufeff]*")
_WORD_BACK_RE = re.compile(r"(?:[^\W_]+|[.'’]+)*")

# Words that end with a full stop without ending the sentence.
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "mt",
        "no",
        "nos",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "eg",
        "ie",
        "cf",
        "approx",
        "dept",
        "govt",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "tel",
        "ext",
        "ref",
        "fig",
        "inc",
        "ltd",
        "co",
        "corp",
        "est",
        "min",
        "max",
        "ave",
        "rd",
        "cllr",
        "rev",
        "hon",
        "lt",
        "col",
        "gen",
        "sgt",
        "capt",
        "jr",
        "sr",
    ]
)

_LONGEST_ABBREVIATION = max(map(len, ABBREVIATIONS))


class Token(NamedTuple):
    start: int
    end: int
    text: str
    key: str  # lower case, curly apostrophes and odd hyphens made plain


_KEY_TABLE = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-"})


_KEYS: dict[str, str] = {}


def make_key(word: str) -> str:
    """The look-up key of a word: lower case with plain apostrophes and hyphens."""
    key = _KEYS.get(word)
    if key is None:
        key = word.lower().translate(_KEY_TABLE)
        if len(_KEYS) < 300_000:
            _KEYS[word] = key
    return key


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The words of ``text[start:end]`` with their offsets in ``text``."""
    stop = len(text) if end is None else end
    return [
        Token(m.start(), m.end(), m.group(), make_key(m.group()))
        for m in WORD_RE.finditer(text, start, stop)
    ]


class WordSpans(NamedTuple):
    """The words of a stretch of text as parallel lists: the same facts as a list of
    ``Token``, cheaper to build and to scan."""

    starts: Sequence[int]
    ends: Sequence[int]
    texts: Sequence[str]
    keys: Sequence[str]


def word_offsets(
    text: str, start: int = 0, end: int | None = None
) -> tuple[list[int], list[int], list[str]]:
    """The words of ``text[start:end]`` (those of ``WORD_RE``) as three parallel
    lists: where each starts and ends in ``text``, and its text."""
    part = text[start:end]
    if part.isascii():
        splitter = _ASCII_SPLIT_RE
    elif _MARK_RE.search(part) is not None:
        splitter = _SPLIT_RE
    else:
        splitter = _PLAIN_SPLIT_RE
    pieces = splitter.split(part)  # gap, word, gap, word..., gap
    offsets = list(accumulate(map(len, pieces), initial=start))  # where each piece starts
    return offsets[1:-1:2], offsets[2::2], pieces[1::2]


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    if end - start > 1 and text[start] == " " and text[start + 1].isalnum():
        start += 1  # the usual case: one space after the sentence before
    else:
        spaces = _SPACE_RUN_RE.match(text, start, end)
        assert spaces is not None  # it matches everywhere, if only the empty string
        start = spaces.end()
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\u200b\ufeff"):
        end -= 1
    return start, end


# ``_after_abbreviation`` by the characters just before the full stop, when they hold
# the whole word (and so decide the answer).
_TAIL = _LONGEST_ABBREVIATION + 2
_AFTER_ABBREVIATION: dict[str, bool] = {}


def _after_abbreviation(text: str, pos: int) -> bool:
    """Whether the word just before ``pos`` is a known abbreviation or a single
    letter (an initial), so that a full stop at ``pos`` does not end the sentence."""
    tail = text[pos - _TAIL : pos] if pos >= _TAIL else None
    if tail is not None:
        got = _AFTER_ABBREVIATION.get(tail)
        if got is not None:
            return got
    span = _LONGEST_ABBREVIATION + 1
    if pos >= span and text[pos - span : pos].isalnum():
        got = False  # a word longer than any abbreviation
    else:
        prev = _previous_word(text, pos)
        got = prev in ABBREVIATIONS or (len(prev) == 1 and prev.isalpha())
    # The answer depends only on ``tail`` when ``tail`` is all letters and digits (the
    # test above) or holds the start of the word (a character the word cannot have).
    if (
        tail is not None
        and len(_AFTER_ABBREVIATION) < 10_000
        and (not got and tail[1:].isalnum() or _WORD_BACK_RE.match(tail[::-1]).end() < _TAIL)  # type: ignore[union-attr]
    ):
        _AFTER_ABBREVIATION[tail] = got
    return got


def _previous_word(text: str, pos: int) -> str:
    """The word just before ``pos`` (used to spot abbreviations like "Dr.")."""
    # The longest run of letters, digits ([^\W_] is str.isalnum), full stops and
    # apostrophes ending at ``pos``, at most 40 characters: matched on the reversed text.
    lo = max(0, pos - 40)
    run = _WORD_BACK_RE.match(text[lo:pos][::-1])
    i = pos - run.end() if run is not None else pos
    return text[i:pos].lower().rstrip(".")


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` for each sentence of ``text``, in order, without the
    white space around it. Empty stretches are skipped.

    A sentence ends at ".", "!", "?" or "…" followed by white space (unless the word
    before is a known abbreviation such as "Dr." or a single initial, or the next
    word starts with a small letter), at a blank line, and at a single line break
    when the next line starts with a list marker or the line is short (a heading
    or a list item): hard-wrapped prose does not end its sentences at each line.
    """
    starts, ends = sentence_bounds(text)
    yield from zip(starts, ends, strict=True)


def sentence_bounds(text: str) -> tuple[list[int], list[int]]:
    """Where the sentences of ``sentence_spans`` start, and where they end, as two
    lists."""
    starts: list[int] = []
    ends: list[int] = []
    n = len(text)
    start = 0
    line_start = 0
    for m in _BOUNDARY_RE.finditer(text):
        token = m.group()
        first = token[0]
        if first in ".!?…‽":
            following = m.group(1)
            if following and following.islower():
                continue
            if (
                first == "."
                and (len(token) == 1 or len(token.rstrip("\"'’”)]")) == 1)
                and _after_abbreviation(text, m.start())
            ):
                continue
            cut = resume = m.end()
        else:
            # Line breaks: a blank line always ends a sentence.
            is_blank = token.count("\n") + token.count("\r") - token.count("\r\n") > 1
            if not is_blank and first in "\r\n":
                line = text[line_start : m.start()]
                line_start = m.end()
                bullet = _BULLET_RE.match(text, m.end()) is not None
                if not bullet and len(line.strip()) >= 50:
                    continue
            line_start = m.end()
            cut, resume = m.start(), m.end()
        s, e = _strip_span(text, start, cut)
        if s < e:
            starts.append(s)
            ends.append(e)
        start = resume
    s, e = _strip_span(text, start, n)
    if s < e:
        starts.append(s)
        ends.append(e)
    return starts, ends


# --- Syllables -------------------------------------------------------------------

_VOWEL_GROUP_RE = re.compile(r"[aeiouy]+")
_SPLIT_PAIR_RE = re.compile(r"(?<![tscgqx])(?:ia|io|eo|ua|uo|iu)")
_SYLLABLE_CACHE: dict[str, int] = {}
_SYLLABLE_EXCEPTIONS = {
    "the": 1,
    "every": 2,
    "everyone": 3,
    "area": 3,
    "idea": 3,
    "being": 2,
    "people": 2,
    "business": 2,
    "different": 3,
    "evening": 2,
    "science": 2,
    "poem": 2,
    "create": 2,
    "created": 3,
    "really": 2,
    "usually": 4,
    "family": 3,
    "interest": 3,
    "interesting": 4,
    "several": 3,
    "average": 3,
    "naive": 2,
    "queue": 1,
    "fire": 1,
    "hour": 1,
    "our": 1,
}


def syllables(word: str) -> int:
    """Estimate the syllables in an English word (at least 1 for any word).

    A rule-of-thumb count of vowel groups, with fixes for a silent final "e",
    "-le", "-ed" and "-es" endings and a few common exceptions. It agrees with a
    pronouncing dictionary for most everyday words, which is all the readability
    formulas need.
    """
    w = word.lower()
    cached = _SYLLABLE_CACHE.get(w)
    if cached is not None:
        return cached
    count = _count_syllables(w)
    if len(_SYLLABLE_CACHE) < 200_000:
        _SYLLABLE_CACHE[w] = count
    return count


def _count_syllables(w: str) -> int:
    if w in _SYLLABLE_EXCEPTIONS:
        return _SYLLABLE_EXCEPTIONS[w]
    letters = "".join(ch for ch in w if "a" <= ch <= "z")
    if not letters:
        return 1
    if "-" in w:
        parts = [p for p in w.split("-") if p]
        if len(parts) > 1:
            return sum(_count_syllables(p) for p in parts)
    w = letters
    if len(w) <= 3:
        return 1
    count = len(_VOWEL_GROUP_RE.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye", "ie")) and count > 1:
        count -= 1
    elif w.endswith("le") and len(w) > 2 and w[-3] not in "aeiouy" and count == 1:
        count += 1
    if (
        w.endswith("ed")
        and len(w) > 3
        and w[-3] not in "td"
        and count > 1
        or (
            w.endswith("es")
            and len(w) > 3
            and w[-3] not in "scxzgh"
            and not w.endswith(("ies", "ees", "yes"))
            and count > 1
        )
    ):
        count -= 1
    # Vowel pairs usually said as two syllables ("radio", "video", "usual"), but
    # not in "-tion", "-cial", "-gion", "qua-" and the like.
    count += len(_SPLIT_PAIR_RE.findall(w))
    return max(1, count)
