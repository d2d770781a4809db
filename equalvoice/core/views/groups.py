"""A group's pages: the group, its members, invitations, members with no email
address, sign-in codes, and contributions (including supported participation)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext

from .. import actions, selectors
from ..forms import (
    AccountDeleteForm,
    ContributionForm,
    GroupForm,
    InviteByEmailForm,
    MemberRoleForm,
    MemberWithoutEmailForm,
    OrgRoleForm,
)
from ..models import Group
from ._helpers import (
    form_page,
    group_context,
    group_with_perm,
    page,
    require_perm,
    user_of,
)


def _group_context(request: HttpRequest, group: Group) -> dict[str, object]:
    user = user_of(request)
    return group_context(
        group,
        can_manage=user.has_perm("core.manage_members", group),
        can_change=user.has_perm("core.change_group", group),
        is_facilitator=user.has_perm("core.facilitate", group),
        can_contribute=user.has_perm("core.contribute", group)
        or user.has_perm("core.contribute_on_behalf", group),
    )


@login_required
def group_create(request: HttpRequest, org: str) -> HttpResponse:
    user = user_of(request)
    organisation = selectors.organisation_for(user, org)
    require_perm(request, "core.create_group", organisation)
    form = GroupForm(request.POST if request.method == "POST" else None, organisation=organisation)

    def save() -> HttpResponse:
        group = actions.group_create(actor=user, organisation=organisation, **form.cleaned_data)
        messages.success(request, gettext("Group “%(name)s” created.") % {"name": group.name})
        return redirect(group.get_absolute_url())

    context = {"organisation": organisation, "form": form}
    return form_page(request, "core/group_form.html", context, save, organisation)


@login_required
def group_edit(request: HttpRequest, org: str, group: str) -> HttpResponse:
    user = user_of(request)
    found = group_with_perm(request, org, group, "core.change_group")
    form = GroupForm(
        request.POST if request.method == "POST" else None,
        instance=found,
        organisation=found.organisation,
    )

    def save() -> HttpResponse:
        actions.group_update(actor=user, group=found, **form.cleaned_data)
        messages.success(request, gettext("Group saved."))
        return redirect(found.get_absolute_url())

    context = {**_group_context(request, found), "form": form, "editing": True}
    return form_page(request, "core/group_form.html", context, save, found.organisation)


@login_required
def group_detail(request: HttpRequest, org: str, group: str) -> HttpResponse:
    found = selectors.group_for(user_of(request), org, group)
    context = {
        **_group_context(request, found),
        "diversity": selectors.group_diversity(found),
        "facilitators": selectors.facilitators_of(found),
        "contributions": selectors.contributions_for(found)[:20],
    }
    return page(request, "core/group.html", context)


@login_required
def members(request: HttpRequest, org: str, group: str) -> HttpResponse:
    found = selectors.group_for(user_of(request), org, group)
    diversity = selectors.group_diversity(found, with_members=True)
    chosen = request.GET.get("perspective", "")
    rows = diversity.rows
    if chosen == "none":
        rows = [r for r in rows if r.perspective is None]
    elif chosen.isdigit():
        rows = [r for r in rows if r.perspective and r.perspective.pk == int(chosen)]
    context = {
        **_group_context(request, found),
        "diversity": diversity,
        "rows": rows,
        "chosen": chosen,
        # One reverse() for the list, not one per member: member pages are members_url/<id>/.
        "members_url": reverse("members", args=[org, group]),
        "partial": "member-list",
    }
    return page(request, "core/members.html", context)


@login_required
def invite(request: HttpRequest, org: str, group: str) -> HttpResponse:
    user = user_of(request)
    found = group_with_perm(request, org, group, "core.manage_members")
    email_form = InviteByEmailForm(request.POST if request.POST.get("how") == "email" else None)
    context = {**_group_context(request, found), "form": email_form}
    if request.method == "POST" and request.POST.get("how") == "link":
        _, token = actions.invitation_create(actor=user, group=found)
        context["link"] = request.build_absolute_uri(reverse("invitation", args=[token]))
        return page(request, "core/invite.html", context)

    def save() -> HttpResponse:
        email = email_form.cleaned_data["email"]
        actions.invitation_create(actor=user, group=found, email=email)
        messages.success(request, gettext("Invitation sent to %(email)s.") % {"email": email})
        return redirect("invite", org=org, group=group)

    return form_page(request, "core/invite.html", context, save, found.organisation)


@login_required
def member_add(request: HttpRequest, org: str, group: str) -> HttpResponse:
    user = user_of(request)
    found = group_with_perm(request, org, group, "core.manage_members")
    form = MemberWithoutEmailForm(
        request.POST if request.method == "POST" else None, organisation=found.organisation
    )
    context = {**_group_context(request, found), "form": form}

    def save() -> HttpResponse:
        person, code = actions.member_add_without_email(
            actor=user, group=found, **form.cleaned_data
        )
        context.update(person=person, code=code)
        return page(request, "core/sign_in_code_made.html", context)

    return form_page(request, "core/member_add.html", context, save, found.organisation)


@login_required
def member_detail(request: HttpRequest, org: str, group: str, user_id: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.group_for(user, org, group)
    membership = selectors.membership_in(found, user_id)
    person = membership.user
    can_manage = user.has_perm("core.manage_members", found)
    form = MemberRoleForm(
        request.POST if request.method == "POST" else None, initial={"role": membership.role}
    )
    if request.method == "POST":
        require_perm(request, "core.manage_members", found)

    def save() -> HttpResponse:
        actions.membership_set_role(
            actor=user, membership=membership, role=form.cleaned_data["role"]
        )
        messages.success(
            request,
            gettext("%(name)s is now %(role)s.")
            % {"name": person.name, "role": membership.get_role_display()},
        )
        return redirect("member", org=org, group=group, user_id=user_id)

    needs = None
    if user.has_perm("core.view_access_needs", person):
        needs = selectors.access_needs_of(person)
    context = {
        **_group_context(request, found),
        "membership": membership,
        "person": person,
        "perspectives": selectors.perspectives_of(membership),
        "access_needs": needs,
        "can_see_access_needs": user.has_perm("core.view_access_needs", person),
        "form": form if can_manage else None,
        "can_erase": user.pk != person.pk and user.has_perm("core.erase_account", person),
        "can_reset_two_step": user.has_perm("core.reset_two_step", person),
        "can_set_org_role": user.has_perm("core.manage_org_roles", found.organisation),
    }
    if not can_manage:
        return page(request, "core/member.html", context)
    return form_page(request, "core/member.html", context, save, found.organisation)


@login_required
def member_code(request: HttpRequest, org: str, group: str, user_id: int) -> HttpResponse:
    user = user_of(request)
    found = group_with_perm(request, org, group, "core.manage_members")
    membership = selectors.membership_in(found, user_id)
    if request.method != "POST":
        return redirect("member", org=org, group=group, user_id=user_id)
    code = actions.sign_in_code_issue(actor=user, group=found, person=membership.user)
    context = {**_group_context(request, found), "person": membership.user, "code": code}
    return page(request, "core/sign_in_code_made.html", context)


@login_required
def member_remove(request: HttpRequest, org: str, group: str, user_id: int) -> HttpResponse:
    user = user_of(request)
    found = group_with_perm(request, org, group, "core.manage_members")
    membership = selectors.membership_in(found, user_id)
    if request.method == "POST":
        actions.membership_remove(actor=user, membership=membership)
        messages.success(
            request,
            gettext("%(name)s is no longer in %(group)s.")
            % {"name": membership.user.name, "group": found.name},
        )
        return redirect("members", org=org, group=group)
    context = {**_group_context(request, found), "membership": membership}
    return page(request, "core/member_remove.html", context)


@login_required
def member_org_role(request: HttpRequest, org: str, group: str, user_id: int) -> HttpResponse:
    """An organisation admin makes a person an admin too, or a member again."""
    user = user_of(request)
    found = selectors.group_for(user, org, group)
    require_perm(request, "core.manage_org_roles", found.organisation)
    person = selectors.membership_in(found, user_id).user
    current = selectors.org_membership(person, found.organisation)
    form = OrgRoleForm(
        request.POST if request.method == "POST" else None,
        initial={"role": current.role if current else ""},
    )
    context = {**_group_context(request, found), "person": person, "form": form}

    def save() -> HttpResponse:
        om = actions.org_role_set(
            actor=user,
            organisation=found.organisation,
            person=person,
            role=form.cleaned_data["role"],
        )
        messages.success(
            request,
            gettext("%(name)s is now: %(role)s.")
            % {"name": person.name, "role": om.get_role_display().lower()},
        )
        return redirect("member", org=org, group=group, user_id=user_id)

    return form_page(request, "core/member_org_role.html", context, save, found.organisation)


@login_required
def member_erase(request: HttpRequest, org: str, group: str, user_id: int) -> HttpResponse:
    """An admin deletes a person's account when the person asks (for example someone
    who cannot sign in by themselves). Only an admin of every organisation the person
    belongs to may."""
    user = user_of(request)
    found = selectors.group_for(user, org, group)
    membership = selectors.membership_in(found, user_id)
    person = membership.user
    require_perm(request, "core.erase_account", person)
    if person.pk == user.pk:
        return redirect("account-delete")
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, own=False)
    context = {**_group_context(request, found), "person": person, "form": form}

    def save() -> HttpResponse:
        if not form.wants_deleting:
            return redirect("member", org=org, group=group, user_id=user_id)
        name = person.name
        actions.account_erase(actor=user, person=person)
        messages.success(request, gettext("%(name)s’s account is deleted.") % {"name": name})
        return redirect("members", org=org, group=group)

    return form_page(request, "core/member_erase.html", context, save, found.organisation)


@login_required
def contribute(request: HttpRequest, org: str, group: str) -> HttpResponse:
    user = user_of(request)
    found = selectors.group_for(user, org, group)
    on_behalf = user.has_perm("core.contribute_on_behalf", found)
    if not on_behalf:
        require_perm(request, "core.contribute", found)
    is_member = user.has_perm("core.contribute", found)
    form = ContributionForm(
        request.POST if request.method == "POST" else None,
        group=found,
        on_behalf=on_behalf,
        is_member=is_member,
    )

    def save() -> HttpResponse:
        data = form.cleaned_data
        actions.contribution_create(
            actor=user,
            group=found,
            text=data["text"],
            on_behalf_of=data.get("on_behalf_of"),
            consent_confirmed=bool(data.get("consent_confirmed")),
        )
        messages.success(request, gettext("Contribution added."))
        return redirect(found.get_absolute_url())

    context = {**_group_context(request, found), "form": form, "on_behalf": on_behalf}
    return form_page(request, "core/contribute.html", context, save, found.organisation)
