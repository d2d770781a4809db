"""The broader lists of issue 24: business and public-sector idioms
(idioms-more.tsv), care-system terms (care-system-more.tsv) and the named rights and
services people need explained (explain-more.tsv). Each sentence is checked alone, as
a writer would."""

from __future__ import annotations

import pytest

from equalvoice.speakeasy import check


def found(text: str) -> dict[str, tuple[str, list[str]]]:
    """Each flagged piece of text: its kind and suggestions."""
    return {f.text: (f.kind, f.suggestions) for f in check(text).findings}


@pytest.mark.parametrize(
    ("text", "hard", "plainer"),
    [
        # idioms, metaphors and buzz phrases
        ("We need to move at pace and scale.", "at pace and scale", "quickly and widely"),
        ("The board is on the back foot.", "on the back foot", "behind"),
        ("That decision is in the gift of the council.", "in the gift of", "up to"),
        ("We will work across the footprint.", "across the footprint", "across the area"),
        ("Lessons learned are in the annex.", "Lessons learned", "what we learnt"),
        ("We will bake in the changes.", "bake in", "build in"),
        ("System pressures are high this winter.", "System pressures", "strain on services"),
        (
            "They kicked the can down the road.",
            "kicked the can down the road",
            "put off the problem",
        ),
        ("We must plug the gaps in support.", "plug the gaps", "fill the gaps"),
        # care-system terms
        ("He is on a starter tenancy.", "starter tenancy", "trial period for new tenants"),
        ("You can get floating support.", "floating support", "support at home, wherever you live"),
        ("The void period was six weeks.", "void period", "time a home stands empty"),
        ("She is on the housing register.", "housing register", "waiting list for council housing"),
        (
            "There was a placement breakdown.",
            "placement breakdown",
            "a foster or care home ending suddenly",
        ),
        (
            "We held a team around the family meeting.",
            "team around the family",
            "group of staff helping your family",
        ),
        ("He has no criteria to reside.", "no criteria to reside", "ready to leave hospital"),
        (
            "The child in need plan was agreed.",
            "child in need plan",
            "plan of extra help for your child",
        ),
        (
            "Preparing for adulthood starts at 14.",
            "Preparing for adulthood",
            "Planning for adult life",
        ),
        (
            "Universal Credit deductions are high.",
            "Universal Credit deductions",
            "Money taken off your Universal Credit",
        ),
        ("Call the front door service.", "front door service", "first contact service"),
    ],
)
def test_idioms_and_care_system_terms_are_flagged_with_plainer_words(
    text: str, hard: str, plainer: str
) -> None:
    kind, suggestions = found(text)[hard]
    assert kind == "jargon"
    assert plainer.lower() in [s.lower() for s in suggestions]


@pytest.mark.parametrize(
    ("text", "term", "words"),
    [
        ("Ask for an EHC plan.", "EHC plan", "legal plan"),
        ("You may get Carer's Allowance.", "Carer's Allowance", "35 hours"),
        ("He got a section 21 notice.", "section 21 notice", "private landlord"),
        ("She has a child protection plan.", "child protection plan", "safe from harm"),
        ("Staying put lets him stay with his foster family.", "Staying put", "after they turn 18"),
    ],
)
def test_named_rights_and_services_are_explained_not_replaced(
    text: str, term: str, words: str
) -> None:
    (finding,) = [f for f in check(text).findings if f.text == term]
    assert finding.kind == "explain"
    assert finding.suggestions == []
    assert words in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "You can apply online for a blue badge.",
        "Please come to the front door.",
        "We make decisions together as equals.",
        "She will step down as chair in May.",
        "The dog ran into the long grass.",
        "Draw a line under the right answer.",
        "Hold the pen like this.",
        "The rivers feed into the sea.",
        "The new kitchen will add value to your home.",
        "He has a lot on his plate at work.",
    ],
)
def test_everyday_sentences_stay_quiet(text: str) -> None:
    assert [f for f in check(text).findings if f.kind in ("jargon", "explain")] == []
