"""Word lists and the phrase matcher.

The bundled lists (in ``equalvoice/speakeasy/data/``) and an organisation's own list
become one index: first word → the phrases that start with it, longest first. We match
on words, never inside a word, case-insensitively (terms written in capitals, such as
"PIP" or "SEND", only match in capitals), and we allow the usual endings: plurals and
"-ed", "-ing" and "-s" forms of verbs ("suffers from", "made a decision").
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Literal

from .complexity import zipf
from .irregular import PAST_FORMS
from .text import WordSpans, make_key, tokens, word_offsets

# Finding kinds that come from word lists, and which wins when two lists match the
# same words: the higher number.
PRIORITY = {
    "exclusionary": 60,
    "product": 58,
    "org_explain": 55,
    "org_replace": 55,
    # Above every bundled list that may name the same words, below an organisation's
    # own words: its glossary may name "glandular fever".
    "everyday": 54,
    "explain": 50,
    "nominalisation": 45,
    "care_sense": 42,
    "care": 40,
    "ours": 38,
    "among": 20,
    "nhs": 35,
    "govuk": 34,
    "retext": 30,
    "plainlanguage": 30,
}

DETERMINERS = (
    "",
    "a",
    "an",
    "the",
    "any",
    "some",
    "this",
    "that",
    "these",
    "those",
    "our",
    "your",
    "their",
    "his",
    "her",
    "its",
    "my",
    "no",
    "further",
    "more",
    "another",
)

# Words that may follow a phrase marked "alone" without making it part of a longer
# name ("the disabled and ..." is flagged; "the disabled parking bay" is not).
# The forms of "be" and "have" (the function words below; the words before a
# participle in ``suggestions``).
BE_AND_HAVE = ("is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had")

FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "so",
        "yet",
        "for",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "into",
        "onto",
        "upon",
        "about",
        "as",
        "than",
        "then",
        "who",
        "whom",
        "whose",
        "which",
        "that",
        "this",
        "these",
        "those",
        *BE_AND_HAVE,
        "do",
        "does",
        "did",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "not",
        "no",
        "never",
        "also",
        "too",
        "very",
        "just",
        "only",
        "still",
        "even",
        "often",
        "always",
        "sometimes",
        "all",
        "any",
        "some",
        "many",
        "much",
        "more",
        "most",
        "few",
        "less",
        "least",
        "each",
        "every",
        "both",
        "either",
        "neither",
        "such",
        "own",
        "same",
        "other",
        "another",
        "i",
        "you",
        "he",
        "she",
        "it",
        "we",
        "they",
        "me",
        "him",
        "her",
        "us",
        "them",
        "my",
        "your",
        "his",
        "its",
        "our",
        "their",
        "mine",
        "yours",
        "hers",
        "ours",
        "theirs",
        "there",
        "here",
        "when",
        "where",
        "why",
        "how",
        "what",
        "while",
        "because",
        "if",
        "unless",
        "until",
        "since",
        "though",
        "although",
        "whether",
        "like",
        "get",
        "gets",
        "got",
        "need",
        "needs",
    ]
)

# Irregular forms → their base: the verbs of ``irregular.VERBS`` (past tenses and
# participles), a few "-s" and "-ing" forms that the rules of ``forms`` miss, and
# irregular plurals.
IRREGULAR = {
    **PAST_FORMS,
    "makes": "make",
    "making": "make",
    "giving": "give",
    "taking": "take",
    "coming": "come",
    "has": "have",
    "having": "have",
    "undertaking": "undertake",
    "does": "do",
    "doing": "do",
    "children": "child",
    "people": "person",
    "women": "woman",
    "men": "man",
}

# "note": one of the product's own words ("co-production", "easy read"). Never a
# finding: its explanation goes to ``Report.notes``, for the glossary and easy read.
# "everyday": an everyday name that holds a word a list flags on its own ("hay
# fever"): never a finding, and its words are left alone by the later checks.
Kind = Literal["jargon", "explain", "exclusionary", "nominalisation", "note", "everyday"]


@dataclass(frozen=True)
class WordEntry:
    """One entry of an organisation's own word list.

    ``mode="replace"`` flags the term as jargon with ``suggestions`` as plainer words;
    ``mode="explain"`` keeps the term (it is in the glossary) and shows
    ``explanation`` as the message of an "explain" finding.
    """

    term: str
    suggestions: tuple[str, ...] = ()
    explanation: str | None = None
    mode: Literal["replace", "explain"] = "replace"

    def __post_init__(self) -> None:
        sugg = self.suggestions
        if sugg is None:
            sugg = ()
        elif isinstance(sugg, str):
            sugg = (sugg,)
        object.__setattr__(self, "suggestions", tuple(s for s in sugg if s))
        if self.mode not in ("replace", "explain"):
            raise ValueError(f"mode must be 'replace' or 'explain', not {self.mode!r}")


@dataclass(frozen=True)
class Sense:
    """A term that is a care term in one place and officialese (or plain English) in
    another ("respite", "placement", "step down"). It is the care term when one of
    ``cues`` (word keys) is in its sentence, or always when ``cues`` is empty: then the
    finding is ``explain`` with ``explanation``. Otherwise it is ``jargon`` with
    ``off_suggestions`` and ``off_message``, or nothing when ``off_message`` is
    empty."""

    cues: frozenset[str]
    explanation: str
    off_suggestions: tuple[str, ...] = ()
    off_message: str = ""
    off: Rule | None = None  # the jargon rule for the same words, made with the rule
    # The cues that are several words to the word pattern ("A&E" is "A", "E"): their
    # keys, in a row in the sentence.
    cue_phrases: tuple[tuple[str, ...], ...] = ()

    def is_care(self, keys: Sequence[str]) -> bool:
        """Whether the sentence with these word keys uses the term as the care term."""
        if not self.cues and not self.cue_phrases:
            return True
        cues = self.cues
        if any(not cues.isdisjoint(forms(key)) for key in keys):
            return True
        return any(
            tuple(keys[i : i + len(phrase)]) == phrase
            for phrase in self.cue_phrases
            for i in range(len(keys) - len(phrase) + 1)
        )


@dataclass(frozen=True)
class Rule:
    """One term of a list: its words (look-up keys), its kind, the plainer words it
    suggests and its message.

    ``note`` is None when ``message`` is fixed (an explanation, or advice on
    exclusionary language); otherwise the message is made from the suggestions
    offered and the note (``MESSAGES``), so that it names only what is offered.
    What is offered at each level is worked out once (``suggestions.offer``) and
    kept in ``offers``. ``vetted`` is False for an organisation's own words, which
    are offered as given."""

    kind: Kind
    words: tuple[str, ...]
    suggestions: tuple[str, ...]
    message: str
    priority: int
    alone: bool = False
    exact: tuple[str, ...] | None = None  # capitals that must match exactly
    note: str | None = None
    vetted: bool = True
    sense: Sense | None = None  # a care term in some sentences only
    # Everyday English alone, management speak among other officialese ("providers",
    # "capacity", "drive"): flagged only in a sentence where another list matches.
    among: bool = False
    # A common English word (or phrase of common words) from a list of formal words
    # ("provide", "currently", "similar to"): at plain level it is flagged only among
    # other officialese, like ``among``; at easy read wherever it stands.
    common: bool = False
    offers: dict[tuple[str, str], tuple[tuple[str, ...], str]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )


# The most entries of each derived look-up of an index (see ``Index.cache_limit``).
BASE_CACHE_LIMIT = 300_000
EXTRA_CACHE_LIMIT = 4_096


@dataclass
class Index:
    """Rules by their first word (one-word rules) or first two words (longer ones),
    longest and highest priority first."""

    single: dict[str, list[Rule]] = field(default_factory=dict)
    pairs: dict[tuple[str, str], list[Rule]] = field(default_factory=dict)
    longest: int = 0
    # The most entries each derived look-up (``lead``, ``tries``) keeps: many for the
    # one bundled index, few for each organisation's (up to 64 are kept at once, see
    # ``extra_index``), whose look-ups are cheap to make again.
    cache_limit: int = BASE_CACHE_LIMIT
    # Derived look-ups, rebuilt after ``add``: the ``pairs`` buckets by first word and
    # then second word, ``lead`` by word key, and the second words.
    _by_first: dict[str, dict[str, list[Rule]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _leads: dict[str, tuple[bool, frozenset[str]] | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _seconds: frozenset[str] | None = field(default=None, init=False, repr=False, compare=False)
    _tries: dict[tuple[str, str | None], tuple[Rule, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def rules(self) -> list[Rule]:
        out = [r for b in self.single.values() for r in b]
        return out + [r for b in self.pairs.values() for r in b]

    def add(self, rule: Rule) -> None:
        if not rule.words or not all(rule.words):
            return
        self._by_first = None
        self._leads = {}
        self._seconds = None
        self._tries = {}
        bucket: list[Rule]
        if len(rule.words) == 1:
            bucket = self.single.setdefault(rule.words[0], [])
        else:
            bucket = self.pairs.setdefault((rule.words[0], rule.words[1]), [])
        for i, old in enumerate(bucket):
            if old.words == rule.words and old.exact == rule.exact:
                # Common formal words stay so only if every list that names them is
                # a list of formal words.
                common = old.common and rule.common
                if old.common != common:
                    old = dataclasses.replace(old, common=common)
                if rule.common != common:
                    rule = dataclasses.replace(rule, common=common)
                if rule.priority > old.priority:
                    bucket[i] = rule
                elif rule.priority == old.priority or old.kind == rule.kind == "jargon":
                    merged = tuple(dict.fromkeys(old.suggestions + rule.suggestions))[:4]
                    build = MESSAGES.get(old.kind)
                    message = old.message
                    if old.note is not None and build is not None:
                        message = build(merged, old.note)
                    bucket[i] = dataclasses.replace(old, suggestions=merged, message=message)
                return
        bucket.append(rule)
        bucket.sort(key=lambda r: (-len(r.words), -r.priority))
        self.longest = max(self.longest, len(rule.words))

    def by_first(self) -> dict[str, dict[str, list[Rule]]]:
        """The ``pairs`` buckets as first word → second word → rules."""
        got = self._by_first
        if got is None:
            got = {}
            for (first, second), bucket in self.pairs.items():
                got.setdefault(first, {})[second] = bucket
            self._by_first = got
        return got

    def second_words(self) -> frozenset[str]:
        """The second words of the longer rules."""
        got = self._seconds
        if got is None:
            got = self._seconds = frozenset(second for _first, second in self.pairs)
        return got

    def lead(self, key: str) -> tuple[bool, frozenset[str]] | None:
        """What may follow a word with this key (in any of its ``forms``) in a rule:
        ``None`` if no rule starts with it, else whether a one-word rule does and the
        second words of the longer rules that do."""
        if key in self._leads:
            return self._leads[key]
        firsts = self.by_first()
        single = False
        seconds: set[str] = set()
        for f in forms(key):
            single = single or f in self.single
            seconds.update(firsts.get(f, ()))
        got = (single, frozenset(seconds)) if single or seconds else None
        if len(self._leads) < self.cache_limit:
            self._leads[key] = got
        return got

    def tries(self, key: str, next_key: str | None) -> tuple[Rule, ...]:
        """The rules that may match at a word with this key, followed by a word with
        ``next_key`` (``None`` when no phrase can go on: the sentence ends, or a gap
        that a phrase cannot span): the one-word rules of any of its ``forms`` and
        the longer rules of its forms and the next word's. They are in the order
        ``match`` tries them: longest first, then highest priority, then in the
        order of the word's forms (for each form, the longer rules of each form of
        the next word, then the one-word rules) and of each bucket. The first that
        fits is the match. Cached for each pair of keys."""
        got = self._tries.get((key, next_key))
        if got is not None:
            return got
        if self.lead(key) is None:
            return ()  # no rule starts with this word: nothing to keep
        firsts = self.by_first()
        nxt = forms(next_key) if next_key is not None else ()
        found: list[Rule] = []
        for f in forms(key):
            seconds = firsts.get(f)
            if seconds:
                for g in nxt:
                    found += seconds.get(g, ())
            found += self.single.get(f, ())
        got = tuple(sorted(found, key=_longest_first))
        if len(self._tries) < self.cache_limit:
            self._tries[key, next_key] = got
        return got

    def may_start(self, key: str) -> bool:
        """Whether a word with this key (in any of its ``forms``) starts some rule."""
        return self.lead(key) is not None


# --- Inflections -----------------------------------------------------------------

_FORMS: dict[str, tuple[str, ...]] = {}


def forms(key: str) -> tuple[str, ...]:
    """The word itself and the base forms it may be an inflection of."""
    got = _FORMS.get(key)
    if got is not None:
        return got
    out = [key]
    if key in IRREGULAR:
        out.append(IRREGULAR[key])
    if key.endswith(("'s", "s'")):
        out.append(key[:-2] if key.endswith("'s") else key[:-1])
    n = len(key)
    if n > 3 and key[-1] == "s" and key[-2] not in "su'":
        if key.endswith("ies") and n > 4:
            out.append(key[:-3] + "y")
        out.append(key[:-1])
        if key.endswith("es"):
            out.append(key[:-2])
    if n > 4 and key.endswith("ed"):
        stem = key[:-2]
        out += [stem, key[:-1]]
        if key.endswith("ied"):
            out.append(key[:-3] + "y")
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiousl":
            out.append(stem[:-1])
    if n > 5 and key.endswith("ing"):
        stem = key[:-3]
        out += [stem, stem + "e"]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiousl":
            out.append(stem[:-1])
    result = tuple(dict.fromkeys(out))
    if len(_FORMS) < 300_000:
        _FORMS[key] = result
    return result


# --- Loading ----------------------------------------------------------------------


def read_list(name: str) -> list[list[str]]:
    """The rows of the bundled list ``name`` (tab-separated; comments left out)."""
    return _read(name)


def _read(name: str) -> list[list[str]]:
    text = (
        resources.files("equalvoice.speakeasy").joinpath("data").joinpath(name).read_text("utf-8")
    )
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


def _term_variants(term: str) -> list[str]:
    term = term.strip()
    out = [term]
    if "-" in term and " " not in term:
        out += [term.replace("-", " "), term.replace("-", "")]
    return out


def _words_of(term: str) -> tuple[tuple[str, ...], tuple[str, ...] | None]:
    toks = tokens(term)
    keys = tuple(t.key for t in toks)
    exact = None
    letters = [ch for ch in term if ch.isalpha()]
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        exact = tuple(t.text for t in toks)
    return keys, exact


def _split_suggestions(text: str, sep: str) -> tuple[str, ...]:
    out = []
    for part in text.split(sep):
        part = part.strip()
        if not part or part.startswith("("):
            continue
        out.append(part)
    return tuple(out)


def _quote_list(suggestions: Sequence[str]) -> str:
    quoted = [f"“{s}”" for s in suggestions[:3]]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


def jargon_message(suggestions: Sequence[str], note: str = "") -> str:
    """The message of a ``jargon`` finding that offers ``suggestions``."""
    if suggestions:
        msg = f"This may be hard to understand. Try a plainer word: {_quote_list(suggestions)}."
    else:
        msg = (
            "Some readers may not know this. Say it in everyday words, "
            "or leave it out if it adds nothing."
        )
    if note:
        msg += " " + note
    return msg


def nominal_message(suggestions: Sequence[str], note: str = "") -> str:
    """The message of a ``nominalisation`` finding that offers ``suggestions``."""
    if suggestions:
        msg = (
            "This turns a verb into a noun. "
            f"Try {_quote_list(suggestions)}, which is shorter and clearer."
        )
    else:
        msg = "This turns a verb into a noun. Say who does what, with a verb."
    if note:
        msg += " " + note
    return msg


# How the message of an ``explain`` finding about a care term goes on after the
# explanation, when it offers plainer words.
CARE_TERM_TAIL = "This is a care term your reader may meet."


def plainer_tail(suggestions: Sequence[str]) -> str:
    """What an ``explain`` finding about a care term says after the explanation when
    it offers plainer words ("" when it offers none)."""
    if not suggestions:
        return ""
    return (
        f"{CARE_TERM_TAIL} Keep it and say what it means, "
        f"or use plainer words: {_quote_list(suggestions)}."
    )


def explain_message(suggestions: Sequence[str], explanation: str = "") -> str:
    """The message of an ``explain`` finding about a care term (``care-terms.tsv``):
    the explanation, then the plainer words offered, if any."""
    tail = plainer_tail(suggestions)
    return f"{explanation} {tail}" if tail else explanation


def explanation_of(message: str, suggestions: Sequence[str]) -> str:
    """The explanation alone, from the message of an ``explain`` finding that offers
    ``suggestions`` (for the glossary and the easy-read view)."""
    if suggestions:
        at = message.rfind(" " + CARE_TERM_TAIL)
        if at > 0:
            return message[:at]
    return message


# How the message of a rule of each kind is made from the suggestions it offers and
# its note (kinds not here have a fixed message; an ``explain`` rule's note is its
# explanation, and only a care term with plainer words has one).
MESSAGES: dict[str, Callable[[Sequence[str], str], str]] = {
    "jargon": jargon_message,
    "nominalisation": nominal_message,
    "explain": explain_message,
}


def _note_of(kind: str, suggestions: tuple[str, ...], message: str) -> str | None:
    """The note of a message made by ``MESSAGES[kind]`` from ``suggestions``, or None
    when the message is not made that way (it is fixed)."""
    if kind == "explain":
        tail = plainer_tail(suggestions)
        if tail and message.endswith(" " + tail):
            return message[: -len(tail) - 1]
        return None
    build = MESSAGES.get(kind)
    if build is None:
        return None
    made = build(suggestions, "")
    if message == made:
        return ""
    if message.startswith(made + " "):
        return message[len(made) + 1 :]
    return None


def _add_term(
    index: Index,
    kind: Kind,
    term: str,
    suggestions: tuple[str, ...],
    message: str,
    priority: int,
    alone: bool = False,
    vetted: bool = True,
    sense: Sense | None = None,
    among: bool = False,
    formal: bool = False,
) -> None:
    """Add ``term`` (and its variants: "step-down", "step down", "stepdown") to
    ``index``. A message made by ``MESSAGES`` is remade from the suggestions each
    level offers; any other message is kept as it is. ``formal``: the term is from a
    list of formal words (``FORMAL_LISTS``), so it is ``common`` if its words are."""
    note = _note_of(kind, suggestions, message)
    for variant in _term_variants(term):
        words, exact = _words_of(variant)
        common = formal and kind == "jargon" and not among and is_common(words)
        off = None
        if sense is not None and sense.off_message:
            off_note = _note_of("jargon", sense.off_suggestions, sense.off_message)
            off = Rule(
                "jargon",
                words,
                sense.off_suggestions,
                sense.off_message,
                priority,
                alone,
                exact,
                off_note,
            )
        rule_sense = None if sense is None else dataclasses.replace(sense, off=off)
        index.add(
            Rule(
                kind,
                words,
                suggestions,
                message,
                priority,
                alone,
                exact,
                note,
                vetted,
                rule_sense,
                among,
                common,
            )
        )


# Lists of formal words and connectives of general English ("commence", "provide",
# "with regard to"), as opposed to the lists of care terms, management speak, idioms,
# codes and services jargon: a common word of these is officialese only among other
# officialese at plain level (``Rule.common``).
FORMAL_LISTS = frozenset(
    [
        "plainlanguage",
        "retext",
        "nhs",
        "officialese.tsv",
        "officialese-more.tsv",
        "hard-words.tsv",
    ]
)

# How common a one-word formal term must be (wordfreq's Zipf) to be flagged at plain
# level only among other officialese (``Rule.common``): "provide", "required",
# "currently" are; "commence", "notify", "ensure" are not. Tried on the tuning sets
# with 4.0, 4.5, 4.7, 5.0 and 5.5, and with phrases of common words ("similar to",
# "in line with"): see docs/speakeasy.md.
COMMON_FORMAL_ZIPF = 5.0


def formal(source: str) -> bool:
    """Whether the bundled list ``source`` is a list of formal words."""
    return source in FORMAL_LISTS


def is_common(words: Sequence[str]) -> bool:
    """Whether a formal term with these word keys is common English: one word, not
    a function word ("shall" and "upon" are the grammar of legal English), at least
    as common as ``COMMON_FORMAL_ZIPF``. Phrases are never: a phrase of common words
    ("in line with", "required to") is still the officialese readers mark."""
    if len(words) != 1 or words[0] in FUNCTION_WORDS:
        return False
    return zipf(words[0]) >= COMMON_FORMAL_ZIPF


def _load_skip() -> frozenset[str]:
    return frozenset(row[0].strip().lower() for row in _read("jargon-skip.txt"))


def _plain_jargon(index: Index) -> None:
    skip = _load_skip()
    for row in _read("plainlanguage-gov-simple-words.tsv")[1:]:
        phrase, simpler = row[0], row[1] if len(row) > 1 else ""
        if phrase.lower() in skip:
            continue
        sugg: tuple[str, ...] = _split_suggestions(simpler.replace("(omit)", ""), ",")
        for term in phrase.split(", "):
            if term.lower() not in skip:
                msg = jargon_message(sugg)
                prio = PRIORITY["plainlanguage"]
                _add_term(index, "jargon", term, sugg, msg, prio, formal=formal("plainlanguage"))
    for row in _read("retext-simplify-phrases.tsv")[1:]:
        phrase, simpler = row[0], row[1] if len(row) > 1 else ""
        if phrase.lower() in skip:
            continue
        sugg = _split_suggestions(simpler, ";")
        msg = jargon_message(sugg)
        _add_term(index, "jargon", phrase, sugg, msg, PRIORITY["retext"], formal=formal("retext"))
    for row in _read("govuk-words-to-avoid.tsv")[1:]:
        word, instead = row[0], row[1] if len(row) > 1 else ""
        if word.lower() in skip:
            continue
        note = ""
        if "(" in instead:
            instead, _, rest = instead.partition("(")
            note = "(" + rest.strip()
            note = note[0:1] + note[1:2].upper() + note[2:]
            if not note.endswith(")"):
                note += ")"
        instead = instead.strip()
        if instead.startswith(("a more specific", "something")):
            sugg = ()
            note = f"Use {instead}."
        else:
            sugg = _split_suggestions(instead.replace(" or ", ", "), ",")
        msg = jargon_message(sugg, note)
        _add_term(index, "jargon", word, sugg, msg, PRIORITY["govuk"], formal=formal("govuk"))
    for row in _read("nhs-curated.tsv"):
        if row[0].lower() in skip:
            continue
        sugg = _split_suggestions(row[1], ";")
        msg = jargon_message(sugg)
        _add_term(index, "jargon", row[0], sugg, msg, PRIORITY["nhs"], formal=formal("nhs"))
    for row in _read("care-jargon.tsv"):
        sugg = _split_suggestions(row[1], ";")
        note = row[2].strip() if len(row) > 2 else ""
        _add_term(index, "jargon", row[0], sugg, jargon_message(sugg, note), PRIORITY["care"])
    for name in OUR_LISTS:
        for row in _read(name):
            sugg = _split_suggestions(row[1], ";")
            note = row[2].strip() if len(row) > 2 else ""
            msg = jargon_message(sugg, note)
            _add_term(index, "jargon", row[0], sugg, msg, PRIORITY["ours"], formal=formal(name))


# Words that are everyday English alone and management speak among other officialese
# ("providers", "capacity", "drive"), in the shape of care-jargon.tsv: flagged only in
# a sentence where some other list matches.
AMONG_OFFICIALESE = "among-officialese.tsv"


def _among_officialese(index: Index) -> None:
    for row in _read(AMONG_OFFICIALESE):
        sugg = _split_suggestions(row[1], ";")
        note = row[2].strip() if len(row) > 2 else ""
        message = jargon_message(sugg, note)
        _add_term(index, "jargon", row[0], sugg, message, PRIORITY["among"], among=True)


# Our own lists of officialese, by kind, in the shape of care-jargon.tsv.
OUR_LISTS = (
    "officialese.tsv",
    "officialese-more.tsv",
    "management.tsv",
    "management-more.tsv",
    "idioms.tsv",
    "idioms-more.tsv",
    "care-system-more.tsv",
    "codes.tsv",
    "idioms-business.tsv",
    "management-broad.tsv",
    "hard-words.tsv",
    "council-services.tsv",
)


def _care_senses(index: Index) -> None:
    """care-senses.tsv: term, explanation as the care term, the cue words that say
    it is the care term (none: always), and the plainer words when it is not (none:
    not flagged then)."""
    for row in _read("care-senses.tsv"):
        row += [""] * (5 - len(row))
        term, explanation, cues, off, note = (part.strip() for part in row[:5])
        off_sugg = _split_suggestions(off, ";")
        # Each cue as the word pattern reads it: one word, or several in a row.
        read = [tuple(make_key(w) for w in word_offsets(c)[2]) for c in cues.split()]
        sense = Sense(
            frozenset(one[0] for one in read if len(one) == 1),
            explanation,
            off_sugg,
            jargon_message(off_sugg, note) if off_sugg or note else "",
            cue_phrases=tuple(one for one in read if len(one) > 1),
        )
        _add_term(index, "explain", term, (), explanation, PRIORITY["care_sense"], sense=sense)


def _everyday_names(index: Index) -> None:
    """Everyday names that hold a word a list flags on its own ("hay fever"): matched
    so that neither they nor the word inside them is flagged."""
    for row in _read("everyday-names.txt"):
        _add_term(index, "everyday", row[0].strip(), (), "", PRIORITY["everyday"])


def _product_terms(index: Index) -> None:
    """The product's own words: explained in the glossary and easy read, never flagged."""
    for row in _read("product-terms.tsv"):
        _add_term(index, "note", row[0], (), row[1].strip(), PRIORITY["product"])


