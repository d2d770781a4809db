"""Each check of the engine alone (``engine/checks/``), on short texts, and the list of
checks that ``check()`` runs. The tests of the whole check are in test_engine.py."""

from __future__ import annotations

import pytest

from equalvoice.speakeasy import check
from equalvoice.speakeasy.engine import KINDS, WordEntry, complexity, lexicon
from equalvoice.speakeasy.engine.check import run_checks, stretch_of
from equalvoice.speakeasy.engine.checks import CHECKS, Check, Job, Level
from equalvoice.speakeasy.engine.checks.acronyms import Acronyms, looks_like_acronym
from equalvoice.speakeasy.engine.checks.list_matches import ListMatches, may_start
from equalvoice.speakeasy.engine.checks.long_sentences import LONG_SENTENCE, LongSentences
from equalvoice.speakeasy.engine.checks.many_ideas import ManyIdeas
from equalvoice.speakeasy.engine.checks.nominalisations import (
    NOMINAL_RE,
    Nominalisations,
    may_be_noun,
    nominal_verb,
)
from equalvoice.speakeasy.engine.checks.passive import Passive, ends_with_be, may_be_participle
from equalvoice.speakeasy.engine.checks.stretch import (
    AT_LEAD,
    AT_SECOND,
    AT_SINGLE,
    by_sentence,
    sentences,
    where,
)
from equalvoice.speakeasy.engine.checks.uncommon import (
    EASY_READ_MAX_ZIPF,
    NAME_MESSAGE,
    UNCOMMON_MAX_ZIPF,
    UNCOMMON_MIN_LETTERS,
    Uncommon,
    may_be_uncommon,
)
from equalvoice.speakeasy.engine.text import sentence_bounds, tokens


def alone(
    check_class: type[Check],
    text: str,
    level: Level = "plain",
    extra: tuple[WordEntry, ...] = (),
) -> list[tuple[str, str, list[str]]]:
    """``(kind, text, suggestions)`` of each finding of one check run alone."""
    report = run_checks(text, level, (check_class,), extra)
    return [(f.kind, f.text, f.suggestions) for f in report.findings]


# --- The list of checks ---------------------------------------------------------------


def test_the_checks_give_every_kind_and_the_lists_come_first() -> None:
    assert CHECKS[0] is ListMatches  # the others read what it covers
    assert {kind for one in CHECKS for kind in one.kinds} == set(KINDS)
    assert [one for one in CHECKS if one.levels != {"plain", "easy_read"}] == [ManyIdeas]


def test_running_every_check_is_the_whole_check() -> None:
    text = "Service users were sent the EHCP. We carry out an assessment of your needs; ok."
    for level in ("plain", "easy_read"):
        assert run_checks(text, level) == check(text, level)


# --- The shared machinery (checks/stretch.py) -----------------------------------------


def test_sentences_without_words_are_left_out() -> None:
    text = "One two. ... Three four five."
    starts, ends = sentence_bounds(text)
    assert [text[s:e] for s, e in zip(starts, ends, strict=True)] == [
        "One two.",
        "...",
        "Three four five.",
    ]
    word_starts = [t.start for t in tokens(text)]
    sents = sentences(starts, ends, word_starts)
    assert sents.lengths == [2, 3]
    assert sents.of_word == [0, 0, 1, 1, 1]
    assert list(sents.is_last) == [0, 1, 0, 0, 1]
    assert list(by_sentence([1, 2, 4], sents)) == [(0, [1]), (1, [2, 4])]


def test_where_finds_the_words_with_a_flag() -> None:
    flags = bytes([AT_LEAD, 0, AT_LEAD | AT_SECOND, AT_SECOND])
    assert list(where(flags, AT_LEAD)) == [0, 2]
    assert list(where(flags, AT_SECOND | AT_LEAD)) == [0, 2, 3]
    # Few words with the flag: found another way, the same positions.
    sparse = bytearray(400)
    for k in (0, 7, 8, 399):
        sparse[k] = AT_LEAD
    sparse[50] = AT_SECOND
    assert list(where(bytes(sparse), AT_LEAD)) == [0, 7, 8, 399]
    assert list(where(bytes(sparse), AT_SECOND | AT_LEAD)) == [0, 7, 8, 50, 399]
    assert list(where(bytes(400), AT_LEAD)) == []


# --- List matches ---------------------------------------------------------------------


