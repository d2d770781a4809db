"""Work out a conversation's results with the engine and keep them on the conversation.

Called by the `update_results` task (never during a vote). The engine's state (its
smoother and warm starts) is kept between updates, so the groups stay steady as votes
arrive.

Votes come out of the database straight into numpy arrays: PostgreSQL's binary COPY, or
a plain SQLite cursor, with no model object per vote. An update is incremental when it
can be (docs/opinions.md, "The incremental path"): this process keeps the last vote
matrix it worked on, in memory, with the conversation's `results_epoch` and the time it
last read; the next update reads only the votes cast or changed since a little before
that time (`EQUALVOICE_RESULTS_OVERLAP_SECONDS`) and sets each cell to its current
value. A statement shown or taken out, or a perspective changed, raises the epoch; a
participant or statement deleted (with its votes, however it happened) shows as fewer of
the rows the kept matrix was read beside. An update reads every vote again when this
process kept no matrix, when the epoch has changed, when rows it read beside are gone,
or when the latest results are not the ones it saved (another process saved newer ones,
or the database was restored). So the kept matrix only ever saves time: results never depend
on finding it."""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Sum
from django.utils import timezone

from equalvoice.core.selectors import minimum_group_size

from .engine import State, Votes, analyse
from .engine.matrix import KeptVotes
from .engine.result import Maps
from .models import Conversation, Participant, ResultsPeople, Statement
from .people import pack

# Reading votes straight into arrays ----------------------------------------------------

# PostgreSQL: one binary COPY of one row, three arrays (participant ids, statement ids,
# values; array_agg keeps the same order in all three). A row per vote would cost a
# Python call per vote in the client; arrays cost one. The COPY data: a 19-byte header,
# the row's field count (int16), each field's length (int32, -1 for NULL: no votes) and
# bytes, and a 2-byte trailer. An array's bytes: its number of dimensions, a flag, its
# element type and, per dimension, its size and lower bound (int32 each), then each
# element's length (int32) and value, all big-endian.
_COPY_HEADER = 19
_ARRAY_HEADER = 20

_COLUMNS = (
    "SELECT CAST(v.participant_id AS BIGINT) AS participant,"
    " CAST(v.statement_id AS BIGINT) AS statement, CAST(v.value AS BIGINT) AS value"
)
_VOTES = (
    _COLUMNS + " FROM opinions_vote v"
    " JOIN opinions_participant p ON p.id = v.participant_id WHERE p.conversation_id = %s"
)
# The votes since a time: through the index on voted_at. CROSS JOIN makes SQLite start
# from the votes (it would otherwise start from the conversation's participants and look
# at every vote); PostgreSQL plans it as the join it is.
_VOTES_SINCE = (
    _COLUMNS + " FROM opinions_vote v CROSS JOIN opinions_participant p"
    " WHERE p.id = v.participant_id AND p.conversation_id = %s AND v.voted_at >= %s"
)
_AS_ARRAYS = (
    "COPY (SELECT array_agg(participant), array_agg(statement), array_agg(value)"
    " FROM ({votes}) AS votes) TO STDOUT (FORMAT BINARY)"
)


def _vote_query(since: bool) -> str:
    """Every vote of a conversation, or those cast or changed since a time."""
    return _VOTES_SINCE if since else _VOTES


def _copied_arrays(data: bytes) -> npt.NDArray[np.int64]:
    """The COPY data of one row of three bigint arrays, as an n × 3 array."""
    view = memoryview(data)
    at = _COPY_HEADER + 2  # the header, then the row's field count
    columns = []
    for _ in range(3):
        size = int.from_bytes(view[at : at + 4], "big", signed=True)
        at += 4
        if size < 0:  # NULL: no rows
            return np.zeros((0, 3), dtype=np.int64)
        count = (size - _ARRAY_HEADER) // 12
        cells = np.frombuffer(
            view,
            dtype=np.dtype([("size", ">i4"), ("value", ">i8")]),
            count=count,
            offset=at + _ARRAY_HEADER,
        )
        columns.append(cells["value"].astype(np.int64))
        at += size
    return np.column_stack(columns)


