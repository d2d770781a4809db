"""Webhooks: a signed POST to an organisation's own address when something happens.

The core tells us what happened (`core.events`, after the change commits); `on_event`
makes one `Delivery` for each of the organisation's webhooks and queues it. `send` makes
one attempt: it takes a short lease on the delivery so no other worker sends it at the
same time, posts the JSON, and records the attempt. A delivery that succeeded is never
sent again; one that failed is tried again later with the same delivery id (so a
receiver can drop one it already has), after BACK_OFF, then given up.

Headers: X-EqualVoice-Event (the event's name), X-EqualVoice-Delivery (the delivery's
id), X-EqualVoice-Signature: `t=<unix time>,v1=<hex HMAC-SHA256 of "<t>." + body>`,
keyed with the webhook's signing secret. docs/api.md shows how to check it."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import ipaddress
import json
import socket
import time
import urllib.error
import urllib.request
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from equalvoice.core import secretbox

from .models import Attempt, Delivery, Webhook

EVENTS = frozenset(Webhook.Event.values)
# Waits before each try after the first: 1 minute, 5 minutes, 30 minutes, 2 hours,
# 12 hours. After the last, the delivery is given up.
BACK_OFF = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=12),
]
TIMEOUT_SECONDS = 10
LEASE = datetime.timedelta(seconds=TIMEOUT_SECONDS * 3)
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}


def loopback_allowed() -> bool:
    """Plain http to this machine: only in development and tests."""
    return bool(settings.DEBUG or getattr(settings, "EQUALVOICE_WEBHOOKS_LOOPBACK", False))


def check_url(url: str) -> None:
    """https only (http to this machine in development and tests), with a host."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host:
        raise ValidationError({"url": "Enter a web address like https://example.org/hooks"})
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and host in LOOPBACK_NAMES and loopback_allowed():
        return
    raise ValidationError({"url": "The address must start with https://"})


def _address_allowed(host: str) -> bool:
    """Never send to this machine or a private network (unless loopback is allowed):
    a webhook must not reach inside."""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address.is_loopback and loopback_allowed():
            continue
        if (
            address.is_private
            or address.is_loopback
            or address.is_link_local
            or address.is_multicast
            or address.is_reserved
            or address.is_unspecified
        ):
            return False
    return True


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    """What a receiver does: the signature matches and the time is recent."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs(time.time() - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return hmac.compare_digest(expected, header)


def on_event(name: str, organisation_id: int, payload: dict[str, Any]) -> None:
    """The core's listener: a delivery for each of the organisation's webhooks."""
    if name not in EVENTS:
        return
    from .tasks import deliver_webhook

    with transaction.atomic():
        hooks = Webhook.objects.filter(organisation_id=organisation_id, removed_at__isnull=True)
        made = [
            Delivery.objects.create(webhook=hook, event=name, payload=payload) for hook in hooks
        ]
        for delivery in made:
            transaction.on_commit(partial(deliver_webhook.enqueue, delivery_id=str(delivery.pk)))


def body_of(delivery: Delivery) -> bytes:
    return json.dumps(
        {
            "id": str(delivery.pk),
            "event": delivery.event,
            "created": delivery.made_at.isoformat(),
            "data": delivery.payload,
        },
        sort_keys=True,
        separators=(",", ":"),
    ).encode()


def _claim(delivery_id: str) -> Delivery | None:
    """Take the lease on a delivery still to send, or None if it is sent, given up or
    being sent by someone else right now."""
    now = timezone.now()
    claimed = (
        Delivery.objects.filter(pk=delivery_id, delivered_at__isnull=True, gave_up_at__isnull=True)
        .exclude(sending_until__gt=now)
        .update(sending_until=now + LEASE)
    )
    if not claimed:
        return None
    return Delivery.objects.select_related("webhook").get(pk=delivery_id)


def _post(delivery: Delivery) -> tuple[int | None, str]:
    hook = delivery.webhook
    host = urlsplit(hook.url).hostname or ""
    if hook.removed_at is not None:
        return None, "The webhook was removed"
    try:
        check_url(hook.url)
    except ValidationError:
        return None, "The address is not allowed"
    if not _address_allowed(host):
        return None, "The address is on a private network"
    body = body_of(delivery)
    stamp = int(time.time())
    request = urllib.request.Request(  # noqa: S310 (checked above: https, or loopback in tests)
        hook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "EqualVoice-Webhook/1",
            "X-EqualVoice-Event": delivery.event,
            "X-EqualVoice-Delivery": str(delivery.pk),
            "X-EqualVoice-Signature": signature(secretbox.open_sealed(hook.secret), stamp, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return int(response.status), ""
    except urllib.error.HTTPError as error:
        return int(error.code), f"The receiver answered {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return None, str(getattr(error, "reason", error))[:300]


def send(delivery_id: str) -> Attempt | None:
    """One attempt at a delivery; None when there was nothing to send."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return None
    status, error = _post(delivery)
    succeeded = status is not None and 200 <= status < 300
    now = timezone.now()
    with transaction.atomic():
        number = delivery.attempts.count() + 1
        attempt = Attempt.objects.create(
            delivery=delivery,
            number=number,
            status_code=status,
            error=error,
            succeeded=succeeded,
        )
        if succeeded:
            delivery.delivered_at, delivery.next_try_at = now, None
        elif number > len(BACK_OFF) or delivery.webhook.removed_at is not None:
            delivery.gave_up_at, delivery.next_try_at = now, None
        else:
            delivery.next_try_at = now + BACK_OFF[number - 1]
        delivery.sending_until = None
        delivery.save(update_fields=["delivered_at", "gave_up_at", "next_try_at", "sending_until"])
    if delivery.next_try_at is not None:
        _queue_retry(delivery)
    return attempt


def _queue_retry(delivery: Delivery) -> None:
    """With a queue that can wait (the database or RQ), queue the retry for its time;
    otherwise `retry_due` (the `send_webhooks` command) sends it when it is due."""
    from django_tasks import default_task_backend

    from .tasks import deliver_webhook

    if default_task_backend.supports_defer and delivery.next_try_at is not None:
        deliver_webhook.using(run_after=delivery.next_try_at).enqueue(delivery_id=str(delivery.pk))


def retry_due(now: datetime.datetime | None = None) -> list[Attempt]:
    """Try again every delivery whose time has come. Safe to run at any time, and twice."""
    moment = now or timezone.now()
    due = Delivery.objects.filter(
        delivered_at__isnull=True, gave_up_at__isnull=True, next_try_at__lte=moment
    ).values_list("pk", flat=True)
    attempts = [send(str(pk)) for pk in list(due)]
    return [a for a in attempts if a is not None]
