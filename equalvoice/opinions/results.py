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
value. Anything that such a read cannot see (a vote, participant or statement deleted, a
statement shown or taken out, a perspective changed) raises the epoch. An update reads
every vote again when this process kept no matrix, when the epoch has changed, or when
the latest results are not the ones it saved (another process saved newer ones, or the
database was restored). So the kept matrix only ever saves time: results never depend
on finding it."""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.db import connection
from django.utils import timezone

from equalvoice.core.selectors import minimum_group_size

from .engine import State, Votes, analyse
from .engine.matrix import KeptVotes
from .engine.result import Maps
from .models import Conversation, Participant, Statement

# Reading votes straight into arrays ----------------------------------------------------

# PostgreSQL's binary COPY: a 19-byte header, then for each row its number of fields
# (int16) and each field as a length (int32) and big-endian bytes. The query casts its
# fields so that every row is the same 32 bytes; a 2-byte trailer ends the data.
_COPY_HEADER = 19
_COPY_TRAILER = 2
_COPY_ROW = np.dtype(
    [
        ("fields", ">i2"),
        ("participant_size", ">i4"),
        ("participant", ">i8"),
        ("statement_size", ">i4"),
        ("statement", ">i8"),
        ("value_size", ">i4"),
        ("value", ">i2"),
    ]
)


_VOTES = (
    "SELECT CAST(v.participant_id AS BIGINT), CAST(v.statement_id AS BIGINT),"
    " CAST(v.value AS SMALLINT) FROM opinions_vote v"
    " JOIN opinions_participant p ON p.id = v.participant_id WHERE p.conversation_id = %s"
)


def _vote_query(since: bool) -> str:
    """Every vote of a conversation, or those cast or changed since a time."""
    return _VOTES + (" AND v.voted_at >= %s" if since else "")


def _copy_table(data: bytes) -> npt.NDArray[np.int64]:
    """PostgreSQL's binary COPY output of (bigint, bigint, smallint) rows as an n × 3
    array."""
    rows = (len(data) - _COPY_HEADER - _COPY_TRAILER) // _COPY_ROW.itemsize
    parsed = np.frombuffer(data, dtype=_COPY_ROW, offset=_COPY_HEADER, count=max(rows, 0))
    table = np.empty((len(parsed), 3), dtype=np.int64)
    table[:, 0] = parsed["participant"]
    table[:, 1] = parsed["statement"]
    table[:, 2] = parsed["value"]
    return table


def _read_postgresql(query: str, params: list[Any]) -> npt.NDArray[np.int64]:
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor
        with raw.copy(f"COPY ({query}) TO STDOUT (FORMAT BINARY)", params) as copy:
            data = b"".join(copy)
    if len(data) < _COPY_HEADER + _COPY_TRAILER:
        return np.zeros((0, 3), dtype=np.int64)
    return _copy_table(data)


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
class _Kept:
    """One conversation's vote matrix as this process last worked on it."""

    epoch: int
    read_at: datetime  # when the read that made it began
    votes: KeptVotes
    results_at: datetime  # when the results worked out from it were saved
    state: State
    maps: Maps


_kept: OrderedDict[int, _Kept] = OrderedDict()
_kept_lock = threading.Lock()


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
    Conversation.objects.filter(pk=conversation_id).update(update_waiting=False)
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
    state: State | None
    warm: Maps | None
    if kept is None:
        votes = KeptVotes.from_votes(read_votes(conversation_id))
        saved = (
            Conversation.objects.filter(pk=conversation_id)
            .values_list("engine_state", flat=True)
            .first()
        )
        state, warm = (State.from_dict(saved) if saved else None), None
    else:
        votes = kept.votes.with_votes(read_votes(conversation_id, kept.read_at - _overlap()))
        state, warm = kept.state, kept.maps
    result = analyse(votes, state=state, warm=warm, **inputs)
    results_at = timezone.now()
    changes = {
        "results": result.to_dict(),
        "engine_state": result.state.to_dict(),
        "results_at": results_at,
        "results_votes": result.votes,
    }
    Conversation.objects.filter(pk=conversation_id).update(**changes)
    _remember(
        conversation_id,
        _Kept(
            epoch=conversation.results_epoch,
            read_at=read_at,
            votes=votes,
            results_at=results_at,
            state=result.state,
            maps=result.maps,
        ),
    )
    for name, value in changes.items():
        setattr(conversation, name, value)
    return conversation
