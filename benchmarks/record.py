"""How long the co-production record's board view takes with many initiatives.

Run from the project folder:

    .venv/bin/python benchmarks/record.py [--initiatives 500] [--activities 20] [--runs 8]
                                          [--database sqlite|postgres|both]

The defaults are the issue's 500 initiatives of 20 activities, on both databases. Runs
default to 8, not 15: the board view takes seconds at this size, and 8 keeps the whole
run under about two minutes on a quiet two-core machine. With fewer than 20 runs the
nearest-rank p95 is the slowest run. Wall-clock times depend on what else the machine is
doing, so the table also gives the CPU time of the Python process for each request.

Each database runs in its own Python process, because Django reads its settings once, at
import. The settings are tests/settings.py (the real settings with a test secret key and
a fast password hasher), with DEBUG off and EQUALVOICE_DB_CONN_MAX_AGE=60, as
docs/deploy.md recommends, so a request reuses its database connection.

- SQLite: a throwaway file in a temporary folder.
- PostgreSQL: a fresh database on postgres://postgres@127.0.0.1:5432 (change the server
  with --postgres-server), created before the run and dropped after it with psycopg. Your
  own databases are never touched.

In each process the script migrates, then builds one organisation with N initiatives of M
activities each (bulk inserts, for speed): a mix of planned, done, changed and not done
activities on every stage and rung, some with an effect, some where nothing changed and
some with none, named participants with perspectives and counts by perspective at open
events, and a few challenges to claims. It signs in as the organisation admin, who sees
every initiative, and times GET requests for the board view through Django's test client
with the whole middleware stack, beside a bare view that returns a fixed response. The
two are interleaved (each round asks for both, in turn first) so that a slow moment on
the machine affects both alike. It also counts the board view's queries for organisations
of 50 and 500 initiatives (built as extra organisations when --initiatives is neither),
to show the count does not grow with the number of initiatives.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _django_worker import print_result, run_worker, server_version  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import URLPattern, URLResolver  # noqa: E402

POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
QUERY_SIZES = (50, 500)  # initiatives, for the query count

# Filled in by the worker once Django is set up: include() imports our views, which need it.
urlpatterns: list[URLPattern | URLResolver] = []


def bare(request: HttpRequest) -> HttpResponse:
    """The baseline: Django and our middleware, and nothing else."""
    return HttpResponse("ok", content_type="text/plain")


# The worker: one database, in its own process -----------------------------------------


def build(slug: str, initiatives: int, activities: int, admin: Any, seed: int) -> None:
    """One organisation with `initiatives` initiatives of `activities` activities each."""
    from django.utils import timezone

    from equalvoice.core import actions
    from equalvoice.core.models import Group, OrgMembership, Perspective, User
    from equalvoice.record.models import (
        Activity,
        Attendance,
        ClaimChallenge,
        Initiative,
    )
    from equalvoice.record.selectors import stages_for

    rng = random.Random(seed)
    org = actions.organisation_create(name=f"Bench {slug}", slug=slug, admin=admin)
    perspectives = list(Perspective.objects.filter(organisation=org))
    groups = [
        actions.group_create(
            actor=admin,
            organisation=org,
            name=f"Group {n}",
            kind=Group.Kind.WORKING_GROUP,
            purpose="A group for the benchmark.",
        )
        for n in range(4)
    ]
    stages = list(stages_for(org))

    # People who take part, most holding one or two perspectives.
    people = User.objects.bulk_create(
        User(username=f"{slug}-person-{i:03d}", name=f"Person {i:03d}", password="!")
        for i in range(60)
    )
    places = OrgMembership.objects.bulk_create(
        OrgMembership(organisation=org, user=person) for person in people
    )
    Held = OrgMembership.perspectives.through
    Held.objects.bulk_create(
        Held(orgmembership_id=place.pk, perspective_id=p.pk)
        for place in places
        for p in rng.sample(perspectives, rng.choice([0, 1, 1, 2]))
    )

    now = timezone.now()
    made = Initiative.objects.bulk_create(
        Initiative(
            organisation=org,
            group=rng.choice([None, *groups]),
            title=f"Initiative {i:04d}: a plan to change how things are done",
            kind=rng.choice(Initiative.Kind.values),
            summary="What we want to change, and why.",
            created_by=admin,
            created_at=now,
        )
        for i in range(initiatives)
    )
    today = timezone.localdate()
    rows: list[Activity] = []
    for initiative in made:
        start = today - timedelta(days=rng.randint(60, 500))
        for j in range(activities):
            on = start + timedelta(days=15 * j + rng.randint(0, 10))
            if on > today:
                status = Activity.Status.PLANNED
            else:
                status = rng.choices(
                    [
                        Activity.Status.DONE,
                        Activity.Status.CHANGED,
                        Activity.Status.NOT_DONE,
                        Activity.Status.PLANNED,  # overdue
                    ],
                    weights=[12, 3, 2, 1],
                )[0]
            happened = status in (Activity.Status.DONE, Activity.Status.CHANGED)
            outcome = rng.choice(["effect", "effect", "nothing", "none"]) if happened else "none"
            rows.append(
                Activity(
                    initiative=initiative,
                    stage=stages[min(len(stages) - 1, j * len(stages) // max(activities, 1))],
                    on=on,
                    status=status,
                    what=f"Activity {j}: a workshop with the people who use the service.",
                    rung_claimed=rng.choices(range(1, 8), weights=[1, 1, 2, 3, 3, 3, 3])[0],
                    shaped_design=rng.random() < 0.4,
                    decisions=rng.choice(Activity.Decisions.values),
                    effect="We changed the plan because of what people said."
                    if outcome == "effect"
                    else "",
                    nothing_changed=outcome == "nothing",
                    status_reason="" if status != Activity.Status.NOT_DONE else "Cancelled.",
                    created_by=admin,
                    created_at=now,
                    done_on=on + timedelta(days=rng.randint(0, 40)) if happened else None,
                )
            )
    saved = Activity.objects.bulk_create(rows, batch_size=2000)
    if saved and saved[0].pk is None:  # a database that does not return keys
        saved = list(Activity.objects.filter(initiative__organisation=org).order_by("pk"))

    Took = Activity.participants.through
    Took.objects.bulk_create(
        (
            Took(activity_id=a.pk, user_id=person.pk)
            for a in saved
            if a.status != Activity.Status.PLANNED
            for person in rng.sample(people, rng.choice([0, 1, 2, 3, 4]))
        ),
        batch_size=5000,
    )
    Attendance.objects.bulk_create(
        (
            Attendance(activity_id=a.pk, perspective_id=p.pk, count=rng.randint(1, 30))
            for n, a in enumerate(saved)
            if n % 5 == 0 and a.happened
            for p in rng.sample(perspectives, 2)
        ),
        batch_size=5000,
    )
    ClaimChallenge.objects.bulk_create(
        ClaimChallenge(
            activity_id=a.pk,
            raised_by=people[n % len(people)],
            text="I don't think this was co-production.",
            raised_at=now,
            reply="We agree; we have changed the claim." if n % 2 else "",
            replied_by=admin if n % 2 else None,
            replied_at=now if n % 2 else None,
        )
        for n, a in enumerate(saved)
        if n % 50 == 7 and a.happened
    )


@dataclass
class Target:
    label: str
    url: str
    times_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    queries: int = 0
    size: int = 0

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.times_ms)
        return {
            "page": self.label,
            "median": statistics.median(ordered),
            "p95": ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)],  # nearest rank
            "cpu": statistics.median(self.cpu_ms),
            "queries": self.queries,
            "kib": self.size / 1024,
        }


def worker(initiatives: int, activities: int, runs: int) -> dict[str, Any]:
    """Build, sign in and time the board view against the database in DATABASE_URL."""
    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import include, path, reverse

    from equalvoice.core.models import User

    urlpatterns[:] = [
        path("bench/bare/", bare, name="bench-bare"),
        path("", include("equalvoice.urls")),
    ]
    override_settings(ROOT_URLCONF=__name__, DEBUG=False).enable()

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    admin = User.objects.create_user(
        username="admin", email="admin@bench.example", name="Ada Admin", password="x"
    )
    sizes = {initiatives: "main"}
    for n in QUERY_SIZES:
        sizes.setdefault(n, f"size-{n}")
    for n, (count, slug) in enumerate(sorted(sizes.items())):
        build(slug, count, activities, admin, seed=2024 + n)
    built = time.perf_counter()

    client = Client()
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")

    def get(target: Target) -> int:
        response = client.get(target.url, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"GET {target.url} gave {response.status_code}, not 200")
        return len(response.content)

    def count_queries(target: Target) -> int:
        with CaptureQueriesContext(connection) as captured:
            get(target)
        return len(captured.captured_queries)

    targets = [
        Target("bare Django view", reverse("bench-bare")),
        Target("record board", reverse("record-board", args=[sizes[initiatives]])),
    ]
    for target in targets:  # warm up (templates, URL resolver, database caches), count
        target.size = get(target)
        target.queries = count_queries(target)

    for run in range(runs):
        shift = run % len(targets)
        for target in targets[shift:] + targets[:shift]:
            start, cpu = time.perf_counter_ns(), time.process_time_ns()
            get(target)
            target.times_ms.append((time.perf_counter_ns() - start) / 1_000_000)
            target.cpu_ms.append((time.process_time_ns() - cpu) / 1_000_000)

    by_size = {}
    for count in QUERY_SIZES:
        if count == initiatives:  # counted above
            by_size[str(count)] = targets[1].queries
            continue
        probe = Target(f"{count}", reverse("record-board", args=[sizes[count]]))
        get(probe)
        by_size[str(count)] = count_queries(probe)

    timed = time.perf_counter()
    connection.close()
    return {
        "vendor": connection.vendor,
        "server": server_version(connection),
        "pages": [t.summary() for t in targets],
        "queries_by_initiatives": by_size,
        "seconds": {
            "migrate": migrated - started,
            "build": built - migrated,
            "time": timed - built,
        },
    }


def report(results: dict[str, dict[str, Any]], args: argparse.Namespace, seconds: float) -> str:
    import django

    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    lines = [
        f"Equal Voice record board: {args.initiatives:,} initiatives x {args.activities} "
        f"activities ({args.initiatives * args.activities:,} activities), signed in as the "
        f"organisation admin, {args.runs} interleaved runs per page.",
        f"Python {platform.python_version()}, Django {django.get_version()}, DEBUG off, "
        f"CONN_MAX_AGE 60; load average {load} on {os.cpu_count()} CPUs",
        "",
        f"{'database':<18} {'page':<18} {'median ms':>10} {'p95 ms':>9} {'x bare':>7} "
        f"{'queries':>8} {'KiB':>7} {'CPU ms':>9}",
        "-" * 92,
    ]
    for result in results.values():
        baseline = result["pages"][0]["median"]
        for p in result["pages"]:
            lines.append(
                f"{result['server']:<18} {p['page']:<18} {p['median']:>10.2f} {p['p95']:>9.2f} "
                f"{p['median'] / baseline:>7.1f} {p['queries']:>8} {p['kib']:>7.1f} "
                f"{p['cpu']:>9.2f}"
            )
    lines += ["", "Queries for the board view by number of initiatives:"]
    for result in results.values():
        counts = ", ".join(
            f"{int(n):,} initiatives: {q}" for n, q in result["queries_by_initiatives"].items()
        )
        constant = len(set(result["queries_by_initiatives"].values())) == 1
        lines.append(
            f"  {result['server']:<18} {counts} ({'constant' if constant else 'NOT constant'})"
        )
    lines += [
        "",
        "x bare = median / median of the bare view. p95 is the nearest-rank 95th percentile.",
        "CPU ms = median CPU time of the Python process per request: it hardly changes when",
        "other programs load the machine, but leaves out PostgreSQL's own work.",
        "Queries are counted on one extra request, outside the timed runs; the bare view's",
        "come from the session and the signed-in user.",
    ]
    for result in results.values():
        s = result["seconds"]
        lines.append(
            f"{result['server']}: migrate {s['migrate']:.1f} s, build {s['build']:.1f} s, "
            f"time {s['time']:.1f} s"
        )
    lines.append(f"Whole run: {seconds:.1f} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--initiatives", type=int, default=500, help="initiatives timed")
    parser.add_argument("--activities", type=int, default=20, help="activities each")
    parser.add_argument("--runs", type=int, default=8, help="timed requests per page")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--postgres-server",
        default=POSTGRES_SERVER,
        help=f"PostgreSQL server to make a fresh database on (default {POSTGRES_SERVER})",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.initiatives < 1 or args.activities < 0 or args.runs < 1:
        parser.error("--initiatives and --runs must be 1 or more, --activities 0 or more")

    if args.worker:
        result = worker(args.initiatives, args.activities, args.runs)
        print_result(result)
        return

    started = time.perf_counter()
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    results: dict[str, dict[str, Any]] = {}
    for database in databases:
        with tempfile.TemporaryDirectory(prefix="equalvoice-bench-") as folder:
            results[database] = run_worker(
                __file__,
                database,
                Path(folder),
                args.postgres_server,
                [
                    f"--initiatives={args.initiatives}",
                    f"--activities={args.activities}",
                    f"--runs={args.runs}",
                ],
                {"EQUALVOICE_DB_CONN_MAX_AGE": "60"},
            )
    print(report(results, args, time.perf_counter() - started))


if __name__ == "__main__":
    main()
