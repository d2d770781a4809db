"""`equalvoice worker` runs the worker for the queue in use, and the RQ queue really runs
tasks: one is put on a queue in Redis and a burst worker runs it."""

from __future__ import annotations

from collections.abc import Iterator
from unittest import mock

import pytest
import redis
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks import TaskResultStatus, task, task_backends

from .redis_for_tests import TEST_QUEUE, redis_url_or_skip

COMMAND = "equalvoice.core.management.commands.worker.call_command"


@task()
def add_up(a: int, b: int) -> int:
    """Runs in the RQ worker's work horse; its answer comes back through Redis."""
    return a + b


def test_database_queue_runs_db_worker(settings, db) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with mock.patch(COMMAND) as run:
        call_command("worker")
    run.assert_called_once_with(
        "db_worker",
        queue_name="default",
        interval=0.25,
        batch=False,
        reload=False,
        verbosity=1,
    )


def test_rq_queue_runs_rqworker_with_the_tasks_job_class(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:6379/1"}}
    with mock.patch(COMMAND) as run:
        call_command("worker", "--burst")
    run.assert_called_once_with(
        "rqworker",
        "default",
        job_class="django_tasks_rq.Job",
        worker_class="rq.SimpleWorker",
        with_scheduler=True,
        burst=True,
        verbosity=1,
    )


def test_apps_get_ready_before_the_first_task_but_not_for_a_burst(settings) -> None:  # type: ignore[no-untyped-def]
    """Opinions reads the votes of its busiest conversations (results.warm_up) before the
    worker takes a task, so their first results update is incremental."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    order: list[str] = []
    with (
        mock.patch(COMMAND, side_effect=lambda *a, **k: order.append("worker")),
        mock.patch("equalvoice.opinions.results.warm_up", side_effect=lambda: order.append("warm")),
    ):
        call_command("worker")
        assert order == ["warm", "worker"]
        call_command("worker", "--burst")
        assert order == ["warm", "worker", "worker"]


def test_immediate_tasks_have_no_worker_and_say_so() -> None:
    with mock.patch(COMMAND) as run, pytest.raises(CommandError, match="no worker to run"):
        call_command("worker")
    run.assert_not_called()


@pytest.fixture
def rq_queue(settings) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """Our own queue in the test Redis database. The test lists the jobs it makes, and
    they are removed afterwards, with the queue."""
    url = redis_url_or_skip()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [TEST_QUEUE]}}
    # django-tasks-rq reads results through the "default" queue's connection.
    settings.RQ_QUEUES = {"default": {"URL": url}, TEST_QUEUE: {"URL": url}}
    jobs: list[str] = []
    yield jobs
    client = redis.Redis.from_url(url)
    keys = [*client.scan_iter(f"rq:*{TEST_QUEUE}*")]
    keys += [f"rq:{kind}:{job}" for job in jobs for kind in ("job", "results")]
    client.delete(*keys)
    client.srem("rq:queues", f"rq:queue:{TEST_QUEUE}")
    client.close()


def test_a_task_put_on_the_rq_queue_is_run_by_the_worker(rq_queue: list[str]) -> None:
    result = add_up.using(queue_name=TEST_QUEUE).enqueue(2, 3)
    rq_queue.append(result.id)
    assert task_backends["default"].get_result(result.id).status == TaskResultStatus.READY
    call_command("worker", "--burst", verbosity=0)
    done = task_backends["default"].get_result(result.id)
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value == 5
    assert done.worker_ids  # run by a worker, not in this process
