"""The Redis that tests may use: EQUALVOICE_TEST_REDIS_URL, by default database 1 on this
machine. Tests that need it are skipped, saying why, when it does not answer."""

from __future__ import annotations

import os
import socket

import pytest
import redis

TEST_REDIS_URL = os.environ.get("EQUALVOICE_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
# A queue of our own, so these tests never take (or leave) anyone else's jobs.
TEST_QUEUE = "equalvoice-tests"


def redis_url_or_skip() -> str:
    client = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"No Redis at {TEST_REDIS_URL} ({error}); set EQUALVOICE_TEST_REDIS_URL")
    finally:
        client.close()
    return TEST_REDIS_URL


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
