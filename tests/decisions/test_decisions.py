"""Decisions through their actions and pages: one person one vote, the lived-experience
quorum, hearing the minority, secret ballots and bad input."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from equalvoice.core import actions as core_actions
from equalvoice.core.models import AuditEvent, Group, Membership, Perspective, User
from equalvoice.core.selectors import personal_data
from equalvoice.decisions import actions, selectors
from equalvoice.decisions.models import Ballot, Decision, MinorityAnswer, Voter
from equalvoice.record.models import Evidence

from .. import factories
from ..conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world: World) -> World:
    """The shared World with only its own decision: the one its document's leads put to
    the group to agree version 1 (tests/conftest.py, `build_document`) is taken away,
    with its votes and their audit entries, so these tests start from one open decision."""
    others = Decision.objects.exclude(pk=world.decision.pk)
    AuditEvent.objects.filter(
        object_type="decision",
        object_id__in=[str(pk) for pk in others.values_list("pk", flat=True)],
    ).delete()
    others.delete()
    return world


def _people(world: World, n: int, lived: bool) -> list[User]:
    """`n` new members of the world's group, with or without lived experience."""
    perspective = Perspective.objects.filter(organisation=world.org, lived_experience=lived).first()
    assert perspective is not None
    made = []
    for i in range(n):
        person = factories.make_user(name=f"{'Lived' if lived else 'Staff'} person {i}")
        core_actions.membership_add(actor=world.admin, group=world.group, user=person)
        core_actions.perspectives_set(
            actor=person, person=person, organisation=world.org, perspectives=[perspective]
        )
        made.append(person)
    return made


def test_quorum_fails_then_passes_after_more_votes(world: World) -> None:
    decision = world.decision
    for person in _people(world, 4, lived=False):
        actions.vote_cast(actor=person, decision=decision, choice="agree")
    actions.decision_count(actor=world.facilitator, decision=decision)
    with pytest.raises(ValidationError, match="Nothing about us without us"):
        actions.decision_close(actor=world.facilitator, decision=decision, reasons="All agreed")
    decision.refresh_from_db()
    assert decision.status == Decision.Status.LISTENING
    # The member has lived experience; so do the next two.
    actions.vote_cast(actor=world.member, decision=decision, choice="agree")
    for person in _people(world, 2, lived=True):
        actions.vote_cast(actor=person, decision=decision, choice="agree")
    assert selectors.quorum_of(decision).met  # 3 of 7 is over a third
    closed = actions.decision_close(actor=world.facilitator, decision=decision, reasons="Agreed")
    assert closed.outcome == Decision.Outcome.AGREED
    assert closed.decided_by_summary["lived_experience"] == 3


