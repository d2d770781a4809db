"""How long the group page and the members list take for a large group.

Run from the project folder:

    .venv/bin/python benchmarks/pages.py [--members 1000] [--runs 30]

The script configures Django itself, much as tests/settings.py does: the real settings
from equalvoice/settings.py with DEBUG off, a fast password hasher, plain static files
(no manifest, so no collectstatic), tasks run at once, and a throwaway SQLite file
database in a temporary folder (DATABASE_URL is set before Django starts, so your own
database is never touched). It builds one organisation with one group of N members,
signs in as the group's facilitator, and times GET requests through Django's test client
with the whole middleware stack. A bare view that returns a fixed response runs through
the same stack in the same loop, so the ratio shows what our pages cost over Django
itself on this machine. Measurements are interleaved (each round asks for every page
once, in a rotating order) so that a slow moment on the machine affects all pages alike.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import django  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import URLPattern, URLResolver  # noqa: E402

# Filled in by main() once Django is set up: include() imports our views, which need it.
urlpatterns: list[URLPattern | URLResolver] = []


def bare(request: HttpRequest) -> HttpResponse:
    """The baseline: Django and our middleware, and nothing else."""
    return HttpResponse("ok", content_type="text/plain")


def configure(data_dir: Path) -> None:
    """Set the environment, then configure Django from equalvoice.settings with a few
    overrides for benchmarking. Must run before anything reads settings."""
    os.environ.setdefault("EQUALVOICE_SECRET_KEY", "benchmark-only-key-" + "x" * 60)
    os.environ["EQUALVOICE_DEBUG"] = "0"
    os.environ["EQUALVOICE_DATA_DIR"] = str(data_dir)
    os.environ["EQUALVOICE_TASKS"] = "immediate"
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir / 'benchmark.sqlite3'}"

    from django.conf import settings

    import equalvoice.settings as base

    values: dict[str, Any] = {name: getattr(base, name) for name in dir(base) if name.isupper()}
    values.update(
        DEBUG=False,
        ROOT_URLCONF=__name__,
        ALLOWED_HOSTS=["testserver"],
        STATIC_ROOT=data_dir,  # an empty folder: WhiteNoise warns when there is none
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        LOGGING={"version": 1, "disable_existing_loggers": False},
    )
    settings.configure(**values)
    django.setup()


@dataclass
class Built:
    org_slug: str
    group_slug: str
    facilitator_id: int
    members: int


def build(members: int, seed: int = 2024) -> Built:
    """One organisation, one group with `members` members and one facilitator, each member
    holding none, one or two perspectives, and some contributions."""
    from django.contrib.auth.hashers import make_password

    from equalvoice.core import actions
    from equalvoice.core.models import (
        Contribution,
        Group,
        Membership,
        OrgMembership,
        Perspective,
        User,
    )

    rng = random.Random(seed)
    admin = User.objects.create_user(
        username="admin", email="admin@bench.example", name="Ada Admin", password="x"
    )
    org = actions.organisation_create(name="Benchshire Council", slug="benchshire", admin=admin)
    perspectives = list(Perspective.objects.filter(organisation=org))
    group = actions.group_create(
        actor=admin,
        organisation=org,
        name="Big Working Group",
        kind=Group.Kind.WORKING_GROUP,
        purpose="A large group, to see how the pages cope.",
        needed_perspectives=perspectives[:4],
    )
    facilitator = User.objects.create_user(
        username="facilitator", email="fac@bench.example", name="Fay Facilitator", password="x"
    )
    actions.membership_add(
        actor=admin, group=group, user=facilitator, role=Membership.GroupRole.FACILITATOR
    )

    unusable = make_password(None)
    people = User.objects.bulk_create(
        User(username=f"person-{i:05d}", name=f"Person {i:05d}", password=unusable)
        for i in range(members)
    )
    org_memberships = OrgMembership.objects.bulk_create(
        OrgMembership(organisation=org, user=person) for person in people
    )
    Membership.objects.bulk_create(Membership(group=group, user=person) for person in people)
    Held = OrgMembership.perspectives.through
    held = []
    for om in org_memberships:
        # About one in ten has not said; most hold one perspective; some hold two.
        count = rng.choices([0, 1, 2], weights=[1, 6, 3])[0]
        for perspective in rng.sample(perspectives, count):
            held.append(Held(orgmembership_id=om.pk, perspective_id=perspective.pk))
    Held.objects.bulk_create(held)
    Contribution.objects.bulk_create(
        Contribution(
            group=group,
            author=people[i % len(people)] if people else facilitator,
            entered_by=facilitator if i % 3 == 0 and people else None,
            consent_confirmed=i % 3 == 0 and bool(people),
            text=f"Contribution number {i}: what we would change, and why.",
        )
        for i in range(40)
    )
    return Built(org.slug, group.slug, facilitator.pk, members)


@dataclass
class Target:
    label: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    times_ms: list[float] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)
    size: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times_ms)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest rank


def measure(members: int, runs: int) -> tuple[list[Target], Built]:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import include, path, reverse

    from equalvoice.core.models import User

    urlpatterns[:] = [
        path("bench/bare/", bare, name="bench-bare"),
        path("", include("equalvoice.urls")),
    ]

    call_command("migrate", verbosity=0, interactive=False)
    built = build(members)
    kwargs = {"org": built.org_slug, "group": built.group_slug}
    targets = [
        Target("bare Django view", reverse("bench-bare")),
        Target("group page", reverse("group", kwargs=kwargs)),
        Target("members list", reverse("members", kwargs=kwargs)),
        Target(
            "members list, htmx partial", reverse("members", kwargs=kwargs), {"HX-Request": "true"}
        ),
    ]

    client = Client()
    client.force_login(
        User.objects.get(pk=built.facilitator_id),
        backend="django.contrib.auth.backends.ModelBackend",
    )

    def get(target: Target) -> int:
        response = client.get(target.url, headers=target.headers, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"GET {target.url} gave {response.status_code}, not 200")
        return len(response.content)

    for target in targets:  # warm up: templates, URL resolver, database caches
        for _ in range(3):
            target.size = get(target)
        with CaptureQueriesContext(connection) as captured:
            get(target)
        target.queries = [q["sql"] for q in captured.captured_queries]

    clock: Callable[[], int] = time.perf_counter_ns
    for run in range(runs):
        shift = run % len(targets)
        for target in targets[shift:] + targets[:shift]:
            start = clock()
            get(target)
            target.times_ms.append((clock() - start) / 1_000_000)
    connection.close()
    return targets, built


def report(
    targets: list[Target], built: Built, runs: int, seconds: float, sql: bool = False
) -> str:
    import django.db

    baseline = targets[0].median
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    lines = [
        f"Equal Voice page timings: one group of {built.members:,} members and a facilitator,",
        f"signed in as the facilitator, {runs} interleaved runs per page.",
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"{django.db.connection.vendor} (file database), DEBUG off; "
        f"load average {load} on {os.cpu_count()} CPUs",
        "",
        f"{'page':<28} {'median ms':>10} {'p95 ms':>9} {'x bare':>7} {'queries':>8} {'KiB':>7}",
        "-" * 74,
    ]
    for t in targets:
        lines.append(
            f"{t.label:<28} {t.median:>10.2f} {t.p95:>9.2f} {t.median / baseline:>7.1f} "
            f"{len(t.queries):>8} {t.size / 1024:>7.1f}"
        )
    lines += [
        "",
        "x bare = median / median of the bare view. p95 is the nearest-rank 95th percentile.",
        "Queries are counted on one extra request, outside the timed runs; the bare view's "
        "come from the session and the signed-in user.",
        f"Whole run, with migrating and building the data: {seconds:.1f} s",
    ]
    if sql:
        for t in targets:
            lines += ["", f"SQL for {t.label}:"]
            lines += [f"  {n:>2}. {query[:300]}" for n, query in enumerate(t.queries, 1)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--members", type=int, default=1000, help="members in the group")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page")
    parser.add_argument("--sql", action="store_true", help="print each page's SQL queries")
    args = parser.parse_args(argv)
    if args.members < 0 or args.runs < 1:
        parser.error("--members must be 0 or more and --runs 1 or more")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="equalvoice-bench-") as folder:
        configure(Path(folder))
        targets, built = measure(args.members, args.runs)
    print(report(targets, built, args.runs, time.perf_counter() - started, sql=args.sql))


if __name__ == "__main__":
    main()
