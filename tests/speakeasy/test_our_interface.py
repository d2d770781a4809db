"""The platform's own interface text passes its own checker at plain level: every
template's words (without the data that fills them in) and every form's labels, hints
and error messages. Only "explain" findings (words people need, which the glossary
explains) are allowed, plus a short list of file-type words."""

from __future__ import annotations

import html
import re
from pathlib import Path

from django import forms

from equalvoice.speakeasy import check

ROOT = Path(__file__).resolve().parents[2] / "equalvoice"
# Our name, and file types, sizes and tools a person needs to see as they are.
ALLOWED = {
    "speakeasy",
    "mb",
    "docx",
    "webp",
    "png",
    "jpg",
    "txt",
    "json",
    "csv",
    "pdf",
    "axe",
    "nvda",
    "voiceover",
}


def _template_text(source: str) -> list[str]:
    source = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.S | re.I)
    # Welsh parts (lang="cy", e.g. the static 503 page) are not English: skip them, up to
    # the first closing tag of the same name (so no same-named element nested inside).
    source = re.sub(r"<(\w+)\b[^>]*\blang=\"cy\"[^>]*>.*?</\1>", " ", source, flags=re.S | re.I)
    # Attribute values people read aloud or see.
    said = re.findall(r'(?:aria-label|title|alt)="([^"{]+)"', source)
    source = re.sub(r"<[^>]+>", "\n", source)
    source = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", "\n", source, flags=re.S)
    chunks = [html.unescape(c).strip() for c in re.split(r"\n\s*\n|\n", source)]
    return [c for c in chunks + said if re.search(r"[A-Za-z]{2}", c)]


def _problems(text: str, where: str) -> list[str]:
    found = []
    for f in check(text, level="plain").findings:
        if f.kind == "explain" or f.text.lower() in ALLOWED:
            continue
        found.append(f"{where}: {f.kind} “{f.text}” in “{text[:100]}”")
    return found


def test_templates_pass_speakeasy_at_plain_level() -> None:
    problems: list[str] = []
    for path in sorted(ROOT.rglob("templates/**/*.html")) + sorted(
        ROOT.rglob("templates/**/*.txt")
    ):
        if path.name == "easy_read_pdf.html":
            continue
        for chunk in _template_text(path.read_text()):
            problems += _problems(chunk, str(path.relative_to(ROOT)))
    assert not problems, "\n".join(problems)


def _all_forms() -> list[type[forms.BaseForm]]:
    import equalvoice.core.forms as core_forms
    import equalvoice.speakeasy.forms as speakeasy_forms

    found = []
    for module in (core_forms, speakeasy_forms):
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return found


def test_form_labels_hints_and_errors_pass_speakeasy() -> None:
    problems: list[str] = []
    for form_class in _all_forms():
        fields = dict(getattr(form_class, "base_fields", {}))
        for name, field in fields.items():
            for text in (field.label, field.help_text):
                if text:
                    problems += _problems(str(text), f"{form_class.__name__}.{name}")
    assert not problems, "\n".join(problems)
