"""Pages run the same number of queries however much data there is (issue 16, "Load").

A page that runs one query per member, per vote or per item (an "N+1") is quick in a test
and slow for a council with hundreds of people. These tests ask each page on the test
`World` grown a little (5 more members taking part in everything, and 5 more of each
listed thing) and again grown three times as much (15), and count the queries of the
second of two requests (the first may fill caches). The counts must be equal.

Each key page must also show some of the grown data, so the test cannot pass because a
page shows none of it. The time pages take is measured in benchmarks/load.py, never here.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import World
from .growth import grow
from .pages import PAGES, Page

# (page, who asks, text the page shows once the data has grown)
KEY_PAGES: list[tuple[str, str, str]] = [
    ("home", "member", "Meeting "),
    ("home", "facilitator", "Meeting "),
    ("home", "admin", "Testshire"),
    ("group", "member", "Grown Person"),
    ("group", "facilitator", "Grown Person"),
    ("members", "facilitator", "Grown Person"),
    ("round", "member", "Spring"),
    ("round-answer", "member", "Spring"),
    ("round-answer-statement", "member", "Staff listen to me"),
    ("round-results", "member", "Who answered"),
    ("round-results", "facilitator", "Who answered"),
    ("group-conversations", "member", "Saturdays"),
    ("conversation", "facilitator", "Statement number"),
    ("conversation-vote", "member", "Saturdays"),
    ("conversation-results", "member", "These results count"),
    ("group-meetings", "member", "Meeting "),
    ("meeting", "member", "Voice balance"),
    ("meeting-voice", "facilitator", "Grown Person"),
    ("meeting-attendance", "facilitator", "Grown Person"),
    ("group-decisions", "member", "Decision "),
    ("decision", "member", "Saturday opening"),
    ("decision", "facilitator", "Saturday opening"),
    ("decision-vote", "member", "Saturday opening"),
    ("record-board", "member", "Initiative "),
    ("initiative", "member", "Grown Person"),
    ("initiative", "facilitator", "Grown Person"),
    ("you-said-public", "anonymous", "Said "),
    ("my-plans", "member", "Plan "),
    ("my-plan", "member", "Goal "),
    ("my-plan", "facilitator", "Goal "),
    ("community-assets", "member", "Place "),
    ("network", "member", "News "),
    ("peer", "member", "Peer support"),
    ("peer-matching", "facilitator", "Grown Person"),
]

# Who gets each page, by the index in Page.expect.
ROLE_INDEX = {"anonymous": 0, "member": 1, "facilitator": 2, "admin": 3}


def page_named(name: str) -> Page:
    # The first page of that name: "peer-match" is listed twice, for two matches.
    return next(page for page in PAGES if page.name == name)


def queries(w: World, url: str, role: str) -> tuple[int, str]:
    """How many queries the page runs when asked a second time, and its HTML."""
    client = w.client(role)
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, role, response.status_code)
    return len(captured.captured_queries), response.content.decode()


def counts(w: World, asks: Iterable[tuple[str, str, str]]) -> dict[str, int]:
    return {f"{role} {url}": queries(w, url, role)[0] for _, url, role in asks}


@pytest.mark.django_db
def test_key_pages_run_as_many_queries_on_three_times_the_data(world: World) -> None:
    grow(world, 5)
    asks = [(name, page_named(name).url(world), role) for name, role, _ in KEY_PAGES]
    small = counts(world, asks)
    grow(world, 10)
    grown, missing = {}, []
    for (name, url, role), (_, _, shows) in zip(asks, KEY_PAGES, strict=True):
        count, html = queries(world, url, role)
        grown[f"{role} {url}"] = count
        if shows not in html:
            missing.append(f"{name} for the {role} does not show {shows!r}")
    assert not missing, "\n".join(missing)
    assert grown == small


# Pages whose answer changes once every page's world is built together: the facilitator
# looks after payments in the recognition world (tests/recognition/world.py), so must
# keep two-step sign-in, and turning it off sends them back.
CHANGES_WITH_THE_WORLD = {"two-step-turn-off"}


def every_get_page(w: World) -> list[tuple[str, str, str]]:
    """Every HTML page of tests/pages.py, for each of member, facilitator and admin who
    may see it."""
    asks = []
    for page in PAGES:
        if page.post_only or page.name in CHANGES_WITH_THE_WORLD:
            continue
        for role in ("member", "facilitator", "admin"):
            if page.expect[ROLE_INDEX[role]] == 200:
                asks.append((page.name, page.url(w), role))
    return asks


@pytest.mark.django_db
def test_every_page_runs_as_many_queries_on_three_times_the_data(world: World) -> None:
    grow(world, 5)
    asks = every_get_page(world)
    assert len(asks) > 300
    small = counts(world, asks)
    grow(world, 10)
    assert counts(world, asks) == small
