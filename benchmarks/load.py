"""The load benchmark (issue 16): gunicorn on this machine, on SQLite and on PostgreSQL,
with the demo data, loaded by locust at 20, 50 and 200 people at once; requests per second
and p50/p95/p99 per page, beside a bare Django view measured in the same run.

Run from the project folder (locust is in .venv-bench, never in .venv: `make bench-venv`):

    .venv/bin/python benchmarks/load.py                      # both databases, 20/50/200
    .venv/bin/python benchmarks/load.py --databases postgres --users 20 --repeat 3

Only this machine is ever loaded: gunicorn listens on 127.0.0.1, and locust refuses any
other host (benchmarks/locustfile.py). The settings are production's, read from the
environment as in production (equalvoice/settings.py: DEBUG off, the manifest of static
files, a real password hasher, Redis for the cache), with three changes for loopback: no
redirect to HTTPS, cookies not marked secure (there is no HTTPS on 127.0.0.1), and the
URLs of benchmarks/load_urls.py, which add the bare view. Background tasks go to the
database queue and one `equalvoice db_worker` runs them, as docs/deploy.md sets it up
(`--tasks immediate` runs them in the request instead, the embedded default: a vote then
pays for the conversation's results there and then).

For each database the script makes a fresh database (SQLite in a temporary folder, or
`ev_perf_load` on the PostgreSQL server, dropped first), loads `equalvoice demo`,
collects the static files, starts gunicorn much as deploy/gunicorn.conf.py does
(`--workers` processes of `--threads` threads, each keeping its database connection for
60 seconds as docs/deploy.md says), and runs locust for each number of people: once
everyone has signed in, `--warmup` seconds more (not counted), then `--seconds` measured.
Votes the load made are taken out between runs, so there is something to vote on in
every run. It prints one table per run with the load average
before and after, and writes every figure to `--out` (JSON) for docs/performance.md.
The machine is shared: figures vary from run to run, so `--repeat` runs each case more
than once and the table shows the median.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_DATABASE = "ev_perf_load"
PORT = 8765


def locust_command() -> str:
    """.venv-bench's locust, or one named in EQUALVOICE_LOCUST."""
    for candidate in (os.environ.get("EQUALVOICE_LOCUST"), ROOT / ".venv-bench/bin/locust"):
        if candidate and Path(candidate).exists():
            return str(candidate)
    raise SystemExit("No locust: run `make bench-venv`, or set EQUALVOICE_LOCUST to one")


def server_env(database_url: str, data_dir: Path, redis_url: str, tasks: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        DJANGO_SETTINGS_MODULE="benchmarks.load_settings",
        DATABASE_URL=database_url,
        EQUALVOICE_DATA_DIR=str(data_dir),
        EQUALVOICE_STATIC_ROOT=str(data_dir / "static"),
        EQUALVOICE_SECRET_KEY="load-benchmark-only-" + "k" * 50,
        EQUALVOICE_DEBUG="0",
        EQUALVOICE_ALLOWED_HOSTS="127.0.0.1,localhost",
        EQUALVOICE_SECURE_SSL_REDIRECT="0",
        EQUALVOICE_SECURE_COOKIES="0",
        EQUALVOICE_CACHE_URL=redis_url,
        REDIS_URL=redis_url,
        EQUALVOICE_LOG_LEVEL="WARNING",
        # As docs/deploy.md recommends: one connection kept per worker thread.
        EQUALVOICE_DB_CONN_MAX_AGE="60",
        EQUALVOICE_TASKS=tasks,
    )
    return env


def manage(env: dict[str, str], *args: str, debug: bool = False) -> None:
    run_env = dict(env, EQUALVOICE_DEBUG="1" if debug else "0")
    subprocess.run(
        [str(BIN / "equalvoice"), *args], env=run_env, check=True, stdout=subprocess.DEVNULL
    )


def fresh_postgres(server: str) -> str:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {PG_DATABASE}")
    return f"{server}/{PG_DATABASE}"


