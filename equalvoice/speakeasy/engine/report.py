"""What a check returns: findings and per-text figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = (
    "exclusionary",
    "explain",
    "jargon",
    "nominalisation",
    "acronym",
    "uncommon",
    "passive",
    "many_ideas",
    "long_sentence",
)


@dataclass(frozen=True)
class Finding:
    """One thing to look at again. ``text == checked_text[start:end]`` always."""

    kind: str
    start: int
    end: int
    text: str
    message: str
    suggestions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "suggestions": list(self.suggestions),
        }


@dataclass
class Report:
    """The result of ``check``: findings in text order and readability figures.

    ``flesch`` is Flesch reading ease (higher is easier; 60 to 70 is plain English),
    ``fk_grade`` the Flesch–Kincaid grade and ``ari`` the Automated Readability Index
    (both roughly a US school grade). They are ``None`` for a text with no words.
    """

    findings: list[Finding]
    sentences: int
    words: int
    syllables: int
    letters: int
    level: str = "plain"
    # The product's own words ("co-production", "easy read") where they stand, as
    # (start, end, explanation): never a warning, but the glossary and the easy-read
    # view explain them. Not part of ``to_dict``.
    notes: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def mean_sentence_length(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def flesch(self) -> float | None:
        if not self.words or not self.sentences:
            return None
        return (
            206.835 - 1.015 * (self.words / self.sentences) - 84.6 * (self.syllables / self.words)
        )

    @property
    def fk_grade(self) -> float | None:
        if not self.words or not self.sentences:
            return None
        return 0.39 * (self.words / self.sentences) + 11.8 * (self.syllables / self.words) - 15.59

    @property
    def ari(self) -> float | None:
        if not self.words or not self.sentences:
            return None
        return 4.71 * (self.letters / self.words) + 0.5 * (self.words / self.sentences) - 21.43

    @property
    def scores(self) -> dict[str, float | None]:
        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 2)

        return {"flesch": r(self.flesch), "fk_grade": r(self.fk_grade), "ari": r(self.ari)}

    def kinds(self) -> set[str]:
        return {f.kind for f in self.findings}

    def to_dict(self, path: str | None = None) -> dict[str, Any]:
        """The stable JSON shape documented in docs/speakeasy.md."""
        return {
            "path": path,
            "sentences": self.sentences,
            "words": self.words,
            "scores": self.scores,
            "findings": [f.to_dict() for f in self.findings],
        }
