"""The speakeasy step of any form with a long text field (`core.forms.LongTextField`):
check as you type (htmx), or, without JavaScript, a "Check my writing" button that shows
the same feedback and lets a person use a suggestion with one click. Nothing here ever
stops a form being saved. `preview` is the checker this app gives the core
(`core.text_checks`, registered in apps.py)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from django import forms
from django.http import HttpRequest, QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from equalvoice.core.models import Organisation
from equalvoice.core.text_checks import long_text_fields

from .engine import Finding, Report
from .selectors import check_text

CHECK = "_speakeasy_check"
APPLY = "_speakeasy_apply"

LABELS: dict[str, str | Promise] = {
    "jargon": _("Hard word"),
    "explain": _("Explain this"),
    "uncommon": _("Uncommon word"),
    "long_sentence": _("Long sentence"),
    "passive": _("Who does it?"),
    "many_ideas": _("More than one idea"),
    "acronym": _("Short form"),
    "nominalisation": _("Wordy"),
    "exclusionary": _("Words that exclude"),
}


# Findings about a whole sentence: the word-level findings inside it are shown under it.
SENTENCE_KINDS = frozenset(("long_sentence", "many_ideas"))


@dataclass(frozen=True)
class PanelItem:
    """One warning as the panel shows it: the finding, its place in ``report.findings``
    (what a "Use …" button names) and, for a sentence, the word-level warnings inside
    that sentence, in text order. A sentence with what is inside it is one thing to do."""

    index: int
    finding: Finding
    inside: tuple[PanelItem, ...] = ()


@dataclass(frozen=True)
class Panel:
    """What the panel shows: ``items`` in the order of the text, one for each thing to
    do (a sentence with the words inside it, or one finding on its own)."""

    items: list[PanelItem]

    @property
    def jobs(self) -> int:
        return len(self.items)

    @property
    def grouped(self) -> bool:
        """True when some sentence has warnings listed under it."""
        return any(item.inside for item in self.items)


def panel(report: Report) -> Panel:
    """The report as the panel shows it (see ``panel_items``)."""
    return Panel(panel_items(report))


def panel_items(report: Report) -> list[PanelItem]:
    """What the panel shows, in the order of the text: each sentence-level finding
    (``SENTENCE_KINDS``) with the findings that lie wholly inside its span listed under
    it, and every other finding on its own. Each finding is shown exactly once."""
    findings = report.findings
    sentences = [i for i, f in enumerate(findings) if f.kind in SENTENCE_KINDS]
    starts = [findings[i].start for i in sentences]
    inside: dict[int, list[PanelItem]] = {i: [] for i in sentences}
    alone: list[PanelItem] = []
    for index, found in enumerate(findings):
        if found.kind in SENTENCE_KINDS:
            continue
        # The last sentence starting at or before the finding is the only one that may
        # hold it: sentence findings are whole sentences, which do not overlap.
        at = bisect_right(starts, found.start) - 1
        if at >= 0 and found.end <= findings[sentences[at]].end:
            inside[sentences[at]].append(PanelItem(index, found))
        else:
            alone.append(PanelItem(index, found))
    groups = [PanelItem(i, findings[i], tuple(inside[i])) for i in sentences]
    # At the same place a sentence comes before a word that starts it.
    return sorted(
        groups + alone,
        key=lambda item: (item.finding.start, item.finding.kind not in SENTENCE_KINDS, item.index),
    )


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
    if not names:
        return False  # nothing to check here: the page's own view handles the buttons
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
    # Checking the writing is not saving: say nothing yet about the other fields (a
    # member still to choose, a name still to type). Saving checks them as always.
    form.errors.clear()
    return True


def attach_feedback(form: forms.BaseForm, organisation: Organisation | None) -> None:
    form.speakeasy_reports = {  # type: ignore[attr-defined]
        name: report_for(form, name, organisation) for name in long_text_fields(form)
    }
