"""How long a results update takes on a big conversation, full and incremental, on the
real app's code and database.

Run from the project folder:

    .venv/bin/python benchmarks/opinions_incremental.py [--database sqlite|postgresql|both]
        [--runs 7] [--new 1000] [--size 33422,783,1830000]

For each database the script, in a process of its own (Django reads its settings once):

1. Makes a fresh database (SQLite: a file in a temporary folder; PostgreSQL: the database
   `equalvoice_incremental` on postgres://postgres@127.0.0.1:5432, dropped and made again,
   and dropped at the end; change the server with --postgres-server) and migrates it.
   Both are removed at the end.
2. Builds a conversation of --size participants × statements with that many votes (the
   synthetic conversation of benchmarks/_opinions_data.py: planted groups, skewed
   participation), inserted in bulk (PostgreSQL: COPY; SQLite: executemany), dated a day
   ago. --new × --runs of its votes are held back, to be cast during the timing.
3. Times reading every vote of the conversation, the way results.py read them before
   issue 25 (the ORM: values_list(...).iterator() into np.fromiter) and now
   (`results.read_votes`: PostgreSQL's binary COPY, a plain SQLite cursor): median of 3.
4. Times a full update (`results.refresh(rebuild=True)`, which also fills this process's
   kept matrix), twice.
5. --runs times: casts --new of the held-back votes (dated now, in bulk) and times one
   incremental update (`results.refresh`): the whole of it (read the new votes, the
   maths, save the results) and its parts, in wall-clock time, and the CPU time of this
   process (which leaves out the database server's work on PostgreSQL, but also the
   waiting for a core on a busy machine). Each update also re-reads the votes of the
   overlap window (EQUALVOICE_RESULTS_OVERLAP_SECONDS, 120 s), which here holds the
   votes of the runs before it: the count is printed.
6. Checks the last incremental update against a rebuild from every vote with the same
   engine state: the same vote matrix and every count equal, and the groups' adjusted
   Rand index.

Medians are printed. The machine is whatever it is at the time: say how busy it was."""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(ROOT / "benchmarks") not in sys.path:
    sys.path.insert(0, str(ROOT / "benchmarks"))

MARKER = "RESULT "
PG_NAME = "equalvoice_incremental"


def _median(values: list[float]) -> float:
    return float(statistics.median(values))


