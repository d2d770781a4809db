"""Speakeasy: a plain-language and easy-read checker.

The checking engine is pure Python and imports no Django, so this package can be
used from the command line, a worker or a test without setting Django up. The Django
side (models, views, widget) lives in other modules of this package.
"""

from equalvoice.speakeasy.engine import (
    Finding,
    Report,
    WordEntry,
    check,
    sentence_difficulty,
    word_complexity,
)

__all__ = [
    "Finding",
    "Report",
    "WordEntry",
    "check",
    "sentence_difficulty",
    "word_complexity",
]
