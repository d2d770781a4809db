"""Reading and writing Polis's CSV export folder."""

from __future__ import annotations

import csv
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from equalvoice.opinions.engine import (
    Comment,
    ExportError,
    PolisExport,
    Votes,
    polis_io,
    read_polis_export,
    write_polis_export,
)

LONDON = Path(__file__).parent / "fixtures" / "conversations" / "london.youth.policing"


def test_reads_a_real_export() -> None:
    export = read_polis_export(LONDON)
    assert len(export.comments) == 39
    assert sorted(export.moderated_out) == [0, 2, 3]
    assert export.meta == []
    assert len(export.votes.latest()[0]) == 638  # votes.csv has 640 rows, 2 replaced
    assert len(export.groups) == 24 and set(export.groups.values()) == {0, 1, 2}


def test_votes_csv_and_participants_votes_csv_agree(tmp_path: Path) -> None:
    shutil.copy(LONDON / "comments.csv", tmp_path)
    shutil.copy(LONDON / "participants-votes.csv", tmp_path)
    only_table = read_polis_export(tmp_path)
    assert only_table.votes == read_polis_export(LONDON).votes


def test_a_later_row_replaces_an_earlier_one(tmp_path: Path) -> None:
    (tmp_path / "comments.csv").write_text(
        "comment-id,author-id,moderated,comment-body\n1,0,1,Buses\n"
    )
    (tmp_path / "votes.csv").write_text("timestamp,comment-id,voter-id,vote\n5,1,7,1\n9,1,7,-1\n")
    participants, statements, values = read_polis_export(tmp_path).votes.latest()
    assert (participants.tolist(), statements.tolist(), values.tolist()) == ([7], [1], [-1])


def test_round_trip(tmp_path: Path) -> None:
    export = PolisExport(
        comments=[
            Comment(id=0, author=3, body='Say "hello", please', moderated=1),
            Comment(id=1, author=4, body="I am a carer", moderated=1, is_meta=True),
            Comment(id=2, author=3, body="Line one\nline two", moderated=-1),
        ],
        votes=Votes.from_triples([(3, 0, 1), (4, 0, -1), (4, 1, 0), (3, 0, -1), (5, 2, 1)]),
        groups={3: 0, 4: 1},
    )
    write_polis_export(tmp_path, export)
    back = read_polis_export(tmp_path)
    assert back == export
    (tmp_path / "votes.csv").unlink()
    assert read_polis_export(tmp_path) == export  # from participants-votes.csv alone


@pytest.mark.parametrize(
    ("file", "text", "message"),
    [
        (
            "comments.csv",
            "comment-id,author-id,comment-body\n1,2,x\n",
            "comments.csv, line 1: the header has no moderated",
        ),
        (
            "comments.csv",
            "comment-id,author-id,moderated,comment-body\n1,2,1,x\nx,2,1,y\n",
            "comments.csv, line 3: comment-id must be a whole number",
        ),
        (
            "comments.csv",
            "comment-id,author-id,moderated,comment-body\n1,2,1,x\n1,2,1,y\n",
            "comments.csv, line 3: comment 1 is listed twice",
        ),
        (
            "votes.csv",
            "timestamp,comment-id,voter-id,vote\n1,1,1,1\n2,1,2,5\n",
            "votes.csv, line 3: a vote must be 1",
        ),
        (
            "votes.csv",
            "timestamp,comment-id,voter-id,vote\n1,1,1.5,1\n",
            "votes.csv, line 2: voter-id must be a whole number",
        ),
        ("votes.csv", "", "votes.csv, line 1: the file is empty"),
    ],
)
def test_malformed_exports_name_the_file_and_line(
    tmp_path: Path, file: str, text: str, message: str
) -> None:
    (tmp_path / "comments.csv").write_text("comment-id,author-id,moderated,comment-body\n1,2,1,x\n")
    (tmp_path / "votes.csv").write_text("timestamp,comment-id,voter-id,vote\n1,1,1,1\n")
    (tmp_path / file).write_text(text)
    with pytest.raises(ExportError, match=message):
        read_polis_export(tmp_path)


