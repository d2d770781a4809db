"""`equalvoice worker`: run the background worker for the queue in use (EQUALVOICE_TASKS).

One command for every set-up, so a service file or a container never has to know which
queue is configured: the database queue gets django-tasks-db's `db_worker`, the Redis
queue gets django-rq's `rqworker` with the job class django-tasks-rq needs.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django_tasks import task_backends

DATABASE = "django_tasks_db.DatabaseBackend"
RQ = "django_tasks_rq.RQBackend"
POLL_SECONDS = 0.25


def starting() -> None:
    """Let each app get ready before the first task: the `worker_starting()` method of
    its AppConfig, where it has one (opinions reads the votes of its busiest
    conversations, so their first results update is quick)."""
    for config in apps.get_app_configs():
        ready = getattr(config, "worker_starting", None)
        if callable(ready):
            ready()


class Command(BaseCommand):
    help = (
        "Run background tasks from the queue that EQUALVOICE_TASKS chooses: the database "
        "or Redis. Run as many as you like, each its own service."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--burst",
            action="store_true",
            help="Run the tasks waiting now, then stop (for checks and one-off runs).",
        )

    def handle(self, *args: Any, burst: bool = False, verbosity: int = 1, **options: Any) -> None:
        backend = settings.TASKS["default"]["BACKEND"]
        queues = sorted(task_backends["default"].queues)
        if backend in (DATABASE, RQ) and not burst:
            starting()
        if backend == DATABASE:
            # With nothing queued, look again every quarter second (db_worker's default
            # is 1 s): a vote on a quiet conversation waits less for its update, and an
            # empty queue costs one small query a look.
            call_command(
                "db_worker",
                queue_name=",".join(queues),
                interval=POLL_SECONDS,
                batch=burst,
                reload=False,
                verbosity=verbosity,
            )
        elif backend == RQ:
            # The scheduler moves tasks that wait (a retry after `run_after`) onto the
            # queue when their time comes; RQ lets only one worker at a time do it.
            # SimpleWorker runs each task in this process, as db_worker does: RQ's own
            # worker forks a process per task, which forgets what the task kept in
            # memory (opinions' vote matrices, so every results update read every vote).
            call_command(
                "rqworker",
                *queues,
                job_class="django_tasks_rq.Job",
                worker_class="rq.SimpleWorker",
                with_scheduler=True,
                burst=burst,
                verbosity=verbosity,
            )
        else:
            raise CommandError(
                "There is no worker to run: background tasks run at once, inside each web "
                "request (EQUALVOICE_TASKS is immediate). Set EQUALVOICE_TASKS=database, or "
                "REDIS_URL, for both the web service and this one."
            )
