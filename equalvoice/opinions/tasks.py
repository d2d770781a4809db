"""Background work for conversations: fresh results after votes arrive. The task only
calls ordinary code and decides nothing."""

from __future__ import annotations

from django_tasks import task

# Results updates go ahead of other waiting tasks (emails, webhooks), where the queue can
# order them: people are waiting to see their votes counted; an email can wait a second.
RESULTS_PRIORITY = 50


@task()
def update_results(conversation_id: int) -> None:
    """Work out a conversation's results again (batched: see `actions.queue_update`)."""
    from .results import refresh

    refresh(conversation_id)


def enqueue_update(conversation_id: int) -> None:
    """Queue `update_results`: ahead of the other tasks where the backend orders tasks
    (the database queue); RQ's backend cannot, and refuses a priority."""
    chosen = update_results
    if chosen.get_backend().supports_priority:
        chosen = chosen.using(priority=RESULTS_PRIORITY)
    chosen.enqueue(conversation_id)
