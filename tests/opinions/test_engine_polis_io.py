"""Reading and writing Polis's CSV export folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from equalvoice.opinions.engine import (
    Comment,
    ExportError,
    PolisExport,
    Votes,
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
