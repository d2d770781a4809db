"""The demo's two plans, as the people in them read them: Asha's support plan and
Ellie's "All about me", each shared section by section."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from equalvoice.core.models import User
from equalvoice.plans.journey import MONTHS
from equalvoice.plans.models import Plan

from ..page_text import Page, pdf_text

pytestmark = pytest.mark.django_db


def _reads(name: str, plan: Plan) -> str:
    client = Client()
    client.force_login(
        User.objects.get(name=name), backend="django.contrib.auth.backends.ModelBackend"
    )
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200, name
    return Page(response).text


def test_the_demo_has_two_plans_shared_as_their_owners_chose(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    call_command("demo")
    asha = Plan.objects.get(owner__name="Asha Okafor")
    ellie = Plan.objects.get(owner__name="Ellie Tranter")
    assert asha.get_kind_display() == "My support plan"
    assert ellie.get_kind_display() == "All about me"
    assert {m.person.name for m in ellie.circle.all()} >= {"Nia Osei-Barnes"}

    own = _reads("Asha Okafor", asha)
    assert "Some days I feel low" in own  # her own private section
    sister = _reads("Carys Mbeki", asha)
    assert "church on Sundays" in sister and "Some days I feel low" not in sister
    # Asha wrote her sections herself; Carys wrote one goal down for her, with her agreement.
    assert "Written by Asha Okafor, " in sister
    assert sister.count("Written by Carys Mbeki for Asha Okafor, with their agreement") == 1
    worker = _reads("Marek Zielny", asha)
    assert "A shower would help me wash on my own" in worker
    assert "church on Sundays" not in worker  # shared with her circle, not her worker

    mum = _reads("Nia Osei-Barnes", ellie)
    assert "animal care" in mum and "taken out of art lessons" not in mum

    # Two reviews each, so the journey shows, in words worked out here from the dates.
    months = {p: [r.held_on for r in p.reviews.order_by("held_on")] for p in (asha, ellie)}
    assert all(len(dates) == 2 for dates in months.values())
    first = MONTHS[months[asha][0].month - 1]
    for reader in ("Asha Okafor", "Carys Mbeki", "Marek Zielny"):
        text = _reads(reader, asha)
        assert f"Home: better since {first}" in text, reader
        assert f"Community: better since {first}" in text, reader
    assert "Written by Marek Zielny for Asha Okafor" not in sister  # reviews are on their own page
    first = MONTHS[months[ellie][0].month - 1]
    assert f"Wellbeing: better since {first}" in _reads("Nia Osei-Barnes", ellie)
    # Tegan, the named worker, sees only the later review, which Ellie shared with her.
    assert "Wellbeing: first rated in" in _reads("Tegan Mulvaney", ellie)

    # Asha's next review is soon: her home page and her sister's say so.
    when = asha.next_review_on
    assert when is not None and ellie.next_review_on is not None
    for reader, words in [
        ("Asha Okafor", "Look at your plan together by"),
        ("Carys Mbeki", "Look at Asha Okafor’s plan together by"),
    ]:
        client = Client()
        client.force_login(
            User.objects.get(name=reader), backend="django.contrib.auth.backends.ModelBackend"
        )
        home = Page(client.get(reverse("home"))).text
        assert f"{words} {when:%A} {when.day} {when:%B}" in home, (reader, home[:2000])

    # The council's admin is in neither circle: neither plan is there for them.
    admin = Client()
    admin.force_login(
        User.objects.get(email="admin@northshire.example"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    assert admin.get(asha.get_absolute_url()).status_code == 404
    listed = Page(admin.get(reverse("my-plans", args=[asha.organisation.slug]))).text
    assert "Asha" not in listed and "All about me" not in listed


def test_northshire_adds_how_i_communicate_and_asha_shares_it_with_her_circle(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    call_command("demo")
    asha = Plan.objects.get(owner__name="Asha Okafor")
    ellie = Plan.objects.get(owner__name="Ellie Tranter")
    words = (
        "Talk to me face to face, on my left side: I hear better there. I like a phone "
        "call more than a letter. If I go quiet, I am thinking, not upset."
    )
    question = (
        "How do you like people to talk with you, and how do you let them know what you think?"
    )

    sister = Page(_client("Carys Mbeki").get(asha.get_absolute_url()))
    assert sister.section("How I communicate")[:2] == [question, words]
    assert words not in _reads("Marek Zielny", asha)  # her circle, not her named worker
    # Ellie's plan has it too, empty: she sees it; the people in her circle do not.
    assert "How I communicate" in _reads("Ellie Tranter", ellie)
    assert "How I communicate" not in _reads("Nia Osei-Barnes", ellie)
    # The council's admin reads the heading and question on their page, never Asha's words.
    admin = Client()
    admin.force_login(
        User.objects.get(email="admin@northshire.example"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    page = Page(admin.get(reverse("org-plan-sections", args=[asha.organisation.slug])))
    assert "How I communicate" in page.text and question in page.text
    assert words not in page.whole


def _client(name: str) -> Client:
    client = Client()
    client.force_login(
        User.objects.get(name=name), backend="django.contrib.auth.backends.ModelBackend"
    )
    return client


def test_ashas_one_page_profile_as_she_and_her_named_worker_read_it(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    call_command("demo")
    asha = Plan.objects.get(owner__name="Asha Okafor")
    url = reverse("my-plan-profile-pdf", args=[asha.organisation.slug, asha.pk])

    def profile(name: str) -> str:
        client = Client()
        client.force_login(
            User.objects.get(name=name), backend="django.contrib.auth.backends.ModelBackend"
        )
        response = client.get(url)
        assert response.status_code == 200
        return pdf_text(response.content)

    own = profile("Asha Okafor")
    assert "What matters to me My sister Carys and my two grandchildren." in own
    assert "People say I am funny" in own
    assert "Help in the mornings, three days a week" in own
    assert "I don't want people I have not met coming into my home." in own
    assert "Continued in the full plan" not in own
    # Marek sees only what she shares with her named worker: how to support her.
    marek = profile("Marek Zielny")
    assert "Help in the mornings, three days a week" in marek
    assert "church" not in marek and "funny" not in marek and "not met" not in marek
