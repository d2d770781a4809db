"""The JSON and CSV downloads of a published record: the same content, with stable field
names in English whatever language the page is read in (docs/opendata.md).

The JSON is one object: scalars about the record, then three lists (`activities`,
`people_by_perspective`, `you_said_we_did`). The CSV has four columns, `section`, `item`,
`field` and `value`: each scalar at the top of the JSON is a row in the section
`record` (item empty); each list is a section of its own, its items numbered from 1; a
list inside an item (`evidence_reasons`) is one row for each entry, in order. Empty
values (JSON null) are empty cells, true and false are `true` and `false`."""

from __future__ import annotations

import csv
import io
from typing import Any

from equalvoice.core.exports import safe_cell
from equalvoice.record.ladder import Rung

from .selectors import OpenRecord

FORMAT = "equalvoice-open-record/1"
CSV_HEADER = ["section", "item", "field", "value"]
LISTS = ("activities", "people_by_perspective", "you_said_we_did")


def _rung(rung: Rung | None) -> int | None:
    return int(rung) if rung is not None else None


def _label(rung: Rung | None) -> str | None:
    return rung.label if rung is not None else None


def as_json(record: OpenRecord) -> dict[str, Any]:
    """The record as the JSON download gives it."""
    return {
        "format": FORMAT,
        "organisation": record.organisation_name,
        "organisation_slug": record.organisation_slug,
        "initiative_id": record.initiative_id,
        "title": record.title,
        "kind": record.kind,
        "kind_label": record.kind_label,
        "summary": record.summary,
        "published_at": record.published_at.isoformat() if record.published_at else None,
        "activities_done": record.activities_done,
        "activities_planned": record.activities_planned,
        "highest_rung_claimed": _rung(record.highest_rung_claimed),
        "highest_rung_claimed_label": _label(record.highest_rung_claimed),
        "highest_rung_evidenced": _rung(record.highest_rung_evidenced),
        "highest_rung_evidenced_label": _label(record.highest_rung_evidenced),
        "minimum_group_size": record.minimum_group_size,
        "people_total": record.people_total,
        "activities": [
            {
                "stage": a.stage,
                "date": a.on.isoformat(),
                "status": a.status,
                "status_label": a.status_label,
                "what": a.what,
                "rung_claimed": _rung(a.rung_claimed),
                "rung_claimed_label": _label(a.rung_claimed),
                "rung_evidenced": _rung(a.rung_evidenced),
                "rung_evidenced_label": _label(a.rung_evidenced),
                "evidence_reasons": list(a.evidence_reasons),
                "what_changed": a.what_changed,
                "nothing_changed": a.nothing_changed,
            }
            for a in record.activities
        ],
        "people_by_perspective": [
            {
                "perspective": p.perspective,
                "lived_experience": p.lived_experience,
                "people": p.people,
            }
            for p in record.perspectives
        ],
        "you_said_we_did": [
            {"you_said": line.you_said, "we_did": line.we_did} for line in record.you_said_we_did
        ],
    }


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return safe_cell(value)
    return str(value)


def csv_rows(data: dict[str, Any]) -> list[list[str]]:
    """The rows of the CSV download (after its header), from `as_json`'s object."""
    rows: list[list[str]] = []
    for field, value in data.items():
        if field not in LISTS:
            rows.append(["record", "", field, _cell(value)])
    for section in LISTS:
        for number, item in enumerate(data[section], start=1):
            for field, value in item.items():
                entries = value if isinstance(value, list) else [value]
                rows += [[section, str(number), field, _cell(v)] for v in entries]
    return rows


def as_csv(data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_rows(data))
    return out.getvalue()
