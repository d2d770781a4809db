"""Run Equal Voice as separate processes, the way it is deployed: app processes (gunicorn)
and a task worker on one PostgreSQL database, for tests that stop and start them.

Everything a process gets from its environment is in one dict (`Stack.env`), built by
`production_env`; the commands are in `app_command` and `worker_command`. Switching the
stack to another task queue or cache (RQ on Redis, say) is changing those, not the test.

Each process runs in its own process group, so `kill` stops gunicorn's master and its
workers together, as when a machine or container dies. `Stack.close` stops everything it
started and drops the database, whatever happened in the test."""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES = os.environ.get("EQUALVOICE_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
# Ends every session on a database (`%s`) but the one asking: PostgreSQL copies or drops
# a database only while nobody is connected to it.
END_OTHER_SESSIONS = (
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
    " WHERE datname = %s AND pid <> pg_backend_pid()"
)
# `equalvoice collectstatic` with production's storage (WhiteNoise's manifest storage), as
# deployed, except that WhiteNoise compresses with gzip alone: Brotli at its highest
# quality on django-ninja's 14 MB of bundles and source maps takes most of a minute and
# is not what any test checks. The hashing and url() rewriting come before compression.
COLLECTSTATIC = """
import sys
from whitenoise import compress
compress.brotli_installed = False
from equalvoice.cli import main
sys.argv = ["equalvoice", "collectstatic", "--noinput", "-v0"]
main()
"""


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _admin_connection() -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(f"{POSTGRES}/postgres", autocommit=True)


def create_database(name: str, template: str = "") -> str:
    """A new PostgreSQL database, empty or a copy of `template`; returns its URL.

    PostgreSQL copies a database only while nobody is connected to it. The test closes
    its own connections first, but a thread this test process started earlier (the
    browser tests' live server keeps one for its requests) may still hold one, idle: those
    are ended, and the copy tried again."""
    with _admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        create = f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
        for attempt in range(5):
            if template:
                conn.execute(END_OTHER_SESSIONS, [template])
            try:
                conn.execute(create)
                break
            except psycopg.errors.ObjectInUse:
                if attempt == 4:
                    raise
                time.sleep(0.5)
    return f"{POSTGRES}/{name}"


def drop_database(name: str) -> None:
    with _admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_reachable() -> bool:
    try:
        with _admin_connection():
            return True
    except Exception:  # noqa: BLE001
        return False


def redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001
        return False


# The task queues the stack can run: django-tasks-db's queue in the database, or RQ in
# Redis (django-tasks-rq, from `REDIS_URL`, with `equalvoice worker`).
QUEUES = ("database", "rq")


def rq_available() -> bool:
    """Whether this checkout's settings know `REDIS_URL` and `EQUALVOICE_TASKS=rq`, with
    the `equalvoice worker` command to run RQ's worker."""
    return (ROOT / "equalvoice" / "core" / "management" / "commands" / "worker.py").exists()


def production_env(
    *, database_url: str, redis_url: str, folder: Path, queue: str = "database"
) -> dict[str, str]:
    """What every process of the stack runs with: the real settings module with DEBUG off,
    as in production, except plain HTTP on loopback (no TLS redirect, no secure-only
    cookies). Nothing is inherited from the test's own environment but PATH and the
    locale, so the test's settings (tests.settings) never leak in.

    `queue` is "database" (tasks in the database; Redis holds the shared cache only) or
    "rq" (Redis holds the cache, the sessions' cache and the task queue)."""
    assert queue in QUEUES
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": os.environ.get("LANG", "C.UTF-8"),
        "HOME": str(folder),
        # The code of this checkout, not whatever the virtualenv has installed.
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
        "DJANGO_SETTINGS_MODULE": "equalvoice.settings",
        "DATABASE_URL": database_url,
        "EQUALVOICE_SECRET_KEY": secrets.token_urlsafe(50),
        "EQUALVOICE_DEBUG": "0",
        "EQUALVOICE_ALLOWED_HOSTS": "127.0.0.1",
        "EQUALVOICE_SECURE_SSL_REDIRECT": "0",
        "EQUALVOICE_SECURE_COOKIES": "0",
        "EQUALVOICE_DATA_DIR": str(folder / "data"),
        "EQUALVOICE_STATIC_ROOT": str(folder / "static"),
        "EQUALVOICE_MEDIA_ROOT": str(folder / "media"),
        "EQUALVOICE_LOG_LEVEL": "WARNING",
        # Background tasks from the database queue, run by `db_worker`.
        "EQUALVOICE_TASKS": "database",
        # The cache (sign-in throttling) shared by every app process.
        "EQUALVOICE_CACHE_URL": redis_url,
    }
    if queue == "rq":
        env.update({"REDIS_URL": redis_url, "EQUALVOICE_TASKS": "rq"})
    return env


def app_command(port: int) -> list[str]:
    """One app process: gunicorn with threads, as in production, on a loopback port."""
    return [
        PYTHON,
        "-m",
        "gunicorn",
        "equalvoice.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--threads",
        "4",
        "--worker-class",
        "gthread",
        "--timeout",
        "30",
        "--graceful-timeout",
        "5",
    ]


