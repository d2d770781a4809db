"""The results page and its easy-read version, read as a person reads them.

Twenty people vote in two camps. What the page must say is worked out here without the
template: by hand from the votes planned below, and from the engine's own result (the
JSON the `update_results` task stores). Then the page's text is read and compared: group
sizes, what each group stands for, common ground and its table, what most people agree
on, each perspective's table, the splits, and the words beside them."""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from equalvoice.core import actions as core_actions
from equalvoice.core.models import Perspective, User
from equalvoice.opinions import actions, results, selectors
from equalvoice.opinions.models import Conversation, Participant, ResultsPeople, Vote
from equalvoice.opinions.people import into_results
from equalvoice.opinions.selectors import Results, when_updated

from .. import factories
from ..conftest import World
from ..page_text import Page

pytestmark = pytest.mark.django_db

COMMON = "Carers need more breaks."
ONLINE = "Breaks should be booked online."
PHONE = "Breaks should be booked by phone."
COST = "The cost of breaks should be lower."
WEEKEND = "There should be weekend sessions."
STATEMENTS = [COMMON, ONLINE, PHONE, COST, WEEKEND]


def _plan(camp: str, i: int) -> dict[str, int]:
    """How person `i` of a camp votes on each statement (1 agree, -1 disagree, 0 pass)."""
    if camp == "X":  # 12 people
        return {
            COMMON: 1,
            ONLINE: -1,
            PHONE: 1,
            COST: 1 if i < 9 else 0,
            WEEKEND: 1 if i < 8 else -1,
        }
    return {  # "Y", 8 people
        COMMON: 1 if i < 6 else -1,
        ONLINE: 1,
        PHONE: -1,
        COST: 1 if i < 4 else -1,
        WEEKEND: 1 if i < 5 else (0 if i == 5 else -1),
    }


def _perspective(camp: str, i: int) -> str:
    if camp == "X":
        return "Family carer" if i < 7 else ("Young person" if i < 10 else "Professional")
    return "Staff member" if i < 6 else "Young person"


@dataclass
class Voter:
    person: User
    camp: str
    i: int

    @property
    def votes(self) -> dict[str, int]:
        return _plan(self.camp, self.i)

    @property
    def perspective(self) -> str:
        return _perspective(self.camp, self.i)


@dataclass
class Crowd:
    conversation: Conversation
    voters: list[Voter]
    by_participant: dict[int, Voter]

    @property
    def data(self) -> dict[str, Any]:
        """The engine's whole JSON: the stored summary with each person's part put back."""
        packed = ResultsPeople.objects.get(conversation=self.conversation).packed
        return into_results(self.conversation.results, packed)

    def text(self, sid: int) -> str:
        return self.conversation.statements.get(pk=sid).text


def _crowd(world: World) -> Crowd:
    perspectives = {p.name: p for p in Perspective.objects.filter(organisation=world.org)}
    conversation = actions.conversation_create(
        actor=world.facilitator,
        group=world.group,
        title="Breaks",
        question="What would make breaks better?",
        seeds=STATEMENTS,
    )
    statements = {s.text: s for s in conversation.statements.all()}
    voters = []
    for camp, size in (("X", 12), ("Y", 8)):
        for i in range(size):
            person = factories.make_user(name=f"Voter {camp}{i}")
            core_actions.membership_add(actor=world.admin, group=world.group, user=person)
            voter = Voter(person, camp, i)
            core_actions.perspectives_set(
                actor=person,
                person=person,
                organisation=world.org,
                perspectives=[perspectives[voter.perspective]],
            )
            for text, value in voter.votes.items():
                actions.vote_cast(actor=person, statement=statements[text], value=value)
            voters.append(voter)
    results.refresh(conversation.pk)
    conversation.refresh_from_db()
    by_person = {v.person.pk: v for v in voters}
    by_participant = {
        p.pk: by_person[p.person_id]
        for p in Participant.objects.filter(conversation=conversation)
        if p.person_id in by_person
    }
    return Crowd(conversation, voters, by_participant)


