"""What people read on a decision's pages: the count for each method, the winner, the
quorum sentence, the minority, who decided, the old count when the proposal changed, and
the spreadsheet. Expected figures come from the tally engine or are worked out by hand
from the votes each test casts, never from the page."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from equalvoice.core import actions as core_actions
from equalvoice.core.models import Perspective, User
from equalvoice.decisions import actions, selectors, tally
from equalvoice.decisions.models import Decision
from equalvoice.decisions.outcome import Quorum

from .. import factories
from ..conftest import World
from ..page_text import assert_reads_well, page_text, parse, table_rows

pytestmark = pytest.mark.django_db

CONSENT_WORDS = ["Agree", "Agree, with concerns", "Object", "Block"]


def _person(world: World, name: str, *perspectives: str) -> User:
    """A new member of the world's group who holds these perspectives."""
    person = factories.make_user(name=name)
    core_actions.membership_add(actor=world.admin, group=world.group, user=person)
    held = list(Perspective.objects.filter(organisation=world.org, name__in=perspectives))
    assert len(held) == len(perspectives)
    core_actions.perspectives_set(
        actor=person, person=person, organisation=world.org, perspectives=held
    )
    return person


def _get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    assert_reads_well(response)
    return page_text(response)


def _decision(world: World, method: str, options: list[str]) -> tuple[Decision, list[int]]:
    made = actions.decision_create(
        actor=world.facilitator,
        group=world.group,
        title=f"A {method} decision",
        proposal="Choose well",
        method=method,
        options=options,
    )
    return made, [o.pk for o in selectors.live_options(made)]


def test_a_consent_count_shows_each_choice_the_quorum_and_who_decided(world: World) -> None:
    decision = world.decision
    # (person, perspectives, vote): three of the five hold a lived-experience perspective.
    votes = [
        (world.member, ["Person who uses services"], "agree"),
        (_person(world, "Ann Carer", "Family carer"), ["Family carer"], "agree"),
        (_person(world, "Sam Staff", "Staff member"), ["Staff member"], "agree"),
        (_person(world, "Pat Pro", "Professional"), ["Professional"], "concerns"),
        (
            _person(world, "Kim Both", "Staff member", "Family carer"),
            ["Staff member", "Family carer"],
            "object",
        ),
    ]
    for person, _held, choice in votes:
        reason = "Rotas are tight" if choice != "agree" else ""
        actions.vote_cast(actor=person, decision=decision, choice=choice, reason=reason)
    counted = tally.consent_tally(choice for _, _, choice in votes)
    quorum = Quorum(voters=5, lived_experience=3, percent=decision.quorum_percent)
    url = decision.get_absolute_url()

    # While the vote is open, the facilitator sees the count so far; the member does not.
    text = _get(world.client("facilitator"), url)
    assert "The count so far" in text
    rows = table_rows(world.client("facilitator").get(url), "votes")
    assert rows == [
        [word, str(counted.counts[choice])]
        for word, choice in zip(CONSENT_WORDS, tally.ConsentChoice, strict=True)
    ]
    assert rows[0] == ["Agree", "3"] and rows[2] == ["Object", "1"]  # by hand
    assert f"{counted.total} votes" in text
    agreed = counted.counts[tally.ConsentChoice.AGREE]
    assert f"{agreed} of the {counted.total} people who voted agreed." in text
    assert f"{counted.dissenters} people had concerns, objected or blocked." in text
    assert quorum.sentence() in text
    assert "3 of the 5 people who voted have lived experience." in text
    member_text = _get(world.client("member"), url)
    assert "The count" not in member_text
    assert "3 of the 5 people who voted agreed" not in member_text
    assert quorum.sentence() in member_text

    # Counted: everyone sees it. Closed: what was decided, and who decided by perspective.
    actions.decision_count(actor=world.facilitator, decision=decision)
    member_text = _get(world.client("member"), url)
    assert "The count" in member_text and "The count so far" not in member_text
    assert f"{counted.dissenters} people had concerns, objected or blocked." in member_text
    assert "Rotas are tight" in member_text
    actions.decision_close(actor=world.facilitator, decision=decision, reasons="Not yet")
    text = _get(world.client("member"), url)
    assert "What we decided: Not agreed" in text  # an objection: by hand
    assert "Who decided: 5 people, 3 with lived experience." in text
    held = Counter(name for _, names, _ in votes for name in names)
    for name, n in held.items():
        assert f"{name}: {n}" in text
    assert "Family carer: 2" in text and "Staff member: 2" in text  # by hand
    assert "a person with two perspectives counts under each" in text

    listing = _get(
        world.client("member"), reverse("group-decisions", args=[world.org.slug, world.group.slug])
    )
    assert f"{decision.title} Decided: Not agreed" in listing

    sheet = world.client("member").get(reverse("decision-csv", args=[world.org.slug, decision.pk]))
    lines = list(csv.reader(io.StringIO(sheet.content.decode())))
    assert [line[1:] for line in lines if line[0] == "count"] == [
        [word, str(counted.counts[choice])]
        for word, choice in zip(CONSENT_WORDS, tally.ConsentChoice, strict=True)
    ]
    assert len([line for line in lines if line[0] == "voted"]) == 5


