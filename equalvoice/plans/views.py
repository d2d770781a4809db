"""My plan: the plans a person owns or helps with, one plan (the sections they may see and
their goals), writing a section and saying who sees it, adding a goal, the circle, and
who has looked at the plan. Anyone but the owner and their circle gets "not found".

And, for the organisation's admins, the sections the organisation adds to its plans."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
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
    CircleRoleForm,
    GoalChangeForm,
    GoalForm,
    InviteForm,
    NextReviewForm,
    PlaceForm,
    PlanForm,
    RemoveForm,
    ReviewForm,
    ReviewShareForm,
    SectionForm,
    SectionTemplateForm,
    StepForm,
)
from .models import Goal, Plan, Section, SectionKey, Step

NO_LONGER_SHARED = gettext_lazy(
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
        messages.success(request, _("Your plan is ready. Only you can see it for now."))
        return redirect(made.get_absolute_url())

    context = {
        "organisation": organisation,
        "form": form,
        "title": _("Start a plan"),
        "intro": _(
            "Your plan is yours. Nobody else sees it until you ask people to help "
            "and choose what they see."
        ),
        "button": _("Start the plan"),
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
        return str(SectionKey(key).label)
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
        refused = _refuse(request, found, key, form, "", _("Save the section"))
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
        "intro": _("Write what is true for you. Start with what is good.")
        if owner
        else _("Write it down in %(name)s’s words. Your name goes on it, and theirs too.")
        % {"name": found.owner.name},
        "button": _("Save the section"),
        "back_url": found.get_absolute_url(),
        "history_url": _history_url(found, key) if current else None,
    }
    return form_page(request, "plans/section_form.html", context, save, found.organisation)


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
        refused = _refuse(request, found, key, form, _("Add a goal"), _("Add the goal"))
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
        messages.success(request, _("The goal is added."))
        return redirect(found.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "caption": f"{found.title}: {heading}",
        "title": _("Add a goal"),
        "intro": _("A goal is something you want to do or change. Small steps help.")
        if owner
        else _("Write the goal in %(name)s’s words. Your name goes on it.")
        % {"name": found.owner.name},
        "button": _("Add the goal"),
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


# --- the history of a section -----------------------------------------------------------


def _history_url(found: Plan, key: str) -> str:
    return reverse("my-plan-section-history", args=[found.organisation.slug, found.pk, key])


@login_required
def section_history(request: HttpRequest, org: str, pk: int, key: str) -> HttpResponse:
    """Earlier versions of a section, newest first, with who wrote each and when: for
    whoever may see the section now. A look by anyone but the owner is noted."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    view = selectors.section_view_for(user, found, key)
    current, heading = view.section, view.heading
    if found.owner_id != user.pk:
        actions.plan_looked_at(viewer=user, plan=found, what=f"Earlier versions of {heading}")
    versions = selectors.versions_for(user, current) if current else []
    return page(
        request,
        "plans/history.html",
        _plan_context(
            found,
            user,
            key=key,
            heading=heading,
            versions=versions,
            section_url=reverse("my-plan-section", args=[found.organisation.slug, found.pk, key]),
        ),
    )


