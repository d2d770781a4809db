"""The action plan."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from equalvoice.core import audit
from equalvoice.core.models import User
from equalvoice.core.permissions import require as _require

from ..models import (
    PlanAction,
    Round,
    Standard,
    Statement,
)

# The action plan


@transaction.atomic
def plan_action_save(
    *,
    actor: User,
    standard: Standard,
    action: str,
    owner: str,
    due_on: date,
    status: str = PlanAction.Status.NOT_STARTED,
    progress: str = "",
    statement: Statement | None = None,
    from_round: Round | None = None,
    plan_action: PlanAction | None = None,
) -> PlanAction:
    """Add a line to the action plan, or update one (its status and progress)."""
    _require(actor, "standards.change_standard", standard)
    if statement is not None and statement.version.standard_id != standard.pk:
        raise ValidationError({"statement": _("Choose a statement from the list")})
    if from_round is not None and from_round.standard_id != standard.pk:
        raise ValidationError(_("This round is not part of the standard"))
    if status not in PlanAction.Status.values:
        raise ValidationError({"status": _("Choose a status from the list")})
    creating = plan_action is None
    if plan_action is None:
        plan_action = PlanAction(standard=standard, created_by=actor, from_round=from_round)
    plan_action.action, plan_action.owner, plan_action.due_on = action, owner, due_on
    plan_action.status, plan_action.progress, plan_action.statement = status, progress, statement
    plan_action.save()
    audit.record(
        organisation=standard.organisation,
        actor=actor,
        verb="plan_action.create" if creating else "plan_action.update",
        obj=plan_action,
        summary=f"{actor} {'added' if creating else 'updated'} an action on “{standard}”",
    )
    return plan_action
