"""How long a feedback round's results take with many answers, and how the journey scales.

Run from the project folder:

    .venv/bin/python benchmarks/rounds.py [--responses 10000] [--statements 30] [--rounds 3]
                                          [--runs 5] [--database sqlite|postgres|both]

The defaults are the issue's round of 10,000 sent responses to 30 statements (300,000
answers) from people giving six perspectives, on both databases. `selectors.round_results`
is what the results page, the PDF and the CSV all call, so it is timed directly, without
a request: the median, fastest and slowest of --runs calls after one warm-up call. For
each call the round is read again the way the results view reads it (with its standard
and version), outside the timing, so nothing is cached on it between calls.

It also shows that the counting happens in the database, not in Python:

- queries: the number of queries one `round_results` call makes, for the big round and
  for a round of 100 responses to a standard of the same size. The two should match.
- peak memory: the most memory Python allocated (tracemalloc) during one call, beside
  what merely loading the big round's answers as (statement, perspective, value) tuples
  takes, for scale. tracemalloc slows Python down, so these calls are not timed.

With --rounds above 1 the standard gets that many rounds of the same size (the last is
the one timed), and `selectors.journey` is timed too, the same way.

Each database runs in its own Python process, because Django reads its settings once, at
import. The settings are tests/settings.py (the real settings with a test secret key and
a fast password hasher), with DEBUG off.

- SQLite: a throwaway file in a temporary folder.
- PostgreSQL: a fresh database on postgres://postgres@127.0.0.1:5432 (change the server
  with --postgres-server), created before the run and dropped after it with psycopg. Your
  own databases are never touched.

In each process the script migrates, then makes one organisation, a standard of
--statements statements in themes of five through the usual actions, publishes it and
starts the rounds. Responses and answers are written with bulk inserts, in batches:
answers lean a little by perspective (people who use services lower and staff higher on
three statements, so a few gaps are real), about 3% say "Don't know", about 2% of
statements are left without an answer, about 1% carry a comment, each round scores a
little higher than the one before, and 1 response in 50 more is saved but not sent (it
must not be counted).

Wall-clock times move with whatever else the machine is doing, so the table also gives
the CPU time of the Python process per call. It leaves out the database server's own
work (for SQLite, which runs inside Python, it is included).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _django_worker import print_result, run_worker, server_version  # noqa: E402

POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
PERSPECTIVES = 6
SMALL_ROUND = 100  # responses, for the query count


# The worker: one database, in its own process -----------------------------------------


def make_standard(org: Any, admin: Any, statements: int, title: str) -> Any:
    """A published standard of `statements` statements, five to a theme."""
    from equalvoice.standards import actions

    standard = actions.standard_save(
        actor=admin, organisation=org, title=title, kind="standard", scale="easy_read_4"
    )
    theme = None
    for n in range(statements):
        if n % 5 == 0:
            theme = actions.theme_save(actor=admin, standard=standard, title=f"Theme {n // 5 + 1}")
        assert theme is not None
        actions.statement_save(
            actor=admin,
            standard=standard,
            theme=theme,
            plain=f"Statement {n + 1}: people are listened to and things change because of it.",
            easy_read=f"Statement {n + 1}: people listen to me.",
        )
    actions.version_publish(actor=admin, standard=standard)
    return standard


def fill_round(
    standard: Any,
    admin: Any,
    name: str,
    opens_days_ago: int,
    responses: int,
    seed: int,
    rise: float = 0.0,
) -> Any:
    """A closed anonymous round with `responses` sent responses, written in bulk. Answers
    are `rise` points higher on average, so a journey over rounds can show progress."""
    from django.utils import timezone

    from equalvoice.core.models import Perspective
    from equalvoice.standards import actions
    from equalvoice.standards.models import Answer, Response, Statement

    rng = random.Random(seed)
    opens_on = timezone.localdate() - timedelta(days=opens_days_ago)
    round_ = actions.round_save(
        actor=admin,
        standard=standard,
        name=name,
        opens_on=opens_on,
        closes_on=opens_on + timedelta(days=28),
        anonymous=True,
        scale="easy_read_4",
    )
    perspectives = list(
        Perspective.objects.filter(organisation=standard.organisation).order_by("position")
    )[:PERSPECTIVES]
    choices: list[Any] = [*perspectives, None]  # None: did not say
    statements = list(Statement.objects.filter(version=round_.version).order_by("pk"))
    # People who use services rate the first three statements lower and staff higher, so
    # the results find a few real gaps; elsewhere groups differ only a little.
    leans = {p.pk if p else None: rng.choice([-0.2, 0.0, 0.2]) for p in choices}
    strong: dict[int | None, float] = {perspectives[0].pk: -0.4, perspectives[3].pk: 0.4}
    sent = [True] * responses + [False] * (responses // 50)  # some saved but not sent
    rng.shuffle(sent)
    made = Response.objects.bulk_create(
        (
            Response(
                round=round_,
                perspective=rng.choices(choices, weights=[5, 3, 1, 4, 2, 2, 1])[0],
                submitted=submitted,
                on_paper=n % 20 == 3,
                entered_by=admin if n % 20 == 3 else None,
            )
            for n, submitted in enumerate(sent)
        ),
        batch_size=2000,
    )
    if made and made[0].pk is None:  # a database that does not return keys
        made = list(Response.objects.filter(round=round_).order_by("pk"))

    def answers() -> Iterator[Answer]:
        for response in made:
            lean = leans[response.perspective_id]
            for n, statement in enumerate(statements):
                roll = rng.random()
                if roll < 0.02:
                    continue  # no answer
                if roll < 0.05:
                    yield Answer(response=response, statement=statement, dont_know=True)
                    continue
                tilt = lean + rise + (strong.get(response.perspective_id, 0.0) if n < 3 else 0.0)
                shift = round(tilt + rng.random() - 0.5)  # on average, shifted by the tilt
                value = min(4, max(1, rng.choice((1, 2, 2, 3, 3, 3, 4, 4)) + shift))
                comment = "Staff are kind but always in a rush." if roll > 0.99 else ""
                yield Answer(response=response, statement=statement, value=value, comment=comment)

    Answer.objects.bulk_create(answers(), batch_size=5000)
    return round_


def timed(call: Callable[[], object], runs: int, prepare: Callable[[], None]) -> dict[str, float]:
    """One warm-up call, then `runs` timed calls: wall-clock and CPU milliseconds."""
    prepare()
    call()
    times, cpu = [], []
    for _ in range(runs):
        prepare()
        start, cpu_start = time.perf_counter_ns(), time.process_time_ns()
        call()
        times.append((time.perf_counter_ns() - start) / 1_000_000)
        cpu.append((time.process_time_ns() - cpu_start) / 1_000_000)
    return {
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "cpu": statistics.median(cpu),
    }


def peak_kib(call: Callable[[], object]) -> float:
    """The most memory Python allocated while `call` ran, in KiB (tracemalloc)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        call()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1024


