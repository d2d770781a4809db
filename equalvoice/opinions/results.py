"""Work out a conversation's results with the engine and keep them on the conversation.

Called by the `update_results` task (never during a vote). The engine's state (its
smoother and warm starts) is kept between updates, so the groups stay steady as votes
arrive."""

from __future__ import annotations

import numpy as np
from django.utils import timezone

from equalvoice.core.selectors import minimum_group_size

from .engine import State, Votes, analyse
from .models import Conversation, Participant, Statement, Vote


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
        min_group_size=minimum_group_size(),
        state=state,
    )
    Conversation.objects.filter(pk=conversation_id).update(
        results=result.to_dict(),
        engine_state=result.state.to_dict(),
        results_at=timezone.now(),
        results_votes=len(votes.values),
    )
    conversation.refresh_from_db()
    return conversation
