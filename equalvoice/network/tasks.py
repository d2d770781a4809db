"""Background work for networks: a post to the people who want every post, the weekly
digests, and the email asking someone to confirm they want to join the mailing list.

Emails go in batches of `EQUALVOICE_NETWORK_BATCH`, one mail-server connection a batch.
Each email is claimed in `Delivery` before it is sent, so a task that runs again (a
retry, or a second worker) skips every email already sent. An email that fails is
released and the task tries again later, up to `ATTEMPTS` times."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from itertools import islice
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone
from django_tasks import task

from .selectors import Recipient

log = logging.getLogger(__name__)
ATTEMPTS = 3
RETRY_AFTER = timedelta(minutes=10)


def _batches(items: list[Recipient], size: int) -> list[list[Recipient]]:
    it = iter(items)
    return list(iter(lambda: list(islice(it, size)), []))


def deliver(
    recipients: list[Recipient],
    claim: Callable[[Recipient], object | None],
    build: Callable[[Recipient], EmailMessage],
) -> tuple[int, int]:
    """Send one email to each recipient not sent to before; (sent, failed)."""
    from . import actions

    sent = failed = 0
    size = max(1, int(settings.EQUALVOICE_NETWORK_BATCH))
    for batch in _batches(recipients, size):
        with get_connection() as connection:
            for recipient in batch:
                delivery = claim(recipient)
                if delivery is None:
                    continue  # sent before, or being sent by another run
                message = build(recipient)
                message.connection = connection
                try:
                    message.send()
                except Exception:  # the mail server said no: try again later
                    log.exception("A network email could not be sent")
                    actions.delivery_release(delivery)  # type: ignore[arg-type]
                    failed += 1
                    continue
                actions.delivery_sent(delivery)  # type: ignore[arg-type]
                sent += 1
    return sent, failed


def _again(failed: int, attempt: int, retry: Callable[[], object]) -> None:
    if failed and attempt < ATTEMPTS:
        retry()


def _later(t: Any) -> Any:
    """The task to run again after `RETRY_AFTER`, where the queue can wait (the database
    queue can; the immediate one, in development and tests, runs it at once)."""
    if t.get_backend().supports_defer:
        return t.using(run_after=timezone.now() + RETRY_AFTER)
    return t


@task()
def send_post(*, post_id: int, attempt: int = 1) -> int:
    """Email a new post to the people who chose every post."""
    from . import actions, emails, selectors
    from .models import Post, Subscription

    post = (
        Post.objects.select_related("network__group", "network__organisation")
        .filter(pk=post_id)
        .first()
    )
    if post is None or post.emailed_at is not None:
        return 0
    actions.member_subscriptions_fill(post.network)
    people = selectors.recipients(post.network, Subscription.How.EACH, before=post.published_at)
    sent, failed = deliver(
        people,
        lambda r: actions.delivery_claim(post=post, subscription=r.subscription),
        lambda r: emails.post_email(post, r),
    )
    if not failed:
        actions.post_emailed(post)
    _again(
        failed,
        attempt,
        lambda: _later(send_post).enqueue(post_id=post_id, attempt=attempt + 1),
    )
    return sent


@task()
def send_digest(*, digest_id: int, attempt: int = 1) -> int:
    """Email a week's digest to the people who chose the digest (most people)."""
    from . import actions, emails, selectors
    from .models import Digest, Subscription

    digest = (
        Digest.objects.select_related("network__group", "network__organisation")
        .filter(pk=digest_id)
        .first()
    )
    if digest is None:
        return 0
    grouped = selectors.digest_posts(digest)
    sent = failed = 0
    if grouped:
        actions.member_subscriptions_fill(digest.network)
        people = selectors.recipients(digest.network, Subscription.How.DIGEST)
        sent, failed = deliver(
            people,
            lambda r: actions.delivery_claim(digest=digest, subscription=r.subscription),
            lambda r: emails.digest_email(digest, grouped, r),
        )
    if not failed:
        actions.digest_sent(digest)
    _again(
        failed,
        attempt,
        lambda: _later(send_digest).enqueue(digest_id=digest_id, attempt=attempt + 1),
    )
    return sent


@task()
def send_due_digests() -> int:
    """Make last week's digests and send every digest not yet sent; forget mailing-list
    addresses never confirmed. Run by `equalvoice send_network_digests` (docs/deploy.md)."""
    from . import actions, selectors

    actions.mailing_list_tidy()
    actions.digests_make_due()
    total = 0
    for digest in selectors.digests_to_send():
        total += send_digest.call(digest_id=digest.pk)
    return total


@task()
def send_confirmation(*, subscription_id: int, language: str = "") -> int:
    """Ask someone who wants to join the mailing list to confirm, in the language they
    asked in. This is the only email they get before they say yes."""
    from equalvoice.core import emails as core_emails

    from . import emails
    from .models import Subscription

    row = (
        Subscription.objects.select_related("network__group", "network__organisation")
        .filter(pk=subscription_id, confirmed_at__isnull=True, person__isnull=True)
        .first()
    )
    if row is None:
        return 0
    with core_emails.in_language_of(None, language):
        emails.confirm_email(row).send()
    return 1
