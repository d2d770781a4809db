"""The demo's peer support, as the people in it read it: Zak supporting Lola (active,
with meetings), Umar suggested for Asha (he said yes; she has still to answer)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from equalvoice.core.models import User
from equalvoice.peer.models import Match, Offer, Request

from ..page_text import Page, assert_reads_well

pytestmark = pytest.mark.django_db


def _reads(name: str, url: str) -> str:
    client = Client()
    client.force_login(
        User.objects.get(name=name), backend="django.contrib.auth.backends.ModelBackend"
    )
    response = client.get(url)
    assert response.status_code == 200, name
    assert_reads_well(response)
    return Page(response).text


def test_the_demo_has_two_matches(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    call_command("demo")
    active = Match.objects.get(state=Match.State.ACTIVE)
    waiting = Match.objects.get(state=Match.State.SUGGESTED)
    assert (active.offer.person.name, active.request.person.name) == (
        "Zak Thornbury",
        "Lola Fennimore",
    )
    assert active.meetings.filter(held=True).count() == 3
    assert (waiting.offer.person.name, waiting.request.person.name) == (
        "Umar Fairley",
        "Asha Okafor",
    )
    assert waiting.supporter_yes is True and waiting.asker_yes is None
    assert Offer.objects.count() == 4 and Request.objects.count() == 3

    lola = _reads("Lola Fennimore", active.get_absolute_url())
    assert "Zak Thornbury is supporting you" in lola
    assert "You both speak British Sign Language" in lola
    assert "Zak came with me to the Deaf club." in lola

    asha = _reads("Asha Okafor", waiting.get_absolute_url())
    assert "Would you like Umar as your peer supporter?" in asha
    assert "Umar Fairley" not in asha
    assert "You both speak Welsh" in asha and "Both in Eastfield" in asha
    home = _reads("Asha Okafor", reverse("peer", args=["northshire"]))
    assert "Suggestions waiting for your answer" in home

    robin = _reads("Robin Achebe", reverse("peer-matching", args=["northshire"]))
    assert "Dev Anand-Price asks for support" in robin
    # The facilitator sees the meetings were held, never their notes.
    robin_match = _reads("Robin Achebe", active.get_absolute_url())
    assert "4 meetings recorded" in robin_match
    assert "Deaf club" not in robin_match