def worker(responses: int, statements: int, rounds: int, runs: int) -> dict[str, Any]:
    """Build the rounds and time their results against the database in DATABASE_URL."""
    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from equalvoice.core import actions
    from equalvoice.core.models import User
    from equalvoice.standards import selectors
    from equalvoice.standards.models import Answer, Round

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    admin = User.objects.create_user(
        username="admin", email="admin@bench.example", name="Ada Admin", password="x"
    )
    org = actions.organisation_create(name="Bench", slug="bench", admin=admin)
    big = make_standard(org, admin, statements, "The big standard")
    made: list[Round] = []
    for n in range(rounds):
        name = f"Round {n + 1}"
        days_ago = 180 * (rounds - n)
        made.append(fill_round(big, admin, name, days_ago, responses, 2024 + n, rise=0.2 * n))
    small_standard = make_standard(org, admin, statements, "The small standard")
    small = fill_round(small_standard, admin, "Small round", 30, SMALL_ROUND, seed=7)
    built = time.perf_counter()
    if connection.vendor == "postgresql":  # as autovacuum would after a big load
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def fresh(pk: int) -> Round:  # as selectors.round_for reads it for the results view
        return Round.objects.select_related("standard", "standard__organisation", "version").get(
            pk=pk
        )

    target = made[-1]
    holder: dict[str, Round] = {}

    def prepare() -> None:
        holder["round"] = fresh(target.pk)

    def results() -> object:
        return selectors.round_results(holder["round"])

    def count_queries(pk: int) -> int:
        round_ = fresh(pk)
        with CaptureQueriesContext(connection) as captured:
            selectors.round_results(round_)
        return len(captured.captured_queries)

    prepare()
    check = selectors.round_results(holder["round"])
    answers = Answer.objects.filter(response__round=target, response__submitted=True).count()
    timings = {"round_results": timed(results, runs, prepare)}
    queries = {"big": count_queries(target.pk), "small": count_queries(small.pk)}
    prepare()
    memory = {"round_results": peak_kib(results)}
    memory["answers as tuples"] = peak_kib(
        lambda: list(
            Answer.objects.filter(response__round=target, response__submitted=True).values_list(
                "statement_id", "response__perspective_id", "value"
            )
        )
    )
    if rounds > 1:
        timings["journey"] = timed(lambda: selectors.journey(big), runs, lambda: None)
        with CaptureQueriesContext(connection) as captured:
            trail = selectors.journey(big)
        queries["journey"] = len(captured.captured_queries)
        memory["journey"] = peak_kib(lambda: selectors.journey(big))
        trend = trail.trend
    else:
        trend = ""

    timed_at = time.perf_counter()
    connection.close()
    return {
        "vendor": connection.vendor,
        "server": server_version(connection),
        "respondents": check.respondents,
        "answers": answers,
        "gaps": len(check.gaps),
        "trend": trend,
        "timings": timings,
        "queries": queries,
        "memory_kib": memory,
        "seconds": {
            "migrate": migrated - started,
            "build": built - migrated,
            "time": timed_at - built,
        },
    }


