"""Groups: the diversity view, members by perspective, and bounded queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from equalvoice.core import actions, selectors
from equalvoice.core.models import Group, Membership, Perspective

from . import factories
from .conftest import World


def _named(org, name: str) -> Perspective:  # type: ignore[no-untyped-def]
    return Perspective.objects.get(organisation=org, name=name)


def test_default_perspectives_and_equal_weight(world: World) -> None:
    names = list(world.org.perspectives.values_list("name", flat=True))
    assert names == [name for name, _ in Perspective.DEFAULTS]
    assert not hasattr(Perspective, "weight")


def test_diversity_warns_when_no_one_has_lived_experience(world: World) -> None:
    board = world.other_group
    staff = _named(world.org, "Staff member")
    carer = _named(world.org, "Family carer")
    board.needed_perspectives.set([staff, carer])
    person = factories.make_user(name="Sam Staff")
    actions.membership_add(actor=world.admin, group=board, user=person)
    actions.perspectives_set(
        actor=person, person=person, organisation=world.org, perspectives=[staff]
    )
    diversity = selectors.group_diversity(board)
    assert diversity.no_lived_experience
    assert diversity.missing == [carer]
    page = world.client("admin").get(reverse("group", args=[world.org.slug, board.slug]))
    body = page.content.decode()
    assert "No one in this group has said they have lived experience" in body
    assert "Yes, missing" in body


def test_diversity_counts_people_once_and_under_each_perspective(world: World) -> None:
    carer, staff = _named(world.org, "Family carer"), _named(world.org, "Staff member")
    actions.perspectives_set(
        actor=world.facilitator,
        person=world.facilitator,
        organisation=world.org,
        perspectives=[carer, staff],
    )
    diversity = selectors.group_diversity(world.group)
    assert diversity.total == 3  # facilitator, member, member with no email
    counts = {r.perspective.name if r.perspective else None: r.count for r in diversity.rows}
    assert counts["Family carer"] == 1 and counts["Staff member"] == 1
    assert counts[world.perspective.name] == 1
    assert counts[None] == 1  # the member with no email has not said yet
    assert not diversity.no_lived_experience


def test_members_page_filters_by_perspective_with_htmx(world: World) -> None:
    url = reverse("members", args=[world.org.slug, world.group.slug])
    client = world.client("member")
    full = client.get(url, {"perspective": world.perspective.pk})
    assert "<html" in full.content.decode() and "Mo Member" in full.content.decode()
    assert "Nell Noemail" not in full.content.decode()
    partial = client.get(url, {"perspective": "none"}, headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert "<html" not in body and 'id="member-list"' in body
    assert "Nell Noemail" in body and "Mo Member" not in body
    assert "HX-Request" in partial["Vary"]


def test_group_create_form_makes_a_unique_slug(world: World) -> None:
    url = reverse("group-create", args=[world.org.slug])
    client = world.client("admin")
    for _ in range(2):
        response = client.post(
            url, {"name": "Expert panel", "kind": "expert_panel", "purpose": "Check plans"}
        )
        assert response.status_code == 302
    slugs = sorted(
        Group.objects.filter(organisation=world.org, name="Expert panel").values_list(
            "slug", flat=True
        )
    )
    assert slugs == ["expert-panel", "expert-panel-2", "expert-panel-3"]


def _grow(world: World, n: int) -> None:
    for i in range(n):
        person = factories.make_user(name=f"Extra {i}")
        actions.membership_add(actor=world.admin, group=world.group, user=person)
        actions.perspectives_set(
            actor=person, person=person, organisation=world.org, perspectives=[world.perspective]
        )


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_use_a_bounded_number_of_queries(world: World) -> None:
    client = world.client("facilitator")
    pages = [
        reverse("group", args=[world.org.slug, world.group.slug]),
        reverse("members", args=[world.org.slug, world.group.slug]),
        reverse("organisation", args=[world.org.slug]),
        reverse("home"),
        reverse("audit-log", args=[world.org.slug]),
    ]
    admin = world.client("admin")
    before = {url: _queries(admin, url) for url in pages}
    _grow(world, 15)
    after = {url: _queries(admin, url) for url in pages}
    assert before == after, "queries grow with the number of members"
    assert max(after.values()) <= 20
    assert _queries(client, pages[1]) <= 20


def test_diversity_counts_match_the_member_lists(world: World) -> None:
    _grow(world, 4)
    carer = _named(world.org, "Family carer")
    actions.perspectives_set(
        actor=world.member,
        person=world.member,
        organisation=world.org,
        perspectives=[carer, world.perspective],
    )
    counted = selectors.group_diversity(world.group)
    listed = selectors.group_diversity(world.group, with_members=True)
    assert counted.total == listed.total == 7
    assert [(r.perspective, r.count) for r in counted.rows] == [
        (r.perspective, r.count) for r in listed.rows
    ]
    assert all(r.count == len(r.members) for r in listed.rows)
    assert counted.lived_experience_count == listed.lived_experience_count == 5


def test_history_restore_gets_the_whole_page(world: World) -> None:
    url = reverse("members", args=[world.org.slug, world.group.slug])
    response = world.client("member").get(
        url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in response.content.decode()


def test_a_member_sees_each_groups_full_member_count(world: World) -> None:
    """A member's home page and organisation page once said "1 member" for every group,
    because the filter to the person's own groups and the count shared one join."""
    _grow(world, 3)
    for person in (world.member, world.facilitator):
        actions.membership_add(actor=world.admin, group=world.other_group, user=person)
    for group in (world.group, world.other_group):
        expected = Membership.objects.filter(group=group).count()
        assert expected > 1
        line = f"{group.get_kind_display()} · {expected} members"
        for url in (reverse("home"), reverse("organisation", args=[world.org.slug])):
            assert line in world.client("member").get(url).content.decode(), (url, line)
    counted = selectors.groups_with_counts(selectors.groups_visible_to(world.member, world.org))
    assert {g.pk: g.member_count for g in counted} == {  # type: ignore[attr-defined]
        g.pk: Membership.objects.filter(group=g).count() for g in (world.group, world.other_group)
    }
