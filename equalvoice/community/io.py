"""Community assets to and from CSV and GeoJSON.

Reading checks every row before anything is saved, and gives plain errors that name the
row (or feature) and the column; `actions.assets_import` then saves all of them or none.
Writing makes the list as filtered, with spreadsheet formulas made harmless."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from equalvoice.core.exports import safe_cell

from .actions import check_values
from .models import FEATURE_NAMES, Asset, Category

COLUMNS = [
    "name",
    "category",
    "description",
    "area",
    "opening_times",
    "contact",
    "latitude",
    "longitude",
    *FEATURE_NAMES,
    "consent_from",
]
REQUIRED = ("name", "category")
MAX_ROWS = 5_000
MAX_ERRORS = 50
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0", ""}
# The kinds in English words too, whatever language the page is in.
with translation.override("en-gb"):
    CATEGORY_WORDS = {
        **{value: value for value in Category.values},
        **{str(label).casefold().replace("’", "'"): value for value, label in Category.choices},
    }


# One problem in a row: where, the column, and what is wrong.
WHERE = gettext_noop("%(where)s, %(column)s: %(problem)s")


class _Bad(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return str(value)
    if not isinstance(value, str):
        raise ValueError
    # A cell we exported with a quote in front of a formula sign comes back as typed.
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        value = value[1:]
    return value.replace("\x00", "").strip()


def _number(column: str, value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise _Bad(column, _("Write a number, like 53.48"))
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise _Bad(column, _("Write a number, like 53.48")) from None
    if not number.is_finite():
        raise _Bad(column, _("Write a number, like 53.48"))
    return number


def _yes_no(column: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = _text(value).casefold()
    if word in YES:
        return True
    if word in NO:
        return False
    raise _Bad(column, _("Write yes or no"))


def _row(raw: dict[str, Any]) -> dict[str, Any]:
    """One row's values, typed; `_Bad` names the first column that is wrong."""
    values: dict[str, Any] = {}
    for column in ("name", "description", "area", "opening_times", "contact", "consent_from"):
        try:
            values[column] = _text(raw.get(column))
        except ValueError:
            raise _Bad(column, _("Write this as text")) from None
    try:
        word = _text(raw.get("category")).casefold().replace("’", "'")
    except ValueError:
        word = "?"
    if word not in CATEGORY_WORDS:
        raise _Bad("category", _("Write one of: %(words)s") % {"words": ", ".join(Category.values)})
    values["category"] = CATEGORY_WORDS[word]
    for column in ("latitude", "longitude"):
        values[column] = _number(column, raw.get(column))
    for column in FEATURE_NAMES:
        values[column] = _yes_no(column, raw.get(column))
    return values


def _check_all(raws: Iterable[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Every row checked; all the errors (up to MAX_ERRORS) at once, or the rows."""
    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    for where, raw in raws:
        if len(rows) + len(errors) >= MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(count)s rows. Split it up.")
                % {"count": f"{MAX_ROWS:,}"}
            )
        try:
            values = _row(raw)
            check_values(values)
        except _Bad as bad:
            errors.append(_(WHERE) % {"where": where, "column": bad.column, "problem": bad.message})
            continue
        except ValidationError as error:
            for column, messages in error.message_dict.items():
                errors.append(
                    _(WHERE) % {"where": where, "column": column, "problem": " ".join(messages)}
                )
            continue
        if values["category"] == Category.GIFT and not values["consent_from"]:
            errors.append(
                _(
                    "%(where)s, consent_from: a person’s gift or skill needs the name of the "
                    "person who agreed to it being on the map"
                )
                % {"where": where}
            )
            continue
        rows.append(values)
    if errors:
        more = len(errors) - MAX_ERRORS
        shown = errors[:MAX_ERRORS] + (
            [_("and %(count)s more") % {"count": more}] if more > 0 else []
        )
        raise ValidationError([_("Nothing was imported. Put these right and try again:"), *shown])
    if not rows:
        raise ValidationError(_("The file has no assets in it"))
    return rows


def read_csv(data: bytes) -> list[dict[str, Any]]:
    """The rows of a CSV file with a header row (see COLUMNS), checked."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not a CSV file saved as UTF-8 text")) from None
    if "\x00" in text:
        raise ValidationError(_("The file is not a CSV file"))
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [str(name).strip().casefold() for name in (reader.fieldnames or [])]
        missing = [column for column in REQUIRED if column not in header]
        if missing:
            raise ValidationError(
                _("The first row must name the columns. Missing: %(columns)s")
                % {"columns": ", ".join(missing)}
            )
        reader.fieldnames = header

        def raws() -> Iterable[tuple[str, dict[str, Any]]]:
            for number, raw in enumerate(reader, start=2):
                yield (
                    _("Row %(number)s") % {"number": number},
                    {k: v for k, v in raw.items() if isinstance(k, str)},
                )

        return _check_all(raws())
    except csv.Error:
        raise ValidationError(_("The file is not a CSV file we can read")) from None


