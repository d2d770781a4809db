"""Work out a conversation's results with the engine and keep them on the conversation.

Called by the `update_results` task (never during a vote). The engine's state (its
smoother and warm starts) is kept between updates, so the groups stay steady as votes
arrive."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
from django.conf import settings
from django.utils import timezone

from .engine import State, Votes, analyse
from .models import Conversation, Participant, Statement, Vote


def min_group_size() -> int:
    return max(1, int(settings.EQUALVOICE_MIN_GROUP_SIZE))


def votes_of(conversation: Conversation) -> Votes:
    """Every counted vote (statements waiting to be checked have none) as arrays."""
    rows = (
        Vote.objects.filter(participant__conversation=conversation)
        .exclude(statement__status=Statement.Status.WAITING)
        .values_list("participant_id", "statement_id", "value")
    )
    flat = np.fromiter((x for row in rows.iterator(chunk_size=20_000) for x in row), np.int64)
    table = flat.reshape(-1, 3)
    return Votes(
        participants=table[:, 0].copy(),
        statements=table[:, 1].copy(),
        values=table[:, 2].astype(np.int8),
    )


def _count_by_perspective(
    data: dict[str, Any], votes: Votes, perspectives: dict[int, str], smallest: int
) -> None:
    """Add each perspective's agree, disagree and pass counts to every statement's counts,
    for perspectives with at least `smallest` people (smaller ones are never broken down)."""
    sizes = Counter(perspectives.values())
    names = sorted(name for name, n in sizes.items() if n >= smallest)
    if not names or not len(votes.values):
        return
    index = {name: i for i, name in enumerate(names)}
    who = np.fromiter(
        (index.get(perspectives.get(int(p), ""), -1) for p in votes.participants),
        np.int64,
        len(votes.participants),
    )
    keep = who >= 0
    sids, column = np.unique(votes.statements[keep], return_inverse=True)
    value_index = votes.values[keep].astype(np.int64) + 1  # disagree 0, pass 1, agree 2
    key = (column * len(names) + who[keep]) * 3 + value_index
    table = np.bincount(key, minlength=len(sids) * len(names) * 3).reshape(len(sids), -1, 3)
    everything = data.setdefault("statement_counts", {})
    for row, sid in enumerate(sids.tolist()):
        everything.setdefault(str(sid), {})["perspectives"] = {
            name: {
                "agree": int(table[row, i, 2]),
                "disagree": int(table[row, i, 0]),
                "pass": int(table[row, i, 1]),
            }
            for name, i in index.items()
        }


def refresh(conversation_id: int) -> Conversation | None:
    """Work out fresh results. The waiting flag is cleared first, so votes that arrive
    while this runs ask for another update rather than being missed."""
    Conversation.objects.filter(pk=conversation_id).update(update_waiting=False)
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        return None
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
    votes = votes_of(conversation)
    state = State.from_dict(conversation.engine_state) if conversation.engine_state else None
    result = analyse(
        votes,
        statements=[s for s, _, _ in statements],
        moderated_out=[s for s, status, _ in statements if status == Statement.Status.HIDDEN],
        meta=[s for s, _, meta in statements if meta],
        perspectives=perspectives,
        min_group_size=min_group_size(),
        state=state,
    )
    data = result.to_dict()
    _count_by_perspective(data, votes, perspectives, min_group_size())
    Conversation.objects.filter(pk=conversation_id).update(
        results=data,
        engine_state=result.state.to_dict(),
        results_at=timezone.now(),
        results_votes=len(votes.values),
    )
    conversation.refresh_from_db()
    return conversation
