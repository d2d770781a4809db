"""Stored results kept every participant's place and group in `Conversation.results`
(`projections`, `assignments`, each group's `members`). Move them into the packed
`ResultsPeople` row, and leave the summary. Going back puts them back into the JSON, with
the places at the packed float32 precision (about 7 significant figures)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

# The packing as it was when this migration was written (equalvoice/opinions/people.py).
from equalvoice.opinions.people import PERSON_KEYS, from_results, into_results, summary


def forwards(apps: Any, schema_editor: Any) -> None:
    Conversation = apps.get_model("opinions", "Conversation")
    ResultsPeople = apps.get_model("opinions", "ResultsPeople")
    for conversation in Conversation.objects.exclude(results={}).iterator():
        results = conversation.results
        has_members = any("members" in g for g in results.get("groups", []))
        if not has_members and not any(key in results for key in PERSON_KEYS):
            continue
        ResultsPeople.objects.update_or_create(
            conversation_id=conversation.pk, defaults={"packed": from_results(results)}
        )
        Conversation.objects.filter(pk=conversation.pk).update(results=summary(results))


def backwards(apps: Any, schema_editor: Any) -> None:
    Conversation = apps.get_model("opinions", "Conversation")
    ResultsPeople = apps.get_model("opinions", "ResultsPeople")
    for row in ResultsPeople.objects.all().iterator():
        conversation = Conversation.objects.get(pk=row.conversation_id)
        results = conversation.results or {}
        if not results:
            continue
        Conversation.objects.filter(pk=conversation.pk).update(
            results=into_results(results, row.packed)
        )


class Migration(migrations.Migration):
    dependencies = [("opinions", "0004_results_people")]

    operations = [migrations.RunPython(forwards, backwards)]