def _percent(voters: list[Voter], text: str, value: int = 1) -> int:
    """By hand: the share of these voters who voted `value`, rounded."""
    return round(100 * sum(v.votes[text] == value for v in voters) / len(voters))


def _letter(index: int) -> str:
    return string.ascii_uppercase[index]


def _members(crowd: Crowd, group: dict[str, Any]) -> list[Voter]:
    return [crowd.by_participant[p] for p in group["members"]]


def _page(crowd: Crowd, name: str, as_person: User) -> Page:
    client = Client()
    client.force_login(as_person)
    url = reverse(name, args=[crowd.conversation.organisation.slug, crowd.conversation.pk])
    response = client.get(url)
    assert response.status_code == 200
    return Page(response)


def _freshness(page: Page) -> str:
    """The sentence under the heading that says what the results count and how new."""
    node = page.main.by_id("results-freshness")
    assert node is not None, page.text
    return node.text()


def _statements_in(lines: list[str]) -> list[str]:
    return [line for line in lines if line in STATEMENTS]


def test_the_groups_are_the_two_camps(world: World) -> None:
    """The data below is planned so that the engine finds the two camps; the other tests
    rely on it."""
    crowd = _crowd(world)
    camps = [{crowd.by_participant[p].camp for p in g["members"]} for g in crowd.data["groups"]]
    assert sorted(len(g["members"]) for g in crowd.data["groups"]) == [8, 12]
    assert sorted(camps, key=sorted) == [{"X"}, {"Y"}]


def test_common_ground_lists_only_what_most_of_every_group_agrees_with(world: World) -> None:
    """The engine ranks every statement by group-informed consensus; a statement one group
    mostly disagrees with still has a place in that ranking, but is not common ground."""
    crowd = _crowd(world)
    ranked = [crowd.text(c["statement"]) for c in crowd.data["group_consensus"]]
    # By hand: (13/14)(7/10), (9/14)(6/10), (10/14)(5/10): COST has 4 of 8 in camp Y.
    assert ranked[:3] == [COMMON, WEEKEND, COST]
    page = _page(crowd, "conversation-results", crowd.voters[0].person)
    ground = page.section("Common ground", "What most people agree on")
    assert _statements_in(ground) == [COMMON, WEEKEND]