def _read_postgresql(query: str, params: list[Any]) -> npt.NDArray[np.int64]:
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor
        chunks = []
        with raw.copy(_AS_ARRAYS.format(votes=query), params) as copy:
            while chunk := copy.read():
                chunks.append(bytes(chunk))
    return _copied_arrays(b"".join(chunks))


def _read_plain(query: str, params: list[Any]) -> npt.NDArray[np.int64]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        flat = np.fromiter(itertools.chain.from_iterable(cursor.cursor), dtype=np.int64)
    return flat.reshape(-1, 3)


def read_votes(conversation_id: int, since: datetime | None = None) -> Votes:
    """A conversation's votes as arrays (one per participant and statement): all of
    them, or those cast or changed at or after `since`."""
    query = _vote_query(since is not None)
    params: list[Any] = [conversation_id]
    if since is not None:
        params.append(connection.ops.adapt_datetimefield_value(since))
    if connection.vendor == "postgresql":
        table = _read_postgresql(query, params)
    else:
        table = _read_plain(query, params)
    return Votes(participants=table[:, 0], statements=table[:, 1], values=table[:, 2])


def votes_of(conversation: Conversation) -> Votes:
    """Every vote of the conversation as arrays."""
    return read_votes(conversation.pk)


# What this process keeps between updates ----------------------------------------------


@dataclass(frozen=True)
class _Rows:
    """One table's rows of a conversation at a read, in two parts: those made before
    `settled` (the read's time less the overlap), which had surely committed by then, as
    the overlap assumes for votes, so that set can only ever shrink: how many, and the sum
    of their ids; and the ids of those made since, which may still have been committing."""

    settled: datetime
    count: int
    id_sum: int
    recent: frozenset[int]


def _rows_now(
    conversation_id: int, kept: _Kept | None, read_at: datetime
) -> tuple[tuple[_Rows, _Rows], bool]:
    """The conversation's participants and statements now, and whether every row the
    kept matrix was read beside is still there. A deletion, however it happened (a
    cascade, a shell), leaves fewer settled rows (or another sum of their ids) or takes
    away a recent one; a row committed late (many people joining at once commit out of
    the order of their ids) only adds, and its votes come with the overlap, so it needs
    no full read. Two queries per table, through the index on (conversation, created
    at, id): the rows made before the earlier of the two times counted and summed from
    the index alone, and the few made since listed, with which side of each time they
    fall; no signal needed."""
    settled = read_at - _overlap()
    now = []
    still_there = True
    tables: tuple[QuerySet[Any], QuerySet[Any]] = (
        Participant.objects.filter(conversation_id=conversation_id),
        Statement.objects.filter(conversation_id=conversation_id),
    )
    for number, rows in enumerate(tables):
        before = kept.rows[number] if kept is not None else None
        then = before.settled if before is not None else settled
        first = min(then, settled)
        found = rows.filter(created_at__lt=first).aggregate(count=Count("id"), id_sum=Sum("id"))
        # Usually a few rows (those made in the last minutes), read as ids and flags.
        made_since = list(
            rows.filter(created_at__gte=first)
            .annotate(
                fresh=ExpressionWrapper(Q(created_at__gte=settled), BooleanField()),
                after_then=ExpressionWrapper(Q(created_at__gte=then), BooleanField()),
            )
            .order_by()
            .values_list("id", "fresh", "after_then")
        )
        base_count, base_sum = found["count"], found["id_sum"] or 0
        settled_ids = [pk for pk, fresh, _ in made_since if not fresh]
        then_ids = [pk for pk, _, after in made_since if not after]
        now.append(
            _Rows(
                settled=settled,
                count=base_count + len(settled_ids),
                id_sum=base_sum + sum(settled_ids),
                recent=frozenset(pk for pk, fresh, _ in made_since if fresh),
            )
        )
        if before is not None and (
            base_count + len(then_ids) != before.count
            or base_sum + sum(then_ids) != before.id_sum
            or not before.recent <= {pk for pk, _, _ in made_since}
        ):
            still_there = False
    return (now[0], now[1]), still_there


