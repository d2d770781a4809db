"""Reading a page as a person does: the visible text of <main>, one block a line, and
its tables as rows of cell text. Standard library only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

BLOCKS = {
    "p", "li", "h1", "h2", "h3", "h4", "div", "tr", "caption", "ul", "ol", "table",
    "section", "form", "fieldset", "legend", "br", "main", "title", "svg", "text",
}  # fmt: skip
HIDDEN = {"script", "style", "template"}


@dataclass
class Table:
    caption: str = ""
    head: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth_main = 0
        self.hidden = 0
        self.lines: list[str] = [""]
        self.tables: list[Table] = []
        self.cell: list[str] | None = None
        self.row: list[str] | None = None
        self.in_head = False
        self.in_caption = False

    def _break(self) -> None:
        if self.lines[-1].strip():
            self.lines.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.depth_main += 1
        if tag in HIDDEN:
            self.hidden += 1
        if not self.depth_main or self.hidden:
            return
        if tag in BLOCKS:
            self._break()
        if tag == "table":
            self.tables.append(Table())
        elif tag == "thead":
            self.in_head = True
        elif tag == "caption":
            self.in_caption = True
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            if self.row:
                self.lines[-1] += " | "
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self.hidden -= 1
        if not self.depth_main or self.hidden:
            if tag == "main":
                self.depth_main -= 1
            return
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None and self.tables:
            if self.in_head:
                self.tables[-1].head = self.row
            else:
                self.tables[-1].rows.append(self.row)
            self.row = None
        elif tag == "thead":
            self.in_head = False
        elif tag == "caption":
            self.in_caption = False
        if tag in BLOCKS:
            self._break()
        if tag == "main":
            self.depth_main -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth_main or self.hidden:
            return
        self.lines[-1] += data
        if self.cell is not None:
            self.cell.append(data)
        if self.in_caption and self.tables:
            self.tables[-1].caption = " ".join((self.tables[-1].caption + data).split())


@dataclass
class Reading:
    lines: list[str]
    tables: list[Table]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def section(self, heading: str, until: str | None = None) -> list[str]:
        """The lines after the line that starts with `heading`, up to the line that
        starts with `until` (or the end)."""
        starts = [i for i, line in enumerate(self.lines) if line.startswith(heading)]
        assert starts, f"No heading “{heading}” on the page:\n{self.text}"
        out = []
        for line in self.lines[starts[0] + 1 :]:
            if until is not None and line.startswith(until):
                break
            out.append(line)
        return out

    def table_headed(self, *head: str) -> Table:
        """The table whose column headings are exactly `head`."""
        found = [t for t in self.tables if tuple(t.head) == head]
        assert found, f"No table headed {head}: {[t.head for t in self.tables]}"
        return found[0]

    def table(self, caption: str) -> Table:
        found = [t for t in self.tables if t.caption.startswith(caption)]
        assert found, f"No table “{caption}”: {[t.caption for t in self.tables]}"
        return found[0]


def read(html: str) -> Reading:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    lines = [" ".join(line.split()) for line in reader.lines]
    return Reading([line for line in lines if line], reader.tables)


def no_loose_ends(reading: Reading) -> list[str]:
    """What a person should never read: Python's None, nan, template tags left over,
    and a table whose figures are all dashes."""
    problems = []
    for word in ("None", "nan", "{{", "{%", "NaN"):
        if re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", reading.text):
            problems.append(f"“{word}” on the page")
    for table in reading.tables:
        figures = [cell for row in table.rows for cell in row[1:]]
        if figures and all(cell in {"–", "-", ""} for cell in figures):
            problems.append(f"every figure in “{table.caption}” is a dash")
    return problems
