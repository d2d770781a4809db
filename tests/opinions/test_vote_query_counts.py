"""Voting asks the database as many questions on a conversation ten times bigger, and
none of them reads the results (issue 25).

On a conversation of 33,422 people and 1.83 million votes, reading the results for every
vote (2.5 MB of JSON, for the 20 KB of statement priorities that choose the next
statement) took most of a vote's time. The vote page and a vote keep to a fixed number of
queries, each by an index, and read the priorities only after a results update. How long
a vote takes there is measured in benchmarks/opinions_load.py, never here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from equalvoice.opinions import actions, selectors
from equalvoice.opinions.models import Conversation, Participant, Statement, Vote
from equalvoice.opinions.results import refresh

from ..conftest import World

RESULTS_COLUMN = '"opinions_conversation"."results"'  # not results_at, results_votes


def conversation_of(w: World, people: int, statements: int) -> Conversation:
    """A conversation where `people` others (imported, with no account) voted on all of
    its `statements`, with its results worked out."""
    made = actions.conversation_create(
        actor=w.facilitator,
        group=w.group,
        title=f"Buses, {people} people",
        question="What would make the buses better?",
        seeds=[f"Bus statement {n + 1}" for n in range(statements)],
    )
    others = Participant.objects.bulk_create(
        Participant(conversation=made, external_id=n) for n in range(people)
    )
    shown = list(made.statements.order_by("id"))
    Vote.objects.bulk_create(
        Vote(participant=p, statement=s, value=(1, -1, 0)[(n + m) % 3])
        for n, p in enumerate(others)
        for m, s in enumerate(shown)
    )
    refresh(made.pk)
    made.refresh_from_db()
    assert made.results_votes == people * statements and made.results_at is not None
    return made


@dataclass
class Counted:
    page: int  # the vote page, asked a second time
    first_vote: int  # the person's first vote (their place in the conversation is made)
    vote: int  # a later vote
    read_results: bool  # whether any of those queries read the results


def counted(client: Client, conversation: Conversation) -> Counted:
    url = reverse("conversation-vote", args=[conversation.organisation.slug, conversation.pk])
    total = conversation.statements.filter(status=Statement.Status.SHOWN).count()
    client.get(url)
    with CaptureQueriesContext(connection) as page:
        shown = client.get(url)
    assert f"Statement 1 of {total}" in shown.content.decode()
    votes = []
    for n in range(2):
        statement = re.search(r'name="statement" value="(\d+)"', shown.content.decode())
        assert statement is not None
        with CaptureQueriesContext(connection) as vote:
            shown = client.post(
                url, {"statement": statement[1], "choice": "agree"}, HTTP_HX_REQUEST="true"
            )
        assert shown.status_code == 200
        assert f"Statement {n + 2} of {total}" in shown.content.decode()
        votes.append(vote)
    mine = Vote.objects.filter(
        participant__conversation=conversation, participant__person__isnull=False
    )
    assert mine.count() == 2 and {v.value for v in mine} == {1}
    everything = [*page.captured_queries, *votes[0].captured_queries, *votes[1].captured_queries]
    return Counted(
        page=len(page.captured_queries),
        first_vote=len(votes[0].captured_queries),
        vote=len(votes[1].captured_queries),
        read_results=any(RESULTS_COLUMN in q["sql"] for q in everything),
    )


@pytest.mark.django_db
def test_voting_runs_as_many_queries_on_a_conversation_ten_times_bigger(world: World) -> None:
    small = conversation_of(world, people=12, statements=5)
    big = conversation_of(world, people=120, statements=50)  # 10 times the people and
    client = world.client("member")  # statements, 100 times the votes
    on_small, on_big = counted(client, small), counted(client, big)
    assert on_small == on_big
    assert not on_big.read_results


@pytest.mark.django_db
def test_the_next_statement_follows_the_priorities_of_the_latest_results(world: World) -> None:
    """The priorities are read again after each results update (a new `results_at`), and
    only then: a statement whose priority is 0 (but for a tiny chance) is not drawn."""
    conversation = conversation_of(world, people=12, statements=5)
    statements = list(conversation.statements.order_by("id"))

    def saved(favourite: Statement, at: datetime) -> Conversation:
        """Results saved at `at` whose priorities favour one statement."""
        priorities = {str(s.pk): 1000.0 if s == favourite else 0.0 for s in statements}
        Conversation.objects.filter(pk=conversation.pk).update(
            results={"priorities": priorities}, results_at=at
        )
        return Conversation.objects.get(pk=conversation.pk)

    at = timezone.now()
    assert selectors.next_statement(saved(statements[0], at), None)[0] == statements[0]
    later = at + timedelta(seconds=5)
    assert selectors.next_statement(saved(statements[3], later), None)[0] == statements[3]
    # Results changed with no new update time are not read: the update's are kept.
    assert selectors.next_statement(saved(statements[1], later), None)[0] == statements[3]
