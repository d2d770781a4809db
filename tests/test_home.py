"""The home page: what is waiting for each person, most urgent first, with the right
words, dates and links; nothing from groups they are not in or other organisations;
things done leave the list; easy read; and a fixed number of queries."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from equalvoice.core import actions, waiting
from equalvoice.core.models import Group, Membership, User
from equalvoice.decisions import actions as decision_actions
from equalvoice.decisions import selectors as decision_selectors
from equalvoice.decisions.models import Decision
from equalvoice.meetings import actions as meeting_actions
from equalvoice.meetings import selectors as meeting_selectors
from equalvoice.meetings.models import Meeting
from equalvoice.opinions import actions as opinions_actions
from equalvoice.opinions import selectors as opinions_selectors
from equalvoice.opinions.models import Conversation
from equalvoice.record import actions as record_actions
from equalvoice.record import selectors as record_selectors
from equalvoice.record.models import Activity, Stage
from equalvoice.speakeasy import actions as speakeasy_actions
from equalvoice.speakeasy import selectors as speakeasy_selectors
from equalvoice.standards import actions as standards_actions
from equalvoice.standards import selectors as standards_selectors
from equalvoice.standards.models import Round

from . import factories
from .conftest import World


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _day(d: date) -> str:
    """A date as the page says it, worked out here by hand: "Friday 12 December"."""
    words = f"{d:%A} {d.day} {d:%B}"
    return words if d.year == timezone.localdate().year else f"{words} {d.year}"


def _url(name: str, *args: object) -> str:
    return reverse(name, args=args)


def _listed(client: Client, heading: str = "for-you") -> list[tuple[str, str]]:
    """(words, link) of each item in the list under the heading, in order."""
    page = client.get(reverse("home"))
    assert page.status_code == 200
    body = page.content.decode()
    found = re.search(rf'<ol [^>]*aria-labelledby="{heading}">(.*?)</ol>', body, re.S)
    if found is None:
        return []
    links = re.findall(r'<a class="govuk-link ev-todo__link" href="([^"]*)">(.*?)</a>', found[1])
    return [(html.unescape(words), html.unescape(href)) for href, words in links]


def _text(client: Client) -> str:
    return html.unescape(client.get(reverse("home")).content.decode())


@dataclass
class Scene:
    """More to do, on top of the world's own round, decision, conversation and meeting."""

    today: date
    autumn: Round
    minibus: Decision
    board_decision: Decision
    quick: Meeting
    board_meeting: Meeting
    activity: Activity
    foreign: Mapping[str, object]


def _people(group: Group, n: int) -> list[User]:
    people = []
    for i in range(n):
        person = factories.make_user(name=f"Asked {group.slug} {i}")
        actions.membership_add(
            actor=factories.org_admin(group.organisation), group=group, user=person
        )
        people.append(person)
    return people


