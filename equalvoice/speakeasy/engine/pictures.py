"""Choosing a picture for an easy-read sentence. Pure: no Django.

The pictures and their keywords are a list people can change together
(`data/pictures.tsv`), most specific first. A sentence's picture is the **first picture
on the list with a keyword in the sentence**: so the list's order is the rule, and
anyone can see why a picture was chosen ("doctor" is above "people", so "Talk to your
doctor with other people" shows the doctor). Keywords match whole words, in any case,
and the usual endings of English words ("meetings", "voted", "paying", "carers").
A sentence with no keyword has no picture, rather than a wrong one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "pictures.tsv"
_WORD = re.compile(r"[a-z0-9&']+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Picture:
    code: str  # OpenMoji's hexcode, the file's name
    alt: str  # what it shows, its text alternative
    keywords: tuple[str, ...]


def read_pictures(text: str) -> tuple[Picture, ...]:
    """The list from its text: tab-separated code, what it shows, keywords (commas)."""
    found = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, alt, keywords = (part.strip() for part in line.split("\t"))
        words = tuple(k.strip().lower() for k in keywords.split(",") if k.strip())
        found.append(Picture(code=code, alt=alt, keywords=words))
    return tuple(found)


@lru_cache(maxsize=1)
def pictures() -> tuple[Picture, ...]:
    """The bundled list."""
    return read_pictures(DATA.read_text(encoding="utf-8"))


def _forms(word: str) -> set[str]:
    """The word and the base forms it may have come from ("meetings" -> "meeting",
    "voted" -> "vote", "paying" -> "pay", "carers" -> "carer", "ran" stays "ran")."""
    forms = {word}
    for ending, back in (
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
        ("'s", ""),
    ):
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            forms.add(word[: len(word) - len(ending)] + back)
    # A doubled last letter: "shopping" -> "shop", "planned" -> "plan".
    for form in list(forms):
        if len(form) > 3 and form[-1] == form[-2] and form[-1] not in "lsz":
            forms.add(form[:-1])
    return forms


def words_of(sentence: str) -> list[set[str]]:
    """Each word of the sentence (lower case) with its possible base forms."""
    return [_forms(w) for w in _WORD.findall(sentence.lower().replace("’", "'"))]


def _has(words: list[set[str]], keyword: str) -> bool:
    parts = keyword.split()
    for i in range(len(words) - len(parts) + 1):
        if all(part in words[i + j] for j, part in enumerate(parts)):
            return True
    return False


def choose(sentence: str, choices: tuple[Picture, ...] | None = None) -> Picture | None:
    """The sentence's picture: the first on the list with a keyword in it, or None."""
    words = words_of(sentence)
    for picture in pictures() if choices is None else choices:
        if any(_has(words, keyword) for keyword in picture.keywords):
            return picture
    return None


def by_code(code: str) -> Picture | None:
    return next((p for p in pictures() if p.code == code), None)
