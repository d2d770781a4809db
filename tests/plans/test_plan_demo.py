"""The demo's two plans, as the people in them read them: Asha's support plan and
Ellie's "All about me", each shared section by section."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from equalvoice.core.models import User
from equalvoice.plans.models import Plan

from ..page_text import Page

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
    assert "Written by Carys Mbeki for Asha Okafor, with their agreement" not in sister
    assert "Added by Carys Mbeki for Asha Okafor, with their agreement" in sister
    worker = _reads("Marek Zielny", asha)
    assert "A shower would help me wash on my own" in worker
    assert "church on Sundays" not in worker  # shared with her circle, not her worker

    mum = _reads("Nia Osei-Barnes", ellie)
    assert "animal care" in mum and "taken out of art lessons" not in mum

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
