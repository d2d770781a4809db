"""What the database benchmarks (rounds.py, record.py) share: each runs itself again as a
worker process against a fresh SQLite file or a fresh PostgreSQL database, and reads the
worker's results from one line of its output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MARKER = "RESULT "  # the line of a worker's output that carries its results


def print_result(result: dict[str, Any]) -> None:
    """In the worker: hand the results to the parent."""
    print(MARKER + json.dumps(result), flush=True)


def server_version(connection: Any) -> str:
    """ "PostgreSQL 15.4" or "SQLite 3.40.1", for the report."""
    if connection.vendor == "postgresql":
        return "PostgreSQL " + ".".join(
            str(part) for part in divmod(connection.pg_version, 10000) if part
        )
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def run_worker(
    script: str,
    database: str,
    folder: Path,
    postgres_server: str,
    options: list[str],
    env_extra: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Run ``script --worker OPTIONS`` against a fresh ``database`` ("sqlite", in
    ``folder``, or "postgres", a new database on ``postgres_server`` dropped afterwards)
    and return its results."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        EQUALVOICE_DATA_DIR=str(folder),
        EQUALVOICE_DEBUG="0",
        EQUALVOICE_LOG_LEVEL="WARNING",
    )
    env.update(env_extra or {})
    command = [sys.executable, str(Path(script).resolve()), "--worker", *options]
    dropper = None
    if database == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{folder / 'benchmark.sqlite3'}"
    else:
        name, dropper = _postgres_database(postgres_server)
        env["DATABASE_URL"] = f"{postgres_server.rstrip('/')}/{name}"
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    finally:
        if dropper is not None:
            dropper()
    if done.returncode != 0:
        raise SystemExit(f"The {database} run failed:\n{done.stdout}\n{done.stderr}")
    for line in done.stdout.splitlines():
        if line.startswith(MARKER):
            result: dict[str, Any] = json.loads(line[len(MARKER) :])
            return result
    raise SystemExit(f"The {database} run gave no results:\n{done.stdout}\n{done.stderr}")


def _postgres_database(server: str) -> tuple[str, Any]:
    """Create a fresh database; return its name and a function that drops it."""
    import psycopg
    from psycopg import sql

    name = f"equalvoice_bench_{os.getpid()}_{int(time.time())}"
    admin_url = f"{server.rstrip('/')}/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    return name, drop
