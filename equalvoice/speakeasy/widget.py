"""The speakeasy step of any form with a long text field (`core.forms.LongTextField`):
check as you type (htmx), or, without JavaScript, a "Check my writing" button that shows
the same feedback and lets a person use a suggestion with one click. Nothing here ever
stops a form being saved. `preview` is the checker this app gives the core
(`core.text_checks`, registered in apps.py)."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, QueryDict

from equalvoice.core.models import Organisation
from equalvoice.core.text_checks import long_text_fields

from .engine import Report
from .selectors import check_text

CHECK = "_speakeasy_check"
APPLY = "_speakeasy_apply"

LABELS = {
    "jargon": "Hard word",
    "explain": "Explain this",
    "uncommon": "Uncommon word",
    "long_sentence": "Long sentence",
    "passive": "Who does it?",
    "many_ideas": "More than one idea",
    "acronym": "Short form",
    "nominalisation": "Wordy",
    "exclusionary": "Words that exclude",
}


def report_for(form: forms.BaseForm, name: str, organisation: Organisation | None) -> Report:
    field = form.fields[name]
    text = str(form.data.get(form.add_prefix(name), ""))[:200_000]
    return check_text(text, level=getattr(field, "level", "plain"), organisations=organisation)


def apply_suggestion(text: str, report: Report, finding: int, suggestion: int) -> str:
    """The text with one suggestion used. Out-of-range choices change nothing."""
    if not 0 <= finding < len(report.findings):
        return text
    found = report.findings[finding]
    if not 0 <= suggestion < len(found.suggestions) or text[found.start : found.end] != found.text:
        return text
    return text[: found.start] + found.suggestions[suggestion] + text[found.end :]


def parse_apply(value: str) -> tuple[str, int, int] | None:
    parts = value.split("|")
    if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
        return None
    return parts[0], int(parts[1]), int(parts[2])


def preview(request: HttpRequest, form: forms.BaseForm, organisation: Organisation | None) -> bool:
    """True when the person asked to check their writing (or use a suggestion) rather
    than save: the form then carries the feedback to show, and nothing is saved."""
    form.text_check_organisation = organisation  # type: ignore[attr-defined]
    if request.method != "POST" or (CHECK not in request.POST and APPLY not in request.POST):
        return False
    names = long_text_fields(form)
    chosen = parse_apply(request.POST.get(APPLY, ""))
    if chosen and chosen[0] in names:
        name, finding, suggestion = chosen
        data = QueryDict(mutable=True)
        data.update(form.data)  # type: ignore[arg-type]
        key = form.add_prefix(name)
        data[key] = apply_suggestion(
            str(data.get(key, "")), report_for(form, name, organisation), finding, suggestion
        )
        form.data = data
    attach_feedback(form, organisation)
    return True


def attach_feedback(form: forms.BaseForm, organisation: Organisation | None) -> None:
    form.speakeasy_reports = {  # type: ignore[attr-defined]
        name: report_for(form, name, organisation) for name in long_text_fields(form)
    }