def test_the_page_says_why_it_cannot_be_agreed(world: World) -> None:
    for person in _people(world, 3, lived=False):
        actions.vote_cast(actor=person, decision=world.decision, choice="agree")
    actions.decision_count(actor=world.facilitator, decision=world.decision)
    url = reverse("decision-close", args=[world.org.slug, world.decision.pk])
    response = world.client("facilitator").post(url, {"reasons": "We all agree"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Only 0 of the 3 people who voted have lived experience" in body
    assert "We all agree" in body


def test_voting_twice_replaces_until_closed(world: World) -> None:
    actions.vote_cast(actor=world.member, decision=world.decision, choice="object")
    actions.vote_cast(actor=world.member, decision=world.decision, choice="agree")
    assert Ballot.objects.filter(decision=world.decision).count() == 1
    assert Ballot.objects.get(decision=world.decision).choice == "agree"
    actions.decision_count(actor=world.facilitator, decision=world.decision)
    actions.decision_close(actor=world.facilitator, decision=world.decision, reasons="Agreed")
    with pytest.raises(ValidationError, match="closed"):
        actions.vote_cast(actor=world.member, decision=world.decision, choice="block", reason="x")


def test_a_vote_after_closing_is_a_plain_error_on_the_page(world: World) -> None:
    actions.vote_cast(actor=world.member, decision=world.decision, choice="agree")
    actions.decision_count(actor=world.facilitator, decision=world.decision)
    actions.decision_close(actor=world.facilitator, decision=world.decision, reasons="Agreed")
    url = reverse("decision-vote", args=[world.org.slug, world.decision.pk])
    response = world.client("member").post(url, {"choice": "object", "reason": "Too late?"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "This decision is closed" in body and "Too late?" in body


def test_a_block_needs_a_reason(world: World) -> None:
    url = reverse("decision-vote", args=[world.org.slug, world.decision.pk])
    response = world.client("member").post(url, {"choice": "block", "reason": "  "})
    assert response.status_code == 400
    assert "Say why you are blocking" in response.content.decode()
    assert not Ballot.objects.exists()


def _ranked(world: World) -> Decision:
    return actions.decision_create(
        actor=world.facilitator,
        group=world.group,
        title="Our logo",
        proposal="Choose a logo",
        method="ranked",
        options=["Sun", "Tree", "Hands"],
    )


def test_a_ranked_ballot_with_duplicates_or_gaps_is_refused_and_kept(world: World) -> None:
    decision = _ranked(world)
    ids = [o.pk for o in selectors.live_options(decision)]
    url = reverse("decision-vote", args=[world.org.slug, decision.pk])
    client = world.client("member")
    twice = client.post(url, {f"rank_{ids[0]}": "1", f"rank_{ids[1]}": "1"})
    assert twice.status_code == 400
    assert "Two options have rank 1" in twice.content.decode()
    gap = client.post(url, {f"rank_{ids[0]}": "1", f"rank_{ids[1]}": "3"})
    assert gap.status_code == 400
    assert "no rank 2" in gap.content.decode()
    assert 'value="3"' in gap.content.decode()
    assert not Ballot.objects.exists()
    good = client.post(url, {f"rank_{ids[2]}": "1", f"rank_{ids[0]}": "2"})
    assert good.status_code == 302
    assert Ballot.objects.get().ranking == [[ids[2]], [ids[0]]]


def test_ranked_choice_counts_with_schulze(world: World) -> None:
    decision = _ranked(world)
    sun, tree, hands = (o.pk for o in selectors.live_options(decision))
    people = _people(world, 3, lived=True) + _people(world, 2, lived=False)
    for person, ranking in zip(
        people,
        [[[hands], [sun]], [[hands], [tree]], [[sun], [hands]], [[tree], [sun]], [[sun], [tree]]],
        strict=True,
    ):
        actions.vote_cast(actor=person, decision=decision, ranking=ranking)
    # Sun beats Hands 3 to 2 and Tree 3 to 2 (unranked options are equal last): it wins.
    assert selectors.count(decision).winners == [sun]
    actions.decision_count(actor=world.facilitator, decision=decision)
    closed = actions.decision_close(actor=world.facilitator, decision=decision, reasons="Chosen")
    assert closed.outcome == Decision.Outcome.CHOSEN
    assert closed.chosen == "Sun"


def test_the_minority_is_heard_and_the_proposal_decided_again(world: World) -> None:
    decision = world.decision
    actions.vote_cast(actor=world.member, decision=decision, choice="object", reason="Too soon")
    actions.vote_cast(actor=world.facilitator, decision=decision, choice="agree")
    with pytest.raises(ValidationError, match="not asking"):
        actions.minority_answer_add(actor=world.member, decision=decision, text="Wait")
    actions.decision_count(actor=world.facilitator, decision=decision)
    with pytest.raises(ValidationError, match="people who disagreed"):
        actions.minority_answer_add(actor=world.facilitator, decision=decision, text="I agree")
    url = reverse("decision-minority", args=[world.org.slug, decision.pk])
    response = world.client("member").post(url, {"text": "Start in the spring, with a trial"})
    assert response.status_code == 302
    answer = MinorityAnswer.objects.get()
    assert answer.person == world.member and answer.attempt == 1
    actions.decision_amend(
        actor=world.facilitator,
        decision=decision,
        proposal="Open on Saturdays from April, as a trial.",
        why="The member asked for a trial in the spring.",
    )
    decision.refresh_from_db()
    assert decision.attempt == 2 and decision.status == Decision.Status.OPEN
    assert selectors.count(decision).voters == 0  # everyone decides again
    assert decision.amendments.get().result_before["voters"] == 2


def test_a_supporter_records_a_vote_with_consent_named_on_the_record(world: World) -> None:
    with pytest.raises(ValidationError, match="agreed"):
        actions.vote_cast(
            actor=world.facilitator,
            decision=world.decision,
            person=world.no_email_member,
            choice="agree",
        )
    actions.vote_cast(
        actor=world.facilitator,
        decision=world.decision,
        person=world.no_email_member,
        choice="agree",
        consent_confirmed=True,
    )
    voter = Voter.objects.get(person=world.no_email_member)
    assert voter.entered_by == world.facilitator
    event = AuditEvent.objects.filter(verb="decision.vote").last()
    assert event is not None and event.on_behalf_of == world.no_email_member
    page = world.client("member").get(world.decision.get_absolute_url()).content.decode()
    assert "Nell Noemail (recorded by Fran Facilitator, with their agreement)" in page
    with pytest.raises(PermissionDenied):
        actions.vote_cast(
            actor=world.member,
            decision=world.decision,
            person=world.no_email_member,
            choice="block",
            reason="x",
            consent_confirmed=True,
        )


def test_one_person_one_vote_and_only_members_vote(world: World) -> None:
    with pytest.raises(PermissionDenied):
        actions.vote_cast(actor=world.admin, decision=world.decision, choice="agree")
    actions.vote_cast(actor=world.member, decision=world.decision, choice="agree")
    actions.vote_cast(actor=world.member, decision=world.decision, choice="concerns")
    assert selectors.count(world.decision).voters == 1


def test_a_secret_ballot_never_shows_who_voted_how(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    secret = actions.decision_create(
        actor=world.facilitator,
        group=world.group,
        title="Chair",
        proposal="Asha as chair",
        method="consent",
        secret=True,
    )
    with caplog.at_level("DEBUG"):
        actions.vote_cast(actor=world.member, decision=secret, choice="block", reason="Not now")
        actions.vote_cast(actor=world.facilitator, decision=secret, choice="agree")
    ballot = Ballot.objects.get(decision=secret, choice="block")
    assert ballot.person is None
    assert "block" not in caplog.text.lower().replace("blocking", "")
    client = world.client("admin")
    actions.decision_count(actor=world.facilitator, decision=secret)
    pages = [
        client.get(secret.get_absolute_url()).content.decode(),
        client.get(reverse("decision-csv", args=[world.org.slug, secret.pk])).content.decode(),
        client.get(reverse("audit-log", args=[world.org.slug])).content.decode(),
    ]
    for body in pages:
        for line in body.splitlines():
            if "Mo Member" in line:
                assert "Block" not in line and "block" not in line, line
                assert "Not now" not in line, line
    assert "Mo Member" in pages[0]  # who voted is shown
    assert "Block" in pages[0]  # and the count
    for event in AuditEvent.objects.filter(object_id=str(secret.pk)):
        assert "block" not in event.summary.lower()
    data = personal_data(world.member)
    assert data["decisions"]["open_votes"] == []  # type: ignore[index]
    assert data["decisions"]["voted_in"]  # type: ignore[index]


def test_closing_puts_the_decision_on_the_co_production_record(world: World) -> None:
    decision = actions.decision_create(
        actor=world.facilitator,
        group=world.group,
        title="Opening hours",
        proposal="Open until 6pm",
        method="majority",
        options=["Until 6pm", "Until 8pm"],
        initiative=world.initiative,
    )
    first = selectors.live_options(decision)[0]
    actions.vote_cast(actor=world.member, decision=decision, option=first)
    actions.decision_count(actor=world.facilitator, decision=decision)
    actions.decision_close(actor=world.facilitator, decision=decision, reasons="Most wanted it")
    evidence = Evidence.objects.filter(note__contains=decision.get_absolute_url()).get()
    activity = evidence.activity
    assert activity.initiative == world.initiative
    assert activity.status == "done" and activity.rung_claimed == 7
    assert world.member in activity.participants.all()


def test_a_decision_cannot_go_on_another_organisations_plan(world: World) -> None:
    from equalvoice.record import actions as record_actions

    theirs = record_actions.initiative_save(
        actor=world.other_admin, organisation=world.other_org, title="Their plan", kind="plan"
    )
    with pytest.raises(ValidationError) as caught:
        actions.decision_create(
            actor=world.facilitator,
            group=world.group,
            title="Opening hours",
            proposal="Open until 6pm",
            method="consent",
            initiative=theirs,
        )
    assert caught.value.message_dict == {"initiative": ["Choose an initiative from the list"]}
    assert not Decision.objects.filter(title="Opening hours").exists()


def test_decisions_of_other_groups_are_not_found(world: World) -> None:
    elsewhere = Group.objects.get(pk=world.other_group.pk)
    Membership.objects.create(group=elsewhere, user=world.facilitator, role="facilitator")
    theirs = actions.decision_create(
        actor=world.facilitator, group=elsewhere, title="Board", proposal="x", method="consent"
    )
    assert world.client("member").get(theirs.get_absolute_url()).status_code == 404
    assert world.client("other_admin").get(world.decision.get_absolute_url()).status_code == 404


def test_score_and_majority_through_the_vote_page(world: World) -> None:
    scored = actions.decision_create(
        actor=world.facilitator,
        group=world.group,
        title="Where to meet",
        proposal="Score each place",
        method="score",
        options=["Town hall", "Library"],
    )
    hall, library = (o.pk for o in selectors.live_options(scored))
    url = reverse("decision-vote", args=[world.org.slug, scored.pk])
    assert world.client("member").post(url, {f"score_{hall}": "9"}).status_code == 400
    assert (
        world.client("member")
        .post(url, {f"score_{hall}": "2", f"score_{library}": "5"})
        .status_code
        == 302
    )
    assert world.client("facilitator").post(url, {f"score_{hall}": "4"}).status_code == 302
    counted = selectors.count(scored)
    # The town hall has 2 and 4: 3.0 on average. The library has 5, and 0 from the
    # facilitator, who left it out (no score counts as 0): 2.5. The town hall wins.
    assert counted.winners == [hall]
    assert dict(counted.rows)["Town hall"].startswith("3.0")
    assert dict(counted.rows)["Library"].startswith("2.5")

    majority = actions.decision_create(
        actor=world.facilitator,
        group=world.group,
        title="Tea or coffee",
        proposal="Choose one",
        method="majority",
        options=["Tea", "Coffee"],
    )
    tea, coffee = (o.pk for o in selectors.live_options(majority))
    url = reverse("decision-vote", args=[world.org.slug, majority.pk])
    assert world.client("member").post(url, {}).status_code == 400
    world.client("member").post(url, {"option": str(tea)})
    world.client("facilitator").post(url, {"option": str(coffee)})
    assert selectors.count(majority).winners == []  # a tie: no winner
