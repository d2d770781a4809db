"""Standards: the list, starting one (blank or from a starter), drafting it together
(themes, statements, comments), publishing versions, the journey and the action plan."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from equalvoice.core import selectors as core
from equalvoice.core.views._helpers import button, form_page, page, require_perm, user_of

from .. import actions, selectors
from ..forms import (
    CommentDecisionForm,
    CommentForm,
    PlanActionForm,
    StandardForm,
    StartFromForm,
    StatementForm,
    ThemeForm,
)
from ..models import PlanAction, Statement, Theme
from ..starters import STARTERS
from .charts import journey_chart

FORM = "form_page.html"


@login_required
def standards(request: HttpRequest, org: str) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    return page(
        request,
        "standards/list.html",
        {
            "organisation": organisation,
            "standards": selectors.standards_visible_to(user, organisation),
            "starters": STARTERS.values(),
            "can_create": user.has_perm("standards.create_standard", organisation),
        },
    )


@login_required
def standard_form(request: HttpRequest, org: str, pk: int | None = None) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.standard_for(user, organisation, pk) if pk else None
    if found is None:
        require_perm(request, "standards.create_standard", organisation)
    else:
        require_perm(request, "standards.change_standard", found)
    form = StandardForm(
        request.POST if request.method == "POST" else None,
        instance=found,
        organisation=organisation,
    )

    def save() -> HttpResponse:
        saved = actions.standard_save(
            actor=user, organisation=organisation, standard=found, **form.cleaned_data
        )
        messages.success(request, _("We saved “%(title)s”.") % {"title": saved.title})
        return redirect(saved.get_absolute_url())

    context = {
        "organisation": organisation,
        "form": form,
        "title": _("Change “%(title)s”") % {"title": found.title}
        if found
        else _("Start a standard"),
        "intro": _(
            "Statements of what good looks like, for everyone to rate. "
            "For example, a promise, a standard or a self-reflection."
        ),
        "back_url": found.get_absolute_url() if found else None,
    }
    return form_page(request, FORM, context, save, organisation)


@login_required
def standard_start(request: HttpRequest, org: str, key: str) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "standards.create_standard", organisation)
    starter = STARTERS.get(key)
    if starter is None:
        return redirect("standards", org)
    form = StartFromForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )

    def save() -> HttpResponse:
        made = actions.standard_from_starter(
            actor=user, organisation=organisation, key=key, group=form.cleaned_data["group"]
        )
        messages.success(
            request, _("“%(title)s” is ready for you to change.") % {"title": made.title}
        )
        return redirect(made.get_absolute_url())

    context = {
        "organisation": organisation,
        "form": form,
        "title": _("Start from “%(title)s”") % {"title": _(starter.title)},
        "intro": _(starter.summary)
        + " "
        + ngettext(
            "It has %(count)s statement. You get your own copy to change as you like.",
            "It has %(count)s statements. You get your own copy to change as you like.",
            starter.statement_count,
        )
        % {"count": starter.statement_count},
        "button": _("Make my copy"),
        "back_url": reverse("standards", args=[org]),
    }
    return form_page(request, FORM, context, save, organisation)


@login_required
def standard(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.standard_for(user, organisation, pk)
    version = selectors.current_version(found)
    return page(
        request,
        "standards/standard.html",
        {
            "organisation": organisation,
            "standard": found,
            "version": version,
            "themes": selectors.themes_with_statements(version),
            "versions": found.versions.all(),
            "rounds": found.rounds.all(),
            "open_comments": selectors.open_comment_count(version),
            "can_change": user.has_perm("standards.change_standard", found),
            "can_comment": user.has_perm("standards.comment", found),
            "has_published": selectors.newest_published(found) is not None,
        },
    )


@login_required
def version(request: HttpRequest, org: str, pk: int, number: int) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.standard_for(user, organisation, pk)
    chosen = selectors.version_in(found, number)
    return page(
        request,
        "standards/version.html",
        {
            "organisation": organisation,
            "standard": found,
            "version": chosen,
            "themes": selectors.themes_with_statements(chosen),
        },
    )


@login_required
@require_POST
def standard_publish(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.standard_for(user, organisation, pk)
    require_perm(request, "standards.change_standard", found)
    return button(
        request,
        lambda: actions.version_publish(actor=user, standard=found),
        lambda published: (
            _("You published version %(number)s. You can start a round now.")
            % {"number": published.number}
        ),
        found.get_absolute_url(),
    )


@login_required
@require_POST
def version_start(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.standard_for(user, organisation, pk)
    require_perm(request, "standards.change_standard", found)
    return button(
        request,
        lambda: actions.version_start(actor=user, standard=found),
        lambda made: (
            _("Version %(number)s is a draft. Change it, then publish it.")
            % {"number": made.number}
        ),
        found.get_absolute_url(),
    )


@login_required
def theme_form(
    request: HttpRequest, org: str, pk: int, theme_pk: int | None = None
) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.standard_for(user, organisation, pk)
    require_perm(request, "standards.change_standard", found)
    theme = selectors.in_standard(found, Theme, theme_pk) if theme_pk else None
    assert theme is None or isinstance(theme, Theme)
    form = ThemeForm(
        request.POST if request.method == "POST" else None,
        initial={"title": theme.title} if theme else None,
    )

    def save() -> HttpResponse:
        actions.theme_save(actor=user, standard=found, theme=theme, **form.cleaned_data)
        messages.success(request, _("We saved the theme."))
        return redirect(found.get_absolute_url())

    context = {
        "organisation": organisation,
        "form": form,
        "title": _("Rename the theme") if theme else _("Add a theme"),
        "intro": _(
            "A theme puts statements about the same thing together, for example “Listening to me”."
        ),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, FORM, context, save, organisation)


@login_required
def statement_form(
    request: HttpRequest, org: str, pk: int, statement_pk: int | None = None
) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.standard_for(user, organisation, pk)
    require_perm(request, "standards.change_standard", found)
    statement = selectors.in_standard(found, Statement, statement_pk) if statement_pk else None
    assert statement is None or isinstance(statement, Statement)
    version = statement.version if statement else selectors.current_version(found)
    initial: dict[str, object] = {}
    if statement is not None:
        initial = {
            "theme": statement.theme,
            "plain": statement.plain,
            "easy_read": statement.easy_read,
        }
    elif request.GET.get("theme", "").isdigit():
        initial = {"theme": request.GET["theme"]}
    form = StatementForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial=initial,
        themes=version.themes.all(),
    )

    def save() -> HttpResponse:
        data = form.cleaned_data
        actions.statement_save(
            actor=user,
            standard=found,
            statement=statement,
            theme=data["theme"],
            plain=data["plain"],
            easy_read=data["easy_read"],
            picture=data["picture"] or None,
            remove_picture=data["remove_picture"],
        )
        messages.success(request, _("We saved the statement."))
        return redirect(found.get_absolute_url())

    if statement is None or not statement.picture:
        del form.fields["remove_picture"]
    context = {
        "organisation": organisation,
        "form": form,
        "title": _("Change the statement") if statement else _("Add a statement"),
        "intro": _("Say what good looks like, in the words of the people it is about."),
        "back_url": found.get_absolute_url(),
        "multipart": True,
    }
    if version.is_published:
        messages.error(
            request, _("You cannot change a published version. Start a new version to change it.")
        )
        return redirect(found.get_absolute_url())
    return form_page(request, FORM, context, save, organisation)


@login_required
def statement(request: HttpRequest, org: str, pk: int, statement_pk: int) -> HttpResponse:
    """One statement with its comments, suggested words and history; members comment."""
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.standard_for(user, organisation, pk)
    chosen = selectors.in_standard(found, Statement, statement_pk)
    assert isinstance(chosen, Statement)
    form = CommentForm(request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        actions.comment_add(actor=user, statement=chosen, **form.cleaned_data)
        messages.success(request, _("Thank you. We saved your comment for the facilitator."))
        return redirect("statement", org, pk, statement_pk)

    context = {
        "organisation": organisation,
        "standard": found,
        "statement": chosen,
        "comments": selectors.comments_on(chosen),
        "revisions": selectors.revisions_of(chosen),
        "form": form,
        "can_change": user.has_perm("standards.change_standard", found),
    }
    if request.method == "POST":
        require_perm(request, "standards.comment", chosen)
    return form_page(request, "standards/statement.html", context, save, organisation)


@login_required
def comment_decide(request: HttpRequest, org: str, pk: int, comment_pk: int) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.standard_for(user, organisation, pk)
    require_perm(request, "standards.change_standard", found)
    comment = selectors.comment_in(found, comment_pk)
    form = CommentDecisionForm(request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        actions.comment_decide(actor=user, comment=comment, **form.cleaned_data)
        messages.success(request, _("We saved your answer."))
        return redirect("statement", org, pk, comment.statement_id)

    context = {
        "organisation": organisation,
        "form": form,
        "title": _("Answer the comment"),
        "comment": comment,
        "back_url": reverse("statement", args=[org, pk, comment.statement_id]),
    }
    return form_page(request, "standards/comment_decide.html", context, save, organisation)


@login_required
def journey(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.standard_for(user, organisation, pk)
    path = selectors.journey(found)
    return page(
        request,
        "standards/journey.html",
        {
            "organisation": organisation,
            "standard": found,
            "journey": path,
            "chart": journey_chart(path.overall),
            "minimum": selectors.minimum_group_size(),
        },
    )


@login_required
def plan(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.standard_for(user, organisation, pk)
    return page(
        request,
        "standards/plan.html",
        {
            "organisation": organisation,
            "standard": found,
            "actions": selectors.plan_for(found),
            "can_change": user.has_perm("standards.change_standard", found),
        },
    )


@login_required
def plan_action_form(
    request: HttpRequest, org: str, pk: int, action_pk: int | None = None
) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.standard_for(user, organisation, pk)
    require_perm(request, "standards.change_standard", found)
    existing = selectors.plan_action_in(found, action_pk) if action_pk else None
    from_round = None
    if existing is None and request.GET.get("round", "").isdigit():
        from_round = selectors.round_in(found, request.GET["round"])
    version = selectors.newest_published(found) or selectors.current_version(found)
    initial: dict[str, object] = {"status": PlanAction.Status.NOT_STARTED}
    if existing is None and request.GET.get("statement", "").isdigit():
        initial["statement"] = request.GET["statement"]
    statements = selectors.statements_for_plan(version, keep=existing)
    form = PlanActionForm(
        request.POST if request.method == "POST" else None,
        instance=existing,
        initial=initial,
        statements=statements,
    )

    def save() -> HttpResponse:
        actions.plan_action_save(
            actor=user,
            standard=found,
            plan_action=existing,
            from_round=from_round if existing is None else existing.from_round,
            **form.cleaned_data,
        )
        messages.success(request, _("We saved the plan."))
        return redirect("plan", org, pk)

    context = {
        "organisation": organisation,
        "form": form,
        "title": _("Change the action") if existing else _("Add to our plan"),
        "intro": _("What will be done, by whom and by when. The next round looks at it again."),
        "back_url": reverse("plan", args=[org, pk]),
    }
    return form_page(request, FORM, context, save, organisation)
