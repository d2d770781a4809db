"""Load on the conversation voting endpoint: many people voting at once, on the real app.

Run from the project folder:

    .venv/bin/python benchmarks/opinions_load.py [--seconds 60] [--voters 50]
                                                 [--database sqlite|postgresql|both]
                                                 [--big]

The issue's check: 50 voters at once for 60 seconds, on SQLite and on PostgreSQL, and
every vote sent is stored exactly once, with no errors. Issue 25's aim, printed beside
the figures (not part of the pass): with --big, the p95 lag from a vote to results that
count it is under 5 seconds. For each database the script:

1. Makes a fresh database (SQLite: a file in a temporary folder; PostgreSQL: the database
   `equalvoice_load` on postgres://postgres@127.0.0.1:5432, dropped and made again; change
   the server with --postgres-server; it is dropped after a run that passes and kept for a
   look after one that fails), migrates it, and sets up through the real actions: an
   organisation, a group, a facilitator, one member per voter (a third each holding one
   of three perspectives), and a conversation of --statements statements. Each member
   gets a session made directly (as Django's test client's force_login does), so no
   password is hashed. This runs in its own Python process, because Django reads its
   settings once, at import.
   With --big the conversation is of Polis's largest size before anyone votes: 33,422
   participants x 783 statements with 1,830,000 votes, drawn by the synthetic model of
   _opinions_data.synthetic (seed 0) and stored fast (PostgreSQL: COPY; SQLite:
   executemany, in one transaction). Its participants have no person, as in an imported
   Polis export. The loaded votes are stamped a day before the run, as a conversation
   this big was cast over days (stamped at the load, each results update within
   EQUALVOICE_RESULTS_OVERLAP_SECONDS of it read all of them again: runs before
   2026-12-07 did). Then ANALYZE, and the first results are worked out. The voters are new
   participants, voting on statements they have not voted on. (About 2 to 5 minutes on
   a loaded 2-core machine; most of it is storing the votes and their indexes.)
2. Serves the real app with gunicorn on a free port on 127.0.0.1, with the production
   settings (equalvoice.settings, DEBUG off, a random secret key, static files collected
   into a temporary folder, EQUALVOICE_DB_CONN_MAX_AGE=60 as docs/deploy.md advises,
   EQUALVOICE_TASKS=database), and runs `equalvoice worker` beside it, so results are
   worked out in the background as in production (it reads the conversation's votes
   before its first task; it logs at INFO with the time, and the report breaks each
   results update down from its log; --keep keeps the logs). HTTPS, secure cookies and HSTS stay on:
   the voters send `X-Forwarded-Proto: https` and an `Origin`, as the HTTPS proxy and a
   browser would.
3. Starts the voters, one thread each (standard library only: http.client, keep-alive).
   Each reads its vote page once for the CSRF cookie, then votes on the statements in its
   own shuffled order as fast as the server answers, until the time is up. A vote counts
   as sent when the answer is the vote card (200, with `HX-Request: true`, as the page
   sends it with JavaScript) or the redirect to the vote page (302, with --no-htmx, as a
   form without JavaScript; the redirect is not followed). Anything else is an error: any
   other status, no answer within --timeout (60 s, as nginx's default proxy_read_timeout),
   a dropped connection, an error message on the card. Meanwhile a monitor reads the
   conversation's results bookkeeping (results_votes, results_at) every 0.1 s, to see
   the updates arrive; it keeps reading until the worker has drained (step 4).
4. Stops gunicorn, waits for the worker to finish every queued results update, then
   checks the database: as many Vote rows as votes sent, each (person, statement) stored
   once with the value sent, nothing else stored, one participant per voter, one audit
   entry per vote; results updated at least once while people voted; and the final update
   counting every vote. Any failed check, error, failed task or server traceback makes the
   exit status 1. (A --big run shorter than one full results update, 20 to 40 s today,
   fails "updated while people voted": use --seconds 60.)
5. Works out each vote's lag: from the moment its answer reached the voter to the first
   sample of the monitor whose results count it; prints p50, p95 and max, and whether
   the p95 meets the 5 s aim. "Count it" without changing the app: the voters only add
   votes (each votes once on each statement; nothing is changed or withdrawn), so an
   update that counts k of their votes has results_votes = (votes before they started)
   + k, and the k it counts are taken to be the first k answered. A vote answered
   before the update read the votes is surely counted (its transaction committed before
   the answer); the approximation is only for votes committed just before the read
   whose answer came after it, an error of at most a vote's own answer time. A vote
   counted before its answer reached the voter has lag 0. Votes no sample counted are
   reported (and the aim is then not met).

Gunicorn runs 3 worker processes of 4 threads (gthread) by default. The machine this was
written on has 2 cores, which gunicorn, the background worker, the database and the 50
voters' own client all share: 3 processes keep both cores busy with Python (which holds
the GIL while it renders a page) and leave a little room for the rest, and 4 threads
each let a process take another request while one waits on the database (a PostgreSQL
round trip, or SQLite's write lock). gthread also keeps connections alive, as a proxy
does. docs/deploy.md's sync workers (2 per core plus 1) serve one request at a time each:
try them with --workers 5 --threads 1.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BIN = Path(sys.executable).parent
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
POSTGRES_DATABASE = "equalvoice_load"
MARKER = "RESULT "  # the line of a helper process's output that carries its results
CHOICES = {"agree": 1, "disagree": -1, "pass": 0}
SAMPLE_SECONDS = 0.1  # how often the monitor reads the conversation's results bookkeeping
GUNICORN_TIMEOUT = 30  # seconds, as in docs/deploy.md
CAMPS = 3  # voters fall into this many camps that vote alike, so the engine finds groups
BIG = (33_422, 783, 1_830_000)  # --big: participants, statements, votes (Polis's largest)
LAG_AIM = 5.0  # seconds: the aim for the p95 lag from a vote to results counting it
LOG_FORMAT = "%(asctime)s [%(levelname)s] %(name)s: %(message)s"  # the worker's log lines


# Helper processes: set-up and checks, with Django, against the database in DATABASE_URL -


def setup(voters: int, statements: int, big: bool) -> dict[str, Any]:
    """Migrate, then make the organisation, group, people, conversation and sessions;
    with `big`, load the big conversation's votes and work out its first results."""
    import django

    django.setup()

    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command

    from equalvoice.core import actions
    from equalvoice.core.models import Group, Membership, Perspective, User
    from equalvoice.opinions import actions as opinions

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()

    def person(username: str, name: str) -> User:  # no password: nothing is hashed
        return User.objects.create_user(username=username, email=None, name=name, password=None)

    admin = person("admin", "Ada Admin")
    org = actions.organisation_create(name="Load Council", slug="load", admin=admin)
    group = actions.group_create(
        actor=admin,
        organisation=org,
        name="Voters",
        kind=Group.Kind.WORKING_GROUP,
        purpose="People who vote in the load test.",
    )
    facilitator = person("facilitator", "Fay Facilitator")
    actions.membership_add(
        actor=admin, group=group, user=facilitator, role=Membership.GroupRole.FACILITATOR
    )
    perspectives = list(Perspective.objects.filter(organisation=org).order_by("position"))[:3]
    members = []
    for n in range(voters):
        member = person(f"voter-{n:03d}", f"Voter {n:03d}")
        actions.membership_add(actor=admin, group=group, user=member)
        actions.perspectives_set(
            actor=member, person=member, organisation=org, perspectives=[perspectives[n % 3]]
        )
        members.append(member)
    topics = ("buses", "day centres", "the library", "parks", "housing", "the website")
    seeds = [
        f"Statement {n + 1}: the council should spend more on {topics[n % len(topics)]}."
        for n in range(statements)
    ]
    conversation = opinions.conversation_create(
        actor=facilitator,
        group=group,
        title="What should we spend on?",
        question="Tell us what matters most to you.",
        seeds=seeds,
        people_can_add=False,
    )
    loaded: dict[str, float] = {}
    if big:
        loaded = load_big(conversation)
    engine = import_module(settings.SESSION_ENGINE)
    backend = "django.contrib.auth.backends.ModelBackend"

    def session_for(user: User) -> str:  # as django.test.Client.force_login does
        store = engine.SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return str(store.session_key)

    built = time.perf_counter()
    conversation.refresh_from_db()
    return {
        "org": org.slug,
        "conversation": conversation.pk,
        "statements": list(conversation.statements.order_by("pk").values_list("pk", flat=True)),
        "voters": [{"user": m.pk, "session": session_for(m)} for m in members],
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "table": conversation._meta.db_table,
        "seconds": {"migrate": migrated - started, "build": built - migrated, **loaded},
        "base_votes": conversation.results_votes,
        "base_participants": conversation.participants.count(),
    }


