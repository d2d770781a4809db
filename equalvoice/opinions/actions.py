"""Every change to conversations: permission, audit log, one transaction.

Audit entries say that someone voted, never how. A vote asks for fresh results after the
transaction commits; while one update is already waiting, more votes ask for nothing, so
a busy conversation gets one update per batch of votes and voting never waits for maths."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from equalvoice.core import audit
from equalvoice.core.models import Group, Membership, User
from equalvoice.core.permissions import require as _require
from equalvoice.record.selectors import check_initiative

from .models import Conversation, Participant, Statement, Vote
from .selectors import perspectives_held

if TYPE_CHECKING:
    from equalvoice.opinions.engine import PolisExport
    from equalvoice.record.models import Initiative

TITLE_MAX = 200
QUESTION_MAX = 2_000
STATEMENT_MAX = 280
NEEDS_CONSENT = gettext_lazy("Tick to confirm the person agreed to you recording their vote")
NEEDS_CONSENT_TO_ADD = gettext_lazy(
    "Tick to confirm the person agreed to you adding what they said"
)
CLOSED = gettext_lazy("This conversation is closed, so it takes no more votes or statements.")


def _check_statement(text: str, field: str = "text") -> str:
    text = " ".join(text.split())
    if not text:
        raise ValidationError({field: _("Write a statement")})
    if len(text) > STATEMENT_MAX:
        raise ValidationError(
            {
                field: _("Keep each statement to %(most)s characters, about one sentence")
                % {"most": STATEMENT_MAX}
            }
        )
    return text


@transaction.atomic
def conversation_create(
    *,
    actor: User,
    group: Group,
    title: str,
    question: str,
    seeds: Sequence[str] = (),
    people_can_add: bool = True,
    check_first: bool = True,
    initiative: Initiative | None = None,
) -> Conversation:
    """Start a conversation in a group, with the statements people vote on first."""
    _require(actor, "opinions.run", group)
    if not title.strip():
        raise ValidationError({"title": _("Give the conversation a title")})
    if len(title) > TITLE_MAX:
        raise ValidationError(
            {"title": _("Keep the title to %(most)s characters") % {"most": TITLE_MAX}}
        )
    if not question.strip():
        raise ValidationError({"question": _("Say what you want to hear people's views on")})
    if len(question) > QUESTION_MAX:
        raise ValidationError(
            {
                "question": _("Keep the question to %(most)s characters")
                % {"most": f"{QUESTION_MAX:,}"}
            }
        )
    cleaned = []
    for line in seeds:
        if line.strip():
            cleaned.append(_check_statement(line, "seeds"))
    check_initiative(group.organisation_id, initiative, "Choose a plan or project from the list")
    conversation = Conversation.objects.create(
        organisation=group.organisation,
        group=group,
        initiative=initiative,
        title=title.strip(),
        question=question.strip(),
        people_can_add=people_can_add,
        check_first=check_first,
        created_by=actor,
    )
    Statement.objects.bulk_create(
        Statement(conversation=conversation, text=text, is_seed=True, entered_by=actor)
        for text in dict.fromkeys(cleaned)
    )
    audit.record(
        organisation=group.organisation,
        actor=actor,
        verb="conversation.create",
        obj=conversation,
        summary=f"{actor} started the conversation “{conversation.title}” in {group}",
    )
    return conversation


@transaction.atomic
def conversation_set_status(*, actor: User, conversation: Conversation, status: str) -> None:
    """Close a conversation to votes and statements, or open it again."""
    _require(actor, "opinions.run", conversation)
    if status not in Conversation.Status.values:
        raise ValidationError(_("Choose open or closed"))
    conversation.status = status
    conversation.save(update_fields=["status"])
    audit.record(
        organisation=conversation.organisation,
        actor=actor,
        verb="conversation.status",
        obj=conversation,
        summary=f"{actor} set “{conversation}” to {conversation.status}",
    )


def _perspective_of(person: User, conversation: Conversation) -> str:
    """The perspective a person declared in the organisation, when they hold exactly one;
    people who hold several choose which they are answering as."""
    names = perspectives_held(conversation, person)
    return names[0] if len(names) == 1 else ""


def participant_for(person: User, conversation: Conversation) -> Participant:
    """The person's place in the conversation, made the first time they take part."""
    found = Participant.objects.filter(conversation=conversation, person=person).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Participant.objects.create(
                conversation=conversation,
                person=person,
                perspective=_perspective_of(person, conversation),
            )
    except IntegrityError:  # the same person, twice at once: keep the first
        return Participant.objects.get(conversation=conversation, person=person)


def _voter(
    actor: User, conversation: Conversation, for_person: User | None, consent: bool, message: str
) -> User:
    if not conversation.is_open:
        raise ValidationError(CLOSED)
    if for_person is None or for_person == actor:
        _require(actor, "opinions.vote", conversation)
        return actor
    _require(actor, "opinions.vote_for", conversation)
    if not Membership.objects.filter(user=for_person, group=conversation.group).exists():
        raise ValidationError({"for_person": _("Choose someone in the group")})
    if not consent:
        raise ValidationError({"consent": message})
    return for_person