def test_missing_files_and_bad_encoding(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no comments.csv"):
        read_polis_export(tmp_path)
    (tmp_path / "comments.csv").write_text("comment-id,author-id,moderated,comment-body\n1,2,1,x\n")
    with pytest.raises(ExportError, match="neither votes.csv nor participants-votes.csv"):
        read_polis_export(tmp_path)
    (tmp_path / "votes.csv").write_bytes(
        b"timestamp,comment-id,voter-id,vote\n1,1,1,1\n2,1,\xff,1\n"
    )
    with pytest.raises(ExportError, match="votes.csv, line 3: this is not UTF-8"):
        read_polis_export(tmp_path)
    with pytest.raises(ExportError, match="no folder"):
        read_polis_export(tmp_path / "nowhere")


# votes.csv read by columns (pyarrow) and row by row (the csv module) --------------------
#
# The column reader takes only files it can read exactly as the row reader does and
# hands every other file to the row reader, which reads it or words the error. These
# tests hold the row reader as the reference.

VOTES_HEADER = ["timestamp", "datetime", "comment-id", "voter-id", "vote"]


def _arrays(votes: Votes) -> tuple[list[int], list[int], list[int]]:
    """Every entry in the order read, not only the latest: the two readers must agree on
    the order as well, since a later row replaces an earlier one."""
    return votes.participants.tolist(), votes.statements.tolist(), votes.values.tolist()


def _both(path: Path) -> tuple[Votes | None, Votes | str]:
    """(what the column reader gives, what the row reader gives or its message)."""
    fast = polis_io._read_vote_events_by_column(path)
    try:
        slow: Votes | str = polis_io._read_vote_events_by_row(path)
    except ExportError as error:
        slow = str(error)
    return fast, slow


@contextmanager
def small_pieces(chunk: int, field_limit: int) -> Iterator[None]:
    """The column reader looking at the file `chunk` bytes at a time, and reading files of
    at least `chunk` bytes in two halves at once, and the csv module's field limit (which
    both readers obey) set to `field_limit`: so that short files test lines and
    characters cut across chunks, halves that meet anywhere, and lines near the limit."""
    before = csv.field_size_limit(field_limit)
    try:
        with patch.object(polis_io, "_CHUNK", chunk), patch.object(polis_io, "_SPLIT", chunk):
            yield
    finally:
        csv.field_size_limit(before)


pieces = st.tuples(st.sampled_from([1, 2, 7, 64, 8 << 20]), st.sampled_from([40, 90, 131_072]))


def _public(path: Path) -> Votes | str:
    try:
        return polis_io._read_vote_events(path)
    except ExportError as error:
        return str(error)


vote_rows = st.lists(
    st.tuples(
        st.integers(0, 2**40),  # timestamp
        st.integers(-(2**62), 2**62),  # comment-id
        st.integers(-(2**62), 2**62),  # voter-id
        st.sampled_from([-1, 0, 1]),
    ),
    max_size=40,
)


@st.composite
def vote_files(draw: st.DrawFn) -> bytes:
    """A well-formed votes.csv as Polis or a spreadsheet might write it: any column order,
    extra columns, \\n or \\r\\n, a byte order mark, blank lines, with or without a last
    newline."""
    rows = draw(vote_rows)
    columns = draw(st.permutations([*VOTES_HEADER, "xid"]))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    lines = [",".join(columns)]
    for timestamp, comment, voter, vote in rows:
        cells = {
            "timestamp": str(timestamp),
            "datetime": "Wed Jul 27 21:56:00 WIB 2022",
            "comment-id": str(comment),
            "voter-id": str(voter),
            "vote": str(vote),
            "xid": draw(st.sampled_from(["", "a1", "émile", "ŵ€😀"])),
        }
        lines.append(",".join(cells[c] for c in columns))
        if draw(st.integers(0, 9)) == 0:
            lines.append("")
    text = end.join(lines) + (end if draw(st.booleans()) else "")
    bom = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    return bom + text.encode()


@settings(max_examples=150)
@given(vote_files(), st.sampled_from([1, 7, 64, 8 << 20]))
def test_well_formed_votes_are_read_by_columns_exactly_as_by_rows(data: bytes, chunk: int) -> None:
    with tempfile.TemporaryDirectory() as folder, small_pieces(chunk, 131_072):
        path = Path(folder) / "votes.csv"
        path.write_bytes(data)
        fast, slow = _both(path)
    assert fast is not None, "a well-formed file should be read by columns"
    assert isinstance(slow, Votes)
    assert _arrays(fast) == _arrays(slow)


# Cells and lines that are wrong, or odd but readable, in a votes.csv.
ODD_CELLS = [
    "",
    " ",
    " 7",
    "7 ",
    "\t7",
    "+7",
    "07",
    "-0",
    "0x1",
    "0X1F",
    "1.0",
    "1e3",
    "1_0",
    "NA",
    "nan",
    "null",
    "true",
    "١",
    "７",
    "2",
    "-2",
    "99999999999999999999",
    "9223372036854775807",
    "-9223372036854775808",
    "-9223372036854775809",
    '"1"',
    '"1',
    '1"',
    '"1"""',
    '"a\nb"',
    "x" * 140_000,
]


@st.composite
def spoilt_vote_files(draw: st.DrawFn) -> bytes:
    """A well-formed votes.csv with one thing changed: a cell, a line, the header or a
    byte."""
    data = draw(vote_files())
    text = data.decode("utf-8-sig")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    change = draw(st.sampled_from(["cell", "line", "header", "byte"]))
    if change == "cell" and len(lines) > 1:
        row = draw(st.integers(1, len(lines) - 1))
        cells = lines[row].split(",")
        cells[draw(st.integers(0, len(cells) - 1))] = draw(st.sampled_from(ODD_CELLS))
        lines[row] = ",".join(cells)
    elif change == "line":
        where = draw(st.integers(1, len(lines)))
        odd_line = draw(st.sampled_from([",,,,,", " , , , , ", "   ", "1,2", "1,2,3,4,5,6,7"]))
        lines.insert(where, odd_line)
    elif change == "header":
        header = lines[0].split(",")
        header[draw(st.integers(0, len(header) - 1))] = draw(
            st.sampled_from(["vote", "voter-id", "comment-id", "Vote", " vote", '"vote"'])
        )
        lines[0] = ",".join(header)
    spoilt = "\n".join(lines).encode()
    if change == "byte":
        where = draw(st.integers(0, len(spoilt)))
        odd_byte = draw(st.sampled_from([b"\x00", b"\xff", b"\xc3", b'"', b"\r", b"\n", b","]))
        spoilt = spoilt[:where] + odd_byte + spoilt[where:]
    return spoilt


@settings(max_examples=300)
@given(spoilt_vote_files(), pieces)
def test_any_votes_csv_reads_or_fails_as_it_did_row_by_row(
    data: bytes, sizes: tuple[int, int]
) -> None:
    with tempfile.TemporaryDirectory() as folder, small_pieces(*sizes):
        path = Path(folder) / "votes.csv"
        path.write_bytes(data)
        fast, slow = _both(path)
        public = _public(path)
    if fast is not None:  # taken by columns: the row reader must read the very same
        assert isinstance(slow, Votes)
        assert _arrays(fast) == _arrays(slow)
    if isinstance(slow, str):
        assert public == slow  # the same message, naming the same line
    else:
        assert isinstance(public, Votes) and _arrays(public) == _arrays(slow)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("0x1", "votes.csv, line 3: voter-id must be a whole number, not “0x1”."),
        ("", "votes.csv, line 3: voter-id must be a whole number, not “”."),
        ("+1.5", "votes.csv, line 3: voter-id must be a whole number, not “+1.5”."),
        ("١x", "votes.csv, line 3: voter-id must be a whole number, not “١x”."),
        ("x" * 140_000, "votes.csv, line 3: field larger than field limit (131072)."),
        (
            "9223372036854775808",
            "votes.csv, line 3: voter-id is too big a number: 9223372036854775808.",
        ),
    ],
)
def test_cells_pyarrow_would_read_differently_get_todays_message(
    tmp_path: Path, cell: str, message: str
) -> None:
    (tmp_path / "comments.csv").write_text("comment-id,author-id,moderated,comment-body\n1,2,1,x\n")
    (tmp_path / "votes.csv").write_text(
        f"timestamp,comment-id,voter-id,vote\n1,1,1,1\n2,1,{cell},1\n3,1,2,1\n"
    )
    with pytest.raises(ExportError) as caught:
        read_polis_export(tmp_path)
    assert str(caught.value) == message


