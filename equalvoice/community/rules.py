"""Who may see, add, change and remove community assets, start walks and import.

Everything belongs to one organisation: its people see it, nobody else does."""

from __future__ import annotations

from typing import Any

import rules

from equalvoice.core import belonging
from equalvoice.core.models import Membership, Organisation, Role, User

from .models import Asset, Walk


def _org_id(obj: Any) -> int | None:
    if isinstance(obj, Organisation):
        return obj.pk
    if isinstance(obj, Asset | Walk):
        return obj.organisation_id
    return None


@rules.predicate
def in_organisation(user: User, obj: Any) -> bool:
    """Anyone with a place in the organisation the asset or walk belongs to."""
    org_id = _org_id(obj)
    if org_id is None or not user.is_authenticated:
        return False
    return belonging.in_organisation(user.pk, org_id)


@rules.predicate
def runs_in_organisation(user: User, obj: Any) -> bool:
    """An admin of the organisation, or a facilitator of one of its groups."""
    org_id = _org_id(obj)
    if org_id is None or not user.is_authenticated:
        return False
    if belonging.in_organisation(user.pk, org_id, Role.ADMIN):
        return True
    return Membership.objects.filter(
        user=user, group__organisation_id=org_id, role=Membership.GroupRole.FACILITATOR
    ).exists()


@rules.predicate
def added_it(user: User, obj: Any) -> bool:
    """The person who added the asset."""
    return isinstance(obj, Asset) and user.is_authenticated and obj.added_by_id == user.pk


@rules.predicate
def walked_it(user: User, obj: Any) -> bool:
    """One of the people on the walk."""
    return (
        isinstance(obj, Walk) and user.is_authenticated and obj.walkers.filter(pk=user.pk).exists()
    )


rules.add_perm("community.view", in_organisation)
# Anyone in the organisation knows something about where they live.
rules.add_perm("community.add_asset", in_organisation)
rules.add_perm("community.change_asset", in_organisation & (added_it | runs_in_organisation))
rules.add_perm("community.start_walk", in_organisation)
rules.add_perm("community.add_in_walk", in_organisation & (walked_it | runs_in_organisation))
# Importing many assets at once is for the people who run things.
rules.add_perm("community.import", runs_in_organisation)
