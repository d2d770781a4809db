"""Reads with rules for plans. A plan is "not found" for anyone but its owner and their
circle, whatever their place in the organisation; a section is read only by the people
it is shared with (`rules.may_see_section`). Admins and other staff see no content."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from equalvoice.core import selectors as core
from equalvoice.core.models import Organisation, User

from .models import (
    CircleMember,
    Goal,
    Plan,
    PlanView,
    Section,
    SectionKey,
    SectionVersion,
    Step,
)
from .rules import circle_role, may_see_section


def plans_for(user: User, organisation: Organisation) -> QuerySet[Plan]:
    """The plans the person owns, or is in the circle of, in the organisation."""
    return (
        Plan.objects.filter(organisation=organisation)
        .filter(Q(owner=user) | Q(circle__person=user))
        .select_related("owner", "organisation")
        .distinct()
        .order_by("title", "id")
    )


def plan_for(user: User, org_slug: str, pk: int) -> Plan:
    """A plan the person owns or is in the circle of; anything else is "not found"."""
    organisation = core.organisation_for(user, org_slug)
    return core.first_or_404(plans_for(user, organisation).filter(pk=pk), "No such plan")


@dataclass
class SectionView:
    """A section as one person sees it: `section` is None when it has not been written
    yet (only the owner sees those)."""

    key: str
    heading: str
    section: Section | None

    @property
    def goals(self) -> list[Goal]:
        return list(self.section.goals.all()) if self.section else []


def _sections(plan: Plan) -> QuerySet[Section]:
    steps = Prefetch("goals__steps", queryset=Step.objects.order_by("id"))
    return (
        Section.objects.filter(plan=plan)
        .select_related("written_by", "written_for")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.select_related("written_by", "written_for")),
            steps,
        )
    )


def sections_for(user: User, plan: Plan) -> list[SectionView]:
    """The sections the person may see, in the fixed order. The owner sees every one,
    written or not; anyone else only the written sections shared with their role."""
    owner = plan.owner_id == user.pk
    role = None if owner else circle_role(user, plan)
    written = {s.key: s for s in _sections(plan)}
    shown = []
    for key, heading in SectionKey.choices:
        section = written.get(key)
        if owner or section is not None and may_see_section(False, role, section.visibility):
            shown.append(SectionView(key, heading, section))
    return shown


def section_for(user: User, plan: Plan, key: str) -> Section | None:
    """The section the person may see, None when the owner has not written it yet;
    "not found" when it is not one of the sections, or is not shared with them."""
    if key not in SectionKey.values:
        raise Http404("No such section")
    section = _sections(plan).filter(key=key).first()
    if plan.owner_id == user.pk:
        return section
    if section is None or not may_see_section(False, circle_role(user, plan), section.visibility):
        raise Http404("No such section")
    return section


def circle_of(plan: Plan) -> QuerySet[CircleMember]:
    return (
        CircleMember.objects.filter(plan=plan)
        .select_related("person")
        .order_by("person__name", "id")
    )


def people_to_invite(plan: Plan) -> QuerySet[User]:
    """People of the plan's organisation who are not the owner and not in the circle."""
    return (
        core.people_in_organisation(plan.organisation)
        .exclude(pk=plan.owner_id)
        .exclude(pk__in=CircleMember.objects.filter(plan=plan).values("person_id"))
    )


def looks_at(plan: Plan) -> QuerySet[PlanView]:
    """Who has looked at the plan, newest first (only the owner reads this)."""
    return PlanView.objects.filter(plan=plan).select_related("viewer").order_by("-at", "-id")


def _goal_export(goal: Goal) -> dict[str, object]:
    return {
        "goal": goal.text,
        "who_helps": goal.who_helps,
        "look_at_it_again_on": goal.review_on.isoformat() if goal.review_on else None,
        "steps": [{"step": s.text, "done": s.done} for s in goal.steps.all()],
        "added_by": goal.written_by.name if goal.written_by else None,
    }