def build_scene(world: World) -> Scene:
    today = timezone.localdate()
    _people(world.other_group, 3)
    # An organisation-wide standard, with a round that asks only the board.
    standard = standards_actions.standard_save(
        actor=world.admin,
        organisation=world.org,
        title="Everyone's pledge",
        kind="pledge",
        scale="easy_read_4",
        group=None,
    )
    theme = standards_actions.theme_save(actor=world.admin, standard=standard, title="Respect")
    standards_actions.statement_save(
        actor=world.admin, standard=standard, theme=theme, plain="People respect me."
    )
    standards_actions.version_publish(actor=world.admin, standard=standard)
    autumn = standards_actions.round_save(
        actor=world.facilitator,
        standard=standard,
        name="Autumn",
        opens_on=today,
        closes_on=today + timedelta(days=5),
        anonymous=False,
        scale="easy_read_4",
        groups=[world.other_group],
    )
    minibus = decision_actions.decision_create(
        actor=world.facilitator,
        group=world.group,
        title="Minibus",
        proposal="Buy a minibus for trips.",
        method="consent",
    )
    decision_actions.vote_cast(actor=world.facilitator, decision=minibus, choice="agree")
    board_decision = decision_actions.decision_create(
        actor=world.admin,
        group=world.other_group,
        title="Board budget",
        proposal="Spend the budget on training.",
        method="consent",
    )
    quick = meeting_actions.meeting_save(
        actor=world.facilitator,
        group=world.group,
        title="Quick meeting",
        kind="meeting",
        place="Town hall",
        starts_at=_at(today + timedelta(days=3), 14),
        ends_at=_at(today + timedelta(days=3), 16),
    )
    board_meeting = meeting_actions.meeting_save(
        actor=world.admin,
        group=world.other_group,
        title="Board meeting",
        kind="meeting",
        place="Town hall",
        starts_at=_at(today + timedelta(days=2), 10, 30),
        ends_at=_at(today + timedelta(days=2), 12),
    )
    activity = record_actions.activity_save(
        actor=world.facilitator,
        initiative=world.initiative,
        stage=Stage.objects.get(organisation=world.org, name="Design"),
        on=today - timedelta(days=10),
        status="done",
        what="Tea and talk about the opening hours",
        rung_claimed=5,
    )
    # The same in another organisation: none of it may show.
    other = world.other_org
    foreign_admin = world.other_admin
    for person in (foreign_admin,):
        actions.membership_add(
            actor=foreign_admin,
            group=world.foreign_group,
            user=person,
            role=Membership.GroupRole.FACILITATOR,
        )
    foreign = {
        "decision": decision_actions.decision_create(
            actor=foreign_admin,
            group=world.foreign_group,
            title="Foreign decision",
            proposal="Something elsewhere.",
            method="consent",
        ),
        "meeting": meeting_actions.meeting_save(
            actor=foreign_admin,
            group=world.foreign_group,
            title="Foreign meeting",
            kind="meeting",
            place="Town hall",
            starts_at=_at(today + timedelta(days=1), 9),
            ends_at=_at(today + timedelta(days=1), 10),
        ),
        "conversation": opinions_actions.conversation_create(
            actor=foreign_admin,
            group=world.foreign_group,
            title="Foreign conversation",
            question="What elsewhere?",
            seeds=["Something elsewhere."],
        ),
    }
    assert other.slug == "otherton"
    return Scene(today, autumn, minibus, board_decision, quick, board_meeting, activity, foreign)


@pytest.fixture
def scene(world: World) -> Scene:
    return build_scene(world)


def _meeting_words(meeting: Meeting, when: str) -> tuple[str, str]:
    return (f"Get ready for “{meeting.title}” on {when}", meeting.get_absolute_url())


def test_a_members_list_is_exactly_what_waits_for_them_most_urgent_first(
    world: World, scene: Scene
) -> None:
    today = scene.today
    expected = [
        _meeting_words(scene.quick, f"{_day(today + timedelta(days=3))} at 2pm"),
        _meeting_words(
            world.meeting,
            f"{_day(timezone.localdate(world.meeting.starts_at))} at "
            f"{waiting.time_of_day(world.meeting.starts_at)}",
        ),
        (
            f"Answer the feedback round “Spring” by {_day(world.round.closes_on)}",
            _url("round-answer", world.org.slug, world.round.pk),
        ),
        ("Vote on the decision “Minibus”", _url("decision-vote", world.org.slug, scene.minibus.pk)),
        (
            "Vote on the decision “Saturday opening”",
            _url("decision-vote", world.org.slug, world.decision.pk),
        ),
        (
            "Say what you think of 1 statement in “Saturdays”",
            _url("conversation-vote", world.org.slug, world.conversation.pk),
        ),
    ]
    client = world.client("member")
    assert _listed(client) == expected
    assert _listed(client, "for-running") == []
    text = _text(client)
    assert "There is 1 paper to read." in text  # the Spring meeting, which the member is coming to
    assert "The papers are not out yet. Say if you are coming." in text  # the quick one
    assert "For the groups you run" not in text
    # Not theirs: the board's round, decision and meeting; nothing from another organisation.
    for words in ("Autumn", "Board budget", "Board meeting", "Foreign", "/o/otherton/"):
        assert words not in text


