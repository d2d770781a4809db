"""`/healthz` says the process answers; `/readyz` says it can serve: the database, and the
queue and cache when they live elsewhere. A 503 names what is down."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from .redis_for_tests import closed_port, redis_url_or_skip

ROOT = Path(__file__).resolve().parent.parent
RQ = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}


def _redis_cache(url: str) -> dict[str, dict[str, object]]:
    return {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url}}


def test_healthz_answers_without_touching_the_database() -> None:
    # Not marked django_db: any database query here would fail the test.
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_checks_the_database() -> None:
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_checks_the_database_queue(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "queue": "ok"}


@pytest.mark.django_db
def test_readyz_pings_redis_for_the_queue_and_the_cache(settings) -> None:  # type: ignore[no-untyped-def]
    url = redis_url_or_skip()
    settings.TASKS = RQ
    settings.RQ_QUEUES = {"default": {"URL": url}}
    settings.CACHES = _redis_cache(url)
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "queue": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_readyz_is_503_naming_redis_when_it_is_down(settings) -> None:  # type: ignore[no-untyped-def]
    down = f"redis://127.0.0.1:{closed_port()}/1"
    settings.TASKS = RQ
    settings.RQ_QUEUES = {"default": {"URL": down}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "down": ["queue"],
        "database": "ok",
        "queue": "unreachable",
    }
    settings.CACHES = _redis_cache(down)
    assert Client().get("/readyz").json()["down"] == ["cache", "queue"]


def test_readyz_is_503_naming_the_database_when_it_is_down(tmp_path: Path) -> None:
    """A real process whose DATABASE_URL points at a closed port."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EQUALVOICE_", "DJANGO_"))}
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port()}/nothing",
        EQUALVOICE_DEBUG="1",
        EQUALVOICE_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="equalvoice.settings",
    )
    script = (
        "import django, json; django.setup()\n"
        "from django.test import Client\n"
        "for path in ('/healthz', '/readyz'):\n"
        "    r = Client(HTTP_HOST='localhost').get(path)\n"
        "    print(json.dumps([r.status_code, r.json()]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    healthz, readyz = (json.loads(line) for line in result.stdout.splitlines()[-2:])
    assert healthz == [200, {"status": "ok"}]
    assert readyz == [503, {"status": "error", "down": ["database"], "database": "unreachable"}]


@pytest.mark.django_db
def test_health_checks_are_not_redirected_to_https(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
