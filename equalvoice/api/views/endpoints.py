"""The API's endpoints under /api/v1/. Each one is thin: the token's scope, a selector
read as the admin who made the token (so the same rules as the pages), the same
permission the page checks, then the shape. Writes go through the record's actions."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Field as NinjaField
from ninja import File, Form, Query, Schema, Status
from ninja.files import UploadedFile

from equalvoice.core.permissions import require
from equalvoice.decisions import selectors as decisions
from equalvoice.decisions.models import Decision
from equalvoice.opinions import selectors as opinions
from equalvoice.record import actions as record_actions
from equalvoice.record import selectors as record
from equalvoice.record.forms import ActivityForm, EvidenceForm
from equalvoice.speakeasy.engine import check as speakeasy_check
from equalvoice.standards import selectors as standards

from .. import paging, schemas, selectors, shapes
from ..http import EqualVoiceAPI, TokenAuth, install_error_handlers, need

api = EqualVoiceAPI(
    title="Equal Voice API",
    version="1",
    description=(
        "Read an organisation's groups, meetings, co-production record, standards rounds, "
        "decisions and conversations, add to the record, and check writing. Every call "
        "sends a token (Authorization: Bearer …) made by an organisation admin; it sees "
        "what that admin's pages show, limited by the token's scopes. See docs/api.md."
    ),
    urls_namespace="api",
    auth=TokenAuth(),
    docs_url=None,
    openapi_url="/openapi.json",
)
install_error_handlers(api)

READ_RECORD, WRITE_RECORD, READ_RESULTS, SPEAKEASY = (
    "read_record",
    "write_record",
    "read_results",
    "speakeasy",
)
ERRORS: dict[int, Any] = {
    400: schemas.FieldErrors,
    401: schemas.Error,
    403: schemas.Error,
    404: schemas.Error,
    429: schemas.Error,
}


class Paging(Schema):
    limit: int = NinjaField(paging.LIMIT, ge=1, le=paging.MOST, description="How many to give")
    offset: int = NinjaField(0, ge=0, le=10_000_000, description="How many to skip")


class Dates(Paging):
    since: datetime.date | None = NinjaField(None, description="On or after this date")
    until: datetime.date | None = NinjaField(None, description="On or before this date")
    group: str | None = NinjaField(None, max_length=60, description="Only this group's (its slug)")


def _org(request: HttpRequest) -> Any:
    token = request.auth  # type: ignore[attr-defined]
    return token.made_by, token.organisation


def _dated(
    request: HttpRequest, rows: Any, q: Dates, field: str, shape: Any, *, whole_days: bool = False
) -> dict[str, Any]:
    """One page of a list that a caller narrows by date (`field`) and group."""
    rows = paging.between(rows, field, q.since, q.until, is_datetime=not whole_days)
    return paging.page(request, rows, q.limit, q.offset, shape)


# Groups


@api.get(
    "/groups",
    response={200: schemas.Page[schemas.GroupOut], **ERRORS},
    url_name="groups",
    openapi_extra={"x-scope": READ_RECORD},
    summary=gettext_noop("The organisation's groups"),
)
def groups(request: HttpRequest, q: Query[Paging]) -> dict[str, Any]:
    need(request, READ_RECORD)
    user, org = _org(request)
    return paging.page(request, selectors.groups(user, org), q.limit, q.offset, shapes.groups)


@api.get(
    "/groups/{slug}",
    response={200: schemas.GroupOut, **ERRORS},
    url_name="group",
    openapi_extra={"x-scope": READ_RECORD},
    summary=gettext_noop("One group"),
)
def group(request: HttpRequest, slug: str) -> dict[str, Any]:
    need(request, READ_RECORD)
    user, org = _org(request)
    return shapes.group(selectors.group(user, org, slug))


# Meetings


@api.get(
    "/meetings",
    response={200: schemas.Page[schemas.MeetingOut], **ERRORS},
    url_name="meetings",
    openapi_extra={"x-scope": READ_RECORD},
    summary=gettext_noop("Meetings of the groups, by when they start"),
)
def meetings(request: HttpRequest, q: Query[Dates]) -> dict[str, Any]:
    need(request, READ_RECORD)
    user, org = _org(request)
    rows = paging.in_group(selectors.meetings(user, org), q.group)
    return _dated(request, rows, q, "starts_at", shapes.meetings)


@api.get(
    "/meetings/{int:meeting_id}",
    response={200: schemas.MeetingOut, **ERRORS},
    url_name="meeting",
    openapi_extra={"x-scope": READ_RECORD},
    summary=gettext_noop("One meeting (never anyone's access needs)"),
)
def meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    from equalvoice.meetings import selectors as meeting_selectors

    need(request, READ_RECORD)
    user, org = _org(request)
    return shapes.meeting(meeting_selectors.meeting_for(user, org.slug, meeting_id))


# The co-production record


@api.get(
    "/initiatives",
    response={200: schemas.Page[schemas.InitiativeOut], **ERRORS},
    url_name="initiatives",
    openapi_extra={"x-scope": READ_RECORD},
    summary=gettext_noop("Initiatives in the co-production record, by when they started"),
)
def initiatives(request: HttpRequest, q: Query[Dates]) -> dict[str, Any]:
    need(request, READ_RECORD)
    user, org = _org(request)
    rows = paging.in_group(selectors.initiatives(user, org), q.group)
    return _dated(request, rows, q, "created_at", shapes.initiatives)


@api.get(
    "/initiatives/{int:initiative_id}",
    response={200: schemas.InitiativeOut, **ERRORS},
    url_name="initiative",
    openapi_extra={"x-scope": READ_RECORD},
    summary=gettext_noop("One initiative"),
)
def initiative(request: HttpRequest, initiative_id: int) -> dict[str, Any]:
    need(request, READ_RECORD)
    user, org = _org(request)
    return shapes.initiative(record.initiative_for(user, org, initiative_id))


@api.get(
    "/initiatives/{int:initiative_id}/stages",
    response={200: list[schemas.StageOut], **ERRORS},
    url_name="stages",
    openapi_extra={"x-scope": READ_RECORD},
    summary=gettext_noop("The organisation's stages of work, to choose one for an activity"),
)
def stages(request: HttpRequest, initiative_id: int) -> list[dict[str, Any]]:
    need(request, READ_RECORD)
    user, org = _org(request)
    record.initiative_for(user, org, initiative_id)
    return [{"id": s.pk, "name": s.name} for s in record.stages_for(org)]


@api.get(
    "/initiatives/{int:initiative_id}/activities",
    response={200: schemas.Page[schemas.ActivityOut], **ERRORS},
    url_name="activities",
    openapi_extra={"x-scope": READ_RECORD},
    summary=gettext_noop("An initiative's activities, by date, with the rung the evidence shows"),
)
def activities(request: HttpRequest, initiative_id: int, q: Query[Dates]) -> dict[str, Any]:
    need(request, READ_RECORD)
    user, org = _org(request)
    found = record.initiative_for(user, org, initiative_id)
    views = [
        v
        for v in record.activity_views(found)
        if (q.since is None or v.activity.on >= q.since)
        and (q.until is None or v.activity.on <= q.until)
    ]
    return paging.page(
        request, views, q.limit, q.offset, lambda rows: [shapes.activity(v) for v in rows]
    )


def _form_errors(form: Any) -> ValidationError:
    return ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})


@api.post(
    "/initiatives/{int:initiative_id}/activities",
    response={201: schemas.ActivityOut, **ERRORS},
    url_name="activity-add",
    openapi_extra={"x-scope": WRITE_RECORD},
    summary=gettext_noop("Add an activity (checked as the page's form checks it)"),
)
def activity_add(
    request: HttpRequest, initiative_id: int, payload: schemas.ActivityIn
) -> Status[dict[str, Any]]:
    need(request, WRITE_RECORD)
    user, org = _org(request)
    found = record.initiative_for(user, org, initiative_id)
    require(user, "record.change_initiative", found)
    record.stages_for(org)
    data = payload.dict()
    data["on"] = data["on"].isoformat()
    form = ActivityForm(data, initiative=found)
    if not form.is_valid():
        raise _form_errors(form)
    cleaned = {k: v for k, v in form.cleaned_data.items() if not k.startswith("count_")}
    made = record_actions.activity_save(actor=user, initiative=found, **cleaned)
    view = next(v for v in record.activity_views(found) if v.activity.pk == made.pk)
    return Status(201, shapes.activity(view))


@api.post(
    "/initiatives/{int:initiative_id}/activities/{int:activity_id}/evidence",
    response={201: schemas.EvidenceOut, **ERRORS},
    url_name="evidence-add",
    openapi_extra={"x-scope": WRITE_RECORD},
    summary=gettext_noop("Add evidence to an activity: a note or a link"),
)
def evidence_add(
    request: HttpRequest, initiative_id: int, activity_id: int, payload: schemas.EvidenceIn
) -> Status[dict[str, Any]]:
    need(request, WRITE_RECORD)
    user, org = _org(request)
    found = record.initiative_for(user, org, initiative_id)
    activity = record.activity_in(found, activity_id)
    require(user, "record.change_initiative", found)
    form = EvidenceForm(payload.dict(), {})
    if not form.is_valid():
        raise _form_errors(form)
    data = {k: v for k, v in form.cleaned_data.items() if k != "file"}
    made = record_actions.evidence_add(actor=user, activity=activity, **data)
    return Status(
        201,
        {
            "id": made.pk,
            "note": made.note,
            "link": made.link,
            "has_file": bool(made.file),
            "added_at": made.added_at,
        },
    )


@api.post(
    "/initiatives/{int:initiative_id}/activities/{int:activity_id}/evidence/file",
    response={201: schemas.EvidenceOut, **ERRORS},
    url_name="evidence-file-add",
    openapi_extra={"x-scope": WRITE_RECORD},
    summary=gettext_noop("Add a file as evidence to an activity, with a note if you like"),
)
def evidence_file_add(
    request: HttpRequest,
    initiative_id: int,
    activity_id: int,
    file: File[UploadedFile],
    note: Form[str] = "",
) -> Status[dict[str, Any]]:
    need(request, WRITE_RECORD)
    user, org = _org(request)
    found = record.initiative_for(user, org, initiative_id)
    activity = record.activity_in(found, activity_id)
    require(user, "record.change_initiative", found)
    form = EvidenceForm({"note": note}, {"file": file})
    if not form.is_valid():
        raise _form_errors(form)
    made = record_actions.evidence_add(actor=user, activity=activity, **form.cleaned_data)
    return Status(
        201,
        {
            "id": made.pk,
            "note": made.note,
            "link": made.link,
            "has_file": bool(made.file),
            "added_at": made.added_at,
        },
    )


# Standards rounds


@api.get(
    "/rounds",
    response={200: schemas.Page[schemas.RoundOut], **ERRORS},
    url_name="rounds",
    openapi_extra={"x-scope": READ_RECORD},
    summary=gettext_noop("Standards and feedback rounds, by when they open"),
)
def rounds(request: HttpRequest, q: Query[Dates]) -> dict[str, Any]:
    need(request, READ_RECORD)
    user, org = _org(request)
    rows = selectors.rounds(user, org, group=q.group)
    return _dated(request, rows, q, "opens_on", shapes.rounds, whole_days=True)


@api.get(
    "/rounds/{int:round_id}",
    response={200: schemas.RoundOut, **ERRORS},
    url_name="round",
    openapi_extra={"x-scope": READ_RECORD},
    summary=gettext_noop("One round"),
)
def round_(request: HttpRequest, round_id: int) -> dict[str, Any]:
    need(request, READ_RECORD)
    user, org = _org(request)
    return shapes.round_(selectors.round_in(user, org, round_id))


@api.get(
    "/rounds/{int:round_id}/results",
    response={200: schemas.RoundResultsOut, **ERRORS},
    url_name="round-results",
    openapi_extra={"x-scope": READ_RESULTS},
    summary=gettext_noop("A round's results, as the results page shows them (small groups hidden)"),
)
def round_results(request: HttpRequest, round_id: int) -> dict[str, Any]:
    need(request, READ_RESULTS)
    user, org = _org(request)
    found = selectors.round_in(user, org, round_id)
    require(user, "standards.view_results", found)
    return shapes.round_results(standards.round_results(found))


# Decisions


@api.get(
    "/decisions",
    response={200: schemas.Page[schemas.DecisionOut], **ERRORS},
    url_name="decisions",
    openapi_extra={"x-scope": READ_RECORD},
    summary=gettext_noop("Decisions of the groups, by when they started"),
)
def decisions_list(request: HttpRequest, q: Query[Dates]) -> dict[str, Any]:
    need(request, READ_RECORD)
    user, org = _org(request)
    rows = paging.in_group(selectors.decisions(user, org), q.group)
    return _dated(request, rows, q, "created_at", shapes.decisions)


@api.get(
    "/decisions/{int:decision_id}",
    response={200: schemas.DecisionOut, **ERRORS},
    url_name="decision",
    openapi_extra={"x-scope": READ_RECORD},
    summary=gettext_noop("One decision"),
)
def decision(request: HttpRequest, decision_id: int) -> dict[str, Any]:
    need(request, READ_RECORD)
    user, org = _org(request)
    return shapes.decision(decisions.decision_for(user, org.slug, decision_id))


@api.get(
    "/decisions/{int:decision_id}/outcome",
    response={200: schemas.OutcomeOut, **ERRORS},
    url_name="decision-outcome",
    openapi_extra={"x-scope": READ_RESULTS},
    summary=gettext_noop("A decision's outcome and count: totals only, never who voted how"),
)
def decision_outcome(request: HttpRequest, decision_id: int) -> dict[str, Any]:
    need(request, READ_RESULTS)
    user, org = _org(request)
    found = decisions.decision_for(user, org.slug, decision_id)
    require(user, "decisions.view", found)
    # As the decision page: the count shows once voting ends, or to those who run it.
    shown = found.status != Decision.Status.OPEN or user.has_perm("decisions.run", found)
    counted = decisions.count(found) if shown else None
    quorum = decisions.quorum_of(found)
    return {
        "decision": found.pk,
        "status": found.status,
        "outcome": found.outcome,
        "chosen": found.chosen,
        "counted": shown,
        "voters": quorum.voters,
        "rows": [{"choice": what, "votes": n} for what, n in counted.rows] if counted else [],
        "summary": counted.summary if counted else "",
        "lived_experience": quorum.lived_experience,
        "quorum_percent": quorum.percent,
        "quorum_met": quorum.met,
    }


# Conversations


@api.get(
    "/conversations",
    response={200: schemas.Page[schemas.ConversationOut], **ERRORS},
    url_name="conversations",
    openapi_extra={"x-scope": READ_RECORD},
    summary=gettext_noop("Conversations of the groups, by when they started"),
)
def conversations(request: HttpRequest, q: Query[Dates]) -> dict[str, Any]:
    need(request, READ_RECORD)
    user, org = _org(request)
    rows = paging.in_group(selectors.conversations(user, org), q.group)
    return _dated(request, rows, q, "created_at", shapes.conversations)


@api.get(
    "/conversations/{int:conversation_id}",
    response={200: schemas.ConversationOut, **ERRORS},
    url_name="conversation",
    openapi_extra={"x-scope": READ_RECORD},
    summary=gettext_noop("One conversation"),
)
def conversation(request: HttpRequest, conversation_id: int) -> dict[str, Any]:
    need(request, READ_RECORD)
    user, org = _org(request)
    found = opinions.conversation_for(user, org.slug, conversation_id, with_results=False)
    return shapes.conversation(found)


@api.get(
    "/conversations/{int:conversation_id}/results",
    response={200: schemas.ConversationResultsOut, **ERRORS},
    url_name="conversation-results",
    openapi_extra={"x-scope": READ_RESULTS},
    summary=gettext_noop(
        "A conversation's results: groups of opinion as the results page shows them"
    ),
)
def conversation_results(request: HttpRequest, conversation_id: int) -> dict[str, Any]:
    need(request, READ_RESULTS)
    user, org = _org(request)
    found = opinions.conversation_for(user, org.slug, conversation_id)
    require(user, "opinions.view", found)
    return shapes.conversation_results(found, opinions.results_for(found))


# Speakeasy


@api.post(
    "/speakeasy/check",
    response={200: schemas.SpeakeasyOut, **ERRORS},
    url_name="speakeasy-check",
    openapi_extra={"x-scope": SPEAKEASY},
    summary=gettext_noop("Check writing: the same report as `equalvoice speakeasy --format json`"),
)
def speakeasy(request: HttpRequest, payload: schemas.SpeakeasyIn) -> dict[str, Any]:
    need(request, SPEAKEASY)
    level = payload.level.replace("-", "_")
    if level not in ("plain", "easy_read"):
        raise ValidationError({"level": ["Choose plain or easy-read"]})
    return speakeasy_check(payload.text, level=level).to_dict(path=None)
