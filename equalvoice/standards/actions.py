"""Every change to standards, rounds, answers and action plans: permission, audit log,
one transaction.

Anonymous rounds: no audit entry, log line or stored field ever links a person to their
answers. A person's own answers are found again only through a random key in their
browser, stored here hashed per round."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from equalvoice.core import audit
from equalvoice.core.models import Group, Organisation, Perspective, User
from equalvoice.core.permissions import require as _require

from .models import (
    COMMENT_MAX,
    Answer,
    Comment,
    Participation,
    PlanAction,
    Response,
    Revision,
    Round,
    Standard,
    Statement,
    Theme,
    Version,
)
from .scoring import SCALES
from .starters import STARTERS


class RoundClosed(ValidationError):
    """The round is not open for answers today."""


# Standards and their versions


@transaction.atomic
def standard_save(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    kind: str,
    scale: str,
    group: Group | None = None,
    summary: str = "",
    standard: Standard | None = None,
) -> Standard:
    """Start a standard (with an empty draft, version 1), or change its details."""
    if group is not None and group.organisation_id != organisation.pk:
        raise ValidationError({"group": "Choose a group of this organisation"})
    if scale not in SCALES:
        raise ValidationError({"scale": "Choose an answer scale from the list"})
    creating = standard is None
    if standard is None:
        _require(actor, "standards.create_standard", organisation)
        standard = Standard(organisation=organisation, created_by=actor)
    else:
        _require(actor, "standards.change_standard", standard)
    standard.title, standard.kind, standard.scale = title, kind, scale
    standard.group, standard.summary = group, summary
    standard.save()
    if creating:
        Version.objects.create(standard=standard, number=1)
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="standard.create" if creating else "standard.update",
        obj=standard,
        summary=f"{actor} {'started' if creating else 'changed'} the standard “{title}”",
    )
    return standard


@transaction.atomic
def standard_from_starter(
    *, actor: User, organisation: Organisation, key: str, group: Group | None = None
) -> Standard:
    """Copy a built-in starter into a new standard, to be edited freely."""
    starter = STARTERS.get(key)
    if starter is None:
        raise ValidationError("Choose one of the starting points on the page")
    standard = standard_save(
        actor=actor,
        organisation=organisation,
        title=starter.title,
        kind=starter.kind,
        scale=starter.scale,
        group=group,
        summary=starter.summary,
    )
    draft = standard.versions.get()
    for t_pos, theme in enumerate(starter.themes):
        made = Theme.objects.create(version=draft, title=theme.title, position=t_pos)
        for s_pos, item in enumerate(theme.statements):
            Statement.objects.create(
                version=draft,
                theme=made,
                position=s_pos,
                plain=item.plain,
                easy_read=item.easy_read,
            )
    return standard


def draft_of(standard: Standard) -> Version | None:
    return standard.versions.filter(published_at__isnull=True).first()


def _require_draft(version: Version) -> None:
    if version.is_published:
        raise ValidationError(
            "You cannot change a published version. Start a new version to make changes."
        )


@transaction.atomic
def theme_save(*, actor: User, standard: Standard, title: str, theme: Theme | None = None) -> Theme:
    """Add a theme to the draft, or rename one."""
    _require(actor, "standards.change_standard", standard)
    if theme is None:
        draft = draft_of(standard)
        if draft is None:
            raise ValidationError(
                "You cannot change a published version. Start a new version to add a theme."
            )
        theme = Theme(version=draft, position=draft.themes.count())
    elif theme.version.standard_id != standard.pk:
        raise PermissionDenied("standards.change_standard")
    _require_draft(theme.version)
    theme.title = title
    theme.save()
    audit.record(
        organisation=standard.organisation,
        actor=actor,
        verb="theme.save",
        obj=theme,
        summary=f"{actor} saved the theme “{title}” of “{standard}”",
    )
    return theme


@transaction.atomic
def statement_save(
    *,
    actor: User,
    standard: Standard,
    theme: Theme,
    plain: str,
    easy_read: str = "",
    picture: UploadedFile | None = None,
    remove_picture: bool = False,
    statement: Statement | None = None,
    note: str = "",
) -> Statement:
    """Add a statement to the draft, or change its words or picture. Every wording is
    kept as a revision."""
    _require(actor, "standards.change_standard", standard)
    if theme.version.standard_id != standard.pk:
        raise ValidationError({"theme": "Choose a theme from the list"})
    _require_draft(theme.version)
    if statement is None:
        statement = Statement(version=theme.version, position=theme.statements.count(), theme=theme)
    elif statement.version_id != theme.version_id:
        raise ValidationError({"theme": "Choose a theme from the list"})
    statement.theme, statement.plain, statement.easy_read = theme, plain, easy_read
    if remove_picture:
        statement.picture = ""  # type: ignore[assignment]
    if picture is not None:
        statement.picture.save(picture.name or "picture", picture, save=False)
    statement.save()
    Revision.objects.create(
        statement=statement, plain=plain, easy_read=easy_read, changed_by=actor, note=note
    )
    audit.record(
        organisation=standard.organisation,
        actor=actor,
        verb="statement.save",
        obj=statement,
        summary=f"{actor} saved a statement of “{standard}”",
    )
    return statement


@transaction.atomic
def comment_add(
    *,
    actor: User,
    statement: Statement,
    text: str,
    suggested_plain: str = "",
    suggested_easy_read: str = "",
) -> Comment:
    """A member comments on a draft statement, perhaps suggesting better words."""
    _require(actor, "standards.comment", statement)
    _require_draft(statement.version)
    if not (text.strip() or suggested_plain.strip() or suggested_easy_read.strip()):
        raise ValidationError({"text": "Write a comment or suggest new words"})
    comment = Comment.objects.create(
        statement=statement,
        author=actor,
        text=text,
        suggested_plain=suggested_plain,
        suggested_easy_read=suggested_easy_read,
    )
    standard = statement.version.standard
    audit.record(
        organisation=standard.organisation,
        actor=actor,
        verb="comment.create",
        obj=comment,
        summary=f"{actor} commented on a statement of “{standard}”",
    )
    return comment


@transaction.atomic
def comment_decide(*, actor: User, comment: Comment, decision: str, reply: str = "") -> Comment:
    """A facilitator uses the suggested words, or says why not, or notes the comment."""
    statement = comment.statement
    standard = statement.version.standard
    _require(actor, "standards.change_standard", standard)
    if decision not in (Comment.Status.ACCEPTED, Comment.Status.DECLINED, Comment.Status.NOTED):
        raise ValidationError({"decision": "Choose what to do with the comment"})
    if decision == Comment.Status.ACCEPTED:
        if not comment.suggests_wording:
            raise ValidationError({"decision": "This comment does not suggest new words"})
        statement_save(
            actor=actor,
            standard=standard,
            theme=statement.theme,
            statement=statement,
            plain=comment.suggested_plain or statement.plain,
            easy_read=comment.suggested_easy_read or statement.easy_read,
            note=f"Words suggested by {comment.author}",
        )
    comment.status, comment.reply = decision, reply
    comment.decided_by, comment.decided_at = actor, timezone.now()
    comment.save()
    audit.record(
        organisation=standard.organisation,
        actor=actor,
        verb="comment.decide",
        obj=comment,
        summary=f"{actor} answered a comment on “{standard}”: {comment.get_status_display()}",
    )
    return comment


@transaction.atomic
def version_publish(*, actor: User, standard: Standard) -> Version:
    """Freeze the draft so rounds can use it."""
    _require(actor, "standards.change_standard", standard)
    draft = draft_of(standard)
    if draft is None:
        raise ValidationError("There is no draft to publish")
    if not draft.statements.exists():
        raise ValidationError("Add at least one statement before publishing")
    draft.published_at, draft.published_by = timezone.now(), actor
    draft.save(update_fields=["published_at", "published_by"])
    audit.record(
        organisation=standard.organisation,
        actor=actor,
        verb="version.publish",
        obj=draft,
        summary=f"{actor} published version {draft.number} of “{standard}”",
    )
    return draft


@transaction.atomic
def version_start(*, actor: User, standard: Standard) -> Version:
    """Start a new draft as a copy of the newest published version. Statements keep
    their lineage, so their journey carries on across versions."""
    _require(actor, "standards.change_standard", standard)
    if draft_of(standard) is not None:
        raise ValidationError("There is already a draft. Change that one.")
    latest = standard.versions.order_by("-number").first()
    assert latest is not None  # every standard is made with version 1
    draft = Version.objects.create(standard=standard, number=latest.number + 1)
    for theme in latest.themes.all():
        copy = Theme.objects.create(version=draft, title=theme.title, position=theme.position)
        for s in theme.statements.all():
            Statement.objects.create(
                version=draft,
                theme=copy,
                lineage=s.lineage,
                position=s.position,
                plain=s.plain,
                easy_read=s.easy_read,
                picture=s.picture.name,
            )
    audit.record(
        organisation=standard.organisation,
        actor=actor,
        verb="version.create",
        obj=draft,
        summary=f"{actor} started version {draft.number} of “{standard}”",
    )
    return draft


# Rounds


def new_link_key() -> str:
    return secrets.token_urlsafe(18)


@transaction.atomic
def round_save(
    *,
    actor: User,
    standard: Standard,
    name: str,
    opens_on: date,
    closes_on: date,
    anonymous: bool,
    scale: str,
    groups: Iterable[Group] = (),
    open_link: bool = False,
    ask_perspective: bool = True,
    ask_comments: bool = True,
    round_: Round | None = None,
) -> Round:
    """Start a round on the newest published version, or change one. Once anyone has
    sent answers, the scale and whether answers are anonymous cannot change."""
    _require(actor, "standards.change_standard", standard)
    if closes_on < opens_on:
        raise ValidationError(
            {"closes_on": "The closing date must be on or after the opening date"}
        )
    if scale not in SCALES:
        raise ValidationError({"scale": "Choose an answer scale from the list"})
    if open_link and not anonymous:
        raise ValidationError(
            {"open_link": "An open link needs an anonymous round: people do not sign in"}
        )
    groups = list(groups)
    if any(g.organisation_id != standard.organisation_id for g in groups):
        raise ValidationError({"groups": "Choose groups of this organisation"})
    creating = round_ is None
    if round_ is None:
        version = standard.versions.filter(published_at__isnull=False).order_by("-number").first()
        if version is None:
            raise ValidationError("Publish the standard before starting a round")
        round_ = Round(
            standard=standard, version=version, created_by=actor, link_key=new_link_key()
        )
    elif round_.responses.filter(submitted=True).exists() and (
        round_.anonymous != anonymous or round_.scale != scale
    ):
        raise ValidationError(
            "People have already answered, so the scale and whether answers are anonymous "
            "cannot change"
        )
    round_.name, round_.opens_on, round_.closes_on = name, opens_on, closes_on
    round_.anonymous, round_.scale, round_.open_link = anonymous, scale, open_link
    round_.ask_perspective, round_.ask_comments = ask_perspective, ask_comments
    round_.save()
    round_.groups.set(groups)
    audit.record(
        organisation=standard.organisation,
        actor=actor,
        verb="round.create" if creating else "round.update",
        obj=round_,
        summary=f"{actor} {'started' if creating else 'changed'} the round “{name}” "
        f"of “{standard}”",
    )
    return round_


@dataclass(frozen=True)
class Respondent:
    """Who is answering, as far as the round may know. In an anonymous round `person` is
    only used to stop a second answer; it is never stored with the answers."""

    person: User | None
    browser_key: str = ""

    def hashed_key(self, round_: Round) -> str:
        if not self.browser_key:
            return ""
        return hashlib.sha256(f"{round_.pk}:{self.browser_key}".encode()).hexdigest()


def _check_can_answer(round_: Round, who: Respondent, today: date) -> None:
    if not round_.is_open(today):
        if today < round_.opens_on:
            raise RoundClosed(f"This round opens on {round_.opens_on:%-d %B %Y}.")
        raise RoundClosed(f"This round closed on {round_.closes_on:%-d %B %Y}.")
    if who.person is not None and who.person.has_perm("standards.answer_round", round_):
        return
    if round_.open_link and who.browser_key:
        return
    raise PermissionDenied("standards.answer_round")


def response_find(round_: Round, who: Respondent) -> Response | None:
    """The respondent's own response, sent or not, if there is one."""
    if not round_.anonymous and who.person is not None:
        return round_.responses.filter(person=who.person).first()
    key = who.hashed_key(round_)
    return round_.responses.filter(browser_key=key).first() if key else None


