"""The broad lists and checks written for the aims issue 24 left open: business idioms
and clichés (idioms-business.tsv), management nouns and phrases
(management-broad.tsv), hard words of official writing (hard-words.tsv), council
services jargon (council-services.tsv); idioms in every form of an irregular verb
(``engine/irregular.py``) and with words between their parts
(``checks/gapped_idioms.py``); words that are management speak only among officialese;
and, at easy read, words of two letters and Roman numbers. Each sentence is checked
alone, as a writer would."""

from __future__ import annotations

import re

import pytest
from wordfreq import zipf_frequency

from equalvoice.speakeasy import check
from equalvoice.speakeasy.engine import lexicon, suggestions
from equalvoice.speakeasy.engine.check import run_checks
from equalvoice.speakeasy.engine.checks import CHECKS
from equalvoice.speakeasy.engine.checks.acronyms import is_roman_number, roman_value
from equalvoice.speakeasy.engine.checks.gapped_idioms import (
    GAP,
    GappedIdioms,
    idioms,
    verb_form_of,
)
from equalvoice.speakeasy.engine.checks.list_matches import ListMatches
from equalvoice.speakeasy.engine.irregular import PARTICIPLE_ONLY, PAST_FORMS, PAST_ONLY, VERBS

WORD_KINDS = {"jargon", "explain", "exclusionary", "nominalisation", "acronym", "uncommon"}
LEVELS = ("plain", "easy_read")


def flagged(text: str, level: str = "plain") -> dict[str, str]:
    """What a writer sees: each flagged piece of text and its kind."""
    return {f.text: f.kind for f in check(text, level=level).findings if f.kind in WORD_KINDS}


def offered(text: str, hard: str, level: str = "plain") -> list[str]:
    """The suggestions of the finding on ``hard``."""
    return next(f.suggestions for f in check(text, level=level).findings if f.text == hard)


# --- Each new kind is flagged --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hard"),
    [
        # business idioms and clichés, in their forms
        ("We touched base last week.", "touched base"),
        ("We are circling back on this.", "circling back"),
        ("We need a helicopter view.", "helicopter view"),
        ("We need a root-and-branch review.", "root-and-branch"),
        ("This is mission-critical.", "mission-critical"),
        ("It is a burning platform.", "burning platform"),
        ("There are many moving parts.", "many moving parts"),
        ("Our road map is ready.", "road map"),
        ("We are taking stock.", "taking stock"),
        ("We want to drive up standards.", "drive up standards"),
        ("Mitigations will be stood up before winter.", "be stood up"),
        # management nouns and phrases
        ("The target operating model is agreed.", "target operating model"),
        ("Send the figures to the steering group.", "steering group"),
        ("The medium-term financial strategy has a gap.", "medium-term financial strategy"),
        ("We ran an options appraisal.", "options appraisal"),
        # hard words of official writing: Latinate words, formal phrases, Latin
        ("The cohort was small.", "cohort"),
        ("The figures were disaggregated by age.", "disaggregated"),
        ("It is a multifaceted problem.", "multifaceted"),
        ("Her savings were depleted.", "depleted"),
        ("Members are asked to note the report.", "Members are asked to"),
        ("The rules apply mutatis mutandis.", "mutatis mutandis"),
        # council services jargon
        ("The highway authority mended the footway.", "footway"),
        ("We collect residual waste every week.", "residual waste"),
        ("The premises licence was granted.", "premises licence"),
        ("Planning obligations apply to the site.", "Planning obligations"),
        # care terms
        ("She had a mental capacity assessment.", "mental capacity assessment"),
        ("He is on the dynamic support register.", "dynamic support register"),
    ],
)
def test_each_new_kind_is_flagged(text: str, hard: str) -> None:
    assert hard in flagged(text)
    assert hard in flagged(text, "easy_read")


def test_a_new_warning_offers_plainer_words_in_the_form_of_the_words() -> None:
    assert offered("We touched base last week.", "touched base") == ["talked", "met"]
    assert offered("It fell through the cracks.", "fell through the cracks") == [
        "got missed",
        "was left without help",
    ]
    assert offered("Her savings were depleted.", "depleted") == ["used up", "run down"]


# --- Irregular verbs --------------------------------------------------------------------


