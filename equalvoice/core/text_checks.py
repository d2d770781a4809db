"""Checking long text as it is typed: the core's extension point.

The core's forms mark long text with `forms.LongTextField`, and every form page runs
`preview()` before it saves (`form_page` in views/_helpers.py). The core does not check
words itself, and imports no app built on it. An app that can check words registers a
checker from its `AppConfig.ready()`, as speakeasy does:

    from equalvoice.core import text_checks
    text_checks.register(widget.preview)

A checker takes the request, the form and the organisation whose word list applies,
and returns True when the person asked to check their writing (or to use a suggestion)
rather than save: the form then carries the feedback to show, and nothing is saved.
With no checker registered, a `LongTextField` is a plain long text box and `preview()`
is always False."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.http import HttpRequest

from .forms import LongTextField
from .models import Organisation

Checker = Callable[[HttpRequest, forms.BaseForm, Organisation | None], bool]

_checkers: list[Checker] = []


def register(checker: Checker) -> None:
    """Add an app's checker. Registering the same one twice has no effect."""
    if checker not in _checkers:
        _checkers.append(checker)


def checkers() -> tuple[Checker, ...]:
    return tuple(_checkers)


def long_text_fields(form: forms.BaseForm) -> list[str]:
    """The names of the form's fields that are checked as they are typed."""
    return [name for name, field in form.fields.items() if isinstance(field, LongTextField)]


def preview(request: HttpRequest, form: forms.BaseForm, organisation: Organisation | None) -> bool:
    """Note on the form whose word list its long text is checked against
    (`form.text_check_organisation`, read when the text box is drawn), then ask every
    checker. True when one of them is showing feedback instead of saving."""
    form.text_check_organisation = organisation  # type: ignore[attr-defined]
    shown = [checker(request, form, organisation) for checker in _checkers]
    return any(shown)
