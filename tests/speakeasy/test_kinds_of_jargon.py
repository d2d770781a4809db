"""The kinds of words readers find hard (issue 24): formal verbs and connectives,
management nouns, business idioms, codes with no explanation and care-system terms;
care terms that are officialese elsewhere; the product's own words; and plain
sentences that must stay quiet. Each sentence is checked alone, as a writer would."""

from __future__ import annotations

import pytest

from equalvoice.speakeasy import check
from equalvoice.speakeasy.engine.checks.acronyms import looks_like_acronym

WORD_KINDS = {"jargon", "explain", "exclusionary", "nominalisation", "acronym", "uncommon"}


def flagged(text: str, level: str = "plain") -> dict[str, str]:
    """What a writer sees: each flagged piece of text and its kind."""
    return {f.text: f.kind for f in check(text, level=level).findings if f.kind in WORD_KINDS}


@pytest.mark.parametrize(
    ("text", "hard"),
    [
        # formal verbs and connectives
        ("We will commence the review next month.", "commence"),
        ("We wrote to you with regard to your rent.", "with regard to"),
        ("Please read this prior to the meeting.", "prior to"),
        ("The charge is set in accordance with the policy.", "in accordance with"),
        ("Whilst we wait, the old rules apply.", "Whilst"),
        ("Notwithstanding the delay, the group met.", "Notwithstanding"),
        # management nouns
        ("The board agreed the deliverables for the year.", "deliverables"),
        ("Our governance is being reviewed.", "governance"),
        ("We hit every milestone in the workstreams.", "workstreams"),
        # business idioms
        ("These are quick wins for the team.", "quick wins"),
        ("We want a joined-up service.", "joined-up"),
        ("There is some low-hanging fruit here.", "low-hanging fruit"),
        ("The direction of travel is clear.", "direction of travel"),
        # codes with no explanation
        ("Spending rose in H2.", "H2"),
        ("The figures for FY25 are in.", "FY25"),
        ("Each KPI has an owner.", "KPI"),
        ("The ToR were agreed.", "ToR"),
        ("Bring photo ID, eg a passport.", "eg"),
        ("The s75 agreement was signed.", "s75"),
        ("The M6 position is an overspend.", "M6"),
        # care-system terms
        ("He went home with a package of care.", "package of care"),
        ("She is on the discharge to assess list.", "discharge"),
        ("She had a step-down bed after her fall.", "step-down"),
    ],
)
def test_each_kind_of_hard_words_is_flagged(text: str, hard: str) -> None:
    assert hard in flagged(text)
    assert hard in flagged(text, "easy_read")


def test_every_new_warning_says_what_to_do() -> None:
    text = "We will commence the deliverables in H2 with low-hanging fruit."
    for f in check(text).findings:
        assert f.suggestions or len(f.message) > 20, f


@pytest.mark.parametrize(
    ("care", "plain"),
    [
        ("Her mum gets respite care every other weekend.", "The rain gave us a brief respite."),
        ("Carers can ask for respite.", "The rain gave us a brief respite."),
        (
            "He lives in a foster placement near his school.",
            "We agreed the placement of the new signs.",
        ),
        ("You can get direct payments from the council to pay a personal assistant.", ""),
        ("She moved to a step-down bed after hospital.", "She will step down as chair in May."),
        (
            "Young people get help with the transition to adult services.",
            "The transition to the new phones takes a year.",
        ),
    ],
)
def test_a_care_term_is_explained_as_a_care_term_and_flagged_elsewhere(
    care: str, plain: str
) -> None:
    care_found = check(care).findings
    explained = [f for f in care_found if f.kind == "explain"]
    assert explained, care
    assert all(f.kind != "jargon" for f in care_found if f.start == explained[0].start)
    assert explained[0].suggestions == []
    assert len(explained[0].message.split()) >= 6  # an explanation, not a label
    if plain:
        got = flagged(plain)
        word = next(w for w in ("respite", "placement", "step down", "transition") if w in plain)
        if word == "step down":
            assert got == {}  # plain English: leave it alone
        else:
            assert got.get(word) == "jargon"
            suggestions = next(f.suggestions for f in check(plain).findings if f.text == word)
            assert suggestions


@pytest.mark.parametrize(
    "text",
    [
        "Co-production means working together as equals.",
        "We co-produced this plan with the people who use the service.",
        "Easy read uses short sentences and pictures.",
        "People with lived experience lead this group.",
    ],
)
def test_the_products_own_words_are_never_flagged(text: str) -> None:
    for level in ("plain", "easy_read"):
        assert check(text, level=level).findings == []


def test_the_products_own_words_are_still_explained_for_the_glossary() -> None:
    text = "Co-production means working together."
    notes = check(text).notes
    assert [(text[s:e], "equals" in m) for s, e, m in notes] == [("Co-production", True)]


