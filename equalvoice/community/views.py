"""Community asset map pages: the list with its filters (and the map, with JavaScript
and a tile server), one asset, adding, changing and removing, walks and their report,
and import and export as CSV and GeoJSON."""

from __future__ import annotations

import io as text_io
import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from equalvoice.core import selectors as core
from equalvoice.core.views._helpers import form_page, page, require_perm, user_of

from . import actions, io, selectors
from .forms import AssetForm, ImportForm, WalkForm
from .models import FEATURE_NAMES, FEATURES, Asset, Category, Walk


def _filters(request: HttpRequest, areas: list[str]) -> dict[str, Any]:
    """The filters asked for, keeping only values that exist."""
    category = request.GET.get("category", "")
    area = request.GET.get("area", "")
    features = [f for f in request.GET.getlist("access") if f in FEATURE_NAMES]
    return {
        "category": category if category in Category.values else "",
        "area": area if area in areas else "",
        "features": features,
    }


def _query(chosen: dict[str, Any]) -> str:
    pairs: list[tuple[str, str]] = []
    if chosen["category"]:
        pairs.append(("category", chosen["category"]))
    if chosen["area"]:
        pairs.append(("area", chosen["area"]))
    pairs += [("access", f) for f in chosen["features"]]
    return urlencode(pairs)


def _filtered(request: HttpRequest, org: str) -> tuple[Any, dict[str, Any], list[Asset]]:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "community.view", organisation)
    areas = selectors.areas_in(organisation)
    chosen = _filters(request, areas)
    rows = list(selectors.assets_filtered(organisation, **chosen))
    return organisation, {**chosen, "areas": areas}, rows


@login_required
def assets(request: HttpRequest, org: str) -> HttpResponse:
    """The list, filtered by an ordinary GET form; the map above it when JavaScript and
    a tile server are there."""
    user = user_of(request)
    organisation, chosen, rows = _filtered(request, org)
    query = _query(chosen)
    return page(
        request,
        "community/assets.html",
        {
            "organisation": organisation,
            "assets": rows,
            "chosen": chosen,
            "categories": Category.choices,
            "feature_choices": FEATURES,
            "query": query,
            "map_tiles": settings.EQUALVOICE_MAP_TILES,
            "mapped": sum(1 for a in rows if a.has_location),
            "walks": list(selectors.walks_in(organisation)),
            "can_add": user.has_perm("community.add_asset", organisation),
            "can_import": user.has_perm("community.import", organisation),
        },
    )


@login_required
def map_data(request: HttpRequest, org: str) -> JsonResponse:
    """The markers for the map: the list as filtered, as GeoJSON."""
    _organisation, _chosen, rows = _filtered(request, org)
    return JsonResponse(io.geojson([a for a in rows if a.has_location], with_urls=True))


@login_required
def export_csv(request: HttpRequest, org: str) -> HttpResponse:
    organisation, _chosen, rows = _filtered(request, org)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{organisation.slug}-assets.csv"'
    out = text_io.StringIO()
    io.write_csv(rows, out)
    response.write(out.getvalue())
    return response