def worker_command(queue: str, name: str) -> list[str]:
    """The task worker, called `name` in the task records. For the database queue,
    django-tasks-db's `db_worker`, checking the queue every tenth of a second; for RQ,
    `rqworker` run as `equalvoice worker` runs it (its job class, with the scheduler)."""
    manage_py = [PYTHON, str(ROOT / "manage.py")]
    if queue == "rq":
        return [
            *manage_py,
            "rqworker",
            "default",
            "--job-class",
            "django_tasks_rq.Job",
            "--with-scheduler",
            "--name",
            name,
        ]
    return [
        *manage_py,
        "db_worker",
        "--interval",
        "0.1",
        "--no-startup-delay",
        "--no-reload",
        "--worker-id",
        name,
    ]


def manage(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    """Run one `equalvoice` command to the end with the stack's environment; its output."""
    return run(env, str(ROOT / "manage.py"), *args, timeout=timeout)


def run(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    """Run Python to the end with the stack's environment; its output."""
    done = subprocess.run(
        [PYTHON, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"python {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@dataclass
class Process:
    """One process of the stack, started in its own process group."""

    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    popen: subprocess.Popen[bytes] | None = None
    starts: int = 0

    def start(self) -> None:
        assert not self.running, f"{self.name} is already running"
        self.starts += 1
        with self.log.open("ab") as out:
            out.write(f"\n--- start {self.starts} ---\n".encode())
            out.flush()
            self.popen = subprocess.Popen(
                self.command,
                env=self.env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Send `sig` to the whole process group (gunicorn's master and its workers),
        and wait for the leader to go. SIGKILL is a crash of the whole machine, so it also
        goes to descendants that left the group: RQ's work horse runs the job in a process
        group of its own, and, left alive, it would finish a job that `requeue_stuck_tasks`
        had put back in the queue, which would then run twice."""
        if self.popen is None:
            return
        if sig == signal.SIGKILL:
            for pid in _descendants(self.popen.pid):
                with suppress(ProcessLookupError):
                    os.kill(pid, sig)
        with suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)
        try:
            self.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=15)
        # Leftover members of the group (a gunicorn worker that outlived its master).
        with suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def _descendants(pid: int) -> list[int]:
    """The processes below `pid` (children, their children...), read from /proc."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError, ValueError, IndexError):
            # "pid (name) state ppid ...": the name may hold spaces and brackets.
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


@dataclass
class App(Process):
    port: int = 0

    def get(self, path: str, timeout: float = 2) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request("GET", path)
            return conn.getresponse().status
        finally:
            conn.close()

    def wait_ready(self, timeout: float = 30) -> None:
        """Poll the ready check (`/readyz`: the database, queue and cache answer) until it
        says 200; where there is no `/readyz` (404), the health check, `/healthz`."""
        deadline = time.monotonic() + timeout
        path = "/readyz"
        while time.monotonic() < deadline:
            if not self.running:
                raise RuntimeError(f"{self.name} stopped while starting:\n{self.output()}")
            try:
                status = self.get(path)
            except OSError:
                status = 0
            if status == 200:
                return
            if status == 404:
                path = "/healthz"
                continue
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} was not ready in {timeout} s:\n{self.output()}")


@dataclass
class Stack:
    """A database, some app processes and one worker, sharing one environment."""

    database: str
    folder: Path
    env: dict[str, str]
    apps: list[App] = field(default_factory=list)
    workers: list[Process] = field(default_factory=list)

    def add_app(self) -> App:
        port = free_port()
        app = App(
            name=f"app{len(self.apps) + 1}",
            command=app_command(port),
            env=self.env,
            log=self.folder / f"app{len(self.apps) + 1}.log",
            port=port,
        )
        self.apps.append(app)
        return app

    @property
    def queue(self) -> str:
        return "rq" if self.env["EQUALVOICE_TASKS"] == "rq" else "database"

    def add_worker(self, name: str) -> Process:
        command = worker_command(self.queue, name)
        worker = Process(name, command, self.env, self.folder / f"{name}.log")
        self.workers.append(worker)
        return worker

    def manage(self, *args: str, timeout: float = 120) -> str:
        return manage(self.env, *args, timeout=timeout)

    def python(self, *args: str, timeout: float = 120) -> str:
        return run(self.env, *args, timeout=timeout)

    def close(self) -> None:
        for process in [*self.apps, *self.workers]:
            process.kill()
        drop_database(self.database)

    def logs(self) -> str:
        processes = [*self.apps, *self.workers]
        return "\n".join(f"===== {p.name} =====\n{p.output()[-4000:]}" for p in processes)


@contextmanager
def stack(*, redis_url: str, template: str = "", queue: str = "database") -> Iterator[Stack]:
    """A fresh, migrated database and a folder for the stack's files. Processes are added
    and started by the caller; all of them are killed, and the database dropped, on the
    way out.

    With `template` (an empty database already migrated, like the test run's own), the
    new database is a copy of it, which takes a second; migrating from nothing takes
    half a minute on a busy machine.

    With the RQ queue, the Redis database at `redis_url` is emptied first: the test
    counts every job in it, so it must be a database of the test's own."""
    database = f"ev_scale_out_{os.getpid()}_{secrets.token_hex(3)}"
    with tempfile.TemporaryDirectory(prefix="ev-stack-") as tmp:
        folder = Path(tmp)
        url = create_database(database, template)
        env = production_env(database_url=url, redis_url=redis_url, folder=folder, queue=queue)
        built = Stack(database, folder, env)
        if queue == "rq":
            import redis

            redis.Redis.from_url(redis_url).flushdb()
        try:
            if not template:
                built.manage("migrate", "--noinput")
            built.python("-c", COLLECTSTATIC)
            yield built
        finally:
            built.close()