def test_a_majority_count_names_the_winner_with_its_share(world: World) -> None:
    decision, (tea, coffee, juice) = _decision(world, "majority", ["Tea", "Coffee", "Juice"])
    people = [_person(world, f"Voter {i}", "Person who uses services") for i in range(5)]
    choices = [tea, tea, tea, coffee, coffee]
    for person, option in zip(people, choices, strict=True):
        actions.vote_cast(actor=person, decision=decision, option=decision.options.get(pk=option))
    counted = tally.majority_tally(choices, [tea, coffee, juice])
    assert counted.winner == tea and counted.has_majority  # 3 of 5, by hand
    url = decision.get_absolute_url()
    response = world.client("facilitator").get(url)
    assert table_rows(response, "votes") == [
        ["Tea", str(counted.counts[tea])],
        ["Coffee", str(counted.counts[coffee])],
        ["Juice", str(counted.counts[juice])],
    ]
    text = _get(world.client("facilitator"), url)
    assert "Tea has the most votes: 3 of 5, more than half." in text
    assert "2 people put another option first." in text

    # Two more for juice: tea still has the most, but not more than half.
    for person in [_person(world, f"Juice {i}", "Staff member") for i in range(2)]:
        actions.vote_cast(actor=person, decision=decision, option=decision.options.get(pk=juice))
    text = _get(world.client("facilitator"), url)
    assert "Tea has the most votes: 3 of 7, not more than half." in text
    assert "4 people put another option first." in text

    # One more for coffee: a tie, and nobody is in the minority.
    actions.vote_cast(actor=world.member, decision=decision, option=decision.options.get(pk=coffee))
    tied = tally.majority_tally([*choices, juice, juice, coffee], [tea, coffee, juice])
    assert tied.winner is None
    text = _get(world.client("facilitator"), url)
    assert "A tie for the most votes: Tea and Coffee, 3 each." in text
    assert "another option first" not in text


