"""Who may see and change recognition and payment.

- Anyone with a place in the organisation reads its policy, chooses how they want to be
  thanked, and confirms or adds their own time.
- The organisation's admins write the policy (levels, rates, expenses, ways of being
  thanked) and name the finance people. Admins do **not** see anyone's choice, bank
  reference or amounts unless they are named finance people too.
- The named finance people see choices, bank references and amounts, approve time or
  send it back, and export payments.
"""

from __future__ import annotations

from typing import Any

import rules

from equalvoice.core.models import Organisation, User
from equalvoice.core.rules import is_group_facilitator, is_org_admin, is_org_member

from .models import Claim, FinancePerson, TimeGiven


def _organisation_id(obj: Any) -> int | None:
    if isinstance(obj, Organisation):
        return obj.pk
    if isinstance(obj, TimeGiven | Claim):
        return obj.organisation_id
    return None


@rules.predicate
def looks_after_payments(user: User, obj: Any) -> bool:
    """Someone an admin named as a finance person of the organisation."""
    org = _organisation_id(obj)
    if org is None or not user.is_authenticated:
        return False
    return FinancePerson.objects.filter(organisation_id=org, person=user).exists()


@rules.predicate
def gave_the_time(user: User, obj: Any) -> bool:
    """The person whose time (or expense claim) it is."""
    return isinstance(obj, TimeGiven | Claim) and user.is_authenticated and obj.person_id == user.pk


rules.add_perm("recognition.take_part", is_org_member)
rules.add_perm("recognition.manage_policy", is_org_admin)
rules.add_perm("recognition.finance", looks_after_payments)
rules.add_perm("recognition.view_time", gave_the_time | looks_after_payments)
rules.add_perm("recognition.decide_time", looks_after_payments & ~gave_the_time)
rules.add_perm("recognition.view_claim", gave_the_time | looks_after_payments)
rules.add_perm("recognition.decide_claim", looks_after_payments & ~gave_the_time)
# A group's facilitators see whether each member wants payment, a voucher or none (so
# they know whom to remind about claiming), never amounts or references.
rules.add_perm("recognition.see_ways_in_group", is_group_facilitator)
