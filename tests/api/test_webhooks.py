"""Webhooks: a signed POST to a test receiver on loopback (a tiny http.server in a
thread) when a decision closes or a round's results are published; the signature checks
out with the secret shown once; retries back off, re-send the same delivery id, and never
deliver twice."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from equalvoice.api import actions, webhooks
from equalvoice.api.models import Attempt, Delivery, Webhook
from equalvoice.core.models import AuditEvent
from equalvoice.decisions import actions as decision_actions
from equalvoice.standards import actions as standards_actions

from ..conftest import World


@dataclass
class Receiver:
    """Answers each POST with the next status in `answers` (then 200), keeps what came,
    and processes each delivery id once, as a receiver should."""

    answers: list[int] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)
    processed: list[str] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            # Header names are case-insensitive: keep them in lower case.
            headers = {k.lower(): v for k, v in self.headers.items()}
            found.received.append({"headers": headers, "body": body})
            status = found.answers.pop(0) if found.answers else 200
            delivery = self.headers.get("X-EqualVoice-Delivery", "")
            if status == 200 and delivery not in found.processed:
                found.processed.append(delivery)
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    found.url = f"http://127.0.0.1:{server.server_port}/hooks"
    yield found
    server.shutdown()
    server.server_close()


def _verify(secret: str, header: str, body: bytes) -> bool:
    """The receiver's own check, written from docs/api.md, not from our code."""
    parts = dict(part.split("=", 1) for part in header.split(","))
    timestamp = int(parts["t"])
    if abs(time.time() - timestamp) > 300:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest(), parts["v1"])


def _add(world: World, url: str) -> str:
    """Add the webhook through the admin's page; the secret is shown once."""
    client = world.client("admin")
    response = client.post(reverse("api-webhooks", args=[world.org.slug]), {"url": url})
    assert response.status_code == 200, response.content.decode()
    assert response["Cache-Control"] == "no-store"
    found = re.search(r"whsec_[A-Za-z0-9_-]+", response.content.decode())
    assert found is not None
    secret = found.group(0)
    listing = client.get(reverse("api-webhooks", args=[world.org.slug])).content.decode()
    assert url in listing and secret not in listing
    assert secret not in Webhook.objects.get(url=url).secret  # kept sealed
    return secret


def _close(world: World, capture: Any) -> None:
    with capture(execute=True):
        decision_actions.decision_close(
            actor=world.facilitator,
            decision=world.decision,
            reasons="Not enough agreement yet.",
            without_agreement=True,
        )