def load_big(conversation: Any) -> dict[str, float]:
    """Fill the conversation with the synthetic model's votes (`_opinions_data.synthetic`)
    at Polis's largest size, fast: PostgreSQL's COPY, or SQLite's executemany in one
    transaction. The participants have no person (as in an imported Polis export). Then
    work out the first results, as they would be before people start voting."""
    from datetime import timedelta

    import _opinions_data as data  # benchmarks/ is on the path: this script runs from it
    import numpy as np
    from django.db import connection, transaction
    from django.utils import timezone

    from equalvoice.opinions.models import Participant, Vote
    from equalvoice.opinions.results import refresh

    began = time.perf_counter()
    people, _, votes = BIG
    made = data.synthetic(people, BIG[1], votes, seed=0)
    drawn = time.perf_counter()
    statement_ids = np.array(
        list(conversation.statements.order_by("pk").values_list("pk", flat=True)), np.int64
    )
    # Cast before today, as a conversation this big was: stamped with the time of the
    # load, every loaded vote would be read again by each update within the overlap
    # (EQUALVOICE_RESULTS_OVERLAP_SECONDS) of it, which a real conversation never asks.
    now = str(connection.ops.adapt_datetimefield_value(timezone.now() - timedelta(days=1)))
    participant_table, vote_table = Participant._meta.db_table, Vote._meta.db_table
    participant_rows = [(conversation.pk, n, "", now) for n in range(people)]
    participant_sql = f"{participant_table} (conversation_id, external_id, perspective, created_at)"
    vote_sql = f"{vote_table} (participant_id, statement_id, value, voted_at)"
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {participant_sql} FROM STDIN") as copy:
                for row in participant_rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {participant_sql} VALUES (%s, %s, %s, %s)", participant_rows
            )
        found = dict(
            Participant.objects.filter(conversation=conversation, person=None).values_list(
                "external_id", "pk"
            )
        )
        participant_ids = np.array([found[n] for n in range(people)], np.int64)
        who = participant_ids[made.participants].tolist()
        what = statement_ids[made.statements].tolist()
        values = made.values.tolist()
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {vote_sql} FROM STDIN") as copy:
                chunk = 100_000
                for start in range(0, len(values), chunk):
                    lines = "".join(
                        f"{p}\t{s}\t{v}\t{now}\n"
                        for p, s, v in zip(
                            who[start : start + chunk],
                            what[start : start + chunk],
                            values[start : start + chunk],
                            strict=True,
                        )
                    )
                    copy.write(lines)
        else:
            cursor.executemany(
                f"INSERT INTO {vote_sql} VALUES (%s, %s, %s, %s)",
                list(zip(who, what, values, [now] * len(values), strict=True)),
            )
    stored = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    refresh(conversation.pk)
    return {
        "draw": drawn - began,
        "load": stored - drawn,
        "first_results": time.perf_counter() - stored,
    }


