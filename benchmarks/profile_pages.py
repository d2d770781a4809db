"""Where the key pages spend their time: queries and Python, through Django's test client
(no server, no network), on a database with the demo loaded.

    EQUALVOICE_DEBUG=1 EQUALVOICE_DATA_DIR=/tmp/demo .venv/bin/equalvoice migrate
    EQUALVOICE_DEBUG=1 EQUALVOICE_DATA_DIR=/tmp/demo .venv/bin/equalvoice demo
    EQUALVOICE_DATA_DIR=/tmp/demo .venv/bin/python benchmarks/profile_pages.py [--profile home]

For each page the load benchmark asks for (benchmarks/locustfile.py), as the person it
asks as: the queries (how many, and their time as the database reports to Django) and the
median time of `--runs` requests, on the clock and in this process's processor time
(which other programs on a busy machine change less; the database's own work on
PostgreSQL is not in it); `--calls` adds the Python function calls one request makes
(cProfile's count: the same for the same code and data however busy the machine, so a
steadier measure of the work than the times on a shared machine). `--profile NAME`
prints cProfile's top functions for one page, by cumulative time (`--profile all`: every
page but the bare view, together; `--only equalvoice/` keeps the functions whose file
matches). `--dump DIR` instead writes the HTML of every page, as every member and
facilitator of the group who may see it (their own plan and initiatives), to DIR, with
the form tokens taken out: run it on the code before and after a change, on the same
database, and compare the folders (`diff -r`) to check that the pages are the same byte
for byte. DEBUG is off, as in production; the password hasher is the production one, so
signing in is slow on purpose and is not profiled here.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--profile", default="")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--only", default="", help="profile: functions in files matching this")
    parser.add_argument("--callers", default="", help="who calls functions matching this")
    parser.add_argument("--dump", default="", help="write every page's HTML to this folder")
    parser.add_argument(
        "--calls", action="store_true", help="also count Python function calls per request"
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.load_settings")
    os.environ.setdefault("EQUALVOICE_SECRET_KEY", "profile-only-" + "k" * 50)
    os.environ["EQUALVOICE_DEBUG"] = "0"
    os.environ.setdefault("EQUALVOICE_ALLOWED_HOSTS", "testserver")
    os.environ["EQUALVOICE_SECURE_SSL_REDIRECT"] = "0"
    os.environ["EQUALVOICE_SECURE_COOKIES"] = "0"

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from load import prepare  # benchmarks/load.py, beside this file

    # Static files as in development: no manifest, and no folder of them, needed.
    settings.WHITENOISE_AUTOREFRESH = True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    targets_file = Path(os.environ.get("TMPDIR", "/tmp")) / "ev-profile-targets.json"
    prepare(targets_file)
    import json

    targets = json.loads(targets_file.read_text())
    member, facilitator = Client(), Client()
    from equalvoice.core.models import User

    member.force_login(User.objects.get(email=targets["members"][0]))
    facilitator.force_login(User.objects.get(email=targets["facilitators"][0]))
    plan = targets["plan_of"][targets["members"][0]]
    pages = [
        ("bare Django view", member, "/bench/bare/"),
        ("home", member, "/"),
        ("home (facilitator)", facilitator, "/"),
        ("group", member, targets["group"]),
        ("round: answer (start)", member, targets["round_answer"]),
        ("round: answer a statement", member, targets["round_answer"] + "1/"),
        ("round: results", member, targets["round_results"]),
        ("conversation", member, targets["conversation"]),
        ("conversation: vote page", member, targets["conversation_vote"]),
        ("conversation: results", member, targets["conversation_results"]),
        ("meeting", member, targets["meeting"]),
        ("meeting: record speakers", facilitator, targets["meeting_voice"]),
        ("decisions", member, targets["decisions"]),
        ("decision", member, targets["decision"][0]),
        ("record: initiative", member, targets["initiatives_of"][targets["members"][0]][0]),
        ("plans", member, targets["plans"]),
        ("plan", member, plan),
        ("community assets", member, targets["community"]),
        ("network posts", member, targets["network"]),
        ("peer support", member, targets["peer"]),
    ]
    if args.dump:
        dump(Path(args.dump), pages, targets)
        return
    everything = cProfile.Profile() if args.profile == "all" else None
    print(f"Load average: {os.getloadavg()}")
    calls_head = f" {'calls':>7}" if args.calls else ""
    print(f"{'page':28} {'queries':>7} {'query ms':>8} {'median ms':>9} {'CPU ms':>7}{calls_head}")
    for name, client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        # Counted now: the next request empties the connection's log.
        count = len(captured.captured_queries)
        query_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
        times, cpu = [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        calls = ""
        if args.calls:
            # Function calls made by one request (cProfile's count): the same for the same
            # code and data, however busy the machine, unlike the times.
            counter = cProfile.Profile()
            counter.enable()
            client.get(url)
            counter.disable()
            calls = f" {pstats.Stats(counter).total_calls:7}"  # type: ignore[attr-defined]
        print(
            f"{name:28} {count:7} {query_ms:8.1f} "
            f"{statistics.median(times):9.1f} {statistics.median(cpu):7.1f}{calls}"
        )
        if everything is not None and not name.startswith("bare"):
            everything.enable()
            for _ in range(args.runs):
                client.get(url)
            everything.disable()
        if args.profile and args.profile == name:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.runs):
                client.get(url)
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).sort_stats(args.sort)
            stats.print_stats(*[args.only] if args.only else [], 40)
            if args.callers:
                stats.print_callers(args.callers)
            print(out.getvalue())
    if everything is not None:
        out = io.StringIO()
        stats = pstats.Stats(everything, stream=out).sort_stats(args.sort)
        stats.print_stats(*[args.only] if args.only else [], 60)
        if args.callers:
            stats.print_callers(args.callers)
        print(out.getvalue())


def dump(folder: Path, pages: list, targets: dict) -> None:
    """Every page as every member and facilitator who may see it, form tokens taken out."""
    import re

    from django.test import Client

    from equalvoice.core.models import User

    # The form tokens, and the one-time token of the record-speakers form.
    token = re.compile(
        r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": "|name="once" value=")[^"]+"'
    )
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for email in targets["members"] + targets["facilitators"]:
        client = Client()
        client.force_login(User.objects.get(email=email))
        own = {
            "plan": targets["plan_of"].get(email),
            "record: initiative": (targets["initiatives_of"].get(email) or [None])[0],
        }
        for number, (name, _, url) in enumerate(pages):
            url = own.get(name, url)
            if url is None or name.startswith("bare"):
                continue
            response = client.get(url)
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            html = token.sub(r'\1-"', response.content.decode())
            out = folder / f"{email}--{number:02}-{slug}.html"
            out.write_text(f"{response.status_code} {url}\n{html}", encoding="utf-8")
            written += 1
    print(f"{written} pages written to {folder}")


if __name__ == "__main__":
    main()