def child(size: tuple[int, int, int], runs: int, new: int) -> dict[str, Any]:
    """Everything in one process against the database in DATABASE_URL."""
    import django

    django.setup()

    import _opinions_data as data
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from equalvoice.core import actions
    from equalvoice.core.models import Group, User
    from equalvoice.opinions import actions as opinions
    from equalvoice.opinions import results
    from equalvoice.opinions.engine import State, Votes, adjusted_rand_index, analyse
    from equalvoice.opinions.engine.matrix import KeptVotes
    from equalvoice.opinions.models import Participant, Statement, Vote
    from equalvoice.opinions.selectors import people_in_results as results_people

    out: dict[str, Any] = {"vendor": connection.vendor}
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    out["migrate"] = time.perf_counter() - started

    admin = User.objects.create_user(username="admin", email=None, name="Ada", password=None)
    org = actions.organisation_create(name="Bench Council", slug="bench", admin=admin)
    group = actions.group_create(
        actor=admin,
        organisation=org,
        name="Everyone",
        kind=Group.Kind.WORKING_GROUP,
        purpose="People in the benchmark.",
    )
    conversation = opinions.conversation_create(
        actor=admin, group=group, title="Big", question="What do you think?", seeds=()
    )
    n_people, n_statements, n_votes = size
    made = time.perf_counter()
    synthetic = data.synthetic(n_people, n_statements, n_votes)
    out["generate"] = time.perf_counter() - made
    built = time.perf_counter()
    # Made the day before, as the votes below are: a conversation this big was.
    day_before = timezone.now() - timedelta(days=1)
    statements = Statement.objects.bulk_create(
        Statement(
            conversation=conversation, text=f"Statement {i}", external_id=i, created_at=day_before
        )
        for i in range(n_statements)
    )
    participants = Participant.objects.bulk_create(
        (
            Participant(conversation=conversation, external_id=i, created_at=day_before)
            for i in range(n_people)
        ),
        batch_size=5_000,
    )
    statement_id = np.array([s.pk for s in statements], dtype=np.int64)
    participant_id = np.array([p.pk for p in participants], dtype=np.int64)
    rng = np.random.default_rng(1)
    order = rng.permutation(len(synthetic.values))
    held = order[: runs * new]
    first = np.sort(order[runs * new :])
    pids = participant_id[synthetic.participants]
    sids = statement_id[synthetic.statements]
    values = synthetic.values.astype(np.int64)

    def insert(rows: np.ndarray, stamp: Any) -> None:
        if connection.vendor == "postgresql":
            text = io.StringIO()
            table = np.column_stack([pids[rows], sids[rows], values[rows]])
            np.savetxt(text, table, fmt="%d\t%d\t%d", delimiter="\t")
            with connection.cursor() as cursor:
                sql = (
                    "COPY opinions_vote (participant_id, statement_id, value, voted_at) FROM STDIN"
                )
                with cursor.cursor.copy(sql) as copy:
                    stamp_text = stamp.isoformat()
                    for line in text.getvalue().splitlines():
                        copy.write(f"{line}\t{stamp_text}\n")
        else:
            stamp_value = connection.ops.adapt_datetimefield_value(stamp)
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO opinions_vote (participant_id, statement_id, value, voted_at)"
                    " VALUES (%s, %s, %s, %s)",
                    [
                        (p, s, v, stamp_value)
                        for p, s, v in zip(
                            pids[rows].tolist(),
                            sids[rows].tolist(),
                            values[rows].tolist(),
                            strict=True,
                        )
                    ],
                )

    insert(first, timezone.now() - timedelta(days=1))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    out["insert"] = time.perf_counter() - built
    out["shape"] = [n_people, n_statements, len(first)]

    def orm_read() -> Votes:  # as results.py read votes before issue 25
        rows = (
            Vote.objects.filter(participant__conversation=conversation)
            .exclude(statement__status=Statement.Status.WAITING)
            .values_list("participant_id", "statement_id", "value")
        )
        flat = np.fromiter((x for row in rows.iterator(chunk_size=20_000) for x in row), np.int64)
        table = flat.reshape(-1, 3)
        return Votes(participants=table[:, 0], statements=table[:, 1], values=table[:, 2])

    def timed(function: Any, times: int) -> tuple[float, Any]:
        taken, value = [], None
        for _ in range(times):
            began = time.perf_counter()
            value = function()
            taken.append(time.perf_counter() - began)
        return _median(taken), value

    out["read_orm"], before = timed(orm_read, 3)
    out["read_new"], after = timed(lambda: results.read_votes(conversation.pk), 3)
    assert before == after, "the two ways of reading give different votes"

    full = []
    for _ in range(2):
        began = time.perf_counter()
        results.refresh(conversation.pk, rebuild=True)
        full.append(time.perf_counter() - began)
    out["full_update"] = full
    out["full_parts"] = dict(results.last_timings)

    incremental: list[dict[str, Any]] = []
    profile = cProfile.Profile() if os.environ.get("EV_PROFILE") else None
    prior: dict[str, Any] = {}
    for run in range(runs):
        insert(held[run * new : (run + 1) * new], timezone.now())
        conversation.refresh_from_db()
        prior = conversation.engine_state
        began, cpu = time.perf_counter(), time.process_time()
        if profile is not None and run == runs - 1:  # --profile: the last one, profiled
            profile.enable()
        done = results.refresh(conversation.pk)
        total, cpu = time.perf_counter() - began, time.process_time() - cpu
        assert done is not None and results.last_timings["incremental"]
        engine = {f"engine_{k}": v for k, v in done.results["timings"].items()}
        incremental.append({"total": total, "cpu": cpu, **results.last_timings, **engine})
    out["incremental"] = incremental
    if profile is not None:
        profile.disable()
        with open(os.environ["EV_PROFILE"], "w") as file:
            pstats.Stats(profile, stream=file).sort_stats("cumulative").print_stats(50)

    # The last incremental update against a rebuild from every vote, same state.
    kept = results._recall(conversation.pk)
    assert kept is not None
    every = results.read_votes(conversation.pk)
    rebuilt = KeptVotes.from_votes(every)
    out["matrix_equal"] = all(
        np.array_equal(getattr(kept.votes, name), getattr(rebuilt, name))
        for name in ("participant_ids", "statement_ids", "rows", "cols", "values")
    )
    conversation.refresh_from_db()
    inputs = results.analysis_inputs(conversation)
    again = analyse(every, state=State.from_dict(prior), **inputs)
    saved = conversation.results
    out["counts_equal"] = all(
        saved["statement_counts"][str(s)][key] == counts[key]
        for s, counts in again.statement_counts.items()
        for key in ("agree", "disagree", "pass")
    ) and saved["votes"] == again.votes == len(every.latest()[0])
    common = [p for p in again.assignments if p in kept.state.joined]
    assigned = results_people(conversation).assignments()
    out["ari"] = adjusted_rand_index(
        [assigned.get(p, -1) for p in common], [again.assignments[p] for p in common]
    )
    out["votes_counted"] = saved["votes"]
    return out