@login_required
@require_POST
def section_restore(
    request: HttpRequest, org: str, pk: int, key: str, version: int
) -> HttpResponse:
    """A button: put an earlier version back (owner only)."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    current = selectors.section_for(user, found, key)
    if current is None:
        raise Http404("No such section")
    require_perm(request, "plans.write", current)
    chosen = selectors.version_in(current, version)
    return button(
        request,
        lambda: actions.section_restore(actor=user, version=chosen),
        lambda s: _("The earlier version of “%(heading)s” is back.") % {"heading": s.heading},
        _history_url(found, key),
    )


# --- changing or removing a goal and its steps -----------------------------------------

GONE = (
    "{name} has changed who can see this part of their plan, or taken it out, so what you "
    "wrote was not saved. Copy it if you want to keep it, and talk to {name}."
)


def _goal_url(found: Plan, goal: Goal) -> str:
    return reverse("my-plan-goal-change", args=[found.organisation.slug, found.pk, goal.pk])


def _section_anchor(found: Plan, goal: Goal) -> str:
    return found.get_absolute_url() + f"#section-{selectors.key_of(goal.section)}"


def _goal_history_url(found: Plan, goal: Goal) -> str:
    return reverse("my-plan-goal-history", args=[found.organisation.slug, found.pk, goal.pk])


Writable = TypeVar("Writable", Goal, Step)


def _writable(
    request: HttpRequest,
    found: Plan,
    find: Callable[[], Writable],
    form: Any,
    title: str,
    button: str,
) -> Writable | HttpResponse:
    """The goal or step the person may change (`find()`), after checking they may write
    it. When someone in the circle sends a form for one they may no longer see (the
    section was made private, or it was taken out), the page comes back with what they
    typed, a plain message and nothing of the plan (an HttpResponse instead)."""
    user = user_of(request)
    try:
        found_thing = find()
    except Http404:
        if (
            request.method == "POST"
            and found.owner_id != user.pk
            and user.has_perm("plans.view", found)
        ):
            form.is_valid()
            form.add_error(None, GONE.format(name=found.owner.name))
            return invalid(
                request,
                "form_page.html",
                {
                    "organisation": found.organisation,
                    "form": form,
                    "title": title,
                    "button": button,
                    "back_url": found.get_absolute_url(),
                },
            )
        raise
    goal = found_thing if isinstance(found_thing, Goal) else found_thing.goal
    if found.owner_id != user.pk:
        require_perm(request, "plans.write_for", goal)
        if request.method != "POST":
            actions.plan_looked_at(
                viewer=user, plan=found, what=f"A goal in {goal.section.heading}"
            )
    return found_thing


def _goal_form_context(found: Plan, goal: Goal, form: Any, **more: Any) -> dict[str, Any]:
    owner = found.owner
    return {
        "organisation": found.organisation,
        "plan": found,
        "goal": goal,
        "form": form,
        "caption": f"{found.title}: {goal.section.heading}",
        "back_url": _goal_url(found, goal),
        "for_name": owner.name,
        **more,
    }


@login_required
def goal_change(request: HttpRequest, org: str, pk: int, goal: int) -> HttpResponse:
    """Change a goal's words, who helps and when to look at it again; from here, its
    steps and taking the goal out."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    owner = found.owner_id == user.pk
    posted = request.method == "POST"
    form = GoalChangeForm(
        request.POST if posted else None, owner=found.owner, for_someone=not owner
    )
    chosen = _writable(
        request,
        found,
        lambda: selectors.goal_for(user, found, goal),
        form,
        _("Change the goal"),
        _("Save the goal"),
    )
    if isinstance(chosen, HttpResponse):
        return chosen
    if not posted:
        form.initial = {
            "text": chosen.text,
            "who_helps": chosen.who_helps,
            "review_on": chosen.review_on,
        }

    def save() -> HttpResponse:
        data = form.cleaned_data
        actions.goal_change(
            actor=user,
            goal=chosen,
            text=data["text"],
            who_helps=data["who_helps"],
            review_on=data["review_on"],
            consent_confirmed=data.get("consent", False),
        )
        messages.success(request, _("The goal is saved."))
        return redirect(_section_anchor(found, chosen))

    steps = list(selectors.steps_of(chosen))
    context = _goal_form_context(
        found,
        chosen,
        form,
        title=_("Change the goal"),
        intro=_("Change what you want to, then save.")
        if owner
        else _("Write it in %(name)s’s words. Your name goes on it, and theirs too.")
        % {"name": found.owner.name},
        button=_("Save the goal"),
        back_url=_section_anchor(found, chosen),
        steps=steps,
        can_add_step=len(steps) < actions.STEPS_MAX,
        history_url=_goal_history_url(found, chosen),
    )
    return form_page(request, "plans/goal_form.html", context, save, found.organisation)


