"""My plan: the plans a person owns or helps with, one plan (the sections they may see and
their goals), writing a section and saying who sees it, adding a goal, the circle, and
who has looked at the plan. Anyone but the owner and their circle gets "not found".

And, for the organisation's admins, the sections the organisation adds to its plans."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
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

from . import actions, selectors
from .forms import GoalForm, InviteForm, PlanForm, SectionForm, SectionTemplateForm
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
    return page(
        request,
        "plans/plan.html",
        _plan_context(found, user, sections=sections),
    )


def _stale(request: HttpRequest, found: Plan, key: str) -> bool:
    """A circle member sends a form for a section that is no longer shared with them."""
    user = user_of(request)
    return (
        request.method == "POST"
        and (key in selectors.FIXED_KEYS or selectors.own_template_in(found, key) is not None)
        and found.owner_id != user.pk
        and user.has_perm("plans.view", found)
    )


def _stopped(request: HttpRequest, found: Plan, key: str) -> str | None:
    """Why a form sent for a section the organisation has stopped adding is not saved
    (someone had it open when it stopped); None for any other section."""
    template = selectors.own_template_in(found, key)
    if (
        request.method != "POST"
        or template is None
        or template.retired_at is None
        or not user_of(request).has_perm("plans.view", found)
    ):
        return None
    if any(v.key == key for v in selectors.sections_for(found.owner, found)):
        return None  # it stays where someone wrote in it: not shared with this person
    return actions.NO_LONGER_ADDED.format(
        organisation=found.organisation.name, heading=template.heading
    )


def _heading_of(found: Plan, key: str) -> str:
    if key in selectors.FIXED_KEYS:
        return SectionKey(key).label
    template = selectors.own_template_in(found, key)
    return template.heading if template else ""


def _refuse_stale(
    request: HttpRequest,
    found: Plan,
    form: Any,
    title: str,
    context: dict[str, Any],
    message: str | None = None,
) -> HttpResponse:
    form.is_valid()
    form.add_error(None, message or NO_LONGER_SHARED.format(name=found.owner.name))
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


def _refuse(
    request: HttpRequest, found: Plan, key: str, form: Any, title: str, button: str
) -> HttpResponse | None:
    """A form sent for a section the person can no longer write in: not saved, and what
    they typed comes back with why. None when the section is simply not there for them
    (then "not found")."""
    stopped = _stopped(request, found, key)
    if stopped is None and not _stale(request, found, key):
        return None
    return _refuse_stale(
        request, found, form, title or _heading_of(found, key), {"button": button}, stopped
    )


@login_required
def section(request: HttpRequest, org: str, pk: int, key: str) -> HttpResponse:
    """Write a section (one of the nine, or one the organisation added: "own-<id>"). The
    owner also says who sees it; someone in the circle it is shared with writes it down
    for the person, with their agreement."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    owner = found.owner_id == user.pk
    posted = request.method == "POST"
    data = request.POST if posted else None
    try:
        view = selectors.section_view_for(user, found, key)
    except Http404:
        form = SectionForm(data, owner=found.owner, for_someone=not owner)
        refused = _refuse(request, found, key, form, "", "Save the section")
        if refused is None:
            raise
        return refused
    heading, current = view.heading, view.section
    form = SectionForm(data, owner=found.owner, for_someone=not owner, prompt=view.prompt)
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
    form = GoalForm(
        request.POST if request.method == "POST" else None,
        owner=found.owner,
        for_someone=not owner,
    )
    try:
        view = selectors.section_view_for(user, found, key)
    except Http404:
        refused = _refuse(request, found, key, form, "Add a goal", "Add the goal")
        if refused is None:
            raise
        return refused
    heading, current = view.heading, view.section
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
        found.get_absolute_url() + f"#section-{selectors.key_of(chosen.goal.section)}",
    )


# The sections the organisation adds to its plans: its admins only. They see headings and
# questions, never what anyone wrote in a plan.


def _templates_url(organisation: Any) -> str:
    return reverse("org-plan-sections", args=[organisation.slug])


@login_required
def section_templates(request: HttpRequest, org: str) -> HttpResponse:
    """The sections the organisation adds to plans, in order, and adding one."""
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "plans.manage_sections", organisation)
    form = SectionTemplateForm(request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        made = actions.section_template_add(
            actor=user, organisation=organisation, **form.cleaned_data
        )
        which = f"every “{made.get_kind_display()}” plan" if made.kind else "every plan"
        messages.success(request, f"“{made.heading}” is added to {which}.")
        return redirect(_templates_url(organisation))

    context = {
        "organisation": organisation,
        "form": form,
        "templates": list(selectors.section_templates_in(organisation)),
        "retired": list(selectors.retired_section_templates_in(organisation)),
    }
    return form_page(request, "plans/section_templates.html", context, save, organisation)


@login_required
def section_template(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """Change the heading of a section the organisation adds, or its question. A form
    sent after another admin stopped adding it is refused, with what was typed."""
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "plans.manage_sections", organisation)
    posted = request.method == "POST"
    template = selectors.section_template_in(organisation, pk, retired_too=posted)
    form = SectionTemplateForm(
        request.POST if posted else None,
        adding=False,
        initial={"heading": template.heading, "prompt": template.prompt},
    )

    def save() -> HttpResponse:
        saved = actions.section_template_change(actor=user, template=template, **form.cleaned_data)
        messages.success(request, f"“{saved.heading}” is saved.")
        return redirect(_templates_url(organisation))

    context = {
        "organisation": organisation,
        "template": template,
        "form": form,
        "back_url": _templates_url(organisation),
    }
    return form_page(request, "plans/section_template.html", context, save, organisation)


@login_required
@require_POST
def section_template_move(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """A button: move a section one place up or down."""
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "plans.manage_sections", organisation)
    template = selectors.section_template_in(organisation, pk, retired_too=True)
    direction = request.POST.get("direction", "")
    return button(
        request,
        lambda: actions.section_template_move(actor=user, template=template, direction=direction),
        lambda moved: f"“{moved.heading}” is moved {direction}.",
        _templates_url(organisation) + f"#template-{template.pk}",
    )


@login_required
def section_template_retire(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """Stop adding a section to plans: what it means, and a button."""
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "plans.manage_sections", organisation)
    posted = request.method == "POST"
    template = selectors.section_template_in(organisation, pk, retired_too=posted)
    if not posted:
        return page(
            request,
            "plans/section_template_retire.html",
            {"organisation": organisation, "template": template},
        )
    return button(
        request,
        lambda: actions.section_template_retire(actor=user, template=template),
        lambda stopped: f"{organisation.name} no longer adds “{stopped.heading}” to plans.",
        _templates_url(organisation),
    )
