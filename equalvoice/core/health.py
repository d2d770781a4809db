"""Is this process ready to serve? The checks behind `/readyz` (docs/deploy.md).

`/healthz` asks nothing of anyone: it only shows the process answers. `/readyz` asks the
database, and the queue and the cache when they live somewhere else, with short timeouts,
so a proxy or orchestrator can stop sending people to a process that cannot serve them.
"""

from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

# Seconds to wait for Redis before calling it down: well inside a health check's timeout.
REDIS_TIMEOUT = 2.0
OK = "ok"
DOWN = "unreachable"


def database() -> str:
    """`SELECT 1` on the default database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.warning("Ready check: the database is unreachable", exc_info=True)
        return DOWN
    return OK


def _ping(url: str) -> str:
    client = redis.Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
    )
    try:
        client.ping()
    except redis.RedisError:
        logger.warning("Ready check: Redis at %s is unreachable", _without_password(url))
        return DOWN
    finally:
        client.close()
    return OK


def _without_password(url: str) -> str:
    head, _, tail = url.rpartition("@")
    return ("redis://…@" + tail) if head else url


def _queue_database() -> str:
    """The database queue's table answers (so it exists: migrations have run)."""
    from django_tasks_db.models import DBTaskResult

    try:
        DBTaskResult.objects.order_by().values_list("pk").first()
    except Exception:
        logger.warning("Ready check: the task queue's table is unreachable", exc_info=True)
        return DOWN
    return OK


def queue() -> str | None:
    """The background task queue, or None when tasks run at once (nothing to ask)."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend == "django_tasks_rq.RQBackend":
        answers = [
            _ping(url) for url in sorted({str(q["URL"]) for q in settings.RQ_QUEUES.values()})
        ]
        return OK if answers and DOWN not in answers else DOWN
    if backend == "django_tasks_db.DatabaseBackend":
        return _queue_database()
    return None


def cache() -> str | None:
    """The shared cache (and sessions) in Redis, or None for a cache in this process."""
    cache_settings = settings.CACHES["default"]
    if cache_settings["BACKEND"] != "django_redis.cache.RedisCache":
        return None
    return _ping(str(cache_settings["LOCATION"]))


def readiness() -> dict[str, str]:
    """What was checked and how it answered, e.g. {"database": "ok", "queue": "ok"}."""
    checks = {"database": database(), "queue": queue(), "cache": cache()}
    return {name: result for name, result in checks.items() if result is not None}