def test_the_results_page_says_what_the_votes_say(world: World) -> None:
    crowd = _crowd(world)
    data = crowd.data
    you = next(v for v in crowd.voters if v.camp == "X")
    page = _page(crowd, "conversation-results", you.person)
    assert not page.problems(), page.problems()
    # The votes the results count: every vote cast, as the bookkeeping says too.
    cast = len(crowd.voters) * len(STATEMENTS)
    assert Vote.objects.filter(participant__conversation=crowd.conversation).count() == cast
    assert crowd.conversation.results_votes == data["votes"] == cast
    assert _freshness(page).startswith(
        f"These results count {cast} votes from {len(crowd.voters)} people. Last updated "
    )

    # The groups: size, which is yours, and each statement it stands for with its figure.
    groups = sorted(data["groups"], key=lambda g: g["index"])
    for group in groups:
        members = _members(crowd, group)
        yours = " (your group)" if you in members else ""
        heading = f"Group {_letter(group['index'])}, {len(members)} people{yours}"
        assert heading in page.lines
        listed = page.section(heading, "Group " if group is not groups[-1] else "Common ground")
        expected = []
        for rep in group["representative"]:
            text = crowd.text(rep["statement"])
            way = rep["direction"]
            value = 1 if way == "agree" else -1
            count = sum(m.votes[text] == value for m in members)
            # Worked out by hand, and the same as the engine's own count.
            assert count == rep[way] and len(members) == rep["votes"]
            verb = "agrees" if way == "agree" else "disagrees"
            words = (
                f"Mostly {verb}"
                if 2 * count > len(members)
                else (f"{verb.capitalize()} more than the other groups")
            )
            expected.append(f"{words}: “{text}” ({count} of {len(members)} who voted {way})")
        assert listed == expected

    # Common ground: by hand, only these two have more than half of each camp agreeing.
    ground = page.section("Common ground", "What most people agree on")
    assert _statements_in(ground) == [COMMON, WEEKEND]
    assert (
        "More than half the people who voted on these statements agree with them. That is "
        "true in every group, not just the biggest." in ground
    )
    table = page.table_headed(
        "Statement", "Everyone", *(f"Group {_letter(g['index'])}" for g in groups)
    )
    rows = []
    for n, text in enumerate([COMMON, WEEKEND], start=1):
        cells = [f"{n}. {text}", f"{_percent(crowd.voters, text)}%"]
        cells += [f"{_percent(_members(crowd, g), text)}%" for g in groups]
        rows.append(cells)
    assert table == rows
    assert rows[0][1] == "90%" and rows[1][1] == "65%"  # 18 and 13 of 20

    # What most people agree on: the engine's plain consensus, with its own counts.
    agreed = page.section("What most people agree on", "Each perspective")
    expected_agreed = []
    for entry in data["consensus"]["agree"]:
        text = crowd.text(entry["statement"])
        assert entry["count"] == sum(v.votes[text] == 1 for v in crowd.voters)
        expected_agreed.append(f"“{text}” ({_percent(crowd.voters, text)}% agree)")
    assert agreed == expected_agreed
    assert [line[1:].split("”")[0] for line in agreed] == [COMMON, COST, WEEKEND]
    assert data["consensus"]["disagree"] == []
    assert "What most people disagree with" not in page.text

    # Each perspective: sizes, the small one left out, and the figures by hand.
    told = page.section("Each perspective", "What every perspective agrees on")
    assert told == [
        "People said which point of view they bring: Family carer (7 people), Staff member "
        "(6 people), Young person (5 people). 1 other perspective has fewer than 5 people. "
        "To keep people safe, we do not show it on its own."
    ]
    shown = ["Family carer", "Staff member", "Young person"]
    table = page.table_headed("Statement", *shown)
    by_perspective = {name: [v for v in crowd.voters if v.perspective == name] for name in shown}
    # By hand, only COMMON has more than half of each perspective agreeing (Young
    # person: 3 of 5); COST has 2 of 5 young people, WEEKEND 1 of 5.
    assert table == [[COMMON] + [f"{_percent(by_perspective[name], COMMON)}%" for name in shown]]
    assert table[0][1:] == ["100%", "100%", "60%"]

    # Where perspectives split: each statement once, with the engine's most significant
    # pair and their agree rates worked out by hand.
    splits = page.section("Where perspectives split")
    expected_splits: list[str] = []
    seen: set[int] = set()
    for split in data["perspectives"]["splits"]:
        if split["statement"] in seen or len(seen) == 5:
            continue
        seen.add(split["statement"])
        text = crowd.text(split["statement"])
        a, b = split["a"], split["b"]
        chance = (
            "This gap is too big to be chance."
            if split["p_value"] < 0.05
            else "This gap could be chance."
        )
        expected_splits += [
            f"“{text}”",
            f"{a}: {_percent(by_perspective[a], text)}% agree. "
            f"{b}: {_percent(by_perspective[b], text)}% agree.",
            chance,
        ]
    assert expected_splits and splits == expected_splits