def test_list_matches_alone() -> None:
    found = alone(ListMatches, "Service users were signposted.")
    assert [(kind, text) for kind, text, _ in found] == [
        ("jargon", "Service users"),
        ("jargon", "signposted"),
    ]
    assert found[0][2][0] == "People who use services"
    assert alone(ListMatches, "We will pay for your bus ticket.") == []


def test_list_matches_with_an_organisations_words() -> None:
    extra = (WordEntry("hub", ("centre",)),)
    assert alone(ListMatches, "Come to the hub.", extra=extra) == [("jargon", "hub", ["centre"])]
    assert alone(ListMatches, "Come to the hub.") == []


def test_list_matches_mark_what_they_cover_for_the_later_checks() -> None:
    text = "Ask about your EHCP. An EHCP helps. Service users can come."
    stretch = stretch_of(text, *sentence_bounds(text))
    ListMatches(Job(text, "plain", ())).find(stretch)
    covered = [w for w, c in zip(stretch.words.texts, stretch.covered, strict=True) if c]
    assert covered == ["EHCP", "EHCP", "Service", "users"]
    assert stretch.explains == [(0, ["EHCP"]), (1, ["EHCP"])]


def test_list_matches_in_many_sentences_are_those_of_each_sentence() -> None:
    text = (
        "In the event of a fire, service users were signposted. In the event. Of the "
        "event in accordance with the plan, commence the hub. Hub in the event of. "
        "Utilise in accordance with the hub in accordance."
    )
    stretch = stretch_of(text, *sentence_bounds(text))
    words, sents = stretch.words, stretch.sents
    for indexes in (
        [lexicon.base_index()],
        [lexicon.extra_index((WordEntry("hub", ("centre",)),)), lexicon.base_index()],
    ):
        each = [
            m
            for lo, hi in zip(sents.firsts, sents.stops, strict=True)
            for m in lexicon.match(text, words, indexes, range(lo, hi), hi)
        ]
        assert len(each) >= 6
        every = range(len(words.keys))
        together = lexicon.match_sentences(text, words, indexes, every, sents.of_word, sents.stops)
        assert together == each


def test_may_start_needs_a_second_word_next() -> None:
    # One-word rule; a lead with no second word next; a lead with one next.
    flags = bytes([AT_SINGLE, 0, AT_LEAD, 0, AT_LEAD, AT_SECOND])
    assert list(may_start(flags)) == [1, 0, 0, 0, 1, 0]


# --- Acronyms -------------------------------------------------------------------------


def test_acronyms_alone_flag_each_short_form_once() -> None:
    text = "Ask the PALS team. PALS can help. Ask the DWP."
    assert alone(Acronyms, text) == [("acronym", "PALS", []), ("acronym", "DWP", [])]
    # Well-known ones only at easy read.
    assert alone(Acronyms, "Ask your GP.") == []
    assert alone(Acronyms, "Ask your GP.", "easy_read") == []  # easy read uses "GP" too
    assert alone(Acronyms, "Ask the DWP.", "easy_read") == [("acronym", "DWP", [])]


def test_acronyms_alone_know_nothing_of_the_lists() -> None:
    # Alone, EHCP is an unexplained short form; in the whole check the "explain" list
    # covers it first.
    assert alone(Acronyms, "Ask about your EHCP today.") == [("acronym", "EHCP", [])]
    assert [f.kind for f in check("Ask about your EHCP today.").findings] == ["explain"]


def test_acronyms_explained_where_they_stand() -> None:
    assert alone(Acronyms, "Ask PALS (Patient Advice and Liaison Service). PALS helps.") == []
    assert alone(Acronyms, "The Liaison Service (PALS) helps. PALS is free.") == []
    assert alone(Acronyms, "PALS means the advice service. Ask PALS.") == []
    # One word before the brackets is not the words in full.
    assert alone(Acronyms, "Service (PALS) helps.") == [("acronym", "PALS", [])]


def test_acronyms_remember_across_stretches() -> None:
    first, second = "Ask PALS (Patient Advice and Liaison Service).", "Ask PALS. Ask DWP."
    text = first + " " + second
    job = Job(text, "plain", ())
    acronyms = Acronyms(job)
    acronyms.find(stretch_of(text, [0], [len(first)]))
    acronyms.find(stretch_of(text, [len(first) + 1], [len(text)]))
    assert [text[f.start : f.end] for f in job.findings()] == ["DWP"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [("NHS", True), ("GPs", True), ("A1B", True), ("A1", False), ("XIV", False), ("Ok", False)],
)
def test_looks_like_acronym(word: str, expected: bool) -> None:
    assert looks_like_acronym(word) is expected


