"""Reads with rules for the record, and the facts the pure rules work on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from equalvoice.core.models import Membership, Organisation, OrgMembership, Perspective, Role, User

from .evidence import ActivityFacts, Evidence, evidenced_rung
from .ladder import Rung
from .models import Activity, Attendance, ClaimChallenge, Initiative, Stage
from .tokenism import ActivityRecord, Signal, signals


def stages_for(organisation: Organisation) -> QuerySet[Stage]:
    """The organisation's stages; the default list is made the first time."""
    if not Stage.objects.filter(organisation=organisation).exists():
        Stage.objects.bulk_create(
            Stage(organisation=organisation, name=name, position=i)
            for i, name in enumerate(Stage.DEFAULTS)
        )
    return Stage.objects.filter(organisation=organisation)


def initiatives_visible_to(user: User, organisation: Organisation) -> QuerySet[Initiative]:
    found = Initiative.objects.filter(organisation=organisation)
    if OrgMembership.objects.filter(user=user, organisation=organisation, role=Role.ADMIN).exists():
        return found
    groups = Membership.objects.filter(user=user).values("group_id")
    return found.filter(Q(group__isnull=True) | Q(group_id__in=groups))


def initiative_for(user: User, organisation: Organisation, pk: int) -> Initiative:
    found = (
        initiatives_visible_to(user, organisation)
        .select_related("organisation", "group")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such initiative")
    return found


def activity_in(initiative: Initiative, pk: int) -> Activity:
    found = Activity.objects.filter(initiative=initiative, pk=pk).select_related("stage").first()
    if found is None:
        raise Http404("No such activity")
    return found


@dataclass
class ActivityView:
    """An activity with what the rules say about it."""

    activity: Activity
    evidence: Evidence
    lived_experience: int
    open_challenges: int

    @property
    def claimed(self) -> Rung:
        return Rung(self.activity.rung_claimed)

    @property
    def above_evidence(self) -> bool:
        return self.evidence.rung is not None and self.evidence.rung < self.claimed


def _lived_counts(activities: list[Activity], organisation_id: int) -> dict[int, int]:
    """People with lived experience taking part in each activity: named participants
    who hold a lived-experience perspective, plus counts at open events."""
    lived = set(
        Perspective.objects.filter(
            organisation_id=organisation_id, lived_experience=True
        ).values_list("id", flat=True)
    )
    through = OrgMembership.perspectives.through
    lived_people = set(
        through.objects.filter(
            orgmembership__organisation_id=organisation_id, perspective_id__in=lived
        ).values_list("orgmembership__user_id", flat=True)
    )
    counts: dict[int, int] = {}
    for activity in activities:
        named = sum(1 for p in activity.participants.all() if p.pk in lived_people)
        counted = sum(a.count for a in activity.attendance.all() if a.perspective_id in lived)
        counts[activity.pk] = named + counted
    return counts


def facts_of(activity: Activity, lived_experience: int) -> ActivityFacts:
    return ActivityFacts(
        status=activity.status,
        rung_claimed=activity.rung_claimed,
        lived_experience_taking_part=lived_experience,
        effect_recorded=bool(activity.effect.strip()) or activity.nothing_changed,
        something_changed=bool(activity.effect.strip()) and not activity.nothing_changed,
        shaped_design=activity.shaped_design,
        decided_together=activity.decisions == Activity.Decisions.TOGETHER,
    )


def activity_views(initiative: Initiative) -> list[ActivityView]:
    """Every activity of an initiative with its evidenced rung, in a fixed number of
    queries however many activities there are."""
    return _views(Activity.objects.filter(initiative=initiative), initiative.organisation_id)


def _views(activities_qs: QuerySet[Activity], organisation_id: int) -> list[ActivityView]:
    activities = list(
        activities_qs.select_related("stage", "created_by").prefetch_related(
            "participants",
            Prefetch("attendance", queryset=Attendance.objects.select_related("perspective")),
            Prefetch(
                "challenges",
                queryset=ClaimChallenge.objects.select_related("raised_by", "replied_by"),
            ),
            "evidence",
        )
    )
    lived = _lived_counts(activities, organisation_id)
    views = []
    for a in activities:
        views.append(
            ActivityView(
                activity=a,
                evidence=evidenced_rung(facts_of(a, lived[a.pk])),
                lived_experience=lived[a.pk],
                open_challenges=sum(1 for c in a.challenges.all() if c.is_open),
            )
        )
    return views


def initiative_signals(views: list[ActivityView], today: date) -> list[Signal]:
    records = [
        ActivityRecord(
            facts=facts_of(v.activity, v.lived_experience),
            stage_position=v.activity.stage.position,
            on=v.activity.on,
            recorded_on=v.activity.done_on or v.activity.on,
            open_challenges=v.open_challenges,
        )
        for v in views
    ]
    return signals(records, today=today, design_position=Stage.DESIGN_POSITION)


@dataclass
class BoardRow:
    initiative: Initiative
    views: list[ActivityView]
    signals: list[Signal]

    @property
    def done(self) -> int:
        return sum(1 for v in self.views if v.activity.happened)

    @property
    def planned(self) -> int:
        return sum(1 for v in self.views if v.activity.status == Activity.Status.PLANNED)

    @property
    def highest_evidenced(self) -> Rung | None:
        rungs = [v.evidence.rung for v in self.views if v.evidence.rung is not None]
        return max(rungs) if rungs else None

    @property
    def highest_claimed(self) -> Rung | None:
        rungs = [v.claimed for v in self.views if v.activity.happened]
        return max(rungs) if rungs else None


def board(
    initiatives: QuerySet[Initiative], organisation: Organisation, today: date
) -> list[BoardRow]:
    """Every initiative with its activities, evidenced rungs and signals, in a fixed
    number of queries however many initiatives there are."""
    chosen = list(initiatives.select_related("group", "organisation"))
    views = _views(Activity.objects.filter(initiative__in=chosen), organisation.pk)
    by_initiative: dict[int, list[ActivityView]] = {i.pk: [] for i in chosen}
    for view in views:
        by_initiative[view.activity.initiative_id].append(view)
    return [
        BoardRow(i, by_initiative[i.pk], initiative_signals(by_initiative[i.pk], today))
        for i in chosen
    ]


@dataclass
class Profile:
    """An initiative's co-production profile: how many activities sit on each rung at
    each stage (by the evidence), and who took part at each stage, by perspective."""

    stages: list[Stage]
    rungs: list[Rung]
    grid: dict[tuple[int, int], int]
    perspectives: list[Perspective]
    people: dict[tuple[int, int], int]

    def rows(self) -> list[tuple[Stage, list[int]]]:
        return [(s, [self.grid.get((s.pk, int(r)), 0) for r in self.rungs]) for s in self.stages]

    def people_rows(self) -> list[tuple[Stage, list[int], int]]:
        rows = []
        for s in self.stages:
            counts = [self.people.get((s.pk, p.pk), 0) for p in self.perspectives]
            rows.append((s, counts, sum(counts)))
        return rows

    @property
    def largest(self) -> int:
        return max(self.grid.values(), default=0)


def profile(initiative: Initiative, views: list[ActivityView]) -> Profile:
    org_id = initiative.organisation_id
    stages = list(Stage.objects.filter(organisation_id=org_id))
    perspectives = list(Perspective.objects.filter(organisation_id=org_id))
    grid: dict[tuple[int, int], int] = {}
    for v in views:
        if v.evidence.rung is not None:
            key = (v.activity.stage_id, int(v.evidence.rung))
            grid[key] = grid.get(key, 0) + 1
    through = OrgMembership.perspectives.through
    held: dict[int, set[int]] = {}
    for user_id, perspective_id in through.objects.filter(
        orgmembership__organisation_id=org_id
    ).values_list("orgmembership__user_id", "perspective_id"):
        held.setdefault(user_id, set()).add(perspective_id)
    people: dict[tuple[int, int], int] = {}
    for v in views:
        if not v.activity.happened:
            continue
        stage_id = v.activity.stage_id
        for person in v.activity.participants.all():
            for pid in held.get(person.pk, ()):
                people[(stage_id, pid)] = people.get((stage_id, pid), 0) + 1
        for a in v.activity.attendance.all():
            people[(stage_id, a.perspective_id)] = (
                people.get((stage_id, a.perspective_id), 0) + a.count
            )
    return Profile(stages, list(Rung), grid, perspectives, people)