def test_the_easy_read_results_say_the_same(world: World) -> None:
    crowd = _crowd(world)
    groups = sorted(crowd.data["groups"], key=lambda g: g["index"])
    assert crowd.conversation.results_at is not None
    soon = crowd.conversation.results_at + timedelta(seconds=20)
    with time_machine.travel(soon, tick=False):  # however slow the machine
        page = _page(crowd, "conversation-easy-read", crowd.voters[0].person)
    assert not page.problems(), page.problems()
    assert page.section("Who took part", "How new these results are") == [
        "20 people gave their views.",
        "We found 2 groups of people who think alike.",
    ]
    assert page.section("How new these results are", "What every group agrees on") == [
        f"These results count {len(crowd.voters) * len(STATEMENTS)} votes.",
        "We last counted the votes less than a minute ago.",
    ]
    assert page.section("What every group agrees on", "Group ") == [COMMON, WEEKEND]
    for group in groups:
        members = _members(crowd, group)
        after = "Group " if group is not groups[-1] else "Download"
        lines = page.section(f"Group {_letter(group['index'])}", after)
        expected = [f"There are {len(members)} people in this group."]
        for rep in group["representative"][:2]:
            text = crowd.text(rep["statement"])
            value = 1 if rep["direction"] == "agree" else -1
            word = "agree" if value == 1 else "do not agree"
            count = sum(m.votes[text] == value for m in members)
            if 2 * count > len(members):
                expected.append(f"Most of them {word} with this: {text}")
            else:
                expected.append(
                    f"More of them {word} with this than people in other groups: {text}"
                )
        assert lines == expected


def test_the_results_say_how_many_people_are_not_in_a_group_yet(world: World) -> None:
    """Three more people vote on two statements each: too few to be placed (20 others have
    voted on all five), so the groups still add up to 20 of the 23 the results count."""
    crowd = _crowd(world)
    statements = {s.text: s for s in crowd.conversation.statements.all()}
    for i in range(3):
        person = factories.make_user(name=f"Newcomer {i}")
        core_actions.membership_add(actor=world.admin, group=world.group, user=person)
        for text in (COMMON, COST):
            actions.vote_cast(actor=person, statement=statements[text], value=1)
    results.refresh(crowd.conversation.pk)
    crowd.conversation.refresh_from_db()
    data = crowd.data
    grouped = sum(len(g["members"]) for g in data["groups"])
    assert (data["participants"], grouped) == (23, 20)

    page = _page(crowd, "conversation-results", crowd.voters[0].person)
    assert _freshness(page).startswith("These results count 106 votes from 23 people.")
    assert (
        "3 people are not in a group yet: they have not voted on enough statements."
        in page.section("The groups", "Group ")[-1]
    )
    easy = _page(crowd, "conversation-easy-read", crowd.voters[0].person)
    assert easy.section("Who took part", "How new these results are") == [
        "23 people gave their views.",
        "We found 2 groups of people who think alike.",
        "3 people are not in a group yet.",
        "They have not voted on enough statements.",
    ]
    # Everyone placed: no such sentence (the other tests' crowd).
    assert Results(ready=True, updated_at=None, participants=20, groups=[]).not_grouped == 20
    everyone = _page(_crowd_again(crowd), "conversation-results", crowd.voters[0].person)
    assert "not in a group yet" not in everyone.text


def _crowd_again(crowd: Crowd) -> Crowd:
    """The same crowd with the three newcomers' votes taken back out."""
    Participant.objects.filter(
        conversation=crowd.conversation, person__name__startswith="Newcomer"
    ).delete()
    results.refresh(crowd.conversation.pk)
    crowd.conversation.refresh_from_db()
    return crowd


def test_a_small_group_still_counts_towards_common_ground_but_is_not_shown(
    world: World, settings: Any
) -> None:
    settings.EQUALVOICE_MIN_GROUP_SIZE = 9  # the camp of 8 is too small to show
    crowd = _crowd(world)
    big = next(g for g in crowd.data["groups"] if g["size"] == 12)
    small = next(g for g in crowd.data["groups"] if g["size"] == 8)
    page = _page(crowd, "conversation-results", crowd.voters[0].person)
    assert not page.problems(), page.problems()
    assert f"Group {_letter(small['index'])}, fewer than 9 people" in page.lines
    assert "We do not show what groups of fewer than 9 people think, to keep people safe." in (
        page.lines
    )
    ground = page.section("Common ground", "What most people agree on")
    # COST: 9 of the 12 agree, but only 4 of the small group's 8, so it is not common
    # ground, though the small group's figures are not shown.
    assert _statements_in(ground) == [COMMON, WEEKEND]
    assert any("That includes the group of fewer than 9 people" in line for line in ground)
    table = page.table_headed("Statement", "Everyone", f"Group {_letter(big['index'])}")
    assert [row[2] for row in table] == ["100%", "67%"]  # 12 and 8 of 12
    # No perspective has 9 people: none is shown apart.
    assert page.section("Each perspective") == [
        "Not enough people said which perspective they bring to show them apart "
        "(each needs at least 9 people)."
    ]