@dataclass(frozen=True)
class _Kept:
    """One conversation's vote matrix as this process last worked on it."""

    epoch: int
    read_at: datetime  # when the read that made it began
    rows: tuple[_Rows, _Rows]  # the participants and statements there at that read
    votes: KeptVotes
    results_at: datetime  # when the results worked out from it were saved
    state: State
    maps: Maps


_kept: OrderedDict[int, _Kept] = OrderedDict()
# How the last update in this process went (seconds; for benchmarks and logs).
last_timings: dict[str, Any] = {}
_kept_lock = threading.Lock()
# The parts of an update, in the order the log line gives them.
_PARTS = ("total", "cpu", "flag", "prepare", "read", "apply", "maths", "save", "write")
log = logging.getLogger(__name__)


def _overlap() -> timedelta:
    return timedelta(seconds=settings.EQUALVOICE_RESULTS_OVERLAP_SECONDS)


def _remember(conversation_id: int, kept: _Kept) -> None:
    with _kept_lock:
        _kept[conversation_id] = kept
        _kept.move_to_end(conversation_id)
        while len(_kept) > max(settings.EQUALVOICE_RESULTS_KEEP, 0):
            _kept.popitem(last=False)


def _recall(conversation_id: int) -> _Kept | None:
    with _kept_lock:
        return _kept.get(conversation_id)


def forget_kept() -> None:
    """Drop every kept matrix (tests, and a process that wants its memory back)."""
    with _kept_lock:
        _kept.clear()


def analysis_inputs(conversation: Conversation) -> dict[str, Any]:
    """What the engine needs besides the votes: the statements (those waiting to be
    checked have no votes and are left out), which are taken out or meta, and each
    participant's declared perspective."""
    statements = list(
        conversation.statements.exclude(status=Statement.Status.WAITING).values_list(
            "id", "status", "is_meta"
        )
    )
    perspectives = dict(
        Participant.objects.filter(conversation=conversation)
        .exclude(perspective="")
        .values_list("id", "perspective")
    )
    return {
        "statements": [s for s, _, _ in statements],
        "moderated_out": [s for s, status, _ in statements if status == Statement.Status.HIDDEN],
        "meta": [s for s, _, meta in statements if meta],
        "perspectives": perspectives,
        "min_group_size": minimum_group_size(),
    }


# One update ----------------------------------------------------------------------------


def refresh(conversation_id: int, *, rebuild: bool = False) -> Conversation | None:
    """Work out fresh results: from the votes new since the last update when this
    process kept that update's matrix (and nothing since asked for a rebuild), otherwise
    from every vote. `rebuild` forces the latter. The waiting flag is cleared first, so
    votes that arrive while this runs ask for another update rather than being missed."""
    began, began_cpu = time.perf_counter(), time.process_time()
    Conversation.objects.filter(pk=conversation_id).update(update_waiting=False)
    cleared = time.perf_counter()
    conversation = (
        Conversation.objects.filter(pk=conversation_id).defer("results", "engine_state").first()
    )
    if conversation is None:
        return None
    inputs = analysis_inputs(conversation)
    kept = None if rebuild else _recall(conversation_id)
    # Kept only if the latest results are the ones this process saved from it, and no
    # change since has asked for a rebuild. Results saved by another process, or a
    # database restored from a backup, mean a full read.
    if kept is not None and (
        kept.epoch != conversation.results_epoch or kept.results_at != conversation.results_at
    ):
        kept = None
    read_at = timezone.now()
    rows, still_there = _rows_now(conversation_id, kept, read_at)
    if not still_there:
        kept = None
    state: State | None
    warm: Maps | None
    clock = time.perf_counter()
    if kept is None:
        new = read_votes(conversation_id)
        read = time.perf_counter()
        votes = KeptVotes.from_votes(new)
        saved = (
            Conversation.objects.filter(pk=conversation_id)
            .values_list("engine_state", flat=True)
            .first()
        )
        state, warm = (State.from_dict(saved) if saved else None), None
    else:
        new = read_votes(conversation_id, kept.read_at - _overlap())
        read = time.perf_counter()
        votes = kept.votes.with_votes(new)
        state, warm = kept.state, kept.maps
    applied = time.perf_counter()
    result = analyse(votes, state=state, warm=warm, **inputs)
    analysed = time.perf_counter()
    results_at = timezone.now()
    changes = {
        "results": result.to_dict(people=False),
        "engine_state": result.state.to_dict(),
        "results_at": results_at,
        "results_votes": result.votes,
    }
    maps = result.maps
    packed = pack(maps.participant_ids, maps.positions, maps.group_of)
    writing = time.perf_counter()
    with transaction.atomic():
        Conversation.objects.filter(pk=conversation_id).update(**changes)
        if not ResultsPeople.objects.filter(pk=conversation_id).update(packed=packed):
            ResultsPeople.objects.create(conversation_id=conversation_id, packed=packed)
    done = time.perf_counter()
    last_timings.clear()
    last_timings.update(
        incremental=kept is not None,
        votes_read=len(new),
        flag=cleared - began,
        prepare=clock - cleared,
        read=read - clock,
        apply=applied - read,
        maths=analysed - applied,
        save=done - analysed,
        write=done - writing,
        total=done - began,
        cpu=time.process_time() - began_cpu,
    )
    log.info(
        "results of conversation %s: %s update, %s votes read; %.3f s (CPU %.3f s): flag"
        " %.3f s, prepare %.3f s, read %.3f s, apply %.3f s, maths %.3f s, save %.3f s"
        " (writing %.3f s)",
        conversation_id,
        "incremental" if kept is not None else "full",
        len(new),
        *(last_timings[part] for part in _PARTS),
    )
    _remember(
        conversation_id,
        _Kept(
            epoch=conversation.results_epoch,
            read_at=read_at,
            rows=rows,
            votes=votes,
            results_at=results_at,
            state=result.state,
            maps=result.maps,
        ),
    )
    for name, value in changes.items():
        setattr(conversation, name, value)
    return conversation