@pytest.mark.parametrize(
    "text",
    [
        "You can apply online for a blue badge.",
        "We will meet at the library on Tuesday.",
        "Please stand up if you can.",
        "Print it on A4 paper and take vitamin B12.",
        "Your GP or the NHS can help you.",
        "Tell us what you think of the new bus times.",
        "You can bring a friend to the meeting.",
        "We will pay you for your time.",
        "Everyone in the group has an equal say.",
        "Call us if you need help with the form.",
    ],
)
def test_plain_sentences_stay_quiet_at_both_levels(text: str) -> None:
    for level in ("plain", "easy_read"):
        assert check(text, level=level).findings == [], level


def test_well_known_short_forms_are_left_alone_at_plain_level() -> None:
    assert flagged("She has a PhD in history and pays VAT.") == {}
    assert flagged("She has a PhD in history.", "easy_read") == {"PhD": "acronym"}


@pytest.mark.parametrize(
    ("word", "is_code"),
    [
        ("H2", True),
        ("Q3", True),
        ("S117", True),
        ("FY25", True),
        ("KPIs", True),
        ("ToR", True),
        ("QoL", True),
        ("A4", False),
        ("M6", True),  # month 6 of the financial year (the motorway is named so too)
        ("P7", True),
        ("s75", True),
        ("s", False),
        ("so", False),
        ("B12", False),
        ("Hello", False),
        ("McDonald", False),
        ("iPad", False),
        ("IV", False),
    ],
)
def test_codes_look_like_short_forms(word: str, is_code: bool) -> None:
    assert looks_like_acronym(word) is is_code


def test_a_code_explained_in_the_sentence_is_not_flagged() -> None:
    assert "KPIs" not in flagged("Key performance indicators (KPIs) show how we are doing.")
    assert "KPIs" not in flagged("KPIs (key performance indicators) show how we are doing.")


@pytest.mark.parametrize(
    ("text", "hard"),
    [
        ("We offer child-centred care.", "child-centred"),
        ("Our staff are asset-focused.", "asset-focused"),
        ("The plan is citizen-led and parish-wide.", "citizen-led"),
        ("The plan is citizen-led and parish-wide.", "parish-wide"),
        ("We want family-facing staff.", "family-facing"),
    ],
)
def test_management_compounds_no_list_names_are_flagged(text: str, hard: str) -> None:
    found = {f.text: f for f in check(text).findings}
    assert found[hard].kind == "jargon"
    assert "Say plainly" in found[hard].message


def test_everyday_hyphenated_words_are_left_alone() -> None:
    assert flagged("Buy a forward-facing car seat from a world-wide shop.") == {}
    assert flagged("She is well-informed and self-led.") == {}


@pytest.mark.parametrize(
    ("plain", "officialese", "word"),
    [
        (
            "Our local providers of broadband are slow.",
            "Providers must evidence robust governance.",
            "providers",
        ),
        (
            "The hall has room for fifty people.",
            "We lack capacity to deliver the KPIs.",
            "capacity",
        ),
        (
            "Our home has a lovely setting.",
            "Help is offered in local settings going forward.",
            "settings",
        ),
        (
            "We need more colour in our geography lessons.",
            "We will commence work across the geography of the county.",
            "geography",
        ),
    ],
)
def test_words_that_are_officialese_only_among_officialese(
    plain: str, officialese: str, word: str
) -> None:
    assert word not in {k.lower() for k in flagged(plain)}
    assert {k.lower(): v for k, v in flagged(officialese).items()}.get(word) == "jargon"


def test_among_officialese_a_rarer_word_is_flagged_sooner() -> None:
    # "timeliness" alone is not rare enough to warn about at plain level; in a sentence
    # of officialese it is likely officialese too.
    assert flagged("We looked at the timeliness of it.") == {}
    officialese = flagged("Going forward we will look at the timeliness of it.")
    assert officialese == {"Going forward": "jargon", "timeliness": "uncommon"}
    # Easy read warns about it either way.
    assert flagged("We looked at the timeliness of it.", "easy_read").get("timeliness")


def test_easy_read_flags_a_short_form_even_when_it_is_explained() -> None:
    text = "Ask for a risk assessment (RA) first."
    assert "RA" not in flagged(text)
    assert flagged(text, "easy_read").get("RA") == "acronym"


@pytest.mark.parametrize(
    "text",
    [
        "Your carer can come with you.",
        "We will send you a leaflet in a fortnight.",
        "Hold the handrail if you feel unwell.",
    ],
)
def test_everyday_british_words_are_not_uncommon_at_easy_read(text: str) -> None:
    assert check(text, level="easy_read").findings == []


def test_words_an_easy_read_reader_may_not_know_are_still_flagged() -> None:
    assert (
        flagged("You pay rent to your tenancy officer.", "easy_read").get("tenancy") == "uncommon"
    )