# --- Uncommon words -------------------------------------------------------------------


def _uncommon_by_hand(sentence: str, level: Level) -> list[str]:
    """The words of one sentence that the model scores at or above the level's
    threshold, among those the level scores at all, worked out from the model
    directly."""
    words = tokens(sentence)
    total = 0.0
    for w in words:  # added from left to right, as the check does
        total += complexity.zipf(w.key)
    mean = total / len(words)
    model = complexity.word_model()
    threshold = complexity.model()["thresholds"][level]
    max_zipf = UNCOMMON_MAX_ZIPF if level == "plain" else EASY_READ_MAX_ZIPF
    out = []
    for i, w in enumerate(words):
        z = complexity.zipf(w.key)
        name = i > 0 and w.text[:1].isupper()
        if (
            may_be_uncommon(w.text, w.key, z)
            and z < max_zipf
            and len(w.key) >= UNCOMMON_MIN_LETTERS[level]
            and (level == "easy_read" or not name)
            and model.score_in_sentence(w.text, mean, len(words), name) >= threshold
        ):
            out.append(w.text)
    return out


def test_uncommon_alone_flags_what_the_model_scores_high() -> None:
    text = "The perspicacious chairperson spotted the obfuscation near Llandudno."
    for level in ("plain", "easy_read"):
        expected = _uncommon_by_hand(text, level)
        assert {"perspicacious", "obfuscation"} <= set(expected)
        assert alone(Uncommon, text, level) == [("uncommon", w, []) for w in expected]
    assert "Llandudno" not in _uncommon_by_hand(text, "plain")  # a name
    assert "Llandudno" in _uncommon_by_hand(text, "easy_read")  # a name to explain
    assert alone(Uncommon, "The kind chair saw the problem.") == []


def test_uncommon_alone_scores_words_the_lists_would_cover() -> None:
    # "reablement" is a care term: the whole check explains it, not uncommon, because
    # it is in a list (so never scored as uncommon at all).
    assert not may_be_uncommon("reablement", "reablement", complexity.zipf("reablement"))
    assert alone(Uncommon, "We offer reablement.") == []


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("obfuscation", True),
        ("ewe", True),  # three letters: scored at easy read
        ("house", False),
        ("NHS", False),
        ("iPhone", False),
        ("abc1", False),
        ("bin", False),  # rare in wordfreq, but rated simple in the lexicon
    ],
)
def test_may_be_uncommon(word: str, expected: bool) -> None:
    assert may_be_uncommon(word, word.lower(), complexity.zipf(word.lower())) is expected


# Everyday sentences: no word in them is worth a warning, at either level.
QUIET = [
    "You can apply online for a blue badge.",
    "We will meet at the library on Tuesday.",
    "Please put your rubbish in the green bin.",
    "We will send you a letter about your appointment.",
    "Please tell us if you need help to fill in the form.",
    "The doctor will look at your leg.",
    "Sarah and Tom will help you at the event.",
    "Each round's score is out of 100.",
    "Your new wheelchair will come on Monday.",
    "You can go swimming at the leisure centre.",
]


@pytest.mark.parametrize("sentence", QUIET)
@pytest.mark.parametrize("level", ["plain", "easy_read"])
def test_everyday_sentences_stay_quiet(sentence: str, level: Level) -> None:
    word_kinds = {"jargon", "explain", "exclusionary", "nominalisation", "acronym", "uncommon"}
    assert [f.text for f in check(sentence, level).findings if f.kind in word_kinds] == []


def test_easy_read_flags_more_words_than_plain() -> None:
    # Short rare words and words a plain reader knows are still hard to some.
    text = "The ewe ran into the fen. The chairperson spoke."
    assert alone(Uncommon, text, "plain") == []
    easy = [w for _, w, _ in alone(Uncommon, text, "easy_read")]
    assert {"ewe", "fen", "chairperson"} <= set(easy)


def test_names_are_explained_once_at_easy_read_only() -> None:
    text = "We met Ms Okonkwo in Llandudno. Ms Okonkwo likes Llandudno."
    assert alone(Uncommon, text, "plain") == []
    report = run_checks(text, "easy_read", (Uncommon,))
    assert [(f.text, f.start) for f in report.findings] == [("Okonkwo", 10), ("Llandudno", 21)]
    assert all(f.message == NAME_MESSAGE for f in report.findings)
    # A common name needs no explaining.
    assert alone(Uncommon, "Sarah and Tom will help you.", "easy_read") == []