def prepare(targets_file: Path) -> None:
    """In a worker with Django set up: take out the votes the load made, and write what
    the journeys need to `targets_file`."""
    import django

    django.setup()
    from django.urls import reverse

    from equalvoice.core.models import Group, Membership, User
    from equalvoice.decisions.models import Decision
    from equalvoice.meetings.models import Meeting
    from equalvoice.opinions.models import Conversation, Vote
    from equalvoice.plans.models import Plan
    from equalvoice.record.selectors import initiatives_visible_to
    from equalvoice.standards.models import Round

    group = Group.objects.get(slug="co-production-working-group", organisation__slug="northshire")
    org = group.organisation.slug
    in_group = Membership.objects.filter(group=group).select_related("user")
    usable = [m for m in in_group if m.user.email and m.user.has_usable_password()]
    members = [m.user.email for m in usable if m.role == Membership.GroupRole.MEMBER]
    facilitators = [m.user.email for m in usable if m.role == Membership.GroupRole.FACILITATOR]
    conversation = Conversation.objects.filter(group=group, status="open").order_by("pk").first()
    assert conversation is not None
    Vote.objects.filter(
        statement__conversation=conversation, participant__person__email__in=members
    ).delete()
    # The open round of the organisation's standards.
    round_ = Round.objects.filter(standard__organisation=group.organisation).order_by("-opens_on")[
        0
    ]
    from django.utils import timezone

    upcoming = Meeting.objects.filter(group=group, starts_at__gte=timezone.now())
    meeting = upcoming.order_by("starts_at").first() or Meeting.objects.filter(group=group).last()
    assert meeting is not None
    plans = Plan.objects.filter(organisation=group.organisation, owner__email__in=members)
    network = Group.objects.filter(network__isnull=False, organisation=group.organisation)[0]
    targets = {
        "members": members,
        "facilitators": facilitators,
        "group": reverse("group", args=[org, group.slug]),
        "round_answer": reverse("round-answer", args=[org, round_.pk]),
        "round_statements": round_.version.statements.count(),
        "round_results": reverse("round-results", args=[org, round_.pk]),
        "conversation": reverse("conversation", args=[org, conversation.pk]),
        "conversation_vote": reverse("conversation-vote", args=[org, conversation.pk]),
        "conversation_results": reverse("conversation-results", args=[org, conversation.pk]),
        "meeting": reverse("meeting", args=[org, meeting.pk]),
        "meeting_voice": reverse("meeting-voice", args=[org, meeting.pk]),
        "meeting_voice_tap": reverse("meeting-voice-tap", args=[org, meeting.pk]),
        "decisions": reverse("group-decisions", args=[org, group.slug]),
        "decision": [
            reverse("decision", args=[org, d.pk]) for d in Decision.objects.filter(group=group)
        ],
        # The initiatives of the co-production record each person may see.
        "initiatives_of": {
            m.user.email: [
                reverse("initiative", args=[org, i.pk])
                for i in initiatives_visible_to(m.user, group.organisation)
            ]
            for m in usable
        },
        "plans": reverse("my-plans", args=[org]),
        "plan_of": {p.owner.email: reverse("my-plan", args=[org, p.pk]) for p in plans},
        "community": reverse("community-assets", args=[org]),
        "network": reverse("network", args=[org, network.slug]),
        "peer": reverse("peer", args=[org]),
        "people": User.objects.count(),
    }
    targets_file.write_text(json.dumps(targets, indent=1), encoding="utf-8")


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(url, timeout=2) as response,  # noqa: S310 - loopback
        ):
            if response.status == 200:
                return
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer at {url}")


