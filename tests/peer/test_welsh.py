"""Issue 18: peer support in Welsh. Each expected Welsh word is read from the catalogue
(so the test fails if the catalogue is empty or untranslated), and the same page in
English stays as it was."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from .conftest import Peers

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


def test_peer_support_for_a_member_in_welsh_and_in_english(peers: Peers) -> None:
    client = peers.client("member")
    url = reverse("peer", args=[peers.w.org.slug])
    body = page(client, url, "cy")
    assert '<html lang="cy"' in body
    for english in ("Peer support", "Your offer of support", "Your request for support"):
        assert welsh(english) in body, english
    assert welsh("Your matches") in body

    english = page(client, url, "en-gb")
    assert '<html lang="en-GB"' in english
    for words in ("Peer support", "Your offer of support", "Your matches"):
        assert words in english
    assert welsh("Your offer of support") not in english


def test_a_form_error_from_python_is_in_welsh(peers: Peers) -> None:
    client = peers.client("outsider")
    client.cookies["django_language"] = "cy"
    response = client.post(reverse("peer-offer", args=[peers.w.org.slug]), {})
    assert response.status_code == 400  # a form sent with errors
    body = html.unescape(response.content.decode())
    assert welsh("Choose at least one way to meet") in body
    assert welsh("Offer to be a peer supporter") in body
