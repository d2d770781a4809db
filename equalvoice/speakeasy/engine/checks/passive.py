"""Possible passive voice: a form of "be", up to two adverbs ("not", "-ly" words...),
then a past participle (an "-ed" word or a known irregular one), as ``PASSIVE_RE``
finds it. Common adjectives ("interested", "worried", "disabled") are left alone.

The pattern is tried only where a word ends with "is", "was"... (``AT_BE``) and a
word that may be a participle (``Word.participle``) or start another match follows
within three words; in a sentence with words that are not plain ASCII it reads the
whole sentence.
"""

from __future__ import annotations

import re

from .base import Check
from .stretch import (
    ALNUM,
    AT_BE,
    BE_UNSURE,
    NO_BE,
    WORD_END,
    WORD_START,
    Stretch,
    where,
)

PASSIVE_RE = re.compile(
    rf"{WORD_START}(am|is|are|was|were|be|been|being|isn't|aren't|wasn't|weren't|isn’t|"
    rf"aren’t|wasn’t|weren’t)\s+(?:(?:not|never|also|often|always|usually|then|being|"
    rf"already|still|just|now|all|{ALNUM}+ly)\s+){{0,2}}({ALNUM}+){WORD_END}",
    re.IGNORECASE,
)
IRREGULAR_PARTICIPLES = frozenset(
    [
        "done",
        "made",
        "given",
        "taken",
        "seen",
        "known",
        "shown",
        "told",
        "sold",
        "held",
        "paid",
        "said",
        "sent",
        "spent",
        "built",
        "brought",
        "bought",
        "caught",
        "taught",
        "thought",
        "found",
        "kept",
        "left",
        "lost",
        "meant",
        "met",
        "put",
        "run",
        "set",
        "shut",
        "cut",
        "hit",
        "hurt",
        "let",
        "led",
        "fed",
        "felt",
        "heard",
        "hidden",
        "written",
        "driven",
        "ridden",
        "risen",
        "eaten",
        "beaten",
        "forgotten",
        "chosen",
        "frozen",
        "spoken",
        "stolen",
        "broken",
        "woken",
        "sworn",
        "torn",
        "worn",
        "drawn",
        "grown",
        "thrown",
        "blown",
        "flown",
        "sung",
        "rung",
        "drunk",
        "begun",
        "won",
        "hung",
        "struck",
        "stuck",
        "dug",
        "spun",
        "understood",
        "withdrawn",
        "undertaken",
        "overtaken",
        "mistaken",
        "forgiven",
        "forbidden",
        "bitten",
        "shaken",
        "sought",
        "fought",
        "bound",
        "laid",
        "slept",
        "swept",
        "dealt",
        "lent",
        "bent",
        "rebuilt",
        "upheld",
        "withheld",
        "overseen",
        "foreseen",
        "misunderstood",
        "overcome",
        "shut",
        "spread",
        "bid",
        "forgot",
        "got",
        "gotten",
        # Regular, but "-eed" words are skipped by rule ("need", "indeed", "speed").
        "agreed",
        "disagreed",
        "guaranteed",
        "decreed",
        "freed",
        "refereed",
    ]
)
# "by" and the doer, straight after the participle or one word later ("was agreed
# by", "was agreed today by"). Not the doer:
# - a deadline: a clock time, a date or a year ("by 3.30pm", "by 17:00", "by 5 May",
#   "by 2026"), a day, a month or a named time ("by Friday", "by midnight"), or a word
#   of time, after "the", "next" or "this" or not, that ends the phrase ("by the end
#   of June", "by the next day", "by the weekend."); a word of time followed by a
#   noun is a doer ("by the day centre", "by the weekend team");
# - a means: how something is sent or paid, or the law ("by post", "by direct debit",
#   "by law").
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DEADLINE = (
    r"(?:\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)"
    r"|\d{1,2}[.:]\d{2}\b"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b"
    r"|\d{1,2}/\d{1,2}\b"
    r"|(?:19|20)\d{2}\b"
    r"|(?:(?:the|next|this)\s+){0,2}(?:midnight|midday|noon|monday|tuesday|wednesday|"
    rf"thursday|friday|saturday|sunday|{_MONTHS}|tomorrow|tonight|today|then)\b"
    r"|(?:(?:the|next|this)\s+){0,2}(?:end|start|beginning|deadline|time|date|day|week|"
    r"weekend|month|year|morning|afternoon|evening)\b"
    r"(?=\s*(?:[^\w\s]|$)|\s+(?:of|after|before|at|on|in|when|if|so|and|or|to|you|we|"
    r"they|it|latest|please)\b))"
)
_MEANS = (
    r"(?:post|email|e-mail|phone|telephone|text|letter|hand|cheque|cash|card|debit\s+card|"
    r"credit\s+card|direct\s+debit|standing\s+order|bank\s+transfer|online|law)\b"
)
BY_DOER_RE = re.compile(
    rf"\s+(?:{ALNUM}+\s+)?by\s+(?!{_DEADLINE}|{_MEANS}){ALNUM}",
    re.IGNORECASE,
)
NOT_PASSIVE = frozenset(
    [
        "interested",
        "tired",
        "worried",
        "scared",
        "pleased",
        "excited",
        "bored",
        "married",
        "concerned",
        "involved",
        "supposed",
        "used",
        "based",
        "located",
        "aged",
        "qualified",
        "skilled",
        "talented",
        "experienced",
        "advanced",
        "detailed",
        "limited",
        "related",
        "connected",
        "prepared",
        "determined",
        "committed",
        "dedicated",
        "disabled",
        "unemployed",
        "retired",
        "satisfied",
        "dissatisfied",
        "confused",
        "embarrassed",
        "frightened",
        "annoyed",
        "amazed",
        "surprised",
        "shocked",
        "ashamed",
        "relaxed",
        "stressed",
        "depressed",
        "closed",
        "crowded",
        "complicated",
        "sophisticated",
        "devoted",
        "entitled",
        "named",
        "called",
        "born",
        "red",
        "bed",
        "need",
        "feed",
        "seed",
        "speed",
        "shed",
        "wed",
        "hundred",
        "sacred",
        "naked",
        "wicked",
        "ragged",
        "rugged",
        "learned",
        "beloved",
        "blessed",
        "exhausted",
        "delighted",
        "thrilled",
        "overwhelmed",
        "tired",
        "stuck",
        "lost",
        "done",
    ]
)