def check(sent_file: str, conversation_id: int, ended_at: float, drain: float) -> dict[str, Any]:
    """Wait for the worker to finish the queued results updates, then compare the
    database with the votes sent."""
    import django

    django.setup()

    from datetime import UTC, datetime

    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from equalvoice.core.models import AuditEvent
    from equalvoice.opinions.models import Conversation, Participant, Vote
    from equalvoice.opinions.tasks import update_results

    updates = DBTaskResult.objects.filter(task_path=update_results.module_path)
    waited_from = time.monotonic()
    while True:
        pending = updates.filter(status__in=["READY", "RUNNING"]).count()
        waiting = Conversation.objects.filter(pk=conversation_id, update_waiting=True).exists()
        if not pending and not waiting:
            break
        if time.monotonic() - waited_from > drain:
            break
        time.sleep(0.25)
    drained = time.monotonic() - waited_from

    sent: list[list[int]] = json.loads(Path(sent_file).read_text())
    expected: dict[tuple[int, int], int] = {}
    for user, statement, value in sent:
        expected[(user, statement)] = value  # one thread per voter: the last one sent wins
    # The voters' votes (the big conversation's loaded participants have no person).
    everything = Vote.objects.filter(participant__conversation_id=conversation_id)
    rows = list(
        everything.filter(participant__person__isnull=False).values_list(
            "participant__person_id", "statement_id", "value", "entered_by_id"
        )
    )
    stored: dict[tuple[int, int], int] = {}
    duplicates = wrong = 0
    for user, statement, value, _ in rows:
        if (user, statement) in stored:
            duplicates += 1
        stored[(user, statement)] = value
        if expected.get((user, statement), value) != value:
            wrong += 1
    participants = list(
        Participant.objects.filter(
            conversation_id=conversation_id, person__isnull=False
        ).values_list("person_id", flat=True)
    )
    conversation = Conversation.objects.get(pk=conversation_id)
    ended = datetime.fromtimestamp(ended_at, tz=UTC)
    failed = [
        {"exception": r.exception_class_path, "traceback": r.traceback}
        for r in updates.filter(status="FAILED")
    ]
    version = int(getattr(connection, "pg_version", 0))
    server = (
        f"PostgreSQL {version // 10000}.{version % 10000}"
        if connection.vendor == "postgresql"
        else f"SQLite {sqlite3.sqlite_version}"
    )
    return {
        "server": server,
        "sent": len(sent),
        "pairs_sent": len(expected),
        "rows": len(rows),
        "all_rows": everything.count(),
        "duplicates": duplicates,
        "wrong_value": wrong,
        "missing": len(expected.keys() - stored.keys()),
        "not_sent": len(stored.keys() - expected.keys()),
        "entered_by_set": sum(1 for *_, entered_by in rows if entered_by is not None),
        "participants": len(participants),
        "participants_distinct": len(set(participants)),
        "voters_who_voted": len({user for user, _ in expected}),
        "audit_votes": AuditEvent.objects.filter(
            verb="conversation.vote", object_id=str(conversation_id)
        ).count(),
        "updates": updates.count(),
        "updates_successful": updates.filter(status="SUCCESSFUL").count(),
        "updates_during_run": updates.filter(status="SUCCESSFUL", finished_at__lte=ended).count(),
        "updates_pending": updates.filter(status__in=["READY", "RUNNING"]).count(),
        "update_waiting": conversation.update_waiting,
        "failed_updates": failed,
        "final_results_votes": conversation.results_votes,
        "final_results_at": conversation.results_at.timestamp()
        if conversation.results_at
        else None,
        "drain_seconds": drained,
        "tasks": [
            [t.timestamp() for t in times if t is not None]  # successful: all three set
            for times in updates.filter(status="SUCCESSFUL")
            .order_by("started_at")
            .values_list("enqueued_at", "started_at", "finished_at")
        ],
    }


# The voters: standard library only ---------------------------------------------------


@dataclass
class Tally:
    """What one voter sent and what came back."""

    votes: list[tuple[int, int, int]] = field(default_factory=list)  # user, statement, value
    done_at: list[float] = field(default_factory=list)  # when each vote's answer came
    latencies: list[float] = field(default_factory=list)  # seconds, successful votes only
    errors: list[str] = field(default_factory=list)
    ran_out: bool = False


@dataclass
class Target:
    host: str
    port: int
    org: str
    conversation: int
    session_cookie: str
    csrf_cookie: str
    htmx: bool
    timeout: float
    # The shortest time from one of a person's votes to their next. People read each
    # statement before they vote; without it, one voter whose kept-alive connection the
    # server happened to favour voted 13 times a second and ran out of statements.
    gap: float = 0.0

    @property
    def origin(self) -> str:
        return f"https://{self.host}:{self.port}"

    @property
    def vote_path(self) -> str:
        return f"/o/{self.org}/conversations/{self.conversation}/vote/"


def _cookie(headers: list[tuple[str, str]], name: str) -> str | None:
    for key, value in headers:
        if key.lower() == "set-cookie":
            first = value.split(";", 1)[0]
            if first.startswith(name + "="):
                return first[len(name) + 1 :]
    return None


