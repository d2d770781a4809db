"""Issue 18: plans in Welsh. Each expected Welsh word is read from the catalogue (so the
test fails if the catalogue is empty or untranslated), and the same page in English stays
as it was. The plan's PDFs say their language too."""

from __future__ import annotations

import datetime
import html

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from equalvoice.plans import selectors

from .conftest import PlanWorld

pytestmark = pytest.mark.django_db


def welsh(english: str, **named: object) -> str:
    with translation.override("cy"):
        words = translation.gettext(english)
    assert words != english, f"no Welsh for {english!r}"
    return words % named if named else words


def page(client: Client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_owner_reads_their_plan_in_welsh_and_in_english(pw: PlanWorld) -> None:
    client = pw.client("owner")
    url = reverse("my-plan", args=[pw.org.slug, pw.plan.pk])
    body = page(client, url, "cy")
    assert '<html lang="cy"' in body
    for english in (
        "Your plan",
        "How things are going",
        "When we next look at this plan together",
        "What matters to me",  # a section's heading, from the model's choices
        "Goals",
        "Add a review",
        "Who has looked at your plan",
    ):
        assert welsh(english) in body, english
    assert welsh("Seen by: %(who)s", who=welsh("Only me")) in body

    english = page(client, url, "en-gb")
    assert '<html lang="en-GB"' in english
    for words in ("Your plan", "How things are going", "What matters to me", "Seen by: Only me"):
        assert words in english
    assert welsh("How things are going") not in english


def test_my_plans_in_welsh_for_someone_in_the_circle(pw: PlanWorld) -> None:
    body = page(pw.client("family"), reverse("my-plans", args=[pw.org.slug]), "cy")
    assert '<html lang="cy"' in body
    assert welsh("My plans") in body
    assert welsh("Plans you help with") in body
    assert welsh("You have no plan here yet.") in body


def test_a_form_error_from_python_is_in_welsh(pw: PlanWorld) -> None:
    client = pw.client("owner")
    client.cookies["django_language"] = "cy"
    url = reverse("my-plan-goal-add", args=[pw.org.slug, pw.plan.pk, "home"])
    response = client.post(url, {"text": ""})
    assert response.status_code == 400  # a form sent with errors
    body = html.unescape(response.content.decode())
    assert welsh("Write the goal in a few words") in body
    assert welsh("Add a goal") in body


@pytest.mark.parametrize("template", ["plans/plan_pdf.html", "plans/plan_easy_read_pdf.html"])
def test_the_plan_on_paper_says_its_language(pw: PlanWorld, template: str) -> None:
    owner = pw.people["owner"]
    assert owner is not None
    read = selectors.plan_to_read(owner, pw.plan)
    context = {
        "read": read,
        "plan": pw.plan,
        "organisation": pw.org,
        "made_on": datetime.date(2026, 3, 2),
        "pictures": {},
    }
    with translation.override("cy"):
        cymraeg = html.unescape(render_to_string(template, context))
    assert '<html lang="cy"' in cymraeg
    numbers = welsh(
        "Page %(page)s of %(pages)s", page='" counter(page) "', pages='" counter(pages) "'
    )
    assert f'content: "{numbers}";' in cymraeg
    assert "Mawrth 2026" in cymraeg  # the month in Welsh
    with translation.override("en-gb"):
        english = html.unescape(render_to_string(template, context))
    assert '<html lang="en-GB"' in english
    assert "2 March 2026" in english


def test_the_page_about_me_says_its_language(pw: PlanWorld) -> None:
    context = {"plan": pw.plan, "parts": [], "reader": None, "made_on": datetime.date(2026, 3, 2)}
    with translation.override("cy"):
        cymraeg = html.unescape(render_to_string("plans/profile_pdf.html", context))
    assert '<html lang="cy"' in cymraeg
    assert welsh("A page about me") in cymraeg
    with translation.override("en-gb"):
        english = render_to_string("plans/profile_pdf.html", context)
    assert '<html lang="en-GB"' in english
