"""What the platform offers a person as time to confirm, from each app that registers a
source (recognition/sources.py): meetings they came to, votes, named feedback rounds,
and plans looked at together as a supporter. Anonymous answers never show."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from equalvoice.decisions import actions as decision_actions
from equalvoice.recognition import sources
from equalvoice.standards import actions as standard_actions
from equalvoice.standards.models import Statement

from ..conftest import World
from .world import thanks_of

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2000, 1, 1)


def _seen(world: World, who: str) -> dict[str, sources.Seen]:
    return {s.key: s for s in sources.seen(getattr(world, who), world.org, LONG_AGO)}


def test_a_meeting_they_came_to_is_as_long_as_the_meeting(world: World):
    t = thanks_of(world)
    seen = _seen(world, "member")[f"meeting-{t.meeting.pk}"]
    assert (seen.minutes, seen.kind, seen.what) == (120, "meeting", "Meeting: Autumn meeting")
    assert seen.day == timezone.localdate(t.meeting.starts_at)
    # The world's other meeting is next week and nobody has been marked as there yet.
    assert f"meeting-{world.meeting.pk}" not in _seen(world, "member")
    assert f"meeting-{t.meeting.pk}" not in _seen(world, "facilitator")


def test_a_vote_shows_for_the_voter_only(world: World):
    decision_actions.vote_cast(actor=world.member, decision=world.decision, choice="agree")
    seen = _seen(world, "member")[f"vote-{world.decision.pk}"]
    assert seen.kind == "vote" and seen.what == f"Voting: {world.decision.title}"
    assert not any(k.startswith("vote-") for k in _seen(world, "facilitator"))


def test_looking_at_someone_elses_plan_counts_for_the_supporter_without_their_name(
    world: World,
):
    # The world's plan had two reviews with the facilitator in the circle taking part.
    reviews = [s for k, s in _seen(world, "facilitator").items() if k.startswith("review-")]
    assert len(reviews) == 2
    assert {s.what for s in reviews} == {"Looking at a plan with someone"}
    assert all(world.member.name not in s.what for s in reviews)
    # The member's own plan is their own life, not time given.
    assert not any(k.startswith("review-") for k in _seen(world, "member"))


def test_named_rounds_show_and_anonymous_ones_never_do(world: World):
    today = timezone.localdate()
    statement = Statement.objects.filter(version=world.round.version).first()
    assert statement is not None
    me = standard_actions.Respondent(person=world.member)
    standard_actions.answer_save(round_=world.round, who=me, statement=statement, value=3)
    standard_actions.response_submit(round_=world.round, who=me)
    assert not any(k.startswith("round-") for k in _seen(world, "member"))
    named = standard_actions.round_save(
        actor=world.facilitator,
        standard=world.standard,
        name="Named",
        opens_on=today,
        closes_on=today,
        anonymous=False,
        scale="easy_read_4",
    )
    in_named = Statement.objects.filter(version=named.version).first()
    assert in_named is not None
    standard_actions.answer_save(round_=named, who=me, statement=in_named, value=2)
    standard_actions.response_submit(round_=named, who=me)
    seen = _seen(world, "member")
    assert [k for k in seen if k.startswith("round-")] == [f"round-{named.pk}"]
    assert seen[f"round-{named.pk}"].what == "Feedback round: Named"


def test_since_leaves_out_older_things(world: World):
    t = thanks_of(world)
    later = timezone.localdate(t.meeting.starts_at) + datetime.timedelta(days=1)
    assert f"meeting-{t.meeting.pk}" not in {
        s.key for s in sources.seen(world.member, world.org, later)
    }
