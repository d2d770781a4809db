"""Issue 18: the community asset map in Welsh. Each expected Welsh word is read from the
catalogue (so the test fails if the catalogue is empty or untranslated), and the same
page in English stays as it was."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ..conftest import World

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


def test_the_asset_map_for_a_member_in_welsh_and_in_english(world: World) -> None:
    client = world.client("member")
    url = reverse("community-assets", args=[world.org.slug])
    body = page(client, url, "cy")
    assert '<html lang="cy"' in body
    for english in (
        "Community asset map",
        "Add an asset",
        "Kind of asset",
        "All kinds",
        "A place",  # a kind of asset, from the model's choices
        "Step-free access",  # an access feature
        "Community walks",
    ):
        assert welsh(english) in body, english

    english = page(client, url, "en-gb")
    assert '<html lang="en-GB"' in english
    for words in ("Community asset map", "Add an asset", "A place", "Step-free access"):
        assert words in english
    assert welsh("Community asset map") not in english


def test_a_form_error_from_python_is_in_welsh(world: World) -> None:
    client = world.client("member")
    client.cookies["django_language"] = "cy"
    response = client.post(reverse("community-asset-add", args=[world.org.slug]), {"name": ""})
    assert response.status_code == 400  # a form sent with errors
    body = html.unescape(response.content.decode())
    assert welsh("Enter the name of the asset") in body
    assert welsh("Save the asset") in body
