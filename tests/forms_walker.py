"""Find every form on a page and what its fields are, from the HTML a person gets."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str  # text, email, password, textarea, select, checkbox, radio, hidden, number
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def hidden(self) -> dict[str, str]:
        return {f.name: f.value for f in self.fields.values() if f.kind == "hidden"}

    @property
    def typed(self) -> list[Field]:
        return [
            f
            for f in self.fields.values()
            if f.kind in {"text", "email", "password", "textarea", "search", "tel", "url"}
        ]

    @property
    def chosen(self) -> list[Field]:
        return [f for f in self.fields.values() if f.kind in {"select", "checkbox", "radio"}]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._select: Field | None = None
        self._form: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
            return
        if self._form is None or "name" not in a:
            if tag == "option" and self._select is not None:
                self._select.options.append(a.get("value", ""))
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text")
            existing = self._form.fields.get(name)
            if existing and kind in {"checkbox", "radio"}:
                existing.options.append(a.get("value", "on"))
            else:
                self._form.fields[name] = Field(
                    name, kind, a.get("value", ""), [a.get("value", "on")]
                )
        elif tag == "textarea":
            self._form.fields[name] = Field(name, "textarea")
        elif tag == "select":
            self._select = Field(name, "select")
            self._form.fields[name] = self._select

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_in(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    return [f for f in parser.forms if f.method == "post"]
