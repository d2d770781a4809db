"""Who may publish an initiative's co-production record as open data."""

from __future__ import annotations

from typing import Any

import rules

from equalvoice.core import belonging
from equalvoice.core.models import Organisation, Role, User
from equalvoice.record.models import Initiative


@rules.predicate
def is_admin_of_its_organisation(user: User, obj: Any) -> bool:
    """An admin of the organisation the initiative (or the organisation itself) belongs
    to. Facilitators keep the record, but only an organisation admin speaks for the
    organisation in public."""
    if isinstance(obj, Initiative):
        org_id = obj.organisation_id
    elif isinstance(obj, Organisation):
        org_id = obj.pk
    else:
        return False
    if not user.is_authenticated:
        return False
    return belonging.in_organisation(user.pk, org_id, Role.ADMIN)


rules.add_perm("opendata.publish", is_admin_of_its_organisation)