def test_a_score_count_shows_each_average_and_the_winner(world: World) -> None:
    decision, (hall, library) = _decision(world, "score", ["Town hall", "Library"])
    ballots = [{hall: 4, library: 1}, {hall: 2, library: 5}, {hall: 3}]
    people = [_person(world, f"Scorer {i}", "Family carer") for i in range(3)]
    for person, scores in zip(people, ballots, strict=True):
        actions.vote_cast(actor=person, decision=decision, scores=scores)
    counted = tally.score_tally(ballots, [hall, library])
    # By hand: the town hall 4 + 2 + 3 = 9, 3.0 on average; the library 1 + 5 + 0 = 6, 2.0.
    assert counted.totals == {hall: 9, library: 6} and counted.winners == [hall]
    response = world.client("facilitator").get(decision.get_absolute_url())
    assert table_rows(response, "votes") == [
        [label, f"{counted.means[o]:.1f} out of 5 on average, {counted.totals[o]} points in all"]
        for label, o in (("Town hall", hall), ("Library", library))
    ]
    text = _get(world.client("facilitator"), decision.get_absolute_url())
    assert "Town hall has the highest average score: 3.0 out of 5." in text
    assert "1 person put another option first." in text  # the library's 5


def test_a_ranked_count_shows_the_places_and_the_head_to_head_figures(world: World) -> None:
    decision, ids = _decision(world, "ranked", ["Sun", "Tree", "Hands"])
    sun, tree, hands = ids
    labels = {sun: "Sun", tree: "Tree", hands: "Hands"}
    ballots = [[[hands], [sun]], [[hands], [tree]], [[sun], [hands]], [[tree], [sun]], [[sun]]]
    people = [_person(world, f"Ranker {i}", "Young person") for i in range(5)]
    for person, ranking in zip(people, ballots, strict=True):
        actions.vote_cast(actor=person, decision=decision, ranking=ranking)
    counted = tally.schulze(ballots, ids)
    # By hand: Sun is above Hands on 3 ballots (3, 4, 5) and below on 2 (1, 2); above
    # Tree on 3 (1, 3, 5: an unranked option is last) and below on 2 (2, 4). Sun wins.
    assert counted.winners == [sun]
    assert counted.d[0][2] == 3 and counted.d[2][0] == 2
    assert counted.d[0][1] == 3 and counted.d[1][0] == 2
    expected = []
    for place, tier in enumerate(counted.ranking, start=1):
        for option in tier:
            i = ids.index(option)
            against = "; ".join(
                f"{counted.d[i][j]} to {counted.d[j][i]} against {labels[other]}"
                for j, other in enumerate(ids)
                if other != option
            )
            expected.append([f"{place}. {labels[option]}", against])
    response = world.client("facilitator").get(decision.get_absolute_url())
    rows = table_rows(response, "votes")
    assert rows == expected
    assert rows[0] == ["1. Sun", "3 to 2 against Tree; 3 to 2 against Hands"]  # by hand
    text = _get(world.client("facilitator"), decision.get_absolute_url())
    assert "Sun comes first." in text
    assert "3 people put another option first." in text  # Hands first twice, Tree once


def test_a_new_vote_with_nobody_voting_yet_shows_no_empty_count(world: World) -> None:
    decision, _ = _decision(world, "ranked", ["Sun", "Tree"])
    text = _get(world.client("facilitator"), decision.get_absolute_url())
    assert "Nobody has voted yet." in text
    assert "0 votes" not in text


def test_one_voter_is_one_person_in_the_quorum_sentence(world: World) -> None:
    actions.vote_cast(actor=world.member, decision=world.decision, choice="agree")
    text = _get(world.client("member"), world.decision.get_absolute_url())
    assert "The one person who voted has lived experience." in text
    assert "1 people" not in text


def test_the_old_count_stays_on_the_record_when_the_proposal_changes(world: World) -> None:
    decision = world.decision
    actions.vote_cast(actor=world.member, decision=decision, choice="object", reason="Too soon")
    actions.vote_cast(actor=world.facilitator, decision=decision, choice="agree")
    before = tally.consent_tally(["object", "agree"])
    actions.decision_count(actor=world.facilitator, decision=decision)
    actions.decision_amend(
        actor=world.facilitator,
        decision=decision,
        proposal="Open on Saturdays from April.",
        why="A trial in the spring.",
    )
    text = _get(world.client("member"), decision.get_absolute_url())
    assert "This is vote 2" in text
    assert "Vote 1 was on: “Open the day centre on Saturdays.” 2 voted:" in text
    for word, choice in zip(CONSENT_WORDS, tally.ConsentChoice, strict=True):
        assert f"{word}: {before.counts[choice]}" in text
    assert "What changed: A trial in the spring." in text
    assert "Nobody has voted yet." in text  # everyone decides again


