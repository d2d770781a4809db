"""`equalvoice opinions rebuild [ID ...] [--all]`: work out conversations' results again
from every vote, now, instead of from the votes new since the last update (see
docs/opinions.md, "The incremental path"). Safe at any time: results never depend on
what a process kept between updates, so this only makes sure."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from equalvoice.opinions.actions import results_rebuild
from equalvoice.opinions.models import Conversation


class Command(BaseCommand):
    help = "Work out conversations' results again from every vote."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ids", nargs="*", type=int, metavar="ID", help="conversation ids")
        parser.add_argument("--all", action="store_true", help="every conversation")

    def handle(self, *args: Any, **options: Any) -> None:
        ids: list[int] = options["ids"]
        if options["all"] == bool(ids):
            raise CommandError("Give conversation ids, or --all (not both).")
        found = Conversation.objects.order_by("pk").only("pk", "title")
        conversations = list(found if options["all"] else found.filter(pk__in=ids))
        missing = sorted(set(ids) - {c.pk for c in conversations})
        if missing:
            raise CommandError(f"No conversation with id {', '.join(map(str, missing))}.")
        for conversation in conversations:
            done = results_rebuild(conversation)
            if done is not None:
                self.stdout.write(
                    f"Conversation {done.pk} “{done.title}”: results from "
                    f"{done.results_votes:,} votes."
                )
