"""Reads with rules for community assets and walks. Everything starts from the person's
own organisations, so another organisation's asset or walk is "not found". A person's
gift or skill is left out until they agreed to it being shown."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q, QuerySet

from equalvoice.core import selectors as core
from equalvoice.core.models import Organisation, User

from . import report as report_engine
from .models import FEATURE_NAMES, Asset, Category, Walk


def shown(organisation: Organisation) -> QuerySet[Asset]:
    """The organisation's assets that may be shown: a person's gift only once they
    agreed."""
    return (
        Asset.objects.filter(organisation=organisation)
        .exclude(category=Category.GIFT, consent_at__isnull=True)
        .select_related("organisation", "walk", "added_by")
    )


def assets_filtered(
    organisation: Organisation,
    *,
    category: str = "",
    area: str = "",
    features: Sequence[str] = (),
) -> QuerySet[Asset]:
    """The list as filtered: one category, one area (any case) and every access
    feature asked for."""
    rows = shown(organisation)
    if category in Category.values:
        rows = rows.filter(category=category)
    if area:
        rows = rows.filter(area__iexact=area)
    for name in features:
        if name in FEATURE_NAMES:
            rows = rows.filter(**{name: True})
    return rows.order_by("name", "id")


def areas_in(organisation: Organisation) -> list[str]:
    """Every area named on an asset or a walk of the organisation, alphabetically."""
    named = set(
        Asset.objects.filter(organisation=organisation)
        .exclude(area="")
        .values_list("area", flat=True)
    ) | set(Walk.objects.filter(organisation=organisation).values_list("area", flat=True))
    return sorted(named, key=str.casefold)


def asset_for(user: User, org_slug: str, pk: int) -> Asset:
    """An asset of one of the person's organisations; anything else is "not found"."""
    organisation = core.organisation_for(user, org_slug)
    return core.first_or_404(shown(organisation).filter(pk=pk), "No such asset")


def walks_in(organisation: Organisation) -> QuerySet[Walk]:
    return Walk.objects.filter(organisation=organisation).prefetch_related("walkers")


def walk_for(user: User, org_slug: str, pk: int) -> Walk:
    organisation = core.organisation_for(user, org_slug)
    rows = walks_in(organisation).filter(pk=pk).select_related("organisation", "started_by")
    return core.first_or_404(rows, "No such walk")


def walk_assets(walk: Walk) -> QuerySet[Asset]:
    return shown(walk.organisation).filter(walk=walk).order_by("category", "name", "id")


def walk_report(walk: Walk) -> report_engine.Report:
    """What the walk found, by category and area (an asset with no area counts in the
    walk's own), and the gaps in each area."""
    found = [
        report_engine.Found(
            category=asset.category,
            area=asset.area or walk.area,
            features=frozenset(name for name in FEATURE_NAMES if getattr(asset, name)),
        )
        for asset in walk_assets(walk)
    ]
    return report_engine.report(found, Category.values, FEATURE_NAMES)


def people_to_walk(organisation: Organisation, *, but: User) -> QuerySet[User]:
    """Everyone in the organisation who could walk with `but`."""
    return core.people_in_organisation(organisation).exclude(pk=but.pk)


def gifts_of(person: User) -> QuerySet[Asset]:
    return Asset.objects.filter(Q(person=person) | Q(added_by=person)).select_related("walk")
