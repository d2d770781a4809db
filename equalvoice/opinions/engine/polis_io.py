"""Reading and writing Polis's CSV export folder.

A folder holds `comments.csv` and the votes, either as `votes.csv` (one row per vote
cast, oldest first: a later row for the same person and comment replaces an earlier
one) or as `participants-votes.csv` (one row per person, with their latest vote on each
comment and the group Polis put them in). Votes use agree = 1, disagree = -1, pass = 0.
"""

from __future__ import annotations

import codecs
import csv
import io
import mmap
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np

from .matrix import IntArray, Votes

COMMENT_COLUMNS = ("comment-id", "author-id", "moderated", "comment-body")
VOTE_COLUMNS = ("comment-id", "voter-id", "vote")
VOTE_ORDER = ("voter-id", "comment-id", "vote")  # as Votes takes them
PARTICIPANT_COLUMNS = ("participant", "group-id")


def gettext_noop(message: str) -> str:
    """Marks a message for translation without translating it: Django's makemessages finds
    this name, and the platform translates `ExportError.template` (the engine imports no
    Django and speaks English, as the command line does)."""
    return message


class ExportError(ValueError):
    """A Polis export that cannot be read. The message names the file and line.
    `template` (with `%(name)s` places) and `params` let the platform say it in the
    reader's language."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template % params)


@dataclass(frozen=True)
class Comment:
    """One comment (a statement): `moderated` is 1 (shown), 0 (not yet checked) or -1
    (moderated out)."""

    id: int
    author: int
    body: str
    moderated: int = 1
    is_meta: bool = False


@dataclass(frozen=True)
class PolisExport:
    """A conversation as Polis exports it: the comments, the votes and (when the export
    has them) the group Polis put each participant in."""

    comments: list[Comment]
    votes: Votes
    groups: dict[int, int] = field(default_factory=dict)

    @property
    def moderated_out(self) -> list[int]:
        """Ids of the comments moderated out."""
        return [c.id for c in self.comments if c.moderated < 0]

    @property
    def meta(self) -> list[int]:
        """Ids of the meta comments."""
        return [c.id for c in self.comments if c.is_meta]


def _rows(path: Path, needed: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row of a CSV file that must have `needed` columns."""
    name = path.name
    if not path.is_file():
        raise ExportError(gettext_noop("%(name)s: the export has no %(name)s file."), name=name)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise ExportError(
            gettext_noop("%(name)s, line %(line)s: this is not UTF-8 text."), name=name, line=line
        ) from error
    except OSError as error:
        raise ExportError(
            gettext_noop("%(name)s: we could not read this file."), name=name
        ) from error
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ExportError(
            gettext_noop("%(name)s, line 1: the file is empty; it needs a header line."), name=name
        ) from None
    except csv.Error as error:
        raise ExportError(
            gettext_noop("%(name)s, line 1: %(error)s."), name=name, error=error
        ) from error
    missing = [c for c in needed if c not in header]
    if missing:
        raise ExportError(
            gettext_noop("%(name)s, line 1: the header has no %(columns)s column."),
            name=name,
            columns=", ".join(missing),
        )
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise ExportError(
                    gettext_noop(
                        "%(name)s, line %(line)s: this line has more cells than the header."
                    ),
                    name=name,
                    line=reader.line_num,
                )
            yield reader.line_num, dict(zip(header, row, strict=False))
    except csv.Error as error:
        raise ExportError(
            gettext_noop("%(name)s, line %(line)s: %(error)s."),
            name=name,
            line=reader.line_num,
            error=error,
        ) from error


_BIGGEST = 2**63 - 1  # ids are kept as 64-bit numbers


def _int(name: str, line: int, column: str, text: str | None) -> int:
    try:
        value = int((text or "").strip())
    except ValueError:
        raise ExportError(
            gettext_noop(
                "%(name)s, line %(line)s: %(column)s must be a whole number, not “%(text)s”."
            ),
            name=name,
            line=line,
            column=column,
            text=text or "",
        ) from None
    if not -_BIGGEST - 1 <= value <= _BIGGEST:
        raise ExportError(
            gettext_noop("%(name)s, line %(line)s: %(column)s is too big a number: %(value)s."),
            name=name,
            line=line,
            column=column,
            value=value,
        )
    return value


