"""Reads with rules for plans. A plan is "not found" for anyone but its owner and their
circle, whatever their place in the organisation; a section is read only by the people
it is shared with (`rules.may_see_section`). Admins and other staff see no content.

A section is named by its key: one of `SectionKey` for the nine every plan has, and
"own-<id>" (`own_key`) for a section the organisation added (a `SectionTemplate`). A plan
has the organisation's sections that are in use and for its kind of plan (`offers`),
and any other of them the person wrote in (`written`): a section the organisation
stopped adding stays, with its heading, where someone wrote in it."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from equalvoice.core import selectors as core
from equalvoice.core import waiting
from equalvoice.core.models import Organisation, User
from equalvoice.recognition import sources
from equalvoice.standards.scoring import suppressed

from . import journey
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
from .rules import circle_role, may_see_section

if TYPE_CHECKING:
    from equalvoice.community.models import Asset


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
            Prefetch("places", queryset=PlanAsset.objects.select_related("asset__organisation")),
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
    return [SectionView(key, str(SectionKey(key).label), fixed.get(key)) for key in FIXED_KEYS] + [
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


def people_in_plan(plan: Plan) -> QuerySet[User]:
    """The person and their circle: who can take part in a review."""
    return User.objects.filter(
        Q(pk=plan.owner_id) | Q(pk__in=CircleMember.objects.filter(plan=plan).values("person_id"))
    ).order_by("name", "id")


def looks_at(plan: Plan) -> QuerySet[PlanView]:
    """Who has looked at the plan, newest first (only the owner reads this)."""
    return PlanView.objects.filter(plan=plan).select_related("viewer").order_by("-at", "-id")


def _goal_export(goal: Goal, *, versions: bool = False) -> dict[str, object]:
    """A goal for the download; with `versions` (the owner's own plans only) every
    version of it too."""
    found: dict[str, object] = {
        "goal": goal.text,
        "who_helps": goal.who_helps,
        "look_at_it_again_on": goal.review_on.isoformat() if goal.review_on else None,
        "steps": [{"step": s.text, "done": s.done} for s in goal.steps.all()],
        "added_by": goal.written_by.name if goal.written_by else None,
    }
    if versions:
        found["versions"] = [_goal_version_export(v) for v in goal_versions_of(goal)]
    return found


def own_plans_export(person: User) -> list[dict[str, object]]:
    """Everything in the person's own plans, for their subject-access export."""
    found: list[dict[str, object]] = []
    for plan in Plan.objects.filter(owner=person).select_related("organisation"):
        found.append(
            {
                "plan": plan.title,
                "kind": plan.get_kind_display(),
                "organisation": plan.organisation.name,
                "next_look_at_it_together_on": plan.next_review_on.isoformat()
                if plan.next_review_on
                else None,
                "sections": [
                    {
                        "section": s.heading,
                        "seen_by": s.get_visibility_display(),
                        "text": s.text,
                        "written_by": s.written_by.name if s.written_by else None,
                        "goals": [_goal_export(g, versions=True) for g in s.goals.all()],
                        "versions": [_version_export(v) for v in versions_of(s)],
                    }
                    for s in _sections(plan)
                ],
                "circle": [
                    {"person": m.person.name, "role": m.get_role_display()} for m in circle_of(plan)
                ],
                "reviews": [review_export(r) for r in _reviews(plan)],
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
    that is still shared with them (never what the owner keeps from them): sections,
    goals, and the versions of each that they wrote."""
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
                "goal_versions_you_wrote": [
                    {"section": s.heading, **_goal_version_export(v)}
                    for s in sections
                    for g in s.goals.all()
                    for v in goal_versions_of(g).filter(written_by=person)
                ],
                "reviews_you_recorded": [
                    review_export(r)
                    for r in reviews_for(person, plan)
                    if r.written_by_id == person.pk
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


def versions_of(section: Section) -> QuerySet[SectionVersion]:
    """What the section said each time someone wrote it, newest first (the first is
    what it says now). Read by whoever may see the section (`section_for`)."""
    return (
        SectionVersion.objects.filter(section=section)
        .select_related("written_by", "written_for")
        .order_by("-written_at", "-id")
    )


Version = TypeVar("Version", SectionVersion, GoalVersion)


def _reached(user: User, plan: Plan, versions: Iterable[Version]) -> list[Version]:
    """The versions (of a section or a goal of the plan) that reached the person, in the
    order given: the owner every one; someone in the circle those written while the
    section was shared with them (a version's `shared_as`, `may_see_section`), so what
    the person wrote while it was theirs alone stays so."""
    owner = plan.owner_id == user.pk
    role = None if owner else circle_role(user, plan)
    return [v for v in versions if may_see_section(owner, role, v.shared_as)]


def versions_for(user: User, section: Section) -> list[SectionVersion]:
    """The versions of a section the person may read, newest first (`_reached`). Call
    only for a section the person may see now (`section_for`)."""
    return _reached(user, section.plan, versions_of(section))


def goal_versions_of(goal: Goal) -> QuerySet[GoalVersion]:
    """What the goal said each time someone added or changed it, newest first (the first
    is what it says now)."""
    return (
        GoalVersion.objects.filter(goal=goal)
        .select_related("written_by", "written_for")
        .order_by("-written_at", "-id")
    )


def goal_versions_for(user: User, goal: Goal) -> list[GoalVersion]:
    """The versions of a goal the person may read, newest first, by the same rule as a
    section's (`_reached`). Call only for a goal the person may see now (`goal_for`)."""
    return _reached(user, goal.section.plan, goal_versions_of(goal))


def version_in(section: Section, pk: int) -> SectionVersion:
    return core.first_or_404(versions_of(section).filter(pk=pk), "No such version")


def _version_export(version: SectionVersion) -> dict[str, object]:
    return {
        "text": version.text,
        "written_by": version.written_by.name if version.written_by else None,
        "written_for": version.written_for.name if version.written_for else None,
        "written_at": version.written_at.isoformat(),
    }


def _goal_version_export(version: GoalVersion) -> dict[str, object]:
    return {
        "goal": version.text,
        "who_helps": version.who_helps,
        "look_at_it_again_on": version.review_on.isoformat() if version.review_on else None,
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


def step_count(goal: Goal) -> int:
    """How many steps the goal has (the page that takes a goal out says so)."""
    return steps_of(goal).count()


def _reviews(plan: Plan) -> QuerySet[Review]:
    return (
        Review.objects.filter(plan=plan)
        .select_related("written_by", "written_for")
        .prefetch_related(
            Prefetch("ratings", queryset=Rating.objects.order_by("id")),
            Prefetch("took_part", queryset=User.objects.order_by("name", "id")),
        )
        .order_by("held_on", "id")
    )


def reviews_for(user: User, plan: Plan) -> list[Review]:
    """The reviews of the plan the person may see, oldest first: the owner sees all;
    someone in the circle, those shared with their role; nobody else any."""
    owner = plan.owner_id == user.pk
    role = None if owner else circle_role(user, plan)
    return [r for r in _reviews(plan) if may_see_section(owner, role, r.visibility)]


def review_for(user: User, plan: Plan, pk: int) -> Review:
    """One review the person may see; anything else is "not found"."""
    review = core.first_or_404(_reviews(plan).filter(pk=pk), "No such review")
    owner = plan.owner_id == user.pk
    if not may_see_section(owner, None if owner else circle_role(user, plan), review.visibility):
        raise Http404("No such review")
    return review


def journey_of(reviews: list[Review]) -> list[journey.Review]:
    """The reviews as the journey drawing reads them: a date and a score per area."""
    return [journey.Review(date=r.held_on, ratings=r.scores()) for r in reviews]


@dataclass(frozen=True)
class Journey:
    """How things are going, as a person may see it: a line of words per area, the
    table, and the chart (an SVG string, safe to put in the page); empty without reviews."""

    words: list[str]
    table: journey.Table | None
    chart: str


def journey_words_now() -> journey.Words:
    """The journey's words in the reader's language."""
    return journey.Words(
        months=tuple(str(MONTHS[n]) for n in range(1, 13)),
        ratings={
            1: _("Very bad"),
            2: _("Bad"),
            3: _("OK"),
            4: _("Good"),
            5: _("Very good"),
        },
        not_rated=_("Not rated"),
        not_rated_yet=_("%(area)s: not rated yet"),
        first_rated=_("%(area)s: first rated in %(when)s"),
        better=_("%(area)s: better since %(when)s"),
        worse=_("%(area)s: worse since %(when)s"),
        same=_("%(area)s: the same since %(when)s"),
        not_rated_in=_("%(line)s. Not rated in %(when)s"),
        day_month=_("%(day)s %(month)s"),
        date=_("%(day)s %(month)s %(year)s"),
        review=_("Review"),
        title=_("How things have been at each review"),
        description=_(
            "Ratings from 1, very bad, to 5, very good, for each area at each review. "
            "%(words)s. The table has the same ratings."
        ),
    )


def journey_for(reviews: list[Review], label_id: str = "plan-journey") -> Journey:
    """The journey drawn from the reviews a person may see (`reviews_for`)."""
    if not reviews:
        return Journey(words=[], table=None, chart="")
    drawn = journey_of(reviews)
    areas = {key: str(label) for key, label in ReviewArea.choices}
    words = journey_words_now()
    return Journey(
        words=journey.journey_words(drawn, areas, words),
        table=journey.journey_table(drawn, areas, words),
        chart=journey.journey_svg(drawn, areas, label_id=label_id, language=words),
    )


def review_export(review: Review) -> dict[str, object]:
    return {
        "held_on": review.held_on.isoformat(),
        "seen_by": review.get_visibility_display(),
        "took_part": [p.name for p in review.took_part.all()],
        "others_there": review.others_there,
        "what_changed": review.what_changed,
        "ratings": {
            str(ReviewArea(area).label): f"{journey.RATING_WORDS[score]} ({score})"
            for area, score in review.scores().items()
        },
        "written_by": review.written_by.name if review.written_by else None,
    }


@dataclass(frozen=True)
class RatingView:
    """One area of a review as a person reads it: the area, and the rating in words and
    as a face (None when it was left out)."""

    area: str
    score: int | None

    @property
    def words(self) -> str:
        return journey.rating_text(self.score, journey_words_now())

    @property
    def face(self) -> str:
        return journey.face_svg(self.score) if self.score else ""


def ratings_of(review: Review) -> list[RatingView]:
    """Every area, in order, with its rating at this review or "Not rated"."""
    scores = review.scores()
    return [RatingView(str(label), scores.get(area)) for area, label in ReviewArea.choices]


# The plan to read and to print: the easy-read view, the plan as a PDF and the one-page
# profile. Each is made from `sections_for`, so it holds only what the person may see.

# Each section's heading as a question in plain words, for the easy-read plan. A section
# with no question here (an organisation's own) keeps its heading.
QUESTIONS: dict[str, StrOrPromise] = {
    SectionKey.MATTERS: gettext_lazy("What matters to me?"),
    SectionKey.ADMIRE: gettext_lazy("What do people like and admire about me?"),
    SectionKey.STRENGTHS: gettext_lazy("What am I good at?"),
    SectionKey.HOME: gettext_lazy("What is my home like?"),
    SectionKey.COMMUNITY: gettext_lazy("Which people and places are part of my life?"),
    SectionKey.WELLBEING: gettext_lazy("How do I keep well and happy?"),
    SectionKey.ASPIRATIONS: gettext_lazy("What do I hope for?"),
    SectionKey.SUPPORT: gettext_lazy("What support do I want, and who gives it?"),
    SectionKey.NOT_WANT: gettext_lazy("What do I not want?"),
}


@dataclass
class SectionToRead:
    """A written section the person may see, with its question and its goals."""

    key: str
    heading: str
    question: str
    section: Section
    goals: list[Goal]

    @property
    def easy_read(self) -> list[tuple[str, str]]:
        """The text for speakeasy's easy-read lines (one sentence a line), no heading."""
        return [("", self.section.text)] if self.section.text.strip() else []


@dataclass
class PlanToRead:
    """The whole plan as one person may read it: the written sections shared with them
    (every written one for the owner), and the circle for the owner only (as on the
    circle page)."""

    plan: Plan
    reader: User
    is_owner: bool
    sections: list[SectionToRead]
    circle: list[CircleMember]
    journey: Journey


def plan_to_read(user: User, plan: Plan) -> PlanToRead:
    """The plan for the easy-read view and the PDF: only what the person may see."""
    sections = [
        SectionToRead(v.key, v.heading, str(QUESTIONS.get(v.key, v.heading)), v.section, v.goals)
        for v in sections_for(user, plan)
        if v.section is not None and (v.section.text.strip() or v.goals)
    ]
    circle = list(circle_of(plan)) if user.has_perm("plans.manage", plan) else []
    journey = journey_for(reviews_for(user, plan), label_id="plan-journey-read")
    return PlanToRead(plan, user, plan.owner_id == user.pk, sections, circle, journey)


# The one-page profile: its three parts, each from these sections of the plan.
PROFILE_PARTS: list[tuple[StrOrPromise, list[str]]] = [
    (gettext_lazy("What matters to me"), [SectionKey.MATTERS]),
    (gettext_lazy("What people like and admire about me"), [SectionKey.ADMIRE]),
    (gettext_lazy("How to support me well"), [SectionKey.SUPPORT, SectionKey.NOT_WANT]),
]


@dataclass
class ProfilePart:
    """A part of the one-page profile: its heading, and the (heading, text) of each
    section it is made from that the person may see and that has words."""

    heading: str
    texts: list[tuple[str, str]]


def profile_for(user: User, plan: Plan) -> list[ProfilePart]:
    """The one-page profile's parts, from the sections the person may see; a part with
    nothing shared or written is left out."""
    seen = {
        v.key: v.section
        for v in sections_for(user, plan)
        if v.section is not None and v.section.text.strip()
    }
    parts = []
    for heading, keys in PROFILE_PARTS:
        texts = [(seen[k].heading, seen[k].text.strip()) for k in keys if k in seen]
        if texts:
            parts.append(ProfilePart(str(heading), texts))
    return parts


# Looking at the plan together: the date, reminders, and what is waiting.


def reminder_days() -> int:
    """How many days before a plan's review date the person and their circle are
    reminded, and the home page starts to show it (`EQUALVOICE_PLAN_REMINDER_DAYS`)."""
    return max(0, int(settings.EQUALVOICE_PLAN_REMINDER_DAYS))


def plans_to_remind(today: datetime.date) -> QuerySet[Plan]:
    """Plans whose review date is from today to `reminder_days()` ahead, and whose
    circle has not been reminded of that date yet."""
    reminded = ReviewReminder.objects.filter(plan=OuterRef("pk"), due_on=OuterRef("next_review_on"))
    return (
        Plan.objects.filter(
            next_review_on__gte=today,
            next_review_on__lte=today + datetime.timedelta(days=reminder_days()),
        )
        .exclude(Exists(reminded))
        .select_related("owner", "organisation")
        .order_by("next_review_on", "id")
    )


def people_to_remind(plan: Plan) -> list[User]:
    """The person whose plan it is, then the people in their circle now, by name."""
    return [plan.owner, *(m.person for m in circle_of(plan))]


def _last_review_on(visibilities: Sequence[str]) -> Subquery:
    """The date of the plan's latest review shared one of `visibilities`, for annotate."""
    latest = Review.objects.filter(plan=OuterRef("pk"), visibility__in=visibilities)
    return Subquery(latest.order_by("-held_on").values("held_on")[:1])


def _plans_near_review(viewer: waiting.Viewer) -> QuerySet[Plan]:
    """The plans the person owns or helps with whose review date is within
    `reminder_days()` or has passed, reviews held or not."""
    user = viewer.user
    return Plan.objects.filter(
        organisation_id__in=viewer.organisation_ids,
        next_review_on__lte=viewer.today + datetime.timedelta(days=reminder_days()),
    ).filter(Q(owner=user) | Q(pk__in=CircleMember.objects.filter(person=user).values("plan")))


def reviews_to_hold(viewer: waiting.Viewer) -> list[Plan]:
    """The plans the person owns or helps with whose review date is within
    `reminder_days()` or has passed, with no review held since the reminders started
    (from `reminder_days()` before the date). Only reviews the person may see count:
    someone in the circle is not told, by a reminder going away, of a review the person
    kept from them. One query, however many plans."""
    user = viewer.user
    days = datetime.timedelta(days=reminder_days())
    role = CircleMember.objects.filter(plan=OuterRef("pk"), person=user).values("role")[:1]
    everyone = list(Section.Visibility.values)

    def seen_by(role: str) -> list[str]:
        return [v for v in everyone if may_see_section(False, role, v)]

    found = (
        _plans_near_review(viewer)
        .select_related("owner", "organisation")
        .annotate(
            my_role=Subquery(role),
            last_any=_last_review_on(everyone),
            last_circle=_last_review_on(seen_by(CircleMember.Role.SUPPORTER)),
            last_worker=_last_review_on(seen_by(CircleMember.Role.NAMED_WORKER)),
        )
        .order_by("next_review_on", "title", "id")
    )
    due: list[Plan] = []
    for plan in found:
        if plan.owner_id == user.pk:
            last = plan.last_any  # type: ignore[attr-defined]
        elif plan.my_role == CircleMember.Role.NAMED_WORKER:  # type: ignore[attr-defined]
            last = plan.last_worker  # type: ignore[attr-defined]
        else:
            last = plan.last_circle  # type: ignore[attr-defined]
        assert plan.next_review_on is not None
        if last is None or last < plan.next_review_on - days:
            due.append(plan)
    return due


def waiting_questions(viewer: waiting.Viewer) -> dict[str, QuerySet[Plan]]:
    """Asked first (core.waiting): any plan of the person's near its review date."""
    return {"plan-review": _plans_near_review(viewer)}


def waiting_for(viewer: waiting.Viewer) -> list[waiting.Waiting]:
    """For the person and their circle: look at the plan together, by its date."""
    items: list[waiting.Waiting] = []
    if not viewer.may_have("plan-review"):
        return items
    for plan in reviews_to_hold(viewer):
        due = plan.next_review_on
        assert due is not None
        own = plan.owner_id == viewer.user.pk
        when = waiting.day(due, viewer.today)
        passed = due < viewer.today
        said = {"name": plan.owner.name, "when": when}
        if own:
            title = (
                _("Look at your plan together: the date was %(when)s")
                if passed
                else _("Look at your plan together by %(when)s")
            )
            easy_title = _("Look at your plan together.")
            meet = _("Meet with the people who help you.")
        else:
            title = (
                _("Look at %(name)s’s plan together: the date was %(when)s")
                if passed
                else _("Look at %(name)s’s plan together by %(when)s")
            )
            easy_title = _("Look at %(name)s’s plan together.")
            meet = _("Meet with %(name)s and the people who help them.")
        items.append(
            waiting.Waiting(
                kind="plan-review",
                title=title % said,
                note=_("“%(title)s”. If the date has changed, set the new one on the plan.")
                % {"title": plan.title},
                easy_title=easy_title % said,
                easy_notes=(
                    (_("The date was %(when)s.") if passed else _("Do it by %(when)s.")) % said,
                    meet % said,
                ),
                url=plan.get_absolute_url() + "#next-review",
                organisation=plan.organisation,
                due=due,
                rank=45,
                icon="people",
            )
        )
    return items


# The organisation's figures: counts only, never what anyone wrote, and nothing about
# fewer plans than `EQUALVOICE_MIN_GROUP_SIZE`.


@dataclass(frozen=True)
class Figure:
    """One count, with its words; `count` is None when it is about too few plans to
    show."""

    label: str
    count: int | None


@dataclass(frozen=True)
class Direction:
    """How one area went between each plan's last two reviews shared with the named
    worker: `compared` is how many plans had it rated at both, then better, the same,
    worse."""

    area: str
    compared: Figure
    split: list[Figure]


@dataclass(frozen=True)
class PlanFigures:
    minimum: int
    reminder_days: int
    kinds: list[Figure]
    total: Figure
    dates: list[Figure]
    passed: Figure
    on_time: list[Figure]
    journeys: list[Direction]


ON_TIME, LATE, NOT_YET = "on_time", "late", "not_yet"
BETTER, SAME, WORSE = "better", "same", "worse"


def _shown(count: int, minimum: int) -> int | None:
    """A count of plans, or None when it is fewer than `minimum`."""
    return count if count >= minimum else None


def _split(counts: Mapping[str, int], labels: Mapping[str, str], minimum: int) -> list[Figure]:
    """A total split into parts: nothing when the total is about fewer than `minimum`
    plans; otherwise each part about fewer is hidden, and one more part when hiding one
    alone could be undone by taking the others from the total (`scoring.suppressed`)."""
    total = sum(counts.values())
    hidden = set(counts) if total < minimum else suppressed(counts, minimum)
    return [Figure(labels[key], None if key in hidden else counts[key]) for key in counts]


def review_timing(due: datetime.date, held: list[datetime.date], days: int) -> str:
    """Whether a review date that has passed was kept: `ON_TIME` when a review was held
    on the date or in the `days` before it (when reminders go out), `LATE` when one was
    held only after the date, `NOT_YET` when none was."""
    start = due - datetime.timedelta(days=days)
    if any(start <= h <= due for h in held):
        return ON_TIME
    if any(h > due for h in held):
        return LATE
    return NOT_YET


def direction(before: int, after: int) -> str:
    return BETTER if after > before else WORSE if after < before else SAME


def plan_figures(organisation: Organisation, today: datetime.date) -> PlanFigures:
    """The organisation's plans in figures, for its admins: how many of each kind, how
    many have a date to look at them together, whether dates that have passed were kept,
    and for each area whether things got better, stayed the same or got worse between
    each plan's last two reviews.

    Reviews count only when the person shared them with their named worker
    (`Section.Visibility.WORKER`): the organisation learns nothing, not even in a sum,
    from a review the person kept to themselves or shared only with their circle. Every
    figure about fewer plans than `EQUALVOICE_MIN_GROUP_SIZE` is None. Five queries,
    however many plans."""
    minimum = core.minimum_group_size()
    days = reminder_days()
    plans = Plan.objects.filter(organisation=organisation)
    by_kind = {
        row["kind"]: row
        for row in plans.order_by()
        .values("kind")
        .annotate(n=Count("pk"), dated=Count("next_review_on"))
    }
    kinds = {kind: by_kind.get(kind, {}).get("n", 0) for kind in Plan.Kind.values}
    total = sum(kinds.values())
    dated = sum(row["dated"] for row in by_kind.values())

    reviews: dict[int, list[tuple[datetime.date, int]]] = defaultdict(list)
    shared = Review.objects.filter(
        plan__organisation=organisation, visibility=Section.Visibility.WORKER
    )
    for plan_id, pk, held_on in shared.order_by("plan_id", "held_on", "pk").values_list(
        "plan_id", "pk", "held_on"
    ):
        reviews[plan_id].append((held_on, pk))

    timing = {ON_TIME: 0, LATE: 0, NOT_YET: 0}
    for pk, due in plans.filter(next_review_on__lt=today).values_list("pk", "next_review_on"):
        assert due is not None
        timing[review_timing(due, [h for h, _shared in reviews.get(pk, [])], days)] += 1

    scores = {
        (review_id, area): score
        for review_id, area, score in Rating.objects.filter(review__in=shared).values_list(
            "review_id", "area", "score"
        )
    }
    moved: dict[str, dict[str, int]] = {
        area: {BETTER: 0, SAME: 0, WORSE: 0} for area in ReviewArea.values
    }
    for held in reviews.values():
        if len(held) < 2:
            continue
        (_first, before), (_second, after) = held[-2:]
        for area in ReviewArea.values:
            if (before, area) in scores and (after, area) in scores:
                moved[area][direction(scores[before, area], scores[after, area])] += 1

    directions = {BETTER: _("Better"), SAME: _("The same"), WORSE: _("Worse")}
    return PlanFigures(
        minimum=minimum,
        reminder_days=days,
        kinds=_split(kinds, {k: str(v) for k, v in Plan.Kind.choices}, minimum),
        total=Figure(_("All plans"), _shown(total, minimum)),
        dates=_split(
            {"dated": dated, "undated": total - dated},
            {
                "dated": _("With a date to look at the plan together"),
                "undated": _("With no date yet"),
            },
            minimum,
        ),
        passed=Figure(_("Plans whose date has passed"), _shown(sum(timing.values()), minimum)),
        on_time=_split(
            timing,
            {
                ON_TIME: _("Looked at on time"),
                LATE: _("Looked at late"),
                NOT_YET: _("Not looked at yet, or the review was not shared with the named worker"),
            },
            minimum,
        ),
        journeys=[
            Direction(
                area=str(label),
                compared=Figure(_("Plans compared"), _shown(sum(moved[area].values()), minimum)),
                split=_split(moved[area], directions, minimum),
            )
            for area, label in ReviewArea.choices
        ],
    )


def places_of(plan: Plan) -> QuerySet[PlanAsset]:
    """The places the person connects with, linked to their plan's community section."""
    return (
        PlanAsset.objects.filter(section__plan=plan)
        .select_related("asset")
        .order_by("asset__name", "id")
    )


def place_in(plan: Plan, pk: int) -> PlanAsset:
    return core.first_or_404(places_of(plan).filter(pk=pk), "No such place in this plan")


def places_to_link(plan: Plan) -> QuerySet[Asset]:
    """The organisation's community assets the person may link, not linked yet."""
    from equalvoice.community.selectors import shown

    linked = places_of(plan).values("asset_id")
    return shown(plan.organisation).exclude(pk__in=linked).order_by("name", "id")


def reviews_for_recognition(
    person: User, organisation: Organisation, since: datetime.date
) -> list[sources.Seen]:
    """Looking at someone else's plan with them, as a supporter in their circle, as time
    to confirm (a first guess of an hour). It never names whose plan it was: the
    finance people read what the time was for."""
    reviews = (
        Review.objects.filter(took_part=person, plan__organisation=organisation, held_on__gte=since)
        .exclude(plan__owner=person)
        .order_by("held_on", "id")
    )
    return [
        sources.Seen(
            key=f"review-{r.pk}",
            day=r.held_on,
            minutes=60,
            what="Looking at a plan with someone",
            kind="review",
        )
        for r in reviews
    ]