def test_a_facilitators_list_adds_what_waits_in_the_groups_they_run(
    world: World, scene: Scene
) -> None:
    today = scene.today
    client = world.client("facilitator")
    for_you = [words for words, _url in _listed(client)]
    assert for_you == [
        _meeting_words(scene.quick, f"{_day(today + timedelta(days=3))} at 2pm")[0],
        _meeting_words(
            world.meeting,
            f"{_day(timezone.localdate(world.meeting.starts_at))} at "
            f"{waiting.time_of_day(world.meeting.starts_at)}",
        )[0],
        f"Answer the feedback round “Spring” by {_day(world.round.closes_on)}",
        "Vote on the decision “Saturday opening”",  # they voted on the minibus already
        "Say what you think of 2 statements in “Saturdays”",
    ]
    expected_running = [
        (
            "Add the papers for “Quick meeting”: they were due on "
            + _day(today - timedelta(days=4)),
            _url("paper-add", world.org.slug, scene.quick.pk),
        ),
        (
            f"Ask more people to answer “Autumn”: it closes on {_day(today + timedelta(days=5))}",
            scene.autumn.get_absolute_url(),
        ),
        (
            "Ask more people with lived experience to vote on “Minibus”",
            scene.minibus.get_absolute_url(),
        ),
        (
            "Say what changed because of “Tea and talk about the opening hours”",
            _url("activity-edit", world.org.slug, world.initiative.pk, scene.activity.pk),
        ),
    ]
    assert _listed(client, "for-running") == expected_running
    text = _text(client)
    assert "For the groups you run" in text
    assert "0 of the 3 people asked have answered so far." in text
    assert (
        "1 person has voted, 0 with lived experience. At least 33 in 100 need to have it." in text
    )
    # Only the papers are late.
    assert text.count('<strong class="govuk-tag govuk-tag--red">Late</strong>') == 1
    # The board is not theirs to run, and the other organisation is not theirs at all.
    for words in ("Board budget", "Board meeting", "Foreign", "/o/otherton/"):
        assert words not in text


def test_an_admins_list_covers_their_whole_organisation(world: World, scene: Scene) -> None:
    today = scene.today
    client = world.client("admin")
    # Not in any group: only the round that asks everyone who can see its standard.
    assert _listed(client) == [
        (
            f"Answer the feedback round “Spring” by {_day(world.round.closes_on)}",
            _url("round-answer", world.org.slug, world.round.pk),
        )
    ]
    running = [words for words, _url in _listed(client, "for-running")]
    assert running == [
        f"Add the papers for “Board meeting”: they were due on {_day(today - timedelta(days=5))}",
        f"Add the papers for “Quick meeting”: they were due on {_day(today - timedelta(days=4))}",
        f"Ask more people to answer “Autumn”: it closes on {_day(today + timedelta(days=5))}",
        "Ask more people with lived experience to vote on “Minibus”",
        "Say what changed because of “Tea and talk about the opening hours”",
    ]
    text = _text(client)
    assert f"For {world.org.name}" in text
    for words in ("Foreign", "/o/otherton/"):
        assert words not in text
    # The other organisation's admin sees their own things, never ours.
    foreign = _text(world.client("other_admin"))
    assert "Foreign meeting" in foreign and "Foreign decision" in foreign
    for words in ("Quick meeting", "Minibus", "Autumn", "/o/testshire/"):
        assert words not in foreign