@login_required
def step_add(request: HttpRequest, org: str, pk: int, goal: int) -> HttpResponse:
    """Add a step to a goal."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    owner = found.owner_id == user.pk
    form = StepForm(
        request.POST if request.method == "POST" else None,
        owner=found.owner,
        for_someone=not owner,
    )
    chosen = _writable(
        request,
        found,
        lambda: selectors.goal_for(user, found, goal),
        form,
        _("Add a step"),
        _("Add the step"),
    )
    if isinstance(chosen, HttpResponse):
        return chosen

    def save() -> HttpResponse:
        actions.step_add(
            actor=user,
            goal=chosen,
            text=form.cleaned_data["text"],
            consent_confirmed=form.cleaned_data.get("consent", False),
        )
        messages.success(request, _("The step is added."))
        return redirect(_goal_url(found, chosen))

    context = _goal_form_context(
        found,
        chosen,
        form,
        title=_("Add a step"),
        intro=_("A small step towards the goal “%(goal)s”.") % {"goal": chosen.text},
        button=_("Add the step"),
    )
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def step_change(request: HttpRequest, org: str, pk: int, step: int) -> HttpResponse:
    """Change the words of a step."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    owner = found.owner_id == user.pk
    posted = request.method == "POST"
    form = StepForm(request.POST if posted else None, owner=found.owner, for_someone=not owner)
    chosen = _writable(
        request,
        found,
        lambda: selectors.step_for(user, found, step),
        form,
        _("Change the step"),
        _("Save the step"),
    )
    if isinstance(chosen, HttpResponse):
        return chosen
    if not posted:
        form.initial = {"text": chosen.text}

    def save() -> HttpResponse:
        actions.step_rename(
            actor=user,
            step=chosen,
            text=form.cleaned_data["text"],
            consent_confirmed=form.cleaned_data.get("consent", False),
        )
        messages.success(request, _("The step is saved."))
        return redirect(_goal_url(found, chosen.goal))

    context = _goal_form_context(
        found,
        chosen.goal,
        form,
        title=_("Change the step"),
        intro=_("A step towards the goal “%(goal)s”.") % {"goal": chosen.goal.text},
        button=_("Save the step"),
    )
    return form_page(request, "form_page.html", context, save, found.organisation)


def _remove_page(
    request: HttpRequest,
    found: Plan,
    form: Any,
    act: Any,
    done: str,
    back_to: str,
    context: dict[str, Any],
) -> HttpResponse:
    def save() -> HttpResponse:
        act(form.cleaned_data.get("consent", False))
        messages.success(request, done)
        return redirect(back_to)

    return form_page(request, "plans/remove.html", context, save, found.organisation)


@login_required
def step_remove(request: HttpRequest, org: str, pk: int, step: int) -> HttpResponse:
    """Take a step out of its goal, after asking (a page, so it works without
    JavaScript)."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    form = RemoveForm(
        request.POST if request.method == "POST" else None,
        owner=found.owner,
        for_someone=found.owner_id != user.pk,
    )
    chosen = _writable(
        request,
        found,
        lambda: selectors.step_for(user, found, step),
        form,
        _("Take this step out?"),
        _("Yes, take the step out"),
    )
    if isinstance(chosen, HttpResponse):
        return chosen
    context = _goal_form_context(
        found,
        chosen.goal,
        form,
        title=_("Take this step out?"),
        what=chosen.text,
        intro=_("It is a step towards the goal “%(goal)s”. The goal stays.")
        % {"goal": chosen.goal.text},
        button=_("Yes, take the step out"),
    )
    return _remove_page(
        request,
        found,
        form,
        lambda consent: actions.step_remove(actor=user, step=chosen, consent_confirmed=consent),
        _("The step is taken out."),
        _goal_url(found, chosen.goal),
        context,
    )


@login_required
def goal_remove(request: HttpRequest, org: str, pk: int, goal: int) -> HttpResponse:
    """Take a goal and its steps out of the plan, after asking (a page, so it works
    without JavaScript)."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    form = RemoveForm(
        request.POST if request.method == "POST" else None,
        owner=found.owner,
        for_someone=found.owner_id != user.pk,
    )
    chosen = _writable(
        request,
        found,
        lambda: selectors.goal_for(user, found, goal),
        form,
        _("Take this goal out?"),
        _("Yes, take the goal out"),
    )
    if isinstance(chosen, HttpResponse):
        return chosen
    steps = selectors.step_count(chosen)
    context = _goal_form_context(
        found,
        chosen,
        form,
        title=_("Take this goal out?"),
        what=chosen.text,
        intro=_("It has no steps.")
        if steps == 0
        else ngettext("Its step goes too.", "Its %(count)s steps go too.", steps)
        % {"count": steps},
        button=_("Yes, take the goal out"),
    )
    return _remove_page(
        request,
        found,
        form,
        lambda consent: actions.goal_remove(actor=user, goal=chosen, consent_confirmed=consent),
        _("The goal is taken out."),
        _section_anchor(found, chosen),
        context,
    )