# Terms to keep and explain: the first list, then more named rights, services and
# benefits.
EXPLAIN_LISTS = ("explain.tsv", "explain-more.tsv")


# Care-system terms a reader will meet in letters and plans ("care package",
# "reablement"): kept and explained, with plainer words offered too.
CARE_TERMS = "care-terms.tsv"


def _explain(index: Index) -> None:
    for name in EXPLAIN_LISTS:
        for row in _read(name):
            _add_term(index, "explain", row[0], (), row[1].strip(), PRIORITY["explain"])
    for row in _read(CARE_TERMS):
        row += [""] * (3 - len(row))
        sugg = _split_suggestions(row[2], ";")
        message = explain_message(sugg, row[1].strip())
        _add_term(index, "explain", row[0], sugg, message, PRIORITY["explain"])


def _exclusionary(index: Index) -> None:
    for row in _read("exclusionary.tsv"):
        term, sugg_text, message = row[0], row[1], row[2]
        flags = row[3].split(",") if len(row) > 3 else []
        sugg = _split_suggestions(sugg_text, ";")
        if sugg and sugg[0].endswith("."):
            sugg = ()  # advice rather than a replacement
        _add_term(
            index,
            "exclusionary",
            term,
            sugg,
            message.strip(),
            PRIORITY["exclusionary"],
            alone="alone" in (f.strip() for f in flags),
        )


