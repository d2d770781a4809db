"""What REDIS_URL, EQUALVOICE_CACHE_URL and EQUALVOICE_TASKS choose, read from the real
settings module in a fresh process for each set of variables."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOW = (
    "import json\n"
    "from equalvoice import settings as s\n"
    "print(json.dumps({'cache': s.CACHES['default'], 'sessions': s.SESSION_ENGINE,\n"
    "    'tasks': s.TASKS['default']['BACKEND'], 'rq': s.RQ_QUEUES}))\n"
)


def _settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("EQUALVOICE_", "DJANGO_"))}
    clean.pop("REDIS_URL", None)
    clean.update(EQUALVOICE_DEBUG="1", EQUALVOICE_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", SHOW], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def _read(tmp_path: Path, **env: str) -> dict[str, object]:
    result = _settings(tmp_path, **env)
    assert result.returncode == 0, result.stderr[-2000:]
    return dict(json.loads(result.stdout))


def test_without_redis_everything_stays_in_the_process_and_the_database(tmp_path: Path) -> None:
    assert _read(tmp_path) == {
        "cache": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "sessions": "django.contrib.sessions.backends.db",
        "tasks": "django_tasks.backends.immediate.ImmediateBackend",
        "rq": {},
    }
    database = _read(tmp_path, EQUALVOICE_TASKS="database")
    assert database["tasks"] == "django_tasks_db.DatabaseBackend"


def test_redis_url_moves_cache_sessions_and_tasks_to_redis(tmp_path: Path) -> None:
    found = _read(tmp_path, REDIS_URL="redis://redis.internal:6379/0")
    cache = found["cache"]
    assert isinstance(cache, dict)
    assert cache["BACKEND"] == "django_redis.cache.RedisCache"
    assert cache["LOCATION"] == "redis://redis.internal:6379/0"
    assert found["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert found["tasks"] == "django_tasks_rq.RQBackend"
    assert found["rq"] == {
        "default": {"URL": "redis://redis.internal:6379/0", "DEFAULT_TIMEOUT": 600}
    }


def test_the_cache_url_overrides_and_tasks_can_stay_in_the_database(tmp_path: Path) -> None:
    found = _read(
        tmp_path,
        REDIS_URL="redis://redis.internal:6379/0",
        EQUALVOICE_CACHE_URL="redis://cache.internal:6379/2",
        EQUALVOICE_TASKS="database",
    )
    cache = found["cache"]
    assert isinstance(cache, dict) and cache["LOCATION"] == "redis://cache.internal:6379/2"
    assert found["tasks"] == "django_tasks_db.DatabaseBackend"
    # The cache URL alone (the older setting) still gives a shared cache and sessions.
    alone = _read(tmp_path, EQUALVOICE_CACHE_URL="redis://cache.internal:6379/2")
    assert alone["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert alone["tasks"] == "django_tasks.backends.immediate.ImmediateBackend"


def test_a_mistyped_or_impossible_task_setting_stops_start_up(tmp_path: Path) -> None:
    typo = _settings(tmp_path, EQUALVOICE_TASKS="databse")
    assert typo.returncode != 0 and "EQUALVOICE_TASKS must be one of" in typo.stderr
    no_redis = _settings(tmp_path, EQUALVOICE_TASKS="rq")
    assert no_redis.returncode != 0 and "needs REDIS_URL" in no_redis.stderr