def queue_update(conversation: Conversation) -> None:
    """Ask for fresh results once this transaction commits, unless an update is already
    waiting (it will see these votes too).

    The conversation's row stays locked until this transaction commits. The update clears
    the waiting flag before it reads the votes, and that has to wait for the lock, so it
    cannot read the votes before this vote is in and leave it out."""
    # FOR NO KEY UPDATE: adding a participant or a statement in this same transaction
    # holds a key-share lock on the conversation, which FOR UPDATE would wait on in
    # another voter's transaction (a deadlock); this lock does not.
    waiting = (
        Conversation.objects.select_for_update(no_key=True)
        .filter(pk=conversation.pk)
        .values_list("update_waiting", flat=True)
        .first()
    )
    if not waiting:
        Conversation.objects.filter(pk=conversation.pk).update(update_waiting=True)
        from .tasks import enqueue_update

        pk = conversation.pk
        transaction.on_commit(lambda: enqueue_update(pk))


def rebuild_needed(conversation_id: int) -> None:
    """Make the next results update read every vote again: for any change that reading
    the votes cast or changed since the last update cannot see (a statement shown or
    taken out, a perspective changed, a vote deleted on its own; deleted participants and
    statements the update sees for itself). Called
    inside the change's transaction, so no update can see the change without the new
    epoch. See results.py and docs/opinions.md, "The incremental path"."""
    Conversation.objects.filter(pk=conversation_id).update(results_epoch=F("results_epoch") + 1)


def results_rebuild(conversation: Conversation) -> Conversation | None:
    """Work out a conversation's results again from every vote, now (the command
    `equalvoice opinions rebuild`). Decides nothing new, so no audit entry."""
    from .results import refresh

    rebuild_needed(conversation.pk)
    return refresh(conversation.pk, rebuild=True)


@transaction.atomic
def vote_cast(
    *,
    actor: User,
    statement: Statement,
    value: int,
    for_person: User | None = None,
    consent: bool = False,
) -> Vote:
    """Agree (1), disagree (-1) or pass (0) on a statement. Voting again changes the vote."""
    conversation = statement.conversation
    person = _voter(actor, conversation, for_person, consent, str(NEEDS_CONSENT))
    if value not in Vote.Value.values:
        raise ValidationError({"value": _("Choose agree, disagree or pass")})
    if statement.status != Statement.Status.SHOWN:
        raise ValidationError(_("This statement is not open for votes."))
    participant = participant_for(person, conversation)
    entered_by = actor if person != actor else None
    vote, made = Vote.objects.update_or_create(
        participant=participant,
        statement=statement,
        defaults={"value": value, "entered_by": entered_by, "voted_at": timezone.now()},
    )
    on_behalf = f" for {person}" if entered_by else ""
    audit.record(
        organisation=conversation.organisation,
        actor=actor,
        on_behalf_of=person if entered_by else None,
        verb="conversation.vote",
        obj=conversation,
        summary=f"{actor} voted{on_behalf} in “{conversation}”",
    )
    queue_update(conversation)
    return vote


NOT_VOTED = gettext_lazy("You have not voted on this statement yet.")


@transaction.atomic
def vote_change(*, actor: User, statement: Statement, value: int) -> Vote:
    """Change your own vote on a statement you have voted on, while the conversation is
    open. The audit log says that a vote changed, never what it was or became; the
    results update in the next batch, as after any vote."""
    conversation = statement.conversation
    _voter(actor, conversation, None, False, str(NEEDS_CONSENT))
    if value not in Vote.Value.values:
        raise ValidationError({"value": _("Choose agree, disagree or pass")})
    if statement.status != Statement.Status.SHOWN:
        raise ValidationError(_("This statement is not open for votes."))
    vote = (
        Vote.objects.select_for_update()
        .filter(statement=statement, participant__conversation=conversation)
        .filter(participant__person=actor)
        .first()
    )
    if vote is None:
        raise ValidationError(NOT_VOTED)
    if vote.value == value:
        return vote
    vote.value = value
    vote.entered_by = None
    vote.voted_at = timezone.now()
    vote.save(update_fields=["value", "entered_by", "voted_at"])
    audit.record(
        organisation=conversation.organisation,
        actor=actor,
        verb="conversation.vote_change",
        obj=conversation,
        summary=f"{actor} changed a vote in “{conversation}”",
    )
    queue_update(conversation)
    return vote


