"""The network parts of a test `World`, made through actions the first time they are asked
for: `w.group` is a members-only network with a post; "Carers network" is a public one
with a mailing-list address not yet confirmed and a member with an unsubscribe link."""

from __future__ import annotations

from dataclasses import dataclass

from equalvoice.core import actions as core_actions
from equalvoice.core.models import Group, Membership
from equalvoice.network import actions, selectors
from equalvoice.network.models import Network, Post, Subscription

from ..conftest import World


@dataclass
class Networks:
    network: Network  # members only, on w.group
    post: Post
    public: Network  # on its own group, "Carers network"
    public_post: Post
    pending: Subscription  # on the public network's mailing list, not confirmed
    confirm_token: str
    member_row: Subscription  # the world's member (on the digest), on w.group's network
    unsubscribe_token: str


def networks(w: World) -> Networks:
    made = getattr(w, "_networks", None)
    if made is not None:
        return made  # type: ignore[no-any-return]
    network = actions.network_save(actor=w.facilitator, group=w.group)
    post = actions.post_save(
        actor=w.facilitator,
        network=network,
        kind="news",
        title="Saturday club starts",
        body="The Saturday club starts on 6 June. It is at the day centre.",
    )
    carers = core_actions.group_create(
        actor=w.admin, organisation=w.org, name="Carers network", kind=Group.Kind.NETWORK
    )
    core_actions.membership_add(
        actor=w.admin, group=carers, user=w.facilitator, role=Membership.GroupRole.FACILITATOR
    )
    public = actions.network_save(actor=w.facilitator, group=carers, public=True)
    public_post = actions.post_save(
        actor=w.facilitator,
        network=public,
        kind="opportunity",
        title="Join the carers' panel",
        body="We want three carers on the panel. We pay for your time.",
    )
    pending = actions.mailing_list_join(network=public, email="new@example.org", how="digest")
    assert pending is not None
    # Every member gets a row saying the default (the weekly digest). The erasure tests
    # ask for these pages after the member's account is deleted: then the facilitator's.
    actions.member_subscriptions_fill(network)
    rows = Subscription.objects.filter(network=network)
    member_row = rows.filter(person=w.member).first() or rows.get(person=w.facilitator)
    made = Networks(
        network=network,
        post=post,
        public=public,
        public_post=public_post,
        pending=pending,
        confirm_token=selectors.confirm_token(pending),
        member_row=member_row,
        unsubscribe_token=selectors.unsubscribe_token(member_row),
    )
    w._networks = made  # type: ignore[attr-defined]
    return made