def report(results: dict[str, dict[str, Any]], args: argparse.Namespace, seconds: float) -> str:
    import django

    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    lines = [
        f"Equal Voice round results: {args.responses:,} sent responses x {args.statements} "
        f"statements, {PERSPECTIVES} perspectives and 'did not say'; {args.rounds} rounds "
        f"of that size for the journey; median of {args.runs} calls after a warm-up.",
        f"Python {platform.python_version()}, Django {django.get_version()}, DEBUG off; "
        f"load average {load} on {os.cpu_count()} CPUs",
        "",
        f"{'database':<18} {'call':<14} {'median ms':>10} {'min ms':>9} {'max ms':>9} "
        f"{'CPU ms':>8} {'queries':>8} {'peak KiB':>9}",
        "-" * 90,
    ]
    for result in results.values():
        for call, t in result["timings"].items():
            queries = result["queries"]["big" if call == "round_results" else call]
            lines.append(
                f"{result['server']:<18} {call:<14} {t['median']:>10.1f} {t['min']:>9.1f} "
                f"{t['max']:>9.1f} {t['cpu']:>8.1f} {queries:>8} "
                f"{result['memory_kib'][call]:>9,.0f}"
            )
    lines += ["", "Checks and scale:"]
    for result in results.values():
        q, m = result["queries"], result["memory_kib"]
        constant = "the same" if q["big"] == q["small"] else "NOT the same"
        lines.append(
            f"  {result['server']:<18} {result['respondents']:,} respondents, "
            f"{result['answers']:,} answers sent, {result['gaps']} real gaps, "
            f"journey {result['trend'] or 'not timed'}"
        )
        lines.append(
            f"  {'':<18} queries: {q['big']} for {args.responses:,} responses, {q['small']} for "
            f"{SMALL_ROUND} ({constant}); loading the answers as tuples instead would peak "
            f"at {m['answers as tuples']:,.0f} KiB"
        )
    lines += [
        "",
        "CPU ms = median CPU time of the Python process per call.",
        "peak KiB = the most memory Python allocated during one call (tracemalloc), not",
        "counting what the database itself uses. Query counts leave out reading the round.",
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
    parser.add_argument("--responses", type=int, default=10_000, help="sent responses a round")
    parser.add_argument("--statements", type=int, default=30, help="statements in the standard")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, for the journey")
    parser.add_argument("--runs", type=int, default=5, help="timed calls of each")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--postgres-server",
        default=POSTGRES_SERVER,
        help=f"PostgreSQL server to make a fresh database on (default {POSTGRES_SERVER})",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if min(args.responses, args.statements, args.rounds, args.runs) < 1:
        parser.error("--responses, --statements, --rounds and --runs must be 1 or more")

    if args.worker:
        result = worker(args.responses, args.statements, args.rounds, args.runs)
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
                    f"--responses={args.responses}",
                    f"--statements={args.statements}",
                    f"--rounds={args.rounds}",
                    f"--runs={args.runs}",
                ],
            )
    print(report(results, args, time.perf_counter() - started))


if __name__ == "__main__":
    main()