def has_answered(round_: Round, who: Respondent) -> bool:
    if who.person is None:
        return False
    if round_.anonymous:
        return Participation.objects.filter(round=round_, person=who.person).exists()
    return round_.responses.filter(person=who.person, submitted=True).exists()


def _response_for(round_: Round, who: Respondent) -> Response:
    found = response_find(round_, who)
    if found is not None:
        return found
    if round_.anonymous:
        key = who.hashed_key(round_)
        if not key:
            raise ValidationError("Your browser needs to accept cookies to save your answers")
        return Response.objects.create(round=round_, browser_key=key)
    return Response.objects.create(round=round_, person=who.person)


def _check_answer(round_: Round, value: int | None, dont_know: bool, comment: str) -> None:
    scale = round_.scale_obj
    if value is not None and not scale.is_valid(value):
        raise ValidationError({"value": "Choose one of the answers on the page"})
    if dont_know and not scale.dont_know:
        raise ValidationError({"value": "Choose one of the answers on the page"})
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            {"comment": f"Your comment is too long. Keep it to {COMMENT_MAX:,} characters."}
        )


@transaction.atomic
def answer_save(
    *,
    round_: Round,
    who: Respondent,
    statement: Statement,
    value: int | None,
    dont_know: bool = False,
    comment: str = "",
    today: date | None = None,
) -> Response:
    """Save one answer (save and come back later). No answer is kept as no answer."""
    _check_can_answer(round_, who, today or timezone.localdate())
    if statement.version_id != round_.version_id:
        raise ValidationError("This statement is not part of the round")
    _check_answer(round_, value, dont_know, comment)
    response = _response_for(round_, who)
    Answer.objects.update_or_create(
        response=response,
        statement=statement,
        defaults={
            "value": value,
            "dont_know": dont_know and value is None,
            "comment": comment if round_.ask_comments else "",
        },
    )
    return response


