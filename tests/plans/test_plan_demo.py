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
    # Asha wrote her sections herself; Carys wrote one goal down for her, with her agreement.
    assert "Written by Asha Okafor, " in sister
    assert sister.count("Written by Carys Mbeki for Asha Okafor, with their agreement") == 1
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
