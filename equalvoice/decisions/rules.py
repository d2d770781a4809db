"""Who may see, start, vote in and run decisions: the group's own rules, from core."""

from __future__ import annotations

import rules

from equalvoice.core.rules import is_group_facilitator, is_group_member, is_org_admin

rules.add_perm("decisions.view", is_org_admin | is_group_member)
rules.add_perm("decisions.run", is_org_admin | is_group_facilitator)
rules.add_perm("decisions.vote", is_group_member)
rules.add_perm("decisions.vote_for", is_org_admin | is_group_facilitator)