def test_a_name_is_explained_once_in_a_long_text() -> None:
    # The check reads a long text a stretch at a time: the name is remembered.
    filler = "We like the park. " * 4000
    text = f"Ask Ms Okonkwo. {filler}Ask Ms Okonkwo again."
    found = run_checks(text, "easy_read", (Uncommon,)).findings
    assert [(f.text, f.start) for f in found] == [("Okonkwo", 7)]


# --- Passive voice --------------------------------------------------------------------


def test_passive_alone() -> None:
    # At easy read every passive is flagged.
    assert alone(Passive, "Your form was sent on Monday.", "easy_read") == [
        ("passive", "was sent", [])
    ]
    assert alone(Passive, "It is not always checked.", "easy_read") == [
        ("passive", "is not always checked", [])
    ]
    assert alone(Passive, "I am interested in the group.", "easy_read") == []
    assert alone(Passive, "We sent your form.", "easy_read") == []


def test_passive_at_plain_level_only_with_the_doer_named_or_among_officialese() -> None:
    # A plain sentence with a passive and no doer is left alone at plain level...
    assert alone(Passive, "Your form was sent on Monday.") == []
    assert alone(Passive, "You will be asked about your money.") == []
    # ...but not when the doer is named: it is easy to say who does what.
    assert alone(Passive, "Your form was sent by the council.") == [("passive", "was sent", [])]
    assert alone(Passive, "The plan was approved today by the board.") == [
        ("passive", "was approved", [])
    ]
    # Among officialese (a list gave a finding in the sentence; here "commence" and
    # "prior to"), every passive is flagged, as at easy read.
    officialese = "Work will commence once the plan is approved, prior to the review."
    assert ("passive", "is approved", []) in [
        (f.kind, f.text, f.suggestions)
        for f in run_checks(officialese, "plain", (ListMatches, Passive)).findings
    ]
    assert alone(Passive, "The plan is approved, and we start in May.") == []


def test_passive_at_plain_level_the_doer_is_looked_for_in_its_own_sentence() -> None:
    # A line break ends the sentence: "By ..." on the next line is not the doer.
    assert alone(Passive, "The plan was agreed\n\nBy 2026 we will open a centre.") == []
    assert alone(Passive, "Your form was sent\n\nBy the way, we moved office.") == []
    assert alone(Passive, "Your form was sent. By then we had moved.") == []
    assert alone(Passive, "Your form was sent today by the council.") == [
        ("passive", "was sent", [])
    ]


def test_passive_with_a_participle_in_eed() -> None:
    assert alone(Passive, "The plan was agreed by the board.") == [("passive", "was agreed", [])]
    assert alone(Passive, "Your place is guaranteed.", "easy_read") == [
        ("passive", "is guaranteed", [])
    ]
    assert alone(Passive, "This is indeed a good plan.", "easy_read") == []
    assert alone(Passive, "More help is needed.", "easy_read") == [("passive", "is needed", [])]


def test_passive_in_a_sentence_that_is_not_plain_ascii() -> None:
    # The pattern reads the whole sentence (the words' flags are not sure there).
    assert alone(Passive, "The café was closed, the form was sent.", "easy_read") == [
        ("passive", "was sent", [])
    ]
    assert alone(Passive, "Die Straße was repaired.", "easy_read") == [
        ("passive", "was repaired", [])
    ]
    assert alone(Passive, "Die Straße was repaired.") == []
    assert alone(Passive, "Die Straße was repaired by the council.") == [
        ("passive", "was repaired", [])
    ]


@pytest.mark.parametrize(
    ("key", "expected"),
    [("is", True), ("wasn't", True), ("this", False), ("e.g.is", True), ("basis", False)],
)
def test_ends_with_be(key: str, expected: bool) -> None:
    assert ends_with_be(key) is expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("sent", True),
        ("checked", True),
        ("sent's", True),
        ("interested", False),
        ("speed", False),
        ("red", False),
        ("cat", False),
    ],
)
def test_may_be_participle(key: str, expected: bool) -> None:
    assert may_be_participle(key) is expected


# --- Nominalisations ------------------------------------------------------------------


