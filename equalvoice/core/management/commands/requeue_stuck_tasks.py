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
    """RQ moves a job it takes from the queue to an intermediate list, then, once the
    work horse starts it, into the started registry. A worker killed in between leaves
    it in one of the two. Without this, RQ's own clean-up marks it failed later (it
    retries only jobs that asked for retries, and ours do not). A job counts as stuck
    when it started before `cutoff`, or, not started yet, was queued before `cutoff` (a
    living worker starts it within moments). A worker killed after it recorded the run
    but before its work horse started the job leaves it in both places, with no start
    time: that counts from when it was queued too."""
    import django_rq
    from django_tasks_rq.backend import Job
    from rq.exceptions import NoSuchJobError
    from rq.intermediate_queue import IntermediateQueue
    from rq.registry import StartedJobRegistry

    count = 0
    for name in getattr(settings, "RQ_QUEUES", {}):
        queue = django_rq.get_queue(name, job_class=Job)
        started = StartedJobRegistry(queue=queue)
        taken = IntermediateQueue(queue.key, connection=queue.connection)
        in_started = set(started.get_job_ids(cleanup=False))
        for job_id in sorted(in_started | set(taken.get_job_ids())):
            try:
                job = Job.fetch(job_id, connection=queue.connection)
            except NoSuchJobError:
                continue
            started_at = job.started_at if job_id in in_started else None
            since = started_at or job.enqueued_at
            if since is None or since > cutoff:
                continue
            taken.remove(job_id)
            started.remove_executions(job)
            queue.enqueue_job(job)
            count += 1
    return count