def test_results_stored_before_the_fix_get_their_perspective_counts(world: World) -> None:
    """Migration 0002 adds the counts by perspective to results stored without them,
    the same as the engine gives."""
    import copy
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "equalvoice.opinions.migrations.0002_perspective_counts_in_results"
    )
    crowd = _crowd(world)
    fresh = copy.deepcopy(crowd.data)
    old = copy.deepcopy(fresh)
    for counts in old["statement_counts"].values():
        counts.pop("perspectives")
    Conversation.objects.filter(pk=crowd.conversation.pk).update(results=old)
    migration.forwards(apps, None)
    crowd.conversation.refresh_from_db()
    assert crowd.conversation.results == fresh
    # Run again, it changes nothing.
    assert migration.with_perspective_counts(fresh, []) is None


# How fresh the results are ------------------------------------------------------------

LONDON = ZoneInfo("Europe/London")  # the settings' TIME_ZONE
# Worked out at 21:30 in London on Sunday 6 December 2026 (GMT: UTC+0) ...
WINTER = datetime(2026, 12, 6, 21, 30, 5, tzinfo=UTC)
# ... and at 09:05 in London on Wednesday 1 July 2026 (BST: UTC+1).
SUMMER = datetime(2026, 7, 1, 8, 5, tzinfo=UTC)

FRESHNESS = [
    (WINTER, timedelta(seconds=40), "less than a minute ago"),
    (WINTER, timedelta(minutes=1), "1 minute ago"),
    (WINTER, timedelta(minutes=59, seconds=59), "59 minutes ago"),
    (WINTER, timedelta(hours=2), "today at 21:30"),  # 23:30 the same evening
    (WINTER, timedelta(hours=3), "yesterday at 21:30"),  # 00:30 on the Monday
    (WINTER, timedelta(days=1, hours=2), "yesterday at 21:30"),
    (WINTER, timedelta(days=2, hours=3), "on 6 December 2026 at 21:30"),
    (SUMMER, timedelta(hours=1), "today at 09:05"),  # the clock in London, not UTC
    (SUMMER, timedelta(days=40), "on 1 July 2026 at 09:05"),
]


@pytest.mark.parametrize(("at", "later", "when"), FRESHNESS)
def test_the_results_say_when_they_were_worked_out_in_the_readers_words(
    world: World, at: datetime, later: timedelta, when: str
) -> None:
    crowd = _crowd(world)
    Conversation.objects.filter(pk=crowd.conversation.pk).update(results_at=at)
    cast = Vote.objects.filter(participant__conversation=crowd.conversation).count()
    with time_machine.travel(at + later, tick=False):
        page = _page(crowd, "conversation-results", crowd.voters[0].person)
        easy = _page(crowd, "conversation-easy-read", crowd.voters[0].person)
    assert _freshness(page) == (
        f"These results count {cast} votes from {len(crowd.voters)} people. Last updated {when}."
    )
    assert easy.section("How new these results are", "What every group agrees on") == [
        f"These results count {cast} votes.",
        f"We last counted the votes {when}.",
    ]


