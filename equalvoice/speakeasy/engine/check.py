"""``check(text, level, extra_words)``: the whole plain-language check.

The text is read one sentence at a time (so memory stays small and time grows in
step with the text). For each sentence we match the word lists, then look for
acronyms, uncommon words, passive voice, "-tion of" nominalisations, long sentences
and, for easy read, sentences with more than one idea.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Literal

from . import complexity, lexicon
from .lexicon import Index, Rule, WordEntry
from .report import KINDS, Finding, Report
from .text import Token, sentence_spans, syllables, tokens

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
        self.listed = lexicon.listed_words()
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
        toks = tokens(self.text, start, end)
        if not toks:
            return
        self.sentences += 1
        n = len(toks)
        self.words += n
        stats = _STATS
        for t in toks:
            got = stats.get(t.key)
            if got is None:
                got = (syllables(t.key), sum(1 for ch in t.key if ch.isalnum()))
                if len(stats) < 300_000:
                    stats[t.key] = got
            self.syllables += got[0]
            self.letters += got[1]

        covered = [False] * n
        for i, j, rule in lexicon.match(self.text, toks, self.indexes):
            self._list_finding(toks, i, j, rule)
            for k in range(i, j):
                covered[k] = True
        self._acronyms(toks, covered, start, end)
        self._uncommon(toks, covered)
        self._passive(start, end)
        self._nominal_suffix(start, end, toks, covered)
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
            self._many_ideas(toks, start, end)

    def _list_finding(self, toks: Sequence[Token], i: int, j: int, rule: Rule) -> None:
        s, e = toks[i].start, toks[j - 1].end
        if rule.kind == "explain":
            for t in toks[i:j]:
                self.explained.add(t.text)
        self.add(rule.kind, s, e, rule.message, rule.suggestions)

    def _acronyms(self, toks: Sequence[Token], covered: list[bool], start: int, end: int) -> None:
        if _TWO_CAPS_RE.search(self.text, start, end) is None:
            return
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

    def _uncommon(self, toks: Sequence[Token], covered: list[bool]) -> None:
        zipf = complexity.zipf
        cand = []
        total = 0.0
        for k, t in enumerate(toks):
            z = zipf(t.key)
            total += z
            if covered[k] or z >= UNCOMMON_MAX_ZIPF or len(t.key) < 4:
                continue
            w = t.text
            if not w.isalpha() and not all(ch.isalpha() or ch in "-'’" for ch in w):
                continue
            if w.isupper() or (k > 0 and w[:1].isupper()) or any(ch.isupper() for ch in w[1:]):
                continue
            if t.key in self.listed:
                continue
            cand.append((k, t))
        if not cand:
            return
        n = len(toks)
        sent_zipf = total / n
        model = self.word_model
        for _, t in cand:
            x = complexity.word_features(
                t.text, capital_inside=False, sent_zipf=sent_zipf, sent_length=n
            )
            if model.scaled(x) >= self.uncommon_threshold:
                self.add(
                    "uncommon",
                    t.start,
                    t.end,
                    "This is not an everyday word. Use a more common word if you can, "
                    "or explain what it means.",
                )

    def _passive(self, start: int, end: int) -> None:
        for m in _PASSIVE_RE.finditer(self.text, start, end):
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
        self, start: int, end: int, toks: Sequence[Token], covered: list[bool]
    ) -> None:
        for m in _NOMINAL_RE.finditer(self.text, start, end):
            if any(covered[k] for k, t in enumerate(toks) if m.start() <= t.start < m.end()):
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

    def _many_ideas(self, toks: Sequence[Token], start: int, end: int) -> None:
        text = self.text
        ideas = 1 + text.count(";", start, end)
        finite = 0
        for k, t in enumerate(toks):
            key = t.key
            if key in _FINITE:
                finite += 1
            if k == 0:
                continue
            if key in _JOINERS or (
                key in ("and", "or", "then")
                and k + 1 < len(toks)
                and (toks[k + 1].key in _SUBJECTS or toks[k + 1].key in _FINITE)
            ):
                ideas += 1
        if finite >= 3:
            ideas += 1
        if ideas > 1 and len(toks) > 5:
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


_STATS: dict[str, tuple[int, int]] = {}
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
