"""Every change to the co-production record: permission, audit log, one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from equalvoice.core import audit
from equalvoice.core.models import Group, Organisation, Perspective, User
from equalvoice.core.permissions import require as _require

from .ladder import Rung
from .models import Activity, Attendance, ClaimChallenge, Evidence, Initiative, Stage, YouSaid


@transaction.atomic
def initiative_save(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    kind: str,
    group: Group | None = None,
    summary: str = "",
    initiative: Initiative | None = None,
) -> Initiative:
    """Start an initiative, or change one."""
    if group is not None and group.organisation_id != organisation.pk:
        raise ValidationError({"group": _("Choose a group of this organisation")})
    if initiative is None:
        _require(actor, "record.create_initiative", organisation)
        initiative = Initiative(organisation=organisation, created_by=actor)
        verb = "initiative.create"
    else:
        _require(actor, "record.change_initiative", initiative)
        verb = "initiative.update"
    initiative.title, initiative.kind, initiative.group, initiative.summary = (
        title,
        kind,
        group,
        summary,
    )
    initiative.save()
    if verb == "initiative.create":
        from .selectors import stages_for

        stages_for(organisation)
    audit.record(
        organisation=organisation,
        actor=actor,
        verb=verb,
        obj=initiative,
        summary=f"{actor} {'started' if verb.endswith('create') else 'changed'} "
        f"the initiative “{title}”",
    )
    return initiative


@transaction.atomic
def activity_save(
    *,
    actor: User,
    initiative: Initiative,
    stage: Stage,
    on: date,
    status: str,
    what: str,
    rung_claimed: int,
    participants: Iterable[User] = (),
    shaped_design: bool = False,
    decisions: str = Activity.Decisions.STAFF,
    effect: str = "",
    nothing_changed: bool = False,
    status_reason: str = "",
    attendance: dict[Perspective, int] | None = None,
    activity: Activity | None = None,
) -> Activity:
    """Plan an activity, record one that happened, or confirm a planned one as done,
    changed or not done."""
    _require(actor, "record.change_initiative", initiative)
    rung = Rung.parse(rung_claimed)
    if stage.organisation_id != initiative.organisation_id:
        raise ValidationError({"stage": _("Choose a stage from the list")})
    if status == Activity.Status.PLANNED and (effect.strip() or nothing_changed):
        raise ValidationError(
            {"effect": _("An activity that has not happened yet cannot have an effect")}
        )
    creating = activity is None
    if activity is None:
        activity = Activity(initiative=initiative, created_by=actor)
    was_planned = activity.status == Activity.Status.PLANNED
    activity.stage, activity.on, activity.status, activity.what = stage, on, status, what
    activity.rung_claimed, activity.shaped_design, activity.decisions = (
        int(rung),
        shaped_design,
        decisions,
    )
    activity.effect, activity.nothing_changed, activity.status_reason = (
        effect,
        nothing_changed,
        status_reason,
    )
    if activity.happened and (activity.done_on is None or was_planned):
        activity.done_on = min(on, timezone.localdate())
    if not activity.happened:
        activity.done_on = None
    activity.save()
    activity.participants.set(list(participants))
    if attendance is not None:
        activity.attendance.all().delete()
        Attendance.objects.bulk_create(
            Attendance(activity=activity, perspective=p, count=n)
            for p, n in attendance.items()
            if n and p.organisation_id == initiative.organisation_id
        )
    audit.record(
        organisation=initiative.organisation,
        actor=actor,
        verb="activity.create" if creating else "activity.update",
        obj=activity,
        summary=f"{actor} {'added' if creating else 'changed'} an activity "
        f"({activity.get_status_display().lower()}, {rung.label}) on “{initiative.title}”",
    )
    return activity


@transaction.atomic
def claim_challenge_raise(*, actor: User, activity: Activity, text: str) -> ClaimChallenge:
    """Anyone who can see an activity may say its rung is wrong. It stays on the record."""
    _require(actor, "record.challenge_claim", activity)
    challenge = ClaimChallenge.objects.create(activity=activity, raised_by=actor, text=text)
    audit.record(
        organisation=activity.initiative.organisation,
        actor=actor,
        verb="claim_challenge.create",
        obj=challenge,
        summary=f"{actor} challenged the rung claimed for an activity on "
        f"“{activity.initiative.title}”",
    )
    return challenge


@transaction.atomic
def claim_challenge_reply(*, actor: User, challenge: ClaimChallenge, reply: str) -> ClaimChallenge:
    _require(actor, "record.change_initiative", challenge.activity)
    if challenge.reply:
        raise ValidationError(_("This challenge already has a reply."))
    challenge.reply, challenge.replied_by, challenge.replied_at = reply, actor, timezone.now()
    challenge.save(update_fields=["reply", "replied_by", "replied_at"])
    audit.record(
        organisation=challenge.activity.initiative.organisation,
        actor=actor,
        verb="claim_challenge.update",
        obj=challenge,
        summary=f"{actor} replied to a challenge on “{challenge.activity.initiative.title}”",
    )
    return challenge


@transaction.atomic
def evidence_add(
    *, actor: User, activity: Activity, note: str = "", link: str = "", file: object = None
) -> Evidence:
    """Evidence for an activity: a note, a link or a file."""
    _require(actor, "record.change_initiative", activity)
    if not (note or link or file):
        raise ValidationError(_("Add a note, a link or a file"))
    evidence = Evidence(activity=activity, note=note, link=link, added_by=actor)
    if file is not None:
        evidence.file.save(getattr(file, "name", "evidence"), file, save=False)  # type: ignore[arg-type]
    evidence.save()
    audit.record(
        organisation=activity.initiative.organisation,
        actor=actor,
        verb="evidence.create",
        obj=evidence,
        summary=f"{actor} added evidence to an activity on “{activity.initiative.title}”",
    )
    return evidence


@transaction.atomic
def you_said_add(*, actor: User, initiative: Initiative, said: str, did: str) -> YouSaid:
    _require(actor, "record.change_initiative", initiative)
    line = YouSaid.objects.create(
        initiative=initiative, said=said, did=did, position=initiative.you_said.count()
    )
    audit.record(
        organisation=initiative.organisation,
        actor=actor,
        verb="you_said.create",
        obj=line,
        summary=f"{actor} added to “You said, we did” for “{initiative.title}”",
    )
    return line


@transaction.atomic
def initiative_publish(*, actor: User, initiative: Initiative, publish: bool) -> Initiative:
    """Publish the initiative's "You said, we did" page for anyone to read, or take it
    down. Only the page is public: never the record, the names or the drafts."""
    _require(actor, "record.change_initiative", initiative)
    if publish and not initiative.you_said.exists():
        raise ValidationError(_("Add at least one “You said, we did” line first."))
    initiative.published_at = timezone.now() if publish else None
    initiative.save(update_fields=["published_at"])
    audit.record(
        organisation=initiative.organisation,
        actor=actor,
        verb="initiative.publish" if publish else "initiative.unpublish",
        obj=initiative,
        summary=f"{actor} {'published' if publish else 'took down'} “You said, we did” "
        f"for “{initiative.title}”",
    )
    return initiative


@transaction.atomic
def stage_save(
    *, actor: User, organisation: Organisation, name: str, stage: Stage | None = None
) -> Stage:
    """Add a stage at the end of the organisation's list, or rename one."""
    _require(actor, "core.manage_perspectives", organisation)  # organisation admins
    clash = Stage.objects.filter(organisation=organisation, name__iexact=name)
    if stage is not None:
        clash = clash.exclude(pk=stage.pk)
    if clash.exists():
        raise ValidationError({"name": _("There is already a stage with this name")})
    if stage is None:
        last = Stage.objects.filter(organisation=organisation).order_by("-position").first()
        stage = Stage(organisation=organisation, position=(last.position + 1) if last else 0)
    stage.name = name
    stage.save()
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="stage.update",
        obj=stage,
        summary=f"{actor} saved the stage “{name}”",
    )
    return stage
