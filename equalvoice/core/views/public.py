"""Pages anyone can see: home, accessibility statement, the language switch, display
settings, health checks."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .. import actions, health, selectors, waiting
from ..forms import PreferencesForm
from ..middleware import preferences_for
from ._helpers import form_page, page, user_of


def home(request: HttpRequest) -> HttpResponse:
    """Signed in: what is waiting for the person, most urgent first (for those who run
    groups, what is waiting in them too), then their groups. Otherwise, a welcome."""
    user = user_of(request)
    context: dict[str, object] = {}
    if user.is_authenticated:
        viewer = waiting.viewer_for(user)
        items = waiting.collect(viewer)
        context.update(
            {
                "organisations": selectors.groups_by_organisation(viewer),
                "for_you": [i for i in items if not i.running],
                "for_running": [i for i in items if i.running],
                "runs_anything": viewer.runs_anything,
                "admin_of": viewer.admin_of,
                "running_heading": _running_heading(viewer),
                "name_organisations": len(viewer.organisations) > 1,
                "today": viewer.today,
            }
        )
    return page(request, "core/home.html", context)


def _running_heading(viewer: waiting.Viewer) -> str:
    """Facilitators run groups; an admin runs the whole organisation."""
    if not viewer.admin_of:
        return gettext("For the groups you run")
    if len(viewer.admin_of) == 1 and viewer.facilitates_in <= viewer.admin_of:
        (only,) = viewer.admin_of
        return gettext("For %(organisation)s") % {"organisation": viewer.organisations[only].name}
    return gettext("For the groups and organisations you run")


def accessibility(request: HttpRequest) -> HttpResponse:
    return page(request, "core/accessibility.html", {})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switch on every page: Django's own (the choice in a cookie, then back
    to the page), and for someone signed in, kept on their account too, so their pages
    and their emails are in it wherever they are (core/emails.py)."""
    response = i18n.set_language(request)
    user = user_of(request)
    chosen = request.POST.get("language", "")
    if user.is_authenticated and chosen in dict(settings.LANGUAGES):
        actions.language_choose(actor=user, language=chosen)
    return response


def display_settings(request: HttpRequest) -> HttpResponse:
    current = preferences_for(request)
    initial = {
        "text_size": current.text_size,
        "high_contrast": current.high_contrast,
        "easy_read": current.easy_read,
    }
    form = PreferencesForm(request.POST if request.method == "POST" else None, initial=initial)

    def save() -> HttpResponse:
        data = form.cleaned_data
        user = user_of(request)
        if user.is_authenticated:
            actions.preferences_update(user=user, **data)
        else:
            request.session["display"] = data
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            next_url = ""
        messages.success(request, gettext("Your display settings are saved."))
        return redirect(next_url or "display-settings")

    return form_page(request, "core/display_settings.html", {"form": form}, save)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. It asks nothing of the database or Redis, so a
    database outage never gets healthy app processes restarted."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database, and the queue and cache when they are elsewhere. 503
    names what is down, so the proxy sends people to another process meanwhile."""
    checks = health.readiness()
    down = sorted(name for name, result in checks.items() if result != health.OK)
    if down:
        return JsonResponse({"status": "error", "down": down, **checks}, status=503)
    return JsonResponse({"status": "ok", **checks})
