"""My plan: the plans a person owns or helps with, one plan (the sections they may see and
their goals), writing a section and saying who sees it, adding a goal, the circle, and
who has looked at the plan. Anyone but the owner and their circle gets "not found"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from equalvoice.core import selectors as core
from equalvoice.core.views._helpers import (
    button,
    form_page,
    invalid,
    page,
    require_perm,
    user_of,
)
from equalvoice.speakeasy.selectors import picture_urls

from . import actions, pdf, selectors
from .forms import (
    GoalForm,
    InviteForm,
    NextReviewForm,
    PlanForm,
    ReviewForm,
    ReviewShareForm,
    SectionForm,
)
from .models import Plan, Section, SectionKey

NO_LONGER_SHARED = (
    "{name} has changed who can see this section, so what you wrote was not saved. "
    "Copy it if you want to keep it, and talk to {name}."
)


@login_required
def plans(request: HttpRequest, org: str) -> HttpResponse:
    """The plans the person owns, and the plans they help with."""
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = list(selectors.plans_for(user, organisation))
    return page(
        request,
        "plans/plans.html",
        {
            "organisation": organisation,
            "own": [p for p in found if p.owner_id == user.pk],
            "helping": [p for p in found if p.owner_id != user.pk],
            "can_create": user.has_perm("plans.create", organisation),
        },
    )


@login_required
def plan_create(request: HttpRequest, org: str) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "plans.create", organisation)
    form = PlanForm(
        request.POST if request.method == "POST" else None,
        initial={"title": Plan.Kind.SUPPORT.label, "kind": Plan.Kind.SUPPORT},
    )

    def save() -> HttpResponse:
        made = actions.plan_create(
            actor=user,
            organisation=organisation,
            title=form.cleaned_data["title"],
            kind=form.cleaned_data["kind"],
        )
        messages.success(request, "Your plan is ready. Only you can see it for now.")
        return redirect(made.get_absolute_url())

    context = {
        "organisation": organisation,
        "form": form,
        "title": "Start a plan",
        "intro": "Your plan is yours. Nobody else sees it until you ask people to help "
        "and choose what they see.",
        "button": "Start the plan",
        "back_url": reverse("my-plans", args=[organisation.slug]),
    }
    return form_page(request, "form_page.html", context, save, organisation)


def _plan_context(plan: Plan, user: Any, **more: Any) -> dict[str, Any]:
    return {
        "organisation": plan.organisation,
        "plan": plan,
        "is_owner": plan.owner_id == user.pk,
        "today": timezone.localdate(),
        **more,
    }


@login_required
def plan(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """One plan: the sections the person may see, with their goals. A look by anyone but
    the owner is noted for the owner."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    actions.plan_looked_at(viewer=user, plan=found)
    sections = selectors.sections_for(user, found)
    reviews = selectors.reviews_for(user, found)
    return page(
        request,
        "plans/plan.html",
        _plan_context(
            found,
            user,
            sections=sections,
            reviews=reviews,
            journey=selectors.journey_for(reviews),
            can_review=user.has_perm("plans.review", found),
        ),
    )


def _stale(request: HttpRequest, found: Plan, key: str) -> bool:
    """A circle member sends a form for a section that is no longer shared with them."""
    user = user_of(request)
    return (
        request.method == "POST"
        and key in SectionKey.values
        and found.owner_id != user.pk
        and user.has_perm("plans.view", found)
    )


def _refuse_stale(
    request: HttpRequest, found: Plan, form: Any, title: str, context: dict[str, Any]
) -> HttpResponse:
    form.is_valid()
    form.add_error(None, NO_LONGER_SHARED.format(name=found.owner.name))
    return invalid(
        request,
        "form_page.html",
        {
            "organisation": found.organisation,
            "form": form,
            "title": title,
            "back_url": found.get_absolute_url(),
            **context,
        },
    )


