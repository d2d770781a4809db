"""Issue 18: decisions in Welsh. A member who chose Welsh reads a decision and votes on it
in Welsh, with `lang="cy"`, and the count and the quorum (from the pure tally and
quorum modules) are in Welsh too; the same pages in English are as they were. The Welsh
words expected come from the catalogue, and must differ from the English, so an empty
catalogue fails."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext, override, pgettext

from equalvoice.decisions import actions
from equalvoice.decisions.outcome import Quorum

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


def test_a_decision_reads_in_welsh_and_in_english_as_before(world: World) -> None:
    actions.vote_cast(actor=world.member, decision=world.decision, choice="agree")
    url = world.decision.get_absolute_url()
    response = in_welsh(world.client("facilitator")).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    text = page_text(response)
    assert '<html lang="cy"' in html
    for english in (
        "The proposal",
        "Nothing about us without us",
        "Who voted",
        "For the facilitator",
        "Count the votes and hear the minority",
        "Open for votes",  # the status: a model choice
    ):
        assert welsh(english) in text
    with override("cy"):
        vote = pgettext("verb", "Vote")
        quorum = Quorum(voters=1, lived_experience=1, percent=33).sentence(gettext)
    assert vote != "Vote" and vote in text
    # The quorum sentence comes from the pure module, translated by the page.
    assert quorum in text and "lived experience" not in quorum

    english = page_text(world.client("facilitator").get(url))
    assert "The proposal" in english and "Who voted" in english
    assert Quorum(voters=1, lived_experience=1, percent=33).sentence() in english
    assert welsh("Who voted") not in english


def test_voting_in_welsh_says_mistakes_and_thanks_in_welsh(world: World) -> None:
    client = in_welsh(world.client("member"))
    url = reverse("decision-vote", args=[world.org.slug, world.decision.pk])
    response = client.get(url)
    assert response.status_code == 200
    text = page_text(response)
    assert '<html lang="cy"' in response.content.decode()
    assert welsh("Your vote") in text and welsh("Save the vote") in text
    for choice in ("Agree", "Agree, with concerns", "Object: I cannot agree yet"):
        assert welsh(choice) in text

    # A block with no reason: the action's error, in Welsh.
    response = client.post(url, {"choice": "block", "reason": ""})
    assert response.status_code == 400  # the form again, with the mistake said
    assert welsh(
        "Say why you are blocking. A block stops the decision, so the group needs to know why."
    ) in page_text(response)

    response = client.post(url, {"choice": "agree", "reason": ""}, follow=True)
    assert welsh("The vote is saved. It can change until the decision closes.") in page_text(
        response
    )

    english = page_text(world.client("member").get(url))
    assert "Your vote" in english and "Agree, with concerns" in english
