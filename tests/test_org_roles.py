"""Organisation roles: an organisation admin makes a person an admin too, or a member
again; an organisation always keeps an admin."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from equalvoice.core import actions
from equalvoice.core.models import AuditEvent, OrgMembership, Role, User

from .conftest import World


def _url(world: World, person: User) -> str:
    return reverse(
        "member-org-role",
        kwargs={"org": world.org.slug, "group": world.group.slug, "user_id": person.pk},
    )


def _role(world: World, person: User) -> str:
    return OrgMembership.objects.get(organisation=world.org, user=person).role


def test_an_admin_makes_someone_an_admin_and_back(world: World) -> None:
    client = world.client("admin")
    member_page = reverse(
        "member",
        kwargs={"org": world.org.slug, "group": world.group.slug, "user_id": world.member.pk},
    )
    assert _url(world, world.member) in client.get(member_page).content.decode()
    response = client.post(_url(world, world.member), {"role": "admin"})
    assert response.status_code == 302
    assert "Mo Member is now: organisation admin." in client.get(member_page).content.decode()
    assert _role(world, world.member) == Role.ADMIN
    assert AuditEvent.objects.filter(
        verb="orgmembership.update",
        summary="Mo Member is now organisation admin of Testshire Council",
    ).exists()
    assert client.post(_url(world, world.member), {"role": "member"}).status_code == 302
    assert _role(world, world.member) == Role.MEMBER


def test_the_only_admin_cannot_stop_being_one(world: World) -> None:
    client = world.client("admin")
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        actions.org_role_set(
            actor=world.admin, organisation=world.org, person=world.admin, role=Role.MEMBER
        )
    assert "the only admin of Testshire Council" in str(error.value)
    assert _role(world, world.admin) == Role.ADMIN and AuditEvent.objects.count() == events
    # Through the web: the member is made admin, then the first admin leaves the role.
    actions.org_role_set(
        actor=world.admin, organisation=world.org, person=world.member, role=Role.ADMIN
    )
    actions.membership_add(actor=world.admin, group=world.group, user=world.admin)
    assert client.post(_url(world, world.admin), {"role": "member"}).status_code == 302
    assert _role(world, world.admin) == Role.MEMBER
    # Now the member is the only admin, and the page says so plainly.
    member_client = world.client("member")
    refused = member_client.post(_url(world, world.member), {"role": "member"})
    body = refused.content.decode()
    assert refused.status_code == 400 and "There is a problem" in body
    assert "Mo Member is the only admin of Testshire Council" in body
    assert _role(world, world.member) == Role.ADMIN


def test_the_only_admin_can_delete_their_account_once_there_is_another(world: World) -> None:
    client = world.client("admin")
    assert client.post(reverse("account-delete"), {"confirm": "yes"}).status_code == 400
    client.post(_url(world, world.facilitator), {"role": "admin"})
    assert client.post(reverse("account-delete"), {"confirm": "yes"}).status_code == 302
    assert User.objects.get(pk=world.admin.pk).erased_at is not None


def test_nobody_else_changes_roles(world: World) -> None:
    for actor in (world.facilitator, world.member, world.other_admin):
        with pytest.raises(PermissionDenied):
            actions.org_role_set(
                actor=actor, organisation=world.org, person=world.member, role=Role.ADMIN
            )
    with pytest.raises(ValidationError):
        actions.org_role_set(
            actor=world.admin, organisation=world.org, person=world.other_admin, role=Role.ADMIN
        )
    with pytest.raises(ValidationError):
        actions.org_role_set(
            actor=world.admin, organisation=world.org, person=world.member, role="owner"
        )
    assert _role(world, world.member) == Role.MEMBER
