"""Deleting an account (erasure): by the person, or by an admin of every organisation they
belong to. Nothing that names or reaches the person is left anywhere in the database;
what they did in groups stays, as "Former member"; a failure changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equalvoice.core import actions, selectors
from equalvoice.core.models import (
    AccessNeeds,
    AuditEvent,
    Consent,
    Contribution,
    Membership,
    OrgMembership,
    Role,
    User,
)
from equalvoice.decisions import actions as decision_actions
from equalvoice.ideas.models import Idea
from equalvoice.meetings import actions as meeting_actions
from equalvoice.meetings.models import MeetingAction, Registration
from equalvoice.opinions.models import Vote

from . import factories
from .conftest import World
from .pages import PAGES

NAME, EMAIL, PASSWORD = "Mo Member", "mo.member@example.org", "correct horse battery"


def _give_the_member_an_address(world: World) -> User:
    """The world's member gets a recognisable email address, used in an invitation too,
    and the facilitator records a vote for them (so the log names them as helped)."""
    User.objects.filter(pk=world.member.pk).update(email=EMAIL)
    actions.invitation_create(actor=world.admin, group=world.other_group, email=EMAIL)
    decision_actions.vote_cast(
        actor=world.facilitator,
        decision=world.decision,
        person=world.member,
        choice="agree",
        consent_confirmed=True,
    )
    return User.objects.get(pk=world.member.pk)


def _text_fields(model: type[models.Model]) -> list[str]:
    kinds = (models.CharField, models.TextField, models.JSONField)
    return [f.name for f in model._meta.get_fields() if isinstance(f, kinds)]


def _where_found(text: str) -> list[str]:
    """Every (model, field) in every app that still holds `text`."""
    found = []
    for model in apps.get_models():
        for name in _text_fields(model):
            if model._default_manager.filter(**{f"{name}__icontains": text}).exists():
                found.append(f"{model._meta.label}.{name}")
    return found


def test_the_person_deletes_their_account_and_nothing_names_them(world: World) -> None:
    person = _give_the_member_an_address(world)
    username = person.username
    assert _where_found(NAME) and _where_found(EMAIL)  # the check can find them
    client = Client()
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post(reverse("account-delete"), {"confirm": "yes"})

    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert "Your account is deleted" in client.get(reverse("home")).content.decode()
    assert _where_found(NAME) == []
    assert _where_found(EMAIL) == []
    assert not User.objects.filter(username=username).exists()
    person.refresh_from_db()
    assert person.name == "Former member" and person.email is None
    assert person.erased_at is not None and not person.is_active
    assert not person.has_usable_password()
    # Special-category data and places in groups are gone.
    assert not AccessNeeds.objects.filter(user=person).exists()
    assert not Consent.objects.filter(user=person).exists()
    assert not OrgMembership.objects.filter(user=person).exists()
    assert not Membership.objects.filter(user=person).exists()
    # Signed out here, and cannot sign in again.
    assert client.get(reverse("my-data")).status_code == 302
    assert not Client().login(username=username, password=PASSWORD)
    signed_in = Client()
    assert (
        signed_in.post(reverse("sign-in"), {"email": EMAIL, "password": PASSWORD}).status_code
        == 400
    )


def test_what_they_did_in_groups_stays_as_former_member(world: World) -> None:
    person = world.member
    votes = Vote.objects.filter(participant__person=person).count()
    assert votes and Contribution.objects.filter(author=person).exists()

    actions.account_erase(actor=person, person=person)

    assert Vote.objects.filter(participant__person=person).count() == votes
    assert Contribution.objects.get(pk=world.contribution.pk).author_id == person.pk
    assert Idea.objects.get(pk=world.idea.pk).authors.get().name == "Former member"
    # The group's pages show "Former member" and never the name, for everyone who can see.
    for role in ("facilitator", "admin"):
        client = world.client(role)
        for page in PAGES:
            if page.post_only:
                continue
            response = client.get(page.url(world))
            assert response.status_code != 500, page.name
            assert NAME not in response.content.decode(), f"{page.name} shows the name"


def test_the_audit_log_keeps_the_change_but_not_the_name(world: World) -> None:
    person = _give_the_member_an_address(world)
    # Another person whose name contains the member's first name is left alone.
    other = factories.make_user(name="Mo")
    actions.membership_add(actor=world.admin, group=world.group, user=other)
    before = AuditEvent.objects.filter(organisation=world.org).count()

    actions.account_erase(actor=person, person=person)

    log = AuditEvent.objects.filter(organisation=world.org)
    assert log.count() == before + 1
    assert not log.filter(summary__contains=NAME).exists()
    assert not log.filter(summary__icontains=EMAIL).exists()
    assert log.filter(summary="Former member joined Testshire Council").exists()
    assert log.filter(summary="Mo added to Expert panel as Member").exists()
    deleted = log.get(verb="user.erase")
    assert deleted.summary == "A person deleted their account" and deleted.actor is None


def test_future_meetings_lose_them_and_past_ones_keep_them(world: World) -> None:
    person = world.member
    assert Registration.objects.filter(person=person, meeting=world.meeting).exists()
    past = meeting_actions.meeting_save(
        actor=world.facilitator,
        group=world.group,
        title="Winter meeting",
        kind="meeting",
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30) + timedelta(hours=2),
        place="The day centre",
    )
    Registration.objects.create(meeting=past, person=person, attended=True, share_access_needs=True)

    actions.account_erase(actor=person, person=person)

    assert not Registration.objects.filter(person=person, meeting=world.meeting).exists()
    kept = Registration.objects.get(person=person, meeting=past)
    assert kept.attended and not kept.share_access_needs


def test_an_admin_of_all_their_organisations_can_delete_it(world: World) -> None:
    client = world.client("admin")
    url = reverse(
        "member-erase",
        kwargs={"org": world.org.slug, "group": world.group.slug, "user_id": world.member.pk},
    )
    member_page = reverse(
        "member",
        kwargs={"org": world.org.slug, "group": world.group.slug, "user_id": world.member.pk},
    )
    assert url in client.get(member_page).content.decode()  # the link is offered

    no = client.post(url, {"confirm": "no"})
    assert no.status_code == 302 and User.objects.get(pk=world.member.pk).erased_at is None

    yes = client.post(url, {"confirm": "yes"})
    assert yes.status_code == 302
    assert "Mo Member’s account is deleted" in client.get(yes["Location"]).content.decode()
    assert User.objects.get(pk=world.member.pk).erased_at is not None
    event = AuditEvent.objects.get(organisation=world.org, verb="user.erase")
    assert event.actor == world.admin


def test_nobody_else_may_delete_an_account(world: World) -> None:
    for actor in (world.facilitator, world.no_email_member, world.other_admin):
        with pytest.raises(PermissionDenied):
            actions.account_erase(actor=actor, person=world.member)
    # An admin of one of the person's two organisations may not either.
    actions.membership_add(actor=world.other_admin, group=world.foreign_group, user=world.member)
    with pytest.raises(PermissionDenied):
        actions.account_erase(actor=world.admin, person=world.member)
    assert User.objects.get(pk=world.member.pk).erased_at is None
    # The link is not offered to the facilitator or to the admin now.
    url = reverse(
        "member",
        kwargs={"org": world.org.slug, "group": world.group.slug, "user_id": world.member.pk},
    )
    for role in ("facilitator", "admin"):
        assert "delete-account" not in world.client(role).get(url).content.decode()


def test_the_only_admin_is_told_plainly_and_nothing_changes(world: World) -> None:
    client = world.client("admin")
    events = AuditEvent.objects.count()

    response = client.post(reverse("account-delete"), {"confirm": "yes"})

    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in body
    assert "You are the only admin of Testshire Council" in body
    admin = User.objects.get(pk=world.admin.pk)
    assert admin.erased_at is None and admin.is_active
    assert AuditEvent.objects.count() == events
    # With a second admin, the first may go.
    OrgMembership.objects.filter(user=world.facilitator, organisation=world.org).update(
        role=Role.ADMIN
    )
    assert client.post(reverse("account-delete"), {"confirm": "yes"}).status_code == 302
    assert User.objects.get(pk=world.admin.pk).erased_at is not None


def test_a_failure_part_way_leaves_everything_as_it_was(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(person: User) -> None:
        raise RuntimeError("the database went away")

    config = apps.get_app_config("meetings")
    monkeypatch.setattr(config, "erase_person", broken)
    with pytest.raises(RuntimeError):
        actions.account_erase(actor=world.member, person=world.member)
    person = User.objects.get(pk=world.member.pk)
    assert person.name == NAME and person.erased_at is None
    assert AuditEvent.objects.filter(summary__contains=NAME).exists()
    assert AccessNeeds.objects.filter(user=person).exists()


def test_no_is_no_and_nothing_but_yes_deletes(world: World) -> None:
    client = world.client("member")
    assert client.post(reverse("account-delete"), {"confirm": "no"})["Location"] == reverse(
        "my-data"
    )
    for data in ({}, {"confirm": "on"}, {"confirm": "YES"}):
        response = client.post(reverse("account-delete"), data)
        assert response.status_code == 400
        assert "Choose yes or no" in response.content.decode()
    assert User.objects.get(pk=world.member.pk).erased_at is None


def test_deleting_twice_changes_nothing_more(world: World) -> None:
    actions.account_erase(actor=world.member, person=world.member)
    person = User.objects.get(pk=world.member.pk)
    erased_at, events = person.erased_at, AuditEvent.objects.count()
    actions.account_erase(actor=person, person=person)
    assert User.objects.get(pk=person.pk).erased_at == erased_at
    assert AuditEvent.objects.count() == events
    assert selectors.personal_data(person)["organisations"] == []


def test_a_person_with_no_email_can_be_deleted_by_the_admin(world: World) -> None:
    person = world.no_email_member
    actions.account_erase(actor=world.admin, person=person)
    person.refresh_from_db()
    assert person.erased_at is not None and person.name == "Former member"
    assert not person.sign_in_codes.exists()


def test_old_memberships_perspectives_and_other_organisations_logs_are_cleaned(
    world: World,
) -> None:
    person = _give_the_member_an_address(world)
    # Taken out of a group before: that membership is gone, its log entries are not.
    old = actions.membership_add(actor=world.admin, group=world.other_group, user=person)
    actions.membership_remove(actor=world.admin, membership=old)
    # Another organisation invited them by email.
    actions.invitation_create(actor=world.other_admin, group=world.foreign_group, email=EMAIL)
    # They are named as who will do a meeting action.
    MeetingAction.objects.filter(pk=world.meeting_action.pk).update(owner=f"{NAME} and Fran")
    assert AuditEvent.objects.filter(summary__contains="now holds these perspectives").exists()

    actions.account_erase(actor=person, person=person)

    assert not AuditEvent.objects.filter(summary__contains=NAME).exists()
    assert not AuditEvent.objects.filter(summary__icontains=EMAIL).exists()
    assert AuditEvent.objects.filter(
        organisation=world.org, summary="Former member removed from Transformation board"
    ).exists()
    perspectives = AuditEvent.objects.filter(verb="perspectives.set", organisation=world.org)
    assert perspectives.exists()
    assert all(
        e.summary == "Former member's perspectives changed"
        for e in perspectives
        if "Former member" in e.summary
    )
    assert (
        not perspectives.filter(summary__contains="now holds these perspectives")
        .exclude(summary__startswith="Nell")
        .exists()
    )
    assert MeetingAction.objects.get(pk=world.meeting_action.pk).owner == "Former member and Fran"