def own_plans_export(person: User) -> list[dict[str, object]]:
    """Everything in the person's own plans, for their subject-access export."""
    found: list[dict[str, object]] = []
    for plan in Plan.objects.filter(owner=person).select_related("organisation"):
        found.append(
            {
                "plan": plan.title,
                "kind": plan.get_kind_display(),
                "organisation": plan.organisation.name,
                "sections": [
                    {
                        "section": s.heading,
                        "seen_by": s.get_visibility_display(),
                        "text": s.text,
                        "written_by": s.written_by.name if s.written_by else None,
                        "goals": [_goal_export(g) for g in s.goals.all()],
                        "versions": [_version_export(v) for v in versions_of(s)],
                    }
                    for s in _sections(plan)
                ],
                "circle": [
                    {"person": m.person.name, "role": m.get_role_display()} for m in circle_of(plan)
                ],
                "who_has_looked": [
                    {
                        "who": v.viewer.name if v.viewer else None,
                        "what": v.what,
                        "at": v.at.isoformat(),
                    }
                    for v in looks_at(plan)
                ],
            }
        )
    return found


def helping_export(person: User) -> list[dict[str, object]]:
    """The plans the person helps with: whose, their role, and what they wrote there
    that is still shared with them (never what the owner keeps from them)."""
    found: list[dict[str, object]] = []
    for member in CircleMember.objects.filter(person=person).select_related("plan__owner"):
        plan = member.plan
        sections = [v.section for v in sections_for(person, plan) if v.section]
        found.append(
            {
                "whose_plan": plan.owner.name,
                "your_role": member.get_role_display(),
                "sections_you_wrote": [
                    {"section": s.heading, "text": s.text}
                    for s in sections
                    if s.written_by_id == person.pk
                ],
                "goals_you_added": [
                    _goal_export(g)
                    for s in sections
                    for g in s.goals.all()
                    if g.written_by_id == person.pk
                ],
                "section_versions_you_wrote": [
                    {"section": s.heading, **_version_export(v)}
                    for s in sections
                    for v in versions_of(s).filter(written_by=person)
                ],
            }
        )
    return found


def circle_member_in(plan: Plan, pk: int) -> CircleMember:
    return core.first_or_404(circle_of(plan).filter(pk=pk), "No such person in the circle")


def step_for(user: User, plan: Plan, pk: int) -> Step:
    """A step of a goal in a section the person may see; anything else is "not found"."""
    step = core.first_or_404(
        Step.objects.filter(pk=pk, goal__section__plan=plan).select_related("goal__section__plan"),
        "No such step",
    )
    section = step.goal.section
    owner = plan.owner_id == user.pk
    if not may_see_section(owner, None if owner else circle_role(user, plan), section.visibility):
        raise Http404("No such step")
    return step


def versions_of(section: Section) -> QuerySet[SectionVersion]:
    """What the section said each time someone wrote it, newest first (the first is
    what it says now). Read by whoever may see the section (`section_for`)."""
    return (
        SectionVersion.objects.filter(section=section)
        .select_related("written_by", "written_for")
        .order_by("-written_at", "-id")
    )


def version_in(section: Section, pk: int) -> SectionVersion:
    return core.first_or_404(versions_of(section).filter(pk=pk), "No such version")


def _version_export(version: SectionVersion) -> dict[str, object]:
    return {
        "text": version.text,
        "written_by": version.written_by.name if version.written_by else None,
        "written_for": version.written_for.name if version.written_for else None,
        "written_at": version.written_at.isoformat(),
    }


def goal_for(user: User, plan: Plan, pk: int) -> Goal:
    """A goal in a section the person may see; anything else is "not found"."""
    goal = core.first_or_404(
        Goal.objects.filter(pk=pk, section__plan=plan).select_related(
            "section__plan__owner", "section__plan__organisation", "written_by", "written_for"
        ),
        "No such goal",
    )
    owner = plan.owner_id == user.pk
    role = None if owner else circle_role(user, plan)
    if not may_see_section(owner, role, goal.section.visibility):
        raise Http404("No such goal")
    return goal


def steps_of(goal: Goal) -> QuerySet[Step]:
    return Step.objects.filter(goal=goal).order_by("id")