def test_the_irregular_table_is_consistent() -> None:
    bases = [base for base, _, _ in VERBS]
    assert bases == sorted(bases) and len(bases) == len(set(bases))
    assert PAST_FORMS["fell"] == "fall" and PAST_FORMS["fallen"] == "fall"
    assert "took" in PAST_ONLY and "taken" in PARTICIPLE_ONLY
    assert "held" not in PAST_ONLY and "held" not in PARTICIPLE_ONLY  # both
    # Pasts that are everyday words of another meaning are left out on purpose.
    assert "wound" not in PAST_FORMS and "bore" not in PAST_FORMS
    for form, base in PAST_FORMS.items():
        assert base in lexicon.forms(form)


@pytest.mark.parametrize(
    ("text", "hard"),
    [
        ("It fell through the cracks.", "fell through the cracks"),
        ("They ran it up the flagpole.", "ran it up the flagpole"),
        ("We took stock of the year.", "took stock"),
        ("They spun up a new team.", "spun up"),
    ],
)
def test_idioms_match_in_the_past_of_an_irregular_verb(text: str, hard: str) -> None:
    assert flagged(text).get(hard) == "jargon"


@pytest.mark.parametrize(
    "text",
    [
        "The rose garden is open.",
        "I left the room at six.",
        "He found a coin in the park.",
        "She stood up and went home.",
        "They drove to the sea.",
    ],
)
def test_irregular_pasts_leave_everyday_sentences_quiet(text: str) -> None:
    assert flagged(text) == {}
    assert flagged(text, "easy_read") == {}


# --- Idioms with words between their parts -------------------------------------------


def test_gapped_idioms_come_after_the_list_matches() -> None:
    assert CHECKS.index(GappedIdioms) == CHECKS.index(ListMatches) + 1


@pytest.mark.parametrize(
    ("text", "hard", "plainer"),
    [
        ("We held them to account.", "held them to account", "checked on them"),
        (
            "The board will hold the council to account.",
            "hold the council to account",
            "check on the council",
        ),
        ("She signed the plan off.", "signed the plan off", "approved the plan"),
        ("They are signing it off today.", "signing it off", "approving it"),
        (
            "We brought new staff up to speed.",
            "brought new staff up to speed",
            "told new staff the latest",
        ),
        ("We will take this work forward.", "take this work forward", "carry on with this work"),
        (
            "We will roll the new system out in May.",
            "roll the new system out",
            "start the new system",
        ),
    ],
)
def test_idioms_with_words_between_their_parts(text: str, hard: str, plainer: str) -> None:
    found = run_checks(text, "plain", (ListMatches, GappedIdioms)).findings
    got = {f.text: f.suggestions for f in found}
    assert hard in got
    assert plainer in got[hard]


@pytest.mark.parametrize(
    "text",
    [
        "Hold on to the rail.",  # no words in the gap
        "I signed in and out at the desk.",  # a preposition first, a joining word
        "She held the door, and to account for the delay she ran.",  # a comma
        "Sign here. Then off you go.",  # another sentence
        "Bring your friends who are up to speed.",  # a joining word in the gap
    ],
)
def test_gapped_idioms_stay_inside_one_phrase(text: str) -> None:
    assert [f for f in check(text).findings if f.kind == "jargon"] == []


def test_a_list_match_wins_over_a_gapped_idiom() -> None:
    # "in the loop" is listed, with a suggestion that fits where it stands.
    assert flagged("Keep our members in the loop.") == {"in the loop": "jargon"}


def test_the_form_of_the_verb_of_a_gapped_idiom() -> None:
    assert verb_form_of("hold", "hold", "", "them") == suggestions.SAME
    assert verb_form_of("holds", "hold", "", "them") == suggestions.THIRD
    assert verb_form_of("holding", "hold", "", "them") == suggestions.ING
    assert verb_form_of("took", "take", "", "it") == suggestions.PAST
    assert verb_form_of("taken", "take", "", "it") == suggestions.PARTICIPLE
    assert verb_form_of("signed", "sign", "has", "it") == suggestions.PARTICIPLE
    assert verb_form_of("signed", "sign", "we", "it") == suggestions.PAST


