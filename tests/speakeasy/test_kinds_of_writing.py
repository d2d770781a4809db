"""Kinds of writing rather than single words (issue 24): abstract nouns in a row among
officialese, and the lower uncommon-word threshold there. A sentence is officialese
when a list gave a finding in it; the product's own words alone do not make it so."""

from __future__ import annotations

import pytest

from equalvoice.speakeasy import check
from equalvoice.speakeasy.engine.check import run_checks, stretch_of
from equalvoice.speakeasy.engine.checks import Job
from equalvoice.speakeasy.engine.checks.list_matches import ListMatches
from equalvoice.speakeasy.engine.checks.noun_stacks import MESSAGE, NounStacks, is_abstract_noun
from equalvoice.speakeasy.engine.text import sentence_bounds

WORD_KINDS = {"jargon", "explain", "exclusionary", "nominalisation", "acronym", "uncommon"}


def flagged(text: str, level: str = "plain") -> dict[str, str]:
    return {f.text: f.kind for f in check(text, level=level).findings if f.kind in WORD_KINDS}


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("transformation", True),
        ("programmes", True),  # a stack noun, in the plural
        ("governance", True),
        ("sustainability", True),
        ("framework", True),
        ("station", False),  # too short to be abstract by its ending
        ("information", False),  # everyday
        ("appointments", False),  # everyday, in the plural
        ("house", False),
        ("co-production", False),
    ],
)
def test_is_abstract_noun(word: str, expected: bool) -> None:
    assert is_abstract_noun(word) is expected


@pytest.mark.parametrize(
    ("text", "stack"),
    [
        ("Going forward, the assessment approach will change.", "assessment approach"),
        (
            "Prior to the meeting, the attendance improvement process was agreed.",
            "attendance improvement process",
        ),
        ("Prior to the meeting, the referral management process was agreed.", "management process"),
    ],
)
def test_abstract_nouns_in_a_row_among_officialese_are_flagged(text: str, stack: str) -> None:
    assert flagged(text).get(stack) == "jargon"
    finding = next(f for f in check(text).findings if f.text == stack)
    assert finding.message == MESSAGE  # says what to do: who does what, with a verb
    assert finding.suggestions == []


@pytest.mark.parametrize(
    "text",
    [
        # The same stacks with no other officialese: often ordinary English.
        "The assessment approach will change.",
        "The population density of the city is high.",
        "We shared the delivery framework.",
        # Everyday nouns, and words apart, among officialese.
        "Going forward, the bus station information desk will open.",
        "Going forward, your appointment information will come by post.",
        "Going forward, the transformation, and the programme, will be ours.",
    ],
)
def test_nouns_that_are_not_a_stack_of_officialese_stay_quiet(text: str) -> None:
    assert not any(f.message == MESSAGE for f in check(text).findings)


def test_noun_stacks_alone_need_the_list_matches() -> None:
    text = "Going forward, the assessment approach will change. The assessment approach is new."
    found = run_checks(text, "plain", (ListMatches, NounStacks)).findings
    stacks = [(f.start, f.text) for f in found if f.message == MESSAGE]
    assert stacks == [(19, "assessment approach")]
    # Without the list matches no sentence is officialese.
    assert run_checks(text, "plain", (NounStacks,)).findings == []


def test_the_words_of_a_stack_get_no_other_warning() -> None:
    # "occupancy" alone is uncommon among officialese; inside the stack it is the
    # stack's.
    assert flagged("Prior to the meeting, the occupancy was agreed.").get("occupancy") == "uncommon"
    found = flagged("Prior to the meeting, the occupancy management model was agreed.")
    assert found == {"Prior to": "jargon", "occupancy management model": "jargon"}


def test_a_name_or_a_listed_word_breaks_a_stack() -> None:
    assert "Governance Assurance" not in flagged("Going forward, Board Governance Assurance met.")
    # "governance" alone is listed: the list's finding, no stack around it.
    found = flagged("Going forward, we looked at governance.")
    assert found.get("governance") == "jargon"


def test_the_list_matches_note_the_sentences_of_officialese() -> None:
    text = "We make easy read papers. Going forward, we will meet. We meet on Tuesdays."
    stretch = stretch_of(text, *sentence_bounds(text))
    ListMatches(Job(text, "plain", ())).find(stretch)
    # The product's own words ("easy read") are a note, not a finding: not officialese.
    assert stretch.officialese == {1}


def test_the_products_own_words_do_not_make_a_sentence_officialese() -> None:
    # "interpreter" is flagged among officialese, but "easy read" is our own word.
    assert flagged("You can ask for easy read papers or a British Sign Language interpreter.") == {}
    assert flagged("We use co-production; the ladder runs from coercion to co-production.") == {}


def test_among_officialese_the_threshold_is_lower() -> None:
    # The word model scores "responsiveness" about 0.36 here: under the plain threshold
    # alone, over the threshold among officialese (0.35).
    assert flagged("We will look at the responsiveness.") == {}
    assert flagged("Going forward, we will look at the responsiveness.") == {
        "Going forward": "jargon",
        "responsiveness": "uncommon",
    }