def _vote(name: str, line: int, column: str, text: str | None) -> int:
    value = _int(name, line, column, text)
    if value not in (-1, 0, 1):
        raise ExportError(
            gettext_noop(
                "%(name)s, line %(line)s: a vote must be 1 (agree), -1 (disagree) or 0 (pass), "
                "not %(value)s."
            ),
            name=name,
            line=line,
            value=value,
        )
    return value


def _is_meta(text: str | None) -> bool:
    return (text or "").strip().lower() in ("1", "true", "t", "yes")


def read_comments(folder: Path) -> list[Comment]:
    """The comments in `comments.csv`."""
    comments = []
    seen: set[int] = set()
    for line, row in _rows(folder / "comments.csv", COMMENT_COLUMNS):
        cid = _int("comments.csv", line, "comment-id", row.get("comment-id"))
        if cid in seen:
            raise ExportError(
                gettext_noop("comments.csv, line %(line)s: comment %(id)s is listed twice."),
                line=line,
                id=cid,
            )
        seen.add(cid)
        author_text = (row.get("author-id") or "").strip()
        comments.append(
            Comment(
                id=cid,
                author=_int("comments.csv", line, "author-id", author_text) if author_text else -1,
                body=row.get("comment-body") or "",
                moderated=_int("comments.csv", line, "moderated", row.get("moderated")),
                is_meta=_is_meta(row.get("is-meta")),
            )
        )
    return comments


def _read_vote_events(path: Path) -> Votes:
    """The votes in a votes.csv file: read by columns when the file is plainly well formed,
    else row by row (which reads what it can and words the error for what it cannot)."""
    votes = _read_vote_events_by_column(path)
    return votes if votes is not None else _read_vote_events_by_row(path)


_CHUNK = 8 << 20  # bytes of a file looked at at once (tests make it smaller)


