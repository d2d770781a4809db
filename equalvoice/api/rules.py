"""Who may make and revoke API tokens and webhooks: the organisation's admins."""

from __future__ import annotations

import rules

from equalvoice.core.rules import is_org_admin

rules.add_perm("api.manage_tokens", is_org_admin)
rules.add_perm("api.manage_webhooks", is_org_admin)
