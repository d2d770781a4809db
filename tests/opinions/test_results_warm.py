"""The worker reads the votes of the busiest conversations before its first task
(`results.warm_up`, through the opinions app's `worker_starting`), so the first results
update after a restart is incremental. Warming saves nothing and changes no result: the
update after it gives what a full update would."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from equalvoice.core.tasks import send_invitation_email
from equalvoice.opinions import actions, results, tasks
from equalvoice.opinions.engine import State, analyse
from equalvoice.opinions.models import Conversation, Statement, Vote

from ..conftest import World
from .conftest import voters as _voters


def _without_timings(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "timings"}


def test_after_warming_the_first_update_is_incremental_and_equals_a_full_one(
    world: World, reads: list[Any]
) -> None:
    pk = world.conversation.pk
    results.refresh(pk)
    results.forget_kept()  # the worker restarted: it keeps nothing
    before = Conversation.objects.get(pk=pk)
    assert results.warm_up() == [pk]
    assert reads == [None, None]
    # Warming saved nothing.
    after = Conversation.objects.get(pk=pk)
    assert (after.results_at, after.results, after.engine_state) == (
        before.results_at,
        before.results,
        before.engine_state,
    )
    shown = list(world.conversation.statements.filter(status=Statement.Status.SHOWN))
    for person in _voters(world, 3):
        actions.vote_cast(actor=person, statement=shown[0], value=1)
        actions.vote_cast(actor=person, statement=shown[1], value=-1)
    done = results.refresh(pk)
    assert done is not None
    assert reads[2] is not None  # only the votes since warming
    every = results.read_votes(pk)
    full = analyse(
        every, state=State.from_dict(before.engine_state), **results.analysis_inputs(done)
    )
    assert _without_timings(done.results) == _without_timings(full.to_dict(people=False))
    assert done.results_votes == Vote.objects.filter(participant__conversation_id=pk).count()


def test_only_open_conversations_with_results_are_warmed_latest_first_up_to_the_limit(
    world: World, settings: Any
) -> None:
    first = world.conversation
    results.refresh(first.pk)
    second = actions.conversation_create(
        actor=world.facilitator,
        group=world.group,
        title="Second",
        question="Anything else?",
        seeds=["One", "Two"],
    )
    never = actions.conversation_create(
        actor=world.facilitator, group=world.group, title="No results", question="?", seeds=[]
    )
    results.refresh(second.pk)
    results.forget_kept()
    settings.EQUALVOICE_RESULTS_KEEP = 1
    assert results.warm_up() == [second.pk]
    results.forget_kept()
    settings.EQUALVOICE_RESULTS_KEEP = 4
    assert results.warm_up() == [first.pk, second.pk]  # the latest last: kept longest
    assert results._recall(never.pk) is None
    results.forget_kept()
    Conversation.objects.filter(pk=second.pk).update(status=Conversation.Status.CLOSED)
    assert results.warm_up() == [first.pk]


def test_results_saved_after_warming_mean_a_full_read(world: World, reads: list[Any]) -> None:
    pk = world.conversation.pk
    results.refresh(pk)
    results.forget_kept()
    results.warm_up()
    # Another process saved newer results: the warmed matrix is not beside them.
    Conversation.objects.filter(pk=pk).update(results_at=timezone.now())
    del reads[:]
    results.refresh(pk)
    assert reads == [None]


def test_a_results_update_is_queued_ahead_of_other_tasks_where_the_queue_can(
    world: World, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # An email queued first (it is never run here).
    send_invitation_email.enqueue(invitation_id=world.invitation.pk)
    tasks.enqueue_update(world.conversation.pk)
    ready = list(DBTaskResult.objects.ready())  # in the order a worker takes them
    assert [r.task_path for r in ready] == [
        tasks.update_results.module_path,
        send_invitation_email.module_path,
    ]
    assert ready[0].priority == tasks.RESULTS_PRIORITY