@transaction.atomic
def not_understood(*, actor: User, statement: Statement) -> Vote:
    """ "I don't understand this": send the statement to speakeasy as a challenge, with its
    hardest word as the word to explain, and count it as a pass so the person moves on."""
    from equalvoice.speakeasy.actions import challenge_raise
    from equalvoice.speakeasy.engine import word_complexity

    words = [w.strip(".,;:!?\"'()“”‘’") for w in statement.text.split()]
    words = [w for w in words if w]
    term = max(words, key=lambda w: (word_complexity(w, statement.text), len(w)))[:100]
    challenge_raise(
        actor=actor,
        organisation=statement.conversation.organisation,
        term=term,
        reason="dont_understand",
        context=statement.text,
    )
    return vote_cast(actor=actor, statement=statement, value=Vote.Value.PASS)


@transaction.atomic
def statement_add(
    *,
    actor: User,
    conversation: Conversation,
    text: str,
    for_person: User | None = None,
    consent: bool = False,
) -> Statement:
    """Add a statement for others to vote on. When the conversation checks statements
    first, it waits for a facilitator; statements from facilitators show at once."""
    person = _voter(actor, conversation, for_person, consent, str(NEEDS_CONSENT_TO_ADD))
    if not conversation.people_can_add and not actor.has_perm("opinions.run", conversation):
        raise ValidationError(_("In this conversation, only the facilitators add statements."))
    text = _check_statement(text)
    if conversation.statements.filter(text__iexact=text).exists():
        raise ValidationError({"text": _("This statement is already in the conversation")})
    runs = actor.has_perm("opinions.run", conversation)
    statement = Statement.objects.create(
        conversation=conversation,
        text=text,
        author=participant_for(person, conversation),
        entered_by=actor if person != actor else None,
        status=(
            Statement.Status.WAITING
            if conversation.check_first and not runs
            else Statement.Status.SHOWN
        ),
    )
    audit.record(
        organisation=conversation.organisation,
        actor=actor,
        on_behalf_of=person if person != actor else None,
        verb="conversation.statement",
        obj=conversation,
        summary=f"{actor} added a statement to “{conversation}”",
    )
    return statement


@transaction.atomic
def statement_check(*, actor: User, statement: Statement, show: bool) -> None:
    """A facilitator shows a statement to everyone, or takes it out. Votes on a statement
    taken out are kept but no longer count."""
    conversation = statement.conversation
    _require(actor, "opinions.run", conversation)
    statement.status = Statement.Status.SHOWN if show else Statement.Status.HIDDEN
    statement.save(update_fields=["status"])
    rebuild_needed(conversation.pk)
    audit.record(
        organisation=conversation.organisation,
        actor=actor,
        verb="conversation.check",
        obj=conversation,
        summary=f"{actor} {'showed' if show else 'took out'} a statement in “{conversation}”",
    )
    queue_update(conversation)


@transaction.atomic
def perspective_set(*, actor: User, conversation: Conversation, perspective: str) -> None:
    """Say which of your own perspectives you are answering as (or none)."""
    _require(actor, "opinions.vote", conversation)
    if perspective and perspective not in perspectives_held(conversation, actor):
        raise ValidationError({"perspective": _("Choose one of your perspectives")})
    participant = participant_for(actor, conversation)
    if participant.perspective != perspective:
        participant.perspective = perspective
        participant.save(update_fields=["perspective"])
        rebuild_needed(conversation.pk)
    queue_update(conversation)


@transaction.atomic
def conversation_import(
    *,
    actor: User,
    group: Group,
    title: str,
    question: str,
    export: PolisExport,
) -> Conversation:
    """Make a new conversation from a Polis export: its statements, its anonymous
    participants (by number) and their latest votes."""
    conversation = conversation_create(
        actor=actor, group=group, title=title, question=question, seeds=()
    )
    statements = Statement.objects.bulk_create(
        Statement(
            conversation=conversation,
            text=comment.body[: STATEMENT_MAX * 4] or "(no words)",
            external_id=comment.id,
            is_meta=comment.is_meta,
            status=Statement.Status.HIDDEN if comment.moderated < 0 else Statement.Status.SHOWN,
        )
        for comment in export.comments
    )
    by_comment = {s.external_id: s for s in statements}
    who, what, values = export.votes.latest()  # a later vote replaces an earlier one
    ids = sorted({int(p) for p in who})
    participants = Participant.objects.bulk_create(
        Participant(conversation=conversation, external_id=i) for i in ids
    )
    by_participant = {p.external_id: p for p in participants}
    Vote.objects.bulk_create(
        (
            Vote(
                participant=by_participant[int(p)],
                statement=by_comment[int(s)],
                value=int(v),
            )
            for p, s, v in zip(who.tolist(), what.tolist(), values.tolist(), strict=True)
            if int(s) in by_comment
        ),
        batch_size=5_000,
    )
    audit.record(
        organisation=group.organisation,
        actor=actor,
        verb="conversation.import",
        obj=conversation,
        summary=(
            f"{actor} brought in a Polis conversation with {len(statements)} statements "
            f"and {len(participants)} participants"
        ),
    )
    rebuild_needed(conversation.pk)
    queue_update(conversation)
    return conversation