@login_required
def section(request: HttpRequest, org: str, pk: int, key: str) -> HttpResponse:
    """Write a section. The owner also says who sees it; someone in the circle it is
    shared with writes it down for the person, with their agreement."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    owner = found.owner_id == user.pk
    posted = request.method == "POST"
    heading = SectionKey(key).label if key in SectionKey.values else ""
    form = SectionForm(request.POST if posted else None, owner=found.owner, for_someone=not owner)
    try:
        current = selectors.section_for(user, found, key)
    except Http404:
        if _stale(request, found, key):
            return _refuse_stale(request, found, form, heading, {"button": "Save the section"})
        raise
    if not owner:
        require_perm(request, "plans.write_for", current)  # type: ignore[arg-type]
        if not posted:
            actions.plan_looked_at(viewer=user, plan=found, what=heading)
    if not posted:
        form.initial = {
            "text": current.text if current else "",
            "visibility": current.visibility if current else Section.Visibility.PRIVATE,
        }

    def save() -> HttpResponse:
        data = form.cleaned_data
        actions.section_write(
            actor=user,
            plan=found,
            key=key,
            text=data["text"],
            consent_confirmed=data.get("consent", False),
        )
        if owner:
            actions.section_share(actor=user, plan=found, key=key, visibility=data["visibility"])
        messages.success(request, f"“{heading}” is saved.")
        return redirect(found.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "caption": found.title,
        "title": heading,
        "intro": "Write what is true for you. Start with what is good."
        if owner
        else f"Write it down in {found.owner.name}’s words. Your name goes on it, and theirs too.",
        "button": "Save the section",
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def goal_add(request: HttpRequest, org: str, pk: int, key: str) -> HttpResponse:
    """Add a goal, with steps, who helps and when to look at it again."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    owner = found.owner_id == user.pk
    heading = SectionKey(key).label if key in SectionKey.values else ""
    form = GoalForm(
        request.POST if request.method == "POST" else None,
        owner=found.owner,
        for_someone=not owner,
    )
    try:
        current = selectors.section_for(user, found, key)
    except Http404:
        if _stale(request, found, key):
            return _refuse_stale(request, found, form, "Add a goal", {"button": "Add the goal"})
        raise
    if not owner:
        require_perm(request, "plans.write_for", current)  # type: ignore[arg-type]

    def save() -> HttpResponse:
        data = form.cleaned_data
        actions.goal_add(
            actor=user,
            plan=found,
            key=key,
            text=data["text"],
            who_helps=data["who_helps"],
            review_on=data["review_on"],
            steps=form.step_lines(),
            consent_confirmed=data.get("consent", False),
        )
        messages.success(request, "The goal is added.")
        return redirect(found.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "caption": f"{found.title}: {heading}",
        "title": "Add a goal",
        "intro": "A goal is something you want to do or change. Small steps help."
        if owner
        else f"Write the goal in {found.owner.name}’s words. Your name goes on it.",
        "button": "Add the goal",
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def circle(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """The people helping with the plan, and asking someone else to help (owner only)."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    require_perm(request, "plans.manage", found)
    form = InviteForm(
        request.POST if request.method == "POST" else None,
        people=selectors.people_to_invite(found),
    )

    def save() -> HttpResponse:
        member = actions.circle_invite(
            actor=user,
            plan=found,
            person=form.cleaned_data["person"],
            role=form.cleaned_data["role"],
        )
        messages.success(
            request,
            f"{member.person.name} is in your circle. They see only the sections you share.",
        )
        return redirect(reverse("my-plan-circle", args=[found.organisation.slug, found.pk]))

    context = _plan_context(found, user, form=form, circle=list(selectors.circle_of(found)))
    return form_page(request, "plans/circle.html", context, save, found.organisation)


@login_required
def looks(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """Who has looked at my plan (owner only)."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    require_perm(request, "plans.manage", found)
    return page(
        request,
        "plans/looks.html",
        _plan_context(found, user, looks=list(selectors.looks_at(found)[:200])),
    )


@login_required
@require_POST
def circle_remove(request: HttpRequest, org: str, pk: int, member: int) -> HttpResponse:
    """A button: take someone out of the circle (owner only)."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    require_perm(request, "plans.manage", found)
    chosen = selectors.circle_member_in(found, member)
    return button(
        request,
        lambda: actions.circle_remove(actor=user, member=chosen),
        lambda _: f"{chosen.person.name} is no longer in your circle.",
        reverse("my-plan-circle", args=[found.organisation.slug, found.pk]),
    )


@login_required
@require_POST
def step_done(request: HttpRequest, org: str, pk: int, step: int) -> HttpResponse:
    """A button: mark a step done, or not done yet."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    chosen = selectors.step_for(user, found, step)
    done = request.POST.get("done") == "1"
    return button(
        request,
        lambda: actions.step_set_done(actor=user, step=chosen, done=done),
        lambda s: f"“{s.text}” is marked " + ("done." if s.done else "not done yet."),
        found.get_absolute_url() + f"#section-{chosen.goal.section.key}",
    )


@login_required
def review_add(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """Record a review: when, who took part, how things are for each area (a face from
    very bad to very good) and what changed. Someone in the circle records it for the
    person, with their agreement."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    require_perm(request, "plans.review", found)
    owner = found.owner_id == user.pk
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        owner=found.owner,
        people=selectors.people_in_plan(found),
        for_someone=not owner,
        initial={"took_part": [user.pk]},
    )

    def save() -> HttpResponse:
        data = form.cleaned_data
        actions.review_add(
            actor=user,
            plan=found,
            held_on=data["held_on"],
            ratings=form.ratings(),
            took_part=list(data["took_part"]),
            others_there=data["others_there"],
            what_changed=data["what_changed"],
            visibility=data.get("visibility"),
            consent_confirmed=data.get("consent", False),
        )
        messages.success(request, "The review is saved.")
        return redirect(found.get_absolute_url() + "#journey")

    context = {
        "organisation": found.organisation,
        "form": form,
        "caption": found.title,
        "title": "Add a review",
        "intro": "Look at the plan together. For each area, choose the face that "
        "fits best. You can leave any area out."
        if owner
        else f"Record the review with {found.owner.name}. Choose the faces they choose. "
        "Your name goes on it, and theirs too.",
        "button": "Save the review",
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def next_review(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """Set or change when the person and their circle next look at the plan together.
    Someone in the circle sets it for the person, with their agreement."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    owner = found.owner_id == user.pk
    require_perm(request, "plans.set_next_review" if owner else "plans.set_next_review_for", found)
    form = NextReviewForm(
        request.POST if request.method == "POST" else None,
        owner=found.owner,
        for_someone=not owner,
        initial={"next_review_on": found.next_review_on},
    )

    def save() -> HttpResponse:
        actions.plan_set_next_review(
            actor=user,
            plan=found,
            next_review_on=form.cleaned_data["next_review_on"],
            consent_confirmed=form.cleaned_data.get("consent", False),
        )
        when = form.cleaned_data["next_review_on"]
        messages.success(request, f"The date is saved: {when:%A} {when.day} {when:%B %Y}.")
        return redirect(found.get_absolute_url() + "#next-review")

    context = {
        "organisation": found.organisation,
        "form": form,
        "caption": found.title,
        "title": "When we next look at this plan together",
        "intro": "Choose a day to sit down with the people who help you and look at your "
        "plan: what is going well and what has changed. Everyone in your circle gets a "
        "reminder a few days before."
        if owner
        else f"Choose the day with {found.owner.name}. They and everyone in their circle "
        "get a reminder a few days before.",
        "button": "Save the date",
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def review(request: HttpRequest, org: str, pk: int, review: int) -> HttpResponse:
    """One review, as the person may see it. The owner also says who sees it."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    chosen = selectors.review_for(user, found, review)
    context = _plan_context(found, user, review=chosen, ratings=selectors.ratings_of(chosen))
    if found.owner_id != user.pk:
        require_perm(
            request, "plans.share" if request.method == "POST" else "plans.view_review", chosen
        )
        when = chosen.held_on
        actions.plan_looked_at(
            viewer=user, plan=found, what=f"the review of {when.day} {when:%B %Y}"
        )
        return page(request, "plans/review.html", context)
    form = ReviewShareForm(
        request.POST if request.method == "POST" else None,
        initial={"visibility": chosen.visibility},
    )

    def save() -> HttpResponse:
        actions.review_share(actor=user, review=chosen, visibility=form.cleaned_data["visibility"])
        messages.success(request, f"The review is now seen by: {chosen.get_visibility_display()}.")
        return redirect(request.path)

    context["form"] = form
    return form_page(request, "plans/review.html", context, save, found.organisation)


# The plan to read and on paper. Each holds only what the person may see (selectors), and
# a look by anyone but the owner is noted for the owner, as on the plan page.


@login_required
def plan_easy_read(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """The whole plan in easy read: headings as questions, one sentence a line, goals
    with their steps as a checklist, and (for the owner) who is in the circle."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    actions.plan_looked_at(viewer=user, plan=found, what="the easy read plan")
    return page(
        request,
        "plans/plan_easy_read.html",
        _plan_context(
            found,
            user,
            read=selectors.plan_to_read(user, found),
            pictures=picture_urls(found.organisation),
        ),
    )


def _pdf_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def plan_pdf(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """The whole plan as a PDF to print or take to a meeting."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    actions.plan_looked_at(viewer=user, plan=found, what="the plan as a PDF")
    data = pdf.plan_pdf(selectors.plan_to_read(user, found), timezone.localdate())
    return _pdf_response(data, f"plan-{found.pk}.pdf")


@login_required
def plan_easy_read_pdf(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """The easy-read plan as a PDF (16 pt)."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    actions.plan_looked_at(viewer=user, plan=found, what="the easy read plan as a PDF")
    read = selectors.plan_to_read(user, found)
    data = pdf.plan_pdf(read, timezone.localdate(), easy_read=True)
    return _pdf_response(data, f"plan-{found.pk}-easy-read.pdf")


@login_required
def profile_pdf(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """The one-page profile: what matters to the person, what people like and admire
    about them, and how to support them well, on one A4 page."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    actions.plan_looked_at(viewer=user, plan=found, what="the one-page profile")
    reader = None if found.owner_id == user.pk else user
    data = pdf.profile_pdf(
        found, selectors.profile_for(user, found), timezone.localdate(), reader=reader
    )
    return _pdf_response(data, f"profile-{found.pk}.pdf")


@login_required
def figures(request: HttpRequest, org: str) -> HttpResponse:
    """The organisation's plans in figures, for its admins: counts only, never what anyone
    wrote, and nothing about fewer plans than the smallest group shown."""
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "plans.view_figures", organisation)
    return page(
        request,
        "plans/figures.html",
        {
            "organisation": organisation,
            "figures": selectors.plan_figures(organisation, timezone.localdate()),
        },
    )
