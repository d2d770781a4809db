"""Put back in the queue the background tasks that a worker which died left running."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

DATABASE = "django_tasks_db.DatabaseBackend"
RQ = "django_tasks_rq.RQBackend"


class Command(BaseCommand):
    help = (
        "A worker that is killed (out of memory, a power cut, kill -9) leaves the task it "
        "was running marked as running, and no worker takes it again. This puts tasks "
        "that have been running longer than --older-than seconds back in the queue, to run "
        "again from the start. Results (conversations) are worked out afresh, and network "
        "posts and digests record each email before sending it, so they send nothing "
        "twice; an invitation or reminder task cut off part way may send its emails again "
        "to people it reached before. Choose --older-than longer than any task takes, or "
        "use 0 only when no worker is running. Works with the database queue and with RQ."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=3600,
            help="Seconds a task must have been running (default 3600)",
        )

    def handle(self, *args: Any, older_than: int, **options: Any) -> None:
        if older_than < 0:
            raise CommandError("--older-than cannot be below 0.")
        cutoff = timezone.now() - timedelta(seconds=older_than)
        backend = settings.TASKS["default"]["BACKEND"]
        if backend == DATABASE:
            count = _requeue_database(cutoff)
        elif backend == RQ:
            count = _requeue_rq(cutoff)
        else:
            raise CommandError("Background tasks run at once here, with no queue: nothing to do.")
        self.stdout.write(f"Put back in the queue: {count}")


def _requeue_database(cutoff: datetime) -> int:
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    stuck = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lte=cutoff)
    return stuck.update(status=TaskResultStatus.READY)


def _requeue_rq(cutoff: datetime) -> int:
    """RQ keeps a started job in its queue's started registry. Without this, RQ's own
    clean-up marks it failed once its heartbeat runs out (it retries only jobs that asked
    for retries, and ours do not)."""
    import django_rq
    from django_tasks_rq.backend import Job
    from rq.exceptions import NoSuchJobError
    from rq.registry import StartedJobRegistry

    count = 0
    for name in getattr(settings, "RQ_QUEUES", {}):
        queue = django_rq.get_queue(name, job_class=Job)
        started = StartedJobRegistry(queue=queue)
        for job_id in started.get_job_ids(cleanup=False):
            try:
                job = Job.fetch(job_id, connection=queue.connection)
            except NoSuchJobError:
                continue
            if job.started_at is None or job.started_at > cutoff:
                continue
            started.remove_executions(job)
            queue.enqueue_job(job)
            count += 1
    return count
