"""Journeys for the load benchmark: people using the demo organisation (Northshire), as
benchmarks/load.py runs them. Not for running on its own against anything but a server on
this machine: it refuses any host other than 127.0.0.1 or localhost.

benchmarks/load.py writes what the journeys need (who signs in, and the addresses of the
demo's group, round, conversation, meeting and plans) to a JSON file and names it in
EQUALVOICE_LOAD_TARGETS. Locust is not in .venv: it runs from .venv-bench (`make
bench-venv`). Statistics are reset once everyone has signed in and
EQUALVOICE_LOAD_WARMUP seconds more have passed, so the figures are of the steady state,
not of everyone signing in at once; EQUALVOICE_LOAD_SECONDS later, locust stops.

Members (most of the users): sign in, look at home and their group, answer the open
round, vote in the conversation, look at results, decisions, the record, their plan, the
community map, the network's posts, peer support, and now and then sign out and in again.
Facilitators: sign in, look at home, and record who speaks in a meeting. Every user also
asks for the bare view (/bench/bare/) as often as for any one page, so Django's own cost
is measured under the same load.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from typing import Any
from urllib.parse import urlsplit

import gevent
from locust import HttpUser, between, events, task
from locust.env import Environment

LOOPBACK = {"127.0.0.1", "localhost"}
PASSWORD = "equal-voice-demo"  # noqa: S105 - the demo's fictional accounts only
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STATEMENT = re.compile(r'name="statement" value="(\d+)"')
PERSON = re.compile(r'name="person" value="(\d+)"')
# A tap's one-time key, where the page has one (a tap sent twice then counts once).
ONCE = re.compile(r'name="once" value="([^"]*)"')


def _targets() -> dict[str, Any]:
    path = os.environ.get("EQUALVOICE_LOAD_TARGETS")
    if not path:
        raise SystemExit("Set EQUALVOICE_LOAD_TARGETS: run this through benchmarks/load.py")
    with open(path, encoding="utf-8") as file:
        return json.load(file)  # type: ignore[no-any-return]


TARGETS = _targets()
_members = itertools.cycle(TARGETS["members"])
_facilitators = itertools.cycle(TARGETS["facilitators"])


@events.init.add_listener
def refuse_other_hosts(environment: Environment, **kwargs: Any) -> None:
    host = urlsplit(environment.host or "").hostname
    if host not in LOOPBACK:
        raise SystemExit(f"Load only this machine (127.0.0.1 or localhost), not {host!r}")


SIGNED_IN = [0]  # how many users have signed in for the first time


@events.test_start.add_listener
def measure_after_warmup(environment: Environment, **kwargs: Any) -> None:
    """Once every user has signed in, and EQUALVOICE_LOAD_WARMUP seconds more, reset the
    statistics; after EQUALVOICE_LOAD_SECONDS more, stop. Signing everyone in at once is
    not the steady state (a password hash takes a good part of a second of processor)."""
    warmup = float(os.environ.get("EQUALVOICE_LOAD_WARMUP", "10"))
    seconds = float(os.environ.get("EQUALVOICE_LOAD_SECONDS", "30"))

    def measure() -> None:
        runner = environment.runner
        assert runner is not None
        gevent.sleep(1)
        while SIGNED_IN[0] < runner.target_user_count:
            gevent.sleep(0.5)
        gevent.sleep(warmup)
        environment.stats.reset_all()
        gevent.sleep(seconds)
        runner.quit()

    gevent.spawn(measure)


class Person(HttpUser):
    """Someone who signs in with the demo password; subclasses say who and what they do."""

    abstract = True
    wait_time = between(0.5, 2.0)
    email = ""

    def on_start(self) -> None:
        self.sign_in()
        SIGNED_IN[0] += 1

    def get(self, url: str, name: str) -> Any:
        """A page, which must answer 200: a redirect (to sign in, say) is a failure."""
        with self.client.get(
            url, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "")
                response.failure(f"{response.status_code} {where}".strip())
        return response

    def post(self, url: str, data: dict[str, str], name: str, expect: str = "") -> Any:
        """A form sent, which must be taken: 200 (an htmx part) or a redirect, not to the
        sign-in page; `expect` names the only place it may redirect to."""
        with self.client.post(
            url, data=data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            where = response.headers.get("Location", "")
            taken = response.status_code in (200, 302, 303) and not where.startswith("/sign-in")
            if not taken or (expect and where != expect):
                response.failure(f"{response.status_code} {where}".strip())
        return response

    def csrf(self, html: str) -> str:
        found = CSRF.search(html)
        return found.group(1) if found else ""

    def sign_in(self) -> None:
        page = self.get("/sign-in/", name="sign in (form)")
        self.post(
            "/sign-in/",
            data={
                "csrfmiddlewaretoken": self.csrf(page.text),
                "email": self.email,
                "password": PASSWORD,
            },
            name="sign in",
            expect="/",
        )

    @task(2)
    def home(self) -> None:
        self.get("/", name="home")

    @task(2)
    def bare(self) -> None:
        self.get("/bench/bare/", name="bare Django view")

    @task(1)
    def sign_out_and_in(self) -> None:
        """About one task in a hundred: sign out, and in again."""
        page = self.get("/", name="home")
        if random.random() > 0.2:
            return
        self.post(
            "/sign-out/",
            data={"csrfmiddlewaretoken": self.csrf(page.text)},
            name="sign out",
        )
        self.sign_in()


class Member(Person):
    weight = 4

    def on_start(self) -> None:
        self.email = next(_members)
        super().on_start()

    @task(2)
    def group(self) -> None:
        self.get(TARGETS["group"], name="group")

    @task(2)
    def answer_round(self) -> None:
        self.get(TARGETS["round_answer"], name="round: answer (start)")
        number = random.randint(1, TARGETS["round_statements"])
        url = f"{TARGETS['round_answer']}{number}/"
        page = self.get(url, name="round: answer a statement")
        self.post(
            url,
            data={
                "csrfmiddlewaretoken": self.csrf(page.text),
                "answer": str(random.randint(1, 4)),
                "comment": "",
            },
            name="round: save an answer",
        )

    @task(1)
    def round_results(self) -> None:
        self.get(TARGETS["round_results"], name="round: results")

    @task(3)
    def vote(self) -> None:
        page = self.get(TARGETS["conversation_vote"], name="conversation: vote page")
        found = STATEMENT.search(page.text)
        if not found:
            return  # voted on every statement
        self.post(
            TARGETS["conversation_vote"],
            data={
                "csrfmiddlewaretoken": self.csrf(page.text),
                "statement": found.group(1),
                "choice": random.choice(["agree", "disagree", "pass"]),
            },
            name="conversation: vote",
        )

    @task(1)
    def conversation(self) -> None:
        self.get(TARGETS["conversation"], name="conversation")
        self.get(TARGETS["conversation_results"], name="conversation: results")

    @task(1)
    def meeting(self) -> None:
        self.get(TARGETS["meeting"], name="meeting")

    @task(1)
    def decisions(self) -> None:
        self.get(TARGETS["decisions"], name="decisions")
        self.get(random.choice(TARGETS["decision"]), name="decision")

    @task(1)
    def record(self) -> None:
        initiatives = TARGETS["initiatives_of"].get(self.email)
        if initiatives:
            self.get(random.choice(initiatives), name="record: initiative")

    @task(2)
    def plans(self) -> None:
        self.get(TARGETS["plans"], name="plans")
        plan = TARGETS["plan_of"].get(self.email)
        if plan:
            self.get(plan, name="plan")

    @task(1)
    def community(self) -> None:
        self.get(TARGETS["community"], name="community assets")

    @task(1)
    def network(self) -> None:
        self.get(TARGETS["network"], name="network posts")

    @task(1)
    def peer(self) -> None:
        self.get(TARGETS["peer"], name="peer support")


class Facilitator(Person):
    weight = 1

    def on_start(self) -> None:
        self.email = next(_facilitators)
        super().on_start()

    @task(2)
    def meeting(self) -> None:
        self.get(TARGETS["meeting"], name="meeting")

    @task(4)
    def record_speakers(self) -> None:
        page = self.get(TARGETS["meeting_voice"], name="meeting: record speakers")
        people = PERSON.findall(page.text)
        if not people:
            return
        self.post(
            TARGETS["meeting_voice_tap"],
            data={
                "csrfmiddlewaretoken": self.csrf(page.text),
                "person": random.choice(people),
                **({"once": once.group(1)} if (once := ONCE.search(page.text)) else {}),
            },
            name="meeting: tap who speaks",
        )

    @task(1)
    def group(self) -> None:
        self.get(TARGETS["group"], name="group")
