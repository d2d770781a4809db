"""`equalvoice send_reminders`: run hourly by a scheduler (cron, a systemd timer) to send
meeting reminders the day before. It enqueues the task, so a worker sends the emails."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from equalvoice.meetings.tasks import send_due_reminders


class Command(BaseCommand):
    help = "Send reminders for meetings that start within the next day."

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_due_reminders.enqueue()
        self.stdout.write(f"Reminders queued ({result.id}).")
