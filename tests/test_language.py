"""Issue 18: the language switch on every page, the choice remembered, `lang` right, and
Welsh hidden until the setting offers it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def choose(client: Client, code: str, next_url: str = "/accessibility/") -> None:
    response = client.post(reverse("set-language"), {"language": code, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url


def test_the_switch_is_on_the_page_and_names_each_language_in_itself(client: Client) -> None:
    html = client.get("/accessibility/").content.decode()
    assert '<html lang="en-GB"' in html
    assert 'aria-label="Language"' in html
    assert (
        '<span class="ev-language-switch__current" lang="en-gb" aria-current="true">English</span>'
        in html
    )
    assert 'name="language" value="cy"' in html and 'lang="cy">Cymraeg</button>' in html


def test_choosing_welsh_is_remembered_and_the_page_says_so(client: Client) -> None:
    choose(client, "cy")
    assert client.cookies["django_language"].value == "cy"
    assert client.cookies["django_language"]["max-age"] == 365 * 24 * 60 * 60
    html = client.get("/accessibility/").content.decode()
    assert '<html lang="cy"' in html
    assert 'aria-label="Iaith"' in html
    # Not yet checked by a fluent Welsh speaker: said in Welsh, and in English marked as such.
    assert "Nid yw siaradwr Cymraeg rhugl wedi gwirio’r cyfieithiad Cymraeg hwn eto." in html
    assert '<p class="govuk-body" lang="en-GB">A fluent Welsh speaker has not yet checked' in html
    choose(client, "en-gb")
    html = client.get("/accessibility/").content.decode()
    assert '<html lang="en-GB"' in html and "Nid yw" not in html


@override_settings(EQUALVOICE_WELSH="on")
def test_once_checked_there_is_no_notice(client: Client) -> None:
    choose(client, "cy")
    html = client.get("/accessibility/").content.decode()
    assert '<html lang="cy"' in html and "Nid yw siaradwr" not in html


@override_settings(EQUALVOICE_WELSH="off", LANGUAGES=[("en-gb", "English")])
def test_welsh_hidden_until_offered(client: Client) -> None:
    html = client.get("/accessibility/").content.decode()
    assert "ev-language-switch" not in html
    # A Welsh cookie or browser asking for Welsh changes nothing while Welsh is off.
    client.cookies["django_language"] = "cy"
    html = client.get("/accessibility/", HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert '<html lang="en-GB"' in html
    response = client.post(reverse("set-language"), {"language": "cy", "next": "/"})
    assert client.get("/accessibility/").content.decode().count('lang="cy"') == 0
    assert response.status_code == 302


def test_the_switch_goes_back_only_to_our_own_pages(client: Client) -> None:
    response = client.post(
        reverse("set-language"), {"language": "cy", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert not response["Location"].startswith("https://evil.example")
