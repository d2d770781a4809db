"""`equalvoice requeue_stuck_tasks`: a task left running by a worker that was killed goes
back in the queue; a task another worker is running now is left alone."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

pytestmark = pytest.mark.django_db

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _running(minutes_ago: int, worker: str) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status="RUNNING",
        started_at=timezone.now() - timedelta(minutes=minutes_ago),
        worker_ids=[worker],
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="equalvoice.opinions.tasks.update_results",
        backend_name="default",
        run_after=get_date_max(),
    )


def test_a_task_running_too_long_goes_back_in_the_queue(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = DATABASE
    killed = _running(90, "dead")
    busy = _running(1, "alive")
    out = StringIO()
    call_command("requeue_stuck_tasks", "--older-than", "3600", stdout=out)
    assert "Put back in the queue: 1" in out.getvalue()
    killed.refresh_from_db()
    busy.refresh_from_db()
    assert (killed.status, busy.status) == ("READY", "RUNNING")
    assert DBTaskResult.objects.ready().get() == killed  # a worker takes it again
    assert killed.worker_ids == ["dead"]  # the record keeps who tried it first


def test_older_than_zero_puts_back_everything_running(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = DATABASE
    _running(0, "dead")
    call_command("requeue_stuck_tasks", "--older-than", "0", stdout=StringIO())
    assert not DBTaskResult.objects.running().exists()


def test_without_the_database_queue_it_says_so() -> None:
    with pytest.raises(CommandError, match="not in the database queue"):
        call_command("requeue_stuck_tasks")
