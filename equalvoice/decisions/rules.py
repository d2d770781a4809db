"""Who may see, start, vote in and run decisions."""

from __future__ import annotations

from typing import Any

import rules

from equalvoice.core.models import Group, Membership, OrgMembership, Role, User

from .models import Decision


def _group(obj: Any) -> Group | None:
    if isinstance(obj, Group):
        return obj
    if isinstance(obj, Decision):
        return obj.group
    return None


@rules.predicate
def is_admin_of(user: User, obj: Any) -> bool:
    """An admin of the organisation the group belongs to."""
    group = _group(obj)
    if group is None or not user.is_authenticated:
        return False
    return OrgMembership.objects.filter(
        user=user, organisation_id=group.organisation_id, role=Role.ADMIN
    ).exists()


@rules.predicate
def is_member_of(user: User, obj: Any) -> bool:
    """A member of the decision's group, in any role: one person, one equal vote."""
    group = _group(obj)
    if group is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, group=group).exists()


@rules.predicate
def facilitates(user: User, obj: Any) -> bool:
    """A facilitator of the decision's group."""
    group = _group(obj)
    if group is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user, group=group, role=Membership.GroupRole.FACILITATOR
    ).exists()


rules.add_perm("decisions.view", is_admin_of | is_member_of)
rules.add_perm("decisions.run", is_admin_of | facilitates)
rules.add_perm("decisions.vote", is_member_of)
rules.add_perm("decisions.vote_for", is_admin_of | facilitates)
