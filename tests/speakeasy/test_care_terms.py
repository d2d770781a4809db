"""Care-system terms a reader will meet ("package of care", "reablement",
"step-down care"): what a writer reads about them, in the engine, the panel, the
glossary and the command line. They are kept and explained, with the plainer words
offered, and never called a hard word."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from equalvoice.speakeasy import check
from equalvoice.speakeasy.cli import main as cli
from equalvoice.speakeasy.engine import lexicon
from equalvoice.speakeasy.selectors import check_text
from equalvoice.speakeasy.templatetags.speakeasy import easy_read_lines, with_glossary
from equalvoice.speakeasy.widget import apply_suggestion

from ..conftest import World
from ..page_text import parse

LEVELS = ("plain", "easy_read")
CARE_TERMS = lexicon.read_list(lexicon.CARE_TERMS)


def _row(term: str) -> list[str]:
    return next(row for row in CARE_TERMS if row[0] == term)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("row", CARE_TERMS, ids=lambda row: row[0])
def test_each_care_term_is_explained_with_its_plainer_words(row: list[str], level: str) -> None:
    term, explanation, plainer = row[0], row[1], row[2]
    text = f"We talked about the {term} today."
    found = [f for f in check(text, level).findings if f.text == term]
    assert len(found) == 1, (term, check(text, level).findings)
    (finding,) = found
    assert finding.kind == "explain"
    offered = finding.suggestions
    # Only plainer words that pass the check at this level are offered (the suggestion
    # test checks them all); at plain level each care term keeps at least one.
    assert set(offered) <= {s.strip() for s in plainer.split(";")}
    if level == "plain":
        assert offered
    if offered:
        quoted = " or ".join(f"“{s}”" for s in offered)
        assert finding.message == (
            f"{explanation} This is a care term your reader may meet. Keep it and say what "
            f"it means, or use plainer words: {quoted}."
        )
    else:  # "sensors" is not easy read: the explanation alone
        assert finding.message == explanation


def test_no_care_term_is_also_listed_as_jargon() -> None:
    """One term, one message: a care term is not in a list of jargon as well."""
    terms = {row[0].lower() for row in CARE_TERMS}
    jargon_lists = ("care-jargon.tsv", *lexicon.OUR_LISTS)
    both = [
        (name, row[0])
        for name in jargon_lists
        for row in lexicon.read_list(name)
        if row[0].lower() in terms
    ]
    assert both == []


def test_what_a_writer_reads_about_a_package_of_care() -> None:
    report = check("We will arrange a package of care for your mother.")
    (finding,) = report.findings
    assert (finding.kind, finding.text) == ("explain", "package of care")
    assert finding.message == (
        "A package of care is the care and support the council arranges for you. "
        "This is a care term your reader may meet. Keep it and say what it means, "
        "or use plainer words: “care and support”."
    )
    assert finding.suggestions == ["care and support"]


def test_one_click_puts_the_plainer_words_in() -> None:
    text = "Her care package starts on Monday."
    report = check(text)
    assert [f.text for f in report.findings] == ["care package"]
    assert apply_suggestion(text, report, 0, 0) == ("Her care and support starts on Monday.")


def test_a_care_term_takes_the_capital_of_the_words_it_replaces() -> None:
    (finding, _passive) = check("Care packages are arranged by the council.").findings
    assert finding.text == "Care packages"
    assert finding.suggestions == ["Care and support"]


def test_officialese_around_a_care_term_is_still_flagged() -> None:
    report = check("We will review the packages of care going forward.")
    kinds = [(f.kind, f.text) for f in report.findings]
    assert kinds == [("explain", "packages of care"), ("jargon", "going forward")]


def test_the_care_terms_read_alike_in_every_care_list() -> None:
    """The care terms of care-senses.tsv (explained in the care sense) and these read
    the same way: an explanation, not a hard word."""
    for text, words in [
        ("After hospital she went to a step-down bed.", "step-down"),
        ("After hospital she went to step-down care.", "step-down care"),
        ("Respite care gives carers a break.", "Respite care"),
        ("You can get direct payments to pay for support.", "direct payments"),
        ("Her care home placement starts next week.", "care home placement"),
        ("The placement at the care home is going well.", "placement"),
    ]:
        found = {f.text: f.kind for f in check(text).findings}
        assert found.get(words) == "explain", (text, found)


def test_the_glossary_and_easy_read_show_the_explanation_alone() -> None:
    text = "Reablement starts on Monday."
    explanation = _row("reablement")[1]
    html = str(with_glossary(text, None))
    assert f"({explanation})" in html
    assert "plainer words" not in html
    (line,) = easy_read_lines(text)
    assert line["notes"] == [("Reablement", explanation)]


def test_the_panel_labels_it_to_explain_and_offers_the_plainer_words(world: World) -> None:
    text = "We will arrange a package of care for your mother."
    response = world.client("member").post(
        reverse("speakeasy-feedback"),
        {"_field": "text", "_id": "id_text", "_org": world.org.slug, "text": text},
        headers={"HX-Request": "true"},
    )
    page = parse(response.content.decode())
    reads = " ".join(page.text().split())
    assert "Explain this “package of care”" in reads
    assert "Hard word" not in reads
    assert "A package of care is the care and support the council arranges for you." in reads
    assert "Keep it and say what it means, or use plainer words: “care and support”." in reads
    (button,) = page.find_all("button")
    assert " ".join(button.text().split()) == (
        "Use “care and support” instead of “package of care”"
    )
    report = check_text(text, organisations=world.org)
    assert button.attrs["value"] == "text|0|0" and report.findings[0].text == "package of care"


def test_check_my_writing_shows_it_the_same_way(world: World) -> None:
    response = world.client("member").post(
        reverse("check-writing"), {"text": "Her care package starts on Monday.", "level": "plain"}
    )
    reads = " ".join(parse(response.content.decode()).text().split())
    assert "Explain this “care package”" in reads and "Hard word" not in reads
    assert "or use plainer words: “care and support”." in reads


def test_the_command_line_says_the_same() -> None:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "letter.txt"
        path.write_text("Reablement helps you do things for yourself again.")
        out = io.StringIO()
        cli(["--level", "plain", str(path)], out=out, err=io.StringIO())
    lines = out.getvalue().splitlines()
    assert lines[1] == (
        "  0-10 explain: “Reablement”. " + _row("reablement")[1] + " This is a care term your "
        "reader may meet. Keep it and say what it means, or use plainer words: “support to get "
        "back your skills at home”."
    )