def _no_constants(word: str) -> Any:
    raise ValueError(word)


def read_geojson(data: bytes) -> list[dict[str, Any]]:
    """The features of a GeoJSON FeatureCollection, checked. Each feature's properties
    use the CSV's column names; a Point geometry gives the location."""
    try:
        found = json.loads(data.decode("utf-8-sig"), parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ValidationError(_("The file is not a GeoJSON file we can read")) from None
    features = found.get("features") if isinstance(found, dict) else None
    if (
        not isinstance(found, dict)
        or found.get("type") != "FeatureCollection"
        or not isinstance(features, list)
    ):
        raise ValidationError(_("The file must be a GeoJSON FeatureCollection"))

    def raws() -> Iterable[tuple[str, dict[str, Any]]]:
        for number, feature in enumerate(features, start=1):
            where = _("Feature %(number)s") % {"number": number}
            properties = feature.get("properties") if isinstance(feature, dict) else None
            if not isinstance(properties, dict):
                yield where, {"name": "", "category": "?"}
                continue
            raw = {str(k).casefold(): v for k, v in properties.items()}
            geometry = feature.get("geometry")
            if isinstance(geometry, dict):
                coordinates = geometry.get("coordinates")
                if (
                    geometry.get("type") == "Point"
                    and isinstance(coordinates, list)
                    and len(coordinates) >= 2
                ):
                    raw["longitude"], raw["latitude"] = coordinates[0], coordinates[1]
                else:
                    raw["latitude"] = "not a point"
            yield where, raw

    return _check_all(raws())


def read(name: str, data: bytes) -> list[dict[str, Any]]:
    """A CSV or GeoJSON file, told apart by its name or, failing that, its first
    character."""
    lowered = name.casefold()
    if lowered.endswith((".geojson", ".json")) or (
        not lowered.endswith(".csv") and data.lstrip()[:1] == b"{"
    ):
        return read_geojson(data)
    return read_csv(data)


def _cells(asset: Asset) -> dict[str, Any]:
    return {
        "name": asset.name,
        "category": asset.category,
        "description": asset.description,
        "area": asset.area,
        "opening_times": asset.opening_times,
        "contact": asset.contact,
        "consent_from": asset.consent_from if asset.category == Category.GIFT else "",
    }


def write_csv(assets: Iterable[Asset], out: Any) -> None:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for asset in assets:
        cells = _cells(asset)
        writer.writerow(
            [
                safe_cell(cells["name"]),
                cells["category"],
                safe_cell(cells["description"]),
                safe_cell(cells["area"]),
                safe_cell(cells["opening_times"]),
                safe_cell(cells["contact"]),
                "" if asset.latitude is None else str(asset.latitude),
                "" if asset.longitude is None else str(asset.longitude),
                *["yes" if getattr(asset, name) else "no" for name in FEATURE_NAMES],
                safe_cell(cells["consent_from"]),
            ]
        )


def geojson(assets: Iterable[Asset], *, with_urls: bool = False) -> dict[str, Any]:
    """A FeatureCollection: a Point where the asset has a location, else no geometry."""
    features = []
    for asset in assets:
        properties: dict[str, Any] = _cells(asset)
        for name in FEATURE_NAMES:
            properties[name] = getattr(asset, name)
        if with_urls:
            properties["url"] = asset.get_absolute_url()
            properties["category_label"] = asset.get_category_display()
        geometry = (
            {"type": "Point", "coordinates": [float(asset.longitude), float(asset.latitude)]}  # type: ignore[arg-type]
            if asset.has_location
            else None
        )
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return {"type": "FeatureCollection", "features": features}
