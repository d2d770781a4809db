"""Who may see, run and come to meetings: the group's own rules, from core."""

from __future__ import annotations

import rules

from equalvoice.core.rules import is_group_facilitator, is_group_member, is_org_admin

rules.add_perm("meetings.view", is_org_admin | is_group_member)
rules.add_perm("meetings.run", is_org_admin | is_group_facilitator)
rules.add_perm("meetings.register", is_group_member)