def run_child(database: str, args: argparse.Namespace) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="ev-incremental-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("EQUALVOICE_")}
    env.update(
        DJANGO_SETTINGS_MODULE="equalvoice.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        EQUALVOICE_DEBUG="0",
        EQUALVOICE_SECRET_KEY="benchmark-only-" + "x" * 60,
        EQUALVOICE_DATA_DIR=str(folder),
        EQUALVOICE_TASKS="immediate",
        EQUALVOICE_LOG_LEVEL="WARNING",
    )
    if args.profile:
        env["EV_PROFILE"] = f"{args.profile}.{database}.txt"
    drop = None
    if database == "postgresql":
        import psycopg
        from psycopg import sql

        admin_url = f"{args.postgres_server.rstrip('/')}/postgres"
        drop_sql = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(args.postgres_name)
        )
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(drop_sql)
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(args.postgres_name)))

        def drop() -> None:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(drop_sql)

        env["DATABASE_URL"] = f"{args.postgres_server.rstrip('/')}/{args.postgres_name}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        "--size",
        args.size,
        "--runs",
        str(args.runs),
        "--new",
        str(args.new),
    ]
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    finally:
        if drop is not None:
            drop()
        shutil.rmtree(folder, ignore_errors=True)
    for line in done.stdout.splitlines():
        if line.startswith(MARKER):
            result: dict[str, Any] = json.loads(line[len(MARKER) :])
            return result
    raise SystemExit(f"{database} failed:\n{done.stdout}\n{done.stderr}")


def report(found: list[dict[str, Any]], args: argparse.Namespace) -> str:
    lines = []
    for r in found:
        people, statements, votes = r["shape"]
        inc = r["incremental"]
        lines.append(
            f"\n{r['vendor']}: {people:,} people × {statements} statements, {votes:,} votes "
            f"(migrate {r['migrate']:.0f} s, insert {r['insert']:.0f} s)"
        )
        lines.append(
            f"  read every vote: before (ORM) {r['read_orm']:.3f} s, now "
            f"{r['read_new']:.3f} s ({r['read_orm'] / r['read_new']:.1f}× faster)"
        )
        parts = r["full_parts"]
        lines.append(
            "  full update: "
            + ", ".join(f"{t:.3f} s" for t in r["full_update"])
            + f" (the last: read {parts['read']:.3f} s, lay out {parts['apply']:.3f} s, "
            f"maths {parts['maths']:.3f} s, save {parts['save']:.3f} s)"
        )
        lines.append(
            f"  incremental update after {args.new:,} new votes, median of {len(inc)}: "
            f"{_median([i['total'] for i in inc]):.3f} s "
            f"(read {_median([i['read'] for i in inc]):.3f} s, "
            f"apply {_median([i['apply'] for i in inc]):.3f} s, "
            f"maths {_median([i['maths'] for i in inc]):.3f} s, "
            f"save {_median([i['save'] for i in inc]):.3f} s); "
            f"this process's CPU time {_median([i['cpu'] for i in inc]):.3f} s"
        )
        lines.append(
            "    each: "
            + ", ".join(f"{i['total']:.3f}" for i in inc)
            + " s; votes read (new + overlap): "
            + ", ".join(str(int(i["votes_read"])) for i in inc)
        )
        lines.append(
            "    before the read, median: clearing the waiting flag "
            f"{_median([i['flag'] for i in inc]):.3f} s, the rest (the conversation, the "
            f"engine's inputs, the rows check) {_median([i['prepare'] for i in inc]):.3f} s"
        )
        keys = ("engine_matrix", "engine_pca", "engine_clusters", "engine_repness")
        lines.append(
            "    maths, median: "
            + ", ".join(f"{k[7:]} {_median([i[k] for i in inc]):.3f} s" for k in keys)
        )
        lines.append(
            f"  last update against a rebuild: matrix equal {r['matrix_equal']}, counts "
            f"equal {r['counts_equal']}, groups ARI {r['ari']:.3f}; counts "
            f"{r['votes_counted']:,} votes"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--new", type=int, default=1000)
    parser.add_argument("--size", default="33422,783,1830000")
    parser.add_argument("--postgres-server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument(
        "--postgres-name", default=PG_NAME, help="the database made (and dropped) for the run"
    )
    parser.add_argument(
        "--profile", help="cProfile one more incremental update into PROFILE.<database>.txt"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    size = tuple(int(x) for x in args.size.split(","))
    if args.child:
        result = child((size[0], size[1], size[2]), args.runs, args.new)
        print(MARKER + json.dumps(result))
        return
    wanted = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    found = [run_child(database, args) for database in wanted]
    print(report(found, args))
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f} (2 cores, shared)")


if __name__ == "__main__":
    main()
