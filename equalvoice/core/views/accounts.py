"""Signing in (password or one-time code), signing out, joining from an invitation,
and a person's own access needs."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from .. import actions, selectors, two_step
from ..forms import (
    AccessNeedsForm,
    AccountDeleteForm,
    CodeSignInForm,
    ConsentForm,
    RegisterForm,
    SignInForm,
)
from ..models import AccessNeeds
from ._helpers import form_page, page, user_of


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""


@sensitive_post_parameters("password")
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request, request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        assert form.user is not None
        if selectors.has_two_step(form.user):
            # The password was right: now a code from their app (views/security.py).
            request.session[two_step.PENDING_KEY] = {
                "user": form.user.pk,
                "next": _next(request),
                "at": int(time.time()),
            }
            return redirect("sign-in-two-step")
        login(request, form.user, backend="django.contrib.auth.backends.ModelBackend")
        if two_step.required_for(form.user):
            request.session[two_step.SESSION_KEY] = two_step.SET_UP
            return redirect("two-step-set-up")
        request.session[two_step.SESSION_KEY] = two_step.NOT_NEEDED
        return redirect(_next(request) or "home")

    return form_page(request, "core/sign_in.html", {"form": form, "next": _next(request)}, save)


@sensitive_post_parameters("code")
def sign_in_code(request: HttpRequest) -> HttpResponse:
    form = CodeSignInForm(request, request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        login(request, form.user, backend="equalvoice.core.auth.SignInCodeBackend")
        # People who sign in with a facilitator's code are never asked for two-step.
        request.session[two_step.SESSION_KEY] = two_step.NOT_NEEDED
        return redirect(_next(request) or "home")

    context = {"form": form, "next": _next(request)}
    return form_page(request, "core/sign_in_code.html", context, save)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, gettext("You have signed out."))
    return redirect("home")


@sensitive_post_parameters("password")
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = selectors.invitation_by_token(token)
    if found is None:
        return page(request, "core/invitation_gone.html", {}, status=404)
    user = user_of(request)
    context: dict[str, object] = {"invitation": found, "group": found.group}
    if user.is_authenticated:
        # Signed in: a yes button with no form to check, so not form_page.
        if request.method == "POST":
            try:
                actions.invitation_accept(user=user, token=token)
            except ValidationError:
                return page(request, "core/invitation_gone.html", {}, status=404)
            messages.success(
                request, gettext("You have joined %(group)s.") % {"group": found.group.name}
            )
            return redirect(found.group.get_absolute_url())
        return page(request, "core/invitation.html", context)
    form = RegisterForm(
        request.POST if request.method == "POST" else None, initial={"email": found.email}
    )
    context["form"] = form

    def save() -> HttpResponse:
        new_user = actions.invitation_accept_new_person(**form.cleaned_data, token=token)
        login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, gettext("Welcome. You have joined %(group)s.") % {"group": found.group.name}
        )
        return redirect(found.group.get_absolute_url())

    return form_page(request, "core/invitation.html", context, save)


@login_required
def access_needs(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    consent = selectors.access_needs_consent(user)
    if consent is None:
        return page(request, "core/access_needs_consent.html", {"form": ConsentForm()})
    instance = selectors.access_needs_of(user) or AccessNeeds(user=user)
    form = AccessNeedsForm(request.POST if request.method == "POST" else None, instance=instance)

    def save() -> HttpResponse:
        actions.access_needs_save(actor=user, person=user, data=form.cleaned_data)
        messages.success(request, gettext("Your access needs are saved."))
        return redirect("access-needs")

    context = {"form": form, "consent": consent}
    return form_page(request, "core/access_needs.html", context, save)


@login_required
@require_POST
def access_needs_consent(request: HttpRequest) -> HttpResponse:
    form = ConsentForm(request.POST)

    def save() -> HttpResponse:
        actions.access_needs_consent_give(actor=user_of(request))
        messages.success(request, gettext("Thank you. You can now tell us your access needs."))
        return redirect("access-needs")

    return form_page(request, "core/access_needs_consent.html", {"form": form}, save)


@login_required
def access_needs_withdraw(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        actions.access_needs_consent_withdraw(actor=user_of(request))
        messages.success(
            request, gettext("You withdrew your consent. We deleted your access needs.")
        )
        return redirect("access-needs")
    return page(request, "core/access_needs_withdraw.html", {})


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    return page(request, "core/my_data.html", {})


@login_required
def my_data_download(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(
        selectors.personal_data(user_of(request)), json_dumps_params={"indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="my-equal-voice-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    """A person deletes their own account, after a clear yes."""
    user = user_of(request)
    form = AccountDeleteForm(request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        if not form.wants_deleting:
            return redirect("my-data")
        actions.account_erase(actor=user, person=user)
        logout(request)
        messages.success(request, gettext("Your account is deleted. Thank you for taking part."))
        return redirect("home")

    return form_page(request, "core/account_delete.html", {"form": form}, save)