# "is", "was"... as PASSIVE_RE starts (in look-up keys: plain apostrophes).
BE = ("am", "is", "are", "was", "were", "be", "been", "being") + tuple(
    w + "n't" for w in ("is", "are", "was", "were")
)
# The members of ``BE`` that a key ends with, in the order of ``BE``.
_BE_ENDINGS: dict[str, tuple[str, ...]] = {}
_JOINER_RE = re.compile(r"['’‐‑\-.]")


def ends_with_be(key: str) -> bool:
    """Whether a match of ``PASSIVE_RE`` may start in the word of ``key`` (plain
    ASCII): the word ends with "is", "was"..., whole or after "." or "-"."""
    return any(key.endswith(w) and (len(key) == len(w) or key[-len(w) - 1] in ".-") for w in BE)


def may_be_participle(key: str) -> bool:
    """Whether the participle of ``PASSIVE_RE`` may be in the word of ``key`` (plain
    ASCII): the pattern's participle is the first run of letters and digits of a
    word (up to an apostrophe, hyphen or full stop)."""
    first_run = _JOINER_RE.split(key, maxsplit=1)[0]
    return first_run not in NOT_PASSIVE and (
        first_run in IRREGULAR_PARTICIPLES
        or (len(first_run) > 4 and first_run.endswith("ed") and not first_run.endswith("eed"))
    )


class Passive(Check):
    """Flag "is/was... (adverbs) past participle"."""

    kinds = ("passive",)
    __slots__ = ("_among", "_sentence_ends")
    _among: set[int] | None
    _sentence_ends: list[int]

    def find(self, stretch: Stretch) -> None:
        """Flag "is/was... (adverbs) past participle" in the sentences with a word that
        may end with "is", "was"..."""
        words, infos, flags, sents = stretch.words, stretch.infos, stretch.flags, stretch.sents
        text = self.job.text
        be_at = list(where(flags, AT_BE))
        of_word, stops, sentence_ends = sents.of_word, sents.stops, sents.ends
        unsure = {of_word[k] for k in be_at if infos[k].be == BE_UNSURE}
        keys, word_ends = words.keys, words.ends
        read: set[int] = set()  # the sentences of ``unsure`` already read
        after = 0  # matches do not overlap
        # At plain level a passive is flagged only among officialese or with its doer
        # named ("was agreed by the board"); at easy read, every one.
        self._among = stretch.officialese if self.job.level == "plain" else None
        self._sentence_ends = sentence_ends
        for k in be_at:
            si = of_word[k]
            if si in unsure:
                # Words that are not plain ASCII: the pattern reads the whole sentence,
                # once.
                if si not in read:
                    read.add(si)
                    for m in PASSIVE_RE.finditer(text, sents.starts[si], sentence_ends[si]):
                        self._found(m, si)
                continue
            # A match starting at word k ends within the next three words, its
            # participle the first run of one of them: where none of them may be a
            # participle, the match gives no finding, and where none of them may start
            # a match either, leaving it out changes no other match. Every match starts
            # where a word ends with "is", "was"...
            j, last = k + 1, min(k + 4, stops[si])
            while j < last and infos[j].be == NO_BE and not infos[j].participle:
                j += 1
            if j == last:
                continue
            key, stop, end = keys[k], word_ends[k], sentence_ends[si]
            endings = _BE_ENDINGS.get(key)
            if endings is None:
                endings = tuple(w for w in BE if key.endswith(w))
                if len(_BE_ENDINGS) < 10_000:
                    _BE_ENDINGS[key] = endings
            for w in endings:
                at = stop - len(w)
                if at >= after:
                    got = PASSIVE_RE.match(text, at, end)
                    if got is not None:
                        after = got.end()
                        self._found(got, si)

    def _found(self, m: re.Match[str], si: int) -> None:
        """Add a finding for a match of ``PASSIVE_RE`` if its participle is one."""
        part = m.group(2).lower()
        if part in NOT_PASSIVE:
            return
        among = self._among
        if (
            among is not None
            and si not in among
            # The doer is looked for in the sentence only: "By 2026 ..." after a
            # line break starts another.
            and not BY_DOER_RE.match(self.job.text, m.end(), self._sentence_ends[si])
        ):
            return
        if part in IRREGULAR_PARTICIPLES or (
            len(part) > 4 and part.endswith("ed") and not part.endswith("eed")
        ):
            self.job.add(
                "passive",
                m.start(),
                m.end(),
                "This may be passive. Say who does what: “we sent the letter”, "
                "not “the letter was sent”.",
            )
