"""Grow a test `World` (tests/conftest.py) through the actions, so a test can ask a page
how many queries it runs on small data and again on the same data grown: more members in
the group, and from each of them a contribution, a vote on the decision, answers sent to
the round, votes and a statement in the conversation, a place at the meeting and a turn
to speak, a part in the initiative, a person in the plan's circle, an asset, a peer offer;
and more of the things the lists show (decisions, meetings, initiatives, goals, reviews,
posts). tests/test_query_counts.py uses it."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from equalvoice.core import actions
from equalvoice.core.models import Perspective, User
from equalvoice.decisions import actions as decision_actions
from equalvoice.meetings import actions as meeting_actions
from equalvoice.opinions import actions as opinions_actions
from equalvoice.opinions.results import refresh
from equalvoice.peer import actions as peer_actions
from equalvoice.plans import actions as plans_actions
from equalvoice.plans.models import CircleMember, Section
from equalvoice.record import actions as record_actions
from equalvoice.record.models import Stage
from equalvoice.standards.actions import rounds as round_actions

from . import factories
from .conftest import World
from .network.builders import networks
from .peer.world import peer_of

_serial = itertools.count(1)


def grow(w: World, people: int) -> None:
    """Add `people` members to the world's group, each taking part in everything, and one
    more of each listed thing per person."""
    networks(w)
    peer_of(w)
    today = timezone.localdate()
    perspectives = list(Perspective.objects.filter(organisation=w.org).order_by("id"))
    stage = Stage.objects.filter(organisation=w.org).order_by("id").first()
    assert stage is not None
    network = networks(w).network
    statements = list(w.round.version.statements.order_by("id")) if w.round.version else []
    new: list[User] = []
    for _ in range(people):
        n = next(_serial)
        person = factories.make_user(name=f"Grown Person {n}")
        actions.membership_add(actor=w.admin, group=w.group, user=person)
        actions.perspectives_set(
            actor=person,
            person=person,
            organisation=w.org,
            perspectives=[perspectives[n % len(perspectives)]],
        )
        new.append(person)
        actions.contribution_create(actor=person, group=w.group, text=f"Idea number {n}.")
        decision_actions.vote_cast(actor=person, decision=w.decision, choice="agree")
        who = round_actions.Respondent(person)
        for statement in statements:
            round_actions.answer_save(
                round_=w.round, who=who, statement=statement, value=1 + n % 4, comment="Yes"
            )
        if statements:
            round_actions.response_submit(round_=w.round, who=who)
        for shown in w.conversation.statements.filter(status="shown").order_by("id"):
            opinions_actions.vote_cast(actor=person, statement=shown, value=(n % 3) - 1)
        opinions_actions.statement_add(
            actor=person, conversation=w.conversation, text=f"Statement number {n} from me."
        )
        meeting_actions.registration_save(
            actor=person, meeting=w.meeting, coming=True, share_access_needs=False
        )
        peer_actions.offer_save(
            actor=person,
            organisation=w.org,
            about=f"Offer {n}",
            topics=["Caring for someone"],
            ways=["phone"],
        )
        from equalvoice.community import actions as community_actions

        community_actions.asset_add(
            actor=person,
            organisation=w.org,
            values={"category": "place", "name": f"Place {n}", "area": "Millbrook"},
        )
        # More of the listed things, one each.
        decision = decision_actions.decision_create(
            actor=w.facilitator,
            group=w.group,
            title=f"Decision {n}",
            proposal=f"Proposal number {n}.",
            method="consent",
        )
        decision_actions.vote_cast(actor=w.member, decision=decision, choice="agree")
        starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10 + n)
        meeting_actions.meeting_save(
            actor=w.facilitator,
            group=w.group,
            title=f"Meeting {n}",
            kind="meeting",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
            place="Town hall",
        )
        initiative = record_actions.initiative_save(
            actor=w.admin, organisation=w.org, title=f"Initiative {n}", kind="plan", group=w.group
        )
        record_actions.activity_save(
            actor=w.facilitator,
            initiative=initiative,
            stage=stage,
            on=today,
            status="done",
            what=f"Workshop {n}",
            rung_claimed=5,
            participants=[person, w.member],
            effect="We changed something.",
        )
        record_actions.activity_save(
            actor=w.facilitator,
            initiative=w.initiative,
            stage=stage,
            on=today,
            status="done",
            what=f"Meeting {n}",
            rung_claimed=6,
            participants=[person],
            effect="We changed something else.",
        )
        record_actions.you_said_add(
            actor=w.facilitator, initiative=w.initiative, said=f"Said {n}", did=f"Did {n}"
        )
        from equalvoice.network import actions as network_actions

        network_actions.post_save(
            actor=w.facilitator,
            network=network,
            kind="news",
            title=f"News {n}",
            body=f"Something happened, number {n}.",
        )
        plans_actions.plan_create(actor=w.member, organisation=w.org, title=f"Plan {n}")
        plans_actions.circle_invite(
            actor=w.member, plan=w.plan, person=person, role=CircleMember.Role.SUPPORTER
        )
        plans_actions.goal_add(
            actor=w.member, plan=w.plan, key="matters", text=f"Goal {n}", steps=[f"Step {n}"]
        )
        plans_actions.review_add(
            actor=w.member,
            plan=w.plan,
            held_on=today - datetime.timedelta(days=n),
            took_part=[w.member, person],
            what_changed="We looked again.",
            ratings={"home": 3, "wellbeing": 3, "community": 3, "goals": 3},
            visibility=Section.Visibility.CIRCLE,
        )
    # Everyone new is at the meeting, and speaks.
    meeting_actions.attendance_save(
        actor=w.facilitator, meeting=w.meeting, present=[w.member, *new]
    )
    for person in new:
        meeting_actions.speaking_tap(actor=w.facilitator, meeting=w.meeting, person=person)
    # The results a task works out after votes (on commit, which a test never reaches).
    refresh(w.conversation.pk)
