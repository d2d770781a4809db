"""Who may do what in a network, for every role: each change by POST, and that no post of a
members-only network is seen outside it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from equalvoice.core.models import AuditEvent
from equalvoice.network.models import Network, Post, Subscription

from ..conftest import ROLES, World
from .builders import networks


def _group(w: World) -> dict[str, object]:
    return {"org": w.org.slug, "group": w.group.slug}


Change = tuple[
    str,
    set[str],
    Callable[[World], tuple[dict[str, object], dict[str, object]]],
    Callable[[World], bool],
]

CHANGES: list[Change] = [
    (
        "network-settings",
        {"facilitator", "admin"},
        lambda w: (_group(w), {"newsletter_name": "Panel News", "public": "on"}),
        lambda w: Network.objects.filter(group=w.group, newsletter_name="Panel News").exists(),
    ),
    (
        "network-post-create",
        {"facilitator", "admin"},
        lambda w: (_group(w), {"kind": "news", "title": "Bus times", "body": "Buses run late."}),
        lambda w: Post.objects.filter(title="Bus times").exists(),
    ),
    (
        "network-post-you-said",
        {"facilitator", "admin"},
        lambda w: (_group(w), {"line": w.initiative.you_said.get().pk, "title": ""}),
        lambda w: Post.objects.filter(kind="you_said").exists(),
    ),
    (
        "network-post-edit",
        {"facilitator", "admin"},
        lambda w: (
            {"org": w.org.slug, "pk": networks(w).post.pk},
            {"kind": "opportunity", "title": "Changed title", "body": "New words."},
        ),
        lambda w: Post.objects.filter(title="Changed title").exists(),
    ),
    (
        "network-hearing",
        {"member", "facilitator"},
        lambda w: (_group(w), {"how": "site"}),
        lambda w: Subscription.objects.filter(
            network=networks(w).network, how="site", person__isnull=False
        ).exists(),
    ),
]


@pytest.mark.parametrize("change", CHANGES, ids=[c[0] for c in CHANGES])
@pytest.mark.parametrize("role", ROLES)
def test_post_grid(world: World, role: str, change: Change) -> None:
    name, allowed, payload, happened = change
    networks(world)
    kwargs, data = payload(world)
    before = AuditEvent.objects.count()
    response = world.client(role).post(reverse(name, kwargs=kwargs), data)
    if role in allowed:
        assert response.status_code == 302, response.content[:800]
        assert happened(world)
        assert AuditEvent.objects.count() > before
    else:
        expected = {"anonymous": 302, "other_admin": 404}.get(role, 403)
        assert response.status_code == expected
        assert not happened(world)
        assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("role", ROLES)
def test_mailing_list_download_is_for_admins_only_and_audited(world: World, role: str) -> None:
    made = networks(world)
    url = reverse("network-mailing-list", args=[world.org.slug, made.public.group.slug])
    before = AuditEvent.objects.filter(verb="mailing_list.download").count()
    response = world.client(role).post(url)
    after = AuditEvent.objects.filter(verb="mailing_list.download").count()
    if role == "admin":
        assert response.status_code == 200
        # The one address is not confirmed, so it is not on the list.
        assert response.content.decode().splitlines() == ["email,how,confirmed"]
        assert after == before + 1
    else:
        # The member is not in the carers' group: for them it is not found.
        expected = {"anonymous": 302, "other_admin": 404, "member": 404}.get(role, 403)
        assert response.status_code == expected
        assert after == before


def test_no_post_of_a_members_only_network_is_seen_outside_it(world: World) -> None:
    made = networks(world)
    urls = [
        reverse("network", args=[world.org.slug, world.group.slug]),
        made.post.get_absolute_url(),
        reverse("network-post-easy-read", args=[world.org.slug, made.post.pk]),
        reverse("network-post-easy-read-pdf", args=[world.org.slug, made.post.pk]),
        reverse("network-newsletter", args=[world.org.slug, world.group.slug, 2026, 1]),
    ]
    for url in urls:
        assert world.client("anonymous").get(url).status_code == 302, url
        assert world.client("other_admin").get(url).status_code == 404, url
        # Through the other organisation's own address, too.
        other = url.replace(f"/o/{world.org.slug}/", f"/o/{world.other_org.slug}/")
        assert world.client("other_admin").get(other).status_code == 404, other
    # Someone in the organisation but not in the group: not found.
    outsider = world.client("member")
    from equalvoice.core import actions as core_actions
    from equalvoice.network import actions

    board = actions.network_save(actor=world.admin, group=world.other_group)
    hidden = actions.post_save(
        actor=world.admin, network=board, kind="news", title="Board only", body="Secret."
    )
    assert outsider.get(hidden.get_absolute_url()).status_code == 404
    assert (
        outsider.get(reverse("network", args=[world.org.slug, world.other_group.slug])).status_code
        == 404
    )
    assert "Board only" not in outsider.get(made.post.network.get_absolute_url()).content.decode()
    del core_actions


def test_a_public_network_is_read_by_anyone_but_run_by_its_facilitators(world: World) -> None:
    made = networks(world)
    anonymous = world.client("anonymous")
    page = anonymous.get(made.public.get_absolute_url())
    assert page.status_code == 200
    assert "Join the carers" in page.content.decode()
    assert "Write a post" not in page.content.decode()
    assert anonymous.get(made.public_post.get_absolute_url()).status_code == 200
    # The other organisation's admin reads it too, but cannot write in it.
    other = world.client("other_admin")
    create = reverse("network-post-create", args=[world.org.slug, made.public.group.slug])
    assert other.get(create).status_code == 404
    assert world.client("member").get(create).status_code == 404  # not in that group


def test_no_email_address_is_shown_on_a_network_page(world: World) -> None:
    made = networks(world)
    actions_email = ["new@example.org", world.member.email, world.facilitator.email]
    for role in ROLES:
        for url in (
            made.network.get_absolute_url(),
            made.public.get_absolute_url(),
            made.post.get_absolute_url(),
        ):
            body = world.client(role).get(url).content.decode()
            for address in actions_email:
                assert address and address not in body, (role, url)


def test_facilitators_see_only_a_count_of_the_mailing_list(world: World) -> None:
    from equalvoice.network import actions

    made = networks(world)
    actions.mailing_list_confirm(subscription=made.pending)
    body = world.client("facilitator").get(made.public.get_absolute_url()).content.decode()
    assert "People outside Equal Voice on the mailing list: <strong>1</strong>" in body
    assert "Download the mailing list" not in body
    admin_body = world.client("admin").get(made.public.get_absolute_url()).content.decode()
    assert "Download the mailing list" in admin_body