def test_a_closed_decision_is_posted_signed(
    world: World, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    secret = _add(world, receiver.url)
    _close(world, django_capture_on_commit_callbacks)
    assert len(receiver.received) == 1
    got = receiver.received[0]
    headers, body = got["headers"], got["body"]
    assert headers["x-equalvoice-event"] == "decision.closed"
    assert headers["content-type"] == "application/json"
    assert _verify(secret, headers["x-equalvoice-signature"], body)
    assert not _verify("whsec_wrong", headers["x-equalvoice-signature"], body)
    assert not _verify(secret, headers["x-equalvoice-signature"], body + b" ")
    payload = json.loads(body)
    assert payload["id"] == headers["x-equalvoice-delivery"]
    assert payload["event"] == "decision.closed"
    assert payload["data"]["id"] == world.decision.pk
    assert payload["data"]["outcome"] == "not_agreed"
    for person in (world.member, world.facilitator, world.admin):
        assert person.name not in body.decode()
    delivery = Delivery.objects.get()
    assert delivery.delivered_at is not None
    assert list(delivery.attempts.values_list("number", "status_code", "succeeded")) == [
        (1, 200, True)
    ]
    # Never sent again, however often asked.
    assert webhooks.send(str(delivery.pk)) is None
    assert webhooks.retry_due(timezone.now() + datetime.timedelta(days=2)) == []
    assert len(receiver.received) == 1


def test_round_results_are_posted_once_when_the_round_has_closed(
    world: World, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    secret = _add(world, receiver.url)
    after = world.round.closes_on + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert standards_actions.round_results_publish_due(today=world.round.closes_on) == []
        assert standards_actions.round_results_publish_due(today=after) == [world.round]
        assert standards_actions.round_results_publish_due(today=after) == []
    assert len(receiver.received) == 1
    got = receiver.received[0]
    assert got["headers"]["x-equalvoice-event"] == "round.results_published"
    assert _verify(secret, got["headers"]["x-equalvoice-signature"], got["body"])
    assert json.loads(got["body"])["data"]["id"] == world.round.pk
    assert AuditEvent.objects.filter(verb="round.results_publish").count() == 1


def test_retries_back_off_resend_the_same_delivery_and_never_deliver_twice(
    world: World, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    _add(world, receiver.url)
    receiver.answers = [500, 503]
    _close(world, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert delivery.delivered_at is None and delivery.next_try_at is not None
    first_wait = delivery.next_try_at - Attempt.objects.get(delivery=delivery).tried_at
    assert datetime.timedelta(seconds=59) < first_wait <= datetime.timedelta(minutes=1, seconds=1)
    # Not yet due: nothing is sent.
    assert webhooks.retry_due() == []
    later = timezone.now() + datetime.timedelta(minutes=2)
    assert [a.status_code for a in webhooks.retry_due(later)] == [503]
    delivery.refresh_from_db()
    assert delivery.next_try_at - timezone.now() > datetime.timedelta(minutes=4)
    much_later = timezone.now() + datetime.timedelta(minutes=10)
    assert [a.status_code for a in webhooks.retry_due(much_later)] == [200]
    assert webhooks.retry_due(much_later + datetime.timedelta(days=1)) == []
    assert webhooks.send(str(delivery.pk)) is None
    ids = [r["headers"]["x-equalvoice-delivery"] for r in receiver.received]
    assert ids == [str(delivery.pk)] * 3
    assert receiver.processed == [str(delivery.pk)]
    assert list(delivery.attempts.values_list("number", "succeeded")) == [
        (1, False),
        (2, False),
        (3, True),
    ]


def test_a_delivery_being_sent_is_not_sent_again_at_the_same_time(world: World) -> None:
    hook, _secret = actions.webhook_add(
        actor=world.admin, organisation=world.org, url="https://example.org/hooks"
    )
    delivery = Delivery.objects.create(webhook=hook, event="decision.closed", payload={})
    assert webhooks._claim(str(delivery.pk)) is not None
    assert webhooks._claim(str(delivery.pk)) is None  # the lease is taken


def test_a_receiver_that_never_answers_well_is_given_up(
    world: World, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    _add(world, receiver.url)
    receiver.answers = [500] * 10
    _close(world, django_capture_on_commit_callbacks)
    moment = timezone.now()
    for _ in range(len(webhooks.BACK_OFF)):
        moment += datetime.timedelta(days=1)
        webhooks.retry_due(moment)
    delivery = Delivery.objects.get()
    assert delivery.gave_up_at is not None and delivery.delivered_at is None
    assert delivery.attempts.count() == len(webhooks.BACK_OFF) + 1
    assert webhooks.retry_due(moment + datetime.timedelta(days=9)) == []


def test_only_https_and_never_a_private_network(world: World) -> None:
    client = world.client("admin")
    url = reverse("api-webhooks", args=[world.org.slug])
    refused = client.post(url, {"url": "http://example.org/hooks"})
    assert refused.status_code == 400
    assert "must start with https://" in refused.content.decode()
    assert not Webhook.objects.exists()
    with override_settings(EQUALVOICE_WEBHOOKS_LOOPBACK=False), pytest.raises(ValidationError):
        webhooks.check_url("http://127.0.0.1:8000/hooks")
    hook, _secret = actions.webhook_add(
        actor=world.admin, organisation=world.org, url="https://127.0.0.1:9/hooks"
    )
    delivery = Delivery.objects.create(webhook=hook, event="decision.closed", payload={})
    with override_settings(EQUALVOICE_WEBHOOKS_LOOPBACK=False):
        attempt = webhooks.send(str(delivery.pk))
    assert attempt is not None and attempt.error == "The address is on a private network"


def test_only_admins_add_and_remove_webhooks_and_removed_ones_get_nothing(
    world: World, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    for role, expected in [("member", 403), ("facilitator", 403), ("other_admin", 404)]:
        response = world.client(role).post(
            reverse("api-webhooks", args=[world.org.slug]), {"url": receiver.url}
        )
        assert response.status_code == expected
    assert not Webhook.objects.exists()
    _add(world, receiver.url)
    hook = Webhook.objects.get()
    assert (
        world.client("member")
        .post(reverse("api-webhook-remove", args=[world.org.slug, hook.pk]))
        .status_code
        == 403
    )
    removed = world.client("admin").post(
        reverse("api-webhook-remove", args=[world.org.slug, hook.pk])
    )
    assert removed.status_code == 302
    _close(world, django_capture_on_commit_callbacks)
    assert receiver.received == [] and not Delivery.objects.exists()
    assert Client().get(reverse("api-webhooks", args=[world.org.slug])).status_code == 302
