"""Every change to plans: permission, audit log, one transaction. Audit summaries say who
did what to which plan and section, never what anyone wrote: the organisation's admins
read the log and must not read the plan through it."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from equalvoice.core import audit
from equalvoice.core.models import Organisation, OrgMembership, User
from equalvoice.core.permissions import require as _require

if TYPE_CHECKING:
    from equalvoice.community.models import Asset

from . import selectors
from .models import (
    CircleMember,
    Goal,
    GoalVersion,
    Plan,
    PlanAsset,
    PlanView,
    Rating,
    Review,
    ReviewArea,
    ReviewReminder,
    Section,
    SectionKey,
    SectionTemplate,
    SectionVersion,
    Step,
)

TITLE_MAX = 200
SECTION_MAX = 10_000
GOAL_MAX = 500
WHO_HELPS_MAX = 200
STEP_MAX = 300
STEPS_MAX = 10
REVIEW_MAX = 5_000
OTHERS_THERE_MAX = 300
NEEDS_CONSENT = _("Tick to confirm the person agreed to you writing this for them")
CHOOSE_SECTION = _("Choose one of the sections of the plan")
NO_LONGER_ADDED = _(
    "{organisation} no longer adds “{heading}” to plans, so what you wrote was not saved. "
    "Copy it if you want to keep it."
)


def _check_length(field: str, text: str, limit: int, message: StrOrPromise) -> None:
    """`message` says "Keep ... to %(count)s characters"."""
    if len(text) > limit:
        raise ValidationError({field: message % {"count": f"{limit:,}"}})


@transaction.atomic
def plan_create(
    *, actor: User, organisation: Organisation, title: str, kind: str = Plan.Kind.SUPPORT
) -> Plan:
    """Start a plan of your own. You are its owner; nobody else sees it until you invite
    them to your circle and share a section."""
    _require(actor, "plans.create", organisation)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give your plan a name, like “My support plan”")})
    _check_length("title", title, TITLE_MAX, _("Keep the name to %(count)s characters"))
    if kind not in Plan.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of plan it is")})
    plan = Plan.objects.create(
        organisation=organisation, owner=actor, title=title, kind=kind, created_by=actor
    )
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="plan.create",
        obj=plan,
        summary=f"{actor} started a plan of their own",
    )
    return plan


@transaction.atomic
def circle_invite(*, actor: User, plan: Plan, person: User, role: str) -> CircleMember:
    """Ask someone of the organisation to help write your plan, in a role. They see the
    plan and only the sections you share with their role."""
    _require(actor, "plans.manage", plan)
    if role not in CircleMember.Role.values:
        raise ValidationError({"role": _("Choose how they help you")})
    if person.pk == plan.owner_id:
        raise ValidationError({"person": _("This is your own plan: choose someone else")})
    if not OrgMembership.objects.filter(user=person, organisation=plan.organisation_id).exists():
        raise ValidationError({"person": _("Choose someone from the list")})
    if CircleMember.objects.filter(plan=plan, person=person).exists():
        raise ValidationError(
            {"person": _("%(name)s is already in your circle") % {"name": person.name}}
        )
    member = CircleMember.objects.create(plan=plan, person=person, role=role, invited_by=actor)
    audit.record(
        organisation=plan.organisation,
        actor=actor,
        verb="plan.circle_add",
        obj=member,
        summary=f"{actor} asked {person} to help with their plan, as "
        f"{member.get_role_display().lower()}",
    )
    return member


def _supported(actor: User, plan: Plan, obj: Section | Goal, consent_confirmed: bool) -> bool:
    """Whether `actor` writes for the owner (a supporter, who needs `plans.write_for` and
    the person's agreement), or is the owner."""
    if actor.pk == plan.owner_id:
        _require(actor, "plans.write", obj)
        return False
    _require(actor, "plans.write_for", obj)
    if not consent_confirmed:
        raise ValidationError({"consent": NEEDS_CONSENT})
    return True


def _place(
    plan: Plan, key: str, *, lock: bool = False
) -> tuple[Section | None, str, SectionTemplate | None]:
    """The section `key` names in the plan (None when nobody has started it), with its
    `SectionKey` and, for a section the organisation added ("own-<id>"), its template.
    A key that names no section of the plan, or another organisation's, is refused."""
    template = None
    if key not in SectionKey.values or key == SectionKey.OWN:
        template = selectors.own_template_in(plan, key)
        if template is None:
            raise ValidationError(CHOOSE_SECTION)
        key = SectionKey.OWN
    found = Section.objects.filter(plan=plan, key=key, template=template)
    if lock:
        found = found.select_for_update()
    return found.first(), key, template


def _still_added(plan: Plan, template: SectionTemplate | None) -> None:
    """Refuse to start a section the organisation no longer adds to this plan (one it
    stopped adding, or for another kind of plan)."""
    if template is not None and not selectors.offers(plan, template):
        raise ValidationError(
            NO_LONGER_ADDED.format(organisation=plan.organisation.name, heading=template.heading)
        )


@transaction.atomic
def section_write(
    *,
    actor: User,
    plan: Plan,
    key: str,
    text: str,
    consent_confirmed: bool = False,
) -> Section:
    """Write (or rewrite) a section. The owner writes their own; someone in the circle
    the section is shared with may write it down for them, with their agreement, and is
    named on it. An empty section is allowed. `key` is one of `SectionKey`, or
    "own-<id>" for a section the organisation adds (which, once the organisation stops
    adding it, can still be changed where someone wrote in it)."""
    section, key, template = _place(plan, key, lock=True)
    _check_length("text", text, SECTION_MAX, _("Keep the section to %(count)s characters"))
    if section is None or not selectors.written(section):
        _still_added(plan, template)
    if section is None:
        if actor.pk != plan.owner_id:
            raise ValidationError(_("Only the person whose plan it is can start a section"))
        section = Section(plan=plan, key=key, template=template)
    supported = _supported(actor, plan, section, consent_confirmed)
    section.text = text
    section.written_by = actor
    section.written_for = plan.owner if supported else None
    section.consent_confirmed = supported
    section.changed_at = timezone.now()
    section.save()
    SectionVersion.objects.create(
        section=section,
        text=text,
        written_by=actor,
        written_for=section.written_for,
        consent_confirmed=supported,
        written_at=section.changed_at,
        shared_as=section.visibility,
    )
    audit.record(
        organisation=plan.organisation,
        actor=actor,
        on_behalf_of=plan.owner if supported else None,
        verb="plan.section_write",
        obj=section,
        summary=f"{actor} wrote “{section.heading}” in "
        + (f"{plan.owner}’s plan, with their agreement" if supported else "their plan"),
    )
    return section


def _widen_newest(versions: QuerySet[Any], visibility: str) -> None:
    """The words now (the newest of `versions`, a section's or a goal's) reach the
    people `visibility` reaches: so does their version in the history. Earlier versions
    keep how far they reached in their time."""
    newest = versions.order_by("-written_at", "-id").first()
    width = Section.WIDTH
    if newest is not None and width[visibility] > width[newest.shared_as]:  # type: ignore[index]
        newest.shared_as = visibility
        newest.save(update_fields=["shared_as"])


def _widen_newest_versions(section: Section, visibility: str) -> None:
    """The section is now shared as `visibility`: its words now, and each of its goals'
    words now, reach further, and so do their newest versions (`_widen_newest`)."""
    _widen_newest(SectionVersion.objects.filter(section=section), visibility)
    for goal in Goal.objects.filter(section=section):
        _widen_newest(GoalVersion.objects.filter(goal=goal), visibility)


@transaction.atomic
def section_share(*, actor: User, plan: Plan, key: str, visibility: str) -> Section:
    """Say who sees a section: only you, you and your circle, or your circle and your
    named worker. Only the owner decides. `key` as for `section_write`. Shared wider,
    the words the section and its goals say now reach further in their histories too."""
    _require(actor, "plans.share", plan)
    section, key, template = _place(plan, key, lock=True)
    if visibility not in Section.Visibility.values:
        raise ValidationError({"visibility": _("Choose who can see this section")})
    if section is None:
        _still_added(plan, template)
        section = Section.objects.create(plan=plan, key=key, template=template)
    if section.visibility != visibility:
        section.visibility = visibility
        section.save(update_fields=["visibility"])
        _widen_newest_versions(section, visibility)
        audit.record(
            organisation=plan.organisation,
            actor=actor,
            verb="plan.section_share",
            obj=section,
            summary=f"{actor} changed who sees “{section.heading}” in their plan to "
            f"“{section.get_visibility_display()}”",
        )
    return section


@transaction.atomic
def goal_add(
    *,
    actor: User,
    plan: Plan,
    key: str,
    text: str,
    who_helps: str = "",
    review_on: datetime.date | None = None,
    steps: Sequence[str] = (),
    consent_confirmed: bool = False,
) -> Goal:
    """Add a goal, with its steps, who helps and when to look at it again, to a section
    (`key` as for `section_write`). A supporter needs the person's agreement, as when
    writing a section for them. The goal's first version starts its history."""
    section, key, template = _place(plan, key, lock=True)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the goal in a few words")})
    _check_length("text", text, GOAL_MAX, _("Keep the goal to %(count)s characters"))
    _check_length(
        "who_helps", who_helps, WHO_HELPS_MAX, _("Keep who helps to %(count)s characters")
    )
    if review_on is not None and review_on < timezone.localdate():
        raise ValidationError(
            {"review_on": _("The date to look at it again must be today or later")}
        )
    steps = [s.strip() for s in steps if s.strip()]
    if len(steps) > STEPS_MAX:
        raise ValidationError({"steps": _("Write up to %(count)s steps") % {"count": STEPS_MAX}})
    for step in steps:
        _check_length("steps", step, STEP_MAX, _("Keep each step to %(count)s characters"))
    if section is None or not selectors.written(section):
        _still_added(plan, template)
    if section is None:
        if actor.pk != plan.owner_id:
            raise ValidationError(_("Only the person whose plan it is can start a section"))
        section = Section.objects.create(plan=plan, key=key, template=template)
    supported = _supported(actor, plan, section, consent_confirmed)
    goal = Goal.objects.create(
        section=section,
        text=text,
        who_helps=who_helps.strip(),
        review_on=review_on,
        written_by=actor,
        written_for=plan.owner if supported else None,
        consent_confirmed=supported,
    )
    _keep_goal_version(goal, section.visibility)
    Step.objects.bulk_create(Step(goal=goal, text=step) for step in steps)
    audit.record(
        organisation=plan.organisation,
        actor=actor,
        on_behalf_of=plan.owner if supported else None,
        verb="plan.goal_add",
        obj=goal,
        summary=f"{actor} added a goal to “{section.heading}” in "
        + (f"{plan.owner}’s plan, with their agreement" if supported else "their plan"),
    )
    return goal


def _keep_goal_version(goal: Goal, shared_as: str) -> GoalVersion:
    """Keep what the goal says now in its history, by whoever it names as its writer,
    reaching whoever its section is shared with (`shared_as`, read with the section
    locked, so a change of sharing at the same moment cannot be missed)."""
    return GoalVersion.objects.create(
        goal=goal,
        text=goal.text,
        who_helps=goal.who_helps,
        review_on=goal.review_on,
        written_by=goal.written_by,
        written_for=goal.written_for,
        consent_confirmed=goal.consent_confirmed,
        shared_as=shared_as,
    )


def plan_looked_at(*, viewer: User, plan: Plan, what: str = "the plan") -> PlanView | None:
    """Note that someone other than the owner looked at the plan, for the owner's "who
    has looked at my plan". The owner's own looks are not noted. Checked like a read:
    only someone who may see the plan is noted."""
    if viewer.pk == plan.owner_id:
        return None
    _require(viewer, "plans.view", plan)
    return PlanView.objects.create(plan=plan, viewer=viewer, what=what[:100])


@transaction.atomic
def circle_remove(*, actor: User, member: CircleMember) -> None:
    """Take someone out of your circle: from now on they see nothing of your plan. What
    they wrote stays, with their name on it."""
    plan = member.plan
    _require(actor, "plans.manage", plan)
    audit.record(
        organisation=plan.organisation,
        actor=actor,
        verb="plan.circle_remove",
        obj=member,
        summary=f"{actor} took {member.person} out of the circle of their plan",
    )
    member.delete()


@transaction.atomic
def step_set_done(*, actor: User, step: Step, done: bool) -> Step:
    """Mark a step done, or not done yet: the owner, or someone in the circle the goal's
    section is shared with."""
    goal = step.goal
    plan = goal.section.plan
    if actor.pk == plan.owner_id:
        _require(actor, "plans.write", goal.section)
    else:
        _require(actor, "plans.write_for", goal.section)
    if step.done != done:
        step.done = done
        step.save(update_fields=["done"])
        audit.record(
            organisation=plan.organisation,
            actor=actor,
            on_behalf_of=plan.owner if actor.pk != plan.owner_id else None,
            verb="plan.step_done" if done else "plan.step_not_done",
            obj=step,
            summary=f"{actor} marked a step in “{goal.section.heading}” as "
            + ("done" if done else "not done yet"),
        )
    return step


# The sections an organisation adds to its plans (`SectionTemplate`): its admins add,
# change, move and stop adding them. The audit log names the heading; what people write
# in the sections stays in their plans.

HEADING_MAX = 120
PROMPT_MAX = 300
ALREADY_STOPPED = _("{organisation} no longer adds “{heading}” to plans, so it cannot be changed.")


def _template_words(
    organisation: Organisation, heading: str, prompt: str, template: SectionTemplate | None
) -> tuple[str, str]:
    """The heading and question, checked: a heading, not too long, and not one a plan
    already has (the nine every plan has, or another of the organisation's)."""
    heading, prompt = heading.strip(), prompt.strip()
    if not heading:
        raise ValidationError({"heading": _("Enter the heading of the section")})
    _check_length("heading", heading, HEADING_MAX, _("Keep the heading to %(count)s characters"))
    _check_length("prompt", prompt, PROMPT_MAX, _("Keep the question to %(count)s characters"))
    same = heading.casefold()
    fixed = next((label for label in SectionKey.labels if label.casefold() == same), None)
    if fixed is not None and fixed != SectionKey.OWN.label:
        raise ValidationError(
            {
                "heading": _("Every plan already has “%(heading)s”. Choose another heading.")
                % {"heading": fixed}
            }
        )
    others = selectors.section_templates_in(organisation)
    if template is not None:
        others = others.exclude(pk=template.pk)
    if any(t.heading.casefold() == same for t in others):
        raise ValidationError(
            {
                "heading": _("%(organisation)s already adds “%(heading)s”. Choose another heading.")
                % {"organisation": organisation.name, "heading": heading}
            }
        )
    return heading, prompt


def _locked_in_use(template: SectionTemplate) -> SectionTemplate:
    """The template again, locked; refused when the organisation has stopped adding it
    (another admin may have, since the page was opened)."""
    locked = SectionTemplate.objects.select_for_update().get(pk=template.pk)
    if locked.retired_at is not None:
        raise ValidationError(
            ALREADY_STOPPED.format(organisation=template.organisation.name, heading=locked.heading)
        )
    return locked


@transaction.atomic
def section_template_add(
    *, actor: User, organisation: Organisation, heading: str, prompt: str = "", kind: str = ""
) -> SectionTemplate:
    """Add a section of the organisation's own to its plans, after the others: for every
    kind of plan (`kind` empty) or one kind. Every plan shows it from now on; the person
    may leave it empty."""
    _require(actor, "plans.manage_sections", organisation)
    if kind not in ("", *Plan.Kind.values):
        raise ValidationError({"kind": _("Choose which plans it is for")})
    heading, prompt = _template_words(organisation, heading, prompt, None)
    last = (
        SectionTemplate.objects.select_for_update()
        .filter(organisation=organisation, retired_at__isnull=True)
        .order_by("-position")
        .first()
    )
    template = SectionTemplate.objects.create(
        organisation=organisation,
        heading=heading,
        prompt=prompt,
        kind=kind,
        position=last.position + 1 if last else 0,
        created_by=actor,
    )
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="plan.section_template_add",
        obj=template,
        summary=f"{actor} added the section “{heading}” to "
        + (f"every “{template.get_kind_display()}” plan" if kind else "every plan"),
    )
    return template


