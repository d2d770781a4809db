"""Pages anyone can see: home, accessibility statement, display settings, health check."""

from __future__ import annotations

from django.contrib import messages
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .. import actions, selectors
from ..forms import PreferencesForm
from ..middleware import preferences_for
from ._helpers import invalid, page, user_of


def home(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    context = {}
    if user.is_authenticated:
        orgs = []
        for org in selectors.organisations_for(user):
            groups = selectors.groups_with_counts(selectors.groups_visible_to(user, org))
            orgs.append((org, list(groups)))
        context["organisations"] = orgs
    return page(request, "core/home.html", context)


def accessibility(request: HttpRequest) -> HttpResponse:
    return page(request, "core/accessibility.html", {})


def display_settings(request: HttpRequest) -> HttpResponse:
    current = preferences_for(request)
    initial = {
        "text_size": current.text_size,
        "high_contrast": current.high_contrast,
        "easy_read": current.easy_read,
    }
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if not form.is_valid():
            return invalid(request, "core/display_settings.html", {"form": form})
        data = form.cleaned_data
        user = user_of(request)
        if user.is_authenticated:
            actions.preferences_update(user=user, **data)
        else:
            request.session["display"] = data
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            next_url = ""
        messages.success(request, "Your display settings are saved.")
        return redirect(next_url or "display-settings")
    form = PreferencesForm(initial=initial)
    return page(request, "core/display_settings.html", {"form": form})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
