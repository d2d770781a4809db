"""The Speakeasy engine: pure Python, no Django.

Public names: ``check``, ``Report``, ``Finding``, ``WordEntry``, ``word_complexity``,
``sentence_difficulty`` and ``sentence_spans``.
"""

from .check import check
from .complexity import sentence_difficulty, word_complexity
from .lexicon import WordEntry
from .report import KINDS, Finding, Report
from .text import sentence_spans

__all__ = [
    "KINDS",
    "Finding",
    "Report",
    "WordEntry",
    "check",
    "sentence_difficulty",
    "sentence_spans",
    "word_complexity",
]
