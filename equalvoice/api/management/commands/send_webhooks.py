"""`equalvoice send_webhooks`: run every few minutes by a scheduler when the task queue
cannot wait (the immediate backend); it tries again the webhook deliveries whose time
has come. With the database or RQ queue, retries are queued for their time anyway, and
this only catches any left behind. Safe to run at any time: a delivery that succeeded is
never sent again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from equalvoice.api.webhooks import retry_due


class Command(BaseCommand):
    help = "Try again the webhook deliveries that are due."

    def handle(self, *args: Any, **options: Any) -> None:
        attempts = retry_due()
        self.stdout.write(f"{len(attempts)} webhook delivery attempt(s).")
