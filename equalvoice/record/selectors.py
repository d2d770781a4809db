"""Reads with rules for the record, and the facts the pure rules work on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from equalvoice.core import belonging, waiting
from equalvoice.core.models import (
    Group,
    Membership,
    Organisation,
    OrgMembership,
    Perspective,
    Role,
    User,
)
from equalvoice.core.selectors import first_or_404
from equalvoice.recognition import sources

from .evidence import HAPPENED, ActivityFacts, Evidence, evidenced_rung
from .ladder import Rung
from .models import Activity, Attendance, ClaimChallenge, Initiative, Stage
from .models import Evidence as EvidenceFile
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
    if belonging.in_organisation(user.pk, organisation.pk, Role.ADMIN):
        return found
    groups = Membership.objects.filter(user=user).values("group_id")
    return found.filter(Q(group__isnull=True) | Q(group_id__in=groups))


def initiative_for(user: User, organisation: Organisation, pk: int) -> Initiative:
    rows = (
        initiatives_visible_to(user, organisation)
        .select_related("organisation", "group")
        .filter(pk=pk)
    )
    return first_or_404(rows, "No such initiative")


def initiatives_in_group(group: Group) -> QuerySet[Initiative]:
    """The plans and projects of a group, to choose one for an idea, a conversation or a
    decision of that group (whoever may see the group may see these)."""
    return Initiative.objects.filter(group=group)


def published_initiative(org_slug: str, pk: int) -> Initiative:
    """An initiative whose "You said, we did" page is published, for anyone to read;
    anything else is not found."""
    rows = Initiative.objects.select_related("organisation").filter(
        organisation__slug=org_slug, pk=pk, published_at__isnull=False
    )
    return first_or_404(rows, "Not published")


def check_initiative(
    organisation_id: int, initiative: object, message: str = "Choose an initiative from the list"
) -> None:
    """An initiative chosen for something in an organisation (an idea, a conversation)
    must be one of that organisation's; raises a form error on `initiative` if not."""
    from django.core.exceptions import ValidationError

    if initiative is not None and (
        not isinstance(initiative, Initiative) or initiative.organisation_id != organisation_id
    ):
        raise ValidationError({"initiative": message})


def activity_in(initiative: Initiative, pk: int) -> Activity:
    return first_or_404(
        Activity.objects.filter(initiative=initiative, pk=pk).select_related("stage"),
        "No such activity",
    )


def challenge_in(initiative: Initiative, pk: int) -> ClaimChallenge:
    return first_or_404(
        ClaimChallenge.objects.filter(pk=pk, activity__initiative=initiative), "No such challenge"
    )


def evidence_in(initiative: Initiative, pk: int) -> EvidenceFile:
    return first_or_404(
        EvidenceFile.objects.filter(pk=pk, activity__initiative=initiative), "No such evidence"
    )


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


def facts_from(
    *,
    status: str,
    rung_claimed: int,
    lived_experience: int,
    effect: str,
    nothing_changed: bool,
    shaped_design: bool,
    decisions: str,
) -> ActivityFacts:
    """The facts the pure rules need, from an activity's stored values. The initiative
    page and the board view both come through here, so they always agree."""
    effect = effect.strip()
    return ActivityFacts(
        status=status,
        rung_claimed=rung_claimed,
        lived_experience_taking_part=lived_experience,
        effect_recorded=bool(effect) or nothing_changed,
        something_changed=bool(effect) and not nothing_changed,
        shaped_design=shaped_design,
        decided_together=decisions == Activity.Decisions.TOGETHER,
    )


