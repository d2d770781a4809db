"""The helper that reads a page as a person does (tests/page_text.py): it must find what is
wrong, or the tests built on it prove nothing."""

from __future__ import annotations

import pytest

from .page_text import Page, page_text, problems, table_rows

PAGE = """<!DOCTYPE html><html><head><title>Not read</title><style>p{}</style></head><body>
<header>Site name</header>
<main><h1>The count</h1><p>3 of <strong>5</strong> agreed.</p><script>var x = None;</script>
<p hidden>Hidden away</p><p>Score<span class="govuk-visually-hidden"> out of 5</span>: 4</p>
<div role="region" aria-label="Votes by option"><table class="govuk-table">
<caption>Votes</caption>
<tr><th>Option</th><th>Votes</th></tr>
<tr><th>Sun</th><td>2</td></tr><tr><th>Tree</th><td>3</td></tr>
</table></div>
<ul><li>one</li><li>two</li></ul>
<h2>Chart</h2><svg class="ev-bar other" role="img"><title>Bars</title><rect width="40"/>
<rect width="60.5"/></svg><svg class="ev-bars"><rect width="9"/></svg>
<p><a href="/sun/">See <strong>Sun</strong></a> and <a href="/tree/">Tree</a></p>
</main><footer>Footer words</footer></body></html>"""


def test_page_text_reads_main_as_a_person_does() -> None:
    text = page_text(PAGE)
    assert text.startswith("The count 3 of 5 agreed.")
    assert "Site name" not in text and "Not read" not in text
    assert "None" not in text and "Hidden away" not in text
    assert "Score out of 5: 4" in text
    assert "one two" in text
    assert "Score: 4" in page_text(PAGE, for_sight=True)


def test_table_rows_by_caption_region_or_id() -> None:
    expected = [["Option", "Votes"], ["Sun", "2"], ["Tree", "3"]]
    assert table_rows(PAGE, "Votes") == expected
    assert table_rows(PAGE, "Votes by option") == expected
    with pytest.raises(AssertionError, match="No table"):
        table_rows(PAGE, "Nothing like this")


@pytest.mark.parametrize(
    ("html", "what"),
    [
        ("<main><p>Chosen by None</p></main>", "'None'"),
        ("<main><p>None. Or None</p></main>", "'None'"),
        ("<main><p>None 5 people</p></main>", "'None'"),
        ("<main><p>Average nan</p></main>", "'nan'"),
        ("<main><p>Average NaN</p></main>", "'NaN'"),
        ("<main><p>{{ count.voters }} votes</p></main>", "'{{'"),
        ("<main><p>Options: []</p></main>", "'[]'"),
        ("<main><p>Group: [object Object]</p></main>", "'[object Object]'"),
        ("<header>Signed in as None</header><main><p>Fine</p></main>", "'None'"),
        (
            "<main><table><tr><td>Carers need breaks</td><td>–</td><td>n/a</td></tr>"
            "</table></main>",
            "a table with nothing in it",
        ),
        (
            "<main><table><tr><th>A</th><td>–</td></tr>"
            "<tr><th>B</th><td> </td></tr></table></main>",
            "a table with nothing in it",
        ),
        ("<main><table><caption>Shares</caption><tr><th>A</th></tr></table></main>", "Shares"),
    ],
)
def test_problems_are_found(html: str, what: str) -> None:
    found = problems(html)
    assert found and what in found[0]


def test_a_good_page_has_no_problems() -> None:
    assert problems(PAGE) == []
    assert problems("<main><p>Nobody has voted. Nonetheless, banana.</p></main>") == []
    # "None" that an ordinary sentence goes on from is a word, as in the browser's check.
    assert problems("<main><p>None of these fit me. None yet.</p><p>Nan said so.</p></main>") == []
    one_column = "<main><table><tr><th>Name</th></tr><tr><td>Asha</td></tr></table></main>"
    assert problems(one_column) == []


def test_a_page_read_once_gives_lines_sections_tables_links_and_bars() -> None:
    page = Page(PAGE)
    assert page.text == page_text(PAGE)
    assert "Site name" in page.whole and "Footer words" in page.whole
    assert "Site name" not in page.text and "Not read" not in page.whole
    assert page.lines == [
        "The count",
        "3 of 5 agreed.",
        "Score out of 5: 4",
        "Votes",
        "Option | Votes",
        "Sun | 2",
        "Tree | 3",
        "one",
        "two",
        "Chart",
        "Bars",
        "See Sun and Tree",
    ]
    assert page.section("Score", "one") == ["Votes", "Option | Votes", "Sun | 2", "Tree | 3"]
    assert page.section("Chart") == ["Bars", "See Sun and Tree"]
    with pytest.raises(AssertionError, match="No heading"):
        page.section("Nothing like this")
    assert page.tables == [[["Option", "Votes"], ["Sun", "2"], ["Tree", "3"]]]
    assert page.table("Votes by option") == page.tables[0]
    assert page.table_headed("Option", "Votes") == [["Sun", "2"], ["Tree", "3"]]
    with pytest.raises(AssertionError, match="No table headed"):
        page.table_headed("Option")
    assert page.row(0, "Tree") == ["3"] and page.row("Votes", "un") == ["2"]
    with pytest.raises(AssertionError, match="No row"):
        page.row(0, "Moon")
    assert page.links == [("See Sun", "/sun/"), ("Tree", "/tree/")]
    assert page.svg_widths("ev-bar") == [[40.0, 60.5]]
