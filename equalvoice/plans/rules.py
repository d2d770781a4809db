"""Who may see and change a plan. The plan belongs to the person: only they and the people
they invited to their circle see it at all. Being staff or an admin of the organisation
gives no way in; an admin who is also in the circle sees what their circle role sees.

Sections are shared one by one (`Section.Visibility`):

- "Only me": the owner.
- "Me and my circle": the owner and the circle, except the named worker.
- "Me, my circle and my named worker": the owner and the whole circle.

Goals are seen where their section is seen. A review (its date, who took part, what
changed and its ratings) is shared the same three ways, as a whole.

The organisation's admins say which sections of their own the organisation adds to
plans (`SectionTemplate`); that gives them no way into any plan."""

from __future__ import annotations

from typing import Any

import rules

from equalvoice.core.models import User
from equalvoice.core.rules import is_org_admin, is_org_member

from .models import CircleMember, Goal, Plan, Review, Section


def _plan(obj: Any) -> Plan | None:
    if isinstance(obj, Plan):
        return obj
    if isinstance(obj, Section):
        return obj.plan
    if isinstance(obj, Goal):
        return obj.section.plan
    if isinstance(obj, Review):
        return obj.plan
    return None


def _section(obj: Any) -> Section | None:
    if isinstance(obj, Section):
        return obj
    if isinstance(obj, Goal):
        return obj.section
    return None


def circle_role(user: User, plan: Plan) -> str | None:
    """The person's role in the plan's circle, or None when they are not in it."""
    if not user.is_authenticated:
        return None
    return (
        CircleMember.objects.filter(plan=plan, person=user).values_list("role", flat=True).first()
    )


def may_see_section(owner: bool, role: str | None, visibility: str) -> bool:
    """Whether the owner (owner=True), someone in the circle with `role`, or anyone else
    (role None) may see a section shared as `visibility`."""
    if owner:
        return True
    if role is None or visibility == Section.Visibility.PRIVATE:
        return False
    if visibility == Section.Visibility.CIRCLE:
        return role != CircleMember.Role.NAMED_WORKER
    return visibility == Section.Visibility.WORKER


@rules.predicate
def owns(user: User, obj: Any) -> bool:
    """The person the plan belongs to."""
    plan = _plan(obj)
    return plan is not None and user.is_authenticated and plan.owner_id == user.pk


@rules.predicate
def in_circle(user: User, obj: Any) -> bool:
    """Someone the person invited to their plan's circle, in any role."""
    plan = _plan(obj)
    return plan is not None and circle_role(user, plan) is not None


@rules.predicate
def shared_with(user: User, obj: Any) -> bool:
    """Someone in the circle whose role the section (or the goal's section) is shared
    with."""
    section = _section(obj)
    if section is None:
        return False
    role = circle_role(user, section.plan)
    return may_see_section(False, role, section.visibility)


@rules.predicate
def review_shared_with(user: User, obj: Any) -> bool:
    """Someone in the circle whose role the review is shared with."""
    if not isinstance(obj, Review):
        return False
    return may_see_section(False, circle_role(user, obj.plan), obj.visibility)


# Anyone with a place in the organisation may start a plan of their own there.
rules.add_perm("plans.create", is_org_member)
# The plan page: the owner and their circle. Nobody else learns the plan is there.
rules.add_perm("plans.view", owns | in_circle)
# Who is in the circle, who has looked, and changing either: the person only.
rules.add_perm("plans.manage", owns)
rules.add_perm("plans.view_section", owns | shared_with)
# The person writes their own plan; someone in the circle the section is shared with
# may write it down for them, with their agreement (named on the section).
rules.add_perm("plans.write", owns)
rules.add_perm("plans.write_for", shared_with)
rules.add_perm("plans.share", owns)
# The sections the organisation adds to its plans (their headings and questions, never
# what anyone wrote in them): the organisation's admins.
rules.add_perm("plans.manage_sections", is_org_admin)
# A review: the person records it, or someone in the circle records it for them, with
# their agreement. It is seen by the people the person shares it with; only the person
# changes that.
rules.add_perm("plans.review", owns | in_circle)
rules.add_perm("plans.view_review", owns | review_shared_with)
# When the person and their circle next look at the plan together: the person sets it;
# anyone in the circle may set it for them, with their agreement.
rules.add_perm("plans.set_next_review", owns)
rules.add_perm("plans.set_next_review_for", in_circle)
# The organisation's figures about plans (counts only, never what anyone wrote): admins.
rules.add_perm("plans.view_figures", is_org_admin)