@transaction.atomic
def section_template_change(
    *, actor: User, template: SectionTemplate, heading: str, prompt: str = ""
) -> SectionTemplate:
    """Change the heading of a section the organisation adds, or its question. Plans
    show the new heading at once, above what people wrote."""
    organisation = template.organisation
    _require(actor, "plans.manage_sections", organisation)
    template = _locked_in_use(template)
    heading, prompt = _template_words(organisation, heading, prompt, template)
    old = template.heading
    template.heading, template.prompt = heading, prompt
    template.save(update_fields=["heading", "prompt"])
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="plan.section_template_change",
        obj=template,
        summary=f"{actor} changed the section “{old}”"
        + (f", now called “{heading}”" if heading != old else ""),
    )
    return template


@transaction.atomic
def section_template_move(
    *, actor: User, template: SectionTemplate, direction: str
) -> SectionTemplate:
    """Move a section one place up or down in the order plans show the organisation's
    sections (after the nine every plan has)."""
    organisation = template.organisation
    _require(actor, "plans.manage_sections", organisation)
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose to move the section up or down"))
    template = _locked_in_use(template)
    order = list(
        SectionTemplate.objects.select_for_update()
        .filter(organisation=organisation, retired_at__isnull=True)
        .order_by("position", "id")
    )
    at = next(i for i, t in enumerate(order) if t.pk == template.pk)
    to = at - 1 if direction == "up" else at + 1
    if not 0 <= to < len(order):
        raise ValidationError(
            (
                _("“%(heading)s” is already first")
                if direction == "up"
                else _("“%(heading)s” is already last")
            )
            % {"heading": template.heading}
        )
    order[at], order[to] = order[to], order[at]
    moved = [t for position, t in enumerate(order) if t.position != position]
    for position, t in enumerate(order):
        t.position = position
    SectionTemplate.objects.bulk_update(moved, ["position"])
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="plan.section_template_move",
        obj=template,
        summary=f"{actor} moved the section “{template.heading}” {direction}",
    )
    return order[to]