def _nominalisations(index: Index) -> None:
    for row in _read("nominalisations.tsv"):
        pattern, sugg = row[0], _split_suggestions(row[1], ";")
        msg = nominal_message(sugg)
        # "needs a determiner": "make a decision" is wordy, "we make decisions" is plain.
        dets = DETERMINERS[1:] if len(row) > 2 and "determiner" in row[2] else DETERMINERS
        variants = [pattern]
        if "{det}" in pattern:
            variants = [" ".join(pattern.replace("{det}", d).split()) for d in dets]
        for v in variants:
            _add_term(index, "nominalisation", v, sugg, msg, PRIORITY["nominalisation"])


@functools.lru_cache(maxsize=1)
def base_index() -> Index:
    """The index of every bundled list (built once, then shared)."""
    index = Index()
    _plain_jargon(index)
    _nominalisations(index)
    _explain(index)
    _care_senses(index)
    _product_terms(index)
    _everyday_names(index)
    _among_officialese(index)
    _exclusionary(index)
    return index


@functools.lru_cache(maxsize=1)
def common_acronyms() -> frozenset[str]:
    return frozenset(row[0].strip() for row in _read("acronyms-common.txt"))


@functools.lru_cache(maxsize=1)
def everyday_british() -> frozenset[str]:
    """Everyday British words that wordfreq finds rarer than they are in the UK
    ("carer", "leaflet", "fortnight"): never called uncommon."""
    return frozenset(row[0].strip().lower() for row in _read("everyday-british.txt"))


