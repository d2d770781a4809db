"""Issue 18: every word a person reads in a template is marked for translation, and the
Welsh catalogues are complete and compiled (tests/i18n_tools.py does the looking)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.i18n_tools import (
    ROOT,
    STATIC_PAGES,
    all_units,
    catalogue,
    stale_compiled,
    templates,
    unmarked_in,
    untranslated_in,
)

TEMPLATES = templates()


@pytest.mark.parametrize("path", TEMPLATES, ids=[str(p.relative_to(ROOT)) for p in TEMPLATES])
def test_every_word_in_the_template_is_marked_for_translation(path: Path) -> None:
    unmarked = unmarked_in(path)
    assert not unmarked, "\n".join(str(u) for u in unmarked)


def test_the_checker_finds_words_that_are_not_marked(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "{% load i18n %}<h1>{% translate 'Marked' %}</h1>\n"
        '<p title="Read aloud">Plain words</p>\n'
        "{% blocktranslate trimmed %}Also marked {{ name }}{% endblocktranslate %}\n"
        "<script>var notRead = 1;</script>\n"
        '{% include "x.html" with label="Your name" hint=_("Marked") %}\n'
        '{{ value|default:"Not said" }} {{ n }} thing{{ n|pluralize }}\n'
        '<input type="submit" value="Save"> <img alt="{% translate \'A dog\' %}">\n',
        encoding="utf-8",
    )
    found = [(u.line, u.text) for u in unmarked_in(page)]
    assert found == [
        (2, "Plain words"),
        (2, "Read aloud"),
        (5, "Your name"),
        (6, "Not said"),
        (6, "thing"),
        (6, "|pluralize (use blocktranslate count)"),
        (7, "Save"),
    ]


@pytest.mark.parametrize("path", sorted(STATIC_PAGES), ids=lambda p: p.name)
def test_pages_served_as_they_are_hold_both_languages(path: Path) -> None:
    html = path.read_text(encoding="utf-8")
    assert '<div lang="cy">' in html and "Mae’n ddrwg gennym" in html


UNITS = all_units()


@pytest.fixture(scope="session")
def untranslated() -> dict[Path, list[str]]:
    """Each unit's messages with no Welsh, as makemessages finds them now: one Python for
    every unit (each worker), since starting Python and Django for each unit took longer
    than makemessages did."""
    assert shutil.which("xgettext"), "install GNU gettext (make chromium)"
    return untranslated_in(UNITS)


@pytest.mark.parametrize("unit", UNITS, ids=[u.name for u in UNITS])
def test_the_welsh_catalogue_is_complete(unit: Path, untranslated: dict[Path, list[str]]) -> None:
    # GNU gettext finds the messages, as Django's makemessages does: `make chromium`
    # installs it (Debian's gettext) with the other tools the tests need.
    assert shutil.which("xgettext"), "install GNU gettext (make chromium)"
    assert catalogue(unit).exists(), f"{unit.name} has no Welsh catalogue"
    missing = untranslated[unit]
    assert not missing, f"{len(missing)} messages with no Welsh: {missing[:20]}"


@pytest.mark.parametrize("unit", UNITS, ids=[u.name for u in UNITS])
def test_the_compiled_catalogue_matches_the_words(unit: Path) -> None:
    assert not stale_compiled(unit), f"run: tests/i18n_tools.py compile {unit}"
