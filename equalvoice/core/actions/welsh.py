"""Adding or changing the Welsh version of what someone wrote (core/bilingual.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model

from .. import audit, bilingual
from ..models import Organisation, User
from ..permissions import require


@transaction.atomic
def welsh_save(*, actor: User, obj: Model, texts: dict[str, str]) -> list[str]:
    """Save the Welsh versions in `texts` (English field name -> Welsh words; empty
    takes the Welsh away) for the people the kind's rule lets change the English.
    Returns the English fields whose Welsh changed."""
    kind = bilingual.kind_of(obj)
    if kind is None:
        raise PermissionDenied("welsh")
    require(actor, kind.perm, kind.perm_object(obj))
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    changed = []
    for field in kind.fields:
        if field.name not in texts:
            continue
        text = texts[field.name].strip()
        if text != (getattr(locked, field.welsh) or ""):
            setattr(locked, field.welsh, text)
            changed.append(field.name)
    if changed:
        welsh_fields = [f"{name}_cy" for name in changed]
        locked.save(update_fields=welsh_fields)
        for name in welsh_fields:
            setattr(obj, name, getattr(locked, name))
        audit.record(
            organisation=Organisation.objects.get(pk=kind.organisation_id(obj)),
            actor=actor,
            verb="welsh_changed",
            obj=obj,
            summary=f"Welsh version changed: {', '.join(changed)}",
        )
    return changed
