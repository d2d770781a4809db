"""Conversations through their actions and pages: starting one, voting one statement at a
time (with and without JavaScript, for yourself or for someone who agreed), adding and
checking statements, "I don't understand this", results in words with small groups
hidden, batched updates, import and export, personal data, and bad input."""

from __future__ import annotations

import html
import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from equalvoice.core import actions as core_actions
from equalvoice.core.models import AuditEvent, Membership, Perspective, User
from equalvoice.core.selectors import personal_data
from equalvoice.opinions import actions, results, selectors
from equalvoice.opinions.engine import ExportError, read_polis_export
from equalvoice.opinions.models import Conversation, Participant, Statement, Vote
from equalvoice.speakeasy.models import Challenge

from .. import factories
from ..conftest import World

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def _url(name: str, conversation: Conversation, **extra: object) -> str:
    return reverse(
        name, kwargs={"org": conversation.organisation.slug, "pk": conversation.pk, **extra}
    )


def _first(world: World) -> Statement:
    return world.conversation.statements.order_by("id")[0]


def _second(world: World) -> Statement:
    return world.conversation.statements.order_by("id")[1]


def _people(world: World, n: int, perspective: Perspective | None = None) -> list[User]:
    people = []
    for i in range(n):
        person = factories.make_user(name=f"Voter {perspective.name if perspective else ''} {i}")
        core_actions.membership_add(actor=world.admin, group=world.group, user=person)
        if perspective is not None:
            core_actions.perspectives_set(
                actor=person, person=person, organisation=world.org, perspectives=[perspective]
            )
        people.append(person)
    return people


def test_facilitator_starts_a_conversation_with_statements(world: World) -> None:
    client = world.client("facilitator")
    url = reverse("conversation-create", kwargs={"org": world.org.slug, "group": world.group.slug})
    response = client.post(
        url,
        {
            "title": "Short breaks",
            "question": "How should we spend the short breaks money?",
            "seeds": "More evening sessions.\n\nMore weekend sessions.\nMore evening sessions.",
            "people_can_add": "on",
        },
    )
    assert response.status_code == 302
    made = Conversation.objects.get(title="Short breaks")
    assert [s.text for s in made.statements.all()] == [
        "More evening sessions.",
        "More weekend sessions.",
    ]
    assert all(s.is_seed and s.status == Statement.Status.SHOWN for s in made.statements.all())
    assert made.people_can_add and not made.check_first


def test_a_bad_conversation_form_keeps_what_was_typed(world: World) -> None:
    client = world.client("facilitator")
    url = reverse("conversation-create", kwargs={"org": world.org.slug, "group": world.group.slug})
    response = client.post(url, {"title": "", "question": "Keep me", "seeds": "x" * 400})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Give the conversation a title" in body
    assert "Keep me" in body
    # The over-long statement is reported after the title is fixed, without a 500.
    response = client.post(url, {"title": "T", "question": "Keep me", "seeds": "x" * 400})
    assert response.status_code == 400
    assert "Keep each statement to 280 characters" in response.content.decode()
    assert not Conversation.objects.filter(title="T").exists()


def test_voting_without_javascript_goes_to_the_next_statement(world: World) -> None:
    client = world.client("member")
    url = _url("conversation-vote", world.conversation)
    page = client.get(url).content.decode()
    # The member already voted on the first statement, so the second comes next.
    assert _second(world).text in page
    assert _first(world).text not in page
    response = client.post(url, {"statement": _second(world).pk, "choice": "disagree"})
    assert response.status_code == 302 and response["Location"] == url
    assert "You have voted on all 2 statements. Thank you." in client.get(url).content.decode()
    # Voting again changes the vote; there is still one vote per statement.
    client.post(url, {"statement": _second(world).pk, "choice": "agree"})
    votes = Vote.objects.filter(participant__person=world.member, statement=_second(world))
    assert [v.value for v in votes] == [1]