def is_everyday_british(key: str) -> bool:
    """Whether a word's key, or the base form it may be a form of, is an everyday
    British word."""
    words = everyday_british()
    return any(form in words for form in forms(key))


@functools.lru_cache(maxsize=1)
def everyday_health() -> frozenset[str]:
    """Everyday names of common illnesses and pharmacy medicines ("chickenpox",
    "earache", "paracetamol"): never called uncommon at plain level."""
    return frozenset(row[0].strip().lower() for row in _read("everyday-health.txt"))


def is_everyday_health(key: str) -> bool:
    """Whether a word's key, or the base form it may be a form of, is the everyday
    name of a common illness or pharmacy medicine."""
    words = everyday_health()
    return any(form in words for form in forms(key))


@functools.lru_cache(maxsize=1)
def easy_read_acronyms() -> frozenset[str]:
    """The few short forms that easy-read writing uses too ("NHS", "GP", "TV")."""
    return frozenset(row[0].strip() for row in _read("acronyms-easy-read.txt"))


@functools.lru_cache(maxsize=1)
def listed_words() -> frozenset[str]:
    """Every single word that a bundled list flags wherever it stands (the
    uncommon-word check leaves these to the lists). Words the lists flag only in
    some sentences (a care term's other use, words among officialese) are left out:
    where the list says nothing, the word model judges them like any other word."""
    out: set[str] = set()
    for rule in base_index().rules():
        if len(rule.words) == 1 and not rule.among and (rule.sense is None or rule.sense.off):
            out.add(rule.words[0])
    return frozenset(out)


