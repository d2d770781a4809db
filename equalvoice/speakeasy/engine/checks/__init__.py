"""The checks ``check()`` runs, each in its own module, and the order they run in.

Each check is a ``base.Check``: made once per call of ``check()`` (at the levels it
names), then given each stretch of whole sentences (``stretch.Stretch``) in text
order; it records findings with ``job.add``. To add a kind of warning:

1. add its kind to ``report.KINDS`` (the order there says which kind wins when two
   findings cover exactly the same span), and a label for it where the platform shows
   kinds (``LABELS`` in ``speakeasy/widget.py``);
2. write a module here with a ``Check`` subclass (``kinds``, maybe ``levels``, and
   ``find``) and tests of it alone in ``tests/speakeasy/test_checks.py``;
3. list it in ``CHECKS`` below.

A check that looks only at some words can use the flags of ``stretch.Word`` (found
once per word in ``words.describe``); all eight bits of the flag byte are taken, so a
new per-word fact goes in ``Word`` as a field of its own.
"""

from __future__ import annotations

from .acronyms import Acronyms
from .base import Check, Job, Level
from .compounds import Compounds
from .gapped_idioms import GappedIdioms
from .list_matches import ListMatches
from .long_sentences import LongSentences
from .many_ideas import ManyIdeas
from .nominalisations import Nominalisations
from .noun_stacks import NounStacks
from .passive import Passive
from .stretch import Stretch
from .uncommon import Uncommon

# The checks in the order they run. The list matches come first: the acronym,
# uncommon-word and nominalisation checks read what they cover.
CHECKS: tuple[type[Check], ...] = (
    ListMatches,
    GappedIdioms,
    Compounds,
    NounStacks,
    Acronyms,
    Uncommon,
    Passive,
    Nominalisations,
    LongSentences,
    ManyIdeas,
)

__all__ = ["CHECKS", "Check", "Job", "Level", "Stretch"]
