"""`equalvoice send_network_digests`: run by a scheduler (hourly is fine; once a week on
Monday morning is enough) to make last week's digest for every network that posted, send
every digest not yet sent, and forget mailing-list addresses never confirmed. It enqueues
a task, so a worker sends the emails; running it again sends nothing twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from equalvoice.network.tasks import send_due_digests


class Command(BaseCommand):
    help = "Send the networks' weekly digests that are due."

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_due_digests.enqueue()
        self.stdout.write(f"Network digests queued ({result.id}).")