def coerce_entries(extra: Iterable[object] | None) -> tuple[WordEntry, ...]:
    """Accept ``WordEntry`` objects, or tuples ``(term, suggestions, explanation,
    mode)`` (the last ones optional), or mappings with those keys."""
    if not extra:
        return ()
    out = []
    for item in extra:
        if isinstance(item, WordEntry):
            out.append(item)
        elif isinstance(item, dict):
            out.append(
                WordEntry(
                    str(item["term"]),
                    tuple(item.get("suggestions") or ()),
                    item.get("explanation"),
                    item.get("mode") or "replace",
                )
            )
        elif isinstance(item, (tuple, list)):
            term = str(item[0])
            sugg = item[1] if len(item) > 1 else ()
            expl = item[2] if len(item) > 2 else None
            mode = item[3] if len(item) > 3 else ("explain" if expl and not sugg else "replace")
            out.append(
                WordEntry(
                    term,
                    tuple(sugg or ()),
                    None if expl is None else str(expl),
                    "explain" if mode == "explain" else "replace",
                )
            )
        elif isinstance(item, str):
            out.append(WordEntry(item))
        else:
            raise TypeError(f"cannot use {item!r} as a word entry")
    return tuple(out)


@functools.lru_cache(maxsize=64)
def extra_index(entries: tuple[WordEntry, ...]) -> Index:
    index = Index(cache_limit=EXTRA_CACHE_LIMIT)
    for e in entries:
        if not e.term.strip():
            continue
        if e.mode == "explain":
            message = e.explanation or "This is in your organisation's glossary. Explain it."
            _add_term(index, "explain", e.term, (), message, PRIORITY["org_explain"], vetted=False)
        else:
            msg = "Your organisation asks people not to use this word."
            if e.suggestions:
                msg += f" Try {_quote_list(e.suggestions)}."
            if e.explanation:
                msg += " " + e.explanation
            prio = PRIORITY["org_replace"]
            _add_term(index, "jargon", e.term, e.suggestions, msg, prio, vetted=False)
    return index


