"""Issue 18: the standards pages in Welsh. A person who chose Welsh reads the standard,
answers a round (the answer scale comes from Python) and prints the paper questionnaire
in Welsh, with `lang="cy"`; the same pages in English are as they were. The Welsh words
expected come from the catalogue, and must differ from the English, so an empty
catalogue fails."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext, override

from equalvoice.standards import pdf
from equalvoice.standards.models import COMMENT_MAX

from ..conftest import World
from ..page_text import page_text

pytestmark = pytest.mark.django_db


def welsh(english: str) -> str:
    with override("cy"):
        words = gettext(english)
    assert words != english, f"no Welsh for {english!r}"
    return words


def in_welsh(client: Client) -> Client:
    client.cookies["django_language"] = "cy"
    return client


def test_the_standard_page_reads_in_welsh_and_in_english_as_before(world: World) -> None:
    url = reverse("standard", args=[world.org.slug, world.standard.pk])
    response = in_welsh(world.client("facilitator")).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    text = page_text(response)
    assert '<html lang="cy"' in html
    assert welsh("Standards and feedback") in html  # the back link, above <main>
    for english in ("Rounds", "Add a statement", "Add a theme"):
        assert welsh(english) in text
    assert welsh("Pledge") in text  # the kind of standard: a model choice
    assert "Fersiwn 2: drafft" in text  # a sentence with a number in it

    english_response = world.client("facilitator").get(url)
    english_html = english_response.content.decode()
    english_text = page_text(english_response)
    assert '<html lang="en-GB"' in english_html
    assert "Standards and feedback" in english_html
    for english in ("Rounds", "Add a statement", "Version 2: draft"):
        assert english in english_text
    assert welsh("Rounds") not in english_text


def test_answering_a_round_in_welsh_shows_the_scale_and_errors_in_welsh(world: World) -> None:
    client = in_welsh(world.client("member"))
    url = reverse("round-answer-statement", args=[world.org.slug, world.round.pk, 1])
    response = client.get(url)
    assert response.status_code == 200
    text = page_text(response)
    assert '<html lang="cy"' in response.content.decode()
    assert "Datganiad 1 o 2" in text
    # The scale's words are marked in the pure scoring module and shown through the form.
    for label in ("Not yet", "Starting", "Getting there", "Doing it well", "Don't know"):
        assert welsh(label) in text
    assert welsh("How well is this going? You can skip it.") in text

    # A mistake said in Welsh: a comment that is too long.
    response = client.post(url, {"answer": "1", "comment": "a" * (COMMENT_MAX + 1)})
    assert response.status_code == 400  # the form again, with the mistake said
    with override("cy"):
        too_long = gettext("Your comment is too long. Keep it to %(count)s characters.") % {
            "count": f"{COMMENT_MAX:,}"
        }
    assert too_long.startswith("Mae eich sylw") and too_long in page_text(response)

    english = page_text(world.client("member").get(url))
    assert "Statement 1 of 2" in english and "Not yet" in english
    assert welsh("Not yet") not in english


def test_the_paper_questionnaire_is_in_welsh_with_its_language_set(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []

    def keep_the_page(html: str) -> bytes:
        made.append(html)
        return b"%PDF-"

    monkeypatch.setattr(pdf, "render_pdf", keep_the_page)
    url = reverse("round-questionnaire", args=[world.org.slug, world.round.pk])
    assert in_welsh(world.client("member")).get(url).status_code == 200
    assert world.client("member").get(url).status_code == 200
    welsh_page, english_page = made
    assert '<html lang="cy">' in welsh_page
    assert welsh("How well is each thing going? Tick one box for each. You can skip any.") in (
        welsh_page
    )
    assert welsh("Not yet") in welsh_page
    assert '<html lang="en-GB">' in english_page
    assert "How well is each thing going? Tick one box for each." in english_page


def test_starting_from_one_of_ours_in_welsh_makes_a_welsh_copy(world: World) -> None:
    client = in_welsh(world.client("admin"))
    listed = page_text(client.get(reverse("standards", args=[world.org.slug])))
    assert welsh("Our pledge: what good looks like") in listed
    assert welsh("How are we doing at co-production?") in listed

    start = reverse("standard-start", args=[world.org.slug, "pledge"])
    response = client.post(start, {"group": ""}, follow=True)
    assert response.status_code == 200
    text = page_text(response)
    # The copy is the person's to change, in the language they started it in.
    assert welsh("Our pledge: what good looks like") in text
    assert welsh("Listening to me") in text
    assert welsh("Staff listen to me and take what I say seriously.") in text
    with override("cy"):
        ready = gettext("“%(title)s” is ready for you to change.") % {
            "title": gettext("Our pledge: what good looks like")
        }
    assert ready in text

    english = page_text(world.client("admin").get(reverse("standards", args=[world.org.slug])))
    assert "Our pledge: what good looks like" in english
