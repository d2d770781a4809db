"""Results stored before the engine's JSON kept each statement's counts by perspective
lack them, and the results page would show no figures for perspectives until the next
vote. Add them from the votes, counted as the engine counts them (each person's vote on
every statement not waiting to be checked, by the perspective they answer as), for the
perspectives the stored results show."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import migrations

CHOICE = {1: "agree", -1: "disagree", 0: "pass"}


def with_perspective_counts(
    results: dict[str, Any], rows: list[tuple[int, str, int, int]]
) -> dict[str, Any] | None:
    """`results` with `statement_counts[...]["perspectives"]` added from `rows` of
    (statement, perspective, value, how many), or None when nothing needs adding."""
    counts = results.get("statement_counts") or {}
    perspectives = results.get("perspectives") or {}
    left_out = set(perspectives.get("left_out", []))
    shown = [name for name in perspectives.get("sizes", {}) if name not in left_out]
    if not shown or not counts or all("perspectives" in c for c in counts.values()):
        return None
    tally: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
    for statement, name, value, n in rows:
        if name in shown and str(statement) in counts:
            each = tally[str(statement)].setdefault(name, {"agree": 0, "disagree": 0, "pass": 0})
            each[CHOICE[value]] += n
    zero = {"agree": 0, "disagree": 0, "pass": 0}
    for statement, c in counts.items():
        c["perspectives"] = {
            name: tally.get(statement, {}).get(name, dict(zero)) for name in shown
        }
    return results


def forwards(apps: Any, schema_editor: Any) -> None:
    from django.db.models import Count

    Conversation = apps.get_model("opinions", "Conversation")
    Vote = apps.get_model("opinions", "Vote")
    for conversation in Conversation.objects.exclude(results={}).iterator():
        rows = list(
            Vote.objects.filter(participant__conversation=conversation)
            .exclude(statement__status="waiting")
            .exclude(participant__perspective="")
            .values_list("statement_id", "participant__perspective", "value")
            .annotate(n=Count("id"))
            .order_by()
        )
        updated = with_perspective_counts(conversation.results, rows)
        if updated is not None:
            Conversation.objects.filter(pk=conversation.pk).update(results=updated)


class Migration(migrations.Migration):
    dependencies = [("opinions", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
