"""Who may see, start, vote in and run conversations: the group's own rules, from core."""

from __future__ import annotations

import rules

from equalvoice.core.rules import is_group_facilitator, is_group_member, is_org_admin

rules.add_perm("opinions.view", is_org_admin | is_group_member)
# Facilitators start conversations, check new statements, import and export.
rules.add_perm("opinions.run", is_org_admin | is_group_facilitator)
# One person, one voice: members vote and add statements for themselves.
rules.add_perm("opinions.vote", is_group_member)
# Recording a vote for a member who asked, with their agreement.
rules.add_perm("opinions.vote_for", is_org_admin | is_group_facilitator)
