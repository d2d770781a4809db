"""Signing in (password or one-time code), signing out, joining from an invitation,
and a person's own access needs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from .. import actions, selectors
from ..forms import (
    AccessNeedsForm,
    AccountDeleteForm,
    CodeSignInForm,
    ConsentForm,
    RegisterForm,
    SignInForm,
)
from ..models import AccessNeeds
from ._helpers import apply_errors, invalid, page, user_of


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""


@sensitive_post_parameters("password")
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SignInForm(request, request.POST)
        if form.is_valid() and form.user is not None:
            login(request, form.user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(_next(request) or "home")
        return invalid(request, "core/sign_in.html", {"form": form, "next": _next(request)})
    return page(request, "core/sign_in.html", {"form": SignInForm(), "next": _next(request)})


@sensitive_post_parameters("code")
def sign_in_code(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = CodeSignInForm(request, request.POST)
        if form.is_valid() and form.user is not None:
            login(request, form.user, backend="equalvoice.core.auth.SignInCodeBackend")
            return redirect(_next(request) or "home")
        return invalid(request, "core/sign_in_code.html", {"form": form, "next": _next(request)})
    return page(
        request, "core/sign_in_code.html", {"form": CodeSignInForm(), "next": _next(request)}
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("home")


@sensitive_post_parameters("password")
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = selectors.invitation_by_token(token)
    if found is None:
        return page(request, "core/invitation_gone.html", {}, status=404)
    user = user_of(request)
    context: dict[str, object] = {"invitation": found, "group": found.group}
    if request.method == "POST":
        if user.is_authenticated:
            try:
                actions.invitation_accept(user=user, token=token)
            except ValidationError:
                return page(request, "core/invitation_gone.html", {}, status=404)
            messages.success(request, f"You have joined {found.group.name}.")
            return redirect(found.group.get_absolute_url())
        form = RegisterForm(request.POST)
        context["form"] = form
        if form.is_valid():
            try:
                new_user = actions.invitation_accept_new_person(**form.cleaned_data, token=token)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, f"Welcome. You have joined {found.group.name}.")
                return redirect(found.group.get_absolute_url())
        return invalid(request, "core/invitation.html", context)
    if not user.is_authenticated:
        context["form"] = RegisterForm(initial={"email": found.email})
    return page(request, "core/invitation.html", context)


@login_required
def access_needs(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    consent = selectors.access_needs_consent(user)
    if consent is None:
        return page(request, "core/access_needs_consent.html", {"form": ConsentForm()})
    instance = selectors.access_needs_of(user) or AccessNeeds(user=user)
    if request.method == "POST":
        form = AccessNeedsForm(request.POST, instance=instance)
        if form.is_valid():
            actions.access_needs_save(actor=user, person=user, data=form.cleaned_data)
            messages.success(request, "Your access needs are saved.")
            return redirect("access-needs")
        return invalid(request, "core/access_needs.html", {"form": form, "consent": consent})
    form = AccessNeedsForm(instance=instance)
    return page(request, "core/access_needs.html", {"form": form, "consent": consent})


@login_required
@require_POST
def access_needs_consent(request: HttpRequest) -> HttpResponse:
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return invalid(request, "core/access_needs_consent.html", {"form": form})
    actions.access_needs_consent_give(actor=user_of(request))
    messages.success(request, "Thank you. You can now tell us your access needs.")
    return redirect("access-needs")


@login_required
def access_needs_withdraw(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        actions.access_needs_consent_withdraw(actor=user_of(request))
        messages.success(request, "You withdrew your consent. We deleted your access needs.")
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
    if request.method == "POST":
        if form.is_valid():
            if not form.wants_deleting:
                return redirect("my-data")
            try:
                actions.account_erase(actor=user, person=user)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                logout(request)
                messages.success(request, "Your account is deleted. Thank you for taking part.")
                return redirect("home")
        return invalid(request, "core/account_delete.html", {"form": form})
    return page(request, "core/account_delete.html", {"form": form})
