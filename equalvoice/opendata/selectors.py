"""Reads for open data: what anyone may read about a published initiative, and what an
organisation admin sees before publishing.

`open_record` is the one place the public content is made, for the public page, its JSON
and CSV downloads and the confirmation page alike, so what an admin confirms is exactly
what is published. It holds plain values only, never a model: no person, no access
needs, no evidence, no challenge, nothing of a draft. People appear only as counts by
perspective, with small groups hidden (`standards.scoring.suppressed`, a pure module)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.http import Http404

from equalvoice.core import selectors as core
from equalvoice.core.models import Organisation, OrgMembership, Perspective, User
from equalvoice.record import selectors as record
from equalvoice.record.ladder import Rung
from equalvoice.record.models import Initiative
from equalvoice.standards.scoring import suppressed

from .models import Publication


class TakenDown(Exception):
    """The record was published once and has been taken down: its page says so (410)."""

    def __init__(self, organisation: Organisation) -> None:
        super().__init__("No longer published")
        self.organisation = organisation


@dataclass(frozen=True)
class OpenActivity:
    """One activity as the public reads it: what was planned or done, at which stage and
    when, the rung claimed and the rung the evidence shows (the record's rules), and what
    changed. Nobody's name, no evidence, no challenge, no reason it changed or was not
    done (that may be about a person)."""

    stage: str
    on: date
    status: str
    status_label: str
    what: str
    rung_claimed: Rung
    rung_evidenced: Rung | None
    evidence_reasons: tuple[str, ...]
    what_changed: str
    nothing_changed: bool

    @property
    def happened(self) -> bool:
        return self.rung_evidenced is not None


@dataclass(frozen=True)
class PerspectiveCount:
    """How many people with one perspective took part; `people` is None when hidden
    because too few people would be shown (or could be worked out)."""

    perspective: str
    lived_experience: bool
    people: int | None


@dataclass(frozen=True)
class YouSaid:
    you_said: str
    we_did: str


@dataclass(frozen=True)
class OpenRecord:
    """Everything the public reads about one initiative, and nothing else."""

    organisation_name: str
    organisation_slug: str
    initiative_id: int
    title: str
    kind: str
    kind_label: str
    summary: str
    published_at: datetime | None
    activities_done: int
    activities_planned: int
    highest_rung_claimed: Rung | None
    highest_rung_evidenced: Rung | None
    activities: list[OpenActivity]
    minimum_group_size: int
    people_total: int | None
    perspectives: list[PerspectiveCount]
    you_said_we_did: list[YouSaid]

    @property
    def any_hidden(self) -> bool:
        return any(p.people is None for p in self.perspectives)


# Public reads: anyone, without signing in. Anything not published is not found.

LARGEST_ID = 2**63 - 1


def _real_id(pk: int) -> int:
    """An id from a URL, or not found: a number too big for the database is no id (and
    would be an error, not a 404, on SQLite)."""
    if not 0 < pk <= LARGEST_ID:
        raise Http404("No such record")
    return pk


def _published(org_slug: str) -> Organisation:
    """The organisation, when it has published at least one record; otherwise not found,
    so nobody learns from open data that an organisation uses Equal Voice."""
    found = Organisation.objects.filter(
        slug=org_slug, initiatives__publication__published_at__isnull=False
    ).distinct()
    return core.first_or_404(found, "Nothing published")


def published_list(org_slug: str, today: date) -> tuple[Organisation, list[record.BoardRow]]:
    """The organisation and its published initiatives, each with the record's own figures
    (`record.selectors.board`), in a fixed number of queries."""
    organisation = _published(org_slug)
    published = Initiative.objects.filter(
        organisation=organisation, publication__published_at__isnull=False
    ).select_related("publication")
    return organisation, record.board(published, organisation, today)


def published_initiative(org_slug: str, pk: int) -> Initiative:
    """A published initiative, for anyone. Raises `TakenDown` when it was published and
    has been taken down; anything else (another slug, never published) is not found."""
    rows = Initiative.objects.select_related("organisation", "publication").filter(
        organisation__slug=org_slug, pk=_real_id(pk), publication__isnull=False
    )
    found = core.first_or_404(rows, "Not published")
    if not found.publication.is_published:
        raise TakenDown(found.organisation)
    return found


def has_published(organisation: Organisation) -> bool:
    """Whether the organisation's open-data list is there to link to."""
    return Publication.objects.filter(
        initiative__organisation=organisation, published_at__isnull=False
    ).exists()


def open_record(initiative: Initiative, today: date) -> OpenRecord:
    """What anyone may read about the initiative once it is published, made from the
    record's own selectors: `activity_views` (the rung the evidence shows, by the rules in
    record/evidence.py), `board` (the highest rungs and counts, as on the board view) and
    `published_initiative` (the "You said, we did" lines, only once that page is
    published: a draft stays a draft)."""
    organisation = initiative.organisation
    views = record.activity_views(initiative)
    (row,) = record.board(Initiative.objects.filter(pk=initiative.pk), organisation, today)
    activities = [
        OpenActivity(
            stage=v.activity.stage.name,
            on=v.activity.on,
            status=v.activity.status,
            status_label=str(v.activity.get_status_display()),
            what=v.activity.what.strip(),
            rung_claimed=v.claimed,
            rung_evidenced=v.evidence.rung,
            evidence_reasons=v.evidence.reasons,
            what_changed=v.activity.effect.strip(),
            nothing_changed=v.activity.nothing_changed,
        )
        for v in sorted(views, key=lambda v: (v.activity.on, v.activity.pk))
    ]
    total, perspectives = _people(initiative, views)
    publication = getattr(initiative, "publication", None)
    return OpenRecord(
        organisation_name=organisation.name,
        organisation_slug=organisation.slug,
        initiative_id=initiative.pk,
        title=initiative.title,
        kind=initiative.kind,
        kind_label=str(initiative.get_kind_display()),
        summary=initiative.summary.strip(),
        published_at=publication.published_at if publication is not None else None,
        activities_done=row.done,
        activities_planned=row.planned,
        highest_rung_claimed=row.highest_claimed,
        highest_rung_evidenced=row.highest_evidenced,
        activities=activities,
        minimum_group_size=core.minimum_group_size(),
        people_total=total,
        perspectives=perspectives,
        you_said_we_did=_you_said(initiative),
    )


def _you_said(initiative: Initiative) -> list[YouSaid]:
    """The lines of the record's public "You said, we did" page, exactly when that page
    is public (`record.selectors.published_initiative`); none while it is a draft."""
    try:
        shown = record.published_initiative(initiative.organisation.slug, initiative.pk)
    except Http404:
        return []
    return [YouSaid(line.said.strip(), line.did.strip()) for line in shown.you_said.all()]


def _people(
    initiative: Initiative, views: list[record.ActivityView]
) -> tuple[int | None, list[PerspectiveCount]]:
    """Who took part in the activities that happened, by perspective: each named person
    once under each perspective they hold in the organisation (or under "No perspective
    given"), plus the people counted at open events (at each event they came to).

    Counts of fewer than the minimum group size are hidden, and one more when hiding one
    alone could be worked out from the total (`suppressed`); when everyone together is
    fewer than the minimum, every count and the total are hidden. Otherwise a perspective
    nobody with it took part is shown as 0: there is nobody to pick out."""
    org_id = initiative.organisation_id
    perspectives = list(Perspective.objects.filter(organisation_id=org_id).order_by("pk"))
    through = OrgMembership.perspectives.through
    held: dict[int, set[int]] = {}
    for user_id, perspective_id in through.objects.filter(
        orgmembership__organisation_id=org_id
    ).values_list("orgmembership__user_id", "perspective_id"):
        held.setdefault(user_id, set()).add(perspective_id)
    named: dict[int, set[int]] = {}
    counted: dict[int, int] = {}
    everyone: set[int] = set()
    at_events = 0
    for v in views:
        if not v.activity.happened:
            continue
        for person in v.activity.participants.all():
            everyone.add(person.pk)
            for pid in held.get(person.pk) or {record.NO_PERSPECTIVE_ID}:
                named.setdefault(pid, set()).add(person.pk)
        for a in v.activity.attendance.all():
            counted[a.perspective_id] = counted.get(a.perspective_id, 0) + a.count
            at_events += a.count
    ids = [p.pk for p in perspectives]
    if record.NO_PERSPECTIVE_ID in named:
        ids.append(record.NO_PERSPECTIVE_ID)
    sizes = {pid: len(named.get(pid, ())) + counted.get(pid, 0) for pid in ids}
    total = len(everyone) + at_events
    minimum = core.minimum_group_size()
    # Too few people in all: no count at all, not even the noughts, which would say
    # which perspectives the few held.
    hidden = set(sizes) if total < minimum else suppressed(sizes, minimum)
    names = {p.pk: (p.name, p.lived_experience) for p in perspectives}
    names[record.NO_PERSPECTIVE_ID] = (str(record.NO_PERSPECTIVE), False)
    shown = [
        PerspectiveCount(
            perspective=names[pid][0],
            lived_experience=names[pid][1],
            people=None if pid in hidden else sizes[pid],
        )
        for pid in ids
    ]
    return (total if total >= minimum else None), shown


# For organisation admins, before publishing and to manage what is published.


def initiative_to_publish(user: User, org_slug: str, pk: int) -> Initiative:
    """An initiative of one of the person's organisations, as the record lets them see
    it (404 otherwise, so another organisation's is not found)."""
    organisation = core.organisation_for(user, org_slug)
    return record.initiative_for(user, organisation, _real_id(pk))


def publication_of(initiative: Initiative) -> Publication | None:
    return Publication.objects.filter(initiative=initiative).first()


@dataclass(frozen=True)
class Row:
    """An initiative on the admins' open-data page, with whether it is published."""

    initiative: Initiative
    publication: Publication | None

    @property
    def published(self) -> bool:
        return self.publication is not None and self.publication.is_published


def publications_in(user: User, organisation: Organisation) -> list[Row]:
    """Every initiative the person may see in the organisation, with its open-data state,
    in two queries."""
    initiatives = list(record.initiatives_visible_to(user, organisation).select_related("group"))
    found = {
        p.initiative_id: p
        for p in Publication.objects.filter(initiative__organisation=organisation)
    }
    return [Row(i, found.get(i.pk)) for i in initiatives]