# --- Matching ---------------------------------------------------------------------


def _gap_ok(text: str, end: int, start: int) -> bool:
    """Words of a phrase may only have spaces (or a hyphen) between them."""
    return start - end <= 3 and text[end:start] in _GAPS


gap_ok = _gap_ok


# Every gap _gap_ok accepts: up to three spaces, hyphens, no-break spaces or tabs.
_GAPS = frozenset(
    "".join(chars) for n in range(4) for chars in itertools.product(" -\u00a0\t", repeat=n)
)


def _rule_fits(rule: Rule, words: WordSpans, i: int, text: str, stop: int) -> bool:
    """Whether ``rule`` matches the words from ``i`` on (words from ``stop`` on are
    in the next sentence)."""
    starts, ends, keys = words.starts, words.ends, words.keys
    n = len(rule.words)
    if i + n > stop:
        return False
    for k in range(1, n):
        # The words first: they rule out most phrases, the gaps few.
        if rule.words[k] not in forms(keys[i + k]):
            return False
        if not _gap_ok(text, ends[i + k - 1], starts[i + k]):
            return False
    if rule.exact is not None:
        for k in range(n):
            got = words.texts[i + k]
            if got != rule.exact[k] and got != rule.exact[k] + "s":
                return False
    return not (
        rule.alone
        and i + n < stop
        and _gap_ok(text, ends[i + n - 1], starts[i + n])
        and keys[i + n] not in FUNCTION_WORDS
    )


