"""Who may see and change standards, run rounds and answer them."""

from __future__ import annotations

from typing import Any

import rules

from equalvoice.core import belonging
from equalvoice.core.models import Membership, Organisation, Role, User

from .models import PlanAction, Round, Standard, Statement, Version


def _standard(obj: Any) -> Standard | None:
    if isinstance(obj, Standard):
        return obj
    if isinstance(obj, Version | Round | PlanAction):
        return obj.standard
    if isinstance(obj, Statement):
        return obj.version.standard
    return None


def _is_admin(user: User, org_id: int) -> bool:
    return belonging.in_organisation(user.pk, org_id, Role.ADMIN)


@rules.predicate
def can_see_standard(user: User, obj: Any) -> bool:
    """Organisation admins; members of the standard's group; or, for a standard with no
    group, anyone in the organisation."""
    standard = _standard(obj)
    if standard is None or not user.is_authenticated:
        return False
    if _is_admin(user, standard.organisation_id):
        return True
    if standard.group_id is None:
        return belonging.in_organisation(user.pk, standard.organisation_id)
    return belonging.in_group(user.pk, standard.group_id)


@rules.predicate
def can_run_standard(user: User, obj: Any) -> bool:
    """Organisation admins, and facilitators of the standard's group (of any group in the
    organisation, for a standard with no group)."""
    standard = _standard(obj)
    if standard is None or not user.is_authenticated:
        return False
    if _is_admin(user, standard.organisation_id):
        return True
    facilitates = Membership.objects.filter(user=user, role=Membership.GroupRole.FACILITATOR)
    if standard.group_id is None:
        return facilitates.filter(group__organisation_id=standard.organisation_id).exists()
    return belonging.in_group(user.pk, standard.group_id, Membership.GroupRole.FACILITATOR)


@rules.predicate
def runs_standards_in_org(user: User, org: Any) -> bool:
    """Admins and facilitators of the organisation may start a standard."""
    if not user.is_authenticated or not isinstance(org, Organisation):
        return False
    if _is_admin(user, org.pk):
        return True
    return Membership.objects.filter(
        user=user, group__organisation=org, role=Membership.GroupRole.FACILITATOR
    ).exists()


@rules.predicate
def is_asked(user: User, round_: Any) -> bool:
    """People in the groups a round asks; when it names no groups, everyone who can see
    the standard."""
    if not isinstance(round_, Round) or not user.is_authenticated:
        return False
    group_ids = list(round_.groups.values_list("pk", flat=True))
    if not group_ids:
        return bool(can_see_standard(user, round_))
    return Membership.objects.filter(user=user, group_id__in=group_ids).exists()


rules.add_perm("standards.create_standard", runs_standards_in_org)
rules.add_perm("standards.view_standard", can_see_standard)
rules.add_perm("standards.change_standard", can_run_standard)
rules.add_perm("standards.comment", can_see_standard)
rules.add_perm("standards.answer_round", is_asked)
rules.add_perm("standards.view_results", can_see_standard)
rules.add_perm("standards.enter_on_paper", can_run_standard)
