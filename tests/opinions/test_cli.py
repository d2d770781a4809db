"""`equalvoice opinions analyse DIR`: runs without Django settings."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from equalvoice.opinions import cli
from equalvoice.opinions.cli import main
from equalvoice.opinions.engine import polis_io

LONDON = Path(__file__).parent / "fixtures" / "conversations" / "london.youth.policing"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def test_text_shows_groups_statements_and_timings() -> None:
    status, out, err = run("analyse", str(LONDON))
    assert status == 0 and err == ""
    assert "26 people, 39 statements, 638 votes" in out
    assert "Group 1:" in out and "People:" in out
    assert "What this group stands for:" in out
    assert "I am between 20 and 25 years old." in out  # statement text, not just a number
    assert "Most agree (everyone):" in out
    assert "Supported across the groups" in out
    assert "Worked out in" in out


def test_json_has_the_documented_shape() -> None:
    status, out, _ = run("analyse", str(LONDON), "--format", "json")
    assert status == 0
    data = json.loads(out)
    for key in (
        "participants",
        "statements",
        "votes",
        "clustered",
        "k",
        "groups",
        "assignments",
        "consensus",
        "group_consensus",
        "priorities",
        "statement_counts",
        "perspectives",
        "projections",
        "statement_projections",
        "timings",
    ):
        assert key in data
    assert sum(g["size"] for g in data["groups"]) == len(data["assignments"]) == data["clustered"]
    assert all(isinstance(k, str) for k in data["assignments"])


def test_json_has_one_top_level_key_a_line() -> None:
    """Each top-level key starts a line, its value written compactly on the same line."""
    _, out, _ = run("analyse", str(LONDON), "--format", "json")
    lines = out.splitlines()
    data = json.loads(out)
    assert lines[0] == "{" and lines[-1] == "}"
    assert [json.loads("{" + line.rstrip(",") + "}") for line in lines[1:-1]] == [
        {key: value} for key, value in data.items()
    ]
    assert lines[1] == '  "participants": 26,'


def test_the_same_json_read_by_columns_or_by_rows(tmp_path: Path) -> None:
    """The same JSON from the real export whether its votes.csv is read by columns or,
    with one odd but readable cell (a number in quotes), row by row."""
    shutil.copy(LONDON / "comments.csv", tmp_path)
    votes = (LONDON / "votes.csv").read_text().splitlines()
    assert polis_io._read_vote_events_by_column(LONDON / "votes.csv") is not None
    _, by_columns, _ = run("analyse", str(LONDON), "--format", "json")
    cells = votes[1].split(",")
    cells[-1] = f'"{cells[-1]}"'
    (tmp_path / "votes.csv").write_text("\n".join([votes[0], ",".join(cells), *votes[2:]]) + "\n")
    assert polis_io._read_vote_events_by_column(tmp_path / "votes.csv") is None
    status, by_rows, _ = run("analyse", str(tmp_path), "--format", "json")
    assert status == 0
    first, second = json.loads(by_columns), json.loads(by_rows)
    first.pop("timings"), second.pop("timings")
    assert first == second


def test_a_malformed_export_exits_2_with_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "comments.csv").write_text("comment-id,author-id,moderated,comment-body\n1,2,1,x\n")
    (tmp_path / "votes.csv").write_text("timestamp,comment-id,voter-id,vote\n1,1,1,agree\n")
    status, out, err = run("analyse", str(tmp_path))
    assert status == 2 and out == ""
    assert err.startswith("votes.csv, line 2: vote must be a whole number")


def test_usage_errors_exit_2() -> None:
    assert run()[0] == 2
    assert run("analyse", str(LONDON), "--format", "yaml")[0] == 2


def test_the_command_runs_without_django_settings_or_scipy() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    script = (
        "import sys\n"
        "from equalvoice.cli import main\n"
        "sys.argv = ['equalvoice', *sys.argv[1:]]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as stop:\n"
        "    assert 'django' not in sys.modules, 'Django was imported'\n"
        # scipy and numpy.ma cost start-up time and the command needs neither (issue 25)
        "    assert 'scipy' not in sys.modules, 'scipy was imported'\n"
        "    assert 'numpy.ma' not in sys.modules, 'numpy.ma was imported'\n"
        "    raise\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "opinions", "analyse", str(LONDON), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["participants"] == 26


def test_json_people_are_the_engines_own_to_12_places() -> None:
    from equalvoice.opinions.engine import analyse, read_polis_export

    export = read_polis_export(LONDON)
    result = analyse(
        export.votes,
        statements=sorted(c.id for c in export.comments),
        moderated_out=export.moderated_out,
        meta=export.meta,
    )
    _, out, _ = run("analyse", str(LONDON), "--format", "json")
    data = json.loads(out)
    assert data["assignments"] == {str(p): g for p, g in result.assignments.items()}
    assert list(data["projections"]) == [str(p) for p in result.projections]
    for pid, (x, y) in result.projections.items():
        got = data["projections"][str(pid)]
        assert abs(got[0] - x) <= 1e-12 and abs(got[1] - y) <= 1e-12
    assert data["groups"] == [g.to_dict() for g in result.groups]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(min_value=-9_500, max_value=9_500, allow_subnormal=True),
            st.floats(min_value=-9_500, max_value=9_500, allow_subnormal=True),
            st.integers(min_value=-1, max_value=12),
        ),
        min_size=1,
        max_size=40,
    ),
    st.integers(min_value=0, max_value=10**12),
)
def test_people_written_by_numpy_read_back_as_the_json_module_writes_them(
    rows: list[tuple[float, float, int]], first_id: int
) -> None:
    ids = first_id + 7 * np.arange(len(rows), dtype=np.int64)
    positions = np.array([(x, y) for x, y, _ in rows], dtype=float)
    group_of = np.array([g for _, _, g in rows], dtype=np.int64)
    maps = SimpleNamespace(participant_ids=ids, positions=positions, group_of=group_of)
    written = cli._people_json(maps)  # type: ignore[arg-type]
    if written is None:  # too large for 12 places: the json module writes them
        assert np.abs(positions).max() >= 9_007
        return
    grouped = {str(p): int(g) for p, g in zip(ids, group_of, strict=True) if g >= 0}
    assert written["assignments"] == json.dumps(grouped)
    read = json.loads(written["projections"])
    assert list(read) == [str(p) for p in ids]
    assert np.abs(np.array(list(read.values())) - positions).max() <= 1e-12