def choose(rng: random.Random, camp: int, position: int) -> str:
    """Each camp agrees with its own third of the statements and mostly disagrees with
    the rest; a few passes and changes of mind keep it untidy."""
    roll = rng.random()
    if roll < 0.12:
        return "pass"
    agrees = position % CAMPS == camp
    if roll > 0.9:
        agrees = not agrees
    return "agree" if agrees else "disagree"


def vote_as(
    target: Target,
    voter: int,
    user: int,
    session: str,
    statements: list[int],
    start: threading.Barrier,
    deadline: list[float],
    tally: Tally,
) -> None:
    """One person voting through their own shuffled statements until the time is up."""
    rng = random.Random(f"voter-{voter}")
    order = list(enumerate(statements))  # (position, pk): position picks the camp's view
    rng.shuffle(order)
    conn: http.client.HTTPConnection | None = None
    base = {
        "Host": f"{target.host}:{target.port}",
        "X-Forwarded-Proto": "https",  # as the HTTPS proxy says
        "User-Agent": "equalvoice-load",
    }
    cookies = f"{target.session_cookie}={session}"

    def connection() -> http.client.HTTPConnection:
        nonlocal conn
        if conn is None:
            conn = http.client.HTTPConnection(target.host, target.port, timeout=target.timeout)
        return conn

    def drop() -> None:
        nonlocal conn
        if conn is not None:
            conn.close()
            conn = None

    # The vote page once, for the CSRF cookie, as a browser loads it before voting.
    token = None
    try:
        c = connection()
        c.request("GET", target.vote_path, headers={**base, "Cookie": cookies})
        response = c.getresponse()
        response.read()
        token = _cookie(response.getheaders(), target.csrf_cookie)
        if response.status != 200 or token is None:
            tally.errors.append(f"vote page: {response.status}, CSRF cookie {token is not None}")
    except (OSError, http.client.HTTPException) as error:
        tally.errors.append(f"vote page: {type(error).__name__}: {error}")
    start.wait()
    # Waiting for the others may outlast gunicorn's keep-alive (2 s): start afresh.
    drop()
    if token is None:
        return
    cookies += f"; {target.csrf_cookie}={token}"
    headers = {
        **base,
        "Cookie": cookies,
        "X-CSRFToken": token,
        "Origin": target.origin,
        "Referer": target.origin + target.vote_path,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    if target.htmx:
        headers["HX-Request"] = "true"
    camp = voter % CAMPS
    next_at = 0.0
    for position, statement in order:
        if time.monotonic() >= deadline[0]:
            return
        choice = choose(rng, camp, position)
        body = urllib.parse.urlencode({"statement": statement, "choice": choice})
        if next_at > time.monotonic():
            time.sleep(next_at - time.monotonic())
        began = time.monotonic()
        next_at = began + target.gap
        try:
            c = connection()
            c.request("POST", target.vote_path, body=body, headers=headers)
            response = c.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            # The vote may or may not have been stored: the checks will tell.
            tally.errors.append(f"statement {statement}: {type(error).__name__}: {error}")
            drop()
            continue
        ended = time.monotonic()
        location = response.getheader("Location", "")
        if target.htmx:
            good = response.status == 200 and b"govuk-error-summary" not in content
        else:
            good = response.status == 302 and urllib.parse.urlsplit(location).path == (
                target.vote_path
            )
        if not good:
            text = re.sub(rb"\s+", b" ", content[:300]).decode("utf-8", "replace")
            tally.errors.append(f"statement {statement}: {response.status} {location} {text}")
            continue
        if response.getheader("Connection", "").lower() == "close":
            drop()
        tally.votes.append((user, statement, CHOICES[choice]))
        tally.done_at.append(ended)
        tally.latencies.append(ended - began)
    tally.ran_out = True
    drop()


# The monitor: reads the conversation's results bookkeeping while people vote --------


class Monitor(threading.Thread):
    def __init__(self, database: str, url: str, table: str, conversation: int) -> None:
        super().__init__(daemon=True)
        self.database, self.url, self.table, self.conversation = database, url, table, conversation
        self.samples: list[tuple[float, int, str | None]] = []  # time, results_votes, at
        self.problems: list[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        sql = f"SELECT results_votes, results_at FROM {self.table} WHERE id = {self.conversation}"
        try:
            if self.database == "sqlite":
                path = self.url.removeprefix("sqlite:///")
                conn: Any = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=20)
            else:
                import psycopg

                conn = psycopg.connect(self.url, autocommit=True)
            with contextlib.closing(conn):
                while not self.stop.is_set():
                    row = conn.execute(sql).fetchone()
                    at = None if row[1] is None else str(row[1])
                    self.samples.append((time.monotonic(), int(row[0]), at))
                    self.stop.wait(SAMPLE_SECONDS)
        except Exception as error:  # reported, never fatal to the run
            self.problems.append(f"monitor: {type(error).__name__}: {error}")


# The parent: a database, a server, a worker and the voters ---------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def base_env(folder: Path, static: Path, secret: str) -> dict[str, str]:
    """The production settings, with nothing of the caller's own EQUALVOICE_ settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EQUALVOICE_")}
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="equalvoice.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        PYTHONUNBUFFERED="1",
        EQUALVOICE_DEBUG="0",
        EQUALVOICE_SECRET_KEY=secret,
        EQUALVOICE_ALLOWED_HOSTS="127.0.0.1",
        EQUALVOICE_DATA_DIR=str(folder),
        EQUALVOICE_STATIC_ROOT=str(static),
        EQUALVOICE_TASKS="database",
        EQUALVOICE_DB_CONN_MAX_AGE="60",
        EQUALVOICE_LOG_LEVEL="WARNING",  # 4xx warnings and 5xx tracebacks reach the log
    )
    return env


def helper(env: dict[str, str], *args: str) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode == 0:
        for line in done.stdout.splitlines():
            if line.startswith(MARKER):
                result: dict[str, Any] = json.loads(line[len(MARKER) :])
                return result
    raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def postgres_database(server: str, name: str) -> Any:
    """Drop and make the database again; return a function that drops it."""
    import psycopg
    from psycopg import sql

    admin_url = f"{server.rstrip('/')}/postgres"
    drop_sql = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(drop_sql)
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(drop_sql)

    return drop


def wait_for_server(port: int, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped before it was ready: see its log")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer on port {port} within {seconds:.0f} s")


def stop(process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def vote_lags(
    answered: list[float], samples: list[tuple[float, int, str | None]], base: int
) -> tuple[list[float], int]:
    """Each vote's lag: from the moment its answer came to the first sample of the
    monitor in which the results count it; and how many votes no sample counted.

    The voters only add votes (each votes once on each statement, nothing is withdrawn),
    so each results update counts `base` votes plus some number k of theirs, and that k is
    `results_votes - base`. The k votes it counts are taken to be the first k answered. A
    vote answered before the update read the votes is surely in it (it was committed
    before its answer), so this is exact but for votes committed before the read whose
    answer came after it: a vote's own answer time, milliseconds. A lag below zero (a
    vote counted before its answer reached the voter) is taken as 0."""
    ordered = sorted(answered)
    lags: list[float] = []
    for seen_at, counted, _ in samples:  # in time order
        while len(lags) < min(counted - base, len(ordered)):
            lags.append(max(0.0, seen_at - ordered[len(lags)]))
    return lags, len(ordered) - len(lags)


UPDATE_LINE = re.compile(
    r"^(\S+ \S+) \[INFO\] equalvoice\.opinions\.results: results of conversation \d+: "
    r"(\w+) update, (\d+) votes read; ([\d.]+) s \(CPU ([\d.]+) s\): flag ([\d.]+) s, "
    r"prepare ([\d.]+) s, read ([\d.]+) s, apply ([\d.]+) s, maths ([\d.]+) s, "
    r"save ([\d.]+) s \(writing ([\d.]+) s\)"
)
PARTS = ("total", "cpu", "flag", "prepare", "read", "apply", "maths", "save", "write")


def cycles(log: Path, began: float, ended: float) -> list[dict[str, Any]]:
    """The results updates the worker's log tells of (results.refresh's INFO line), each
    with when it ended (seconds from the voters' start) and how long its parts took."""
    found = []
    for line in log.read_text(errors="replace").splitlines() if log.exists() else []:
        match = UPDATE_LINE.match(line)
        if not match:
            continue
        stamp, _, millis = match[1].partition(",")
        at = time.mktime(time.strptime(stamp, "%Y-%m-%d %H:%M:%S")) + int(millis or 0) / 1000
        parts = dict(zip(PARTS, map(float, match.groups()[3:]), strict=True))
        found.append(
            {"at": at - began, "during": at <= ended, "kind": match[2], "votes": int(match[3])}
            | parts
        )
    return found


def nearest_rank(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else float("nan")


HEADER = re.compile(
    r"^(Internal Server Error|Bad Request|Forbidden|Service Unavailable)"
    r"|\[(ERROR|CRITICAL)\]|failed unexpectedly"
)


def server_problems(log: Path) -> list[str]:
    """Each server error in a log (a 5xx, a 4xx warning, a gunicorn error, a traceback),
    with what follows it."""
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    found: list[list[str]] = []
    inside = False
    for line in lines:
        if HEADER.search(line):
            found.append([line])
            inside = True
        elif line.startswith(("The above exception", "During handling")) and found:
            found[-1].append(line)  # a chained exception: the same error
            inside = True
        elif line.startswith("Traceback"):
            if inside:
                found[-1].append(line)
            else:
                found.append([line])
            inside = True
        elif inside:
            found[-1].append(line)
            # The exception's own line (not indented) ends the traceback.
            inside = line.startswith(" ") or not line
    return ["\n".join(block[-60:]) for block in found]


def run_database(
    database: str, args: argparse.Namespace, folder: Path, static: Path
) -> dict[str, Any]:
    """One database: set up, serve, vote, check. Returns what the table needs."""
    secret = secrets.token_urlsafe(64)
    env = base_env(folder, static, secret)
    dropper = None
    if database == "sqlite":
        url = f"sqlite:///{folder / 'load.sqlite3'}"
    else:
        dropper = postgres_database(args.postgres_server, args.postgres_database)
        url = f"{args.postgres_server.rstrip('/')}/{args.postgres_database}"
    env["DATABASE_URL"] = url
    big = f", {BIG[0]:,} people and {BIG[2]:,} votes loaded first" if args.big else ""
    print(
        f"[{database}] setting up {args.voters} voters, {args.statements} statements{big}",
        flush=True,
    )
    made = helper(
        env,
        "--setup",
        f"--voters={args.voters}",
        f"--statements={args.statements}",
        *(["--big"] if args.big else []),
    )

    port = free_port()
    server_log, worker_log = folder / "gunicorn.log", folder / "worker.log"
    with server_log.open("wb") as out:
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "equalvoice.wsgi",
                f"--bind=127.0.0.1:{port}",
                f"--workers={args.workers}",
                f"--threads={args.threads}",
                "--worker-class=gthread" if args.threads > 1 else "--worker-class=sync",
                f"--timeout={GUNICORN_TIMEOUT}",
                "--forwarded-allow-ips=127.0.0.1",
                "--no-control-socket",  # its default path is shared by every gunicorn
            ],
            env=env,
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    # The worker logs each results update's parts (results.refresh) with the time.
    worker_env = {**env, "EQUALVOICE_LOG_LEVEL": "INFO", "EQUALVOICE_LOG_FORMAT": LOG_FORMAT}
    with worker_log.open("wb") as out:
        worker = subprocess.Popen(
            [str(BIN / "equalvoice"), "worker"],  # as docs/deploy.md runs it
            env=worker_env,
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    monitor = Monitor(database, url, made["table"], made["conversation"])
    try:
        wait_for_server(port, server)
        target = Target(
            "127.0.0.1",
            port,
            made["org"],
            made["conversation"],
            made["session_cookie"],
            made["csrf_cookie"],
            args.htmx,
            args.timeout,
            args.gap,
        )
        tallies = [Tally() for _ in made["voters"]]
        start = threading.Barrier(len(tallies) + 1)
        deadline = [math.inf]
        threads = [
            threading.Thread(
                target=vote_as,
                args=(target, n, v["user"], v["session"], made["statements"], start, deadline, t),
                daemon=True,
            )
            for n, (v, t) in enumerate(zip(made["voters"], tallies, strict=True))
        ]
        for thread in threads:
            thread.start()
        start.wait(120)  # every voter has its page and token
        began = time.monotonic()
        began_wall = time.time()
        deadline[0] = began + args.seconds
        monitor.start()
        print(f"[{database}] {args.voters} voters voting for {args.seconds} s", flush=True)
        for thread in threads:
            thread.join()
        ended = time.monotonic()
        ended_wall = began_wall + (ended - began)
    except BaseException:
        monitor.stop.set()
        raise
    finally:
        stop(server)

    sent = [vote for t in tallies for vote in t.votes]
    sent_file = folder / "sent.json"
    sent_file.write_text(json.dumps(sent))
    print(f"[{database}] {len(sent):,} votes sent; waiting for the results updates", flush=True)
    try:
        checked = helper(
            env,
            "--check",
            f"--sent-file={sent_file}",
            f"--conversation={made['conversation']}",
            f"--ended-at={ended_wall}",
            f"--drain={args.drain}",
        )
    finally:
        # The monitor kept watching while the worker drained, to see the last votes counted.
        monitor.stop.set()
        monitor.join()
        stop(worker)

    # Results updates seen while people voted: the last one, and how far behind it was.
    during = [(t, votes, at) for t, votes, at in monitor.samples if t <= ended and at]
    changes = {at for _, _, at in during}
    finished = sorted(d for t in tallies for d in t.done_at)
    lag, never = vote_lags(finished, monitor.samples, made["base_votes"])
    last = None
    if during:
        seen_at, last_votes, _ = during[-1]
        stored_by_then = sum(1 for d in finished if d <= seen_at)
        last = {"votes": last_votes, "at": seen_at - began, "sent_by_then": stored_by_then}
    latencies = [x for t in tallies for x in t.latencies]
    errors = [e for t in tallies for e in t.errors]
    problems = server_problems(server_log) + server_problems(worker_log) + monitor.problems
    result = {
        "database": database,
        "seconds": ended - began,
        "sent": len(sent),
        "errors": errors,
        "ran_out": sum(t.ran_out for t in tallies),
        "per_voter": sorted(len(t.votes) for t in tallies),
        "latency": {
            "median": statistics.median(latencies) * 1000 if latencies else math.nan,
            "p95": nearest_rank(latencies, 0.95) * 1000,
            "p99": nearest_rank(latencies, 0.99) * 1000,
            "max": max(latencies, default=math.nan) * 1000,
        },
        "updates_seen": len(changes),
        "updates_seen_in_all": len({at for _, _, at in monitor.samples if at}),
        "samples": len(monitor.samples),
        "lag": {
            "p50": nearest_rank(lag, 0.50),
            "p95": nearest_rank(lag, 0.95),
            "max": max(lag, default=math.nan),
            "never_seen": never,
        },
        "base_votes": made["base_votes"],
        "base_participants": made["base_participants"],
        "last_update_during_run": last,
        "server_problems": problems,
        "setup_seconds": made["seconds"],
        "check": checked,
        "logs": {"gunicorn": str(server_log), "worker": str(worker_log)},
        "cycles": cycles(worker_log, began_wall, ended_wall),
    }
    result["failures"] = failures(result, args)
    if dropper is not None:
        if result["failures"] or args.keep:
            print(f"[{database}] kept database {args.postgres_database} to look at", flush=True)
        else:
            dropper()
    return result


def failures(result: dict[str, Any], args: argparse.Namespace) -> list[str]:
    c = result["check"]
    found = []
    if result["errors"]:
        found.append(f"{len(result['errors'])} errors while voting")
    if not result["sent"]:
        found.append("no vote was sent")
    if c["rows"] != c["pairs_sent"] or c["sent"] != c["pairs_sent"]:
        found.append(f"{c['rows']} votes stored for {c['sent']} sent")
    for key, what in [
        ("duplicates", "stored twice"),
        ("wrong_value", "stored with another value"),
        ("missing", "sent but not stored"),
        ("not_sent", "stored but never sent successfully"),
        ("entered_by_set", "recorded as entered by someone else"),
    ]:
        if c[key]:
            found.append(f"{c[key]} votes {what}")
    if (
        c["participants"] != c["voters_who_voted"]
        or c["participants_distinct"] != c["participants"]
    ):
        found.append(f"{c['participants']} participants for {c['voters_who_voted']} voters")
    if c["audit_votes"] != c["sent"]:
        found.append(f"{c['audit_votes']} audit entries for {c['sent']} votes")
    if not c["updates_during_run"] or not result["last_update_during_run"]:
        found.append("the results were never updated while people voted")
    if c["updates_pending"] or c["update_waiting"]:
        found.append(f"the worker had not finished the updates after {args.drain} s")
    if c["failed_updates"]:
        found.append(f"{len(c['failed_updates'])} results updates failed")
    if c["final_results_votes"] != c["all_rows"]:
        found.append(f"the final results count {c['final_results_votes']} of {c['all_rows']} votes")
    if result["server_problems"]:
        found.append(f"{len(result['server_problems'])} errors in the server and worker logs")
    if result["ran_out"]:
        found.append(f"{result['ran_out']} voters ran out of statements: use more --statements")
    return found


def report(results: list[dict[str, Any]], args: argparse.Namespace) -> str:
    import django

    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    mode = "htmx POST, 200 with the next card" if args.htmx else "form POST, 302 not followed"
    size = (
        f"on a conversation of {BIG[0]:,} people x {BIG[1]:,} statements with {BIG[2]:,} "
        "votes loaded first"
        if args.big
        else f"{args.statements:,} statements"
    )
    lines = [
        f"Equal Voice voting load: {args.voters} voters at once for {args.seconds} s, "
        f"{size}; {mode}; at most one vote per person every {args.gap:g} s.",
        f"gunicorn {args.workers} workers x {args.threads} threads, equalvoice worker beside it; "
        f"Python {platform.python_version()}, Django {django.get_version()}, DEBUG off; "
        f"{os.cpu_count()} CPUs, load average now {load}",
    ]
    for r in results:
        c, lat, last, lag = r["check"], r["latency"], r["last_update_during_run"], r["lag"]
        per = r["per_voter"]
        rows = [
            ("voting time", f"{r['seconds']:.1f} s (until the last answer came)"),
            ("votes sent (answered 200/302)", f"{r['sent']:,}"),
            ("votes per second", f"{r['sent'] / r['seconds']:.1f}"),
            (
                "votes per voter (min/median/max)",
                f"{per[0]} / {statistics.median(per):.0f} / {per[-1]}" if per else "-",
            ),
            (
                "latency median / p95 / p99 / max",
                f"{lat['median']:.0f} / {lat['p95']:.0f} / {lat['p99']:.0f} / {lat['max']:.0f} ms",
            ),
            ("errors (status, timeout, connection)", f"{len(r['errors'])}"),
            ("Vote rows stored", f"{c['rows']:,}"),
            (
                "stored twice / wrong value / missing / not sent",
                f"{c['duplicates']} / {c['wrong_value']} / {c['missing']} / {c['not_sent']}",
            ),
            ("participants (one per voter)", f"{c['participants']} for {c['voters_who_voted']}"),
            ("audit entries for votes", f"{c['audit_votes']:,}"),
            (
                "results updates run (during the run)",
                f"{c['updates_successful']} ({c['updates_during_run']}); "
                f"{len(c['failed_updates'])} failed",
            ),
            (
                "last update seen during the run",
                f"{last['votes']:,} votes at {last['at']:.1f} s ({last['sent_by_then']:,} sent "
                "by then)"
                if last
                else "none",
            ),
            (
                "lag, vote to results counting it, p50/p95/max",
                f"{lag['p50']:.1f} / {lag['p95']:.1f} / {lag['max']:.1f} s"
                + (
                    f" ({lag['never_seen']:,} votes never seen counted)"
                    if lag["never_seen"]
                    else ""
                ),
            ),
            (
                f"aim: p95 lag under {LAG_AIM:.0f} s",
                "met" if lag["p95"] < LAG_AIM and not lag["never_seen"] else "NOT met",
            ),
            (
                "results updates seen (while voting / in all)",
                f"{r['updates_seen']} / {r['updates_seen_in_all']} in {r['samples']:,} samples",
            ),
            (
                "final update, after the worker drained",
                f"{c['final_results_votes']:,} of {c['all_rows']:,} votes "
                f"(drained in {c['drain_seconds']:.1f} s)",
            ),
            ("server and worker log errors", f"{len(r['server_problems'])}"),
            ("result", "PASS" if not r["failures"] else "FAIL: " + "; ".join(r["failures"])),
        ]
        width = max(len(k) for k, _ in rows)
        lines += ["", f"{c['server']}", "-" * (width + 40)]
        lines += [f"{k:<{width}}  {v}" for k, v in rows]
        s = r["setup_seconds"]
        loaded = (
            f"; of which drawing the votes {s['draw']:.1f} s, storing them {s['load']:.1f} s, "
            f"the first results {s['first_results']:.1f} s"
            if "load" in s
            else ""
        )
        lines.append(f"(migrate {s['migrate']:.1f} s, set-up {s['build']:.1f} s{loaded})")
        lines += breakdown(r)
    lines += [
        "",
        "Latency: from sending a vote to reading the whole answer, at the voter, for votes",
        "answered 200/302; nearest-rank percentiles. 'Sent by then' counts votes answered",
        "by the time the monitor saw that update (it reads the conversation every "
        f"{SAMPLE_SECONDS} s).",
        "Lag: from a vote's answer at the voter to the first time the monitor saw results",
        "counting it, taking each update to count the earliest-answered votes (voters only",
        "add votes, so results_votes rises by one per vote counted); over every vote sent;",
        "the monitor keeps reading until the worker has drained. The "
        f"{LAG_AIM:.0f} s aim is printed, not part of PASS.",
    ]
    return "\n".join(lines)


def breakdown(result: dict[str, Any]) -> list[str]:
    """Each results update the worker ran: when it ended, what it read, how long its
    parts took (from the worker's log); and how long each task waited in the queue."""
    tasks = result["check"]["tasks"]
    cycles = result["cycles"]
    if not cycles:
        return []
    lines = [
        "results updates (worker log; s from the voters' start; seconds each):",
        f"{'ended':>7} {'kind':<11} {'votes read':>10}  " + " ".join(f"{p:>7}" for p in PARTS),
    ]
    for c in cycles:
        lines.append(
            f"{c['at']:7.1f} {c['kind']:<11} {c['votes']:>10,}  "
            + " ".join(f"{c[p]:7.2f}" for p in PARTS)
            + ("" if c["during"] else "  (after)")
        )
    waits = [started - enqueued for enqueued, started, _ in tasks]
    # From when the worker was free (the last task done) and the task was queued.
    idle = [tasks[n][1] - max(tasks[n - 1][2], tasks[n][0]) for n in range(1, len(tasks))]
    if waits:
        lines.append(
            f"task queued to started, median / max: {statistics.median(waits):.2f} / "
            f"{max(waits):.2f} s; from the worker free and a task queued to its start: "
            + (f"{statistics.median(idle):.2f} / {max(idle):.2f} s" if idle else "-")
        )
    return lines


def _gist(text: str) -> str:
    """What tells one error from another: its last lines (the innermost frame and the
    exception), without numbers that change from one to the next."""
    tail = [line.strip() for line in text.strip().splitlines()[-3:]]
    return re.sub(r"\d+", "N", " | ".join(tail))


def details(results: list[dict[str, Any]]) -> str:
    """Each different error once, with how many times it happened, to see what went wrong."""
    out = []
    for r in results:
        name = r["database"]
        kinds: dict[str, list[str]] = {}
        for error in r["errors"]:
            kinds.setdefault(re.sub(r"\d+", "N", error)[:120], []).append(error)
        for same in kinds.values():
            out.append(f"[{name}] voter error, {len(same)} times, e.g.: {same[0]}")
        # The worker's log holds the failed updates' tracebacks too; the database's
        # copies are only needed when the log has nothing.
        tracebacks = r["server_problems"] or [f["traceback"] for f in r["check"]["failed_updates"]]
        groups: dict[str, list[str]] = {}
        for text in tracebacks:
            groups.setdefault(_gist(text), []).append(text)
        for same in groups.values():
            out.append(f"[{name}] server or worker error, {len(same)} times:\n{same[0].strip()}")
        if r["failures"]:
            out.append(f"[{name}] logs: {r['logs']['gunicorn']}, {r['logs']['worker']}")
    return "\n".join(out)


def collect_static(folder: Path, static: Path) -> None:
    env = base_env(folder, static, secrets.token_urlsafe(64))
    env["DATABASE_URL"] = f"sqlite:///{folder / 'unused.sqlite3'}"
    subprocess.run(
        [str(BIN / "equalvoice"), "collectstatic", "--noinput", "--verbosity=0"],
        env=env,
        check=True,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--seconds", type=int, default=60, help="how long people vote")
    parser.add_argument("--voters", type=int, default=50, help="people voting at once")
    parser.add_argument("--statements", type=int, default=2000, help="statements to vote on")
    parser.add_argument(
        "--big",
        action="store_true",
        help=f"vote on a conversation of Polis's largest size: {BIG[0]:,} people x "
        f"{BIG[1]} statements with {BIG[2]:,} votes, loaded before the voters start",
    )
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument(
        "--no-htmx",
        dest="htmx",
        action="store_false",
        help="post the form as without JavaScript (302, not followed)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=60,
        help="seconds a voter waits for an answer (nginx's proxy_read_timeout is 60)",
    )
    parser.add_argument(
        "--gap",
        type=float,
        default=0.25,
        help="the shortest time in seconds from one of a person's votes to their next "
        "(0: as fast as the server answers)",
    )
    parser.add_argument(
        "--drain", type=float, default=300, help="seconds to wait for results updates after"
    )
    parser.add_argument(
        "--postgres-server",
        default=POSTGRES_SERVER,
        help=f"PostgreSQL server (default {POSTGRES_SERVER})",
    )
    parser.add_argument("--postgres-database", default=POSTGRES_DATABASE, help=argparse.SUPPRESS)
    parser.add_argument(
        "--keep", action="store_true", help="keep the databases and logs after a run that passes"
    )
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--check", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--sent-file", help=argparse.SUPPRESS)
    parser.add_argument("--conversation", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--ended-at", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if min(args.seconds, args.voters, args.statements, args.workers, args.threads) < 1:
        parser.error("--seconds, --voters, --statements, --workers and --threads must be 1+")

    if args.big:
        args.statements = BIG[1]
    if args.setup:
        print(MARKER + json.dumps(setup(args.voters, args.statements, args.big)), flush=True)
        return
    if args.check:
        result = check(args.sent_file, args.conversation, args.ended_at, args.drain)
        print(MARKER + json.dumps(result), flush=True)
        return

    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    results = []
    top = Path(tempfile.mkdtemp(prefix="equalvoice-load-"))
    static = top / "static"
    collect_static(top, static)
    for database in databases:
        folder = top / database
        folder.mkdir()
        results.append(run_database(database, args, folder, static))
    print()
    print(report(results, args))
    problems = details(results)
    if problems:
        print("\n" + problems)
    if any(r["failures"] for r in results):
        print(f"\nKept {top} (databases and logs) to look at.")
        sys.exit(1)
    if args.keep:
        print(f"\nKept {top} (databases and logs).")
    else:
        shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    main()