def test_odd_but_readable_votes_read_as_before(tmp_path: Path) -> None:
    """Spaces round a number, a quoted number, \\r\\n, a line of empty cells and a byte
    order mark: the row reader always took these, and still does."""
    (tmp_path / "votes.csv").write_bytes(
        b'\xef\xbb\xbftimestamp,comment-id,voter-id,vote\r\n1, 4 ,"7",1\r\n,,,\r\n2,5,+8,-1\r\n'
    )
    votes = polis_io._read_vote_events(tmp_path / "votes.csv")
    assert _arrays(votes) == ([7, 8], [4, 5], [1, -1])


def test_a_big_export_is_read_by_columns(tmp_path: Path) -> None:
    """The column reader takes a plain Polis votes.csv (not a test of speed: of which
    reader reads it)."""
    lines = ["timestamp,datetime,comment-id,voter-id,vote"]
    lines += [
        f"{i},Wed Jul 27 21:56:00 WIB 2022,{i % 37},{i // 37},{i % 3 - 1}" for i in range(5000)
    ]
    (tmp_path / "votes.csv").write_text("\n".join(lines) + "\n")
    fast = polis_io._read_vote_events_by_column(tmp_path / "votes.csv")
    assert fast is not None
    assert _arrays(fast) == _arrays(polis_io._read_vote_events_by_row(tmp_path / "votes.csv"))
    assert len(fast) == 5000 and fast.values.tolist()[:4] == [-1, 0, 1, -1]
