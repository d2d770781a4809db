"""The families of words added for issue 24 (2026-12-07, third session): for each kind
of word a reader must be warned about, the related words and phrases a UK council, NHS
body or care provider writes, not only the one word a labelled set missed; short forms
with a possessive ("the CCG's plan"); care terms that are a care term only beside
their cue words ("flow", "fast track", "top-up"); and everyday sentences with the same
words, which must stay quiet. Each sentence is checked alone, as a writer would."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from equalvoice.speakeasy import check
from equalvoice.speakeasy.engine.checks.acronyms import acronym_core, looks_like_acronym

WORD_KINDS = {"jargon", "explain", "exclusionary", "nominalisation", "acronym", "uncommon"}


def flagged(text: str, level: str = "plain") -> dict[str, str]:
    """What a writer sees: each flagged piece of text and its kind."""
    return {f.text: f.kind for f in check(text, level=level).findings if f.kind in WORD_KINDS}


def offered(text: str, hard: str, level: str = "plain") -> list[str]:
    """The suggestions of the finding on ``hard``."""
    return next(f.suggestions for f in check(text, level=level).findings if f.text == hard)


@pytest.mark.parametrize(
    ("text", "hard", "plainer"),
    [
        # formal verbs and connectives: cause, dependence, receipt, sending
        ("Pressures arising from the reform are high.", "arising from", "from"),
        ("Delays are prevalent in the north.", "prevalent", "common"),
        ("The charges are entirely dependent on the home.", "are entirely dependent on", ""),
        ("The service is reliant on volunteers.", "is reliant on", "relies on"),
        ("We pay within 30 days of receipt of an invoice.", "receipt of", "getting"),
        ("Consider the appropriateness of the plan.", "appropriateness", ""),
        # business idioms of reports: money, change, scale, place, timing
        ("A sliding scale of charges applies.", "sliding scale", ""),
        ("One size does not fit all here.", "One size does not fit all", ""),
        ("Services up and down the country are full.", "up and down the country", ""),
        ("We must turn the tide on waiting times.", "turn the tide on", "reverse"),
        ("A whole host of changes were made.", "A whole host of", "Many"),
        ("Homes can improve without breaking the bank.", "without breaking the bank", "cheaply"),
        ("We will hard-wire prevention into our work.", "hard-wire", "build in"),
        ("Officers will ensure a smooth landing.", "smooth landing", ""),
        ("Quality is seen from ward to board.", "from ward to board", ""),
        ("In the current climate, budgets are tight.", "In the current climate", "Now"),
        ("It was a wake-up call for the board.", "wake-up call", "warning"),
        ("Winter is the crunch point for the wards.", "crunch point", "hardest point"),
        ("We will take forward the plan.", "take forward", "act on"),
        ("The fund gives bridging funding to projects.", "bridging funding", ""),
        # management nouns: buying, NHS finance, delivery, the market
        ("The contract was a direct award.", "direct award", ""),
        ("We met our control total this year.", "control total", "spending limit"),
        ("The trust planned to break even.", "break even", "cover costs"),
        ("There was under-delivery of savings.", "under-delivery", "falling short"),
        ("The health economy is under strain.", "health economy", ""),
        ("Capital schemes opened this year.", "Capital schemes", "Building projects"),
        ("We want a vibrant market of care.", "vibrant market", ""),
        ("Some agreements have complex funding packages.", "funding packages", "money"),
        # care-system terms that are jargon: buying care, needs, shared money
        ("This is known as a commissioned service.", "commissioned service", ""),
        ("Care is given where there is an assessed need.", "assessed need", ""),
        ("The pooled fund is hosted by the council.", "pooled fund", "shared fund"),
        ("The council has a duty to commission services.", "to commission", "to buy"),
        # the "other" hard words: council year, consultation, tenancy law, waiting times
        ("The chair steps down at the end of the municipal year.", "municipal year", ""),
        ("We ran a deliberative event last spring.", "deliberative event", ""),
        ("Tenants have the right to quiet enjoyment of their home.", "quiet enjoyment", ""),
        ("Performance against the incomplete standard improved.", "incomplete standard", ""),
        ("We look at your assessable income first.", "assessable income", "income we count"),
    ],
)
def test_each_family_is_flagged_with_plainer_words(text: str, hard: str, plainer: str) -> None:
    assert flagged(text).get(hard) == "jargon"
    suggestions = offered(text, hard)
    assert suggestions
    if plainer:
        assert plainer in suggestions


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Local Healthwatch can carry out Enter and View visits.", "Enter and View"),
        ("Rents rise with the Consumer Price Index each April.", "Consumer Price Index"),
        ("The Section 20 process was followed.", "Section 20"),
        ("Her length of stay in hospital was long.", "length of stay"),
        ("The court made a charging order on the house.", "charging order"),
    ],
)
def test_named_care_and_legal_terms_are_explained(text: str, term: str) -> None:
    assert flagged(text).get(term) == "explain"


def test_words_that_are_officialese_only_among_officialese() -> None:
    """Words such as "via", "issued", "at heart", "front door" and "commissioned" are
    everyday English alone, and flagged beside other officialese."""
    among = "We commissioned a survey via the portal to ensure value for money."
    assert flagged(among).get("via") == "jargon"
    assert flagged(among).get("commissioned") == "jargon"
    assert offered(among, "via") == ["through", "by"]
    assert flagged("The letter will be issued to stakeholders.").get("issued") == "jargon"
    assert flagged("The train went via Crewe.") == {}
    assert flagged("The council commissioned a statue of the mayor.") == {}
    assert flagged("He is a kind man at heart.") == {}
    assert flagged("Knock on the front door.") == {}
    among = "Bottlenecks in the discharge pathway slow our throughput."
    assert flagged(among).get("Bottlenecks") == "jargon"
    assert flagged("The road had bottlenecks at rush hour.") == {}


@pytest.mark.parametrize(
    ("text", "term", "kind"),
    [
        # the care term beside its cue words: explained
        ("Flow through the hospital was slow in winter.", "Flow", "explain"),
        ("She was fast-tracked for NHS continuing healthcare.", "fast-tracked", "explain"),
        ("The family pays a top-up to the care home.", "top-up", "explain"),
        # a cue that is several words to the word pattern ("A&E" is "A", "E")
        ("The flow through A&E is slow.", "flow", "explain"),
        # officialese elsewhere: flagged, with plainer words
        ("The council fast-tracked the road scheme.", "fast-tracked", "jargon"),
    ],
)
def test_care_terms_with_cues(text: str, term: str, kind: str) -> None:
    assert flagged(text).get(term) == kind


def test_care_terms_with_cues_offer_plainer_words_off_their_sense() -> None:
    assert offered("The council fast-tracked the road scheme.", "fast-tracked") == ["sped up"]


@pytest.mark.parametrize(
    "text",
    [
        # the words of the new families in their everyday sense
        "Water will flow down the hill.",
        "The river's flow was strong after the rain.",
        "Top up your phone at the shop.",
        "I want to top up my bus card.",
        "Knock on the front door.",
        "The train went via Crewe.",
        "He is a kind man at heart.",
        "We walked up and down the hill.",
        "The map shows a sliding door.",
        "We went to the market on Saturday.",
        "The hall was busy behind the stage.",
        "She issued a smile.",
        "The host of the party was kind.",
    ],
)
def test_everyday_sentences_stay_quiet(text: str) -> None:
    assert flagged(text) == {}


# --- Short forms with a possessive ------------------------------------------------


@pytest.mark.parametrize(
    ("word", "core"),
    [("CCG's", "CCG"), ("CCG’s", "CCG"), ("KPIs", "KPI"), ("ICB", "ICB"), ("Q3", "Q3")],
)
def test_acronym_core(word: str, core: str) -> None:
    assert acronym_core(word) == core


def test_a_short_form_with_a_possessive_is_a_short_form() -> None:
    assert looks_like_acronym("CCG’s")
    assert looks_like_acronym("ICB's")
    assert not looks_like_acronym("It's")
    assert not looks_like_acronym("Tom's")
    found = flagged("Sheffield CCG’s policy applies to all patients.")
    assert found == {"CCG’s": "acronym"}
    message = next(f.message for f in check("The ICB's plan is ready.").findings)
    assert "“ICB”" in message


def test_a_known_or_explained_short_form_with_a_possessive_stays_quiet() -> None:
    assert flagged("The NHS's plan is ready.") == {}
    assert flagged("The GP's surgery is open.") == {}
    explained = "The Integrated Care Board (ICB) met. The ICB's plan is ready."
    assert "ICB's" not in flagged(explained)


# --- The benchmark lists the misses of the tuning sets only -------------------------


def warnings_benchmark() -> ModuleType:
    """``benchmarks/speakeasy_warnings.py``, loaded from its file (benchmarks/ is a
    folder of scripts, not a package)."""
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "speakeasy_warnings.py"
    spec = importlib.util.spec_from_file_location("speakeasy_warnings_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_refuses_to_list_the_misses_of_the_held_aside_set(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as refused:
        warnings_benchmark().main(["--misses", "--set", "held2"])
    assert refused.value.code == 2
    assert "refused" in capsys.readouterr().err


def test_the_benchmark_lists_the_misses_of_a_tuning_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        "id\tkind\ttext\tsource",
        "t-1\twarn\tWe will [[commence|formal]] at the [[table|other]] soon.\tcomposed",
        "t-2\tquiet\tWe will start soon.\tcomposed",
    ]
    (tmp_path / "held.tsv").write_text("\n".join(rows) + "\n", "utf-8")
    assert warnings_benchmark().main(["--misses", "--set", "held", "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    missed = out.split("missed:")[1]
    assert "t-1 plain other: “table”" in missed
    assert "commence" not in missed
