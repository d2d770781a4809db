"""Scale out, and survive a crash: two app processes and one task worker on one
PostgreSQL database and one Redis cache, with people signing in, answering a round,
voting in a conversation and recording speakers in meetings, through both processes.

Part way, one app process and the worker are killed (SIGKILL: no chance to tidy up).
People carry on through the other process; what they send to the dead one fails to
connect or is cut off, and they send it again to the living one, as a browser would after
a "try again". Then both are started again, tasks the killed worker left running are put
back in the queue (`equalvoice requeue_stuck_tasks`), and the load finishes. At the end:

- every write the app accepted (answered with a redirect) is in the database exactly
  once, with what was sent, and nothing else is: a write sent twice (cut off after it
  was saved, or tapped twice on purpose) is not stored twice;
- every background task ran to the end, each once (its record shows one worker) except
  the ones put back in the queue, and none is left waiting or running; tasks queued while
  the worker was down ran after it came back, and the conversation's results count every
  vote;
- no request was answered with a server error (a plain 503 page is the only one allowed).

It needs PostgreSQL and Redis, so it runs in CI's PostgreSQL pass. The processes' settings
are one dict (`tests.processes.production_env`); the task queue is django-tasks-db."""

from __future__ import annotations

import http.client
import itertools
import json
import os
import queue
import re
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connections

from . import processes
from .processes import App, Stack

REDIS_URL = os.environ.get("EQUALVOICE_TEST_STACK_REDIS_URL", "redis://127.0.0.1:6379/2")
MEMBERS, FACILITATORS, MEMBER_THREADS = 60, 2, 4
# Each phase (before the crash, while down, after the restart) lasts until it has had
# this many of each kind of write accepted.
KINDS = ("sign in", "answer", "vote", "tap")
WRITES_EACH_PHASE = 3


def _needs() -> str:
    """Why this test cannot run here, or "" when it can."""
    if connections["default"].vendor != "postgresql":
        return "needs PostgreSQL: the scale-out test runs in CI's PostgreSQL pass"
    if not processes.postgres_reachable():
        return f"cannot reach PostgreSQL at {processes.POSTGRES}"
    if not processes.redis_reachable(REDIS_URL):
        return f"cannot reach Redis at {REDIS_URL} (set EQUALVOICE_TEST_STACK_REDIS_URL)"
    return ""


class Refused(Exception):
    """No app process answered in time."""


