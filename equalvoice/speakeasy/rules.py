"""Who may do what with words and challenges."""

from __future__ import annotations

from typing import Any

import rules

from equalvoice.core.models import Membership, Organisation, User
from equalvoice.core.rules import is_org_admin, is_org_member


@rules.predicate
def facilitates_in_org(user: User, obj: Any) -> bool:
    """A facilitator of any group of the organisation."""
    org = obj if isinstance(obj, Organisation) else getattr(obj, "organisation", None)
    if org is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user, group__organisation=org, role=Membership.GroupRole.FACILITATOR
    ).exists()


def _org(obj: Any) -> Any:
    return obj if isinstance(obj, Organisation) else getattr(obj, "organisation", obj)


@rules.predicate
def member_of_its_org(user: User, obj: Any) -> bool:
    """Anyone in the organisation the word or challenge belongs to."""
    return bool(is_org_member(user, _org(obj)))


@rules.predicate
def admin_of_its_org(user: User, obj: Any) -> bool:
    return bool(is_org_admin(user, _org(obj)))


rules.add_perm("speakeasy.view_words", member_of_its_org)
rules.add_perm("speakeasy.raise_challenge", member_of_its_org)
rules.add_perm("speakeasy.decide_challenge", admin_of_its_org | facilitates_in_org)
rules.add_perm("speakeasy.change_words", admin_of_its_org | facilitates_in_org)
