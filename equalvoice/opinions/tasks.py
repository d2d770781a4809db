"""Background work for conversations: fresh results after votes arrive. The task only
calls ordinary code and decides nothing."""

from __future__ import annotations

from django_tasks import task


@task()
def update_results(conversation_id: int) -> None:
    """Work out a conversation's results again (batched: see `actions.queue_update`)."""
    from .results import refresh

    refresh(conversation_id)