def test_the_lists_match_the_selectors(world: World, scene: Scene) -> None:
    """The page lists what each app's selector finds, nothing more."""
    for role in ("member", "facilitator", "admin"):
        user = world.user(role)
        assert user is not None
        viewer = waiting.viewer_for(user)
        found = {("round-answer", r.pk) for r in standards_selectors.rounds_to_answer(viewer)} | {
            ("decision-vote", d.pk) for d in decision_selectors.decisions_to_vote_on(viewer)
        }
        found |= {
            ("conversation-vote", c.pk) for c in opinions_selectors.conversations_to_vote_in(viewer)
        }
        found |= {("meeting", m.pk) for m in meeting_selectors.meetings_coming_up(viewer)}
        if viewer.runs_anything:
            found |= {
                ("round-few-answers", few.round.pk)
                for few in standards_selectors.rounds_closing_with_few_answers(viewer)
            }
            found |= {
                ("decision-quorum", d.pk)
                for d, _q in decision_selectors.decisions_short_of_quorum(viewer)
            }
            found |= {
                ("papers-late", m.pk) for m in meeting_selectors.meetings_with_papers_late(viewer)
            }
            found |= {
                ("activity-effect", a.pk)
                for a in record_selectors.activities_without_effect(viewer)
            }
        listed = waiting.items_for(user)
        assert len(listed) == len(found), role
        page = _listed(world.client(role)) + _listed(world.client(role), "for-running")
        assert [i.url for i in listed if not i.running] + [i.url for i in listed if i.running] == [
            url for _words, url in page
        ]


def test_things_done_leave_the_list(world: World, scene: Scene) -> None:
    member, facilitator = world.member, world.facilitator
    # The member sends their answers, votes on both decisions and the last statement,
    # and says they are not coming to the quick meeting.
    who = standards_actions.Respondent(person=member, browser_key="k" * 24)
    statement = world.round.version.statements.first()
    assert statement is not None
    standards_actions.answer_save(round_=world.round, who=who, statement=statement, value=3)
    standards_actions.response_submit(round_=world.round, who=who)
    for decision in (scene.minibus, world.decision):
        decision_actions.vote_cast(actor=member, decision=decision, choice="agree")
    left = world.conversation.statements.filter(status="shown").exclude(
        votes__participant__person=member
    )
    opinions_actions.vote_cast(actor=member, statement=left.get(), value=0)
    meeting_actions.registration_save(
        actor=member, meeting=scene.quick, coming=False, share_access_needs=False
    )
    assert _listed(world.client("member")) == [
        _meeting_words(
            world.meeting,
            f"{_day(timezone.localdate(world.meeting.starts_at))} at "
            f"{waiting.time_of_day(world.meeting.starts_at)}",
        )
    ]
    # The facilitator adds the papers, records what changed, and closes the conversation;
    # the member (with lived experience) voting on the minibus met its quorum.
    meeting_actions.paper_add(
        actor=facilitator,
        meeting=scene.quick,
        title="Agenda",
        file=SimpleUploadedFile("agenda.txt", b"Agenda."),
    )
    record_actions.activity_save(
        actor=facilitator,
        initiative=world.initiative,
        stage=scene.activity.stage,
        on=scene.activity.on,
        status="done",
        what=scene.activity.what,
        rung_claimed=5,
        nothing_changed=True,
        activity=scene.activity,
    )
    opinions_actions.conversation_set_status(
        actor=facilitator, conversation=world.conversation, status=Conversation.Status.CLOSED
    )
    running = [words for words, _url in _listed(world.client("facilitator"), "for-running")]
    assert running == [
        f"Ask more people to answer “Autumn”: it closes on {_day(scene.today + timedelta(days=5))}"
    ]
    for_you = [words for words, _url in _listed(world.client("facilitator"))]
    assert not any("Saturdays" in words for words in for_you)
    # A closed decision is not open to votes.
    decision_actions.decision_count(actor=facilitator, decision=world.decision)
    decision_actions.decision_close(actor=facilitator, decision=world.decision, reasons="Agreed.")
    for_you = [words for words, _url in _listed(world.client("facilitator"))]
    assert "Vote on the decision “Saturday opening”" not in for_you


