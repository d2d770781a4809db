"""Nothing a page hides appears in a response: access needs, who gave an anonymous
answer, who voted how in a secret ballot, breakdowns of groups smaller than
EQUALVOICE_MIN_GROUP_SIZE."""

from __future__ import annotations

import json

from django.test import Client

from equalvoice.core.models import Perspective
from equalvoice.decisions import actions as decision_actions
from equalvoice.standards import actions as standards_actions
from equalvoice.standards import selectors as standards_selectors

from ..conftest import World
from .endpoints import ENDPOINTS, call
from .helpers import make_token


def _everything(world: World, secret: str) -> str:
    """Every read endpoint's answer, as one text."""
    return "\n".join(
        call(e, world, secret).content.decode() for e in ENDPOINTS if e.method == "get"
    )


def test_no_access_needs_and_no_names_anywhere(world: World) -> None:
    _token, secret = make_token(world)
    text = _everything(world, secret)
    assert "Needs a quiet room" not in text
    assert "bsl" not in text.lower()
    assert "access_needs" not in text
    for person in (world.member, world.facilitator, world.no_email_member):
        assert person.name not in text, person.name


def test_a_secret_ballot_gives_totals_only(world: World) -> None:
    decision = decision_actions.decision_create(
        actor=world.facilitator,
        group=world.group,
        title="Choose a colour",
        proposal="Paint the room.",
        method="majority",
        secret=True,
        options=["Blue", "Green"],
    )
    blue = decision.options.get(text="Blue")
    decision_actions.vote_cast(actor=world.member, decision=decision, option=blue)
    decision_actions.vote_cast(actor=world.facilitator, decision=decision, option=blue)
    _token, secret = make_token(world)
    outcome = (
        Client()
        .get(f"/api/v1/decisions/{decision.pk}/outcome", HTTP_AUTHORIZATION=f"Bearer {secret}")
        .json()
    )
    assert outcome["voters"] == 2
    assert {"choice": "Blue", "votes": "2"} in outcome["rows"]
    assert set(outcome) == {
        "decision",
        "status",
        "outcome",
        "chosen",
        "counted",
        "voters",
        "rows",
        "summary",
        "lived_experience",
        "quorum_percent",
        "quorum_met",
    }
    text = _everything(world, secret) + json.dumps(outcome)
    assert world.member.name not in text and world.facilitator.name not in text


def test_round_results_hide_small_groups_as_the_results_page_does(world: World) -> None:
    round_ = world.round
    statement = round_.version.statements.order_by("id").first()
    assert statement is not None
    perspectives = list(Perspective.objects.filter(organisation=world.org).order_by("id"))
    big, middle, small = perspectives[0], perspectives[1], perspectives[2]
    chosen = [big] * 6 + [middle] * 5 + [small]
    for i, perspective in enumerate(chosen):
        who = standards_actions.Respondent(person=None, browser_key=f"browser-{i}")
        standards_actions.answer_save(
            round_=round_, who=who, statement=statement, value=4, comment=f"Comment {i}"
        )
        standards_actions.perspective_save(round_=round_, who=who, perspective=perspective)
        standards_actions.response_submit(round_=round_, who=who)
    _token, secret = make_token(world)
    body = (
        Client()
        .get(f"/api/v1/rounds/{round_.pk}/results", HTTP_AUTHORIZATION=f"Bearer {secret}")
        .json()
    )
    page = standards_selectors.round_results(round_)
    assert body["shown"] is True and body["respondents"] == 12 == page.respondents
    sizes = {g["group"]: g for g in body["groups"]}
    # The same groups hidden as on the page: the small one, and the next smallest too
    # (else it could be worked out from the total).
    assert (
        {name for name, g in sizes.items() if not g["shown"]}
        == {g.name for g in page.groups if not g.shown}
        == {small.name, middle.name}
    )
    assert sizes[big.name]["people"] == 6 and sizes[big.name]["shown"]
    assert sizes[middle.name]["people"] is None
    assert sizes[small.name] == {
        "group": small.name,
        "people": None,
        "shown": False,
        "hidden_reason": "Fewer than 5 people",
    }
    row = next(s for s in body["statements"] if s["statement"] == statement.plain)
    hidden = {b["group"] for b in row["breakdowns"] if b["spread"] is None}
    assert hidden == {small.name, middle.name}
    assert row["everyone"]["counts"]["4"] == 12
    assert sorted(row["comments"]) == sorted(f"Comment {i}" for i in range(12))


def test_a_round_with_too_few_answers_shows_nothing(world: World) -> None:
    round_ = world.round
    statement = round_.version.statements.order_by("id").first()
    who = standards_actions.Respondent(person=None, browser_key="only-one")
    standards_actions.answer_save(round_=round_, who=who, statement=statement, value=4)  # type: ignore[arg-type]
    standards_actions.response_submit(round_=round_, who=who)
    _token, secret = make_token(world)
    body = (
        Client()
        .get(f"/api/v1/rounds/{round_.pk}/results", HTTP_AUTHORIZATION=f"Bearer {secret}")
        .json()
    )
    assert body == {
        "round": round_.pk,
        "minimum_group_size": 5,
        "respondents": 0,
        "shown": False,
        "groups": [],
        "statements": [],
    }
