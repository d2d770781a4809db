"""Every change to community assets and walks: permission, audit log (never what people
wrote), one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from equalvoice.core import audit
from equalvoice.core.models import Organisation, OrgMembership, User
from equalvoice.core.permissions import require as _require

from .models import FEATURE_NAMES, Asset, Category, Walk

NAME_MAX = 200
TEXT_MAX = 5_000
SHORT_MAX = 200
AREA_MAX = 100
NEEDS_NAME = _("Enter the name of the asset")
NEEDS_CONSENT = _("Tick to confirm the person agreed to their gift or skill being on the map")
NEEDS_CONSENT_FROM = _("Enter the name of the person whose gift or skill it is")
NEEDS_WHOSE = _("Say whose gift or skill it is")
BOTH_OR_NEITHER = _("Give both the latitude and the longitude, or neither")

# What an asset is made of, as the form and the import give it.
VALUE_FIELDS = [
    "category",
    "name",
    "description",
    "area",
    "opening_times",
    "contact",
    "latitude",
    "longitude",
    *FEATURE_NAMES,
]


def check_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The asset's values checked against the rules the form and the import share;
    a ValidationError names the field."""
    errors: dict[str, StrOrPromise] = {}
    name = str(values.get("name") or "").strip()
    if not name:
        errors["name"] = NEEDS_NAME
    elif len(name) > NAME_MAX:
        errors["name"] = _("Keep the name to %(count)s characters") % {"count": NAME_MAX}
    category = values.get("category")
    if category not in Category.values:
        errors["category"] = _("Choose what kind of asset it is")
    for key, limit in (
        ("description", TEXT_MAX),
        ("opening_times", SHORT_MAX),
        ("contact", SHORT_MAX),
        ("area", AREA_MAX),
    ):
        if len(str(values.get(key) or "")) > limit:
            errors[key] = _("Keep this to %(count)s characters") % {"count": f"{limit:,}"}
    lat, lon = values.get("latitude"), values.get("longitude")
    if (lat is None) != (lon is None):
        errors["latitude" if lat is None else "longitude"] = BOTH_OR_NEITHER
    if lat is not None and not -90 <= lat <= 90:
        errors["latitude"] = _("The latitude must be between -90 and 90")
    if lon is not None and not -180 <= lon <= 180:
        errors["longitude"] = _("The longitude must be between -180 and 180")
    if errors:
        raise ValidationError(errors)
    cleaned = {
        "category": category,
        "name": name,
        "description": str(values.get("description") or "").strip(),
        "area": " ".join(str(values.get("area") or "").split()),
        "opening_times": str(values.get("opening_times") or "").strip(),
        "contact": str(values.get("contact") or "").strip(),
        "latitude": None if lat is None else Decimal(lat).quantize(Decimal("0.00001")),
        "longitude": None if lon is None else Decimal(lon).quantize(Decimal("0.00001")),
    }
    for feature in FEATURE_NAMES:
        cleaned[feature] = bool(values.get(feature))
    return cleaned


def _consent(
    asset: Asset, actor: User, *, whose: str, consent_from: str, consent_confirmed: bool
) -> None:
    """A person's gift is on the map only with their agreement: their own, or one a
    supporter recorded, naming who agreed."""
    if whose == "mine":
        asset.person = actor
        asset.consent_from = actor.name
    elif whose == "someone":
        if not consent_from.strip():
            raise ValidationError({"consent_from": NEEDS_CONSENT_FROM})
        if not consent_confirmed:
            raise ValidationError({"consent_confirmed": NEEDS_CONSENT})
        asset.person = None
        asset.consent_from = consent_from.strip()[:200]
    else:
        raise ValidationError({"whose": NEEDS_WHOSE})
    asset.consent_recorded_by = actor
    asset.consent_at = timezone.now()


def _check_walk(organisation: Organisation, walk: Walk | None, actor: User) -> None:
    if walk is None:
        return
    if walk.organisation_id != organisation.pk:
        raise ValidationError(_("Choose a walk of this organisation"))
    _require(actor, "community.add_in_walk", walk)


@transaction.atomic
def asset_add(
    *,
    actor: User,
    organisation: Organisation,
    values: Mapping[str, Any],
    walk: Walk | None = None,
    whose: str = "",
    consent_from: str = "",
    consent_confirmed: bool = False,
) -> Asset:
    """Add an asset to the organisation's map (in a walk, when one is given). A person's
    gift or skill needs their agreement, recorded with who wrote it down and when."""
    _require(actor, "community.add_asset", organisation)
    _check_walk(organisation, walk, actor)
    asset = Asset(organisation=organisation, walk=walk, added_by=actor, **check_values(values))
    if asset.category == Category.GIFT:
        _consent(
            asset,
            actor,
            whose=whose,
            consent_from=consent_from,
            consent_confirmed=consent_confirmed,
        )
    asset.save()
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="community.asset_create",
        obj=asset,
        summary=f"{actor} added an asset to the community map"
        + (f" on the walk of {walk.walked_on:%-d %B %Y}" if walk else ""),
    )
    return asset


