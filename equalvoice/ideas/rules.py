"""Who may see, add, support, comment on, answer and put together ideas."""

from __future__ import annotations

from typing import Any

import rules

from equalvoice.core.models import Group, Membership, OrgMembership, Role, User

from .models import Idea


def _group(obj: Any) -> Group | None:
    if isinstance(obj, Group):
        return obj
    if isinstance(obj, Idea):
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
    """A member of the idea's group, in any role."""
    group = _group(obj)
    if group is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, group=group).exists()


@rules.predicate
def facilitates(user: User, obj: Any) -> bool:
    """A facilitator of the idea's group."""
    group = _group(obj)
    if group is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user, group=group, role=Membership.GroupRole.FACILITATOR
    ).exists()


rules.add_perm("ideas.view", is_admin_of | is_member_of)
# Members add, support and comment for themselves: one person, one voice.
rules.add_perm("ideas.add", is_member_of)
rules.add_perm("ideas.support", is_member_of)
rules.add_perm("ideas.comment", is_member_of)
# Anyone in the group may put ideas together; nothing is lost, so nothing needs a gatekeeper.
rules.add_perm("ideas.combine", is_admin_of | is_member_of)
# Writing an idea down for a member, and answering ideas, is for those who run the group.
rules.add_perm("ideas.add_for", is_admin_of | facilitates)
rules.add_perm("ideas.respond", is_admin_of | facilitates)