# Before the first update -----------------------------------------------------------------


def warm_up() -> list[int]:
    """Read the votes of the open conversations whose results were worked out last (up to
    `EQUALVOICE_RESULTS_KEEP`, oldest first), so that this process's first update of
    each is incremental. The worker calls this as it starts (the opinions app's
    `worker_starting`): without it, the first vote after a restart waits for an update
    that reads every vote (several seconds on a big conversation, much longer under load).

    Nothing is saved, and the results do not change: the kept matrix is as an update
    would have left it, beside the engine state and the results time read with it, so the
    next update's answer is what a full update would give (the maps worked out here serve
    only as warm starts, as the last update's maps would). Results saved meanwhile, or a
    rebuild asked for, make that update read every vote, as always. Returns the
    conversations warmed."""
    keep = max(settings.EQUALVOICE_RESULTS_KEEP, 0)
    latest = (
        Conversation.objects.filter(status=Conversation.Status.OPEN, results_at__isnull=False)
        .order_by("-results_at")
        .values_list("pk", flat=True)[:keep]
    )
    warmed = []
    for conversation_id in reversed(list(latest)):
        if _warm(conversation_id):
            warmed.append(conversation_id)
    return warmed


def _warm(conversation_id: int) -> bool:
    clock = time.perf_counter()
    saved = (
        Conversation.objects.filter(pk=conversation_id)
        .values("results_epoch", "results_at", "engine_state")
        .first()
    )
    if saved is None or saved["results_at"] is None:
        return False
    conversation = Conversation.objects.only("pk", "status").get(pk=conversation_id)
    inputs = analysis_inputs(conversation)
    read_at = timezone.now()
    rows, _ = _rows_now(conversation_id, None, read_at)
    votes = KeptVotes.from_votes(read_votes(conversation_id))
    state = State.from_dict(saved["engine_state"]) if saved["engine_state"] else None
    maps = analyse(votes, state=state, **inputs).maps
    _remember(
        conversation_id,
        _Kept(
            epoch=saved["results_epoch"],
            read_at=read_at,
            rows=rows,
            votes=votes,
            results_at=saved["results_at"],
            state=state or State(),
            maps=maps,
        ),
    )
    log.info(
        "results of conversation %s: %s votes kept before the first update, in %.3f s",
        conversation_id,
        len(votes),
        time.perf_counter() - clock,
    )
    return True
