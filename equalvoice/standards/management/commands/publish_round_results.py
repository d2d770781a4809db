"""`equalvoice publish_round_results`: run hourly by a scheduler, beside `send_reminders`.
Announces the results of rounds that have closed, once each (the API's webhooks send
"round.results_published")."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from equalvoice.standards.actions import round_results_publish_due


class Command(BaseCommand):
    help = "Announce the results of rounds that have closed (once each)."

    def handle(self, *args: Any, **options: Any) -> None:
        done = round_results_publish_due()
        self.stdout.write(f"Results announced for {len(done)} round(s).")
