"""Two-step sign-in: the second step of signing in, setting it up, the person's own page
about it, turning it off, and an admin resetting someone's (docs/security.md)."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from .. import actions, selectors, two_step
from ..forms import TwoStepCodeForm, TwoStepSetUpForm
from ._helpers import form_page, group_context, page, require_perm, user_of


@never_cache
@sensitive_post_parameters("code")
def sign_in_two_step(request: HttpRequest) -> HttpResponse:
    """After a right password: a code from the app, or a recovery code."""
    pending = request.session.get(two_step.PENDING_KEY)
    if not isinstance(pending, dict):
        pending = {}
    fresh = time.time() - pending.get("at", 0) < two_step.PENDING_SECONDS
    person = selectors.person_by_id(pending.get("user")) if fresh else None
    if person is None:
        request.session.pop(two_step.PENDING_KEY, None)
        if pending:
            messages.info(request, gettext("That took too long. Sign in again, please."))
        return redirect("sign-in")
    form = TwoStepCodeForm(request, person, request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        target = request.session.pop(two_step.PENDING_KEY, {}).get("next") or "home"
        # login() gives the session a new key: one seen before the code is no use after.
        login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        request.session[two_step.SESSION_KEY] = two_step.VERIFIED
        if form.used == "recovery":
            left = selectors.recovery_codes_left(person)
            messages.warning(
                request,
                ngettext(
                    "You used a recovery code. You have %(left)s left. "
                    "You can make new ones on your two-step sign-in page.",
                    "You used a recovery code. You have %(left)s left. "
                    "You can make new ones on your two-step sign-in page.",
                    left,
                )
                % {"left": left},
            )
        return redirect(target)

    return form_page(request, "core/sign_in_two_step.html", {"form": form}, save)


@login_required
def two_step_page(request: HttpRequest) -> HttpResponse:
    """The person's own page about two-step sign-in."""
    user = user_of(request)
    on = selectors.has_two_step(user)
    context = {
        "on": on,
        "required": two_step.required_for(user),
        "left": selectors.recovery_codes_left(user) if on else 0,
    }
    return page(request, "core/two_step.html", context)


@never_cache
@login_required
@sensitive_post_parameters("code")
def two_step_set_up(request: HttpRequest) -> HttpResponse:
    """Scan the code (or type the key), then type the first code the app shows. The key is
    kept in the session until then, and never shown again after."""
    user = user_of(request)
    if selectors.has_two_step(user):
        return redirect("two-step")
    secret = request.session.get(two_step.NEW_SECRET_KEY)
    if not isinstance(secret, str) or not secret:
        secret = two_step.new_secret()
        request.session[two_step.NEW_SECRET_KEY] = secret
    form = TwoStepSetUpForm(request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        codes = actions.two_step_enable(actor=user, secret=secret, code=form.cleaned_data["code"])
        request.session.pop(two_step.NEW_SECRET_KEY, None)
        request.session[two_step.SESSION_KEY] = two_step.VERIFIED
        request.session.cycle_key()
        return page(request, "core/two_step_codes.html", {"codes": codes, "first": True})

    context = {
        "form": form,
        "required": two_step.required_for(user),
        "qr": two_step.qr_svg(two_step.setup_uri(secret, user)),
        "key": two_step.grouped(secret),
    }
    return form_page(request, "core/two_step_set_up.html", context, save)


@never_cache
@login_required
@sensitive_post_parameters("code")
def two_step_turn_off(request: HttpRequest) -> HttpResponse:
    """Turn two-step sign-in off, with a code from the app or a recovery code."""
    user = user_of(request)
    if not selectors.has_two_step(user):
        return redirect("two-step")
    if two_step.required_for(user):
        messages.info(
            request, gettext("Your role needs two-step sign-in, so you cannot turn it off.")
        )
        return redirect("two-step")
    form = TwoStepCodeForm(request, user, request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        actions.two_step_disable(actor=user)
        messages.success(request, gettext("Two-step sign-in is off."))
        return redirect("two-step")

    return form_page(request, "core/two_step_turn_off.html", {"form": form}, save)


@never_cache
@login_required
@sensitive_post_parameters("code")
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    """New recovery codes, after a code from the app; the old ones stop working."""
    user = user_of(request)
    if not selectors.has_two_step(user):
        return redirect("two-step")
    form = TwoStepCodeForm(request, user, request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        codes = actions.recovery_codes_renew(actor=user)
        return page(request, "core/two_step_codes.html", {"codes": codes, "first": False})

    return form_page(request, "core/two_step_recovery.html", {"form": form}, save)


@login_required
def member_two_step_reset(request: HttpRequest, org: str, group: str, user_id: int) -> HttpResponse:
    """An admin resets a person's two-step sign-in, when they lost their phone and their
    recovery codes. A button with nothing typed."""
    user = user_of(request)
    found = selectors.group_for(user, org, group)
    person = selectors.membership_in(found, user_id).user
    require_perm(request, "core.reset_two_step", person)
    if request.method == "POST":
        actions.two_step_reset(actor=user, person=person)
        messages.success(
            request,
            gettext("Two-step sign-in is reset for %(name)s. They set it up again.")
            % {"name": person.name},
        )
        return redirect("member", org=org, group=group, user_id=user_id)
    context = group_context(found, person=person, on=selectors.has_two_step(person))
    return page(request, "core/member_two_step_reset.html", context)