@transaction.atomic
def perspective_save(
    *, round_: Round, who: Respondent, perspective: Perspective | None, today: date | None = None
) -> Response:
    """The perspective a person chooses to give for this round (or none)."""
    _check_can_answer(round_, who, today or timezone.localdate())
    if perspective is not None and perspective.organisation_id != round_.standard.organisation_id:
        raise ValidationError({"perspective": "Choose from the list"})
    response = _response_for(round_, who)
    response.perspective = perspective if round_.ask_perspective else None
    response.save(update_fields=["perspective"])
    return response


@transaction.atomic
def response_submit(*, round_: Round, who: Respondent, today: date | None = None) -> Response:
    """Send the answers. A person answers a round once: in an anonymous round what they
    sent is recorded apart from who sent it."""
    _check_can_answer(round_, who, today or timezone.localdate())
    found = response_find(round_, who)
    resending = found is not None and found.submitted
    if round_.anonymous and has_answered(round_, who) and not resending:
        raise ValidationError("You have already answered this round. Thank you.")
    response = found or _response_for(round_, who)
    response.submitted = True
    response.save(update_fields=["submitted"])
    if round_.anonymous:
        if who.person is not None:
            Participation.objects.get_or_create(round=round_, person=who.person)
        # No audit entry: it would tie a person, or a time, to an anonymous answer.
    else:
        assert who.person is not None
        audit.record(
            organisation=round_.standard.organisation,
            actor=who.person,
            verb="response.submit",
            obj=response,
            summary=f"{who.person} answered the round “{round_}”",
        )
    return response


