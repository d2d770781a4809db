from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from .. import text_checks
from ..models import Organisation, User
from ..permissions import require


def user_of(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def require_perm(request: HttpRequest, perm: str, obj: Model) -> None:
    require(user_of(request), perm, obj)


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
