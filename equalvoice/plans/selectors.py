"""Reads with rules for plans. A plan is "not found" for anyone but its owner and their
circle, whatever their place in the organisation; a section is read only by the people
it is shared with (`rules.may_see_section`). Admins and other staff see no content.

A section is named by its key: one of `SectionKey` for the nine every plan has, and
"own-<id>" (`own_key`) for a section the organisation added (a `SectionTemplate`). A plan
has the organisation's sections that are in use and for its kind of plan (`offers`),
and any other of them the person wrote in (`written`): a section the organisation
stopped adding stays, with its heading, where someone wrote in it."""

from __future__ import annotations

import re
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
    SectionTemplate,
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
    # The organisation's question to help the person start (its own sections only).
    prompt: str = ""

    @property
    def goals(self) -> list[Goal]:
        return list(self.section.goals.all()) if self.section else []


def _sections(plan: Plan) -> QuerySet[Section]:
    steps = Prefetch("goals__steps", queryset=Step.objects.order_by("id"))
    return (
        Section.objects.filter(plan=plan)
        .select_related("written_by", "written_for", "template")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.select_related("written_by", "written_for")),
            steps,
        )
    )


OWN_KEY = re.compile(r"own-([0-9]{1,18})")
FIXED_KEYS = [key for key in SectionKey.values if key != SectionKey.OWN]


def own_key(template: SectionTemplate) -> str:
    """How a section the organisation added is named in addresses: "own-<id>"."""
    return f"own-{template.pk}"


def key_of(section: Section) -> str:
    """The key that names the section: its `SectionKey`, or "own-<id>"."""
    return f"own-{section.template_id}" if section.template_id else section.key


def offers(plan: Plan, template: SectionTemplate) -> bool:
    """Whether the plan has the organisation's section for anyone to start: it is the
    plan's organisation's, still in use, and for every kind of plan or the plan's kind."""
    return (
        template.organisation_id == plan.organisation_id
        and template.retired_at is None
        and template.kind in ("", plan.kind)
    )


def written(section: Section) -> bool:
    """Whether someone wrote in the section: words, or a goal."""
    return bool(section.text) or section.goals.exists()


def own_template_in(plan: Plan, key: str) -> SectionTemplate | None:
    """The section template of the plan's organisation that `key` ("own-<id>") names, in
    use or not; None when the key names none of them."""
    match = OWN_KEY.fullmatch(key)
    if match is None:
        return None
    return SectionTemplate.objects.filter(
        pk=int(match.group(1)), organisation=plan.organisation_id
    ).first()


def _views(plan: Plan) -> list[SectionView]:
    """Every section the plan has, in order, written or not: the nine fixed ones, then
    the organisation's own by their place in its list."""
    sections = list(_sections(plan))
    fixed = {s.key: s for s in sections if s.template_id is None}
    own = {s.template_id: s for s in sections if s.template is not None}
    templates = {t.pk: t for t in SectionTemplate.objects.filter(organisation=plan.organisation_id)}
    shown = [
        t for t in templates.values() if offers(plan, t) or (t.pk in own and written(own[t.pk]))
    ]
    shown.sort(key=lambda t: (t.position, t.pk))
    return [SectionView(key, SectionKey(key).label, fixed.get(key)) for key in FIXED_KEYS] + [
        SectionView(own_key(t), t.heading, own.get(t.pk), t.prompt) for t in shown
    ]


def sections_for(user: User, plan: Plan) -> list[SectionView]:
    """The sections the person may see, in order (`_views`). The owner sees every one,
    written or not; anyone else only the written sections shared with their role."""
    owner = plan.owner_id == user.pk
    role = None if owner else circle_role(user, plan)
    return [
        view
        for view in _views(plan)
        if owner
        or view.section is not None
        and may_see_section(False, role, view.section.visibility)
    ]


def section_view_for(user: User, plan: Plan, key: str) -> SectionView:
    """The section `key` names, as the person may see it (its heading, the
    organisation's question, the section or None when the owner has not written it);
    "not found" when the plan has no such section, or it is not shared with them."""
    found = next((v for v in sections_for(user, plan) if v.key == key), None)
    if found is None:
        raise Http404("No such section")
    return found


def section_for(user: User, plan: Plan, key: str) -> Section | None:
    """The section the person may see, None when the owner has not written it yet;
    "not found" when it is not one of the sections, or is not shared with them."""
    return section_view_for(user, plan, key).section


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


def section_templates_in(organisation: Organisation) -> QuerySet[SectionTemplate]:
    """The sections the organisation adds to plans now, in the order plans show them."""
    return SectionTemplate.objects.filter(
        organisation=organisation, retired_at__isnull=True
    ).order_by("position", "id")


def retired_section_templates_in(organisation: Organisation) -> QuerySet[SectionTemplate]:
    """The sections the organisation no longer adds, the most recently stopped first."""
    return SectionTemplate.objects.filter(
        organisation=organisation, retired_at__isnull=False
    ).order_by("-retired_at", "-id")


def section_template_in(
    organisation: Organisation, pk: int, *, retired_too: bool = False
) -> SectionTemplate:
    """One of the organisation's sections in use (or no longer in use too, with
    `retired_too`); "not found" for anything else, another organisation's included."""
    found = SectionTemplate.objects.filter(organisation=organisation, pk=pk)
    if not retired_too:
        found = found.filter(retired_at__isnull=True)
    return core.first_or_404(found, "No such section")
