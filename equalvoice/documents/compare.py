"""Compare two versions of a document side by side, word by word.

This module is pure: the standard library only (difflib), no Django. A version is a list
of sections, each a mapping with a "heading" and a "text". Sections are matched by their
headings, in order; a section only in one version is shown whole as taken out or added."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SAME, REMOVED, ADDED = "same", "removed", "added"

# A word (letters, digits, apostrophes and hyphens inside it) or a run of punctuation,
# each with the spaces after it, so "gifts," is the word "gifts" and a comma.
_WORDS = re.compile(r"[\w'’-]+\s*|[^\w\s]+\s*|\s+")


@dataclass(frozen=True)
class Piece:
    """A run of words: kept in both (`same`), only on the left (`removed`) or only on
    the right (`added`)."""

    kind: str
    text: str


@dataclass(frozen=True)
class Row:
    """One section side by side. A heading that changed shows both."""

    left_heading: str
    right_heading: str
    left: tuple[Piece, ...]
    right: tuple[Piece, ...]

    @property
    def changed(self) -> bool:
        return self.left_heading != self.right_heading or any(
            p.kind != SAME for p in self.left + self.right
        )


def words(text: str) -> list[str]:
    """The words and punctuation of a text, each with the spaces after it, so joining
    them gives the text back unchanged."""
    return _WORDS.findall(text)


def _merge(pieces: list[Piece]) -> tuple[Piece, ...]:
    merged: list[Piece] = []
    for piece in pieces:
        if not piece.text:
            continue
        if merged and merged[-1].kind == piece.kind:
            merged[-1] = Piece(piece.kind, merged[-1].text + piece.text)
        else:
            merged.append(piece)
    return tuple(merged)


def compare_text(left: str, right: str) -> tuple[tuple[Piece, ...], tuple[Piece, ...]]:
    """Two texts word by word: the left with what was taken out marked, the right with
    what was added marked. A word that differs only in the spaces after it is the same."""
    a, b = words(left), words(right)
    matcher = difflib.SequenceMatcher(
        None, [w.strip() for w in a], [w.strip() for w in b], autojunk=False
    )
    lefts: list[Piece] = []
    rights: list[Piece] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            lefts.append(Piece(SAME, "".join(a[i1:i2])))
            rights.append(Piece(SAME, "".join(b[j1:j2])))
        else:
            lefts.append(Piece(REMOVED, "".join(a[i1:i2])))
            rights.append(Piece(ADDED, "".join(b[j1:j2])))
    return _merge(lefts), _merge(rights)


def compare(left: Sequence[Mapping[str, str]], right: Sequence[Mapping[str, str]]) -> list[Row]:
    """Every section of both versions, side by side, in order."""
    matcher = difflib.SequenceMatcher(
        None, [s["heading"] for s in left], [s["heading"] for s in right], autojunk=False
    )
    rows: list[Row] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            # Same headings, or headings changed one for one: compare the words.
            for a, b in zip(left[i1:i2], right[j1:j2], strict=True):
                pieces = compare_text(a["text"], b["text"])
                rows.append(Row(a["heading"], b["heading"], *pieces))
            continue
        for a in left[i1:i2]:
            rows.append(Row(a["heading"], "", (Piece(REMOVED, a["text"]),), ()))
        for b in right[j1:j2]:
            rows.append(Row("", b["heading"], (), (Piece(ADDED, b["text"]),)))
    return rows