@login_required
def goal_history(request: HttpRequest, org: str, pk: int, goal: int) -> HttpResponse:
    """Earlier versions of a goal, newest first, with who wrote each and when: for
    whoever may see the goal now, each reading only the versions that reached them. A
    look by anyone but the owner is noted."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    chosen = selectors.goal_for(user, found, goal)
    heading = chosen.section.heading
    if found.owner_id != user.pk:
        actions.plan_looked_at(
            viewer=user, plan=found, what=f"Earlier versions of a goal in {heading}"
        )
    return page(
        request,
        "plans/goal_history.html",
        _plan_context(
            found,
            user,
            goal=chosen,
            heading=heading,
            versions=selectors.goal_versions_for(user, chosen),
            section_url=_section_anchor(found, chosen),
            change_url=_goal_url(found, chosen),
        ),
    )


# --- the circle: how someone helps -------------------------------------------------------


@login_required
def circle_role(request: HttpRequest, org: str, pk: int, member: int) -> HttpResponse:
    """Change how someone in the circle helps (owner only)."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    require_perm(request, "plans.manage", found)
    chosen = selectors.circle_member_in(found, member)
    form = CircleRoleForm(
        request.POST if request.method == "POST" else None, initial={"role": chosen.role}
    )
    circle_url = reverse("my-plan-circle", args=[found.organisation.slug, found.pk])

    def save() -> HttpResponse:
        changed = actions.circle_role_change(
            actor=user, member=chosen, role=form.cleaned_data["role"]
        )
        messages.success(
            request,
            f"{changed.person.name} helps you as: {changed.get_role_display().lower()}.",
        )
        return redirect(circle_url)

    context = {
        "organisation": found.organisation,
        "form": form,
        "caption": found.title,
        "title": _("How does %(name)s help you?") % {"name": chosen.person.name},
        "intro": _(
            "What they can see changes straight away. Your named worker sees only the "
            "parts you share with your named worker."
        ),
        "button": _("Save"),
        "back_url": circle_url,
    }
    return form_page(request, "form_page.html", context, save, found.organisation)


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
        messages.success(request, _("The review is saved."))
        return redirect(found.get_absolute_url() + "#journey")

    context = {
        "organisation": found.organisation,
        "form": form,
        "caption": found.title,
        "title": _("Add a review"),
        "intro": _(
            "Look at the plan together. For each area, choose the face that "
            "fits best. You can leave any area out."
        )
        if owner
        else _(
            "Record the review with %(name)s. Choose the faces they choose. "
            "Your name goes on it, and theirs too."
        )
        % {"name": found.owner.name},
        "button": _("Save the review"),
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
        messages.success(
            request, _("The date is saved: %(date)s.") % {"date": date_format(when, "l j F Y")}
        )
        return redirect(found.get_absolute_url() + "#next-review")

    context = {
        "organisation": found.organisation,
        "form": form,
        "caption": found.title,
        "title": _("When we next look at this plan together"),
        "intro": _(
            "Choose a day to sit down with the people who help you and look at your "
            "plan: what is going well and what has changed. Everyone in your circle gets a "
            "reminder a few days before."
        )
        if owner
        else _(
            "Choose the day with %(name)s. They and everyone in their circle "
            "get a reminder a few days before."
        )
        % {"name": found.owner.name},
        "button": _("Save the date"),
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
        messages.success(
            request,
            _("The review is now seen by: %(who)s.") % {"who": chosen.get_visibility_display()},
        )
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


@login_required
def places(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """ "Places I connect with": link places from the organisation's community map to the
    plan's community section (the person whose plan it is)."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    require_perm(request, "plans.write", found)
    form = PlaceForm(
        request.POST if request.method == "POST" else None,
        places=selectors.places_to_link(found),
    )

    def save() -> HttpResponse:
        link = actions.plan_place_link(actor=user, plan=found, asset=form.cleaned_data["asset"])
        messages.success(request, f"{link.asset.name} is in your plan.")
        return redirect("my-plan-places", org=found.organisation.slug, pk=found.pk)

    context = {
        "organisation": found.organisation,
        "plan": found,
        "form": form,
        "linked": list(selectors.places_of(found)),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, "plans/places.html", context, save, found.organisation)


@login_required
@require_POST
def place_remove(request: HttpRequest, org: str, pk: int, link: int) -> HttpResponse:
    """A button: take a place off the plan."""
    user = user_of(request)
    found = selectors.plan_for(user, org, pk)
    require_perm(request, "plans.write", found)
    chosen = selectors.place_in(found, link)
    return button(
        request,
        lambda: actions.plan_place_unlink(actor=user, link=chosen),
        lambda _: f"{chosen.asset.name} is no longer in your plan.",
        reverse("my-plan-places", args=[found.organisation.slug, found.pk]),
    )