def test_nominalisations_alone() -> None:
    # "Implement the plan starts soon" would not be English: the "-ing" form fits,
    # of plainer verbs, since "implement" is flagged itself.
    assert alone(Nominalisations, "The implementation of the plan starts soon.") == [
        ("nominalisation", "The implementation of", ["Carrying out", "Starting"])
    ]
    assert alone(Nominalisations, "The government of the day.") == []


def test_nominalisations_leave_what_a_list_covers() -> None:
    text = "We carry out an assessment of your needs."
    # After "carry out", neither "assess" nor "assessing" fits: the message names the verb.
    assert alone(Nominalisations, text) == [("nominalisation", "an assessment of", [])]
    assert "“assess”" in run_checks(text, "plain", (Nominalisations,)).findings[0].message
    report = run_checks(text, "plain", (ListMatches, Nominalisations))
    assert [(f.kind, f.text) for f in report.findings] == [
        ("nominalisation", "carry out an assessment of")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The implementation of the plan. the  implementation\tof it, an assessment of us.",
        "x.the implementation of it; x-the implementation of it; (the implementation of it)",
        "THE IMPLEMENTATION OF IT. The Implementation Of it. A Management of.",
        "the implementation often; the implementation of-ten; the implementation.of; "
        "the implementation of it",
        "the implementation of the implementation of the organisation of work",
        "an\u00a0implementation of it, the\u2003implementation of it, the implementations of",
        "the installation’s of; the re-creation of; the café creation of; "
        "the 12345creation of; the creation of it",
    ],
)
def test_nominalisations_are_those_a_search_of_each_sentence_finds(text: str) -> None:
    # The check looks for a match from its noun; a search of each whole sentence
    # (as the check did before) finds the same.
    found = [(f.start, f.end) for f in run_checks(text, "plain", (Nominalisations,)).findings]
    searched = [
        m.span()
        for start, end in zip(*sentence_bounds(text), strict=True)
        for m in NOMINAL_RE.finditer(text, start, end)
        if nominal_verb(m.group(1)) is not None
    ]
    assert found == searched
    assert found  # each text has one at least


def test_nominal_verb_and_may_be_noun() -> None:
    assert nominal_verb("implementation") == "implement"
    assert nominal_verb("Organisation") == "organise"
    assert nominal_verb("statement") is None  # a noun in its own right
    assert may_be_noun("statement") and may_be_noun("decision")
    assert not may_be_noun("motion") and not may_be_noun("cement")


# --- Long sentences -------------------------------------------------------------------


def test_long_sentences_alone() -> None:
    # Plain level: more than 25 words, as GOV.UK's guidance says.
    assert LONG_SENTENCE["plain"] == 25
    words_26 = " ".join(["word"] * 26) + "."
    words_25 = " ".join(["word"] * 25) + "."
    words_16 = " ".join(["word"] * 16) + "."
    assert alone(LongSentences, words_26) == [
        (
            "long_sentence",
            words_26,
            [],
        )
    ]
    report = run_checks(words_26, "plain", (LongSentences,))
    assert report.findings[0].message.startswith(
        "This sentence has 26 words. Try to use 25 words or fewer"
    )
    assert alone(LongSentences, words_25) == []
    assert alone(LongSentences, words_16) == []
    assert alone(LongSentences, words_16, "easy_read") == [("long_sentence", words_16, [])]
    assert alone(LongSentences, " ".join(["word"] * 15) + ".", "easy_read") == []


# --- Many ideas -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We meet on Monday; bring your lunch with you.",  # a semicolon
        "You can come to the meeting because it is open.",  # a joining word
        "You come to the meeting and we pay for the bus.",  # "and" then a subject
        "It is open, we can come, you will see it.",  # three finite verbs
    ],
)
def test_many_ideas_alone(text: str) -> None:
    assert alone(ManyIdeas, text, "easy_read") == [("many_ideas", text, [])]


def test_many_ideas_leaves_short_and_single_idea_sentences() -> None:
    assert alone(ManyIdeas, "Come because it is open.", "easy_read") == []  # five words
    assert alone(ManyIdeas, "You can come to the big meeting on Monday.", "easy_read") == []
    assert alone(ManyIdeas, "Because you can come to the meeting.", "easy_read") == []
    assert alone(ManyIdeas, "You can bring tea and cake to the meeting.", "easy_read") == []
    # It never runs at plain level.
    assert alone(ManyIdeas, "We meet on Monday; bring your lunch with you.") == []
