"""Issue 18: the co-production record in Welsh: the board, an initiative's page (rungs,
warning signs and reasons come from pure modules in English and are translated where they
are shown), the board report PDF's language, and a form error."""

from __future__ import annotations

import html

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from equalvoice.record.ladder import Rung

from ..conftest import World
from .test_record_pages import SIGNS, TODAY, _short_breaks

pytestmark = pytest.mark.django_db


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


def test_the_board_reads_in_welsh(world: World) -> None:
    _short_breaks(world)
    url = reverse("record-board", args=[world.org.slug])
    page = text_of(in_welsh(world.client("admin")).get(url))
    assert '<html lang="cy"' in page
    assert f'<h1 class="govuk-heading-l">{welsh("Co-production record")}</h1>' in page
    assert welsh("Start an initiative") in page and welsh("Warning signs") in page
    assert welsh(Rung.CO_PRODUCTION.label) in page  # a rung, from the pure ladder
    for sign in SIGNS:  # warning signs, from the pure tokenism rules
        assert welsh(sign) in page
    english = text_of(world.client("admin").get(url))
    assert '<html lang="en-GB"' in english
    assert '<h1 class="govuk-heading-l">Co-production record</h1>' in english
    assert "Co-production" in english and all(sign in english for sign in SIGNS)
    assert welsh("Start an initiative") not in english


def test_an_initiative_reads_in_welsh(world: World) -> None:
    initiative = _short_breaks(world)
    page = text_of(in_welsh(world.client("member")).get(initiative.get_absolute_url()))
    assert '<html lang="cy"' in page
    assert welsh("Rung claimed") in page and welsh("Rung the evidence shows") in page
    assert welsh(Rung.INFORMING.label) in page and welsh(Rung.CONSULTATION.label) in page
    reason = "Nobody with lived experience took part, so this shows informing at most."
    assert welsh(reason) in page  # a reason from the pure evidence rules
    assert welsh("The ladder of participation") in page
    english = text_of(world.client("member").get(initiative.get_absolute_url()))
    assert "Rung claimed" in english and reason in english


def test_a_form_error_is_in_welsh(world: World) -> None:
    url = reverse("evidence-add", args=[world.org.slug, world.initiative.pk, world.activity.pk])
    response = in_welsh(world.client("facilitator")).post(url, {"note": "", "link": ""})
    assert response.status_code == 400  # the form comes back with its errors
    assert welsh("Add a note, a link or a file") in html.unescape(response.content.decode())


def test_the_board_report_pdf_names_its_language(world: World) -> None:
    context = {"organisation": world.org, "rows": [], "today": TODAY()}
    with translation.override("cy"):
        page = html.unescape(render_to_string("record/report_pdf.html", context))
    assert '<html lang="cy">' in page and welsh("No initiatives yet.") in page
    with translation.override("en-gb"):
        english = render_to_string("record/report_pdf.html", context)
    assert '<html lang="en-GB">' in english and 'content: "Page " counter(page) " of "' in english
