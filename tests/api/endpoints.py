"""Every endpoint of the API, with how to fill in its address from a `World`, a body
that is right for it, its scope, and the page whose rule it follows (tests/pages.py).
tests/api/test_contract.py walks them all; a test fails when the schema has an
endpoint that is not listed here."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equalvoice.record.models import Stage

from ..conftest import World


@dataclass
class Endpoint:
    name: str  # the URL name in the "api" namespace
    method: str
    scope: str
    page: str | None  # the page with the same rule, or None (the organisation's lists)
    ids: Callable[[World], dict[str, object]] = lambda w: {}
    body: Callable[[World], dict[str, Any]] | None = None
    is_list: bool = False
    ok: int = 200
    multipart: bool = False  # the body is a form with a file, not JSON
    notes: list[str] = field(default_factory=list)


def activity_body(w: World) -> dict[str, Any]:
    stage = Stage.objects.filter(organisation=w.org).order_by("position").first()
    assert stage is not None
    return {
        "stage": stage.pk,
        "on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "status": "done",
        "what": "A workshop with the panel",
        "rung_claimed": 5,
        "participants": [w.member.pk],
        "effect": "The leaflet changed.",
    }


def _initiative(w: World) -> dict[str, object]:
    return {"initiative_id": w.initiative.pk}


ENDPOINTS = [
    Endpoint("groups", "get", "read_record", None, is_list=True),
    Endpoint("group", "get", "read_record", "group", lambda w: {"slug": w.group.slug}),
    Endpoint("meetings", "get", "read_record", None, is_list=True),
    Endpoint("meeting", "get", "read_record", "meeting", lambda w: {"meeting_id": w.meeting.pk}),
    Endpoint("initiatives", "get", "read_record", None, is_list=True),
    Endpoint("initiative", "get", "read_record", "initiative", _initiative),
    Endpoint("stages", "get", "read_record", "initiative", _initiative),
    Endpoint("activities", "get", "read_record", "initiative", _initiative, is_list=True),
    Endpoint(
        "activity-add",
        "post",
        "write_record",
        "activity-create",
        _initiative,
        activity_body,
        ok=201,
    ),
    Endpoint(
        "evidence-add",
        "post",
        "write_record",
        "evidence-add",
        lambda w: {"initiative_id": w.initiative.pk, "activity_id": w.activity.pk},
        lambda w: {"note": "The new leaflet", "link": "https://example.org/leaflet"},
        ok=201,
    ),
    Endpoint(
        "evidence-file-add",
        "post",
        "write_record",
        "evidence-add",
        lambda w: {"initiative_id": w.initiative.pk, "activity_id": w.activity.pk},
        lambda w: {
            "note": "Notes of the meeting",
            "file": SimpleUploadedFile("notes.txt", b"We agreed.", "text/plain"),
        },
        ok=201,
        multipart=True,
    ),
    Endpoint("rounds", "get", "read_record", None, is_list=True),
    Endpoint("round", "get", "read_record", "round", lambda w: {"round_id": w.round.pk}),
    Endpoint(
        "round-results", "get", "read_results", "round-results", lambda w: {"round_id": w.round.pk}
    ),
    Endpoint("decisions", "get", "read_record", None, is_list=True),
    Endpoint(
        "decision", "get", "read_record", "decision", lambda w: {"decision_id": w.decision.pk}
    ),
    Endpoint(
        "decision-outcome",
        "get",
        "read_results",
        "decision",
        lambda w: {"decision_id": w.decision.pk},
    ),
    Endpoint("conversations", "get", "read_record", None, is_list=True),
    Endpoint(
        "conversation",
        "get",
        "read_record",
        "conversation",
        lambda w: {"conversation_id": w.conversation.pk},
    ),
    Endpoint(
        "conversation-results",
        "get",
        "read_results",
        "conversation-results",
        lambda w: {"conversation_id": w.conversation.pk},
    ),
    Endpoint(
        "speakeasy-check",
        "post",
        "speakeasy",
        None,
        body=lambda w: {"text": "We will facilitate engagement.", "level": "plain"},
    ),
]


def call(endpoint: Endpoint, world: World, secret: str) -> Any:
    url = reverse(f"api:{endpoint.name}", kwargs=endpoint.ids(world))
    client = Client()
    if endpoint.method == "get":
        return client.get(url, HTTP_AUTHORIZATION=f"Bearer {secret}")
    body = endpoint.body(world) if endpoint.body else {}
    if endpoint.multipart:
        return client.post(url, body, HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client.post(
        url,
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
