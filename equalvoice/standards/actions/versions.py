"""Standards and their versions: drafting together, comments, publishing."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from equalvoice.core import audit
from equalvoice.core.models import Group, Organisation, User
from equalvoice.core.permissions import require as _require

from ..models import (
    Comment,
    Revision,
    Standard,
    Statement,
    Theme,
    Version,
)
from ..scoring import SCALES
from ..starters import STARTERS

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
        raise ValidationError({"group": _("Choose a group of this organisation")})
    if scale not in SCALES:
        raise ValidationError({"scale": _("Choose an answer scale from the list")})
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
    """Copy a built-in starter into a new standard, to be edited freely, in the language
    of the person who starts it."""
    starter = STARTERS.get(key)
    if starter is None:
        raise ValidationError(_("Choose one of the starting points on the page"))
    standard = standard_save(
        actor=actor,
        organisation=organisation,
        title=_(starter.title),
        kind=starter.kind,
        scale=starter.scale,
        group=group,
        summary=_(starter.summary),
    )
    draft = standard.versions.get()
    for t_pos, theme in enumerate(starter.themes):
        made = Theme.objects.create(version=draft, title=_(theme.title), position=t_pos)
        for s_pos, item in enumerate(theme.statements):
            Statement.objects.create(
                version=draft,
                theme=made,
                position=s_pos,
                plain=_(item.plain),
                easy_read=_(item.easy_read),
            )
    return standard


def draft_of(standard: Standard) -> Version | None:
    return standard.versions.filter(published_at__isnull=True).first()


def _require_draft(version: Version) -> None:
    if version.is_published:
        raise ValidationError(
            _("You cannot change a published version. Start a new version to make changes.")
        )


@transaction.atomic
def theme_save(*, actor: User, standard: Standard, title: str, theme: Theme | None = None) -> Theme:
    """Add a theme to the draft, or rename one."""
    _require(actor, "standards.change_standard", standard)
    if theme is None:
        draft = draft_of(standard)
        if draft is None:
            raise ValidationError(
                _("You cannot change a published version. Start a new version to add a theme.")
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
        raise ValidationError({"theme": _("Choose a theme from the list")})
    _require_draft(theme.version)
    if statement is None:
        statement = Statement(version=theme.version, position=theme.statements.count(), theme=theme)
    elif statement.version_id != theme.version_id:
        raise ValidationError({"theme": _("Choose a theme from the list")})
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
        raise ValidationError({"text": _("Write a comment or suggest new words")})
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
        raise ValidationError({"decision": _("Choose what to do with the comment")})
    if decision == Comment.Status.ACCEPTED:
        if not comment.suggests_wording:
            raise ValidationError({"decision": _("This comment does not suggest new words")})
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
        raise ValidationError(_("There is no draft to publish"))
    if not draft.statements.exists():
        raise ValidationError(_("Add at least one statement before publishing"))
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
        raise ValidationError(_("There is already a draft. Change that one."))
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
