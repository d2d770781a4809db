"""Declared permissions for organisations, groups and people.

Each predicate states one rule. Views and actions ask `user.has_perm(name, obj)`;
tests walk the grid of role x object x state (tests/test_permission_grid.py).
"""

from __future__ import annotations

from typing import Any

import rules

from . import belonging
from .models import Group, Membership, Organisation, OrgMembership, Role, User


def _group_of(obj: Any) -> Group | None:
    """The group itself, or the group a thing belongs to (a decision, a meeting, an idea)."""
    if isinstance(obj, Group):
        return obj
    group = getattr(obj, "group", None)
    return group if isinstance(group, Group) else None


def _org_id_of(obj: Any) -> int | None:
    """The id of the organisation the object is or belongs to (read from the group's
    column: the organisation itself need not be loaded)."""
    if isinstance(obj, Organisation):
        return obj.pk
    group = _group_of(obj)
    return group.organisation_id if group is not None else None


@rules.predicate
def is_org_admin(user: User, obj: Any) -> bool:
    """An admin of the organisation the object belongs to."""
    org_id = _org_id_of(obj)
    if org_id is None or not user.is_authenticated:
        return False
    return belonging.in_organisation(user.pk, org_id, Role.ADMIN)


@rules.predicate
def is_org_member(user: User, obj: Any) -> bool:
    """Anyone with a place in the organisation the object belongs to."""
    org_id = _org_id_of(obj)
    if org_id is None or not user.is_authenticated:
        return False
    return belonging.in_organisation(user.pk, org_id)


@rules.predicate
def is_group_member(user: User, obj: Any) -> bool:
    """A member of the group (or of the group a thing belongs to), in any role."""
    group = _group_of(obj)
    if not user.is_authenticated or group is None:
        return False
    return belonging.in_group(user.pk, group.pk)


@rules.predicate
def is_group_facilitator(user: User, obj: Any) -> bool:
    """A facilitator of the group (or of the group a thing belongs to)."""
    group = _group_of(obj)
    if not user.is_authenticated or group is None:
        return False
    return belonging.in_group(user.pk, group.pk, Membership.GroupRole.FACILITATOR)


@rules.predicate
def is_self(user: User, person: User) -> bool:
    """The person themselves."""
    return user.is_authenticated and isinstance(person, User) and user.pk == person.pk


@rules.predicate
def facilitates_a_group_of(user: User, person: User) -> bool:
    """A facilitator of any group the person is a member of."""
    if not user.is_authenticated or not isinstance(person, User):
        return False
    groups = Membership.objects.filter(user=person).values("group_id")
    return Membership.objects.filter(
        user=user, group_id__in=groups, role=Membership.GroupRole.FACILITATOR
    ).exists()


@rules.predicate
def admins_every_organisation_of(user: User, person: User) -> bool:
    """An admin of every organisation the person belongs to (and they belong to one at
    least), so deleting their account touches no other organisation's people."""
    if not user.is_authenticated or not isinstance(person, User):
        return False
    theirs = set(OrgMembership.objects.filter(user=person).values_list("organisation", flat=True))
    if not theirs:
        return False
    admin_of = OrgMembership.objects.filter(user=user, role=Role.ADMIN, organisation__in=theirs)
    return admin_of.count() == len(theirs)


# Roles that must use two-step sign-in (an authenticator app). Add an organisation role
# here to make it need two-step sign-in too. A later app that names people for a job
# (recognition's people who look after payments) says so through a
# `must_use_two_step(person)` method on its AppConfig instead, as core knows no app
# above it.
TWO_STEP_ROLES: frozenset[str] = frozenset({Role.ADMIN})


def _named_by_an_app(user: User) -> bool:
    from django.apps import apps

    for config in apps.get_app_configs():
        check = getattr(config, "must_use_two_step", None)
        if callable(check) and check(user):
            return True
    return False


@rules.predicate
def must_use_two_step(user: User) -> bool:
    """Someone who holds, in any organisation, a role in TWO_STEP_ROLES, or whom an app
    names (the people who look after payments)."""
    if not user.is_authenticated:
        return False
    has_role = OrgMembership.objects.filter(user=user, role__in=TWO_STEP_ROLES).exists()
    return has_role or _named_by_an_app(user)


# Organisation
rules.add_perm("core.view_organisation", is_org_member)
rules.add_perm("core.create_group", is_org_admin)
rules.add_perm("core.manage_perspectives", is_org_admin)
rules.add_perm("core.view_audit_log", is_org_admin)
rules.add_perm("core.manage_org_roles", is_org_admin)
# Group
rules.add_perm("core.view_group", is_org_admin | is_group_member)
rules.add_perm("core.change_group", is_org_admin | is_group_facilitator)
# Things only the people who run the group do (an admin who is not one of them does not).
rules.add_perm("core.facilitate", is_group_facilitator)
rules.add_perm("core.manage_members", is_org_admin | is_group_facilitator)
rules.add_perm("core.contribute", is_group_member)
rules.add_perm("core.contribute_on_behalf", is_org_admin | is_group_facilitator)
# Person: access needs are special-category data. Organisation admins do not see
# them unless they facilitate one of the person's groups.
rules.add_perm("core.view_access_needs", is_self | facilitates_a_group_of)
rules.add_perm("core.change_access_needs", is_self)
# Deleting an account: the person, or an admin of every organisation they belong to.
rules.add_perm("core.erase_account", is_self | admins_every_organisation_of)
# Two-step sign-in: who must use it (equalvoice/core/two_step.py reads this), and who
# may reset someone else's when they lose their phone: an admin of every organisation
# the person belongs to, never for themselves (they turn it off with a code).
rules.add_rule("core.must_use_two_step", must_use_two_step)
rules.add_perm("core.reset_two_step", admins_every_organisation_of & ~is_self)