@transaction.atomic
def section_template_retire(*, actor: User, template: SectionTemplate) -> SectionTemplate:
    """Stop adding a section to plans. It leaves every plan where it is empty; where
    someone wrote in it, it stays, with its heading, and can still be changed."""
    organisation = template.organisation
    _require(actor, "plans.manage_sections", organisation)
    template = _locked_in_use(template)
    template.retired_at = timezone.now()
    template.save(update_fields=["retired_at"])
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="plan.section_template_retire",
        obj=template,
        summary=f"{actor} stopped adding the section “{template.heading}” to plans",
    )
    return template


def _on_date(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}"


@transaction.atomic
def section_restore(*, actor: User, version: SectionVersion) -> Section:
    """Put an earlier version of a section back: its words become the section's text
    again, as a new version written by the owner (the earlier versions all stay). Only
    the owner may; the audit log says which version's date, never its words."""
    section = (
        Section.objects.select_for_update()
        .select_related("plan__organisation", "plan__owner")
        .get(pk=version.section_id)
    )
    plan = section.plan
    _require(actor, "plans.write", section)
    newest = SectionVersion.objects.filter(section=section).order_by("-written_at", "-id").first()
    if newest is not None and newest.pk == version.pk:
        raise ValidationError(_("This is what the section says now"))
    section.text = version.text
    section.written_by = actor
    section.written_for = None
    section.consent_confirmed = False
    section.changed_at = timezone.now()
    section.save()
    SectionVersion.objects.create(
        section=section,
        text=version.text,
        written_by=actor,
        written_at=section.changed_at,
        shared_as=section.visibility,
    )
    audit.record(
        organisation=plan.organisation,
        actor=actor,
        verb="plan.section_restore",
        obj=section,
        summary=f"{actor} put back the version of “{section.heading}” from "
        f"{_on_date(version.written_at)} in their plan",
    )
    return section


