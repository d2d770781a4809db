from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers

from .. import text_checks
from ..models import Group, Organisation, User
from ..permissions import require
from ..selectors import group_for

T = TypeVar("T")


def new_once_key() -> str:
    """A fresh one-time key for a form that must not be saved twice: the form sends it
    in a hidden field named `once`, and the action passes it to `form_sent_once`."""
    return secrets.token_urlsafe(24)


def user_of(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def require_perm(request: HttpRequest, perm: str, obj: Model) -> None:
    require(user_of(request), perm, obj)


def group_with_perm(request: HttpRequest, org: str, group: str, perm: str) -> Group:
    """The start of every page about one group: the group, as the person may see it (404
    otherwise), once `perm` on it is checked (403 otherwise)."""
    found = group_for(user_of(request), org, group)
    require_perm(request, perm, found)
    return found


def group_context(found: Group, **more: Any) -> dict[str, Any]:
    """What every page about one group has in its context: the group and its organisation."""
    return {"organisation": found.organisation, "group": found, **more}


def group_list(
    request: HttpRequest,
    org: str,
    group: str,
    template: str,
    *,
    view: str,
    run: str,
    **lists: Callable[[Group], object],
) -> HttpResponse:
    """A group's page of its things (its decisions, meetings or conversations): seen with
    the `view` permission; `can_run` says whether the person may start and run them (the
    `run` permission); each of `lists` gives its name in the context the rows for the
    group."""
    found = group_with_perm(request, org, group, view)
    rows = {name: rows_of(found) for name, rows_of in lists.items()}
    can_run = user_of(request).has_perm(run, found)
    return page(request, template, group_context(found, **rows, can_run=can_run))


def acting_for_someone(
    request: HttpRequest, obj: Model, perm: str, perm_for: str, *, only_for_others: bool = False
) -> bool:
    """Supported taking part: with ?for=someone, a supporter records for a person who
    agreed, and needs `perm_for`; otherwise the person takes part themselves and needs
    `perm`. With `only_for_others`, someone who may only act for others (an admin outside
    the group) is taken to the form for someone without asking. True when it is for
    someone."""
    user = user_of(request)
    chosen = request.GET.get("for") == "someone" or (
        only_for_others and not user.has_perm(perm, obj) and user.has_perm(perm_for, obj)
    )
    require_perm(request, perm_for if chosen else perm, obj)
    return chosen


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put an action's ValidationError onto the form, so the person sees it beside
    what they typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render a page, or only its named partial when htmx asks for one."""
    partial = context.pop("partial", None)
    htmx = getattr(request, "htmx", None)
    # A history restore (back button after an htmx swap) needs the whole page.
    if partial and htmx and not htmx.history_restore_request:
        template = f"{template}#{partial}"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def invalid(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A form with errors: the same page, with what was typed, and status 400."""
    return page(request, template, context, status=400)


def form_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    save: Callable[[], HttpResponse],
    organisation: Organisation | None = None,
) -> HttpResponse:
    """The life of a form page: show it; on POST either show feedback on the writing
    (the person asked to check it, `text_checks`), or check the form and call `save`.
    Errors from the form or the action come back beside what was typed, with status 400."""
    form = context["form"]
    if text_checks.preview(request, form, organisation):
        return page(request, template, context)
    if request.method == "POST":
        if form.is_valid():
            try:
                return save()
            except ValidationError as error:
                apply_errors(form, error)
        return invalid(request, template, context)
    return page(request, template, context)


def button(
    request: HttpRequest, act: Callable[[], T], done: Callable[[T], str], back_to: str
) -> HttpResponse:
    """A button with nothing typed: call the action; if it says no (a ValidationError),
    show why as an error, otherwise show `done` of what it returned; then go `back_to`."""
    try:
        result = act()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done(result))
    return redirect(back_to)
