"""``check(text, level, extra_words)``: the whole plain-language check.

The text is split into sentences, then read a stretch of whole sentences at a time (so
memory stays small and time grows in step with the text). Each stretch is split into
words once, and each word is looked up once (``checks.words``, cached per word). Then
each check of ``checks.CHECKS`` looks at the stretch, in order: the word lists,
acronyms, uncommon words, passive voice, "-tion of" nominalisations, long sentences
and, for easy read, sentences with more than one idea (one module each in
``checks/``); each looks only in the sentences whose words say a finding may be
there. The findings are the same whatever the order in which they are found: they
are sorted, and only the most useful kind is kept for a span, at the end.
"""

from __future__ import annotations

import operator
from bisect import bisect_left
from collections.abc import Iterable, Sequence

from . import lexicon
from .checks import CHECKS, Check, Job, Level
from .checks.long_sentences import LONG_SENTENCE
from .checks.passive import IRREGULAR_PARTICIPLES, NOT_PASSIVE
from .checks.stretch import COUNTS, Stretch, sentences
from .checks.uncommon import UNCOMMON_MAX_ZIPF
from .checks.words import describe_all
from .lexicon import WordEntry
from .report import Report
from .text import WordSpans, sentence_bounds, word_offsets

__all__ = [
    "IRREGULAR_PARTICIPLES",
    "LONG_SENTENCE",
    "NOT_PASSIVE",
    "UNCOMMON_MAX_ZIPF",
    "Level",
    "check",
    "run_checks",
    "stretch_of",
]

# The text is checked a stretch of whole sentences of about this many characters at a
# time: long enough that the work per stretch does not show, short enough that the
# words of a stretch take little memory.
_STRETCH = 50_000
# Each fact of a list of ``Word``, as ``map`` takes it.
_KEY = operator.attrgetter("key")
_COUNTS_OF = operator.attrgetter("counts")
_FLAGS = operator.attrgetter("flags")
# The checks of ``CHECKS`` that run at each level, in order.
_AT_LEVEL: dict[str, tuple[type[Check], ...]] = {
    level: tuple(one for one in CHECKS if level in one.levels) for level in ("plain", "easy_read")
}


def run_checks(
    text: str,
    level: Level,
    checks: Sequence[type[Check]] = CHECKS,
    extra: tuple[WordEntry, ...] = (),
    vet: bool = True,
) -> Report:
    """``check()`` with only ``checks`` (those of them for ``level``), in the order
    given: for a test of one check alone. ``extra`` is an organisation's own words.
    ``vet=False`` leaves the lists' suggestions unchecked (see ``suggestions``)."""
    job = Job(text, level, extra, vet)
    at_level = _AT_LEVEL[level] if checks is CHECKS else [c for c in checks if level in c.levels]
    made = [make(job) for make in at_level]
    starts, ends = sentence_bounds(text)
    totals = (0, 0, 0, 0)
    lo = 0
    while lo < len(starts):
        hi = bisect_left(starts, starts[lo] + _STRETCH, lo + 1)
        counts = _find_in(text, starts[lo:hi], ends[lo:hi], made)
        totals = (
            totals[0] + counts[0],
            totals[1] + counts[1],
            totals[2] + counts[2],
            totals[3] + counts[3],
        )
        lo = hi
    # The words and sentences are gone before the findings are made, so that the
    # garbage collector does not visit them again and again.
    return Report(
        findings=job.findings(),
        sentences=totals[0],
        words=totals[1],
        syllables=totals[2],
        letters=totals[3],
        level=level,
        notes=sorted(job.notes),
    )


def stretch_of(text: str, starts: list[int], ends: list[int]) -> Stretch:
    """The stretch of the sentences of ``text`` that start at ``starts`` and end at
    ``ends`` (at least one), as the checks see it: split into words, each word
    described, nothing found yet."""
    word_starts, word_ends, texts = word_offsets(text, starts[0], ends[-1])
    infos = describe_all(texts)
    return Stretch(
        WordSpans(word_starts, word_ends, texts, list(map(_KEY, infos))),
        infos,
        bytes(map(_FLAGS, infos)),
        sentences(starts, ends, word_starts),
        bytearray(len(texts)),
        [],
        set(),
    )


def _find_in(
    text: str, starts: list[int], ends: list[int], checks: list[Check]
) -> tuple[int, int, int, int]:
    """Run ``checks`` on the sentences that start at ``starts`` and end at ``ends``
    (at least one); return the numbers of sentences, words, syllables and letters."""
    stretch = stretch_of(text, starts, ends)
    for one in checks:
        one.find(stretch)
    infos = stretch.infos
    syllables, letters = divmod(sum(map(_COUNTS_OF, infos)), COUNTS)
    return len(stretch.sents.starts), len(infos), syllables, letters


def check(
    text: str,
    level: Level | str = "plain",
    extra_words: Iterable[WordEntry | tuple[object, ...] | dict[str, object] | str] | None = None,
) -> Report:
    """Check ``text`` for plain English (``level="plain"``) or easy read
    (``level="easy_read"``; "easy-read" is accepted too).

    ``extra_words`` is an organisation's own list, on top of the bundled ones:
    ``WordEntry`` objects (or ``(term, suggestions, explanation, mode)`` tuples).
    Returns a ``Report``; every finding's ``text`` is ``text[start:end]``.
    """
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    lvl = level.replace("-", "_") if isinstance(level, str) else level
    if lvl not in ("plain", "easy_read"):
        raise ValueError("level must be 'plain' or 'easy_read'")
    checked_level: Level = "plain" if lvl == "plain" else "easy_read"
    entries = lexicon.coerce_entries(extra_words)
    return run_checks(text, checked_level, CHECKS, entries)