def _longest_first(rule: Rule) -> tuple[int, int]:
    return -len(rule.words), -rule.priority


def match(
    text: str,
    words: WordSpans,
    indexes: Sequence[Index],
    starters: Iterable[int] | None = None,
    stop: int | None = None,
) -> list[tuple[int, int, Rule]]:
    """Find list phrases among ``words``: longest first, then highest priority; no
    two matches share a word. Returns ``(first word, last word + 1, rule)``.

    ``starters``, if given, are the positions (in order) of the words that may start
    a phrase of some index (see ``Index.may_start``); the others are skipped. A phrase
    ends before word ``stop`` (by default, the end of ``words``): ``words`` may be a
    whole text, matched one sentence at a time."""
    n = len(words.keys) if stop is None else stop
    if starters is None:
        keys = words.keys
        starters = [k for k in range(n) if any(ix.may_start(keys[k]) for ix in indexes)]
    return match_sentences(text, words, indexes, starters, None, (n,))


def match_sentences(
    text: str,
    words: WordSpans,
    indexes: Sequence[Index],
    starters: Iterable[int],
    of_word: Sequence[int] | None,
    stops: Sequence[int],
) -> list[tuple[int, int, Rule]]:
    """``match`` in many sentences at once: a phrase that starts at word ``k`` ends
    before word ``stops[of_word[k]]`` (the end of its sentence; with ``of_word``
    ``None``, before ``stops[0]``). ``starters`` are in order. The same matches as
    ``match`` sentence by sentence, in order."""
    out: list[tuple[int, int, Rule]] = []
    starts, ends, keys = words.starts, words.ends, words.keys
    only = indexes[0] if len(indexes) == 1 else None
    gaps = _GAPS
    i = 0
    for pos in starters:
        if pos < i:
            continue  # inside the previous match
        i = pos
        n = stops[0] if of_word is None else stops[of_word[i]]
        next_key = None
        if i + 1 < n:
            end, start = ends[i], starts[i + 1]
            if start - end <= 3 and text[end:start] in gaps:  # _gap_ok, inline
                next_key = keys[i + 1]
        if only is not None:
            tries = only.tries(keys[i], next_key)
        else:
            tries = _tries_of(indexes, keys[i], next_key)
        if not tries:
            continue
        best: Rule | None = None
        third: tuple[str, ...] | None = None  # the forms of the word after next
        for rule in tries:
            if len(rule.words) > 2:
                # A quick test of the third word first: many phrases share their
                # first two words ("in the ...").
                if third is None:
                    third = forms(keys[i + 2]) if i + 2 < n else ()
                if rule.words[2] not in third:
                    continue
            if _rule_fits(rule, words, i, text, n):
                best = rule
                break
        if best is None:
            i += 1
            continue
        out.append((i, i + len(best.words), best))
        i += len(best.words)
    return out


def _tries_of(indexes: Sequence[Index], key: str, next_key: str | None) -> tuple[Rule, ...]:
    """``Index.tries`` of several indexes, in the order ``match`` tries them (for
    rules of the same length and priority, those of the first index first)."""
    found = [rule for index in indexes for rule in index.tries(key, next_key)]
    return tuple(sorted(found, key=_longest_first))


def term_key(term: str) -> str:
    return make_key(term)
