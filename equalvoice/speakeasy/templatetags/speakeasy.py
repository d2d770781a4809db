from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from equalvoice.core.forms import LongTextField
from equalvoice.core.models import Organisation

from ..engine import Report, sentence_spans
from ..engine.lexicon import explanation_of
from ..engine.pictures import by_code, choose
from ..models import SentencePicture
from ..selectors import check_text_to_show, picture_choices
from ..widget import LABELS, Panel, panel_items
from ..widget import panel as make_panel

register = template.Library()


@register.filter
def kind_label(kind: str) -> str:
    return str(LABELS.get(kind, kind))


@register.filter
def panel(report: Report) -> Panel:
    """The report as the panel shows it: one item for each thing to do, in text order."""
    return make_panel(report)


@register.inclusion_tag("speakeasy/_feedback.html", takes_context=True)
def speakeasy_feedback(context: Any, field: Any) -> dict[str, Any]:
    reports = getattr(field.form, "speakeasy_reports", {}) or {}
    organisation = getattr(field.form, "text_check_organisation", None)
    return {
        "report": reports.get(field.name),
        "field_name": field.html_name,
        "auto_id": field.auto_id,
        "org_slug": organisation.slug if organisation else "",
        "level": getattr(field.field, "level", "plain"),
        "hint": "1" if field.help_text else "",
    }


def _explanations(report: Report) -> list[tuple[int, int, str]]:
    """The words to explain, in text order: the "explain" findings (their explanation
    alone, without the plainer words a care term offers) and the product's own words
    (``Report.notes``), which are never flagged but still explained."""
    found = [
        (f.start, f.end, explanation_of(f.message, f.suggestions))
        for f in report.findings
        if f.kind == "explain"
    ]
    return sorted(found + report.notes)


@register.filter
def with_glossary(text: str, organisation: Organisation | None) -> SafeString:
    """Escape the text, keep its line breaks, and show each glossary word's
    explanation right after it."""
    text = str(text or "")
    report = check_text_to_show(text, organisations=organisation)
    out, cursor = [], 0
    for start, end, explanation in _explanations(report):
        if start < cursor:
            continue
        out.append(escape(text[cursor:start]))
        out.append(
            format_html(
                '<span class="ev-glossary"><dfn>{}</dfn> <span class="ev-glossary__explain">'
                "({})</span></span>",
                text[start:end],
                explanation,
            )
        )
        cursor = end
    out.append(escape(text[cursor:]))
    return mark_safe("".join(out).replace("\n", "<br>"))  # noqa: S308 - every part escaped


@register.inclusion_tag("speakeasy/_status.html")
def plain_status(text: str, organisation: Organisation | None = None) -> dict[str, Any]:
    """A content item's plain-language status, as a small tag: how many things to check,
    counted as the panel counts them (a sentence with the words inside it is one)."""
    report = check_text_to_show(str(text or ""), organisations=organisation)
    to_check = [item for item in panel_items(report) if item.finding.kind != "explain"]
    kinds = {str(LABELS[f.kind]) for f in report.findings if f.kind != "explain"}
    return {"count": len(to_check), "kinds": sorted(kinds)}


@register.simple_tag
def easy_read_lines(text: str, organisation: Organisation | None = None) -> list[dict[str, Any]]:
    """One short sentence a line, with glossary explanations for the line."""
    text = str(text or "")
    report = check_text_to_show(text, level="easy_read", organisations=organisation)
    explained = _explanations(report)
    spans = list(sentence_spans(text))
    chosen = picture_choices(organisation, [text[start:end] for start, end in spans])
    lines = []
    for start, end in spans:
        sentence = text[start:end]
        notes = [(text[s:e], m) for s, e, m in explained if start <= s < end]
        lines.append(
            {
                "text": sentence,
                "notes": notes,
                "terms": [t for t, _ in notes],
                "picture": _picture_for(sentence, chosen),
            }
        )
    return lines


def _picture_for(sentence: str, chosen: dict[str, str]) -> dict[str, str] | None:
    """The sentence's picture: the one a person chose (or none, if they chose none),
    else the one the list gives (engine/pictures.py)."""
    key = SentencePicture.key_of(sentence)
    if key in chosen:
        picture = by_code(chosen[key]) if chosen[key] else None
        how = "person"
    else:
        picture = choose(sentence)
        how = "list"
    if picture is None:
        return None
    return {
        "code": picture.code,
        "alt": picture.alt,
        "how": how,
        "path": f"build/openmoji/{picture.code}.svg",
    }


@register.simple_tag
def picture_src(picture: dict[str, str], on_paper: bool = False) -> str:
    """Where a picture comes from: its static address on a page; the picture itself, as
    a data: URI, on paper (our PDFs fetch nothing)."""
    from django.templatetags.static import static

    if not on_paper:
        return str(static(picture["path"]))
    import base64

    from django.contrib.staticfiles import finders

    found = finders.find(picture["path"])
    if not found:
        return ""
    with open(str(found), "rb") as file:
        return "data:image/svg+xml;base64," + base64.b64encode(file.read()).decode()


@register.simple_tag(takes_context=True)
def can_change_pictures(context: dict[str, Any], organisation: Organisation | None) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(
        organisation is not None
        and user is not None
        and user.is_authenticated
        and user.has_perm("speakeasy.change_words", organisation)
    )


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(str(key).lower()) if mapping else None


@register.filter
def has_speakeasy(form: Any) -> bool:
    return any(isinstance(f, LongTextField) for f in getattr(form, "fields", {}).values())


@register.simple_tag
def picture_query(sentence: str, back: str) -> str:
    """The query string of the page for changing a sentence's picture."""
    from urllib.parse import urlencode

    return urlencode({"sentence": sentence, "next": back})