def test_the_results_say_when_new_votes_are_being_worked_in(world: World) -> None:
    crowd = _crowd(world)
    counted = crowd.conversation.results_votes
    # Someone votes after the last update. In the tests the update runs at once, so the
    # state of a busy server is set by hand: the results as they were, and the update
    # still waiting for the background worker.
    latecomer = factories.make_user(name="Late Voter")
    core_actions.membership_add(actor=world.admin, group=world.group, user=latecomer)
    first = crowd.conversation.statements.order_by("pk")[0]
    actions.vote_cast(actor=latecomer, statement=first, value=1)
    Conversation.objects.filter(pk=crowd.conversation.pk).update(
        results=crowd.data, results_votes=counted, results_at=WINTER, update_waiting=True
    )
    assert Vote.objects.filter(participant__conversation=crowd.conversation).count() == (
        counted + 1
    )
    with time_machine.travel(WINTER + timedelta(minutes=3), tick=False):
        page = _page(crowd, "conversation-results", crowd.voters[0].person)
        easy = _page(crowd, "conversation-easy-read", crowd.voters[0].person)
    # The results still count the votes they counted, not the newest one.
    assert _freshness(page) == (
        f"These results count {counted} votes from {len(crowd.voters)} people. "
        "Last updated 3 minutes ago. New votes or changes have come in since then: we are "
        "working out new results now."
    )
    assert easy.section("How new these results are", "What every group agrees on") == [
        f"These results count {counted} votes.",
        "We last counted the votes 3 minutes ago.",
        "Some things have changed since then.",
        "We are working out new results now.",
    ]


def test_big_counts_are_written_with_commas() -> None:
    results = Results(ready=True, updated_at=None, participants=33_422, votes=1_830_000)
    assert results.counted == "These results count 1,830,000 votes from 33,422 people."
    one = Results(ready=True, updated_at=None, participants=1, votes=1)
    assert one.counted == "These results count 1 vote from 1 person."


@given(
    at=st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC)),
    seconds=st.integers(0, 100 * 24 * 3600),
)
def test_when_updated_follows_its_rules(at: datetime, seconds: int) -> None:
    """Within the hour, how long ago; after it, the day and the clock time in London."""
    now = at + timedelta(seconds=seconds)
    words = when_updated(at, now)
    local = at.astimezone(LONDON)
    if seconds < 60:
        assert words == "less than a minute ago"
    elif seconds < 3600:
        n = seconds // 60
        assert words == f"{n} minute{'s' if n > 1 else ''} ago"
    else:
        days = (now.astimezone(LONDON).date() - local.date()).days
        time = local.strftime("%H:%M")
        day = {0: "today", 1: "yesterday"}.get(days, f"on {local.day} {local.strftime('%B %Y')}")
        assert words == f"{day} at {time}"


def test_stored_results_move_each_persons_part_out_and_back(world: World) -> None:
    """Migration 0005: results stored whole (every person's place and group in the JSON)
    keep only the summary, with each person's part packed beside it; going back gives
    the whole JSON again."""
    import copy
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "equalvoice.opinions.migrations.0005_move_people_out_of_results"
    )
    crowd = _crowd(world)
    whole = copy.deepcopy(crowd.data)
    summary = copy.deepcopy(crowd.conversation.results)
    assert sorted(len(g["members"]) for g in whole["groups"]) == [8, 12]
    assert len(whole["projections"]) == 20 and len(whole["assignments"]) == 20
    assert "projections" not in summary and all("members" not in g for g in summary["groups"])
    ResultsPeople.objects.all().delete()
    Conversation.objects.filter(pk=crowd.conversation.pk).update(results=whole)
    migration.forwards(apps, None)
    crowd.conversation.refresh_from_db()
    assert crowd.conversation.results == summary
    assert crowd.data == whole
    # "(your group)" still found from the packed part: the group whose members list you.
    participant, you = next(iter(crowd.by_participant.items()))
    found = selectors.results_for(crowd.conversation, you.person)
    assert [g.is_yours for g in found.groups] == [
        participant in g["members"] for g in whole["groups"]
    ]
    assert sum(g.is_yours for g in found.groups) == 1
    migration.backwards(apps, None)
    crowd.conversation.refresh_from_db()
    assert crowd.conversation.results == whole
