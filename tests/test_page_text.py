"""The helper that reads a page as a person does (tests/page_text.py): it must find what is
wrong, or the tests built on it prove nothing."""

from __future__ import annotations

import pytest

from .page_text import page_text, problems, table_rows

PAGE = """<!DOCTYPE html><html><head><title>Not read</title><style>p{}</style></head><body>
<header>Site name</header>
<main><h1>The count</h1><p>3 of <strong>5</strong> agreed.</p><script>var x = None;</script>
<p hidden>Hidden away</p><p>Score<span class="govuk-visually-hidden"> out of 5</span>: 4</p>
<div role="region" aria-label="Votes by option"><table class="govuk-table">
<caption>Votes</caption>
<tr><th>Option</th><th>Votes</th></tr>
<tr><th>Sun</th><td>2</td></tr><tr><th>Tree</th><td>3</td></tr>
</table></div>
<ul><li>one</li><li>two</li></ul></main></body></html>"""


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
        ("<main><p>None people voted</p></main>", "None"),
        ("<main><p>Average nan</p></main>", "nan"),
        ("<main><p>{{ count.voters }} votes</p></main>", "template code"),
        ("<main><p>Options: []</p></main>", "empty Python list"),
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