def _misspelt(text: str) -> list[str]:
    words = (w.strip(".,;:()“”\"'") for w in re.split(r"[\s\-/]+", text))
    return [w for w in words if w and zipf_frequency(w, "en") < 3.0]


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("gap", ["them", "the plan"])
def test_every_gapped_suggestion_is_spelt_right_and_passes_in_every_form(
    level: str, gap: str
) -> None:
    by_form = idioms()[0]
    templates = {s for group in by_form.values() for idiom in group for s in idiom.suggestions}
    assert len(templates) > 40
    bad = []
    for template in sorted(templates):
        assert GAP in template, template
        for how in (suggestions.SAME, suggestions.PAST, suggestions.ING, suggestions.THIRD):
            made = suggestions.inflect(template.replace(GAP, gap), how)
            if made is None:
                continue
            if _misspelt(made):
                bad.append((template, made, _misspelt(made)))
    assert bad == []
    # What the check offers passes the check at its level (it vets them itself).
    for text in ("We held them to account.", "She signed the plan off."):
        for f in check(text, level).findings:
            for s in f.suggestions:
                assert not [x for x in check(s, level).findings if x.kind in WORD_KINDS]


# --- Words that are management speak only among officialese ------------------------


@pytest.mark.parametrize(
    ("plain", "officialese", "word"),
    [
        ("The strategy game was fun.", "Going forward, our strategy is to cut waste.", "strategy"),
        (
            "Our priorities are family and friends.",
            "Our priorities are set going forward.",
            "priorities",
        ),
        ("Park the car here.", "We will park the estates question going forward.", "park the"),
        ("The key is under the mat.", "Going forward, these staff are key.", "key"),
    ],
)
def test_more_words_are_officialese_only_among_officialese(
    plain: str, officialese: str, word: str
) -> None:
    assert word not in {k.lower() for k in flagged(plain)}
    assert {k.lower(): v for k, v in flagged(officialese).items()}.get(word) == "jargon"


# --- Easy read: words of two letters, Roman numbers ----------------------------------


def test_easy_read_scores_words_of_two_letters() -> None:
    assert flagged("Hear ye the news.", "easy_read").get("ye") == "uncommon"
    assert "ye" not in flagged("Hear ye the news.")  # plain: four letters or more


@pytest.mark.parametrize("text", ["Im going home.", "We ve got it.", "You ll see."])
def test_pieces_of_contractions_are_not_words(text: str) -> None:
    assert flagged(text, "easy_read") == {}


def test_easy_read_writes_ordinary_numbers() -> None:
    assert [is_roman_number(w) for w in ("II", "XIV", "I", "X", "MIX")] == [
        True,
        True,
        False,
        False,
        False,
    ]
    assert [roman_value(r) for r in ("II", "IV", "IX", "XIV", "XIX", "XX")] == [
        2,
        4,
        9,
        14,
        19,
        20,
    ]
    found = {f.text: f for f in check("World War II ended in 1945.", "easy_read").findings}
    assert found["II"].kind == "acronym" and found["II"].suggestions == ["2"]
    assert "II" not in flagged("World War II ended in 1945.")  # plain leaves it


# --- Plain sentences stay quiet ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Roll up, roll up, the fair is here.",
        "We will meet at the library on Tuesday.",
        "Please bring your bus pass.",
        "The children played in the park.",
        "Our cat sleeps on the key board.",
        "We drove to the coast and back.",
        "You can pay your rent online.",
        "Call us if you need help.",
    ],
)
def test_everyday_sentences_stay_quiet_at_plain(text: str) -> None:
    assert flagged(text) == {}


# --- Every entry of the broad lists offers something in plain English ---------------

BROAD_LISTS = (
    "idioms-business.tsv",
    "management-broad.tsv",
    "hard-words.tsv",
    "council-services.tsv",
)


@pytest.mark.parametrize("name", BROAD_LISTS)
def test_every_entry_of_the_broad_lists_is_flagged_and_offers_plainer_words(name: str) -> None:
    assert name in lexicon.OUR_LISTS
    missing, bare = [], []
    for row in lexicon.read_list(name):
        term = row[0].strip()
        found = [f for f in check(term).findings if f.start == 0 and f.end == len(term)]
        if not found:
            missing.append(term)
        elif len(row) > 1 and row[1].strip() and not any(f.suggestions for f in found):
            bare.append(term)
    assert missing == []
    assert bare == []


def test_the_broad_lists_leave_every_other_rule_a_suggestion() -> None:
    """A new entry must not make another rule's only suggestion a finding itself
    ("level of need" as jargon would leave "threshold of need" with nothing)."""
    rules = [r for r in lexicon.base_index().rules() if r.suggestions and r.vetted]
    bare = {" ".join(r.words) for r in rules if not suggestions.offer(r, "plain")[0]}
    assert len(bare) <= 28, sorted(bare)