def test_a_closed_choice_names_the_option_on_the_page_and_the_list(world: World) -> None:
    decision, (tea, coffee) = _decision(world, "majority", ["Tea", "Coffee"])
    for person in [_person(world, f"Tea {i}", "Person who uses services") for i in range(2)]:
        actions.vote_cast(actor=person, decision=decision, option=decision.options.get(pk=tea))
    actions.decision_count(actor=world.facilitator, decision=decision)
    actions.decision_close(actor=world.facilitator, decision=decision, reasons="Tea it is")
    text = _get(world.client("member"), decision.get_absolute_url())
    assert "What we decided: Chosen: Tea" in text
    assert "Who decided: 2 people, 2 with lived experience." in text
    listing = _get(
        world.client("member"), reverse("group-decisions", args=[world.org.slug, world.group.slug])
    )
    assert f"{decision.title} Decided: Chosen: Tea" in listing


def test_a_person_sees_their_own_vote_and_the_form_keeps_it(world: World) -> None:
    """Back to change a vote, on this device or another, a person sees what they chose,
    even in a secret ballot; nobody else does."""
    secret = actions.decision_create(
        actor=world.facilitator,
        group=world.group,
        title="Chair",
        proposal="Asha as chair",
        method="consent",
        secret=True,
    )
    actions.vote_cast(actor=world.member, decision=secret, choice="object", reason="Not yet")
    text = _get(world.client("member"), secret.get_absolute_url())
    assert "Your vote: Object (Not yet) Change my vote" in text
    assert "Your vote" not in _get(world.client("facilitator"), secret.get_absolute_url())
    form = world.client("member").get(reverse("decision-vote", args=[world.org.slug, secret.pk]))
    root = parse(form)
    checked = [i.attrs["value"] for i in root.find_all("input") if "checked" in i.attrs]
    assert checked == ["object"]
    reason = root.by_id("id_reason")
    assert reason is not None and reason.text() == "Not yet"

    ranked, (sun, tree, hands) = _decision(world, "ranked", ["Sun", "Tree", "Hands"])
    actions.vote_cast(actor=world.member, decision=ranked, ranking=[[hands], [sun]])
    text = _get(world.client("member"), ranked.get_absolute_url())
    assert "Your vote: 1. Hands; 2. Sun" in text
    root = parse(
        world.client("member").get(reverse("decision-vote", args=[world.org.slug, ranked.pk]))
    )
    numbers = {i.attrs["name"]: i.attrs.get("value", "") for i in root.find_all("input")}
    assert (numbers[f"rank_{hands}"], numbers[f"rank_{sun}"], numbers[f"rank_{tree}"]) == (
        "1",
        "2",
        "",
    )


def test_the_quorum_is_counted_from_the_voters_the_page_lists(world: World) -> None:
    """A decision's page reads its voters once: the quorum sentence is counted from the
    list of who voted, not asked of the database again."""
    decision = world.decision
    actions.vote_cast(actor=world.member, decision=decision, choice="agree", reason="")
    carer = _person(world, "Ann Carer", "Family carer")
    actions.vote_cast(actor=carer, decision=decision, choice="object", reason="Too soon")
    client = world.client("facilitator")
    url = decision.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as page:
        text = _get(client, url)
    voter_reads = [q["sql"] for q in page.captured_queries if '"decisions_voter"' in q["sql"]]
    assert len(voter_reads) == 1, voter_reads
    assert selectors.quorum_of(decision).sentence() in text
    assert "2 of the 2 people who voted have lived experience." in text
