"""Issue 18: Speakeasy's pages in Welsh, and Speakeasy saying plainly, in Welsh, that it
checks English only."""

from __future__ import annotations

import html

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ..conftest import World

pytestmark = pytest.mark.django_db

NOTICE = "Speakeasy checks English only. It does not check Welsh."


def welsh(english: str) -> str:
    """The Welsh for an English message; it must differ, so an empty catalogue fails."""
    with translation.override("cy"):
        said = translation.gettext(english)
    assert said != english, f"no Welsh for {english!r}"
    return said


def in_welsh(client: Client) -> Client:
    client.cookies["django_language"] = "cy"
    return client


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_check_my_writing_reads_in_welsh_and_says_it_checks_english_only(world: World) -> None:
    page = text_of(in_welsh(world.client("member")).get(reverse("check-writing")))
    assert '<html lang="cy"' in page
    assert f'<h1 class="govuk-heading-l">{welsh("Check my writing")}</h1>' in page
    assert welsh("Check") in page and welsh("Your writing") in page
    assert welsh(NOTICE) in page and NOTICE not in page


def test_check_my_writing_in_english_is_unchanged(world: World) -> None:
    page = text_of(world.client("member").get(reverse("check-writing")))
    assert '<html lang="en-GB"' in page
    assert '<h1 class="govuk-heading-l">Check my writing</h1>' in page
    assert welsh(NOTICE) not in page and NOTICE not in page


def test_a_form_error_from_python_is_in_welsh(world: World) -> None:
    response = in_welsh(world.client("member")).post(
        reverse("check-writing"), {"text": "", "level": "plain"}
    )
    page = html.unescape(response.content.decode())
    assert welsh("Paste some writing, or choose a file") in page


def test_feedback_beside_a_long_text_field_says_it_does_not_check_welsh(world: World) -> None:
    data = {
        "_field": "text",
        "_id": "id_text",
        "_org": world.org.slug,
        "text": "Talk to stakeholders",
    }
    body = text_of(
        in_welsh(world.client("member")).post(
            reverse("speakeasy-feedback"), data, headers={"HX-Request": "true"}
        )
    )
    assert welsh(NOTICE) in body
    assert welsh("Hard word") in body  # the kind of finding is in Welsh
    english = text_of(
        world.client("member").post(
            reverse("speakeasy-feedback"), data, headers={"HX-Request": "true"}
        )
    )
    assert "Hard word" in english and welsh(NOTICE) not in english and NOTICE not in english


def test_the_word_list_says_it_does_not_check_welsh(world: World) -> None:
    page = text_of(in_welsh(world.client("member")).get(reverse("words", args=[world.org.slug])))
    assert '<html lang="cy"' in page
    assert welsh("Words and glossary") in page and welsh(NOTICE) in page
    english = text_of(world.client("member").get(reverse("words", args=[world.org.slug])))
    assert "Words and glossary" in english and welsh(NOTICE) not in english


def test_the_easy_read_pdf_names_its_language() -> None:
    context: dict[str, object] = {
        "title": "T",
        "sections": [],
        "pictures": {},
        "organisation": None,
    }
    with translation.override("cy"):
        welsh_page = render_to_string("speakeasy/easy_read_pdf.html", context)
    with translation.override("en-gb"):
        english_page = render_to_string("speakeasy/easy_read_pdf.html", context)
    assert '<html lang="cy">' in welsh_page and welsh("Easy read: %(title)s") % {
        "title": "T"
    } in html.unescape(welsh_page)
    assert '<html lang="en-GB">' in english_page and "Easy read: T" in english_page