def test_voting_with_htmx_swaps_only_the_card(world: World) -> None:
    client = world.client("facilitator")
    url = _url("conversation-vote", world.conversation)
    response = client.post(
        url, {"statement": _first(world).pk, "choice": "agree"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="vote-card"' in body and "<html" not in body
    assert _second(world).text in body


def test_bad_votes_get_plain_answers_not_errors(world: World) -> None:
    client = world.client("member")
    url = _url("conversation-vote", world.conversation)
    response = client.post(url, {"statement": _second(world).pk, "choice": "maybe"})
    assert response.status_code == 400
    assert "Choose agree, disagree or pass" in response.content.decode()
    assert client.post(url, {"statement": "nonsense", "choice": "agree"}).status_code == 404
    assert client.post(url, {"choice": "agree"}).status_code == 404
    other = actions.conversation_create(
        actor=world.facilitator, group=world.group, title="Other", question="?", seeds=["Yes."]
    )
    stranger = other.statements.get()
    assert client.post(url, {"statement": stranger.pk, "choice": "agree"}).status_code == 404
    # A statement still waiting to be checked takes no votes.
    response = client.post(url, {"statement": world.waiting_statement.pk, "choice": "agree"})
    assert response.status_code == 400
    assert not Vote.objects.filter(statement=world.waiting_statement).exists()


def test_a_closed_conversation_takes_no_votes_or_statements(world: World) -> None:
    actions.conversation_set_status(
        actor=world.facilitator, conversation=world.conversation, status="closed"
    )
    with pytest.raises(ValidationError, match="closed"):
        actions.vote_cast(actor=world.member, statement=_second(world), value=1)
    with pytest.raises(ValidationError, match="closed"):
        actions.statement_add(actor=world.member, conversation=world.conversation, text="More.")
    response = world.client("member").post(
        _url("conversation-vote", world.conversation),
        {"statement": _second(world).pk, "choice": "agree"},
    )
    assert response.status_code == 400


def test_members_statements_wait_for_a_facilitator(world: World) -> None:
    assert world.waiting_statement.status == Statement.Status.WAITING
    page = world.client("facilitator").get(_url("conversation", world.conversation))
    assert world.waiting_statement.text in page.content.decode()
    # Members do not see it to vote on until a facilitator shows it.
    statement, progress = selectors.next_statement(
        world.conversation, selectors.own_participant(world.conversation, world.member)
    )
    assert statement == _second(world) and progress.total == 2
    actions.statement_check(actor=world.facilitator, statement=world.waiting_statement, show=True)
    assert selectors.next_statement(world.conversation, None)[1].total == 3
    with pytest.raises(PermissionDenied):
        actions.statement_check(actor=world.member, statement=world.waiting_statement, show=False)


def test_a_duplicate_or_empty_statement_is_refused_plainly(world: World) -> None:
    client = world.client("member")
    url = _url("statement-add", world.conversation)
    response = client.post(url, {"text": "open the day centre on saturdays."})
    assert response.status_code == 400
    assert "already in the conversation" in response.content.decode()
    assert client.post(url, {"text": "   "}).status_code == 400


def test_a_supporter_records_votes_only_with_agreement(world: World) -> None:
    client = world.client("facilitator")
    url = _url("conversation-vote-for", world.conversation)
    response = client.post(url, {"for_person": world.no_email_member.pk})
    assert response.status_code == 400
    assert "agreed to you recording their vote" in response.content.decode()
    response = client.post(url, {"for_person": world.no_email_member.pk, "consent": "on"})
    assert response.status_code == 302
    vote_url = response["Location"]
    assert f"person={world.no_email_member.pk}" in vote_url
    assert world.no_email_member.name in client.get(vote_url).content.decode()
    client.post(
        _url("conversation-vote", world.conversation),
        {"statement": _first(world).pk, "choice": "agree", "person": world.no_email_member.pk},
    )
    vote = Vote.objects.get(participant__person=world.no_email_member)
    assert vote.entered_by == world.facilitator and vote.value == 1
    event = AuditEvent.objects.filter(verb="conversation.vote").latest("id")
    assert event.on_behalf_of == world.no_email_member
    # A member cannot vote for someone else.
    assert (
        world.client("member")
        .get(_url("conversation-vote", world.conversation) + f"?person={world.facilitator.pk}")
        .status_code
        == 403
    )


def test_audit_says_that_someone_voted_never_how(world: World) -> None:
    actions.vote_cast(actor=world.member, statement=_second(world), value=-1)
    summaries = " ".join(
        AuditEvent.objects.filter(verb="conversation.vote").values_list("summary", flat=True)
    ).lower()
    assert "voted" in summaries
    assert "disagree" not in summaries and "agree" not in summaries


def test_i_dont_understand_sends_a_challenge_and_counts_as_a_pass(world: World) -> None:
    statement = actions.statement_add(
        actor=world.facilitator,
        conversation=world.conversation,
        text="We need more reablement at weekends.",
    )
    response = world.client("member").post(
        _url("conversation-vote", world.conversation),
        {"statement": statement.pk, "choice": "unclear"},
    )
    assert response.status_code == 302
    challenge = Challenge.objects.filter(raised_by=world.member).latest("id")
    assert challenge.term == "reablement"
    assert challenge.context == statement.text
    assert Vote.objects.get(participant__person=world.member, statement=statement).value == 0


def test_votes_ask_for_one_update_per_batch(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    Conversation.objects.filter(pk=world.conversation.pk).update(update_waiting=False)
    with django_capture_on_commit_callbacks() as callbacks:
        actions.vote_cast(actor=world.facilitator, statement=_first(world), value=1)
        actions.vote_cast(actor=world.facilitator, statement=_second(world), value=-1)
        actions.vote_cast(actor=world.member, statement=_second(world), value=0)
    assert len(callbacks) == 1
    world.conversation.refresh_from_db()
    assert world.conversation.update_waiting
    # The update clears the flag first, works out the results, and counts every vote.
    refreshed = results.refresh(world.conversation.pk)
    assert refreshed is not None and not refreshed.update_waiting
    assert refreshed.results_votes == 4
    assert refreshed.results["votes"] == 4
    assert refreshed.results_at is not None


def _crowd(world: World) -> Conversation:
    """Two camps of ten, one carers and one staff: every camp agrees on one statement."""
    carers = Perspective.objects.get(organisation=world.org, name="Family carer")
    staff = Perspective.objects.get(organisation=world.org, name="Staff member")
    conversation = actions.conversation_create(
        actor=world.facilitator,
        group=world.group,
        title="Breaks",
        question="What would make breaks better?",
        seeds=[
            "Breaks should be booked online.",
            "Breaks should be booked by phone.",
            "Carers need more breaks.",
            "The cost of breaks should be lower.",
        ],
    )
    first, second, common, cost = conversation.statements.order_by("id")
    for person in _people(world, 10, carers):
        for statement, value in ((first, -1), (second, 1), (common, 1), (cost, 1)):
            actions.vote_cast(actor=person, statement=statement, value=value)
    for person in _people(world, 10, staff):
        for statement, value in ((first, 1), (second, -1), (common, 1), (cost, -1)):
            actions.vote_cast(actor=person, statement=statement, value=value)
    results.refresh(conversation.pk)
    conversation.refresh_from_db()
    return conversation


def test_results_in_words_groups_common_ground_and_perspectives(world: World) -> None:
    conversation = _crowd(world)
    data = conversation.results
    assert data["participants"] == 20 and data["votes"] == 80
    found = selectors.results_for(conversation)
    assert found.ready and len(found.groups) == 2
    assert sorted(g.size for g in found.groups) == [10, 10]
    assert found.common_ground[0].text == "Carers need more breaks."
    assert dict(found.perspectives) == {"Family carer": 10, "Staff member": 10}
    split_texts = {s.text for s in found.splits}
    assert "The cost of breaks should be lower." in split_texts
    page = world.client("member").get(_url("conversation-results", conversation)).content.decode()
    assert "Group A, 10 people" in page and "Group B, 10 people" in page
    assert "Carers need more breaks." in page
    assert "<svg" in page and "<table" in page
    easy = world.client("member").get(_url("conversation-easy-read", conversation))
    assert "We found 2 groups of people who think alike." in easy.content.decode()


def test_small_groups_are_never_shown_broken_down(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    conversation = _crowd(world)
    settings.EQUALVOICE_MIN_GROUP_SIZE = 11
    page = world.client("member").get(_url("conversation-results", conversation)).content.decode()
    assert "fewer than 11 people" in page
    assert "Breaks should be booked online." not in page.split("Common ground")[0]
    assert "Family carer (10)" not in page


def test_results_before_anyone_votes_say_so(world: World) -> None:
    empty = actions.conversation_create(
        actor=world.facilitator, group=world.group, title="Empty", question="Anything?"
    )
    results.refresh(empty.pk)
    page = world.client("member").get(_url("conversation-results", empty))
    assert page.status_code == 200
    assert "There are no results yet" in page.content.decode()


def test_export_and_import_round_trip(world: World) -> None:
    conversation = _crowd(world)
    response = world.client("facilitator").get(_url("conversation-export", conversation))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {"comments.csv", "votes.csv", "participants-votes.csv"} <= names
    everything = " ".join(archive.read(n).decode() for n in names)
    assert "Voter" not in everything and world.member.name not in everything  # no names
    upload = world.client("facilitator").post(
        reverse("conversation-import", kwargs={"org": world.org.slug, "group": world.group.slug}),
        {
            "title": "Brought back",
            "question": "Breaks",
            "comments": SimpleUploadedFile("comments.csv", archive.read("comments.csv")),
            "votes": SimpleUploadedFile("my-votes.csv", archive.read("votes.csv")),
        },
    )
    assert upload.status_code == 302, upload.content.decode()[:2000]
    back = Conversation.objects.get(title="Brought back")
    assert back.statements.count() == 4
    assert Participant.objects.filter(conversation=back).count() == 20
    assert Vote.objects.filter(participant__conversation=back).count() == 80
    assert all(p.person is None for p in back.participants.all())


def test_a_broken_export_gets_a_plain_message_naming_the_file(world: World) -> None:
    url = reverse("conversation-import", kwargs={"org": world.org.slug, "group": world.group.slug})
    comments = b"timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
    votes = b"timestamp,datetime,comment-id,voter-id,vote\n1,x,0,1,seven\n"
    response = world.client("facilitator").post(
        url,
        {
            "title": "Broken",
            "question": "?",
            "comments": SimpleUploadedFile("comments.csv", comments),
            "votes": SimpleUploadedFile("votes.csv", votes),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "votes.csv" in body and "line 2" in body
    assert not Conversation.objects.filter(title="Broken").exists()
    response = world.client("facilitator").post(
        url,
        {
            "title": "Broken",
            "question": "?",
            "comments": SimpleUploadedFile("comments.txt", comments),
            "votes": SimpleUploadedFile("votes.csv", votes),
        },
    )
    assert response.status_code == 400
    assert "Choose a .csv file" in response.content.decode()


def test_a_broken_export_is_explained_in_welsh_to_a_welsh_reader(world: World) -> None:
    url = reverse("conversation-import", kwargs={"org": world.org.slug, "group": world.group.slug})
    comments = b"timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
    votes = b"timestamp,datetime,comment-id,voter-id,vote\n1,x,0,1,7\n"
    client = world.client("facilitator")
    client.cookies["django_language"] = "cy"
    try:
        response = client.post(
            url,
            {
                "title": "Broken",
                "question": "?",
                "comments": SimpleUploadedFile("comments.csv", comments),
                "votes": SimpleUploadedFile("votes.csv", votes),
            },
        )
    finally:
        translation.deactivate()  # the request leaves Welsh on in this thread
    assert response.status_code == 400
    body = html.unescape(response.content.decode())
    # What the engine says in English, and the catalogue's Welsh for the same template.
    with pytest.raises(ExportError) as caught, tempfile.TemporaryDirectory() as folder:
        Path(folder, "comments.csv").write_bytes(comments)
        Path(folder, "votes.csv").write_bytes(votes)
        read_polis_export(folder)
    english = str(caught.value)
    assert english.startswith("votes.csv, line 2: a vote must be 1 (agree)")
    with translation.override("cy"):
        welsh = translation.gettext(caught.value.template) % caught.value.params
    assert welsh != english and welsh.startswith("votes.csv, llinell 2:")
    assert welsh in body and english not in body


def test_personal_data_lists_a_persons_votes_and_statements(world: World) -> None:
    data: list[dict[str, Any]] = personal_data(world.member)["opinions"]  # type: ignore[assignment]
    assert data[0]["conversation"] == "Saturdays"
    assert data[0]["statements_written"] == ["We want music on Saturdays."]
    assert data[0]["votes"][0]["vote"] == "Agree"


def test_people_who_hold_several_perspectives_choose_one(world: World) -> None:
    carers = Perspective.objects.get(organisation=world.org, name="Family carer")
    core_actions.perspectives_set(
        actor=world.member,
        person=world.member,
        organisation=world.org,
        perspectives=[world.perspective, carers],
    )
    url = _url("conversation-perspective", world.conversation)
    response = world.client("member").post(url, {"perspective": "Not mine"})
    assert response.status_code == 400
    response = world.client("member").post(url, {"perspective": "Family carer"})
    assert response.status_code == 302
    own = selectors.own_participant(world.conversation, world.member)
    assert own is not None and own.perspective == "Family carer"


def test_only_members_of_the_group_vote(world: World) -> None:
    outsider = factories.make_user(name="Out Sider")
    core_actions.membership_add(actor=world.admin, group=world.other_group, user=outsider)
    with pytest.raises(PermissionDenied):
        actions.vote_cast(actor=outsider, statement=_first(world), value=1)
    assert not Membership.objects.filter(user=outsider, group=world.group).exists()
    assert not Vote.objects.filter(participant__person=outsider).exists()
