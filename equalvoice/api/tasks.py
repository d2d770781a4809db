"""Background work for the API: sending webhooks. Each task only calls ordinary code."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_webhook(*, delivery_id: str) -> None:
    """One attempt at a delivery (it is sent at most once successfully)."""
    from .webhooks import send

    send(delivery_id)
