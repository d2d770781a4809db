"""Who may see, add, support, comment on, answer and put together ideas."""

from __future__ import annotations

import rules

from equalvoice.core.rules import is_group_facilitator, is_group_member, is_org_admin

# The group of an idea is `idea.group`, so core's rules about groups read it as they are.
is_admin_of = is_org_admin
is_member_of = is_group_member
facilitates = is_group_facilitator


rules.add_perm("ideas.view", is_admin_of | is_member_of)
# Members add, support and comment for themselves: one person, one voice.
rules.add_perm("ideas.add", is_member_of)
rules.add_perm("ideas.support", is_member_of)
rules.add_perm("ideas.comment", is_member_of)
# Anyone in the group may put ideas together; nothing is lost, so nothing needs a gatekeeper.
rules.add_perm("ideas.combine", is_admin_of | is_member_of)
# Writing an idea down for a member, and answering ideas, is for those who run the group.
rules.add_perm("ideas.add_for", is_admin_of | facilitates)
rules.add_perm("ideas.respond", is_admin_of | facilitates)
