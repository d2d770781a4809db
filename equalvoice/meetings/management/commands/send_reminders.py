"""`equalvoice send_reminders`: run hourly by a scheduler (cron, a systemd timer) to send
meeting reminders the day before, and reminders to look at a plan together some days
before its date (`EQUALVOICE_PLAN_REMINDER_DAYS`). It enqueues the tasks, so a worker
sends the emails."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from equalvoice.meetings.tasks import send_due_reminders
from equalvoice.plans.tasks import send_review_reminders


class Command(BaseCommand):
    help = (
        "Send reminders for meetings that start within the next day, and for plans "
        "to look at together soon."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        meetings = send_due_reminders.enqueue()
        plans = send_review_reminders.enqueue()
        self.stdout.write(f"Reminders queued ({meetings.id}, {plans.id}).")