def facts_of(activity: Activity, lived_experience: int) -> ActivityFacts:
    return facts_from(
        status=activity.status,
        rung_claimed=activity.rung_claimed,
        lived_experience=lived_experience,
        effect=activity.effect,
        nothing_changed=activity.nothing_changed,
        shaped_design=activity.shaped_design,
        decisions=activity.decisions,
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
    """One initiative on the board view: its figures and warning signs."""

    initiative: Initiative
    done: int
    planned: int
    highest_claimed: Rung | None
    highest_evidenced: Rung | None
    signals: list[Signal]
    # The initiative's profile in brief: the highest rung the evidence shows at each
    # stage where something happened, in stage order.
    profile: list[tuple[str, Rung]]


def board(
    initiatives: QuerySet[Initiative], organisation: Organisation, today: date
) -> list[BoardRow]:
    """Every initiative with its figures and signals. Reads plain values, not model
    objects, in a fixed number of queries however many initiatives there are: the same
    rules as the initiative page (`facts_of`, `evidenced_rung`, `signals`)."""
    chosen = list(initiatives.select_related("group", "organisation"))
    ids = initiatives.values("pk")
    activities = Activity.objects.filter(initiative__in=ids)
    lived_perspectives = set(
        Perspective.objects.filter(organisation=organisation, lived_experience=True).values_list(
            "id", flat=True
        )
    )
    through = OrgMembership.perspectives.through
    lived_people = set(
        through.objects.filter(
            orgmembership__organisation=organisation, perspective_id__in=lived_perspectives
        ).values_list("orgmembership__user_id", flat=True)
    )
    lived: dict[int, int] = {}
    for activity_id, user_id in Activity.participants.through.objects.filter(
        activity__in=activities.values("pk")
    ).values_list("activity_id", "user_id"):
        if user_id in lived_people:
            lived[activity_id] = lived.get(activity_id, 0) + 1
    for activity_id, perspective_id, count in Attendance.objects.filter(
        activity__in=activities.values("pk")
    ).values_list("activity_id", "perspective_id", "count"):
        if perspective_id in lived_perspectives:
            lived[activity_id] = lived.get(activity_id, 0) + count
    open_challenges: dict[int, int] = {}
    for activity_id in ClaimChallenge.objects.filter(
        activity__in=activities.values("pk"), reply=""
    ).values_list("activity_id", flat=True):
        open_challenges[activity_id] = open_challenges.get(activity_id, 0) + 1
    records: dict[int, list[ActivityRecord]] = {i.pk: [] for i in chosen}
    for row in activities.values(
        "pk",
        "initiative_id",
        "stage__position",
        "on",
        "done_on",
        "status",
        "rung_claimed",
        "shaped_design",
        "decisions",
        "effect",
        "nothing_changed",
    ).iterator():
        facts = facts_from(
            status=row["status"],
            rung_claimed=row["rung_claimed"],
            lived_experience=lived.get(row["pk"], 0),
            effect=row["effect"],
            nothing_changed=row["nothing_changed"],
            shaped_design=row["shaped_design"],
            decisions=row["decisions"],
        )
        records[row["initiative_id"]].append(
            ActivityRecord(
                facts=facts,
                stage_position=row["stage__position"],
                on=row["on"],
                recorded_on=row["done_on"] or row["on"],
                open_challenges=open_challenges.get(row["pk"], 0),
            )
        )
    names = dict(Stage.objects.filter(organisation=organisation).values_list("position", "name"))
    return [_board_row(i, records[i.pk], today, names) for i in chosen]


def _board_row(
    initiative: Initiative, records: list[ActivityRecord], today: date, names: dict[int, str]
) -> BoardRow:
    happened = [r for r in records if r.facts.status in HAPPENED]
    evidenced = [e for r in happened if (e := evidenced_rung(r.facts).rung) is not None]
    by_stage: dict[int, Rung] = {}
    for r in happened:
        rung = evidenced_rung(r.facts).rung
        if rung is not None and rung > by_stage.get(r.stage_position, 0):
            by_stage[r.stage_position] = rung
    return BoardRow(
        profile=[(names.get(pos, _("Stage")), by_stage[pos]) for pos in sorted(by_stage)],
        initiative=initiative,
        done=len(happened),
        planned=sum(1 for r in records if r.facts.status == Activity.Status.PLANNED),
        highest_claimed=max((Rung(r.facts.rung_claimed) for r in happened), default=None),
        highest_evidenced=max(evidenced, default=None),
        signals=signals(records, today=today, design_position=Stage.DESIGN_POSITION),
    )


NO_PERSPECTIVE = gettext_noop("No perspective given")
NO_PERSPECTIVE_ID = 0  # no perspective has this id


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

    @property
    def columns(self) -> list[str]:
        """The perspectives who took part are counted under: every perspective, then
        "No perspective given" when someone who took part holds none."""
        return [p.name for p in self.perspectives] + (
            [_(NO_PERSPECTIVE)] if self._anyone_without() else []
        )

    def _anyone_without(self) -> bool:
        return any(pid == NO_PERSPECTIVE_ID for _stage, pid in self.people)

    def people_rows(self) -> list[tuple[Stage, list[tuple[int, int]], int]]:
        """Per stage: (count, share in whole per cent) for each of `columns`, and the
        total. A person with two perspectives counts under each, so shares are of all
        counts."""
        ids = [p.pk for p in self.perspectives]
        if self._anyone_without():
            ids.append(NO_PERSPECTIVE_ID)
        rows = []
        for s in self.stages:
            counts = [self.people.get((s.pk, pid), 0) for pid in ids]
            total = sum(counts)
            shares = [(n, round(100 * n / total) if total else 0) for n in counts]
            rows.append((s, shares, total))
        return rows

    def people_by_perspective(self) -> list[tuple[str, list[tuple[int, int]]]]:
        """`people_rows` the other way round: for each of `columns` (a perspective's name,
        or "No perspective given"), (count, share of the stage's counts) at each stage."""
        rows = self.people_rows()
        return [
            (name, [counts[j] for _s, counts, _t in rows]) for j, name in enumerate(self.columns)
        ]

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
            for pid in held.get(person.pk) or (NO_PERSPECTIVE_ID,):
                people[(stage_id, pid)] = people.get((stage_id, pid), 0) + 1
        for a in v.activity.attendance.all():
            people[(stage_id, a.perspective_id)] = (
                people.get((stage_id, a.perspective_id), 0) + a.count
            )
    return Profile(stages, list(Rung), grid, perspectives, people)


# What is waiting on the home page (core.waiting)


def activities_without_effect(viewer: waiting.Viewer) -> QuerySet[Activity]:
    """Activities that happened, on initiatives the person keeps the record of
    (`can_keep_record`), that say neither what changed nor that nothing did."""
    keeps = (
        Q(initiative__organisation_id__in=viewer.admin_of)
        | Q(initiative__group_id__in=viewer.runs)
        | Q(initiative__group__isnull=True, initiative__organisation_id__in=viewer.facilitates_in)
    )
    return (
        Activity.objects.filter(keeps)
        .filter(
            initiative__organisation_id__in=viewer.organisation_ids,
            status__in=[Activity.Status.DONE, Activity.Status.CHANGED],
            effect="",
            nothing_changed=False,
        )
        .select_related("initiative__organisation")
        .order_by("on", "pk")
    )


def waiting_questions(viewer: waiting.Viewer) -> dict[str, QuerySet[Activity]]:
    """Asked first (core.waiting), of those who keep the record: any activity with no
    effect recorded."""
    if not viewer.runs_anything:
        return {}
    return {"activity-effect": activities_without_effect(viewer)}


def waiting_for(viewer: waiting.Viewer) -> list[waiting.Waiting]:
    """For those who keep the record: activities with no effect recorded."""
    if not viewer.runs_anything or not viewer.may_have("activity-effect"):
        return []
    items = []
    for a in activities_without_effect(viewer):
        what = waiting.short(a.what, 50)
        on = waiting.day(a.on, viewer.today)
        items.append(
            waiting.Waiting(
                kind="activity-effect",
                title=_("Say what changed because of “%(what)s”") % {"what": what},
                note=_("%(initiative)s, %(on)s. If nothing changed, say so.")
                % {"initiative": a.initiative.title, "on": on},
                easy_title=_("What changed because of “%(what)s”?") % {"what": what},
                easy_notes=(_("Write it in the record."),),
                url=reverse(
                    "activity-edit", args=[a.initiative.organisation.slug, a.initiative_id, a.pk]
                ),
                organisation=a.initiative.organisation,
                rank=70,
                running=True,
                icon="record",
            )
        )
    return items


def changes_for_recognition(person: User, organisation: Organisation) -> list[sources.Change]:
    """What changed because of activities the person took part in (done, with a change
    written down), for their letter of thanks: the initiative and the change."""
    done = (
        Activity.objects.filter(
            participants=person,
            initiative__organisation=organisation,
            status__in=HAPPENED,
            nothing_changed=False,
        )
        .exclude(effect="")
        .select_related("initiative")
    )
    return [
        sources.Change(day=a.done_on or a.on, work=a.initiative.title, changed=a.effect.strip())
        for a in done
    ]
