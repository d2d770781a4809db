"""``check(text, level, extra_words)``: the whole plain-language check.

The text is read one sentence at a time (so memory stays small and time grows in
step with the text). For each sentence we match the word lists, then look for
acronyms, uncommon words, passive voice, "-tion of" nominalisations, long sentences
and, for easy read, sentences with more than one idea.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import reduce
from itertools import accumulate, chain, compress
from typing import Literal, NamedTuple

from . import complexity, lexicon
from .lexicon import Index, Rule, WordEntry
from .report import KINDS, Finding, Report
from .text import GAP_WORD_RE, Token, WordSpans, make_key, sentence_spans, syllables

Level = Literal["plain", "easy_read"]
LONG_SENTENCE = {"plain": 20, "easy_read": 15}
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


class _Checker:
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
        self.findings: list[Finding] = []
        self.sentences = 0
        self.words = 0
        self.syllables = 0
        self.letters = 0

    def add(self, kind: str, start: int, end: int, message: str, sugg: Sequence[str] = ()) -> None:
        piece = self.text[start:end]
        self.findings.append(
            Finding(kind, start, end, piece, message, [_cap(s, piece) for s in sugg])
        )

    # -- One sentence -----------------------------------------------------------------

    def sentence(self, start: int, end: int) -> None:
        text = self.text
        pairs = GAP_WORD_RE.findall(text, start, end)
        while pairs and not pairs[-1][1]:
            pairs.pop()  # the text after the last word
        if not pairs:
            return
        # (gap, word, gap, word...): the running total of their lengths gives the
        # start and end of every word.
        pieces = list(chain.from_iterable(pairs))
        offsets = list(accumulate(map(len, pieces), initial=start))
        starts, ends, texts = offsets[1::2], offsets[2::2], pieces[1::2]
        infos = list(map(_WORDS.get, texts))
        if None in infos:
            infos = [got or _describe(w) for got, w in zip(infos, texts, strict=True)]
        keys, sylls, letters, zipfs, forms, leads, rare, capital, be, tion, acro = zip(
            *infos, strict=True
        )
        words = WordSpans(starts, ends, texts, keys)
        self.sentences += 1
        n = len(keys)
        self.words += n
        self.syllables += sum(sylls)
        self.letters += sum(letters)

        covered = [False] * n
        if len(self.indexes) == 1:
            # Words that start a one-word rule, or a longer one whose second word
            # may come next (lexicon.match checks the rest).
            starters = [
                k
                for k in compress(range(n), leads)
                if leads[k][0] or (k + 1 < n and not leads[k][1].isdisjoint(forms[k + 1]))
            ]
        else:
            indexes = self.indexes
            starters = [k for k in range(n) if any(ix.may_start(keys[k]) for ix in indexes)]
        if starters:
            for i, j, rule in lexicon.match(text, words, self.indexes, starters):
                self._list_finding(words, i, j, rule)
                for k in range(i, j):
                    covered[k] = True
        if any(acro) and _TWO_CAPS_RE.search(text, start, end) is not None:
            self._acronyms([words.token(k) for k in range(n)], covered, end)
        # Candidates for "uncommon": not in a list match, and no capital letter
        # after the first word (a hint of a name).
        cand = [
            k for k in compress(range(n), rare) if not covered[k] and (k == 0 or not capital[k])
        ]
        if cand:
            self._uncommon(texts, starts, ends, cand, reduce(operator.add, zipfs, 0.0) / n, n)
        if _UNSURE in be:
            self._passive(start, end, _PASSIVE_RE.finditer(text, start, end))
        elif _AT_END in be:
            self._passive(start, end, self._passive_at(words, be, end))
        if any(tion):
            self._nominal_suffix(start, end, starts, covered)
        limit = LONG_SENTENCE[self.level]
        if n > limit:
            self.add(
                "long_sentence",
                start,
                end,
                f"This sentence has {n} words. Try to use {limit} words or fewer: "
                "split it into shorter sentences.",
            )
        if self.level == "easy_read":
            self._many_ideas(keys, start, end)

    def _list_finding(self, words: WordSpans, i: int, j: int, rule: Rule) -> None:
        s, e = words.starts[i], words.ends[j - 1]
        if rule.kind == "explain":
            for w in words.texts[i:j]:
                self.explained.add(w)
        self.add(rule.kind, s, e, rule.message, rule.suggestions)

    def _acronyms(self, toks: Sequence[Token], covered: list[bool], end: int) -> None:
        caps = [t for t in toks if len(t.text) >= 2 and t.text.isalpha()]
        if len(caps) > 2 and sum(1 for t in caps if t.text.isupper()) * 10 >= 6 * len(caps):
            return  # a sentence in capitals is shouting, not acronyms
        for k, t in enumerate(toks):
            word = t.text
            core = word[:-1] if word.endswith("s") and len(word) > 2 else word
            if len(core) < 2 or not core.isupper() or sum(ch.isalpha() for ch in core) < 2:
                continue
            if not all(ch.isalnum() for ch in core) or core in _ROMAN:
                continue
            if core in self.explained:
                continue
            if self._is_explained_here(toks, k, end):
                self.explained.add(core)
                continue
            if covered[k] or core in self.acronyms_seen:
                continue
            self.acronyms_seen.add(core)
            if self.level == "easy_read":
                self.add(
                    "acronym",
                    t.start,
                    t.end,
                    f"Easy read does not use short forms like “{core}”. Write the words in full.",
                )
            elif core not in self.common:
                self.add(
                    "acronym",
                    t.start,
                    t.end,
                    f"Explain “{core}” the first time you use it: write the words in full, "
                    "then the short form in brackets.",
                )

    def _is_explained_here(self, toks: Sequence[Token], k: int, end: int) -> bool:
        text = self.text
        t = toks[k]
        after = text[t.end : min(end, t.end + 3)].lstrip(" \t")
        # "EHCP (education, health and care plan)"
        if after.startswith("(") and k + 2 < len(toks):
            close = text.find(")", t.end, min(end, t.end + 200))
            inside = [x for x in toks[k + 1 :] if close != -1 and x.end <= close]
            if len(inside) >= 2:
                return True
        # "education, health and care plan (EHCP)"
        if t.start > 0 and text[t.start - 1] == "(" and text[t.end : t.end + 1] == ")":
            return k >= 2
        # "EHCP means ..." or "EHCP stands for ..."
        return k + 1 < len(toks) and toks[k + 1].key in ("means", "stands")

    def _uncommon(
        self,
        texts: Sequence[str],
        starts: Sequence[int],
        ends: Sequence[int],
        cand: Sequence[int],
        sent_zipf: float,
        n: int,
    ) -> None:
        """Flag the candidate words (by position) that the word model finds hard,
        given the sentence's mean Zipf and length ``n``."""
        score = self.word_model.score_in_sentence
        threshold = self.uncommon_threshold
        for k in cand:
            if score(texts[k], sent_zipf, n) >= threshold:
                self.add(
                    "uncommon",
                    starts[k],
                    ends[k],
                    "This is not an everyday word. Use a more common word if you can, "
                    "or explain what it means.",
                )

    def _passive_at(self, words: WordSpans, be: Sequence[int], end: int) -> Iterator[re.Match[str]]:
        """What ``_PASSIVE_RE.finditer`` finds in the sentence, trying only where a
        word ends with "is", "was"... (every match starts at one of those places)."""
        text = self.text
        after = 0  # matches do not overlap
        for k in compress(range(len(be)), be):
            key, stop = words.keys[k], words.ends[k]
            for w in _BE:
                at = stop - len(w)
                if at >= after and key.endswith(w):
                    m = _PASSIVE_RE.match(text, at, end)
                    if m is not None:
                        after = m.end()
                        yield m

    def _passive(self, start: int, end: int, found: Iterable[re.Match[str]]) -> None:
        for m in found:
            part = m.group(2).lower()
            if part in NOT_PASSIVE:
                continue
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
        self, start: int, end: int, starts: Sequence[int], covered: list[bool]
    ) -> None:
        for m in _NOMINAL_RE.finditer(self.text, start, end):
            s, e = m.span()
            if any(covered[k] for k, at in enumerate(starts) if s <= at < e):
                continue
            verb = _nominal_verb(m.group(1))
            if verb is None:
                continue
            self.add(
                "nominalisation",
                m.start(),
                m.end(),
                f"This turns a verb into a noun. Try the verb “{verb}”, which is "
                "shorter and clearer.",
                [verb],
            )

    def _many_ideas(self, keys: Sequence[str], start: int, end: int) -> None:
        text = self.text
        ideas = 1 + text.count(";", start, end)
        n = len(keys)
        finite = 0
        for k, key in enumerate(keys):
            if key in _FINITE:
                finite += 1
            if k == 0:
                continue
            if key in _JOINERS or (
                key in ("and", "or", "then")
                and k + 1 < n
                and (keys[k + 1] in _SUBJECTS or keys[k + 1] in _FINITE)
            ):
                ideas += 1
        if finite >= 3:
            ideas += 1
        if ideas > 1 and n > 5:
            self.add(
                "many_ideas",
                start,
                end,
                "This sentence may have more than one idea. In easy read, use one idea in "
                "each sentence: try splitting it.",
            )

    # -- Whole text ---------------------------------------------------------------------

    def run(self) -> Report:
        for s, e in sentence_spans(self.text):
            self.sentence(s, e)
        return Report(
            findings=_tidy(self.findings),
            sentences=self.sentences,
            words=self.words,
            syllables=self.syllables,
            letters=self.letters,
            level=self.level,
        )


