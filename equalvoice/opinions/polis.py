"""Polis exports in and out of the platform. The engine reads and writes the folder of
CSV files; this module moves uploads into such a folder and a conversation out of one."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext

from .engine import Comment, ExportError, PolisExport, Votes, read_polis_export, write_polis_export
from .models import Conversation, Participant, Statement, Vote
from .selectors import people_in_results

__all__ = ["ExportError", "message", "read_uploads", "write_folder"]


def _votes_name(upload: UploadedFile) -> str:
    """votes.csv (one row per vote) or participants-votes.csv (one row per person),
    told apart by the first line, whatever the file was called."""
    upload.seek(0)
    first = upload.readline()[:2000]
    upload.seek(0)
    return "votes.csv" if b"voter-id" in first else "participants-votes.csv"


def message(error: ExportError) -> str:
    """What was wrong with an export, in the reader's language (the engine's own message
    is English, for the command line)."""
    return gettext(error.template) % error.params


def read_uploads(comments: UploadedFile, votes: UploadedFile) -> PolisExport:
    """Read an uploaded comments.csv and votes file as one export. Raises `ExportError`
    with a plain message naming the file and line."""
    with tempfile.TemporaryDirectory() as folder:
        for upload, name in ((comments, "comments.csv"), (votes, _votes_name(votes))):
            with open(Path(folder) / name, "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
        return read_polis_export(folder)


def write_folder(conversation: Conversation, folder: Path) -> None:
    """Write the conversation as a Polis export: statements as comments, people as
    numbers (the participant's number in this conversation), each latest vote, and the
    opinion group each person is in."""
    statements = list(conversation.statements.exclude(status=Statement.Status.WAITING))
    number = {s.pk: i for i, s in enumerate(statements)}
    authors = dict(Participant.objects.filter(conversation=conversation).values_list("id", "id"))
    comments = [
        Comment(
            id=number[s.pk],
            author=authors.get(s.author_id, -1) if s.author_id else -1,
            body=s.text,
            moderated=-1 if s.status == Statement.Status.HIDDEN else 1,
            is_meta=s.is_meta,
        )
        for s in statements
    ]
    rows = Vote.objects.filter(
        participant__conversation=conversation, statement_id__in=number
    ).values_list("participant_id", "statement_id", "value", "voted_at")
    triples = [(p, number[s], v) for p, s, v, _ in sorted(rows, key=lambda r: r[3])]
    assignments = people_in_results(conversation).assignments()
    write_polis_export(
        folder,
        PolisExport(comments=comments, votes=Votes.from_triples(triples), groups=assignments),
    )
