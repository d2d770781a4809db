"""``check(text, level, extra_words)``: the whole plain-language check.

The text is split into sentences, then read a stretch of whole sentences at a time (so
memory stays small and time grows in step with the text). Each stretch is split into
words once, and each word is looked up once (cached per word). In each sentence we
match the word lists, then look for acronyms, uncommon words, passive voice, "-tion
of" nominalisations, long sentences and, for easy read, sentences with more than one
idea; each of these is looked for only in the sentences whose words say it may be
there. The findings are the same whatever the order in which they are found: they
are sorted, and only the most useful kind is kept for a span, at the end.
"""

from __future__ import annotations

import functools
import operator
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from functools import reduce
from itertools import chain, compress, count, groupby, repeat
from typing import Literal, NamedTuple

from . import complexity, lexicon
from .lexicon import Index, WordEntry
from .report import KINDS, Finding, Report
from .text import WordSpans, make_key, sentence_bounds, syllables, word_offsets

Level = Literal["plain", "easy_read"]
LONG_SENTENCE = {"plain": 20, "easy_read": 15}
# The text is checked a stretch of whole sentences of about this many characters at a
# time: long enough that the work per stretch does not show, short enough that the
# words of a stretch take little memory.
_STRETCH = 50_000
# Words at least this common (Zipf) are never called uncommon.
UNCOMMON_MAX_ZIPF = 4.5
_ORDER = {kind: i for i, kind in enumerate(KINDS)}

_W = r"[^\W_]"
_B = r"(?<![\w'’\-])"  # start of a word
_E = r"(?![\w'’\-])"  # end of a word

_PASSIVE_RE = re.compile(
    rf"{_B}(am|is|are|was|were|be|been|being|isn't|aren't|wasn't|weren't|isn’t|aren’t|"
    rf"wasn’t|weren’t)\s+(?:(?:not|never|also|often|always|usually|then|being|already|"
    rf"still|just|now|all|{_W}+ly)\s+){{0,2}}({_W}+){_E}",
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
    ]
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

_JOINERS = frozenset(
    [
        "because",
        "which",
        "although",
        "though",
        "whereas",
        "unless",
        "while",
        "whilst",
        "but",
        "so",
        "however",
        "therefore",
    ]
)
_SUBJECTS = frozenset(
    ["i", "you", "we", "they", "he", "she", "it", "there", "this", "that", "people"]
)
_AND_OR_THEN = frozenset(["and", "or", "then"])
_FINITE = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "am",
        "will",
        "would",
        "can",
        "could",
        "should",
        "must",
        "may",
        "might",
        "shall",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "won't",
        "can't",
        "don't",
        "doesn't",
        "didn't",
    ]
)
# What may start a new idea after "and", "or" or "then".
_CLAUSE_START = _SUBJECTS | _FINITE