@dataclass(frozen=True)
class PaperAnswer:
    value: int | None
    dont_know: bool = False
    comment: str = ""


@transaction.atomic
def paper_response_save(
    *,
    actor: User,
    round_: Round,
    answers: Mapping[Statement, PaperAnswer],
    perspective: Perspective | None = None,
    person: User | None = None,
) -> Response:
    """A facilitator types in a paper answer on behalf of a person. It is marked as
    entered on paper and by whom. In an anonymous round no person is stored with it."""
    _require(actor, "standards.enter_on_paper", round_)
    org_id = round_.standard.organisation_id
    if person is not None and not person.org_memberships.filter(organisation_id=org_id).exists():
        raise ValidationError({"person": "Choose a person from the list"})
    if perspective is not None and perspective.organisation_id != round_.standard.organisation_id:
        raise ValidationError({"perspective": "Choose from the list"})
    for statement, answer in answers.items():
        if statement.version_id != round_.version_id:
            raise ValidationError("This statement is not part of the round")
        _check_answer(round_, answer.value, answer.dont_know, answer.comment)
    if round_.anonymous:
        if person is not None:
            if Participation.objects.filter(round=round_, person=person).exists():
                raise ValidationError({"person": f"{person} has already answered this round"})
            Participation.objects.create(round=round_, person=person)
        response = Response.objects.create(
            round=round_, perspective=perspective, on_paper=True, entered_by=actor, submitted=True
        )
    else:
        if person is None:
            raise ValidationError({"person": "Choose whose answers these are"})
        if round_.responses.filter(person=person).exists():
            raise ValidationError({"person": f"{person} already has answers in this round"})
        response = Response.objects.create(
            round=round_,
            person=person,
            perspective=perspective,
            on_paper=True,
            entered_by=actor,
            submitted=True,
        )
    Answer.objects.bulk_create(
        Answer(
            response=response,
            statement=statement,
            value=a.value,
            dont_know=a.dont_know and a.value is None,
            comment=a.comment,
        )
        for statement, a in answers.items()
    )
    audit.record(
        organisation=round_.standard.organisation,
        actor=actor,
        verb="response.paper",
        obj=round_ if round_.anonymous else response,
        summary=(
            f"{actor} typed in answers given on paper for the round “{round_}”"
            if round_.anonymous
            else f"{actor} typed in {person}'s answers given on paper for the round “{round_}”"
        ),
        on_behalf_of=None if round_.anonymous else person,
    )
    return response


