"""Every change of state in the core app.

Each action takes keyword-only arguments, checks permission, writes the audit log and
runs in one transaction. Views, the demo loader and tests all call these.
"""

from .groups import (
    contribution_create,
    group_create,
    group_update,
    invitation_accept,
    invitation_accept_new_person,
    invitation_create,
    invitation_token_for_email,
    member_add_without_email,
    membership_add,
    membership_remove,
    membership_set_role,
    sign_in_code_issue,
    sign_in_code_redeem,
)
from .once import form_sent_once
from .organisations import (
    org_role_set,
    organisation_create,
    perspective_create,
    perspective_update,
    perspectives_set,
    unique_username,
)
from .people import (
    ACCESS_NEEDS_FIELDS,
    access_needs_consent_give,
    access_needs_consent_withdraw,
    access_needs_save,
    account_erase,
    language_choose,
    preferences_update,
)
from .security import (
    recovery_codes_renew,
    sign_in_failure,
    two_step_check,
    two_step_disable,
    two_step_enable,
    two_step_reset,
)
from .welsh import welsh_save

__all__ = [
    "welsh_save",
    "ACCESS_NEEDS_FIELDS",
    "access_needs_consent_give",
    "access_needs_consent_withdraw",
    "access_needs_save",
    "account_erase",
    "contribution_create",
    "form_sent_once",
    "group_create",
    "group_update",
    "invitation_accept",
    "invitation_accept_new_person",
    "invitation_create",
    "invitation_token_for_email",
    "member_add_without_email",
    "membership_add",
    "membership_remove",
    "membership_set_role",
    "org_role_set",
    "organisation_create",
    "perspective_create",
    "perspective_update",
    "perspectives_set",
    "language_choose",
    "preferences_update",
    "recovery_codes_renew",
    "sign_in_failure",
    "two_step_check",
    "two_step_disable",
    "two_step_enable",
    "two_step_reset",
    "sign_in_code_issue",
    "sign_in_code_redeem",
    "unique_username",
]
