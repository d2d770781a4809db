"""Reads with rules for plans. A plan is "not found" for anyone but its owner and their
circle, whatever their place in the organisation; a section is read only by the people
it is shared with (`rules.may_see_section`). Admins and other staff see no content."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from equalvoice.core import selectors as core
from equalvoice.core.models import Organisation, User

from .models import CircleMember, Goal, Plan, PlanView, Section, SectionKey, Step
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