@login_required
def export_geojson(request: HttpRequest, org: str) -> HttpResponse:
    organisation, _chosen, rows = _filtered(request, org)
    response = HttpResponse(
        json.dumps(io.geojson(rows), ensure_ascii=False, indent=1),
        content_type="application/geo+json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{organisation.slug}-assets.geojson"'
    return response


@login_required
def asset(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.asset_for(user, org, pk)
    return page(
        request,
        "community/asset.html",
        {
            "organisation": found.organisation,
            "asset": found,
            "can_change": user.has_perm("community.change_asset", found),
        },
    )


def _asset_form(
    request: HttpRequest, organisation: Any, found: Asset | None, walk: Walk | None
) -> HttpResponse:
    user = user_of(request)
    posted = request.method == "POST"
    initial: dict[str, Any] = {}
    if found is not None:
        initial = {
            name: getattr(found, name)
            for name in (
                "name",
                "category",
                "description",
                "opening_times",
                "contact",
                "area",
                "latitude",
                "longitude",
            )
        }
        initial["features"] = [n for n in FEATURE_NAMES if getattr(found, n)]
    elif walk is not None:
        initial = {"area": walk.area}
    form = AssetForm(
        request.POST if posted else None,
        initial=initial,
        changing_gift=found is not None and found.consent_at is not None,
    )

    def save() -> HttpResponse:
        data = form.cleaned_data
        consent: dict[str, Any] = {
            "whose": data.get("whose") or "",
            "consent_from": data.get("consent_from") or "",
            "consent_confirmed": bool(data.get("consent_confirmed")),
        }
        if found is None:
            made = actions.asset_add(
                actor=user,
                organisation=organisation,
                values=form.values(),
                walk=walk,
                **consent,
            )
            messages.success(
                request, _("Thank you. %(name)s is on the community map.") % {"name": made.name}
            )
        else:
            made = actions.asset_change(actor=user, asset=found, values=form.values(), **consent)
            messages.success(request, _("Thank you. We saved your changes."))
        return redirect(made.get_absolute_url())

    if walk is not None:
        title = _("Add what you found on the walk in %(area)s") % {"area": walk.area}
        back = walk.get_absolute_url()
    elif found is not None:
        title, back = _("Change %(name)s") % {"name": found.name}, found.get_absolute_url()
    else:
        title, back = _("Add an asset"), reverse("community-assets", args=[organisation.slug])
    context = {
        "organisation": organisation,
        "form": form,
        "title": title,
        "intro": _(
            "An asset is anything good in the community: a person’s gift, a group, a "
            "place, a shop. Everyone in the organisation can see it."
        ),
        "button": _("Save the asset"),
        "back_url": back,
    }
    return form_page(request, "form_page.html", context, save, organisation)


@login_required
def asset_add(request: HttpRequest, org: str) -> HttpResponse:
    organisation = core.organisation_for(user_of(request), org)
    require_perm(request, "community.add_asset", organisation)
    return _asset_form(request, organisation, None, None)


@login_required
def walk_asset_add(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    walk = selectors.walk_for(user_of(request), org, pk)
    require_perm(request, "community.add_in_walk", walk)
    return _asset_form(request, walk.organisation, None, walk)


@login_required
def asset_change(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    found = selectors.asset_for(user_of(request), org, pk)
    require_perm(request, "community.change_asset", found)
    return _asset_form(request, found.organisation, found, None)


@login_required
def asset_remove(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """Asks first; the button takes it off the map."""
    user = user_of(request)
    found = selectors.asset_for(user, org, pk)
    require_perm(request, "community.change_asset", found)
    if request.method == "POST":
        actions.asset_remove(actor=user, asset=found)
        messages.success(
            request, _("We took %(name)s off the community map.") % {"name": found.name}
        )
        return redirect("community-assets", org=found.organisation.slug)
    return page(
        request,
        "community/asset_remove.html",
        {"organisation": found.organisation, "asset": found},
    )


@login_required
def walk_start(request: HttpRequest, org: str) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "community.start_walk", organisation)
    people = selectors.people_to_walk(organisation, but=user)
    form = WalkForm(request.POST if request.method == "POST" else None, people=people)

    def save() -> HttpResponse:
        data = form.cleaned_data
        walk = actions.walk_start(
            actor=user,
            organisation=organisation,
            walked_on=data["walked_on"],
            area=data["area"],
            walkers=data["walkers"],
            notes=data["notes"],
        )
        messages.success(request, _("Your walk is started. Add what you find."))
        return redirect(walk.get_absolute_url())

    context = {
        "organisation": organisation,
        "form": form,
        "title": _("Start a community walk"),
        "intro": _(
            "Walk an area together and write down what it has: people’s gifts, groups, "
            "places, shops. Everything you add is marked with the walk, for its report."
        ),
        "button": _("Start the walk"),
        "back_url": reverse("community-assets", args=[organisation.slug]),
    }
    return form_page(request, "form_page.html", context, save, organisation)


@login_required
def walk(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.walk_for(user, org, pk)
    return page(
        request,
        "community/walk.html",
        {
            "organisation": found.organisation,
            "walk": found,
            "assets": list(selectors.walk_assets(found)),
            "can_add": user.has_perm("community.add_in_walk", found),
        },
    )


@login_required
def walk_report(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """What was found, by category and area, and where the gaps are."""
    found = selectors.walk_for(user_of(request), org, pk)
    report = selectors.walk_report(found)
    labels = dict(Category.choices)
    feature_labels = dict(FEATURES)
    return page(
        request,
        "community/walk_report.html",
        {
            "organisation": found.organisation,
            "walk": found,
            "report": report,
            "category_rows": [(labels[c], n) for c, n in report.by_category.items()],
            "category_heads": [labels[c] for c in Category.values],
            "areas": [
                {
                    "area": a.area,
                    "total": a.total,
                    "counts": [a.by_category[c] for c in Category.values],
                    "missing_categories": [labels[c] for c in a.missing_categories],
                    "missing_features": [feature_labels[f] for f in a.missing_features],
                }
                for a in report.areas
            ],
        },
    )


@login_required
def assets_import(request: HttpRequest, org: str) -> HttpResponse:
    """Import a CSV or GeoJSON file: every row checked first; all or nothing."""
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "community.import", organisation)
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)

    def save() -> HttpResponse:
        upload = form.cleaned_data["file"]
        try:
            rows = io.read(upload.name or "", upload.read())
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
        made = actions.assets_import(actor=user, organisation=organisation, rows=rows)
        messages.success(
            request,
            ngettext("We imported %(count)s asset.", "We imported %(count)s assets.", len(made))
            % {"count": len(made)},
        )
        return redirect("community-assets", org=organisation.slug)

    context = {
        "organisation": organisation,
        "form": form,
        "columns": io.COLUMNS,
        "categories": Category.choices,
        "title": _("Import assets"),
        "back_url": reverse("community-assets", args=[organisation.slug]),
    }
    return form_page(request, "community/import.html", context, save, organisation)
