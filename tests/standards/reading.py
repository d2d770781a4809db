"""Reading a page as a person does: its words with the tags taken away, and its tables
row by row, so tests can check the figures people see and the words beside them."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Words that mean a figure went missing on its way to the page, or a template was left
# half done.
BROKEN = re.compile(r"\bNone\b|\bnan\b|\bNaN\b|\{\{|\}\}|\{%|%\}")


def squash(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Read:
    text: str  # the words of <main>, spaces collapsed
    whole: str  # the words of the whole page, spaces collapsed
    tables: list[list[list[str]]] = field(default_factory=list)  # table > row > cell
    svgs: list[dict[str, object]] = field(default_factory=list)  # class, rect widths
    links: list[tuple[str, str]] = field(default_factory=list)  # (words, address) in <main>

    def row(self, table: int, first_cell: str) -> list[str]:
        """The cells of the row that starts with `first_cell` (its words, without any
        symbol before them)."""
        for cells in self.tables[table]:
            if cells and cells[0].endswith(first_cell):
                return cells[1:]
        raise AssertionError(f"No row {first_cell!r} in table {table}: {self.tables[table]}")


class _Reader(HTMLParser):
    SKIP = {"script", "style", "title", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.main: list[str] = []
        self.whole: list[str] = []
        self.skipping = 0
        self.in_main = 0
        self.in_svg = 0
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None
        self.open_tables = 0
        self.svgs: list[dict[str, object]] = []
        self.links: list[tuple[str, str]] = []
        self.link: list[str] | None = None
        self.href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in self.SKIP:
            self.skipping += 1
        if tag == "main":
            self.in_main += 1
        if tag == "svg":
            self.in_svg += 1
            self.svgs.append({"class": a.get("class") or "", "widths": []})
        if tag == "rect" and self.in_svg:
            widths = self.svgs[-1]["widths"]
            assert isinstance(widths, list)
            widths.append(float(a.get("width") or 0))
        if tag == "a" and self.in_main:
            self.link, self.href = [], a.get("href") or ""
        if tag == "table":
            self.open_tables += 1
            self.tables.append([])
        if tag == "tr" and self.open_tables:
            self.tables[-1].append([])
        if tag in ("td", "th") and self.open_tables:
            self.cell = []
        if tag in ("br", "p", "li", "div", "tr", "h1", "h2", "h3", "dt", "dd"):
            self._add(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping -= 1
        if tag == "main":
            self.in_main -= 1
        if tag == "svg":
            self.in_svg -= 1
        if tag == "a" and self.link is not None:
            self.links.append((squash("".join(self.link)), self.href))
            self.link = None
        if tag == "table":
            self.open_tables -= 1
        if tag in ("td", "th") and self.cell is not None and self.tables[-1]:
            self.tables[-1][-1].append(squash("".join(self.cell)))
            self.cell = None
        if tag in ("p", "li", "div", "td", "th", "h1", "h2", "h3", "dt", "dd"):
            self._add(" ")

    def handle_data(self, data: str) -> None:
        if self.skipping or self.in_svg:
            return
        self._add(data)
        if self.cell is not None:
            self.cell.append(data)
        if self.link is not None:
            self.link.append(data)

    def _add(self, text: str) -> None:
        self.whole.append(text)
        if self.in_main:
            self.main.append(text)


def read(html: str | bytes) -> Read:
    if isinstance(html, bytes):
        html = html.decode()
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return Read(
        squash("".join(reader.main)),
        squash("".join(reader.whole)),
        reader.tables,
        reader.svgs,
        reader.links,
    )


def pdf_text(body: bytes) -> str:
    """The words of a PDF, spaces collapsed."""
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=body, capture_output=True, check=True
    ).stdout.decode()
    return squash(out)


def broken_words(text: str) -> list[str]:
    return BROKEN.findall(text)
