"""The one place that writes the audit log. Called only from actions, inside their
transaction, so a change and its audit entry land together or not at all."""

from __future__ import annotations

from django.db import models

from .models import AuditEvent, Organisation, OrgMembership, User


def record(
    *,
    organisation: Organisation | None,
    actor: User | None,
    verb: str,
    obj: models.Model,
    summary: str,
    on_behalf_of: User | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        organisation=organisation,
        actor=actor if actor is not None and actor.is_authenticated else None,
        on_behalf_of=on_behalf_of,
        verb=verb,
        object_type=obj._meta.model_name or obj.__class__.__name__.lower(),
        object_id=str(obj.pk or ""),
        summary=summary[:500],
    )


def record_for_person(
    *, person: User, actor: User | None, verb: str, obj: models.Model, summary: str
) -> None:
    """A change to a person's own record: logged in each organisation they belong to,
    so every organisation's log stays its own."""
    on_behalf_of = person if actor is not None and actor.pk != person.pk else None
    for om in OrgMembership.objects.filter(user=person).select_related("organisation"):
        record(
            organisation=om.organisation,
            actor=actor,
            verb=verb,
            obj=obj,
            summary=summary,
            on_behalf_of=on_behalf_of,
        )
