"""What every call shares: pages of results with a total and links, filters by date and
group, strong ETags (304 on If-None-Match), clear JSON errors and a rate limit per token
with Retry-After."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from equalvoice.decisions.models import Decision
from equalvoice.meetings import actions as meeting_actions

from ..conftest import World
from .helpers import bearer, make_token


@pytest.fixture
def secret(world: World) -> str:
    return make_token(world)[1]


def _meetings(world: World, count: int) -> None:
    start = timezone.now().replace(microsecond=0)
    for i in range(count):
        when = start + datetime.timedelta(days=10 * (i + 1))
        meeting_actions.meeting_save(
            actor=world.facilitator,
            group=world.group,
            title=f"Meeting {i}",
            kind="meeting",
            starts_at=when,
            ends_at=when + datetime.timedelta(hours=1),
            place="Library",
        )


def test_pages_have_a_total_and_links(world: World, secret: str) -> None:
    _meetings(world, 4)  # and the world's own: 5 in all
    client = Client()
    first = client.get("/api/v1/meetings?limit=2", **bearer(secret)).json()
    assert first["count"] == 5 and len(first["results"]) == 2 and first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/meetings?limit=2&offset=2"
    second = client.get(first["next"], **bearer(secret)).json()
    assert [m["id"] for m in second["results"]] != [m["id"] for m in first["results"]]
    assert second["previous"] == "http://testserver/api/v1/meetings?limit=2&offset=0"
    last = client.get("/api/v1/meetings?limit=2&offset=4", **bearer(secret)).json()
    assert len(last["results"]) == 1 and last["next"] is None
    everyone = [m["id"] for p in (first, second, last) for m in p["results"]]
    assert len(set(everyone)) == 5


def test_filter_by_date_and_group(world: World, secret: str) -> None:
    _meetings(world, 3)
    today = timezone.localdate()
    client = Client()
    since = (today + datetime.timedelta(days=15)).isoformat()
    until = (today + datetime.timedelta(days=25)).isoformat()
    found = client.get(f"/api/v1/meetings?since={since}&until={until}", **bearer(secret)).json()
    assert [m["title"] for m in found["results"]] == ["Meeting 1"]
    other = client.get(f"/api/v1/meetings?group={world.other_group.slug}", **bearer(secret))
    assert other.json()["count"] == 0
    decisions = client.get(f"/api/v1/decisions?since={today.isoformat()}", **bearer(secret))
    # Every decision of the test world started today (the world's own, and the one that
    # agreed its document's first version).
    made_today = Decision.objects.filter(organisation=world.org).count()
    assert made_today >= 1 and decisions.json()["count"] == made_today
    later = (today + datetime.timedelta(days=1)).isoformat()
    assert client.get(f"/api/v1/decisions?since={later}", **bearer(secret)).json()["count"] == 0


def test_a_strong_etag_and_304(world: World, secret: str) -> None:
    client = Client()
    response = client.get("/api/v1/groups", **bearer(secret))
    tag = response["ETag"]
    assert tag.startswith('"') and not tag.startswith("W/")
    again = client.get("/api/v1/groups", HTTP_IF_NONE_MATCH=tag, **bearer(secret))
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == tag
    other = client.get("/api/v1/groups", HTTP_IF_NONE_MATCH='"something-else"', **bearer(secret))
    assert other.status_code == 200
    _meetings(world, 1)
    meetings = client.get("/api/v1/meetings", **bearer(secret))
    assert (
        client.get(
            "/api/v1/meetings", HTTP_IF_NONE_MATCH=meetings["ETag"], **bearer(secret)
        ).status_code
        == 304
    )
    _meetings(world, 1)
    changed = client.get("/api/v1/meetings", HTTP_IF_NONE_MATCH=meetings["ETag"], **bearer(secret))
    assert changed.status_code == 200 and changed["ETag"] != meetings["ETag"]
    # Errors carry no ETag.
    assert "ETag" not in client.get("/api/v1/meetings/999999", **bearer(secret))


def test_400_names_each_field(world: World, secret: str) -> None:
    client = Client()
    bad = client.get("/api/v1/meetings?limit=0&since=yesterday", **bearer(secret))
    assert bad.status_code == 400
    body = bad.json()
    assert set(body) == {"detail", "errors"}
    assert set(body["errors"]) == {"limit", "since"}
    assert all(isinstance(m, str) for ms in body["errors"].values() for m in ms)
    url = f"/api/v1/initiatives/{world.initiative.pk}/activities"
    not_json = client.post(url, "{oops", content_type="application/json", **bearer(secret))
    assert not_json.status_code == 400 and list(not_json.json()["errors"]) == ["body"]
    missing = client.post(url, "{}", content_type="application/json", **bearer(secret))
    assert missing.status_code == 400
    assert {"stage", "on", "status", "what", "rung_claimed"} <= set(missing.json()["errors"])
    # The page's own rules, from its form: a changed activity needs a reason.
    from .endpoints import activity_body

    body = {**activity_body(world), "status": "changed", "rung_claimed": 9}
    ruled = client.post(url, json.dumps(body), content_type="application/json", **bearer(secret))
    assert ruled.status_code == 400
    errors = ruled.json()["errors"]
    assert errors["rung_claimed"] == [
        "Choose a rung of the ladder, from coercion (1) to co-production (7)"
    ]
    assert errors["status_reason"] == ["Say why it changed or did not happen"]


def test_404_and_405_are_json(world: World, secret: str) -> None:
    client = Client()
    for url in ("/api/v1/meetings/999999", "/api/v1/groups/no-such-group"):
        response = client.get(url, **bearer(secret))
        assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    wrong = client.get("/api/v1/speakeasy/check", **bearer(secret))
    assert wrong.status_code == 405


@override_settings(EQUALVOICE_API_RATE=3)
def test_429_with_retry_after_per_token(world: World, secret: str) -> None:
    other = make_token(world, name="Another")[1]
    client = Client()
    for _ in range(3):
        assert client.get("/api/v1/groups", **bearer(secret)).status_code == 200
    limited = client.get("/api/v1/groups", **bearer(secret))
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited.json()["detail"].startswith("Too many requests for this token.")
    # Another token has its own count.
    assert client.get("/api/v1/groups", **bearer(other)).status_code == 200


def test_an_evidence_file_is_checked_as_the_page_checks_it(world: World, secret: str) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"/api/v1/initiatives/{world.initiative.pk}/activities/{world.activity.pk}/evidence/file"
    client = Client()
    refused = client.post(
        url,
        {"file": SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream")},
        **bearer(secret),
    )
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["file"]
    missing = client.post(url, {"note": "No file"}, **bearer(secret))
    assert missing.status_code == 400 and "file" in missing.json()["errors"]
    added = client.post(
        url,
        {"file": SimpleUploadedFile("notes.pdf", b"%PDF-1.4", "application/pdf")},
        **bearer(secret),
    )
    assert added.status_code == 201 and added.json()["has_file"] is True