def _plain_bytes(data: mmap.mmap, mark: int = 0) -> tuple[int, int] | None:
    """The number of newlines in a file whose bytes are UTF-8 without NUL characters or
    quotes, with no line as long as the csv module's field limit (so no cell can be
    longer), and how many of them come before byte `mark`; None for any other file."""
    if data.find(b"\x00") >= 0 or data.find(b'"') >= 0:
        return None
    # Every stretch of half the limit holds a line end, so no line reaches the limit: a
    # search per stretch, each stopping at the first line end (a file with a line of
    # between half the limit and the limit goes row by row, which reads it the same).
    half = max(csv.field_size_limit() // 2, 1)
    if any(data.find(b"\n", at, at + half) < 0 for at in range(0, len(data) - half + 1, half)):
        return None
    every = np.frombuffer(data, dtype=np.uint8)
    decoder = codecs.getincrementaldecoder("utf-8")()
    newlines = before = 0
    decoding = False  # from the first byte that is not ASCII on, every byte is decoded
    for start in range(0, len(every), _CHUNK):
        chunk = every[start : start + _CHUNK]
        decoding = decoding or bool(chunk.max() >= 0x80)
        if decoding:
            try:
                decoder.decode(chunk.tobytes())
            except UnicodeDecodeError:
                return None
        cut = min(max(mark - start, 0), len(chunk))
        if cut:
            before += int(np.count_nonzero(chunk[:cut] == ord("\n")))
        newlines += int(np.count_nonzero(chunk[cut:] == ord("\n")))
    try:
        decoder.decode(b"", final=True)  # a character cut short at the very end
    except UnicodeDecodeError:
        return None
    return newlines + before, before


def _read_vote_events_by_column(path: Path) -> Votes | None:
    """The votes in a votes.csv file read by columns with pyarrow's CSV reader, or None
    when the file is anything but plainly well formed: then the row-by-row reader reads it
    (or words its error). So whatever this accepts, the row-by-row reader reads the same.

    Plainly well formed: UTF-8 without NUL characters or quotes, no line as long as the
    csv module's field limit, a header naming each needed column once, the same number of
    cells on every line, and every needed cell a whole number in decimal digits (pyarrow
    also reads 0x1 as 1; such files go row by row), votes 1, -1 or 0.

    The file is mapped into memory rather than read: the system's page cache is read in
    place, with no copy (a copy of a 100 MB file costs about half a second of system time
    here, page by page)."""
    try:
        with open(path, "rb") as file:
            if os.fstat(file.fileno()).st_size == 0:
                return None
            data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    start = 3 if data[:3] == b"\xef\xbb\xbf" else 0  # what utf-8-sig drops
    ends = [e for e in (data.find(b"\n", start), data.find(b"\r", start)) if e >= 0]
    body = min(ends) if ends else len(data)
    middle = _middle(data, body) if len(data) - start >= _SPLIT else None
    counted = None if len(data) == start else _plain_bytes(data, middle or 0)
    if counted is None:
        return None
    newlines, before_middle = counted
    header = data[start:body].decode("utf-8").split(",")
    if any(header.count(column) != 1 for column in VOTE_COLUMNS):
        return None
    if body == len(data):  # the header alone, with no line end
        return Votes.from_triples([])
    import pyarrow as pa  # here, not at the top: the app's other pages never need it
    import pyarrow.csv as pacsv

    # pyarrow reads 0x1F as 31, where Python's int() (and so the row reader) refuses it:
    # when a line has an x, the needed cells are read as text and checked to be digits.
    hex_possible = data.find(b"x", body) >= 0 or data.find(b"X", body) >= 0
    kind = pa.string() if hex_possible else pa.int64()
    try:
        # jemalloc hands pyarrow's blocks back for reuse without returning them to the
        # system: about a tenth of the page faults of the default pool, here.
        pool = pa.jemalloc_memory_pool()
    except NotImplementedError:  # a pyarrow built without it
        pool = pa.default_memory_pool()
    columns = _Columns(size=newlines + 1)
    if middle is not None:
        # Two halves at once, each from its own streaming reader (which works on one
        # thread), into the same arrays: the second half's rows start after as many rows
        # as the first half has line ends, and move down if it had blank lines.
        first_room = before_middle - 1  # the header's line end is one of them
        whole = pa.py_buffer(data)
        second: list[int | None] = [None]

        def read_second() -> None:
            second[0] = _read_part(
                whole.slice(middle), header, 0, kind, hex_possible, pool, columns, first_room
            )

        helper = threading.Thread(target=read_second)
        helper.start()
        first = _read_part(
            whole.slice(start, middle - start), header, 1, kind, hex_possible, pool, columns, 0
        )
        helper.join()
        if first is None or second[0] is None or first > first_room:
            return None
        rows = int(second[0])
        if first < first_room:
            for array in (columns.participants, columns.statements, columns.values):
                array[first : first + rows] = array[first_room : first_room + rows].copy()
        columns.filled = first + rows
        return columns.votes()
    try:
        for batch in pacsv.open_csv(
            pa.BufferReader(pa.py_buffer(data).slice(start)),
            **_csv_options(header, 1, kind),
            memory_pool=pool,
        ):
            three = _checked(batch, hex_possible)
            if three is None:
                return None
            columns.add(*three)
    except (pa.ArrowException, ValueError):
        return None
    return columns.votes()


_SPLIT = 32 << 20  # a votes.csv this big is read in two halves at once (tests make it smaller)


def _middle(data: mmap.mmap, body: int) -> int | None:
    """Where a second half of the file can start: just after the first line end past the
    middle and past the header (which ends at `body`). None when a line could end in a
    lone \r (the halves then could not be told apart by newlines) or there is no such
    place."""
    if data.find(b"\r") >= 0:
        return None
    end = data.find(b"\n", max(len(data) // 2, body + 1))
    return end + 1 if 0 <= end < len(data) - 1 else None


def _csv_options(header: list[str], skip_rows: int, kind: Any) -> dict[str, Any]:
    """pyarrow's options for the needed columns of a plainly well-formed votes.csv."""
    import pyarrow.csv as pacsv

    return {
        "read_options": pacsv.ReadOptions(column_names=header, skip_rows=skip_rows),
        "convert_options": pacsv.ConvertOptions(
            column_types=dict.fromkeys(VOTE_COLUMNS, kind),
            include_columns=list(VOTE_COLUMNS),
            null_values=[""],
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
        "parse_options": pacsv.ParseOptions(quote_char=False, newlines_in_values=False),
    }


def _checked(batch: Any, hex_possible: bool) -> tuple[IntArray, IntArray, IntArray] | None:
    """A batch's participants, statements and votes, or None when a cell is not a whole
    number or a vote is not 1, -1 or 0."""
    three = [_whole_numbers(batch.column(name), hex_possible) for name in VOTE_ORDER]
    if any(column is None for column in three):
        return None
    participants, statements, values = cast(list[IntArray], three)
    if len(values) and (values.min() < -1 or values.max() > 1):
        return None
    return participants, statements, values


def _read_part(
    buffer: Any,
    header: list[str],
    skip_rows: int,
    kind: Any,
    hex_possible: bool,
    pool: Any,
    columns: _Columns,
    at: int,
) -> int | None:
    """Read part of a votes.csv into `columns` from row `at` on, without growing them:
    the number of rows read, or None when the part is not plainly well formed or has more
    rows than there is room for."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    filled = at
    try:
        for batch in pacsv.open_csv(
            pa.BufferReader(buffer), **_csv_options(header, skip_rows, kind), memory_pool=pool
        ):
            three = _checked(batch, hex_possible)
            if three is None:
                return None
            end = filled + len(three[2])
            if end > len(columns.values):
                return None
            columns.participants[filled:end] = three[0]
            columns.statements[filled:end] = three[1]
            columns.values[filled:end] = three[2]
            filled = end
    except (pa.ArrowException, ValueError):
        return None
    return filled - at


def _whole_numbers(column: Any, as_text: bool) -> IntArray | None:
    """A column of a batch as int64, or None when a cell is empty (or, read as text, is
    not plain decimal digits that fit in 64 bits)."""
    import pyarrow as pa

    if column.null_count:
        return None
    if as_text:
        import pyarrow.compute as pc  # half of pyarrow's import time: only when needed

        if not pc.all(pc.match_substring_regex(column, r"^-?[0-9]{1,19}$")).as_py():
            return None
        try:
            column = pc.cast(column, pa.int64())
        except pa.ArrowException:  # beyond 64 bits, as the row reader will say
            return None
    numbers: IntArray = column.to_numpy()
    return numbers


class _Columns:
    """Votes filled batch by batch into arrays made once, at the number of lines."""

    def __init__(self, size: int) -> None:
        self.participants = np.empty(size, dtype=np.int64)
        self.statements = np.empty(size, dtype=np.int64)
        self.values = np.empty(size, dtype=np.int8)
        self.filled = 0

    def add(self, participants: IntArray, statements: IntArray, values: IntArray) -> None:
        start, end = self.filled, self.filled + len(values)
        if end > len(self.values):  # lines ended by \r alone: more rows than newlines
            grown = max(end, 2 * len(self.values))
            self.participants = np.resize(self.participants, grown)
            self.statements = np.resize(self.statements, grown)
            self.values = np.resize(self.values, grown)
        self.participants[start:end] = participants
        self.statements[start:end] = statements
        self.values[start:end] = values
        self.filled = end

    def votes(self) -> Votes:
        n = self.filled
        return Votes(self.participants[:n], self.statements[:n], self.values[:n])


def _read_vote_events_by_row(path: Path) -> Votes:
    """The votes in a votes.csv file, read row by row with the csv module: each check
    names the line it fails on."""
    triples = []
    for line, row in _rows(path, VOTE_COLUMNS):
        triples.append(
            (
                _int(path.name, line, "voter-id", row.get("voter-id")),
                _int(path.name, line, "comment-id", row.get("comment-id")),
                _vote(path.name, line, "vote", row.get("vote")),
            )
        )
    return Votes.from_triples(triples)


def _read_participant_votes(path: Path) -> tuple[Votes, dict[int, int]]:
    triples = []
    groups: dict[int, int] = {}
    for line, row in _rows(path, PARTICIPANT_COLUMNS):
        pid = _int(path.name, line, "participant", row.get("participant"))
        group = (row.get("group-id") or "").strip()
        if group:
            groups[pid] = _int(path.name, line, "group-id", group)
        for column, cell in row.items():
            if column is None or not column.strip().lstrip("-").isdigit():
                continue
            if cell is not None and cell.strip():
                triples.append(
                    (pid, int(column), _vote(path.name, line, f"comment {column}", cell))
                )
    return Votes.from_triples(triples), groups


def read_polis_export(folder: str | Path) -> PolisExport:
    """Read a Polis export folder. Votes come from `votes.csv` when there is one, else
    from `participants-votes.csv`; Polis's groups from `participants-votes.csv` when there
    is one. Raises `ExportError` naming the file and line when the export is malformed."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ExportError(
            gettext_noop("%(folder)s: there is no folder with this name."), folder=folder
        )
    comments = read_comments(folder)
    events, table = folder / "votes.csv", folder / "participants-votes.csv"
    if not events.exists() and not table.exists():
        raise ExportError(
            gettext_noop("votes.csv: the export has neither votes.csv nor participants-votes.csv.")
        )
    groups: dict[int, int] = {}
    if table.exists():
        table_votes, groups = _read_participant_votes(table)
    votes = _read_vote_events(events) if events.exists() else table_votes
    return PolisExport(comments=comments, votes=votes, groups=groups)


def write_polis_export(folder: str | Path, export: PolisExport) -> None:
    """Write `comments.csv`, `votes.csv` (one row per latest vote) and
    `participants-votes.csv` (with each participant's group, blank when none) into
    `folder`, in Polis's format, so that `read_polis_export` reads back the same export."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    participants, statements, values = export.votes.latest()
    agrees = dict.fromkeys((c.id for c in export.comments), 0)
    disagrees = dict.fromkeys((c.id for c in export.comments), 0)
    for s, v in zip(statements.tolist(), values.tolist(), strict=True):
        if v == 1 and s in agrees:
            agrees[s] += 1
        elif v == -1 and s in disagrees:
            disagrees[s] += 1
    with open(folder / "comments.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "comment-id",
                "author-id",
                "agrees",
                "disagrees",
                "moderated",
                "is-meta",
                "comment-body",
            ]
        )
        for c in export.comments:
            writer.writerow(
                [c.id, c.author, agrees[c.id], disagrees[c.id], c.moderated, int(c.is_meta), c.body]
            )
    with open(folder / "votes.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["timestamp", "comment-id", "voter-id", "vote"])
        for i, (p, s, v) in enumerate(
            zip(participants.tolist(), statements.tolist(), values.tolist(), strict=True)
        ):
            writer.writerow([i, s, p, v])
    columns = sorted({c.id for c in export.comments} | set(statements.tolist()))
    where = {s: i for i, s in enumerate(columns)}
    people = sorted(set(participants.tolist()) | set(export.groups))
    with open(folder / "participants-votes.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree", *columns]
        )
        authored: dict[int, int] = {}
        for c in export.comments:
            authored[c.author] = authored.get(c.author, 0) + 1
        start = np.searchsorted(participants, people)
        stop = np.searchsorted(participants, people, side="right")
        for pid, a, b in zip(people, start.tolist(), stop.tolist(), strict=True):
            cells = [""] * len(columns)
            mine = values[a:b]
            for s, v in zip(statements[a:b].tolist(), mine.tolist(), strict=True):
                cells[where[s]] = str(v)
            group = export.groups.get(pid)
            writer.writerow(
                [
                    pid,
                    "" if group is None else group,
                    authored.get(pid, 0),
                    len(mine),
                    int((mine == 1).sum()),
                    int((mine == -1).sum()),
                    *cells,
                ]
            )
