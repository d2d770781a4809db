"""What a person reads on a page: its visible text, its tables, and the signs of a page that
shows the wrong thing (`None`, `nan`, template code, a table with nothing in it).

Tests that check figures read them from here rather than searching the raw HTML, so a
number split across tags, or hidden from view, is read as a person reads it:

    text = page_text(response)                  # the text of <main>, spaces collapsed
    rows = table_rows(response, "Each perspective's share")  # caption, aria-label or id
    assert_reads_well(response)                 # no None, nan, {{ or empty tables

Text hidden from everyone (`hidden`, `<script>`, `<style>`, `<template>`) is left out;
text for screen readers only (`govuk-visually-hidden`) is kept, since people read it
too. Pass `for_sight=True` to leave it out as well."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Protocol

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# Elements whose edges separate words (the rest, like <strong> and <a>, run on).
BLOCK = {
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "button",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "label",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "option",
    "p",
    "section",
    "select",
    "summary",
    "table",
    "tbody",
    "td",
    "text",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
UNSEEN = {"head", "script", "style", "template", "noscript", "title"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def hidden(self, for_sight: bool) -> bool:
        if self.tag in UNSEEN or "hidden" in self.attrs:
            return True
        return for_sight and "govuk-visually-hidden" in self.attrs.get("class", "").split()

    def text(self, *, for_sight: bool = False) -> str:
        """The visible text of this element, whitespace collapsed to single spaces."""
        parts: list[str] = []
        self._collect(parts, for_sight)
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    def _collect(self, parts: list[str], for_sight: bool) -> None:
        if self.hidden(for_sight):
            return
        gap = self.tag in BLOCK
        if gap:
            parts.append(" ")
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            else:
                child._collect(parts, for_sight)
        if gap:
            parts.append(" ")

    def find_all(self, tag: str) -> list[Node]:
        found: list[Node] = []
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    found.append(child)
                found.extend(child.find_all(tag))
        return found

    def first(self, tag: str) -> Node | None:
        found = self.find_all(tag)
        return found[0] if found else None

    def by_id(self, ident: str) -> Node | None:
        if self.attrs.get("id") == ident:
            return self
        for child in self.children:
            if isinstance(child, Node) and (hit := child.by_id(ident)) is not None:
                return hit
        return None


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


class _Response(Protocol):
    content: bytes


def parse(page: _Response | str | bytes) -> Node:
    """The page as a tree of `Node`s (a response, or its HTML)."""
    if isinstance(page, str):
        html = page
    elif isinstance(page, bytes):
        html = page.decode()
    else:
        html = page.content.decode()
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def _main(page: _Response | str | bytes) -> Node:
    root = parse(page)
    return root.first("main") or root


def page_text(page: _Response | str | bytes, *, for_sight: bool = False) -> str:
    """The text of the page's <main> (or the whole page if it has none) as a person reads
    it, whitespace collapsed to single spaces."""
    return _main(page).text(for_sight=for_sight)


def find_table(page: _Response | str | bytes, name: str) -> Node:
    """The table with this id, or whose caption or aria-label (its own, or that of the
    scrolling region around it) contains `name`. Fails the test if there is none."""
    root = parse(page)
    hit = root.by_id(name)
    if hit is not None:
        table = hit if hit.tag == "table" else hit.first("table")
        if table is not None:
            return table
    for holder in [root, *root.find_all("div")]:
        label = holder.attrs.get("aria-label", "")
        if holder.tag == "div" and name in label and (table := holder.first("table")):
            return table
    for table in root.find_all("table"):
        caption = table.first("caption")
        if name in table.attrs.get("aria-label", "") or (caption and name in caption.text()):
            return table
    raise AssertionError(f"No table called {name!r} on the page")


def rows_of(table: Node, *, for_sight: bool = False) -> list[list[str]]:
    rows = table.find_all("tr")
    return [[cell.text(for_sight=for_sight) for cell in _cells(row)] for row in rows]


def _cells(row: Node, tags: tuple[str, ...] = ("td", "th")) -> list[Node]:
    return [c for c in row.children if isinstance(c, Node) and c.tag in tags]


def table_rows(
    page: _Response | str | bytes, name: str, *, for_sight: bool = False
) -> list[list[str]]:
    """Every row of the named table (header row included), each a list of cell texts."""
    return rows_of(find_table(page, name), for_sight=for_sight)


EMPTY_CELL = {"", "-", "–", "—"}
BROKEN = [
    (re.compile(r"\bNone\b"), "None"),
    (re.compile(r"\b[Nn]a[Nn]\b"), "nan"),
    (re.compile(r"\{\{|\}\}|\{%|%\}"), "template code"),
    (re.compile(r"\[\]|\{\}"), "an empty Python list or dict"),
]


def problems_in_text(text: str) -> list[str]:
    """What in this text a person should never read: Python's None or nan, template code
    left unrendered, an empty list printed as []."""
    found = []
    for pattern, what in BROKEN:
        for hit in pattern.finditer(text):
            found.append(f"{what}: …{text[max(0, hit.start() - 40) : hit.end() + 40]}…")
    return found


def problems(page: _Response | str | bytes) -> list[str]:
    """Everything wrong-looking on a page: `problems_in_text` of its <main>, and any table
    whose data cells are all empty or dashes."""
    main = _main(page)
    found = problems_in_text(main.text())
    for table in main.find_all("table"):
        rows = table.find_all("tr")
        data = [c.text() for row in rows for c in _cells(row)]
        data_cells = [c.text() for row in rows for c in _cells(row, ("td",))]
        if not data_cells or all(c in EMPTY_CELL for c in data_cells):
            name = (table.first("caption") or table).text()[:60] or " | ".join(data[:3])
            found.append(f"a table with nothing in it: {name}")
    return found


def assert_reads_well(page: _Response | str | bytes) -> None:
    found = problems(page)
    assert not found, "\n".join(found)


def pdf_text(content: bytes) -> str:
    """The text of a PDF in the order it was written (poppler's `pdftotext -raw`: for a
    PDF made from HTML, a table comes out cell by cell, row by row), whitespace collapsed.
    A word broken after its hyphen at the end of a line ("Co-" then "production") is
    joined again, hyphen kept."""
    done = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True
    )
    text = re.sub(r"-\n(?=\w)", "-", done.stdout.decode())
    return re.sub(r"\s+", " ", text).strip()
