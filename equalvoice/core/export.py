"""An organisation's full export: every row that belongs to it, as canonical JSON.

Which rows belong to an organisation is worked out from the models, not listed by hand,
so a new app's tables are in the export the day they are made:

- a row **belongs** to an organisation when a chain of foreign keys leads from it to the
  organisation (a group's meeting's paper: paper → meeting → group → organisation). The
  shortest chain is followed; chains through a person are not, because a person can
  belong to several organisations;
- the export also holds every row outside any organisation that those rows point to (the
  people who wrote, voted, took part…), and the rows that point to those people only
  (their access needs, consents, sign-in codes of no organisation);
- `outside_export()` is every row of the tables that belong to no organisation (people,
  sessions, the task queue, content types).

Each row is Django's serialised form (`model`, `pk`, `fields`, with ids, many-to-many as
sorted lists of ids), with each uploaded file's SHA-256 beside its name. Rows are in the
order of their model's label, then id. `canonical()` makes the JSON text, so two exports
compare equal exactly when every value is the same.

Nothing here checks who asks: the operator and the tests use it. Any page that shows it
must go through a selector that checks the person may see the whole organisation.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import defaultdict, deque
from functools import cache
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import FileField, Model

from .models import Organisation, User

Row = dict[str, Any]
MAX_CHAIN = 5


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's JSON encoder, but times keep their microseconds (Django's cuts them to
    milliseconds, so a backup made with it would not bring back the same times)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            value = o.isoformat()
            return value.removesuffix("+00:00") + "Z" if value.endswith("+00:00") else value
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


def _models() -> list[type[Model]]:
    return [
        m
        for m in apps.get_models()
        if m._meta.managed and not m._meta.proxy and not m._meta.swapped
    ]


def _forward_keys(model: type[Model]) -> list[Any]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and (f.many_to_one or f.one_to_one) and f.related_model is not None
    ]


@cache
def owner_lookups() -> dict[type[Model], str | None]:
    """For each model, the lookup from it to its organisation's id ("organisation",
    "group__organisation", "pk" for Organisation itself), or None when it belongs to no
    one organisation."""
    found: dict[type[Model], str | None] = {}
    for model in _models():
        if model is Organisation:
            found[model] = "pk"
            continue
        found[model] = None
        queue: deque[tuple[type[Model], list[str]]] = deque([(model, [])])
        seen = {model}
        while queue:
            current, chain = queue.popleft()
            if len(chain) >= MAX_CHAIN:
                continue
            step = None
            for field in _forward_keys(current):
                target = field.related_model
                if target is Organisation:
                    step = "__".join([*chain, field.name])
                    break
                if target is not User and target not in seen:
                    seen.add(target)
                    queue.append((target, [*chain, field.name]))
            if step is not None:
                found[model] = step
                break
    return found


def _file_fields(model: type[Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, FileField)]


def _sha256(name: str) -> str | None:
    if not name or not default_storage.exists(name):
        return None
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as f:
        for chunk in f.chunks():
            digest.update(chunk)
    return digest.hexdigest()


def _rows(model: type[Model], **where: Any) -> list[Row]:
    rows = model._base_manager.filter(**where).order_by("pk")
    out: list[Row] = serializers.serialize("python", rows.iterator())
    files = _file_fields(model)
    for row in out:
        fields = row["fields"]
        for field in model._meta.many_to_many:
            if field.name in fields:
                fields[field.name] = sorted(fields[field.name])
        for name in files:
            fields[name] = {"name": fields[name], "sha256": _sha256(fields[name])}
    return out


def _sorted(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda row: (row["model"], row["pk"]))


def organisation_export(organisation: Organisation) -> list[Row]:
    """Every row that belongs to the organisation, and the rows of no organisation that
    are reached from them (see the module's docstring)."""
    lookups = owner_lookups()
    rows: list[Row] = []
    reached: dict[type[Model], set[Any]] = defaultdict(set)

    def follow(model: type[Model], found: list[Row]) -> None:
        for field in _forward_keys(model):
            if lookups.get(field.related_model) is None:
                for row in found:
                    value = row["fields"].get(field.name)
                    if value is not None:
                        reached[field.related_model].add(value)
        for m2m in model._meta.many_to_many:
            target = m2m.related_model
            if isinstance(target, type) and lookups.get(target) is None:
                for row in found:
                    reached[target].update(row["fields"].get(m2m.name, []))

    for model, lookup in lookups.items():
        if lookup is None:
            continue
        found = _rows(model, **{lookup: organisation.pk})
        rows.extend(found)
        follow(model, found)

    # What points only at the organisation's people: their access needs, consents…
    people = reached.get(User, set())
    for model, lookup in lookups.items():
        if lookup is not None or model is User:
            continue
        for key in [f for f in _forward_keys(model) if f.related_model is User]:
            if people:
                reached[model].update(
                    model._base_manager.filter(**{f"{key.name}__in": people}).values_list(
                        "pk", flat=True
                    )
                )

    # The rows of no organisation reached, and what they point to in turn.
    done: dict[type[Model], set[Any]] = defaultdict(set)
    while any(pks - done[model] for model, pks in list(reached.items())):
        for model, pks in list(reached.items()):
            new = pks - done[model]
            if not new:
                continue
            done[model] |= new
            found = _rows(model, pk__in=new)
            rows.extend(found)
            follow(model, found)
    return _sorted(rows)


def outside_export() -> list[Row]:
    """Every row of every table that belongs to no one organisation, and the rows of
    tables that do whose chain to an organisation is empty (an optional key not set)."""
    rows: list[Row] = []
    for model, lookup in owner_lookups().items():
        if lookup is None:
            rows.extend(_rows(model))
        elif lookup != "pk":
            rows.extend(_rows(model, **{f"{lookup}__isnull": True}))
    return _sorted(rows)


def full_export() -> dict[str, list[Row]]:
    """Each organisation's export, by slug, and the rows of no organisation ("")."""
    exports = {o.slug: organisation_export(o) for o in Organisation.objects.order_by("slug")}
    exports[""] = outside_export()
    return exports


def canonical(data: Any) -> str:
    """The one JSON text of `data`: keys sorted, no spaces that vary."""
    return json.dumps(data, cls=ExactJSONEncoder, sort_keys=True, ensure_ascii=False, indent=1)
