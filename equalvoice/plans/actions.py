"""Every change to plans: permission, audit log, one transaction. Audit summaries say who
did what to which plan and section, never what anyone wrote: the organisation's admins
read the log and must not read the plan through it."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from equalvoice.core import audit
from equalvoice.core.models import Organisation, OrgMembership, User
from equalvoice.core.permissions import require as _require

from . import selectors
from .models import (
    CircleMember,
    Goal,
    Plan,
    PlanView,
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
NEEDS_CONSENT = "Tick to confirm the person agreed to you writing this for them"
CHOOSE_SECTION = "Choose one of the sections of the plan"
NO_LONGER_ADDED = (
    "{organisation} no longer adds “{heading}” to plans, so what you wrote was not saved. "
    "Copy it if you want to keep it."
)


def _check_length(field: str, text: str, limit: int, what: str) -> None:
    if len(text) > limit:
        raise ValidationError({field: f"Keep {what} to {limit:,} characters"})


@transaction.atomic
def plan_create(
    *, actor: User, organisation: Organisation, title: str, kind: str = Plan.Kind.SUPPORT
) -> Plan:
    """Start a plan of your own. You are its owner; nobody else sees it until you invite
    them to your circle and share a section."""
    _require(actor, "plans.create", organisation)
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Give your plan a name, like “My support plan”"})
    _check_length("title", title, TITLE_MAX, "the name")
    if kind not in Plan.Kind.values:
        raise ValidationError({"kind": "Choose what kind of plan it is"})
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
        raise ValidationError({"role": "Choose how they help you"})
    if person.pk == plan.owner_id:
        raise ValidationError({"person": "This is your own plan: choose someone else"})
    if not OrgMembership.objects.filter(user=person, organisation=plan.organisation_id).exists():
        raise ValidationError({"person": "Choose someone from the list"})
    if CircleMember.objects.filter(plan=plan, person=person).exists():
        raise ValidationError({"person": f"{person.name} is already in your circle"})
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


def _supported(actor: User, plan: Plan, obj: Section, consent_confirmed: bool) -> bool:
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
    _check_length("text", text, SECTION_MAX, "the section")
    if section is None or not selectors.written(section):
        _still_added(plan, template)
    if section is None:
        if actor.pk != plan.owner_id:
            raise ValidationError("Only the person whose plan it is can start a section")
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


@transaction.atomic
def section_share(*, actor: User, plan: Plan, key: str, visibility: str) -> Section:
    """Say who sees a section: only you, you and your circle, or your circle and your
    named worker. Only the owner decides. `key` as for `section_write`."""
    _require(actor, "plans.share", plan)
    section, key, template = _place(plan, key, lock=True)
    if visibility not in Section.Visibility.values:
        raise ValidationError({"visibility": "Choose who can see this section"})
    if section is None:
        _still_added(plan, template)
        section = Section.objects.create(plan=plan, key=key, template=template)
    if section.visibility != visibility:
        section.visibility = visibility
        section.save(update_fields=["visibility"])
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
    writing a section for them."""
    section, key, template = _place(plan, key)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write the goal in a few words"})
    _check_length("text", text, GOAL_MAX, "the goal")
    _check_length("who_helps", who_helps, WHO_HELPS_MAX, "who helps")
    if review_on is not None and review_on < timezone.localdate():
        raise ValidationError({"review_on": "The date to look at it again must be today or later"})
    steps = [s.strip() for s in steps if s.strip()]
    if len(steps) > STEPS_MAX:
        raise ValidationError({"steps": f"Write up to {STEPS_MAX} steps"})
    for step in steps:
        _check_length("steps", step, STEP_MAX, "each step")
    if section is None or not selectors.written(section):
        _still_added(plan, template)
    if section is None:
        if actor.pk != plan.owner_id:
            raise ValidationError("Only the person whose plan it is can start a section")
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
ALREADY_STOPPED = "{organisation} no longer adds “{heading}” to plans, so it cannot be changed."


def _template_words(
    organisation: Organisation, heading: str, prompt: str, template: SectionTemplate | None
) -> tuple[str, str]:
    """The heading and question, checked: a heading, not too long, and not one a plan
    already has (the nine every plan has, or another of the organisation's)."""
    heading, prompt = heading.strip(), prompt.strip()
    if not heading:
        raise ValidationError({"heading": "Enter the heading of the section"})
    _check_length("heading", heading, HEADING_MAX, "the heading")
    _check_length("prompt", prompt, PROMPT_MAX, "the question")
    same = heading.casefold()
    fixed = next((label for label in SectionKey.labels if label.casefold() == same), None)
    if fixed is not None and fixed != SectionKey.OWN.label:
        raise ValidationError(
            {"heading": f"Every plan already has “{fixed}”. Choose another heading."}
        )
    others = selectors.section_templates_in(organisation)
    if template is not None:
        others = others.exclude(pk=template.pk)
    if any(t.heading.casefold() == same for t in others):
        raise ValidationError(
            {"heading": f"{organisation.name} already adds “{heading}”. Choose another heading."}
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
        raise ValidationError({"kind": "Choose which plans it is for"})
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
        raise ValidationError("Choose to move the section up or down")
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
            f"“{template.heading}” is already {'first' if direction == 'up' else 'last'}"
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
