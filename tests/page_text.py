"""What a person reads on a page: its visible text, its lines, its tables, its links, and
the signs of a page that shows the wrong thing (`None`, `nan`, template code, a table with
nothing in it). The one place tests read pages from; the browser's page check
(tests/browser/page_check.py) uses the same `LEFTOVERS` and `EMPTY_CELL`.

Tests that check figures read them from here rather than searching the raw HTML, so a
number split across tags, or hidden from view, is read as a person reads it:

    text = page_text(response)                  # the text of <main>, spaces collapsed
    rows = table_rows(response, "Each perspective's share")  # caption, aria-label or id
    assert_reads_well(response)                 # no None, nan, {{ or empty tables

To read one page several ways, read it once as a `Page` (a response, or its HTML):

    page = Page(response)
    page.text, page.whole          # the words of <main>, and of the whole page
    page.lines                     # <main> one block a line; a table row is "a | b | c"
    page.section("Common ground", "What most people agree on")  # the lines between
    page.tables[0]                 # every table in <main>: rows of cell texts
    page.table("Votes")            # a table by caption, aria-label or id
    page.table_headed("Statement", "Everyone")  # the rows under these column headings
    page.row(0, "Not yet")         # the cells after the first, in the row it starts
    page.links                     # (words, address) of each link in <main>
    page.svg_widths("ev-bar")      # the widths of the rects in each <svg class="ev-bar">

Text hidden from everyone (`hidden`, `<script>`, `<style>`, `<template>`) is left out;
text for screen readers only (`govuk-visually-hidden`, an <svg>'s <title>) is kept, since
people read it too. Pass `for_sight=True` to leave out the visually hidden as well.
`pdf_text` reads a PDF."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from typing import Protocol

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
# Elements whose edges separate words (the rest, like <strong> and <a>, run on), and
# which start a new line in `lines`.
BLOCK = {
    "address", "article", "aside", "blockquote", "br", "button", "caption", "dd", "details",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "label", "legend", "li", "main", "nav", "ol",
    "option", "p", "section", "select", "summary", "svg", "table", "tbody", "td", "text",
    "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
CELLS = {"td", "th"}
UNSEEN = {"head", "script", "style", "template", "noscript"}

# What a reader must never see: words a template or Python leaves behind when a value is
# missing. "None" is a fault unless an ordinary sentence goes on after it ("None of
# these", "None yet").
LEFTOVERS = re.compile(
    r"\bNone\b(?! [a-z])|\bnan\b|\bNaN\b|\binf\b|\bundefined\b|\bnull\b|\[object Object\]"
    r"|\{\{|\}\}|\{%|%\}|\[\]|\{\}|Traceback \(most recent call last\)"
)
# What an empty cell says.
EMPTY_CELL = {"", "-", "–", "—", "n/a", "N/A"}


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
        self._collect(parts, for_sight, lines=False)
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    def lines(self, *, for_sight: bool = False) -> list[str]:
        """The visible text one block a line (a table row is one line, its cells joined
        by " | "), whitespace collapsed, empty lines left out."""
        parts: list[str] = []
        self._collect(parts, for_sight, lines=True)
        found = (" ".join(line.split()) for line in "".join(parts).split("\n"))
        return [line for line in found if line]

    def _collect(self, parts: list[str], for_sight: bool, lines: bool) -> None:
        if self.hidden(for_sight):
            return
        gap = ("\n" if lines and self.tag not in CELLS else " ") if self.tag in BLOCK else ""
        parts.append(gap)
        cells = 0
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
                continue
            if lines and child.tag in CELLS and not child.hidden(for_sight):
                parts.append(" | " if cells else "")
                cells += 1
            child._collect(parts, for_sight, lines)
        parts.append(gap)

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


def parse(page: Source) -> Node:
    """The page as a tree of `Node`s (a response, or its HTML)."""
    if isinstance(page, Page):
        return page.root
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


class Page:
    """A page read once, as a person reads it (see the module's docstring)."""

    def __init__(self, page: Source, *, for_sight: bool = False) -> None:
        self.root = parse(page)
        self.main = self.root.first("main") or self.root
        self.for_sight = for_sight

    @cached_property
    def text(self) -> str:
        """The words of <main> (or of the whole page if it has none), spaces collapsed."""
        return self.main.text(for_sight=self.for_sight)

    @cached_property
    def whole(self) -> str:
        """The words of the whole page, header and footer too."""
        return self.root.text(for_sight=self.for_sight)

    @cached_property
    def lines(self) -> list[str]:
        return self.main.lines(for_sight=self.for_sight)

    @cached_property
    def tables(self) -> list[list[list[str]]]:
        """Every table in <main>, in order: its rows (header rows too), each cell's text."""
        return [rows_of(t, for_sight=self.for_sight) for t in self.main.find_all("table")]

    @cached_property
    def links(self) -> list[tuple[str, str]]:
        return [(a.text(), a.attrs.get("href", "")) for a in self.main.find_all("a")]

    def section(self, heading: str, until: str | None = None) -> list[str]:
        """The lines after the first line that starts with `heading`, up to the next line
        that starts with `until` (or to the end)."""
        starts = [n for n, line in enumerate(self.lines) if line.startswith(heading)]
        assert starts, f"No heading “{heading}” on the page:\n" + "\n".join(self.lines)
        found = []
        for line in self.lines[starts[0] + 1 :]:
            if until is not None and line.startswith(until):
                break
            found.append(line)
        return found

    def table(self, name: str) -> list[list[str]]:
        """The rows of the table `find_table` finds by this name."""
        return rows_of(find_table(self, name), for_sight=self.for_sight)

    def table_headed(self, *head: str) -> list[list[str]]:
        """The rows under the heading row of the table whose column headings are exactly
        `head`."""
        for rows in self.tables:
            if rows and rows[0] == list(head):
                return rows[1:]
        raise AssertionError(f"No table headed {head}: {[t[:1] for t in self.tables]}")

    def row(self, table: int | str, first_cell: str) -> list[str]:
        """The cells after the first in the row whose first cell ends with `first_cell`
        (so a symbol before its words does not matter), in the table with this index in
        `tables`, or with this name."""
        rows = self.tables[table] if isinstance(table, int) else self.table(table)
        for cells in rows:
            if cells and cells[0].endswith(first_cell):
                return cells[1:]
        raise AssertionError(f"No row {first_cell!r} in table {table!r}: {rows}")

    def svg_widths(self, css_class: str) -> list[list[float]]:
        """For each <svg> in <main> with this class, the widths of its rects."""
        return [
            [float(rect.attrs.get("width") or 0) for rect in svg.find_all("rect")]
            for svg in self.main.find_all("svg")
            if css_class in svg.attrs.get("class", "").split()
        ]

    def problems(self) -> list[str]:
        """See `problems`."""
        found = problems_in_text(self.root.text())
        for table in self.main.find_all("table"):
            rows = [_cells(row) for row in table.find_all("tr")]
            # The figures: each row's data cells, after the first cell that names the row.
            figures = [c.text() for row in rows for c in row[len(row) > 1 :] if c.tag == "td"]
            if not figures or all(cell in EMPTY_CELL for cell in figures):
                words = [c.text() for row in rows for c in row]
                name = (table.first("caption") or table).text()[:60] or " | ".join(words[:3])
                found.append(f"a table with nothing in it: {name}")
        return found


Source = _Response | str | bytes | Page


def page_text(page: Source, *, for_sight: bool = False) -> str:
    """The text of the page's <main> (or the whole page if it has none) as a person reads
    it, whitespace collapsed to single spaces."""
    return Page(page, for_sight=for_sight).text


def find_table(page: Source, name: str) -> Node:
    """The table with this id, or whose caption or aria-label (its own, or that of the
    scrolling region around it) contains `name`. Fails the test if there is none."""
    root = parse(page)
    hit = root.by_id(name)
    if hit is not None:
        table = hit if hit.tag == "table" else hit.first("table")
        if table is not None:
            return table
    for holder in root.find_all("div"):
        if name in holder.attrs.get("aria-label", "") and (table := holder.first("table")):
            return table
    for table in root.find_all("table"):
        caption = table.first("caption")
        if name in table.attrs.get("aria-label", "") or (caption and name in caption.text()):
            return table
    raise AssertionError(f"No table called {name!r} on the page")


def rows_of(table: Node, *, for_sight: bool = False) -> list[list[str]]:
    rows = table.find_all("tr")
    return [[cell.text(for_sight=for_sight) for cell in _cells(row)] for row in rows]


def _cells(row: Node) -> list[Node]:
    return [c for c in row.children if isinstance(c, Node) and c.tag in CELLS]


def table_rows(page: Source, name: str, *, for_sight: bool = False) -> list[list[str]]:
    """Every row of the named table (header row included), each a list of cell texts."""
    return rows_of(find_table(page, name), for_sight=for_sight)


def problems_in_text(text: str) -> list[str]:
    """What in this text a person should never read (`LEFTOVERS`): Python's None or nan,
    template code left unrendered, an empty list printed as [], a JavaScript null."""
    found = []
    for hit in LEFTOVERS.finditer(text):
        around = " ".join(text[max(0, hit.start() - 40) : hit.end() + 40].split())
        found.append(f"shows {hit.group()!r} to the reader: “…{around}…”")
    return found


def problems(page: Source) -> list[str]:
    """Everything wrong-looking on a page: `problems_in_text` of the whole page, and any
    table in <main> with no figures, or whose figures (its data cells, after the first
    cell of each row, which names the row) are all `EMPTY_CELL`."""
    return (page if isinstance(page, Page) else Page(page)).problems()


def assert_reads_well(page: Source) -> None:
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
