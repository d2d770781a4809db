"""Easy read with pictures (issue 18): each sentence has the picture the list gives it,
or the one a facilitator chose, or none by choice; pictures have text alternatives;
the choice holds wherever the sentence appears; the PDF carries the same pictures and
renders."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.urls import reverse

from equalvoice.core.models import Group
from equalvoice.speakeasy import actions, pdf
from equalvoice.speakeasy.engine.pictures import choose

from ..conftest import World
from ..page_text import page_text

pytestmark = pytest.mark.django_db

PURPOSE = "We meet every month. We talk about the bus. Zebras are stripy."
LINE = re.compile(r'<li class="ev-easy__line" data-picture="([^"]+)">(.*?)</li>', re.S)


def _group(world: World) -> Group:
    world.group.purpose = PURPOSE
    world.group.terms_of_reference = ""
    world.group.save(update_fields=["purpose", "terms_of_reference"])
    return world.group


def _url(world: World, name: str = "easy-read-group") -> str:
    return reverse(name, kwargs={"org": world.org.slug, "group": world.group.slug})


def _lines(html: str) -> dict[str, tuple[str, str]]:
    """Each easy-read sentence with its picture's code (or "none") and the line's HTML."""
    found = {}
    for code, body in LINE.findall(html):
        sentence = re.search(r'<p class="ev-easy__sentence">(.*?)</p>', body, re.S)
        assert sentence is not None
        found[sentence.group(1).strip()] = (code, body)
    return found


def test_each_sentence_has_the_picture_the_list_gives_it(world: World):
    _group(world)
    html = world.client("member").get(_url(world)).content.decode()
    lines = _lines(html)
    meeting, bus = choose("We meet every month."), choose("We talk about the bus.")
    assert meeting is not None and bus is not None
    assert lines["We meet every month."][0] == meeting.code
    assert lines["We talk about the bus."][0] == bus.code
    assert lines["Zebras are stripy."][0] == "none"
    # Each picture has its text alternative, and comes from our own static files.
    assert f'alt="{bus.alt}"' in lines["We talk about the bus."][1]
    assert f"/static/build/openmoji/{bus.code}.svg" in lines["We talk about the bus."][1]
    # OpenMoji's licence asks for credit: the footer of every page gives it.
    words = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Easy-read pictures: OpenMoji , shared under a Creative Commons" in words
    # Members read the pictures; only facilitators and admins may change them.
    assert "Change the picture" not in html


def test_a_facilitator_changes_a_picture_and_it_holds_everywhere(world: World):
    _group(world)
    client = world.client("facilitator")
    html = client.get(_url(world)).content.decode()
    assert html.count("Change the picture") == 3
    picture_url = reverse("easy-read-picture", kwargs={"org": world.org.slug})
    query = {"sentence": "We talk about the bus.", "next": _url(world)}
    page = client.get(picture_url, query)
    assert page.status_code == 200
    assert "Let Equal Voice choose: a bus" in page_text(page)
    response = client.post(picture_url + "?" + page.request["QUERY_STRING"], {"picture": "none"})
    assert response.status_code == 302 and response["Location"] == _url(world)
    assert _lines(client.get(_url(world)).content.decode())["We talk about the bus."][0] == "none"
    # The same sentence somewhere else in the organisation has no picture either.
    other = world.other_group
    other.purpose = "We talk about the bus."
    other.save(update_fields=["purpose"])
    url = reverse("easy-read-group", kwargs={"org": world.org.slug, "group": other.slug})
    assert _lines(world.client("admin").get(url).content.decode())["We talk about the bus."][0] == (
        "none"
    )
    # Choosing one from the list, then giving the choice back.
    actions.sentence_picture_set(
        actor=world.facilitator,
        organisation=world.org,
        sentence="We talk about the bus.",
        code="1F4AC",
    )
    assert _lines(client.get(_url(world)).content.decode())["We talk about the bus."][0] == "1F4AC"
    actions.sentence_picture_set(
        actor=world.facilitator,
        organisation=world.org,
        sentence="We talk about the bus.",
        code=None,
    )
    bus = choose("We talk about the bus.")
    assert bus is not None
    assert _lines(client.get(_url(world)).content.decode())["We talk about the bus."][0] == bus.code


def test_only_facilitators_and_admins_change_pictures_and_only_from_the_list(world: World):
    _group(world)
    url = reverse("easy-read-picture", kwargs={"org": world.org.slug})
    query = "?sentence=We+meet+every+month."
    assert world.client("member").get(url + query).status_code == 403
    assert world.client("other_admin").get(url + query).status_code == 404
    response = world.client("facilitator").post(url + query, {"picture": "not-a-picture"})
    assert response.status_code == 400
    assert "Choose a picture from the list" in page_text(response)
    # No sentence: back, with a plain message; a "next" elsewhere is not followed.
    response = world.client("facilitator").get(url + "?next=https://example.com/")
    assert response.status_code == 302 and "example.com" not in response["Location"]


def test_the_pdf_has_the_same_pictures_and_renders(world: World, monkeypatch, tmp_path):
    _group(world)
    actions.sentence_picture_set(
        actor=world.facilitator,
        organisation=world.org,
        sentence="We meet every month.",
        code="",
    )
    seen: list[str] = []
    real = pdf.render_pdf

    def keep(html: str) -> bytes:
        seen.append(html)
        return real(html)

    monkeypatch.setattr(pdf, "render_pdf", keep)
    response = world.client("member").get(_url(world, "easy-read-group-pdf"))
    assert response.status_code == 200
    lines = _lines(seen[0])
    bus = choose("We talk about the bus.")
    assert bus is not None
    assert {s: code for s, (code, _) in lines.items()} == {
        "We meet every month.": "none",  # none, by choice
        "We talk about the bus.": bus.code,
        "Zebras are stripy.": "none",  # no keyword
    }
    # On paper the picture is inside the PDF itself (nothing is fetched).
    assert 'src="data:image/svg+xml;base64,' in lines["We talk about the bus."][1]
    assert "Easy-read pictures: OpenMoji (openmoji.org)" in seen[0]
    (tmp_path / "easy.pdf").write_bytes(response.content)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "40",
            "-singlefile",
            str(tmp_path / "easy.pdf"),
            str(tmp_path / "page"),
        ],
        capture_output=True,
        check=True,
    )
    assert (tmp_path / "page.png").read_bytes().startswith(b"\x89PNG")