_NOMINAL_RE = re.compile(
    rf"{_B}(?:the|an?)\s+({_W}{{4,}}(?:ation|ition|tion|sion|ment))\s+of{_E}", re.IGNORECASE
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


def _nominal_verb(noun: str) -> str | None:
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


def _cap(s: str, like: str) -> str:
    if like[:1].isupper() and not like.isupper() and s[:1].islower():
        return s[:1].upper() + s[1:]
    return s


class _Sentences(NamedTuple):
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


def _sentences(starts: list[int], ends: list[int], word_starts: list[int]) -> _Sentences:
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
    return _Sentences(starts, ends, firsts, stops, lengths, of_word, is_last)


def _by_sentence(positions: Iterable[int], sents: _Sentences) -> Iterator[tuple[int, list[int]]]:
    """Word positions (in order) grouped by sentence: ``(sentence, positions)``."""
    for si, group in groupby(positions, sents.of_word.__getitem__):
        yield si, list(group)


def _may_start(flags: bytes) -> bytes:
    """1 for each word that starts a one-word rule, or starts a longer rule and comes
    before a word that may be the second word of one; 0 for the others."""
    single = int.from_bytes(flags.translate(_only(_AT_SINGLE)), "little")
    first = int.from_bytes(flags.translate(_only(_AT_LEAD)), "little")
    # One byte a word, the first word lowest: shifting by a byte puts each word's
    # flag in the place of the word before.
    second_next = int.from_bytes(flags.translate(_only(_AT_SECOND)), "little") >> 8
    return (single | (first & second_next)).to_bytes(len(flags), "little")


def _where(flags: bytes, bit: int) -> Iterator[int]:
    """The positions of the words whose flags have ``bit``, in order."""
    return compress(count(), flags.translate(_only(bit)))


class _Checker:
    """One check of one text.

    The text is split into words once, and each word is looked up once (``_Word``,
    cached per word). Each kind of finding is then looked for only in the sentences
    whose words say it may be there. Until the end, findings are kept in parallel
    lists of plain values (fewer objects for the garbage collector to visit).
    """

    def __init__(self, text: str, level: Level, extra: tuple[WordEntry, ...]) -> None:
        self.text = text
        self.level = level
        self.indexes: list[Index] = [lexicon.base_index()]
        if extra:
            self.indexes.insert(0, lexicon.extra_index(extra))
        self.common = lexicon.common_acronyms()
        thresholds = complexity.model()["thresholds"]
        self.uncommon_threshold = float(thresholds[level])
        self.word_model = complexity.word_model()
        self.explained: set[str] = set()
        self.acronyms_seen: set[str] = set()
        # The findings so far: where each is, as one number that sorts by start, end
        # and then rank of kind (``_ORDER``), and its kind, message and suggestions.
        self.places = len(text) + 1
        self.found_at: list[int] = []
        self.found_kinds: list[str] = []
        self.found_messages: list[str] = []
        self.found_suggestions: list[Sequence[str]] = []

    def add(self, kind: str, start: int, end: int, message: str, sugg: Sequence[str] = ()) -> None:
        self.found_at.append((start * self.places + end) * len(KINDS) + _ORDER[kind])
        self.found_kinds.append(kind)
        self.found_messages.append(message)
        self.found_suggestions.append(sugg)

    # -- Whole text ---------------------------------------------------------------------

    def run(self) -> Report:
        # The words and sentences are gone before the findings are made, so that the
        # garbage collector does not visit them again and again.
        sentences, words, syllables, letters = self._find_all()
        return Report(
            findings=self._tidy(),
            sentences=sentences,
            words=words,
            syllables=syllables,
            letters=letters,
            level=self.level,
        )

    def _find_all(self) -> tuple[int, int, int, int]:
        """Look for every kind of finding, a stretch of whole sentences at a time (so
        that memory stays small); return the numbers of sentences, words, syllables
        and letters."""
        starts, ends = sentence_bounds(self.text)
        totals = (0, 0, 0, 0)
        lo = 0
        while lo < len(starts):
            hi = bisect_left(starts, starts[lo] + _STRETCH, lo + 1)
            counts = self._find_in(starts[lo:hi], ends[lo:hi])
            totals = (
                totals[0] + counts[0],
                totals[1] + counts[1],
                totals[2] + counts[2],
                totals[3] + counts[3],
            )
            lo = hi
        return totals

    def _find_in(self, starts: list[int], ends: list[int]) -> tuple[int, int, int, int]:
        """``_find_all`` for the sentences that start at ``starts`` and end at
        ``ends`` (at least one)."""
        text = self.text
        word_starts, word_ends, texts = word_offsets(text, starts[0], ends[-1])
        infos = _describe_all(texts)
        words = WordSpans(word_starts, word_ends, texts, list(map(_KEY, infos)))
        flags = bytes(map(_FLAGS, infos))
        sents = _sentences(starts, ends, word_starts)
        covered = bytearray(len(texts))  # 1 for the words of a list match
        explains = self._list_matches(words, infos, flags, sents, covered)
        self._acronyms(words, flags, sents, covered, explains)
        self._uncommon(words, infos, flags, sents, covered)
        self._passive(words, infos, flags, sents)
        self._nominal_suffix(words, flags, sents, covered)
        self._long_sentences(sents)
        if self.level == "easy_read":
            self._many_ideas(words, sents)
        syllables, letters = divmod(sum(map(_COUNTS_OF, infos)), _COUNTS)
        return len(sents.starts), len(texts), syllables, letters

    def _tidy(self) -> list[Finding]:
        """The findings in text order (by start, then end), keeping only the most
        useful kind for a given span."""
        text, at, places, kinds = self.text, self.found_at, self.places, len(KINDS)
        found_kinds, messages, found_suggestions = (
            self.found_kinds,
            self.found_messages,
            self.found_suggestions,
        )
        out: list[Finding] = []
        last = -1
        for i in sorted(range(len(at)), key=at.__getitem__):
            place = at[i] // kinds
            if place == last:
                continue  # the same span as the finding before, of a less useful kind
            last = place
            start, end = divmod(place, places)
            piece = text[start:end]
            sugg = found_suggestions[i]
            suggestions = [_cap(s, piece) for s in sugg] if sugg else []
            out.append(Finding(found_kinds[i], start, end, piece, messages[i], suggestions))
        return out

    # -- Each kind of finding -------------------------------------------------------------

    def _list_matches(
        self,
        words: WordSpans,
        infos: list[_Word],
        flags: bytes,
        sents: _Sentences,
        covered: bytearray,
    ) -> list[tuple[int, Sequence[str]]]:
        """Match the word lists, sentence by sentence, marking the words they cover.
        Returns the words of each "explain" match with its sentence, in order."""
        keys = words.keys
        if len(self.indexes) == 1:
            # Words that start a one-word rule, or a longer one whose second word
            # may come next (lexicon.match checks the rest).
            is_last = sents.is_last
            starters = [
                k
                for k in compress(count(), _may_start(flags))
                if (lead := infos[k].lead)
                and (lead[0] or (not is_last[k] and not lead[1].isdisjoint(infos[k + 1].forms)))
            ]
        else:
            indexes = self.indexes
            starters = [k for k, key in enumerate(keys) if any(ix.may_start(key) for ix in indexes)]
        explains: list[tuple[int, Sequence[str]]] = []
        for si, group in _by_sentence(starters, sents):
            for i, j, rule in lexicon.match(self.text, words, self.indexes, group, sents.stops[si]):
                start, end = words.starts[i], words.ends[j - 1]
                self.add(rule.kind, start, end, rule.message, rule.suggestions)
                covered[i:j] = b"\1" * (j - i)
                if rule.kind == "explain":
                    explains.append((si, words.texts[i:j]))
        return explains

    def _acronyms(
        self,
        words: WordSpans,
        flags: bytes,
        sents: _Sentences,
        covered: bytearray,
        explains: list[tuple[int, Sequence[str]]],
    ) -> None:
        """Flag short forms, sentence by sentence: a term the lists explain, or a
        short form explained here, is explained from then on."""
        texts = words.texts
        explained = self.explained
        done = 0  # the "explain" matches already in ``explained``
        for si, positions in _by_sentence(_where(flags, _AT_ACRO), sents):
            while done < len(explains) and explains[done][0] <= si:
                explained.update(explains[done][1])
                done += 1
            lo, hi, end = sents.firsts[si], sents.stops[si], sents.ends[si]
            if _TWO_CAPS_RE.search(self.text, sents.starts[si], end) is None:
                continue
            caps = [w for w in texts[lo:hi] if len(w) >= 2 and w.isalpha()]
            if len(caps) > 2 and sum(1 for w in caps if w.isupper()) * 10 >= 6 * len(caps):
                continue  # a sentence in capitals is shouting, not acronyms
            for k in positions:
                word = texts[k]
                core = word[:-1] if word.endswith("s") and len(word) > 2 else word
                if core in explained:
                    continue
                if self._is_explained_here(words, k, lo, hi, end):
                    explained.add(core)
                    continue
                if covered[k] or core in self.acronyms_seen:
                    continue
                self.acronyms_seen.add(core)
                if self.level == "easy_read":
                    self.add(
                        "acronym",
                        words.starts[k],
                        words.ends[k],
                        f"Easy read does not use short forms like “{core}”. "
                        "Write the words in full.",
                    )
                elif core not in self.common:
                    self.add(
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
        text = self.text
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

    def _uncommon(
        self,
        words: WordSpans,
        infos: list[_Word],
        flags: bytes,
        sents: _Sentences,
        covered: bytearray,
    ) -> None:
        """Flag the words that the word model finds hard in their sentence, leaving
        out words in a list match and those with a capital letter after the first
        word of their sentence (a hint of a name)."""
        firsts, of_word, texts = sents.firsts, sents.of_word, words.texts
        cand = [
            k
            for k in _where(flags, _AT_RARE)
            if not covered[k] and (not infos[k].capital or k == firsts[of_word[k]])
        ]
        if not cand:
            return
        # The mean Zipf of each sentence (its words' Zipf added from left to right).
        zipfs = list(map(_ZIPF, infos))
        sums = map(
            reduce, repeat(operator.add), map(zipfs.__getitem__, sents.slices()), repeat(0.0)
        )
        sent_zipfs = list(map(operator.truediv, sums, sents.lengths))
        in_sentence = list(map(of_word.__getitem__, cand))
        scores = self.word_model.scores_in_sentences(
            map(texts.__getitem__, cand),
            map(sent_zipfs.__getitem__, in_sentence),
            map(sents.lengths.__getitem__, in_sentence),
        )
        threshold = self.uncommon_threshold
        for k, score in zip(cand, scores, strict=True):
            if score >= threshold:
                self.add(
                    "uncommon",
                    words.starts[k],
                    words.ends[k],
                    "This is not an everyday word. Use a more common word if you can, "
                    "or explain what it means.",
                )

    def _passive(
        self, words: WordSpans, infos: list[_Word], flags: bytes, sents: _Sentences
    ) -> None:
        """Flag "is/was... (adverbs) past participle" in the sentences with a word that
        may end with "is", "was"..."""
        text = self.text
        # 1 for a word that may be a participle or start another match.
        may_follow = flags.translate(_only(_AT_BE | _AT_PARTICIPLE))
        be_at = list(_where(flags, _AT_BE))
        of_word, stops, sentence_ends = sents.of_word, sents.stops, sents.ends
        unsure = {of_word[k] for k in be_at if infos[k].be == _UNSURE}
        keys, word_ends = words.keys, words.ends
        read: set[int] = set()  # the sentences of ``unsure`` already read
        after = 0  # matches do not overlap
        for k in be_at:
            si = of_word[k]
            if si in unsure:
                # Words that are not plain ASCII: the pattern reads the whole sentence,
                # once.
                if si not in read:
                    read.add(si)
                    for m in _PASSIVE_RE.finditer(text, sents.starts[si], sentence_ends[si]):
                        self._passive_found(m)
                continue
            # A match starting at word k ends within the next three words, its
            # participle the first run of one of them: where none of them may be a
            # participle, the match gives no finding, and where none of them may start
            # a match either, leaving it out changes no other match. Every match starts
            # where a word ends with "is", "was"...
            if may_follow.find(1, k + 1, min(k + 4, stops[si])) == -1:
                continue
            key, stop, end = keys[k], word_ends[k], sentence_ends[si]
            endings = _BE_ENDINGS.get(key)
            if endings is None:
                endings = tuple(w for w in _BE if key.endswith(w))
                if len(_BE_ENDINGS) < 10_000:
                    _BE_ENDINGS[key] = endings
            for w in endings:
                at = stop - len(w)
                if at >= after:
                    got = _PASSIVE_RE.match(text, at, end)
                    if got is not None:
                        after = got.end()
                        self._passive_found(got)

    def _passive_found(self, m: re.Match[str]) -> None:
        """Add a finding for a match of ``_PASSIVE_RE`` if its participle is one."""
        part = m.group(2).lower()
        if part in NOT_PASSIVE:
            return
        if part in IRREGULAR_PARTICIPLES or (
            len(part) > 4 and part.endswith("ed") and not part.endswith("eed")
        ):
            self.add(
                "passive",
                m.start(),
                m.end(),
                "This may be passive. Say who does what: “we sent the letter”, "
                "not “the letter was sent”.",
            )

    def _nominal_suffix(
        self, words: WordSpans, flags: bytes, sents: _Sentences, covered: bytearray
    ) -> None:
        """Flag "the/a ...tion/...ment of" where a common verb exists, unless a list
        match covers some of its words."""
        starts = words.starts
        for si, _positions in _by_sentence(_where(flags, _AT_TION), sents):
            lo, hi = sents.firsts[si], sents.stops[si]
            for m in _NOMINAL_RE.finditer(self.text, sents.starts[si], sents.ends[si]):
                s, e = m.span()
                if any(covered[bisect_left(starts, s, lo, hi) : bisect_left(starts, e, lo, hi)]):
                    continue
                verb = _nominal_verb(m.group(1))
                if verb is None:
                    continue
                self.add(
                    "nominalisation",
                    s,
                    e,
                    f"This turns a verb into a noun. Try the verb “{verb}”, which is "
                    "shorter and clearer.",
                    [verb],
                )

    def _long_sentences(self, sents: _Sentences) -> None:
        limit = LONG_SENTENCE[self.level]
        starts, ends, lengths = sents.starts, sents.ends, sents.lengths
        for si in compress(count(), map(limit.__lt__, lengths)):
            self.add(
                "long_sentence",
                starts[si],
                ends[si],
                f"This sentence has {lengths[si]} words. Try to use {limit} words or fewer: "
                "split it into shorter sentences.",
            )

    def _many_ideas(self, words: WordSpans, sents: _Sentences) -> None:
        """Easy read: flag sentences of more than five words with more than one idea:
        a semicolon, a joining word after the first word, "and", "or" or "then"
        followed by a new subject or verb, or three finite verbs or more."""
        text = self.text
        for start, end, lo, hi in sents.each():
            if hi - lo <= 5:
                continue
            keys = words.keys[lo:hi]
            rest = keys[1:]
            if (
                text.count(";", start, end)
                or not _JOINERS.isdisjoint(rest)
                or any(
                    key in _AND_OR_THEN and following in _CLAUSE_START
                    for key, following in zip(rest, rest[1:], strict=False)
                )
                or sum(map(_FINITE.__contains__, keys)) >= 3
            ):
                self.add(
                    "many_ideas",
                    start,
                    end,
                    "This sentence may have more than one idea. In easy read, use one idea in "
                    "each sentence: try splitting it.",
                )


class _Word(NamedTuple):
    """What the check needs to know about a word, whatever sentence it is in."""

    key: str
    zipf: float
    forms: tuple[str, ...]  # lexicon.forms
    lead: tuple[bool, frozenset[str]] | None  # Index.lead in the bundled lists
    rare: bool  # it may be "uncommon", unless a list covers it or it looks like a name
    capital: bool  # it starts with a capital letter
    be: int  # _NO, _AT_END (it may end with the "is", "was"... of a passive) or _UNSURE
    tion: bool  # it may be the noun of a "the -tion of" nominalisation
    acro: bool  # it looks like an acronym ("NHS", "GPs")
    flags: int  # the checks to make at this word: the _AT_* bits below
    counts: int  # syllables * _COUNTS + letters and digits: one sum gives both totals


# "is", "was"... as _PASSIVE_RE starts (in look-up keys: plain apostrophes).
_BE = ("am", "is", "are", "was", "were", "be", "been", "being") + tuple(
    w + "n't" for w in ("is", "are", "was", "were")
)
# The members of ``_BE`` that a key ends with, in the order of ``_BE``.
_BE_ENDINGS: dict[str, tuple[str, ...]] = {}
_NO, _AT_END, _UNSURE = 0, 1, 2
# The bits of ``_Word.flags``: the word may start a list match (it has a ``lead``), be
# "uncommon" (``rare``), end with the "is", "was"... of a passive (``be``), be the past
# participle of a passive, be the noun of a nominalisation (``tion``), be an acronym,
# start a one-word rule, or be the second word of a longer rule.
_AT_LEAD, _AT_RARE, _AT_BE, _AT_PARTICIPLE, _AT_TION, _AT_ACRO = 1, 2, 4, 8, 16, 32
_AT_SINGLE, _AT_SECOND = 64, 128


@functools.cache
def _only(bits: int) -> bytes:
    """The table for ``bytes.translate`` that maps a byte of flags to 1 if it has any
    of ``bits`` and to 0 if not."""
    return bytes(1 if flags & bits else 0 for flags in range(256))


_WORDS: dict[str, _Word] = {}
# Each fact of a list of ``_Word``, as ``map`` takes it.
_KEY = operator.attrgetter("key")
_COUNTS_OF = operator.attrgetter("counts")
# Above the letters of any stretch of text (``_STRETCH`` characters).
_COUNTS = 1 << 32
_ZIPF = operator.attrgetter("zipf")
_FLAGS = operator.attrgetter("flags")


def _describe(word: str) -> _Word:
    """The ``_Word`` of ``word`` (as the word pattern finds it), cached."""
    key = make_key(word)
    z = complexity.zipf(key)
    rare = (
        z < UNCOMMON_MAX_ZIPF
        and len(key) >= 4
        and (word.isalpha() or all(ch.isalpha() or ch in "-'’" for ch in word))
        and not word.isupper()
        and not any(ch.isupper() for ch in word[1:])
        and key not in lexicon.listed_words()
    )
    # Cheap tests that let us skip the passive and nominalisation patterns: a match
    # of _PASSIVE_RE starts with a word that ends with "is", "was"... (and the word
    # ends there), and the noun of _NOMINAL_RE is a whole word. We are sure of that
    # only for plain ASCII words (case-insensitive matching is subtle elsewhere).
    plain = word.isascii()
    if not plain:
        be = _UNSURE
    elif any(key.endswith(w) and (len(key) == len(w) or key[-len(w) - 1] in ".-") for w in _BE):
        be = _AT_END
    else:
        be = _NO
    tion = not plain or (len(key) >= 8 and key.endswith(("tion", "sion", "ment")))
    # The passive pattern's participle is the first run of letters and digits of a
    # word (up to an apostrophe, hyphen or full stop). Other words are left to the
    # pattern.
    first_run = _JOINER_RE.split(key, maxsplit=1)[0]
    participle = not plain or (
        first_run not in NOT_PASSIVE
        and (
            first_run in IRREGULAR_PARTICIPLES
            or (len(first_run) > 4 and first_run.endswith("ed") and not first_run.endswith("eed"))
        )
    )
    core = word[:-1] if word.endswith("s") and len(word) > 2 else word
    acro = (
        len(core) >= 2
        and core.isupper()
        and sum(ch.isalpha() for ch in core) >= 2
        and all(ch.isalnum() for ch in core)
        and core not in _ROMAN
    )
    index = lexicon.base_index()
    lead = index.lead(key)
    forms = lexicon.forms(key)
    flags = (
        (_AT_LEAD if lead is not None else 0)
        | (_AT_RARE if rare else 0)
        | (_AT_BE if be != _NO else 0)
        | (_AT_PARTICIPLE if participle else 0)
        | (_AT_TION if tion else 0)
        | (_AT_ACRO if acro else 0)
        | (_AT_SINGLE if lead is not None and lead[0] else 0)
        | (_AT_SECOND if not index.second_words().isdisjoint(forms) else 0)
    )
    letters = sum(1 for ch in key if ch.isalnum())
    got = _Word(
        key,
        z,
        forms,
        lead,
        rare,
        word[:1].isupper(),
        be,
        tion,
        acro,
        flags,
        syllables(key) * _COUNTS + letters,
    )
    if len(_WORDS) < 300_000:
        _WORDS[word] = got
    return got


def _describe_all(texts: list[str]) -> list[_Word]:
    """The ``_Word`` of each word, from the cache where it can be."""
    try:
        return list(map(_WORDS.__getitem__, texts))
    except KeyError:  # some words are new
        return [_WORDS.get(w) or _describe(w) for w in texts]


_JOINER_RE = re.compile(r"['’‐‑\-.]")
_TWO_CAPS_RE = re.compile(r"[A-Z][A-Z0-9]")
_ROMAN = frozenset(
    ["II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "XIII", "XIV", "XV", "XX"]
)


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
    return _Checker(text, checked_level, entries).run()
