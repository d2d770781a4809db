"""Issue 18: the ideas board in Welsh. A member who chose Welsh reads the board and an idea
in Welsh, with `lang="cy"`, supports it and is thanked in Welsh; the same pages in
English are as they were. The Welsh words expected come from the catalogue, and must
differ from the English, so an empty catalogue fails."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext, ngettext, override

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


def test_the_board_reads_in_welsh_and_in_english_as_before(world: World) -> None:
    url = reverse("group-ideas", args=[world.org.slug, world.group.slug])
    response = in_welsh(world.client("member")).get(url)
    assert response.status_code == 200
    text = page_text(response)
    assert '<html lang="cy"' in response.content.decode()
    for english in ("Ideas", "Add an idea", "All ideas", "Still open", "New"):
        assert welsh(english) in text
    n = world.idea.supports.count()
    with override("cy"):
        support = ngettext("%(n)s person supports it", "%(n)s people support it", n) % {"n": n}
    assert support in text

    english = page_text(world.client("member").get(url))
    supports = f"{n} person supports it" if n == 1 else f"{n} people support it"
    assert "Add an idea" in english and supports in english
    assert welsh("Add an idea") not in english


def test_supporting_an_idea_in_welsh(world: World) -> None:
    client = in_welsh(world.client("facilitator"))
    url = world.idea.get_absolute_url()
    text = page_text(client.get(url))
    for english in ("Whose idea it is", "Support this idea", "What happens next", "Comments"):
        assert welsh(english) in text
    support = reverse("idea-support", args=[world.org.slug, world.idea.pk])
    response = client.post(support, {"support": "1"}, follow=True)
    text = page_text(response)
    assert welsh("You support this idea.") in text  # the message, from Python
    assert welsh("Stop supporting") in text

    english = page_text(world.client("facilitator").get(url))
    assert "Whose idea it is" in english and "Stop supporting" in english
