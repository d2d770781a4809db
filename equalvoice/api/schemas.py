"""The shapes of what the API takes and gives, for validation and the OpenAPI schema."""

from __future__ import annotations

import datetime
from typing import Generic, TypeVar

from ninja import Field, Schema

T = TypeVar("T")


class Error(Schema):
    detail: str


class FieldErrors(Schema):
    detail: str
    errors: dict[str, list[str]]


class Page(Schema, Generic[T]):
    count: int = Field(description="How many there are in all, with these filters")
    next: str | None = Field(description="The address of the next page, if there is one")
    previous: str | None = Field(description="The address of the page before, if there is one")
    results: list[T]


class GroupOut(Schema):
    slug: str
    name: str
    kind: str
    purpose: str
    terms_of_reference: str
    created_at: datetime.datetime


class MeetingOut(Schema):
    id: int
    group: str = Field(description="The group's slug")
    title: str
    kind: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    access_info: str = Field(
        description="Getting there and access (the place's, not anyone's needs)"
    )
    online_link: str
    is_public: bool


class InitiativeOut(Schema):
    id: int
    title: str
    kind: str
    summary: str
    group: str | None
    created_at: datetime.datetime
    published: bool


class EvidenceOut(Schema):
    id: int
    note: str
    link: str
    has_file: bool
    added_at: datetime.datetime


class ActivityOut(Schema):
    id: int
    initiative: int
    stage: str
    on: datetime.date
    status: str
    what: str
    rung_claimed: int
    rung_evidenced: int | None
    shaped_design: bool
    decisions: str
    effect: str
    nothing_changed: bool
    status_reason: str
    people_named: int = Field(description="How many people are named as taking part")
    lived_experience: int = Field(description="How many of those taking part have lived experience")
    evidence: list[EvidenceOut]


class ActivityIn(Schema):
    stage: int = Field(description="The id of one of the organisation's stages")
    on: datetime.date
    status: str = Field(description="planned, done, changed or not_done")
    what: str
    rung_claimed: int = Field(description="1 (coercion) to 7 (co-production)")
    participants: list[int] = Field(default_factory=list, description="Ids of people in the group")
    shaped_design: bool = False
    decisions: str = Field("staff", description="staff, advised or together")
    effect: str = ""
    nothing_changed: bool = False
    status_reason: str = ""


class EvidenceIn(Schema):
    note: str = ""
    link: str = ""


class StageOut(Schema):
    id: int
    name: str


class RoundOut(Schema):
    id: int
    standard: str
    standard_id: int
    name: str
    version: int
    opens_on: datetime.date
    closes_on: datetime.date
    is_open: bool
    anonymous: bool
    scale: str


class SpreadOut(Schema):
    counts: dict[str, int] = Field(description="How many chose each point of the scale")
    dont_know: int
    no_answer: int
    percent: float | None = Field(description="The score out of 100")


class BreakdownOut(Schema):
    group: str
    spread: SpreadOut | None = Field(description="Empty when the group is too small to show")
    hidden_reason: str


class StatementResultOut(Schema):
    statement: str
    theme: str
    everyone: SpreadOut
    breakdowns: list[BreakdownOut]
    comments: list[str]


class GroupSizeOut(Schema):
    group: str
    people: int | None = Field(description="Empty when the group is too small to show")
    shown: bool
    hidden_reason: str


class RoundResultsOut(Schema):
    round: int
    minimum_group_size: int
    respondents: int
    shown: bool = Field(description="False when fewer people answered than the minimum")
    groups: list[GroupSizeOut]
    statements: list[StatementResultOut]


class DecisionOut(Schema):
    id: int
    group: str
    title: str
    proposal: str
    method: str
    secret: bool
    status: str
    outcome: str
    chosen: str
    reasons: str
    review_on: datetime.date | None
    decided_at: datetime.datetime | None
    created_at: datetime.datetime


class CountRow(Schema):
    choice: str
    votes: str


class OutcomeOut(Schema):
    decision: int
    status: str
    outcome: str
    chosen: str
    counted: bool = Field(description="False while the vote is open and the count not shown")
    voters: int
    rows: list[CountRow] = Field(description="Totals only: never who voted how")
    summary: str
    lived_experience: int
    quorum_percent: int
    quorum_met: bool


class ConversationOut(Schema):
    id: int
    group: str
    title: str
    question: str
    status: str
    created_at: datetime.datetime


class ViewOut(Schema):
    statement: str
    agrees: bool
    agree: int
    disagree: int
    votes: int


class OpinionGroupOut(Schema):
    letter: str
    people: int | None = Field(description="Empty when the group is too small to show")
    shown: bool
    views: list[ViewOut]


class LineOut(Schema):
    statement: str
    agree_percent: int | None
    disagree_percent: int | None
    parts: dict[str, int | None]


class ConversationResultsOut(Schema):
    conversation: int
    ready: bool
    updated_at: datetime.datetime | None
    participants: int
    votes: int
    minimum_group_size: int
    groups: list[OpinionGroupOut]
    common_ground: list[LineOut]
    agreed: list[LineOut]
    disagreed: list[LineOut]
    perspectives: dict[str, int] = Field(description="Only perspectives big enough to show")
    perspectives_left_out: int


class SpeakeasyIn(Schema):
    text: str = Field(max_length=100_000)
    level: str = Field("plain", description="plain or easy-read (easy_read is taken too)")


class FindingOut(Schema):
    kind: str
    start: int
    end: int
    text: str
    message: str
    suggestions: list[str]


class SpeakeasyOut(Schema):
    path: str | None
    sentences: int
    words: int
    scores: dict[str, float | None]
    findings: list[FindingOut]
