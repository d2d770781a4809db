"""`equalvoice requeue_stuck_tasks`: a task left running by a worker that was killed goes
back in the queue; a task another worker is running now is left alone."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from typing import Any

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
    with pytest.raises(CommandError, match="with no queue"):
        call_command("requeue_stuck_tasks")


@pytest.fixture
def rq_queue(settings) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """An RQ queue of this test's own, as the only queue of an RQ task backend."""
    import redis
    from rq import Queue

    url = os.environ.get("EQUALVOICE_TEST_STACK_REDIS_URL", "redis://127.0.0.1:6379/2")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"No Redis at {url}; set EQUALVOICE_TEST_STACK_REDIS_URL")
    name = f"ev-stuck-tasks-{uuid.uuid4().hex}"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.RQ_QUEUES = {name: {"URL": url}}
    queue = Queue(name, connection=redis.Redis.from_url(url))
    yield queue
    # Every job this test made, wherever it ended, then the queue's own keys.
    from rq.intermediate_queue import IntermediateQueue
    from rq.job import Job
    from rq.registry import FinishedJobRegistry, StartedJobRegistry

    jobs = {
        *queue.job_ids,
        *StartedJobRegistry(queue=queue).get_job_ids(cleanup=False),
        *FinishedJobRegistry(queue=queue).get_job_ids(cleanup=False),
        *IntermediateQueue(queue.key, connection=queue.connection).get_job_ids(),
    }
    for job_id in jobs:
        queue.connection.delete(Job.key_for(job_id))
    for key in queue.connection.scan_iter(f"*{name}*"):
        queue.connection.delete(key)


def _start_and_die(queue: Any, worker: str) -> Any:
    """A worker takes a job from the queue and starts it, then is killed: the job stays
    in the started registry."""
    from rq import SimpleWorker
    from rq.job import Job

    job = queue.enqueue("builtins.len", "abc")
    killed = SimpleWorker([queue], connection=queue.connection, name=worker)
    queue.connection.lpop(queue.key)
    killed.prepare_execution(job)
    killed.prepare_job_execution(job)
    assert Job.fetch(job.id, connection=queue.connection).get_status() == "started"
    return job


def test_with_rq_a_job_left_started_goes_back_in_the_queue(rq_queue: Any) -> None:
    """A worker killed mid-job leaves the job in RQ's started registry; the command puts
    it back on the queue, and the next worker runs it, once."""
    from rq import SimpleWorker
    from rq.job import Job

    job = _start_and_die(rq_queue, "killed")
    out = StringIO()
    call_command("requeue_stuck_tasks", "--older-than", "0", stdout=out)
    assert "Put back in the queue: 1" in out.getvalue()
    assert rq_queue.job_ids == [job.id]
    SimpleWorker([rq_queue], connection=rq_queue.connection, name="next").work(burst=True)
    again = Job.fetch(job.id, connection=rq_queue.connection)
    assert again.get_status() == "finished" and again.return_value() == 3
    assert [result.worker_name for result in again.results()] == ["next"]


def test_with_rq_a_job_started_just_now_is_left_alone(rq_queue: Any) -> None:
    _start_and_die(rq_queue, "busy")
    out = StringIO()
    call_command("requeue_stuck_tasks", "--older-than", "3600", stdout=out)
    assert "Put back in the queue: 0" in out.getvalue()
    assert rq_queue.job_ids == []


def test_with_rq_a_job_taken_but_not_started_goes_back_in_the_queue(rq_queue: Any) -> None:
    """Killed between taking the job from the queue and starting it: RQ keeps it in an
    intermediate list, where no worker looks for it."""
    from rq import SimpleWorker
    from rq.intermediate_queue import IntermediateQueue
    from rq.job import Job

    job = rq_queue.enqueue("builtins.len", "abcd")
    taken = IntermediateQueue(rq_queue.key, connection=rq_queue.connection)
    rq_queue.connection.lmove(rq_queue.key, taken.key)  # as a worker takes a job
    assert rq_queue.job_ids == [] and taken.get_job_ids() == [job.id]
    out = StringIO()
    call_command("requeue_stuck_tasks", "--older-than", "0", stdout=out)
    assert "Put back in the queue: 1" in out.getvalue()
    assert rq_queue.job_ids == [job.id] and taken.get_job_ids() == []
    SimpleWorker([rq_queue], connection=rq_queue.connection, name="next").work(burst=True)
    again = Job.fetch(job.id, connection=rq_queue.connection)
    assert again.get_status() == "finished" and again.return_value() == 4


def test_with_rq_a_job_killed_between_taking_and_forking_goes_back_in_the_queue(
    rq_queue: Any,
) -> None:
    """Killed after the worker recorded the run (the started registry) but before its work
    horse started the job: the job is in the started registry and the intermediate list at
    once, with no start time. Seen in the scale-out test, where such a job waited for ever."""
    from rq import SimpleWorker
    from rq.intermediate_queue import IntermediateQueue
    from rq.job import Job
    from rq.registry import StartedJobRegistry

    job = rq_queue.enqueue("builtins.len", "abcde")
    taken = IntermediateQueue(rq_queue.key, connection=rq_queue.connection)
    rq_queue.connection.lmove(rq_queue.key, taken.key)
    killed = SimpleWorker([rq_queue], connection=rq_queue.connection, name="killed")
    killed.prepare_execution(job)  # as the worker does just before it forks
    stuck = Job.fetch(job.id, connection=rq_queue.connection)
    assert stuck.started_at is None and stuck.get_status() == "queued"
    assert StartedJobRegistry(queue=rq_queue).get_job_ids(cleanup=False) == [job.id]
    out = StringIO()
    call_command("requeue_stuck_tasks", "--older-than", "0", stdout=out)
    assert "Put back in the queue: 1" in out.getvalue()
    assert rq_queue.job_ids == [job.id] and taken.get_job_ids() == []
    assert StartedJobRegistry(queue=rq_queue).get_job_ids(cleanup=False) == []
    SimpleWorker([rq_queue], connection=rq_queue.connection, name="next").work(burst=True)
    again = Job.fetch(job.id, connection=rq_queue.connection)
    assert again.get_status() == "finished" and again.return_value() == 5
    assert [result.worker_name for result in again.results()] == ["next"]
