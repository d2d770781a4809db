"""Who may read a network, write its posts and choose how they hear from it."""

from __future__ import annotations

from typing import Any

import rules

from equalvoice.core.models import Group, Membership, OrgMembership, Role, User

from .models import Network, Post


def _group(obj: Any) -> Group | None:
    if isinstance(obj, Group):
        return obj
    if isinstance(obj, Network):
        return obj.group
    if isinstance(obj, Post):
        return obj.network.group
    return None


def _network(obj: Any) -> Network | None:
    if isinstance(obj, Network):
        return obj
    if isinstance(obj, Post):
        return obj.network
    return None


@rules.predicate
def is_public(user: User, obj: Any) -> bool:
    """The network says anyone may read it, signed in or not."""
    network = _network(obj)
    return network is not None and network.public


@rules.predicate
def is_admin_of(user: User, obj: Any) -> bool:
    """An admin of the organisation the network's group belongs to."""
    group = _group(obj)
    if group is None or not user.is_authenticated:
        return False
    return OrgMembership.objects.filter(
        user=user, organisation_id=group.organisation_id, role=Role.ADMIN
    ).exists()


@rules.predicate
def is_member_of(user: User, obj: Any) -> bool:
    """A member of the network's group, in any role."""
    group = _group(obj)
    if group is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, group=group).exists()


@rules.predicate
def facilitates(user: User, obj: Any) -> bool:
    """A facilitator of the network's group."""
    group = _group(obj)
    if group is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user, group=group, role=Membership.GroupRole.FACILITATOR
    ).exists()


rules.add_perm("network.view", is_public | is_admin_of | is_member_of)
# Making a group a network, writing posts, sending digests, the mailing-list count and the
# newsletter settings are for those who run the group.
rules.add_perm("network.run", is_admin_of | facilitates)
# Only a member chooses how they hear; nobody chooses for them.
rules.add_perm("network.subscribe", is_member_of)
# The mailing list's addresses are for the organisation's admins only (audited).
rules.add_perm("network.download_list", is_admin_of)
