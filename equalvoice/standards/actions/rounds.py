"""Rounds and answers. Unsent answers are kept against the person answering (or, for
someone not signed in, a random key in their browser, stored hashed per round). In an
anonymous round, sending parts them from both for good: no audit entry, log line, stored
field, key or time links a person to what they sent."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from equalvoice.core import audit, events
from equalvoice.core.models import Group, Perspective, User
from equalvoice.core.permissions import require as _require

from ..models import (
    COMMENT_MAX,
    Answer,
    Participation,
    Response,
    Round,
    Standard,
    Statement,
)
from ..scoring import SCALES


class RoundClosed(ValidationError):
    """The round is not open for answers today."""


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
            {"closes_on": _("The closing date must be on or after the opening date")}
        )
    if scale not in SCALES:
        raise ValidationError({"scale": _("Choose an answer scale from the list")})
    if open_link and not anonymous:
        raise ValidationError(
            {"open_link": _("An open link needs an anonymous round: people do not sign in")}
        )
    groups = list(groups)
    if any(g.organisation_id != standard.organisation_id for g in groups):
        raise ValidationError({"groups": _("Choose groups of this organisation")})
    creating = round_ is None
    if round_ is None:
        version = standard.versions.filter(published_at__isnull=False).order_by("-number").first()
        if version is None:
            raise ValidationError(_("Publish the standard before starting a round"))
        round_ = Round(
            standard=standard, version=version, created_by=actor, link_key=new_link_key()
        )
    elif round_.responses.filter(submitted=True).exists() and (
        round_.anonymous != anonymous or round_.scale != scale
    ):
        raise ValidationError(
            _(
                "People have already answered, so the scale and whether answers are anonymous "
                "cannot change"
            )
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
    """Who is answering. Someone signed in is known by their account, so their unsent
    answers follow them from device to device; `browser_key` is then not used. Someone
    not signed in (an open link) is known only by a random key kept in their browser,
    stored hashed per round. In an anonymous round, sending parts the answers from both."""

    person: User | None
    browser_key: str = ""

    def hashed_key(self, round_: Round) -> str:
        if not self.browser_key:
            return ""
        return hashlib.sha256(f"{round_.pk}:{self.browser_key}".encode()).hexdigest()


class AlreadySent(ValidationError):
    """The respondent has sent their answers to this anonymous round already."""


class NothingToSend(ValidationError):
    """Not one statement has an answer, so there is nothing to send."""


def _check_can_answer(round_: Round, who: Respondent, today: date) -> None:
    if not round_.is_open(today):
        if today < round_.opens_on:
            raise RoundClosed(
                _("This round opens on %(day)s.")
                % {"day": dateformat.format(round_.opens_on, "j F Y")}
            )
        raise RoundClosed(
            _("This round closed on %(day)s.")
            % {"day": dateformat.format(round_.closes_on, "j F Y")}
        )
    if who.person is not None and who.person.has_perm("standards.answer_round", round_):
        return
    if round_.open_link and who.person is None and who.browser_key:
        return
    raise PermissionDenied("standards.answer_round")


def response_find(round_: Round, who: Respondent) -> Response | None:
    """The respondent's own answers, as far as they can still be found: unsent answers,
    and in a named round sent ones too. Sent answers to an anonymous round are never
    found again."""
    if who.person is not None:
        return round_.responses.filter(person=who.person).first()
    key = who.hashed_key(round_)
    return round_.responses.filter(browser_key=key, submitted=False).first() if key else None


def has_answered(round_: Round, who: Respondent) -> bool:
    """True once the respondent has sent answers (or a facilitator typed in theirs)."""
    if round_.anonymous:
        if who.person is not None:
            return Participation.objects.filter(round=round_, person=who.person).exists()
        key = who.hashed_key(round_)
        return bool(key) and Participation.objects.filter(round=round_, browser_key=key).exists()
    if who.person is None:
        return False
    return round_.responses.filter(person=who.person, submitted=True).exists()


def _response_for(round_: Round, who: Respondent) -> Response:
    """The respondent's response to save into, made if need be. Refused once they have
    sent their answers to an anonymous round: those answers are no longer theirs to
    change, and a new set would count them twice."""
    if round_.anonymous and has_answered(round_, who):
        raise AlreadySent(_("You have already sent your answers to this round. Thank you."))
    if who.person is not None:
        return Response.objects.get_or_create(round=round_, person=who.person)[0]
    key = who.hashed_key(round_)
    if not key:
        raise ValidationError(_("Your browser needs to accept cookies to save your answers"))
    return Response.objects.get_or_create(round=round_, browser_key=key)[0]


def _record_change(round_: Round, who: Respondent, response: Response) -> None:
    """A change to answers already sent in a named round goes in the audit log."""
    if response.submitted and not round_.anonymous and who.person is not None:
        audit.record(
            organisation=round_.standard.organisation,
            actor=who.person,
            verb="response.change",
            obj=response,
            summary=f"{who.person} changed the answers they sent to the round “{round_}”",
        )


def _check_answer(round_: Round, value: int | None, dont_know: bool, comment: str) -> None:
    scale = round_.scale_obj
    if value is not None and not scale.is_valid(value):
        raise ValidationError({"value": _("Choose one of the answers on the page")})
    if dont_know and not scale.dont_know:
        raise ValidationError({"value": _("Choose one of the answers on the page")})
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            {
                "comment": _("Your comment is too long. Keep it to %(count)s characters.")
                % {"count": f"{COMMENT_MAX:,}"}
            }
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
    """Save one answer (save and come back later, from any device when signed in). No
    answer is kept as no answer. In a named round, a change after sending is saved
    straight away and logged."""
    _check_can_answer(round_, who, today or timezone.localdate())
    if statement.version_id != round_.version_id:
        raise ValidationError(_("This statement is not part of the round"))
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
    _record_change(round_, who, response)
    return response


@transaction.atomic
def perspective_save(
    *, round_: Round, who: Respondent, perspective: Perspective | None, today: date | None = None
) -> Response:
    """The perspective a person chooses to give for this round (or none)."""
    _check_can_answer(round_, who, today or timezone.localdate())
    if perspective is not None and perspective.organisation_id != round_.standard.organisation_id:
        raise ValidationError({"perspective": _("Choose from the list")})
    response = _response_for(round_, who)
    chosen = perspective if round_.ask_perspective else None
    if response.perspective_id != (chosen.pk if chosen else None):
        response.perspective = chosen
        response.save(update_fields=["perspective"])
        _record_change(round_, who, response)
    return response


@transaction.atomic
def response_submit(*, round_: Round, who: Respondent, today: date | None = None) -> Response:
    """Send the answers. Each person (or, through an open link, each browser) sends once;
    sending with no answers at all is refused.

    In an anonymous round the answers are copied into a new response under new random
    keys, with no person and no browser key, and the unsent response is deleted: from
    then on only `Participation` says that they answered, and nothing leads from it to
    what they said. No audit entry is written: it would tie a person, or a time, to an
    anonymous answer. In a named round the response is marked sent and logged."""
    _check_can_answer(round_, who, today or timezone.localdate())
    if has_answered(round_, who):
        raise AlreadySent(_("You have already sent your answers to this round. Thank you."))
    draft = response_find(round_, who)
    if draft is not None:
        # Two devices sending at once: the second waits here for the first to finish,
        # then finds the answers sent.
        draft = Response.objects.select_for_update().filter(pk=draft.pk).first()
        if draft is None or draft.submitted or has_answered(round_, who):
            raise AlreadySent(_("You have already sent your answers to this round. Thank you."))
    if draft is None or not draft.gave_anything:
        raise NothingToSend(
            _(
                "You have not answered any statements yet. "
                "Answer at least one, then send your answers."
            )
        )
    if not round_.anonymous:
        draft.submitted = True
        draft.save(update_fields=["submitted"])
        assert who.person is not None
        audit.record(
            organisation=round_.standard.organisation,
            actor=who.person,
            verb="response.submit",
            obj=draft,
            summary=f"{who.person} answered the round “{round_}”",
        )
        return draft
    try:
        with transaction.atomic():
            if who.person is not None:
                Participation.objects.create(round=round_, person=who.person)
            else:
                Participation.objects.create(round=round_, browser_key=who.hashed_key(round_))
    except IntegrityError:
        raise AlreadySent(
            _("You have already sent your answers to this round. Thank you.")
        ) from None
    sent = Response.objects.create(round=round_, perspective=draft.perspective, submitted=True)
    Answer.objects.bulk_create(
        Answer(
            response=sent,
            statement_id=a.statement_id,
            value=a.value,
            dont_know=a.dont_know,
            comment=a.comment,
        )
        for a in draft.answers.order_by("statement_id")
    )
    draft.delete()
    return sent


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
    entered on paper and by whom. In an anonymous round no person is stored with it. It
    takes the place of anything the person had started online and not sent."""
    _require(actor, "standards.enter_on_paper", round_)
    org_id = round_.standard.organisation_id
    if person is not None and not person.org_memberships.filter(organisation_id=org_id).exists():
        raise ValidationError({"person": _("Choose a person from the list")})
    if perspective is not None and perspective.organisation_id != round_.standard.organisation_id:
        raise ValidationError({"perspective": _("Choose from the list")})
    for statement, answer in answers.items():
        if statement.version_id != round_.version_id:
            raise ValidationError(_("This statement is not part of the round"))
        _check_answer(round_, answer.value, answer.dont_know, answer.comment)
    if round_.anonymous:
        if person is not None:
            if Participation.objects.filter(round=round_, person=person).exists():
                raise ValidationError(
                    {"person": _("%(name)s has already answered this round") % {"name": person}}
                )
            Participation.objects.create(round=round_, person=person)
            # What they had started online is replaced by what they gave on paper.
            round_.responses.filter(person=person, submitted=False).delete()
        response = Response.objects.create(
            round=round_, perspective=perspective, on_paper=True, entered_by=actor, submitted=True
        )
    else:
        if person is None:
            raise ValidationError({"person": _("Choose whose answers these are")})
        if round_.responses.filter(person=person, submitted=True).exists():
            raise ValidationError(
                {"person": _("%(name)s already has answers in this round") % {"name": person}}
            )
        round_.responses.filter(person=person, submitted=False).delete()
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


