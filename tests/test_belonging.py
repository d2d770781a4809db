"""The signed-in person's roles, remembered for one request (core/belonging.py): the
same answers as the database gives, fewer queries, and nothing kept after a change or
for anyone else."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from equalvoice.core import actions, belonging, selectors
from equalvoice.core.models import Membership, Organisation

from .conftest import World

PERMS = (
    "core.view_group",
    "core.change_group",
    "core.facilitate",
    "core.manage_members",
    "core.contribute",
)


def _answers(world: World, role: str) -> dict[tuple[str, str], bool]:
    user = world.user(role)
    assert user is not None
    return {
        (perm, group.name): user.has_perm(perm, group)
        for perm in PERMS
        for group in (world.group, world.other_group, world.foreign_group)
    }


def test_remembered_roles_give_the_same_answers(world: World) -> None:
    for role in ("admin", "facilitator", "member"):
        user = world.user(role)
        assert user is not None
        asked = _answers(world, role)
        with belonging.remembering(user.pk):
            assert _answers(world, role) == asked, role
    # The grid has both answers, so it covers yes and no.
    member = _answers(world, "member")
    assert member[("core.contribute", world.group.name)]
    assert not member[("core.contribute", world.other_group.name)]
    assert not member[("core.change_group", world.group.name)]


def test_many_questions_ask_two_queries(world: World) -> None:
    with CaptureQueriesContext(connection) as outside:
        _answers(world, "facilitator")
    with belonging.remembering(world.facilitator.pk), CaptureQueriesContext(connection) as inside:
        _answers(world, "facilitator")
    assert len(inside.captured_queries) == 2  # their organisations, their groups
    assert len(outside.captured_queries) > 10


def test_a_change_of_role_is_seen_in_the_same_request(world: World) -> None:
    membership = Membership.objects.get(group=world.group, user=world.member)
    with belonging.remembering(world.member.pk):
        assert not world.member.has_perm("core.facilitate", world.group)
        actions.membership_set_role(
            actor=world.facilitator, membership=membership, role="facilitator"
        )
        assert world.member.has_perm("core.facilitate", world.group)
        actions.membership_remove(actor=world.facilitator, membership=membership)
        assert not world.member.has_perm("core.view_group", world.group)


def test_only_the_signed_in_person_is_remembered(world: World) -> None:
    with belonging.remembering(world.member.pk):
        assert belonging.group_roles(world.member.pk) is not None
        assert belonging.group_roles(world.facilitator.pk) is None
        assert world.facilitator.has_perm("core.facilitate", world.group)
        assert not world.member.has_perm("core.facilitate", world.group)
    assert belonging.group_roles(world.member.pk) is None  # and only in the request


def test_pages_remember_for_the_person_signed_in(world: World) -> None:
    """A group page asks the roles once, not once per rule."""
    client = world.client("facilitator")
    url = reverse("group", args=[world.org.slug, world.group.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as page:
        response = client.get(url)
    assert response.status_code == 200
    role_queries = [
        q["sql"]
        for q in page.captured_queries
        if q["sql"].startswith(
            ('SELECT 1 AS "a" FROM "core_membership"', 'SELECT 1 AS "a" FROM "core_orgmembership"')
        )
    ]
    assert role_queries == []
    assert "Invite people" in response.content.decode()  # the facilitator's links are there


def test_the_organisation_in_the_address_is_read_with_the_roles(world: World) -> None:
    """A page asks its organisation (by the slug in its address) and then its rules: one
    query for both, the same organisation as the database gives, a copy each time, and
    never an organisation the person is not in."""
    member = world.member
    asked = selectors.organisation_or_none(member, world.org.slug)
    with belonging.remembering(member.pk), CaptureQueriesContext(connection) as inside:
        first = selectors.organisation_or_none(member, world.org.slug)
        again = selectors.organisation_for(member, world.org.slug)
        assert member.has_perm("core.view_group", world.group)
        assert selectors.organisation_or_none(member, world.other_org.slug) is None
        assert selectors.organisation_or_none(member, "no-such-place") is None
    assert len(inside.captured_queries) == 2  # their places with organisations, their groups
    assert asked is not None and first is not None
    assert (first.pk, first.name, first.slug) == (asked.pk, asked.name, asked.slug)
    assert again == first and again is not first
    assert selectors.organisation_or_none(member, world.other_org.slug) is None


def test_a_renamed_organisation_is_read_afresh(world: World) -> None:
    member = world.member
    with belonging.remembering(member.pk):
        assert selectors.organisation_or_none(member, world.org.slug) is not None
        organisation = Organisation.objects.get(pk=world.org.pk)
        old = organisation.slug
        organisation.slug = "renamed-place"
        organisation.save()
        assert selectors.organisation_or_none(member, old) is None
        found = selectors.organisation_or_none(member, "renamed-place")
        assert found is not None and found.pk == world.org.pk