@dataclass
class Log:
    """What every client saw, shared by the threads."""

    phase: str = "before"
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    failed_connections: Counter[str] = field(default_factory=Counter)
    accepted: Counter[tuple[str, str]] = field(default_factory=Counter)  # (phase, kind)
    unexpected: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    started: float = field(default_factory=time.monotonic)
    timeline: list[str] = field(default_factory=list)

    def mark(self, what: str) -> None:
        """Note when something happened, for the report if the test fails."""
        self.timeline.append(f"{time.monotonic() - self.started:6.1f} s  {what}")

    def answered(self, method: str, path: str, status: int, body: str) -> None:
        with self.lock:
            self.statuses[status] += 1
            plain_503 = status == 503 and "Traceback" not in body
            if status >= 500 and not plain_503:
                self.server_errors.append(f"{status} {method} {path}: {body[:300]}")

    def accept(self, kind: str) -> None:
        with self.lock:
            self.accepted[(self.phase, kind)] += 1

    def next_phase(self, phase: str) -> None:
        with self.lock:
            self.phase = phase

    def wait_for_writes(self, timeout: float = 30) -> None:
        """Wait until this phase has had a few of each write (however busy the machine
        is), so the crash comes part way through the load."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not self.crashes:
            with self.lock:
                counts = [self.accepted[(self.phase, kind)] for kind in KINDS]
            if min(counts) >= WRITES_EACH_PHASE:
                return
            time.sleep(0.05)


@dataclass
class Reply:
    status: int
    location: str
    body: str


class Browser:
    """One person's browser: cookies, and each request to the next app process in turn.
    A request that cannot connect, or is cut off, goes again to the next process, the
    same request with the same form (its CSRF token and one-time key)."""

    def __init__(self, apps: list[App], log: Log) -> None:
        self.apps = apps
        self.log = log
        self.cookies: dict[str, str] = {}
        self.turn = itertools.count()

    def _once(self, app: App, method: str, path: str, body: str | None) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", app.port, timeout=20)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode(errors="replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel.value and morsel["max-age"] != "0":
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
            return Reply(response.status, response.getheader("Location", ""), text)
        finally:
            conn.close()

    def request(self, method: str, path: str, data: dict[str, Any] | None = None) -> Reply:
        body = urlencode(data) if data is not None else None
        deadline = time.monotonic() + 30
        while True:
            app = self.apps[next(self.turn) % len(self.apps)]
            try:
                reply = self._once(app, method, path, body)
            except (OSError, http.client.HTTPException) as error:
                self.log.failed_connections[type(error).__name__] += 1
                if time.monotonic() > deadline:
                    raise Refused(f"{method} {path}: {error}") from error
                time.sleep(0.02)
                continue
            self.log.answered(method, path, reply.status, reply.body)
            return reply

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, data: dict[str, Any]) -> Reply:
        return self.request("POST", path, data)


def _field(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"no {name} on the page"
    return found.group(1)


@dataclass
class Load:
    """The people and what the app accepted from each."""

    data: dict[str, Any]
    log: Log
    apps: list[App]
    stop: threading.Event = field(default_factory=threading.Event)
    votes: dict[tuple[int, int], int] = field(default_factory=dict)
    answers: dict[tuple[int, int], int] = field(default_factory=dict)
    sent: set[int] = field(default_factory=set)
    taps: Counter[tuple[int, int]] = field(default_factory=Counter)

    @property
    def org(self) -> str:
        return str(self.data["org"])

    def expect_redirect(self, reply: Reply, what: str) -> bool:
        if reply.status == 302:
            return True
        with self.log.lock:
            self.log.unexpected.append(f"{what}: {reply.status} {reply.body[:200]}")
        return False

    def sign_in(self, browser: Browser, email: str) -> None:
        page = browser.get("/sign-in/")
        token = _field(page.body, "csrfmiddlewaretoken")
        data = {"csrfmiddlewaretoken": token, "email": email, "password": self.data["password"]}
        if self.expect_redirect(browser.post("/sign-in/", data), f"sign in {email}"):
            self.log.accept("sign in")

    def member(self, person: dict[str, Any]) -> None:
        """Sign in, answer the round and send it, then vote on every statement."""
        browser = Browser(self.apps, self.log)
        pk = int(person["id"])
        self.sign_in(browser, person["email"])
        base = f"/o/{self.org}/rounds/{self.data['round']}/answer/"
        token = _field(browser.get(base).body, "csrfmiddlewaretoken")
        self.expect_redirect(browser.post(base, {"csrfmiddlewaretoken": token}), "perspective")
        for n, statement in enumerate(self.data["round_statements"], start=1):
            page = browser.get(f"{base}{n}/")
            choices = re.findall(r'name="answer" type="radio" value="(\d+)"', page.body) or (
                re.findall(r'type="radio" name="answer" value="(\d+)"', page.body)
            )
            assert choices, f"no answers to choose on {base}{n}/"
            value = choices[(pk + n) % len(choices)]
            data = {"csrfmiddlewaretoken": _field(page.body, "csrfmiddlewaretoken")}
            reply = browser.post(f"{base}{n}/", {**data, "answer": value, "comment": ""})
            if self.expect_redirect(reply, "answer"):
                self.answers[(pk, statement)] = int(value)
                self.log.accept("answer")
        page = browser.get(f"{base}check/")
        data = {"csrfmiddlewaretoken": _field(page.body, "csrfmiddlewaretoken")}
        if self.expect_redirect(browser.post(f"{base}check/", data), "send answers"):
            self.sent.add(pk)
            self.log.accept("send answers")
        vote = f"/o/{self.org}/conversations/{self.data['conversation']}/vote/"
        choices = ["agree", "disagree", "pass"]
        values = {"agree": 1, "disagree": -1, "pass": 0}
        for n in itertools.count():
            page = browser.get(vote)
            found = re.search(r'name="statement" value="(\d+)"', page.body)
            if found is None:
                break  # voted on them all
            statement = int(found.group(1))
            choice = choices[(pk + n) % 3]
            data = {
                "csrfmiddlewaretoken": _field(page.body, "csrfmiddlewaretoken"),
                "statement": str(statement),
                "choice": choice,
            }
            if self.expect_redirect(browser.post(vote, data), "vote"):
                self.votes[(pk, statement)] = values[choice]
                self.log.accept("vote")

    def members(self, people: queue.Queue[dict[str, Any]]) -> None:
        while not self.stop.is_set():
            try:
                person = people.get_nowait()
            except queue.Empty:
                return
            self.member(person)

    def facilitator(self, person: dict[str, Any], meeting: int) -> None:
        """Tap who speaks in one meeting until told to stop. Every fourth tap is sent
        twice, as a double tap on a phone: it must count once."""
        browser = Browser(self.apps, self.log)
        self.sign_in(browser, person["email"])
        url = f"/o/{self.org}/meetings/{meeting}/voice/"
        people = itertools.cycle(self.data["tappable"])
        for n in itertools.count():
            if self.stop.is_set():
                return
            page = browser.get(url)
            speaker = next(people)
            data = {
                "csrfmiddlewaretoken": _field(page.body, "csrfmiddlewaretoken"),
                "once": _field(page.body, "once"),
                "person": speaker,
            }
            if self.expect_redirect(browser.post(f"{url}tap/", data), "tap"):
                self.taps[(meeting, speaker)] += 1
                self.log.accept("tap")
                if n % 4 == 3:
                    self.expect_redirect(browser.post(f"{url}tap/", data), "tap again")


def _run(target: Any, load: Load, *args: Any) -> threading.Thread:
    def guarded() -> None:
        try:
            target(*args)
        except Exception as error:  # noqa: BLE001
            with load.log.lock:
                load.log.crashes.append(f"{type(error).__name__}: {error}")

    thread = threading.Thread(target=guarded, daemon=True)
    thread.start()
    return thread


@pytest.fixture(params=processes.QUEUES)
def stack(request: pytest.FixtureRequest, transactional_db: None) -> Iterator[Stack]:
    """The stack's database is a copy of this test run's own migrated database, which
    pytest-django made and keeps empty between transactional tests (a test that asks for
    `transactional_db` holds no transaction open, so it can be copied once our own
    connection to it is closed)."""
    reason = _needs()
    if not reason and request.param == "rq" and not processes.rq_available():
        reason = "this checkout has no RQ queue (REDIS_URL, EQUALVOICE_TASKS=rq) yet"
    if reason:
        pytest.skip(reason)
    template = connections["default"].settings_dict["NAME"]
    connections.close_all()
    with processes.stack(redis_url=REDIS_URL, template=template, queue=request.param) as made:
        yield made


def _count(stack: Stack, data: dict[str, Any]) -> dict[str, Any]:
    ids = str(data["conversation"]), str(data["round"])
    return dict(json.loads(stack.python("-m", "tests.scale_out_data", "count", *ids)))


def _wait_for_tasks(stack: Stack, data: dict[str, Any], timeout: float = 30) -> dict[str, Any]:
    """What the database holds once the worker has run everything queued."""
    deadline = time.monotonic() + timeout
    while True:
        counted = _count(stack, data)
        busy = [t for t in counted["tasks"] if t["status"] in ("READY", "RUNNING")]
        if (not busy and not counted["conversation"]["update_waiting"]) or (
            time.monotonic() > deadline
        ):
            return counted
        time.sleep(0.5)


def test_two_app_processes_and_a_worker_survive_a_crash(stack: Stack) -> None:
    log = Log()
    data = json.loads(
        stack.python("-m", "tests.scale_out_data", "build", str(MEMBERS), str(FACILITATORS))
    )
    log.mark("data made")
    apps = [stack.add_app(), stack.add_app()]
    worker = stack.add_worker("worker-1")
    for process in [*apps, worker]:
        process.start()
    for app in apps:
        app.wait_ready()
    log.mark("two app processes and the worker ready")

    load = Load(data, log, apps)
    people: queue.Queue[dict[str, Any]] = queue.Queue()
    for person in data["members"]:
        people.put(person)
    threads = [_run(load.members, load, people) for _ in range(MEMBER_THREADS)]
    threads += [
        _run(load.facilitator, load, person, meeting)
        for person, meeting in zip(data["facilitators"], data["meetings"], strict=True)
    ]
    log.wait_for_writes()

    log.next_phase("down")
    apps[0].kill(signal.SIGKILL)
    worker.kill(signal.SIGKILL)
    log.mark("app1 and the worker killed")
    log.wait_for_writes()
    # No worker is running now, so every task marked running was cut off by the kill.
    requeued = int(stack.manage("requeue_stuck_tasks", "--older-than", "0").split(":")[-1])
    log.mark(f"tasks put back in the queue: {requeued}")
    worker = stack.add_worker("worker-2")
    apps[0].start()
    worker.start()
    apps[0].wait_ready()
    log.mark("app1 and the worker started again")

    log.next_phase("after")
    log.wait_for_writes()
    load.stop.set()
    for thread in threads:
        thread.join(timeout=60)
    log.mark(f"load finished; failed connections: {dict(log.failed_connections)}")
    counted = _wait_for_tasks(stack, data)
    log.mark("tasks finished")
    print("\n".join(log.timeline))  # shown with -s, and when the test fails
    worker.kill(signal.SIGTERM)  # it finishes any task in hand
    for app in apps:
        app.kill(signal.SIGTERM)
    context = "\n".join(["", *log.timeline, str(log.accepted), str(log.statuses), stack.logs()])

    # The load ran, and ran in each part: before the crash, while down, and after.
    assert not any(t.is_alive() for t in threads), f"the load did not finish{context}"
    assert not log.crashes, f"{log.crashes}{context}"
    assert not log.unexpected, f"{log.unexpected[:10]}{context}"
    for phase in ("before", "down", "after"):
        for kind in KINDS:
            assert log.accepted[(phase, kind)] > 0, f"no {kind} {phase}{context}"
    assert log.failed_connections, f"nothing was sent to the dead process{context}"
    # No server errors.
    assert not log.server_errors, "\n".join(log.server_errors[:5]) + context

    # Every accepted write exactly once, and nothing else.
    votes = {(p, s): v for p, s, v in counted["votes"]}
    assert len(votes) == len(counted["votes"])
    assert votes == load.votes
    answers = {(p, s): v for p, s, v in counted["answers"]}
    assert len(answers) == len(counted["answers"])
    assert answers == load.answers
    responses = {p: (n, sent) for p, n, sent in counted["responses"]}
    assert all(n == 1 for n, _ in responses.values()), "a person has two responses"
    assert {p for p, (_, sent) in responses.items() if sent} == load.sent
    speaking = {(m, p): n for m, p, n in counted["speaking"]}
    assert speaking == dict(load.taps), "a tap was stored twice, or lost"

    # Every task ran to the end, once; the ones the kill cut off ran again, once.
    tasks = counted["tasks"]
    assert tasks, "no background task was queued"
    assert all(t["status"] == "SUCCESSFUL" for t in tasks), f"{tasks}{context}"
    if stack.queue == "database":
        # The record names every worker that took the task, the killed one too.
        twice = [t for t in tasks if len(t["worker_ids"]) > 1]
        assert len(twice) == requeued
        assert all(t["worker_ids"] == ["worker-1", "worker-2"] for t in twice)
        assert all(len(t["worker_ids"]) == 1 for t in tasks if t not in twice)
    else:
        # RQ keeps a result for each run that finished: exactly one each.
        assert all(len(t["worker_ids"]) == 1 for t in tasks), tasks
    assert any(t["worker_ids"] == ["worker-2"] for t in tasks), "nothing ran after restart"
    assert counted["conversation"]["results_votes"] == len(counted["votes"])
