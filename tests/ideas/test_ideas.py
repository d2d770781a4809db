"""The ideas board through its actions and pages: adding (also for someone, with their
agreement), support, comments, answers, putting ideas together, permissions and bad input.

Run with `--ds=tests.ideas.settings` until the app is in the real settings."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from equalvoice.core import actions as core_actions
from equalvoice.core.models import AuditEvent, Membership
from equalvoice.core.selectors import personal_data
from equalvoice.ideas import actions, selectors
from equalvoice.ideas.models import Authorship, Idea, IdeaComment, IdeaEvent, Support
from equalvoice.record import actions as record_actions

from .. import factories
from ..conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world: World) -> World:
    """The shared World, with its ideas board emptied: these tests start from nothing."""
    Idea.objects.all().delete()
    return world


def png(name: str = "drawing.png") -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (61, 36, 102)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _idea(world: World, title: str = "Saturday club", **kwargs: object) -> Idea:
    kwargs.setdefault("actor", world.member)
    return actions.idea_add(group=world.group, title=title, text="Meet on Saturdays.", **kwargs)  # type: ignore[arg-type]


def _board(world: World) -> str:
    return reverse("group-ideas", args=[world.org.slug, world.group.slug])


def _create(world: World) -> str:
    return reverse("idea-create", args=[world.org.slug, world.group.slug])


def _combine(world: World) -> str:
    return reverse("ideas-combine", args=[world.org.slug, world.group.slug])


# Adding ideas


def test_a_member_adds_an_idea_with_a_picture(world: World) -> None:
    client = world.client("member")
    response = client.post(
        _create(world),
        {"title": "Saturday club", "text": "A club on Saturdays, with music.", "picture": png()},
    )
    assert response.status_code == 302
    idea = Idea.objects.get(title="Saturday club")
    assert list(idea.authors.all()) == [world.member]
    assert idea.status == Idea.Status.NEW and idea.picture
    assert response["Location"] == idea.get_absolute_url()
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "A club on Saturdays, with music." in page and "Mo Member" in page
    assert "Mo Member added the idea" in page
    picture = reverse("idea-picture", args=[world.org.slug, idea.pk])
    assert picture in page
    shown = client.get(picture)
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert world.client("other_admin").get(picture).status_code == 404
    event = AuditEvent.objects.filter(verb="idea.create").latest("id")
    assert event.actor == world.member and event.organisation == world.org
    board = client.get(_board(world)).content.decode()
    assert "Saturday club" in board and "0 people support it" in board


def test_a_supporter_adds_an_idea_for_a_member_only_with_their_agreement(world: World) -> None:
    with pytest.raises(ValidationError, match="agreed"):
        _idea(world, actor=world.facilitator, for_person=world.no_email_member)
    url = _create(world) + "?for=someone"
    client = world.client("facilitator")
    assert "Whose idea is this?" in client.get(url).content.decode()
    typed = {"for_person": world.no_email_member.pk, "title": "A quiet room"}
    refused = client.post(url, typed)
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "Tick to confirm the person agreed to you adding their idea" in body
    assert "A quiet room" in body
    assert not Idea.objects.exists()
    made = client.post(url, {**typed, "consent_confirmed": "on"})
    assert made.status_code == 302
    idea = Idea.objects.get()
    authorship = Authorship.objects.get(idea=idea)
    assert authorship.person == world.no_email_member
    assert authorship.entered_by == world.facilitator and authorship.consent_confirmed
    page = world.client("member").get(idea.get_absolute_url()).content.decode()
    assert "Nell Noemail (written down by Fran Facilitator, with their agreement)" in page
    event = AuditEvent.objects.filter(verb="idea.create").latest("id")
    assert event.actor == world.facilitator and event.on_behalf_of == world.no_email_member


def test_only_those_who_run_the_group_add_ideas_for_others(world: World) -> None:
    with pytest.raises(PermissionDenied):
        _idea(world, for_person=world.no_email_member, consent_confirmed=True)
    assert world.client("member").get(_create(world) + "?for=someone").status_code == 403
    # An admin outside the group can only write ideas down for members.
    page = world.client("admin").get(_create(world)).content.decode()
    assert "Whose idea is this?" in page
    with pytest.raises(PermissionDenied):
        _idea(world, actor=world.admin)
    with pytest.raises(ValidationError, match="member of the group"):
        _idea(world, actor=world.admin, for_person=world.other_admin, consent_confirmed=True)


def test_an_initiative_must_be_of_the_same_organisation(world: World) -> None:
    theirs = record_actions.initiative_save(
        actor=world.other_admin, organisation=world.other_org, title="Elsewhere", kind="plan"
    )
    with pytest.raises(ValidationError, match="initiative"):
        _idea(world, initiative=theirs)
    ours = _idea(world, initiative=world.initiative)
    assert ours.initiative == world.initiative
    board = world.client("member").get(_board(world) + f"?initiative={world.initiative.pk}")
    assert "Saturday club" in board.content.decode()


# Support and comments


def test_support_is_one_per_person_and_can_be_taken_back(world: World) -> None:
    idea = _idea(world)
    actions.idea_support(actor=world.facilitator, idea=idea, support=True)
    actions.idea_support(actor=world.facilitator, idea=idea, support=True)
    assert Support.objects.filter(idea=idea).count() == 1
    url = reverse("idea-support", args=[world.org.slug, idea.pk])
    client = world.client("member")
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Support this idea" in page
    assert client.post(url, {"support": "1"}).status_code == 302
    assert client.post(url, {"support": "1"}).status_code == 302
    assert Support.objects.filter(idea=idea).count() == 2
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Stop supporting" in page and "2 people support this idea" in page
    client.post(url, {"support": "0"})
    assert not Support.objects.filter(idea=idea, person=world.member).exists()
    assert client.get(url).status_code == 405
    # An admin outside the group sees the idea but does not support it.
    assert world.client("admin").post(url, {"support": "1"}).status_code == 403
    assert AuditEvent.objects.filter(verb="idea.support").count() == 2


def test_members_comment_and_an_empty_comment_is_a_plain_error(world: World) -> None:
    idea = _idea(world)
    client = world.client("member")
    empty = client.post(idea.get_absolute_url(), {"text": "   "})
    assert empty.status_code == 400
    assert "Write your comment" in empty.content.decode()
    too_long = client.post(idea.get_absolute_url(), {"text": "x" * 5001})
    assert too_long.status_code == 400
    assert "5000 characters or fewer" in too_long.content.decode()
    done = client.post(idea.get_absolute_url(), {"text": "Yes, and a café too"}, follow=True)
    assert "Yes, and a café too" in done.content.decode()
    assert IdeaComment.objects.get().author == world.member
    assert world.client("admin").post(idea.get_absolute_url(), {"text": "Hi"}).status_code == 403


# Answers


def test_an_answer_needs_words_and_only_facilitators_and_admins_give_one(world: World) -> None:
    idea = _idea(world)
    url = reverse("idea-respond", args=[world.org.slug, idea.pk])
    assert world.client("member").get(url).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.idea_respond(actor=world.member, idea=idea, status="done", response="Done")
    client = world.client("facilitator")
    blank = client.post(url, {"status": "considering", "response": "  "})
    assert blank.status_code == 400
    assert "Say what happens next, and why" in blank.content.decode()
    with pytest.raises(ValidationError, match="Say what happens next"):
        actions.idea_respond(actor=world.facilitator, idea=idea, status="done", response="")
    answer = "We will try it in May, because 12 people asked for it."
    assert client.post(url, {"status": "taken_forward", "response": answer}).status_code == 302
    idea.refresh_from_db()
    assert idea.status == Idea.Status.TAKEN_FORWARD and idea.responded_by == world.facilitator
    page = world.client("member").get(idea.get_absolute_url()).content.decode()
    assert "We are taking it forward" in page and answer in page
    assert "Fran Facilitator answered: We are taking it forward" in page
    assert world.client("admin").get(url).status_code == 200


# Putting ideas together


def test_putting_ideas_together_keeps_authors_supporters_and_history(world: World) -> None:
    mine = _idea(world, title="Saturday club")
    theirs = _idea(
        world,
        title="Music on Saturdays",
        actor=world.facilitator,
        for_person=world.no_email_member,
        consent_confirmed=True,
    )
    actions.idea_support(actor=world.facilitator, idea=mine, support=True)
    actions.idea_support(actor=world.no_email_member, idea=theirs, support=True)
    actions.idea_comment_add(actor=world.facilitator, idea=theirs, text="Live music would be good")
    client = world.client("member")
    form = client.get(_combine(world) + f"?ideas={mine.pk}").content.decode()
    assert "Saturday club (from Mo Member)" in form
    response = client.post(
        _combine(world),
        {"ideas": [mine.pk, theirs.pk], "title": "Saturday club with music", "text": ""},
    )
    assert response.status_code == 302
    combined = Idea.objects.get(title="Saturday club with music")
    assert set(combined.authors.all()) == {world.member, world.no_email_member}
    kept = Authorship.objects.get(idea=combined, person=world.no_email_member)
    assert kept.entered_by == world.facilitator and kept.consent_confirmed
    assert set(Support.objects.filter(idea=combined).values_list("person", flat=True)) == {
        world.facilitator.pk,
        world.no_email_member.pk,
    }
    assert "Meet on Saturdays." in combined.text  # their own words, kept
    for original in (mine, theirs):
        original.refresh_from_db()
        assert original.status == Idea.Status.COMBINED and original.combined_into == combined
        # The originals keep their own authors and supporters too.
        assert original.authorships.exists() and original.supports.exists()
    page = client.get(combined.get_absolute_url()).content.decode()
    assert "Mo Member added the idea" in page  # the history of each original
    assert "Fran Facilitator wrote down Nell Noemail’s idea, with their agreement" in page
    assert "Mo Member put these ideas together" in page
    assert "Live music would be good" in page  # comments on the originals
    assert "Nell Noemail (written down by Fran Facilitator, with their agreement)" in page
    assert mine.get_absolute_url() in page and theirs.get_absolute_url() in page
    old = client.get(mine.get_absolute_url()).content.decode()
    assert "Put with other ideas" in old and combined.get_absolute_url() in old
    assert "Support this idea" not in old  # support goes to the new idea
    board = client.get(_board(world)).content.decode()
    assert "Now part of" in board
    assert AuditEvent.objects.filter(verb="idea.combine", actor=world.member).count() == 1
    # The new idea can itself be put together again, and keeps the whole history.
    third = _idea(world, title="Bus there")
    again = actions.ideas_combine(actor=world.member, ideas=[combined, third], title="Saturdays")
    earlier = selectors.ancestors(again)
    assert {mine.pk, theirs.pk, combined.pk, third.pk} == set(earlier)
    texts = [e.text for e in selectors.history(again, earlier)]
    assert "Mo Member added the idea" in texts


def test_putting_ideas_together_is_refused_plainly(world: World) -> None:
    first = _idea(world, title="Saturday club")
    second = _idea(world, title="Sunday club")
    client = world.client("member")
    one = client.post(_combine(world), {"ideas": [first.pk], "title": "Weekend club"})
    assert one.status_code == 400
    body = one.content.decode()
    assert "Choose two or more ideas to put together" in body and "Weekend club" in body
    actions.idea_respond(
        actor=world.facilitator, idea=second, status="not_now", response="No money this year."
    )
    closed = client.post(_combine(world), {"ideas": [first.pk, second.pk], "title": "Weekend club"})
    assert closed.status_code == 400
    assert "The answer to “Sunday club” is Not now. Choose open ideas." in closed.content.decode()
    third = _idea(world, title="Music")
    actions.ideas_combine(actor=world.member, ideas=[first, third], title="Music club")
    twice = client.post(_combine(world), {"ideas": [first.pk, third.pk], "title": "Again"})
    assert twice.status_code == 400
    assert "“Saturday club” is already part of another idea" in twice.content.decode()
    assert not Idea.objects.filter(title__in=["Weekend club", "Again"]).exists()
    # Ideas from two groups do not go together.
    Membership.objects.create(group=world.other_group, user=world.member)
    elsewhere = actions.idea_add(actor=world.member, group=world.other_group, title="Board idea")
    fourth = _idea(world, title="Garden")
    fifth = _idea(world, title="Seeds")
    with pytest.raises(ValidationError, match="same group"):
        actions.ideas_combine(actor=world.member, ideas=[fourth, elsewhere], title="Mixed")
    # An idea of another group is not on the form's list at all.
    foreign = client.post(_combine(world), {"ideas": [fourth.pk, elsewhere.pk], "title": "Mixed"})
    assert foreign.status_code == 400
    assert "Choose ideas to put together from the list" in foreign.content.decode()
    with pytest.raises(PermissionDenied):
        actions.ideas_combine(actor=world.other_admin, ideas=[fourth, fifth], title="Theirs")


def test_a_combined_idea_takes_no_more_support_answers_or_comments(world: World) -> None:
    first, second = _idea(world, title="One"), _idea(world, title="Two")
    actions.ideas_combine(actor=world.member, ideas=[first, second], title="Both")
    first.refresh_from_db()
    with pytest.raises(ValidationError, match="part of another idea"):
        actions.idea_support(actor=world.member, idea=first)
    with pytest.raises(ValidationError, match="part of another idea"):
        actions.idea_respond(actor=world.facilitator, idea=first, status="done", response="x")
    with pytest.raises(ValidationError, match="part of another idea"):
        actions.idea_comment_add(actor=world.member, idea=first, text="x")
    url = reverse("idea-support", args=[world.org.slug, first.pk])
    followed = world.client("member").post(url, {"support": "1"}, follow=True)
    assert "part of another idea" in followed.content.decode()


# Who sees what


def test_other_organisations_and_other_groups_get_not_found(world: World) -> None:
    idea = _idea(world)
    other = world.client("other_admin")
    assert other.get(idea.get_absolute_url()).status_code == 404
    assert other.get(_board(world)).status_code == 404
    Membership.objects.create(group=world.other_group, user=world.facilitator, role="facilitator")
    theirs = actions.idea_add(actor=world.facilitator, group=world.other_group, title="Board")
    assert world.client("member").get(theirs.get_absolute_url()).status_code == 404
    assert world.client("admin").get(theirs.get_absolute_url()).status_code == 200


def test_people_not_signed_in_are_sent_to_sign_in(world: World) -> None:
    idea = _idea(world)
    anonymous = world.client("anonymous")
    for url in (
        _board(world),
        _create(world),
        _combine(world),
        idea.get_absolute_url(),
        reverse("idea-respond", args=[world.org.slug, idea.pk]),
        reverse("idea-picture", args=[world.org.slug, idea.pk]),
    ):
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("sign-in"))
    posted = anonymous.post(reverse("idea-support", args=[world.org.slug, idea.pk]))
    assert posted.status_code == 302 and not Support.objects.exists()


def test_the_board_filters_by_status_without_more_queries_for_more_ideas(world: World) -> None:
    first = _idea(world, title="Saturday club")
    _idea(world, title="Sunday club")
    actions.idea_respond(actor=world.facilitator, idea=first, status="done", response="We did it.")
    client = world.client("member")
    board = client.get(_board(world)).content.decode()
    assert board.index("Sunday club") < board.index("Saturday club")  # newest first
    done = client.get(_board(world) + "?status=done").content.decode()
    assert "Saturday club" in done and "Sunday club" not in done
    still_open = client.get(_board(world) + "?status=open").content.decode()
    assert "Sunday club" in still_open and "Saturday club" not in still_open
    assert client.get(_board(world) + "?status=nonsense").status_code == 200

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_board(world)).status_code == 200
        return len(captured)

    before = queries()
    for n in range(5):
        person = factories.make_user(name=f"Person {n}")
        core_actions.membership_add(actor=world.admin, group=world.group, user=person)
        made = actions.idea_add(actor=person, group=world.group, title=f"Idea {n}")
        actions.idea_support(actor=world.member, idea=made)
    assert queries() == before


def test_personal_data_lists_ideas_comments_and_support(world: World) -> None:
    idea = _idea(world)
    actions.idea_comment_add(actor=world.member, idea=idea, text="And tea")
    actions.idea_support(actor=world.member, idea=idea)
    data = personal_data(world.member)["ideas"]
    assert data["your_ideas"][0]["idea"] == "Saturday club"  # type: ignore[index]
    assert data["comments"] == [  # type: ignore[index]
        {
            "idea": "Saturday club",
            "said": "And tea",
            "at": IdeaComment.objects.get().created_at.isoformat(),
        }
    ]
    assert data["supported"] == ["Saturday club"]  # type: ignore[index]


# Bad input


def test_bad_input_gives_plain_errors_and_loses_nothing(world: World) -> None:
    client = world.client("member")
    empty = client.post(_create(world), {"title": "", "text": "Keep these words"})
    assert empty.status_code == 400
    body = empty.content.decode()
    assert "There is a problem" in body and "Give the idea a title in a few words" in body
    assert "Keep these words" in body
    big = client.post(_create(world), {"title": "Big", "text": "x" * 10_001})
    assert big.status_code == 400
    assert "10000 characters or fewer" in big.content.decode()
    long_title = client.post(_create(world), {"title": "t" * 201})
    assert long_title.status_code == 400
    assert "200 characters or fewer" in long_title.content.decode()
    not_a_picture = SimpleUploadedFile("drawing.png", b"not really a picture", "image/png")
    bad = client.post(
        _create(world), {"title": "Garden", "text": "Grow food", "picture": not_a_picture}
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "This file is not a picture we can use" in body
    assert 'value="Garden"' in body and "Grow food" in body
    text_file = SimpleUploadedFile("notes.txt", b"hello", "text/plain")
    wrong_kind = client.post(_create(world), {"title": "Garden", "picture": text_file})
    assert "Choose a .png, .jpg or .webp picture" in wrong_kind.content.decode()
    assert not Idea.objects.exists()
    assert not IdeaEvent.objects.exists()
