"""Put back in the queue the background tasks that a worker which died left running."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "A worker that is killed (out of memory, a power cut, kill -9) leaves the task it "
        "was running marked as running for ever, and no worker takes it again. This puts "
        "tasks that have been running longer than --older-than seconds back in the queue, "
        "to run again from the start. Results (conversations) are worked out afresh, and "
        "network posts and digests record each email before sending it, so they send "
        "nothing twice; an invitation or reminder task cut off part way may send its "
        "emails again to people it reached before. Choose --older-than longer than any "
        "task takes, or use 0 only when no worker is running."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=3600,
            help="Seconds a task must have been running (default 3600)",
        )

    def handle(self, *args: Any, older_than: int, **options: Any) -> None:
        from django.conf import settings

        if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
            raise CommandError("Background tasks are not in the database queue: nothing to do.")
        from django_tasks_db.compat import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        if older_than < 0:
            raise CommandError("--older-than cannot be below 0.")
        stuck = DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING,
            started_at__lte=timezone.now() - timedelta(seconds=older_than),
        )
        count = stuck.update(status=TaskResultStatus.READY)
        self.stdout.write(f"Put back in the queue: {count}")
