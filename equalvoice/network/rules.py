"""Who may read a network, write its posts and choose how they hear from it."""

from __future__ import annotations

from typing import Any

import rules

from equalvoice.core.models import Group, User
from equalvoice.core.rules import is_group_facilitator, is_group_member, is_org_admin

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


def _on_its_group(check: rules.Predicate, what: str) -> rules.Predicate:
    """Core's rule about a group, asked of the network's group (or a post's)."""

    def test(user: User, obj: Any) -> bool:
        return bool(check.test(user, _group(obj)))

    test.__doc__ = what
    return rules.predicate(test, name=check.name)


is_admin_of = _on_its_group(is_org_admin, "An admin of the organisation of the network's group.")
is_member_of = _on_its_group(is_group_member, "A member of the network's group, in any role.")
facilitates = _on_its_group(is_group_facilitator, "A facilitator of the network's group.")


rules.add_perm("network.view", is_public | is_admin_of | is_member_of)
# Making a group a network, writing posts, sending digests, the mailing-list count and the
# newsletter settings are for those who run the group.
rules.add_perm("network.run", is_admin_of | facilitates)
# Only a member chooses how they hear; nobody chooses for them.
rules.add_perm("network.subscribe", is_member_of)
# The mailing list's addresses are for the organisation's admins only (audited).
rules.add_perm("network.download_list", is_admin_of)