# The action plan


@transaction.atomic
def plan_action_save(
    *,
    actor: User,
    standard: Standard,
    action: str,
    owner: str,
    due_on: date,
    status: str = PlanAction.Status.NOT_STARTED,
    progress: str = "",
    statement: Statement | None = None,
    from_round: Round | None = None,
    plan_action: PlanAction | None = None,
) -> PlanAction:
    """Add a line to the action plan, or update one (its status and progress)."""
    _require(actor, "standards.change_standard", standard)
    if statement is not None and statement.version.standard_id != standard.pk:
        raise ValidationError({"statement": "Choose a statement from the list"})
    if from_round is not None and from_round.standard_id != standard.pk:
        raise ValidationError("This round is not part of the standard")
    if status not in PlanAction.Status.values:
        raise ValidationError({"status": "Choose a status from the list"})
    creating = plan_action is None
    if plan_action is None:
        plan_action = PlanAction(standard=standard, created_by=actor, from_round=from_round)
    plan_action.action, plan_action.owner, plan_action.due_on = action, owner, due_on
    plan_action.status, plan_action.progress, plan_action.statement = status, progress, statement
    plan_action.save()
    audit.record(
        organisation=standard.organisation,
        actor=actor,
        verb="plan_action.create" if creating else "plan_action.update",
        obj=plan_action,
        summary=f"{actor} {'added' if creating else 'updated'} an action on “{standard}”",
    )
    return plan_action
