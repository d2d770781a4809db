"""Plain writing that must stay quiet at plain level, by kind of false warning, and
the jargon next to it that must still be flagged (issue 24; the kinds of noise that
``benchmarks/data/speakeasy-warnings/quiet2.tsv`` showed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from equalvoice.speakeasy import check
from equalvoice.speakeasy.engine import lexicon
from equalvoice.speakeasy.engine.complexity import zipf

from .test_families import warnings_benchmark


def kinds_at(text: str, level: str = "plain") -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in check(text, level=level).findings]


# --- Everyday names of common illnesses and pharmacy medicines ------------------------


def test_everyday_names_of_illnesses_and_medicines_are_not_uncommon_at_plain_level() -> None:
    for text in (
        "Chickenpox is a common infection that spreads easily and mostly affects children.",
        "Lots of children get earache and often this is with a high temperature.",
        "Take paracetamol or ibuprofen to help with pain.",
        "The spots scab over and more blisters might appear.",
        "A pharmacist can give you antihistamines.",
    ):
        assert not [f for f in kinds_at(text) if f[0] == "uncommon"], text


def test_easy_read_still_judges_the_names_of_illnesses() -> None:
    assert ("uncommon", "chickenpox") in kinds_at(
        "Your child has chickenpox this week.", "easy_read"
    )


def test_the_health_list_leaves_medical_jargon_alone() -> None:
    assert lexicon.is_everyday_health("antihistamines")
    assert not lexicon.is_everyday_health("varicella")
    # Clinical words are still flagged at plain level.
    assert ("uncommon", "varicella") in kinds_at("The rash is caused by varicella in children.")
    assert ("jargon", "nausea") in kinds_at("You may have nausea after the injection.")


def test_kerb_is_an_everyday_british_word() -> None:
    assert lexicon.is_everyday_british("kerbside")
    assert not [
        f
        for f in kinds_at(
            "Please leave your bin out at the kerbside and we will collect your missed bin."
        )
        if f[0] == "uncommon"
    ]


# --- Everyday names that hold a listed word ("hay fever") -----------------------------


def test_hay_fever_is_the_name_of_the_illness_not_a_fever() -> None:
    for level in ("plain", "easy_read"):
        assert kinds_at("Hay fever can last for weeks or even months.", level) == []
    assert kinds_at("She had glandular fever last year.") == []
    # "Fever" on its own is still "high temperature" (the NHS's A to Z).
    assert ("jargon", "fever") in kinds_at("Your child has a fever.")
    assert ("jargon", "fever") in kinds_at("In hay fever season a fever is not common.")


def test_an_everyday_name_does_not_make_its_sentence_officialese() -> None:
    # Among officialese, rarer words are flagged at a lower threshold and passives are
    # flagged: an everyday name is not officialese.
    assert kinds_at("Hay fever is usually worse when the pollen count is high.") == []


@pytest.mark.parametrize("level", ["plain", "easy_read"])
def test_an_organisations_own_everyday_name_is_still_its_word(level: str) -> None:
    # The bundled everyday names overrule the bundled lists, not an organisation's
    # own words: its glossary entry for "glandular fever" is explained, its
    # "hay fever" replaced.
    extra = [
        ("glandular fever", (), "An illness that makes you very tired.", "explain"),
        ("hay fever", ("pollen allergy",)),
    ]
    found = check("She had glandular fever and hay fever.", level, extra).findings
    got = [(f.kind, f.text, list(f.suggestions)) for f in found if f.kind != "uncommon"]
    assert got == [
        ("explain", "glandular fever", []),
        ("jargon", "hay fever", ["pollen allergy"]),
    ]


def test_easy_read_may_still_judge_the_words_of_an_everyday_name() -> None:
    assert ("uncommon", "glandular") in kinds_at("She had glandular fever last year.", "easy_read")


# --- A passive with a deadline, not a doer ("by 3.30pm") -----------------------------


def test_by_and_a_time_is_a_deadline_not_the_doer() -> None:
    for text in (
        "You must report that your bin has been missed by 3.30pm on the working day after.",
        "Your form must be returned by Friday.",
        "The bins must be put out by the end of the day.",
        "It should be paid by midnight.",
        "The forms are collected by 6am.",
        "It must be sent by 17:00.",
        "It must be paid by 5 May.",
        "It will be finished by 2026.",
        "It must be returned by the next day.",
        "It must be returned by the weekend.",
        "It must be done by the time you leave.",
    ):
        assert not [f for f in kinds_at(text) if f[0] == "passive"], text


def test_by_and_a_means_is_not_the_doer() -> None:
    """How something is sent or paid, or the law, is not who does it."""
    for text in (
        "Council tax can be paid by direct debit.",
        "Forms can be sent by post.",
        "Your letter will be sent by email.",
        "This is required by law.",
        "Tickets can be booked by phone.",
    ):
        assert not [f for f in kinds_at(text) if f[0] == "passive"], text


def test_a_word_of_time_or_a_figure_before_a_noun_is_the_doer() -> None:
    for text, passive in (
        ("Your care is arranged by the day centre.", "is arranged"),
        ("It was checked by the morning staff.", "was checked"),
        ("It was agreed by the weekend team.", "was agreed"),
        ("You will be visited by 2 social workers.", "be visited"),
        ("It was marked by the Year 6 teacher.", "was marked"),
    ):
        assert ("passive", passive) in kinds_at(text), text


def test_a_passive_with_its_doer_named_is_still_flagged_at_plain_level() -> None:
    for text, passive in (
        ("The form was signed by the manager.", "was signed"),
        ("The plan was agreed by Mayor Khan.", "was agreed"),
        ("The service is run by the Department for Transport.", "is run"),
        ("The plan was agreed today by the board.", "was agreed"),
    ):
        assert ("passive", passive) in kinds_at(text), text


# --- Fly-tipping is the everyday British word -----------------------------------------


def test_fly_tipping_is_the_everyday_word_not_council_jargon() -> None:
    for text in (
        "If the fly-tipping is on Council land, we aim to have the rubbish removed within 4 days.",
        "Report fly tipping to us online.",
    ):
        assert kinds_at(text) == [], text
    # Council jargon next to it is still flagged.
    assert ("jargon", "street furniture") in kinds_at(
        "Report fly-tipping and damaged street furniture to us."
    )


# --- The benchmark reads quiet2.tsv, a tuning set ------------------------------------


def test_the_benchmark_lists_the_noise_of_quiet2_and_reads_it_with_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        "id\tkind\ttext\tsource",
        "q-1\tquiet\tWe will commence the work soon.\tcomposed",
        "q-2\tquiet\tWe will start soon.\tcomposed",
    ]
    (tmp_path / "quiet2.tsv").write_text("\n".join(rows) + "\n", "utf-8")
    bench = warnings_benchmark()
    assert bench.main(["--misses", "--set", "quiet2", "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "quiet sentences left quiet, plain 0.500 (1/2)" in out
    assert "q-1 plain: jargon “commence”" in out.split("noisy")[1]
    assert "q-2" not in out
    assert bench.main(["--data", str(tmp_path)]) == 0
    assert "quiet2.tsv" in capsys.readouterr().out


# --- Common formal words: officialese only among other officialese at plain level -----


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("We provide free school meals.", "provide"),
        ("The library is currently closed.", "currently"),
        ("Proof of address is required.", "required"),
    ],
)
def test_a_lone_common_formal_word_stays_quiet_at_plain_level(text: str, word: str) -> None:
    assert kinds_at(text) == []
    # Easy read still flags it.
    assert ("jargon", word) in kinds_at(text, "easy_read")


def test_a_common_formal_word_among_officialese_is_still_flagged_at_plain_level() -> None:
    text = "We currently provide meals in accordance with the policy."
    found = kinds_at(text)
    assert ("jargon", "currently") in found
    assert ("jargon", "provide") in found
    assert ("jargon", "in accordance with") in found
    # An acronym that is not explained makes a sentence officialese too.
    assert ("jargon", "provide") in kinds_at("We provide the RBQ form.")


def test_an_uncommon_formal_word_is_still_flagged_alone() -> None:
    assert kinds_at("Please commence the form.") == [("jargon", "commence")]
    assert kinds_at("We will notify you by letter.") == [("jargon", "notify")]
    assert not lexicon.is_common(("commence",))
    assert lexicon.is_common(("provide",))


def test_only_single_common_words_of_the_lists_of_formal_words_wait() -> None:
    rules = {r.words: r for r in lexicon.base_index().rules() if r.kind == "jargon"}
    assert rules[("provide",)].common and rules[("currently",)].common
    # A phrase of common words is still the officialese readers mark.
    assert not rules[("in", "line", "with")].common
    assert ("jargon", "in line with") in kinds_at("We set the fee in line with the law.")
    # A function word of legal English ("shall") is not everyday English.
    assert not rules[("shall",)].common
    # Management speak is not a list of formal words, however common its words.
    assert zipf("top-down") >= lexicon.COMMON_FORMAL_ZIPF
    assert not rules[("top-down",)].common
    assert ("jargon", "top-down") in kinds_at("The plan was top-down.")


def test_an_organisations_own_word_is_flagged_alone_however_common() -> None:
    found = check("We provide free school meals.", "plain", [("provide", ("give",))]).findings
    assert [(f.kind, f.text) for f in found] == [("jargon", "provide")]
