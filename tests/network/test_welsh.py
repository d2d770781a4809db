"""Issue 18: a network in Welsh. A member who chose Welsh reads the network and a post in
Welsh, with `lang="cy"`, is told in Welsh how they will hear, and prints the newsletter
with its language set; someone joining the mailing list in Welsh gets the confirming
email in Welsh. The same pages in English are as they were. The Welsh words expected
come from the catalogue, and must differ from the English, so an empty catalogue
fails."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from equalvoice.network import pdf

from ..conftest import World
from ..page_text import page_text
from .builders import networks

pytestmark = pytest.mark.django_db


def welsh(english: str) -> str:
    with override("cy"):
        words = gettext(english)
    assert words != english, f"no Welsh for {english!r}"
    return words


def in_welsh(client: Client) -> Client:
    client.cookies["django_language"] = "cy"
    return client


def test_the_network_and_a_post_read_in_welsh_and_in_english_as_before(world: World) -> None:
    made = networks(world)
    url = reverse("network", args=[world.org.slug, world.group.slug])
    client = in_welsh(world.client("member"))
    response = client.get(url)
    assert response.status_code == 200
    text = page_text(response)
    assert '<html lang="cy"' in response.content.decode()
    for english in ("Posts", "How I hear from this network", "Easy read", "News"):
        assert welsh(english) in text
    post = page_text(client.get(made.post.get_absolute_url()))
    assert welsh("Easy read version") in post

    english = page_text(world.client("member").get(url))
    assert "Posts" in english and "How I hear from this network" in english
    assert welsh("How I hear from this network") not in english


def test_choosing_how_to_hear_in_welsh(world: World) -> None:
    networks(world)
    client = in_welsh(world.client("member"))
    url = reverse("network-hearing", args=[world.org.slug, world.group.slug])
    text = page_text(client.get(url))
    assert welsh("How do you want to hear about new posts?") in text
    assert welsh("An email for every post") in text  # a model choice
    response = client.post(url, {"how": "each"}, follow=True)
    with override("cy"):
        saved = gettext("Saved. You will hear: %(how)s.") % {
            "how": gettext("An email for every post").lower()
        }
    assert saved in page_text(response)


def test_the_newsletter_has_its_language_set(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    networks(world)
    made: list[str] = []

    def keep_the_page(html: str) -> bytes:
        made.append(html)
        return b"%PDF-"

    monkeypatch.setattr(pdf, "render_pdf", keep_the_page)
    today = timezone.localdate()
    url = reverse(
        "network-newsletter", args=[world.org.slug, world.group.slug, today.year, today.month]
    )
    assert in_welsh(world.client("member")).get(url).status_code == 200
    assert world.client("member").get(url).status_code == 200
    welsh_page, english_page = made
    assert '<html lang="cy">' in welsh_page and '<html lang="en-GB">' in english_page
    assert welsh("News") in welsh_page


def test_joining_in_welsh_sends_the_confirming_email_in_welsh(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    made = networks(world)
    join = reverse("network-join", args=[world.org.slug, made.public.group.slug])
    with django_capture_on_commit_callbacks() as callbacks:  # type: ignore[operator]
        response = in_welsh(Client()).post(join, {"email": "newydd@example.org", "how": "digest"})
    assert response.status_code in (200, 302)
    with override("en-gb"):  # as a worker would: the task itself knows the language
        for callback in callbacks:
            callback()
    sent = [m for m in mail.outbox if "newydd@example.org" in m.to]
    assert len(sent) == 1
    with override("cy"):
        subject = gettext("Please confirm: emails from %(title)s") % {"title": made.public.title}
    assert subject == sent[0].subject and subject.startswith("Cadarnhewch")
