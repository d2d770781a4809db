"""Issue 18, Welsh: a member reads a conversation and its results in Welsh when they chose
it, with `lang="cy"`; the same pages in English are as before; and the words that come
from Python (an error, the results in easy read) are Welsh too."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext, ngettext, override

from equalvoice.opinions import results
from equalvoice.opinions.models import Conversation

from ..conftest import World
from ..page_text import Page

pytestmark = pytest.mark.django_db


def cy(msgid: str) -> str:
    """The Welsh for an English message; it must have one."""
    with override("cy"):
        welsh = gettext(msgid)
    assert welsh != msgid, f"no Welsh for {msgid!r}"
    return welsh


def _url(name: str, conversation: Conversation) -> str:
    return reverse(name, args=[conversation.organisation.slug, conversation.pk])


def _in_welsh(client: Client) -> Client:
    client.cookies["django_language"] = "cy"
    return client


def test_the_conversation_page_reads_in_welsh(world: World) -> None:
    url = _url("conversation", world.conversation)
    response = _in_welsh(world.client("member")).get(url)
    html = response.content.decode()
    assert '<html lang="cy"' in html
    page = Page(response)
    shown = world.conversation.statements.filter(status="shown").count()
    with override("cy"):
        progress = ngettext(
            "You have voted on %(voted)s of %(total)s statement.",
            "You have voted on %(voted)s of %(total)s statements.",
            shown,
        ) % {"voted": 1, "total": shown}
    assert progress in page.lines
    for words in ("Carry on voting", "See or change your votes", "See what people think"):
        assert cy(words) in page.text
    assert cy("Open") in page.lines  # the conversation's status, a model choice
    assert "Carry on voting" not in page.text

    in_english = world.client("member").get(url)
    assert '<html lang="en-GB"' in in_english.content.decode()
    english = Page(in_english)
    assert f"You have voted on 1 of {shown} statements." in english.lines
    assert "Carry on voting" in english.text and cy("Carry on voting") not in english.text


def test_the_results_read_in_welsh_and_in_easy_read(world: World) -> None:
    results.refresh(world.conversation.pk)
    client = _in_welsh(world.client("member"))
    response = client.get(_url("conversation-results", world.conversation))
    assert '<html lang="cy"' in response.content.decode()
    page = Page(response)
    for heading in ("What people think", "The groups", "Common ground: what every group agrees on"):
        assert cy(heading) in page.lines
    easy = Page(client.get(_url("conversation-easy-read", world.conversation)))
    # Sentences built in Python (selectors.easy_read_sections).
    assert cy("What we asked") in easy.text and cy("Who took part") in easy.text

    english = Page(world.client("member").get(_url("conversation-results", world.conversation)))
    assert "What people think" in english.lines and "The groups" in english.lines
    assert cy("The groups") not in english.text


def test_a_vote_with_no_choice_says_what_to_do_in_welsh(world: World) -> None:
    statement = world.conversation.statements.filter(status="shown").order_by("id").last()
    assert statement is not None
    client = _in_welsh(world.client("member"))
    url = _url("conversation-vote", world.conversation)
    response = client.post(url, {"statement": statement.pk, "choice": "maybe"})
    assert response.status_code == 400
    assert cy("Choose agree, disagree or pass") in Page(response).text
    english = world.client("member").post(url, {"statement": statement.pk, "choice": "maybe"})
    assert "Choose agree, disagree or pass" in Page(english).text