class _Word(NamedTuple):
    """What the check needs to know about a word, whatever sentence it is in."""

    key: str
    syllables: int
    letters: int  # letters and digits
    zipf: float
    forms: tuple[str, ...]  # lexicon.forms
    lead: tuple[bool, frozenset[str]] | None  # Index.lead in the bundled lists
    rare: bool  # it may be "uncommon", unless a list covers it or it looks like a name
    capital: bool  # it starts with a capital letter
    be: int  # _NO, _AT_END (it may end with the "is", "was"... of a passive) or _UNSURE
    tion: bool  # it may be the noun of a "the -tion of" nominalisation
    acro: bool  # it looks like an acronym ("NHS", "GPs")


# "is", "was"... as _PASSIVE_RE starts (in look-up keys: plain apostrophes).
_BE = ("am", "is", "are", "was", "were", "be", "been", "being") + tuple(
    w + "n't" for w in ("is", "are", "was", "were")
)
_NO, _AT_END, _UNSURE = 0, 1, 2
_WORDS: dict[str, _Word] = {}


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
    core = word[:-1] if word.endswith("s") and len(word) > 2 else word
    acro = (
        len(core) >= 2
        and core.isupper()
        and sum(ch.isalpha() for ch in core) >= 2
        and all(ch.isalnum() for ch in core)
        and core not in _ROMAN
    )
    index = lexicon.base_index()
    got = _Word(
        key,
        syllables(key),
        sum(1 for ch in key if ch.isalnum()),
        z,
        lexicon.forms(key),
        index.lead(key),
        rare,
        word[:1].isupper(),
        be,
        tion,
        acro,
    )
    if len(_WORDS) < 300_000:
        _WORDS[word] = got
    return got


_TWO_CAPS_RE = re.compile(r"[A-Z][A-Z0-9]")
_ROMAN = frozenset(
    ["II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "XIII", "XIV", "XV", "XX"]
)


def _tidy(findings: list[Finding]) -> list[Finding]:
    """Order by place, and keep only the most useful finding for a given span."""
    best: dict[tuple[int, int], Finding] = {}
    for f in findings:
        key = (f.start, f.end)
        old = best.get(key)
        if old is None or _ORDER[f.kind] < _ORDER[old.kind]:
            best[key] = f
    return sorted(best.values(), key=lambda f: (f.start, f.end, _ORDER[f.kind]))


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