def round_results_publish_due(*, today: date | None = None) -> list[Round]:
    """Announce the results of every round that has closed and is not yet announced:
    once a round's last day is over, its answers are final. Each is marked, logged and
    told to whoever listens (`core.events`: the API's webhooks) once. No person acts: a
    scheduler runs it (`equalvoice publish_round_results`)."""
    day = today or timezone.localdate()
    announced = []
    due = Round.objects.filter(closes_on__lt=day, results_published_at__isnull=True)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            round_ = (
                Round.objects.select_for_update()
                .select_related("standard__organisation")
                .filter(pk=pk, results_published_at__isnull=True)
                .first()
            )
            if round_ is None:
                continue  # another run got there first
            round_.results_published_at = timezone.now()
            round_.save(update_fields=["results_published_at"])
            organisation = round_.standard.organisation
            audit.record(
                organisation=organisation,
                actor=None,
                verb="round.results_publish",
                obj=round_,
                summary=f"The results of the round “{round_.name}” of “{round_.standard}” "
                f"are final: it closed on {round_.closes_on.isoformat()}",
            )
            events.publish(
                "round.results_published",
                organisation,
                {
                    "id": round_.pk,
                    "name": round_.name,
                    "standard": round_.standard.title,
                    "standard_id": round_.standard_id,
                    "opens_on": round_.opens_on.isoformat(),
                    "closes_on": round_.closes_on.isoformat(),
                },
            )
            announced.append(round_)
    return announced