def test_a_round_for_other_groups_asks_only_their_members(world: World, scene: Scene) -> None:
    asked = User.objects.filter(memberships__group=world.other_group).first()
    assert asked is not None
    client = Client()
    client.force_login(asked, backend="django.contrib.auth.backends.ModelBackend")
    words = [w for w, _url in _listed(client)]
    assert f"Answer the feedback round “Autumn” by {_day(scene.autumn.closes_on)}" in words
    # Once sent, it goes; and the facilitator's count goes up.
    who = standards_actions.Respondent(person=asked)
    first = scene.autumn.version.statements.first()
    assert first is not None
    standards_actions.answer_save(
        round_=scene.autumn, who=who, statement=first, value=3, dont_know=False, comment=""
    )
    standards_actions.response_submit(round_=scene.autumn, who=who)
    assert not any("Autumn" in w for w, _url in _listed(client))
    assert "1 of the 3 people asked has answered so far." in _text(world.client("facilitator"))


def test_an_answered_challenge_to_a_word_is_shown_to_the_person_who_raised_it(
    world: World,
) -> None:
    speakeasy_actions.challenge_explain(
        actor=world.facilitator,
        challenge=world.challenge,
        explanation="Help to get back on your feet after an illness.",
    )
    url = _url("words", world.org.slug) + f"#challenge-{world.challenge.pk}"
    assert ("Read the answer to your challenge to the word “reablement”", url) in _listed(
        world.client("member")
    )
    assert (
        f'id="challenge-{world.challenge.pk}"'
        in world.client("member").get(_url("words", world.org.slug)).content.decode()
    )
    assert not any("reablement" in w for w, _url in _listed(world.client("facilitator")))
    # After two weeks it has been seen long enough.
    later = timezone.now() + timedelta(days=speakeasy_selectors.ANSWERED_SHOWN_DAYS + 1)
    assert not [i for i in waiting.items_for(world.member, later) if i.kind == "challenge-answered"]


def test_easy_read_says_it_in_short_sentences_with_pictures(world: World, scene: Scene) -> None:
    actions.preferences_update(
        user=world.member, text_size="standard", high_contrast=False, easy_read=True
    )
    client = world.client("member")
    body = client.get(reverse("home")).content.decode()
    assert "ev-todo--easy" in body
    assert body.count('class="ev-todo__icon"') == len(_listed(client))
    assert [w for w, _url in _listed(client)][:3] == [
        "Get ready for the meeting “Quick meeting”.",
        "Get ready for the meeting “Spring meeting”.",
        "Tell us what you think: “Spring”.",
    ]
    text = html.unescape(body)
    assert f"Do it by {_day(world.round.closes_on)}." in text
    assert "Things to do" in text


def test_words_for_dates_and_times() -> None:
    today = date(2026, 12, 6)
    assert waiting.day(date(2026, 12, 12), today) == "Saturday 12 December"
    assert waiting.day(date(2027, 1, 4), today) == "Monday 4 January 2027"
    assert waiting.time_of_day(_at(today, 14)) == "2pm"
    assert waiting.time_of_day(_at(today, 10, 30)) == "10:30am"
    assert waiting.time_of_day(_at(today, 12)) == "midday"
    assert waiting.time_of_day(_at(today, 0, 5)) == "12:05am"
    assert waiting.short("one two three four", 9) == "one two…"


def test_every_app_says_what_is_waiting() -> None:
    names = {p.__module__ for p in waiting.providers()}
    assert names == {
        f"equalvoice.{app}.selectors"
        for app in (
            "standards",
            "opinions",
            "decisions",
            "meetings",
            "speakeasy",
            "record",
            "plans",
            "peer",
            "documents",
        )
    }


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("home")).status_code == 200
    return len(ctx.captured_queries)