def _goal_written(actor: User, goal: Goal, consent_confirmed: bool) -> bool:
    """Check that `actor` may change the goal (the owner, or someone in the circle its
    section is shared with, with the person's agreement) and name them on it as its
    writer. True when they write for the person."""
    plan = goal.section.plan
    supported = _supported(actor, plan, goal, consent_confirmed)
    goal.written_by = actor
    goal.written_for = plan.owner if supported else None
    goal.consent_confirmed = supported
    return supported


def _in_whose_plan(plan: Plan, supported: bool) -> str:
    return f"{plan.owner}’s plan, with their agreement" if supported else "their plan"


def _locked_goal(goal: Goal) -> Goal:
    return (
        Goal.objects.select_for_update()
        .select_related("section__plan__organisation", "section__plan__owner")
        .get(pk=goal.pk)
    )


def _check_step(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the step in a few words")})
    _check_length("text", text, STEP_MAX, _("Keep each step to %(count)s characters"))
    return text


@transaction.atomic
def goal_change(
    *,
    actor: User,
    goal: Goal,
    text: str,
    who_helps: str = "",
    review_on: datetime.date | None = None,
    consent_confirmed: bool = False,
) -> Goal:
    """Change a goal's words, who helps and when to look at it again. A new date cannot
    be in the past (a date already passed may stay as it is). Whoever changes it is named
    on it; someone in the circle needs the person's agreement, as when adding it. Each
    change is kept as a new version (`GoalVersion`); the earlier ones stay."""
    goal = _locked_goal(goal)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the goal in a few words")})
    _check_length("text", text, GOAL_MAX, _("Keep the goal to %(count)s characters"))
    _check_length(
        "who_helps", who_helps, WHO_HELPS_MAX, _("Keep who helps to %(count)s characters")
    )
    if review_on is not None and review_on != goal.review_on and review_on < timezone.localdate():
        raise ValidationError(
            {"review_on": _("The date to look at it again must be today or later")}
        )
    supported = _goal_written(actor, goal, consent_confirmed)
    goal.text = text
    goal.who_helps = who_helps.strip()
    goal.review_on = review_on
    goal.save()
    # The section's sharing now, locked until this version is kept (see `section_share`).
    shared_as = (
        Section.objects.select_for_update()
        .values_list("visibility", flat=True)
        .get(pk=goal.section_id)
    )
    _keep_goal_version(goal, shared_as)
    plan = goal.section.plan
    audit.record(
        organisation=plan.organisation,
        actor=actor,
        on_behalf_of=plan.owner if supported else None,
        verb="plan.goal_change",
        obj=goal,
        summary=f"{actor} changed a goal in “{goal.section.heading}” in "
        + _in_whose_plan(plan, supported),
    )
    return goal


@transaction.atomic
def goal_remove(*, actor: User, goal: Goal, consent_confirmed: bool = False) -> None:
    """Take a goal and its steps out of the plan: the owner, or someone in the circle
    its section is shared with, with the person's agreement."""
    goal = _locked_goal(goal)
    plan = goal.section.plan
    supported = _supported(actor, plan, goal, consent_confirmed)
    audit.record(
        organisation=plan.organisation,
        actor=actor,
        on_behalf_of=plan.owner if supported else None,
        verb="plan.goal_remove",
        obj=goal,
        summary=f"{actor} took a goal out of “{goal.section.heading}” in "
        + _in_whose_plan(plan, supported),
    )
    goal.delete()


def _step_changed(actor: User, goal: Goal, supported: bool, verb: str, what: str) -> None:
    """A step was added, changed or taken out: the goal (steps and all) is now named as
    written by `actor`, and the audit log says so without the words."""
    goal.save(update_fields=["written_by", "written_for", "consent_confirmed"])
    plan = goal.section.plan
    audit.record(
        organisation=plan.organisation,
        actor=actor,
        on_behalf_of=plan.owner if supported else None,
        verb=verb,
        obj=goal,
        summary=f"{actor} {what} a goal in “{goal.section.heading}” in "
        + _in_whose_plan(plan, supported),
    )


@transaction.atomic
def step_add(*, actor: User, goal: Goal, text: str, consent_confirmed: bool = False) -> Step:
    """Add a step to a goal (up to ten steps a goal)."""
    goal = _locked_goal(goal)
    text = _check_step(text)
    if Step.objects.filter(goal=goal).count() >= STEPS_MAX:
        raise ValidationError(
            {"text": _("A goal can have up to %(count)s steps") % {"count": STEPS_MAX}}
        )
    supported = _goal_written(actor, goal, consent_confirmed)
    step = Step.objects.create(goal=goal, text=text)
    _step_changed(actor, goal, supported, "plan.step_add", "added a step to")
    return step


@transaction.atomic
def step_rename(*, actor: User, step: Step, text: str, consent_confirmed: bool = False) -> Step:
    """Change the words of a step. Whether it is done stays as it was."""
    goal = _locked_goal(step.goal)
    text = _check_step(text)
    supported = _goal_written(actor, goal, consent_confirmed)
    step.text = text
    step.save(update_fields=["text"])
    _step_changed(actor, goal, supported, "plan.step_change", "changed a step of")
    return step


@transaction.atomic
def step_remove(*, actor: User, step: Step, consent_confirmed: bool = False) -> None:
    """Take a step out of its goal."""
    goal = _locked_goal(step.goal)
    supported = _goal_written(actor, goal, consent_confirmed)
    step.delete()
    _step_changed(actor, goal, supported, "plan.step_remove", "took a step out of")


@transaction.atomic
def circle_role_change(*, actor: User, member: CircleMember, role: str) -> CircleMember:
    """Say how someone in your circle helps you now. What they see changes at once: a
    named worker sees only the sections shared with the named worker."""
    plan = member.plan
    _require(actor, "plans.manage", plan)
    if role not in CircleMember.Role.values:
        raise ValidationError({"role": _("Choose how they help you")})
    if member.role != role:
        member.role = role
        member.save(update_fields=["role"])
        audit.record(
            organisation=plan.organisation,
            actor=actor,
            verb="plan.circle_role",
            obj=member,
            summary=f"{actor} changed how {member.person} helps with their plan, to "
            f"{member.get_role_display().lower()}",
        )
    return member


def _review_visibility(actor: User, plan: Plan, visibility: str | None) -> str:
    """Who sees a new review. The person chooses; a review someone in the circle records
    for them is shared as far as it must be for its writer to see it again (the circle,
    or the circle and the named worker when the named worker wrote it), and the person
    can change that."""
    if actor.pk == plan.owner_id:
        if visibility not in Section.Visibility.values:
            raise ValidationError({"visibility": _("Choose who can see this review")})
        return str(visibility)
    member = CircleMember.objects.filter(plan=plan, person=actor).first()
    if member is not None and member.role == CircleMember.Role.NAMED_WORKER:
        return Section.Visibility.WORKER
    return Section.Visibility.CIRCLE


@transaction.atomic
def review_add(
    *,
    actor: User,
    plan: Plan,
    held_on: datetime.date,
    ratings: Mapping[str, int | None],
    took_part: Sequence[User] = (),
    others_there: str = "",
    what_changed: str = "",
    visibility: str | None = None,
    consent_confirmed: bool = False,
    today: datetime.date | None = None,
) -> Review:
    """Record a review: the person and their circle looked at the plan together. How
    things are for each area, from 1 (very bad) to 5 (very good); an area left out is
    not rated. Someone in the circle may record it for the person, with their agreement."""
    _require(actor, "plans.review", plan)
    supported = actor.pk != plan.owner_id
    if supported and not consent_confirmed:
        raise ValidationError({"consent": NEEDS_CONSENT})
    today = today or timezone.localdate()
    if held_on > today:
        raise ValidationError({"held_on": _("The date of the review must be today or in the past")})
    scores: dict[str, int] = {}
    for area, score in ratings.items():
        if area not in ReviewArea.values:
            raise ValidationError(_("Rate only the areas on the form"))
        if score is None:
            continue
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            raise ValidationError({f"rating_{area}": _("Choose one of the faces, from 1 to 5")})
        scores[area] = score
    what_changed = what_changed.strip()
    others_there = others_there.strip()
    if not scores and not what_changed:
        raise ValidationError(_("Rate at least one area, or write what has changed"))
    _check_length("what_changed", what_changed, REVIEW_MAX, "what has changed")
    _check_length("others_there", others_there, OTHERS_THERE_MAX, "the names")
    allowed = {
        plan.owner_id,
        *CircleMember.objects.filter(plan=plan).values_list("person_id", flat=True),
    }
    if any(person.pk not in allowed for person in took_part):
        raise ValidationError({"took_part": _("Choose people from the list")})
    review = Review.objects.create(
        plan=plan,
        held_on=held_on,
        others_there=others_there,
        what_changed=what_changed,
        visibility=_review_visibility(actor, plan, visibility),
        written_by=actor,
        written_for=plan.owner if supported else None,
        consent_confirmed=supported,
    )
    review.took_part.set(took_part)
    Rating.objects.bulk_create(
        Rating(review=review, area=area, score=score) for area, score in scores.items()
    )
    audit.record(
        organisation=plan.organisation,
        actor=actor,
        on_behalf_of=plan.owner if supported else None,
        verb="plan.review_add",
        obj=review,
        summary=f"{actor} recorded a review of "
        + (f"{plan.owner}’s plan, with their agreement" if supported else "their plan"),
    )
    return review


@transaction.atomic
def review_share(*, actor: User, review: Review, visibility: str) -> Review:
    """Say who sees a review, as for a section. Only the person decides."""
    plan = review.plan
    _require(actor, "plans.share", plan)
    if visibility not in Section.Visibility.values:
        raise ValidationError({"visibility": _("Choose who can see this review")})
    if review.visibility != visibility:
        review.visibility = visibility
        review.save(update_fields=["visibility"])
        audit.record(
            organisation=plan.organisation,
            actor=actor,
            verb="plan.review_share",
            obj=review,
            summary=f"{actor} changed who sees a review of their plan to "
            f"“{review.get_visibility_display()}”",
        )
    return review


DATE_NEEDS_CONSENT = _("Tick to confirm the person agreed to this date")
NEXT_REVIEW_YEARS = 5


@transaction.atomic
def plan_set_next_review(
    *, actor: User, plan: Plan, next_review_on: datetime.date, consent_confirmed: bool = False
) -> Plan:
    """Set or change when the person and their circle next look at the plan together:
    today or later, within five years. The person sets it; anyone in their circle may set
    it for them, with their agreement. The audit log says who set it, not the date."""
    supported = actor.pk != plan.owner_id
    _require(actor, "plans.set_next_review_for" if supported else "plans.set_next_review", plan)
    today = timezone.localdate()
    if next_review_on < today:
        raise ValidationError(
            {"next_review_on": _("The date to look at the plan together must be today or later")}
        )
    if next_review_on > today + datetime.timedelta(days=366 * NEXT_REVIEW_YEARS):
        raise ValidationError(
            {
                "next_review_on": _("Choose a date in the next %(count)s years")
                % {"count": NEXT_REVIEW_YEARS}
            }
        )
    if supported and not consent_confirmed:
        raise ValidationError({"consent": DATE_NEEDS_CONSENT})
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.next_review_on != next_review_on:
        locked.next_review_on = next_review_on
        locked.save(update_fields=["next_review_on"])
        audit.record(
            organisation=plan.organisation,
            actor=actor,
            on_behalf_of=plan.owner if supported else None,
            verb="plan.next_review",
            obj=locked,
            summary=f"{actor} set the date to look at "
            + (
                f"{plan.owner}’s plan together, with their agreement"
                if supported
                else "their plan together"
            ),
        )
    plan.next_review_on = next_review_on
    return plan


def review_reminder_claim(*, plan: Plan, due_on: datetime.date) -> bool:
    """Claim the reminder for one plan and review date, once: true only for the first
    caller, however many reminder tasks run at the same time (the database allows one
    `ReviewReminder` per plan and date). Nobody asks for it, so nothing is checked or
    logged: the reminder task calls it before it sends anything."""
    try:
        with transaction.atomic():
            ReviewReminder.objects.create(plan=plan, due_on=due_on)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def plan_place_link(*, actor: User, plan: Plan, asset: Asset) -> PlanAsset:
    """Link a place I connect with (an asset on the organisation's community map) to my
    plan's community section; it is seen by whoever that section is shared with. Only
    the person whose plan it is links places; linking one twice changes nothing."""
    from equalvoice.community.selectors import shown

    _require(actor, "plans.write", plan)
    if not shown(plan.organisation).filter(pk=asset.pk).exists():
        raise ValidationError({"asset": _("Choose a place from your organisation’s community map")})
    section, key, template = _place(plan, SectionKey.COMMUNITY, lock=True)
    if section is None:
        section = Section.objects.create(plan=plan, key=key, template=template)
    link, made = PlanAsset.objects.get_or_create(
        section=section, asset=asset, defaults={"added_by": actor}
    )
    if made:
        audit.record(
            organisation=plan.organisation,
            actor=actor,
            verb="plan.place_link",
            obj=link,
            summary=f"{actor} linked a place they connect with to their plan",
        )
    return link


@transaction.atomic
def plan_place_unlink(*, actor: User, link: PlanAsset) -> None:
    """Take a place off my plan (the asset stays on the community map)."""
    plan = link.section.plan
    _require(actor, "plans.write", plan)
    audit.record(
        organisation=plan.organisation,
        actor=actor,
        verb="plan.place_unlink",
        obj=link,
        summary=f"{actor} took a place they connect with off their plan",
    )
    link.delete()
