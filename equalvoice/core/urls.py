from django.contrib.auth import views as auth_views
from django.urls import path

from .forms import PasswordResetForm
from .views import accounts, groups, organisations, public, security, welsh

group = "o/<slug:org>/groups/<slug:group>/"
member = group + "members/<int:user_id>/"

urlpatterns = [
    path("", public.home, name="home"),
    path("healthz", public.healthz, name="healthz"),
    path("readyz", public.readyz, name="readyz"),
    path("accessibility/", public.accessibility, name="accessibility"),
    # The language switch on every page (issue 18): remembers the choice in a cookie, and
    # on the account of someone signed in.
    path("language/", public.set_language, name="set-language"),
    # The Welsh version of what someone wrote (core/bilingual.py).
    path("welsh/<slug:key>/<int:pk>/", welsh.welsh_edit, name="welsh-edit"),
    path("settings/display/", public.display_settings, name="display-settings"),
    # Signing in
    path("sign-in/", accounts.sign_in, name="sign-in"),
    path("sign-in/code/", accounts.sign_in_code, name="sign-in-code"),
    path("sign-in/two-step/", security.sign_in_two_step, name="sign-in-two-step"),
    path("sign-out/", accounts.sign_out, name="sign-out"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="core/password_reset.html",
            form_class=PasswordResetForm,
            email_template_name="core/email/password_reset.txt",
            subject_template_name="core/email/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="core/password_reset_sent.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="core/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="core/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("invitations/<str:token>/", accounts.invitation, name="invitation"),
    # A person's own
    path("me/data/", accounts.my_data, name="my-data"),
    path("me/data/download/", accounts.my_data_download, name="my-data-download"),
    path("me/delete/", accounts.account_delete, name="account-delete"),
    path("me/two-step/", security.two_step_page, name="two-step"),
    path("me/two-step/set-up/", security.two_step_set_up, name="two-step-set-up"),
    path("me/two-step/turn-off/", security.two_step_turn_off, name="two-step-turn-off"),
    path("me/two-step/recovery-codes/", security.recovery_codes_new, name="two-step-recovery"),
    path("me/access-needs/", accounts.access_needs, name="access-needs"),
    path("me/access-needs/consent/", accounts.access_needs_consent, name="access-needs-consent"),
    path("me/access-needs/withdraw/", accounts.access_needs_withdraw, name="access-needs-withdraw"),
    # Organisations
    path("o/<slug:org>/", organisations.organisation, name="organisation"),
    path("o/<slug:org>/my-perspectives/", organisations.my_perspectives, name="my-perspectives"),
    path("o/<slug:org>/perspectives/", organisations.perspectives, name="perspectives"),
    path(
        "o/<slug:org>/perspectives/<int:pk>/",
        organisations.perspective_edit,
        name="perspective-edit",
    ),
    path("o/<slug:org>/audit-log/", organisations.audit_log, name="audit-log"),
    path("o/<slug:org>/groups/new/", groups.group_create, name="group-create"),
    # Groups
    path(group, groups.group_detail, name="group"),
    path(group + "edit/", groups.group_edit, name="group-edit"),
    path(group + "members/", groups.members, name="members"),
    path(group + "members/add/", groups.member_add, name="member-add"),
    path(group + "invite/", groups.invite, name="invite"),
    path(group + "contribute/", groups.contribute, name="contribute"),
    path(member, groups.member_detail, name="member"),
    path(member + "code/", groups.member_code, name="member-code"),
    path(member + "remove/", groups.member_remove, name="member-remove"),
    path(member + "delete-account/", groups.member_erase, name="member-erase"),
    path(member + "organisation-role/", groups.member_org_role, name="member-org-role"),
    path(member + "two-step/", security.member_two_step_reset, name="member-two-step-reset"),
]