def _more(world: World, scene: Scene, n: int, start: int = 0) -> None:
    today = scene.today
    for i in range(start, start + n):
        standards_actions.round_save(
            actor=world.facilitator,
            standard=world.standard,
            name=f"Extra round {i}",
            opens_on=today,
            closes_on=today + timedelta(days=3 + i),
            anonymous=i % 2 == 0,
            scale="easy_read_4",
            groups=[world.group] if i % 2 else [],
        )
        decision = decision_actions.decision_create(
            actor=world.facilitator,
            group=world.group,
            title=f"Extra decision {i}",
            proposal="More.",
            method="consent",
        )
        decision_actions.vote_cast(actor=world.facilitator, decision=decision, choice="agree")
        meeting_actions.meeting_save(
            actor=world.facilitator,
            group=world.group,
            title=f"Extra meeting {i}",
            kind="meeting",
            place="Town hall",
            starts_at=_at(today + timedelta(days=2 + i), 10),
            ends_at=_at(today + timedelta(days=2 + i), 11),
        )
        opinions_actions.conversation_create(
            actor=world.facilitator,
            group=world.group,
            title=f"Extra conversation {i}",
            question="More?",
            seeds=["More.", "Less."],
        )
        record_actions.activity_save(
            actor=world.facilitator,
            initiative=world.initiative,
            stage=scene.activity.stage,
            on=today,
            status="done",
            what=f"Extra activity {i}",
            rung_claimed=4,
        )
        challenge = speakeasy_actions.challenge_raise(
            actor=world.member, organisation=world.org, term=f"jargon{i}", reason="dont_understand"
        )
        speakeasy_actions.challenge_explain(
            actor=world.facilitator, challenge=challenge, explanation="A word."
        )


def test_the_home_page_asks_a_fixed_number_of_queries(world: World, scene: Scene) -> None:
    """Once something of each kind is waiting, more of them ask no more queries."""
    roles = ("member", "facilitator", "admin")
    _more(world, scene, 1)
    before = {role: _queries(world.client(role)) for role in roles}
    listed_before = {role: len(_listed(world.client(role), "for-running")) for role in roles}
    _more(world, scene, 4, start=1)
    after = {role: _queries(world.client(role)) for role in roles}
    assert len(_listed(world.client("member"))) >= 5 * 4  # the extras are listed…
    assert len(_listed(world.client("facilitator"), "for-running")) > listed_before["facilitator"]
    assert before == after, ("queries grow with what is waiting", before, after)  # …same queries
    # The session and the person, where they belong (2), the apps' questions (1), the
    # lists that may have items, and the groups (1). Before the questions: 17, 23 and 21.
    assert after == {"member": 11, "facilitator": 15, "admin": 12}, after


def test_kinds_with_nothing_waiting_ask_no_more_than_their_question(
    world: World, scene: Scene
) -> None:
    """Each app's lists are read only when its question finds something: a person with
    nothing waiting anywhere costs the same few queries however much the others have."""
    quiet_group = factories.group(world.org, name="Quiet group")
    (newcomer,) = _people(quiet_group, 1)
    client = Client()
    client.force_login(newcomer)
    quiet = _queries(client)
    _more(world, scene, 3)
    assert _queries(client) == quiet
    assert _listed(client) == []
    assert "Quiet group" in _text(client)
    # The session and the person (2), where they belong (2), the apps' questions (1),
    # the lists read with no question first (rounds to answer, conversations, meetings
    # coming up: 3) and the groups (1). Before the questions, 17.
    assert quiet == 9


def _every_list(viewer: waiting.Viewer) -> list[waiting.Waiting]:
    """Every provider's items with no question asked first: every list read."""
    found = [item for provider in waiting.providers() for item in provider(viewer)]
    return sorted(found, key=lambda item: item.sort_key)


def test_the_questions_never_hide_anything(world: World, scene: Scene) -> None:
    """Asking each app first changes how many lists are read, never what is listed: for
    each person, the page's list is every provider's list read in full."""
    quiet_group = factories.group(world.org, name="Quiet group")
    (quiet,) = _people(quiet_group, 1)
    people = [world.member, world.facilitator, world.admin, world.other_admin, quiet]
    said_no = said_yes = 0
    for person in people:
        viewer = waiting.viewer_for(person)
        asked = waiting.answered(viewer)
        said_no += len(asked.asked - asked.found)
        said_yes += len(asked.found)
        assert waiting.collect(viewer) == _every_list(viewer), person.name
    # Both answers were given, so the comparison covers lists skipped and lists read.
    assert said_no and said_yes
    assert waiting.collect(waiting.viewer_for(quiet)) == []
