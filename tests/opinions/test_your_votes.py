"""A person's own votes: the conversation and vote pages say truly how far they are, and
"Your votes" lets them see and change each vote (agree, disagree or pass) while the
conversation is open, without JavaScript, through `actions.vote_change`: permission, an
audit entry that never says how they voted, and the batched results update."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from equalvoice.core import actions as core_actions
from equalvoice.core.models import AuditEvent
from equalvoice.opinions import actions, results
from equalvoice.opinions.models import Conversation, Statement, Vote

from .. import factories
from ..conftest import World
from ..page_text import Page

pytestmark = pytest.mark.django_db


def _url(name: str, conversation: Conversation) -> str:
    return reverse(name, args=[conversation.organisation.slug, conversation.pk])


def _statements(world: World) -> list[Statement]:
    return list(world.conversation.statements.filter(status="shown").order_by("id"))


def _vote_on_everything(world: World) -> list[Statement]:
    """The member already agreed with the first statement; they disagree with the rest."""
    shown = _statements(world)
    for statement in shown[1:]:
        actions.vote_cast(actor=world.member, statement=statement, value=-1)
    return shown


def test_when_every_statement_is_voted_the_pages_say_so_and_offer_your_votes(
    world: World,
) -> None:
    shown = _vote_on_everything(world)
    client = world.client("member")
    page = Page(client.get(_url("conversation", world.conversation)))
    assert f"You have voted on all {len(shown)} statements." in page.text
    assert f"{len(shown)} of {len(shown)}" not in page.text
    assert "statements to vote on" not in page.text
    assert "Carry on voting" not in page.text and "Start voting" not in page.text
    assert "See or change your votes" in page.lines
    vote = Page(client.get(_url("conversation-vote", world.conversation)))
    assert f"You have voted on all {len(shown)} statements. Thank you." in vote.lines
    assert "See or change your votes" in vote.lines


def test_the_conversation_page_counts_what_is_left(world: World) -> None:
    shown = _statements(world)
    member = Page(world.client("member").get(_url("conversation", world.conversation)))
    assert f"You have voted on 1 of {len(shown)} statements." in member.lines
    assert "Carry on voting" in member.text and "See or change your votes" in member.lines
    facilitator = Page(world.client("facilitator").get(_url("conversation", world.conversation)))
    assert f"There are {len(shown)} statements to vote on." in facilitator.lines
    assert "Start voting" in facilitator.text
    assert "See or change your votes" not in facilitator.lines


def test_your_votes_lists_each_vote_and_changes_it_without_javascript(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    shown = _vote_on_everything(world)
    results.refresh(world.conversation.pk)
    first = shown[0]
    client = world.client("member")
    url = _url("conversation-your-votes", world.conversation)
    page = Page(client.get(url))
    assert f"You have voted on all {len(shown)} statements." in page.lines
    for statement, label in zip(shown, ["Agree"] + ["Disagree"] * (len(shown) - 1), strict=True):
        at = page.lines.index(statement.text)
        assert page.lines[at + 1] == f"Your vote: {label}"
    # Only the two other choices are offered for each.
    assert "Change to disagree: " + first.text in page.text
    assert "Change to agree: " + first.text not in page.text

    Conversation.objects.filter(pk=world.conversation.pk).update(update_waiting=False)
    events = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url, {"statement": first.pk, "choice": "disagree"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?changed={first.pk}#vote-{first.pk}"
    # The vote is replaced, not added.
    votes = Vote.objects.filter(participant__person=world.member, statement=first)
    assert [v.value for v in votes] == [-1]
    assert Vote.objects.filter(participant__person=world.member).count() == len(shown)
    # The audit log says a vote changed, never how.
    event = AuditEvent.objects.latest("id")
    assert AuditEvent.objects.count() == events + 1
    assert event.verb == "conversation.vote_change" and event.actor == world.member
    assert "changed a vote" in event.summary
    assert "agree" not in event.summary.lower() and first.text not in event.summary
    # One update is asked for, and it counts the new vote.
    assert len(callbacks) == 1
    world.conversation.refresh_from_db()
    assert world.conversation.update_waiting
    refreshed = results.refresh(world.conversation.pk)
    assert refreshed is not None
    counts = refreshed.results["statement_counts"][str(first.pk)]
    assert (counts["agree"], counts["disagree"]) == (0, 1)
    assert refreshed.results["votes"] == len(shown)

    after = Page(client.get(response["Location"]))
    at = after.lines.index(first.text)
    assert after.lines[at + 1] == "Your vote: Disagree Changed"
    # Pass is a vote too, and changing to the same vote changes nothing.
    client.post(url, {"statement": first.pk, "choice": "pass"})
    assert Vote.objects.get(participant__person=world.member, statement=first).value == 0
    events = AuditEvent.objects.count()
    client.post(url, {"statement": first.pk, "choice": "pass"})
    assert AuditEvent.objects.count() == events


def test_a_vote_changes_only_when_there_is_one_the_conversation_is_open_and_it_is_yours(
    world: World,
) -> None:
    first, second = _statements(world)[:2]
    with pytest.raises(ValidationError, match="not voted"):
        actions.vote_change(actor=world.member, statement=second, value=1)
    with pytest.raises(ValidationError, match="not voted"):
        actions.vote_change(actor=world.facilitator, statement=first, value=-1)
    outsider = factories.make_user(name="Out Sider")
    core_actions.membership_add(actor=world.admin, group=world.other_group, user=outsider)
    with pytest.raises(PermissionDenied):
        actions.vote_change(actor=outsider, statement=first, value=-1)
    with pytest.raises(PermissionDenied):  # an admin outside the group does not vote
        actions.vote_change(actor=world.admin, statement=first, value=-1)
    client = world.client("member")
    url = _url("conversation-your-votes", world.conversation)
    response = client.post(url, {"statement": first.pk, "choice": "maybe"})
    assert response.status_code == 400
    assert "Choose agree, disagree or pass" in response.content.decode()
    response = client.post(url, {"statement": second.pk, "choice": "agree"})
    assert response.status_code == 400
    assert "You have not voted on this statement yet." in response.content.decode()
    assert client.post(url, {"statement": "x", "choice": "agree"}).status_code == 404

    actions.conversation_set_status(
        actor=world.facilitator, conversation=world.conversation, status="closed"
    )
    with pytest.raises(ValidationError, match="closed"):
        actions.vote_change(actor=world.member, statement=first, value=-1)
    page = Page(client.get(url))
    assert "This conversation is closed, so votes can no longer change." in page.lines
    assert "Your vote: Agree" in page.lines
    assert "Change to" not in page.text
    assert Vote.objects.get(participant__person=world.member, statement=first).value == 1


def test_a_closed_conversation_says_so_on_the_vote_page(world: World) -> None:
    actions.conversation_set_status(
        actor=world.facilitator, conversation=world.conversation, status="closed"
    )
    page = Page(world.client("member").get(_url("conversation-vote", world.conversation)))
    assert "This conversation is closed" in page.lines
    assert "Agree" not in page.lines and "Add your own statement" not in page.text


def test_a_problem_with_a_vote_reaches_the_card_with_htmx(world: World) -> None:
    """htmx swaps in only a 2xx answer, so the card with the problem comes back as 200."""
    response = world.client("member").post(
        _url("conversation-vote", world.conversation),
        {"statement": _statements(world)[1].pk, "choice": "maybe"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="vote-card"' in body and "Choose agree, disagree or pass" in body
