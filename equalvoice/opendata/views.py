"""Open data pages: for organisation admins, publishing and taking down; for anyone,
the published records, with a JSON and a CSV download of each."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from equalvoice.core import selectors as core
from equalvoice.core.views._helpers import form_page, page, require_perm, user_of
from equalvoice.record.models import Initiative

from . import actions, formats, selectors
from .forms import PublishForm, TakeDownForm

ENGLISH = "en-gb"  # the downloads' language: their labels never change with the reader's

# For the admins


@login_required
def manage(request: HttpRequest, org: str) -> HttpResponse:
    """Every initiative of the organisation, with whether its record is published."""
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "opendata.publish", organisation)
    return page(
        request,
        "opendata/manage.html",
        {
            "organisation": organisation,
            "rows": selectors.publications_in(user, organisation),
            "has_published": selectors.has_published(organisation),
        },
    )


@login_required
def publish(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """The confirmation page: exactly what will be public, and what will not, then the
    box to tick and the button."""
    user = user_of(request)
    found = selectors.initiative_to_publish(user, org, pk)
    require_perm(request, "opendata.publish", found)
    form = PublishForm(request.POST if request.method == "POST" else None)
    publication = selectors.publication_of(found)
    context = {
        "organisation": found.organisation,
        "initiative": found,
        "published": publication is not None and publication.is_published,
        "record": selectors.open_record(found, timezone.localdate()),
        "form": form,
    }

    def save() -> HttpResponse:
        actions.publish(actor=user, initiative=found)
        messages.success(request, _("“%(title)s” is published.") % {"title": found.title})
        return redirect("opendata-record", org=org, pk=pk)

    return form_page(request, "opendata/publish.html", context, save, found.organisation)


@login_required
def take_down(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """Taking a record down: one button, and it is gone at once."""
    user = user_of(request)
    found = selectors.initiative_to_publish(user, org, pk)
    require_perm(request, "opendata.publish", found)
    publication = selectors.publication_of(found)
    context = {
        "organisation": found.organisation,
        "initiative": found,
        "published": publication is not None and publication.is_published,
        "form": TakeDownForm(request.POST if request.method == "POST" else None),
    }

    def save() -> HttpResponse:
        actions.take_down(actor=user, initiative=found)
        messages.success(request, _("“%(title)s” is taken down.") % {"title": found.title})
        return redirect("opendata-manage", org=org)

    return form_page(request, "opendata/take_down.html", context, save, found.organisation)


# For anyone: no signing in. Nothing here may be stored by a cache for long, so that
# taking a record down takes it down at once.


def _fresh(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, no_cache=True)
    return response


def _gone(request: HttpRequest, gone: selectors.TakenDown) -> HttpResponse:
    organisation = gone.organisation
    context = {
        "organisation": organisation,
        "has_published": selectors.has_published(organisation),
    }
    return _fresh(page(request, "opendata/taken_down.html", context, status=410))


def public_list(request: HttpRequest, org: str) -> HttpResponse:
    organisation, rows = selectors.published_list(org, timezone.localdate())
    return _fresh(
        page(request, "opendata/public_list.html", {"organisation": organisation, "rows": rows})
    )


def public_record(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    try:
        found = selectors.published_initiative(org, pk)
    except selectors.TakenDown as gone:
        return _gone(request, gone)
    record = selectors.open_record(found, timezone.localdate())
    return _fresh(page(request, "opendata/public_record.html", {"record": record}))


def _open(response: HttpResponse) -> HttpResponse:
    """Open data: any website may read it (no cookies are involved)."""
    response["Access-Control-Allow-Origin"] = "*"
    return _fresh(response)


def _data(found: Initiative) -> dict[str, object]:
    """The downloads' content, in English whatever language the page is read in, so
    that labels (a status, a kind) stay the same for the programs that read them."""
    with translation.override(ENGLISH):
        return formats.as_json(selectors.open_record(found, timezone.localdate()))


def public_json(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    try:
        found = selectors.published_initiative(org, pk)
    except Http404:
        return _open(JsonResponse({"error": "not found"}, status=404))
    except selectors.TakenDown:
        return _open(JsonResponse({"error": "no longer published"}, status=410))
    data = _data(found)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return _open(HttpResponse(body, content_type="application/json; charset=utf-8"))


def public_csv(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    try:
        found = selectors.published_initiative(org, pk)
    except selectors.TakenDown as gone:
        return _gone(request, gone)
    response = HttpResponse(formats.as_csv(_data(found)), content_type="text/csv; charset=utf-8")
    name = f"{found.organisation.slug}-{found.pk}-co-production-record.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _open(response)
