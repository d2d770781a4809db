"""Who may see and change the co-production record."""

from __future__ import annotations

from typing import Any

import rules

from equalvoice.core import belonging
from equalvoice.core.models import Membership, OrgMembership, Role, User

from .models import Activity, Initiative


def _initiative(obj: Any) -> Initiative | None:
    if isinstance(obj, Initiative):
        return obj
    if isinstance(obj, Activity):
        return obj.initiative
    return None


@rules.predicate
def can_see_initiative(user: User, obj: Any) -> bool:
    """Organisation admins; members of the initiative's group; or, for an initiative
    with no group, anyone in the organisation."""
    initiative = _initiative(obj)
    if initiative is None or not user.is_authenticated:
        return False
    place = OrgMembership.objects.filter(user=user, organisation_id=initiative.organisation_id)
    if place.filter(role=Role.ADMIN).exists():
        return True
    if initiative.group_id is None:
        return place.exists()
    return belonging.in_group(user.pk, initiative.group_id)


@rules.predicate
def can_keep_record(user: User, obj: Any) -> bool:
    """Organisation admins, and facilitators of the initiative's group (of any group in
    the organisation, for an initiative with no group)."""
    initiative = _initiative(obj)
    if initiative is None or not user.is_authenticated:
        return False
    org_id = initiative.organisation_id
    if belonging.in_organisation(user.pk, org_id, Role.ADMIN):
        return True
    facilitates = Membership.objects.filter(user=user, role=Membership.GroupRole.FACILITATOR)
    if initiative.group_id is None:
        return facilitates.filter(group__organisation_id=org_id).exists()
    return belonging.in_group(user.pk, initiative.group_id, Membership.GroupRole.FACILITATOR)


@rules.predicate
def keeps_records_in_org(user: User, org: Any) -> bool:
    """Admins and facilitators of the organisation may start initiatives."""
    if not user.is_authenticated:
        return False
    if OrgMembership.objects.filter(user=user, organisation=org, role=Role.ADMIN).exists():
        return True
    return Membership.objects.filter(
        user=user, group__organisation=org, role=Membership.GroupRole.FACILITATOR
    ).exists()


rules.add_perm("record.view_initiative", can_see_initiative)
rules.add_perm("record.change_initiative", can_keep_record)
rules.add_perm("record.create_initiative", keeps_records_in_org)
rules.add_perm("record.challenge_claim", can_see_initiative)