@transaction.atomic
def asset_change(
    *,
    actor: User,
    asset: Asset,
    values: Mapping[str, Any],
    whose: str = "",
    consent_from: str = "",
    consent_confirmed: bool = False,
) -> Asset:
    """Change an asset: the person who added it, or the organisation's admins and
    facilitators. An asset that becomes a person's gift needs their agreement."""
    _require(actor, "community.change_asset", asset)
    cleaned = check_values(values)
    for key, value in cleaned.items():
        setattr(asset, key, value)
    if asset.category == Category.GIFT and asset.consent_at is None:
        _consent(
            asset,
            actor,
            whose=whose,
            consent_from=consent_from,
            consent_confirmed=consent_confirmed,
        )
    asset.save()
    audit.record(
        organisation=asset.organisation,
        actor=actor,
        verb="community.asset_change",
        obj=asset,
        summary=f"{actor} changed an asset on the community map",
    )
    return asset


@transaction.atomic
def asset_remove(*, actor: User, asset: Asset) -> None:
    """Take an asset off the map: the person who added it, or the organisation's admins
    and facilitators."""
    _require(actor, "community.change_asset", asset)
    audit.record(
        organisation=asset.organisation,
        actor=actor,
        verb="community.asset_remove",
        obj=asset,
        summary=f"{actor} took an asset off the community map",
    )
    asset.delete()


@transaction.atomic
def walk_start(
    *,
    actor: User,
    organisation: Organisation,
    walked_on: date,
    area: str,
    walkers: Iterable[User] = (),
    notes: str = "",
) -> Walk:
    """Start a community walk: a date, an area and who walked (the person starting it
    among them). Only people of the organisation can be walkers."""
    _require(actor, "community.start_walk", organisation)
    area = " ".join(area.split())
    if not area:
        raise ValidationError({"area": _("Enter the area you walked")})
    if len(area) > AREA_MAX:
        raise ValidationError(
            {"area": _("Keep the area to %(count)s characters") % {"count": AREA_MAX}}
        )
    if len(notes) > TEXT_MAX:
        raise ValidationError(
            {"notes": _("Keep the notes to %(count)s characters") % {"count": f"{TEXT_MAX:,}"}}
        )
    members = set(
        OrgMembership.objects.filter(organisation=organisation).values_list("user_id", flat=True)
    )
    people = {person.pk: person for person in walkers if person.pk in members}
    people[actor.pk] = actor
    walk = Walk.objects.create(
        organisation=organisation,
        walked_on=walked_on,
        area=area,
        notes=notes.strip(),
        started_by=actor,
    )
    walk.walkers.set(people.values())
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="community.walk_start",
        obj=walk,
        summary=f"{actor} started a community walk with {len(people)} "
        + ("person" if len(people) == 1 else "people"),
    )
    return walk


@transaction.atomic
def assets_import(
    *, actor: User, organisation: Organisation, rows: Sequence[Mapping[str, Any]]
) -> list[Asset]:
    """Import checked rows (see `io.read`): every row or none. A person's gift in a row
    names who agreed (`consent_from`), and the person importing records that they did."""
    _require(actor, "community.import", organisation)
    made = []
    now = timezone.now()
    for number, row in enumerate(rows, start=2):
        try:
            cleaned = check_values(row)
        except ValidationError as error:
            raise ValidationError(
                [
                    _("Row %(number)s, %(field)s: %(problem)s")
                    % {"number": number, "field": field, "problem": " ".join(messages)}
                    for field, messages in error.message_dict.items()
                ]
            ) from error
        asset = Asset(organisation=organisation, added_by=actor, added_at=now, **cleaned)
        if asset.category == Category.GIFT:
            who = str(row.get("consent_from") or "").strip()
            if not who:
                raise ValidationError(
                    _("Row %(number)s, %(field)s: %(problem)s")
                    % {"number": number, "field": "consent_from", "problem": NEEDS_CONSENT_FROM}
                )
            asset.consent_from = who[:200]
            asset.consent_recorded_by = actor
            asset.consent_at = now
        made.append(asset)
    Asset.objects.bulk_create(made)
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="community.assets_import",
        obj=organisation,
        summary=f"{actor} imported {len(made)} assets to the community map",
    )
    return made