@contextlib.contextmanager
def task_worker(env: dict[str, str], log: Path) -> Iterator[None]:
    """One background worker on the database queue, as docs/deploy.md runs it."""
    if env.get("EQUALVOICE_TASKS") != "database":
        yield
        return
    command = [str(BIN / "equalvoice"), "db_worker", "--queue-name", "default"]
    with log.open("w") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            yield
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int, threads: int, log: Path) -> Iterator[None]:
    command = [
        str(BIN / "gunicorn"),
        "equalvoice.wsgi:application",
        f"--bind=127.0.0.1:{PORT}",
        f"--workers={workers}",
        f"--threads={threads}",
        "--worker-class=" + ("gthread" if threads > 1 else "sync"),
        "--timeout=120",
        # As deploy/gunicorn.conf.py. gunicorn's default (2 s) closes a kept-alive
        # connection just as a person who waited 2 s between pages reuses it: "connection
        # reset", which no real browser behind the proxy would see.
        "--keep-alive=5",
        "--log-level=warning",
    ]
    with log.open("w") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            wait_until_up(f"http://127.0.0.1:{PORT}/healthz")
            yield
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def run_locust(
    users: int, warmup: int, seconds: int, folder: Path, targets: Path, tag: str
) -> list[dict[str, Any]]:
    prefix = folder / tag
    env = dict(
        os.environ,
        EQUALVOICE_LOAD_TARGETS=str(targets),
        EQUALVOICE_LOAD_WARMUP=str(warmup),
        EQUALVOICE_LOAD_SECONDS=str(seconds),
    )
    command = [
        locust_command(),
        "-f",
        str(ROOT / "benchmarks/locustfile.py"),
        "--headless",
        f"--users={users}",
        f"--spawn-rate={max(5, users // 5)}",
        # The locustfile stops once it has measured; this bounds a run that never gets
        # everyone signed in.
        f"--run-time={warmup + seconds + 300}s",
        f"--host=http://127.0.0.1:{PORT}",
        f"--csv={prefix}",
        "--only-summary",
        "--stop-timeout=5",
        "--exit-code-on-error=0",
    ]
    with (folder / f"{tag}.log").open("w") as log:
        subprocess.run(command, env=env, check=True, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    with open(f"{prefix}_failures.csv", encoding="utf-8") as file:
        for failure in csv.DictReader(file):
            print(
                f"  failed: {failure['Method']} {failure['Name']}: {failure['Error']} "
                f"({failure['Occurrences']} times)"
            )
    with open(f"{prefix}_stats.csv", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    return [
        {
            "page": row["Name"],
            "method": row["Type"],
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "rps": float(row["Requests/s"]),
            "p50": float(row["50%"]),
            "p95": float(row["95%"]),
            "p99": float(row["99%"]),
        }
        for row in rows
        if int(row["Request Count"])
    ]


def median_rows(runs: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Per page, the median of each figure over the runs."""
    by_page: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for rows in runs:
        for row in rows:
            by_page.setdefault((row["method"], row["page"]), []).append(row)
    out = []
    for (method, page), found in by_page.items():
        merged: dict[str, Any] = {"page": page, "method": method, "runs": len(found)}
        for key in ("requests", "failures", "rps", "p50", "p95", "p99"):
            merged[key] = statistics.median(r[key] for r in found)
        out.append(merged)
    return out


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| page | method | requests | failures | requests/s | p50 ms | p95 ms | p99 ms |",
        "|---|---|--:|--:|--:|--:|--:|--:|",
    ]
    ordered = sorted(
        rows, key=lambda r: (r["page"] == "Aggregated", r["page"] != "bare Django view", r["page"])
    )
    for r in ordered:
        lines.append(
            f"| {r['page']} | {r['method']} | {r['requests']:g} | {r['failures']:g} | "
            f"{r['rps']:.1f} | {r['p50']:g} | {r['p95']:g} | {r['p99']:g} |"
        )
    return "\n".join(lines)


def markdown(path: Path) -> str:
    """The figures of a run (its --out file) as docs/performance.md shows them: for each
    database, one row per page, requests/s and p50/p95/p99 for each number of people."""
    found = json.loads(path.read_text())
    out = [f"Machine: {found['machine']}", ""]
    for database in dict.fromkeys(r["database"] for r in found["results"]):
        results = [r for r in found["results"] if r["database"] == database]
        out.append(f"### {database}\n")
        for r in results:
            loads = "; ".join(
                f"{b[0]:.1f} → {a[0]:.1f}"
                for b, a in ((x["before"], x["after"]) for x in r["loads"])
            )
            runs = len(r["runs"])
            median = " (median of the runs)" if runs > 1 else ""
            out.append(
                f"- {r['users']} people: {runs} run(s){median}; "
                f"load average (1 minute) before → after: {loads}"
            )
        out.append("")
        head = "| page |" + "".join(f" {r['users']}: req/s | p50 | p95 | p99 |" for r in results)
        out.append(head)
        out.append("|---|" + "--:|--:|--:|--:|" * len(results))
        pages = dict.fromkeys((row["method"], row["page"]) for r in results for row in r["median"])
        order = sorted(
            pages, key=lambda k: (k[1] == "Aggregated", k[1] != "bare Django view", k[1])
        )
        for method, page in order:
            cells = []
            for r in results:
                row = next(
                    (x for x in r["median"] if (x["method"], x["page"]) == (method, page)),
                    None,
                )
                if row is None:
                    cells.append(" – | – | – | – |")
                else:
                    cells.append(
                        f" {row['rps']:.1f} | {row['p50']:g} | {row['p95']:g} | {row['p99']:g} |"
                    )
            name = page if page == "Aggregated" else f"{page} ({method})"
            out.append(f"| {name} |" + "".join(cells))
        out.append("")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--users", default="20,50,200")
    parser.add_argument("--seconds", type=int, default=40, help="measured, after the warm-up")
    parser.add_argument("--warmup", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each case")
    parser.add_argument(
        "--repeat-20-postgres", type=int, default=3, help="runs of the 20-people PostgreSQL case"
    )
    # As deploy/gunicorn.conf.py: two processes per core and one more, four threads each.
    parser.add_argument("--workers", type=int, default=min(2 * (os.cpu_count() or 1) + 1, 9))
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--tasks",
        default="database",
        choices=["database", "immediate"],
        help="database: a queue and one worker, as docs/deploy.md; immediate: in the request",
    )
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--out", default=str(ROOT / "benchmarks/data/load.json"))
    parser.add_argument("--prepare", help=argparse.SUPPRESS)  # worker: write targets there
    parser.add_argument("--markdown", help="print the tables of an --out file, and stop")
    args = parser.parse_args()
    if args.markdown:
        print(markdown(Path(args.markdown)))
        return
    if args.prepare:
        prepare(Path(args.prepare))
        return
    for url in (args.postgres, args.redis):
        host = url.split("@")[-1].split("://")[-1].split(":")[0].split("/")[0]
        if host not in {"127.0.0.1", "localhost"}:
            raise SystemExit(f"Only servers on this machine: {url}")
    locust_command()

    machine = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "workers": args.workers,
        "threads": args.threads,
        "tasks": args.tasks,
        "warmup_seconds": args.warmup,
        "measured_seconds": args.seconds,
    }
    print(f"Machine: {machine}")
    results: list[dict[str, Any]] = []
    for database in args.databases.split(","):
        folder = Path(tempfile.mkdtemp(prefix=f"ev-load-{database}-"))
        database_url = (
            f"sqlite:///{folder / 'load.sqlite3'}"
            if database == "sqlite"
            else fresh_postgres(args.postgres)
        )
        env = server_env(database_url, folder, args.redis, args.tasks)
        print(f"\n== {database}: loading the demo into {database_url}", flush=True)
        manage(env, "migrate", "--noinput")
        manage(env, "demo", debug=True)
        manage(env, "collectstatic", "--noinput")
        targets = folder / "targets.json"
        prep = [sys.executable, str(Path(__file__).resolve()), "--prepare", str(targets)]
        with (
            task_worker(env, folder / "worker.log"),
            gunicorn(env, args.workers, args.threads, folder / "gunicorn.log"),
        ):
            for users in (int(u) for u in args.users.split(",")):
                repeats = args.repeat
                if database == "postgres" and users == 20:
                    repeats = max(repeats, args.repeat_20_postgres)
                runs, loads = [], []
                for attempt in range(1, repeats + 1):
                    subprocess.run(prep, env=env, check=True)
                    before = os.getloadavg()
                    tag = f"{database}-{users}-{attempt}"
                    rows = run_locust(users, args.warmup, args.seconds, folder, targets, tag)
                    after = os.getloadavg()
                    runs.append(rows)
                    loads.append({"before": before, "after": after})
                    print(
                        f"\n{database}, {users} people, run {attempt}/{repeats}; load average "
                        f"before {before[0]:.2f} {before[1]:.2f} {before[2]:.2f}, "
                        f"after {after[0]:.2f} {after[1]:.2f} {after[2]:.2f}",
                        flush=True,
                    )
                    print(table(rows), flush=True)
                merged = median_rows(runs)
                if repeats > 1:
                    print(f"\n{database}, {users} people: median of {repeats} runs")
                    print(table(merged), flush=True)
                results.append(
                    {
                        "database": database,
                        "users": users,
                        "runs": runs,
                        "loads": loads,
                        "median": merged,
                    }
                )
        errors = [
            line.rstrip()
            for line in (folder / "gunicorn.log").read_text(errors="replace").splitlines()
            if "Error" in line or "Traceback" in line
        ]
        if errors:
            print(f"\ngunicorn's log ({database}) has {len(errors)} error lines; the first:")
            print("\n".join(errors[:20]))
        if database == "postgres":
            fresh_postgres(args.postgres)  # leave an empty database, not the demo's
        shutil.rmtree(folder, ignore_errors=True)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"machine": machine, "results": results}, indent=1))
    print(f"\nEvery figure: {out}")


if __name__ == "__main__":
    main()
