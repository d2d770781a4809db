"""Uncommon words: those the word model (``complexity.word_model``) finds hard in their
sentence, at or above the level's threshold (``thresholds`` in the model's JSON).

The levels differ in which words are scored at all, besides the threshold:

- plain (jargon and officialese): words rarer than ``UNCOMMON_MAX_ZIPF``, of four
  letters or more; names (a capital letter after the first word of the sentence)
  and the everyday names of common illnesses and pharmacy medicines ("chickenpox",
  "paracetamol": ``everyday-health.txt``) are left out;
- easy read (every word a person with a learning disability may not know): words
  rarer than ``EASY_READ_MAX_ZIPF``, of two letters or more; names too, at their
  first use in the text, with their own message (say who or what it is).

At both levels short forms in capitals ("NHS": the acronym check's), words with
digits or a capital letter inside ("iPhone"), words the lists cover and words that
readers rated simple in the Word Complexity Lexicon (``EVERYDAY_WCL``: "bin", "flu")
are left out.
"""

from __future__ import annotations

import operator
from functools import reduce

from .. import complexity, lexicon
from .base import Check, Job
from .stretch import AT_RARE, Stretch, where

# Words at least this common (Zipf) are never called uncommon at plain level...
UNCOMMON_MAX_ZIPF = 4.5
# ... and at easy read.
EASY_READ_MAX_ZIPF = 4.7
# The fewest letters of a word that is scored, at each level. Easy read scores words
# of two letters too ("ye", "Og", "kb"): out of fold on CompLex less its held-aside
# fold, its macro-F1 went from 0.759 to 0.762 with them.
UNCOMMON_MIN_LETTERS = {"plain": 4, "easy_read": 2}
# Pieces of a contraction written without its apostrophe ("Im", "we ve", "you ll")
# and short titles ("Ms", "Dr", "St"): never scored as words of their own.
CONTRACTION_PIECES = frozenset(
    [
        "im",
        "ive",
        "ve",
        "ll",
        "re",
        "nt",
        "em",
        "id",
        "ya",
        "mr",
        "ms",
        "mx",
        "dr",
        "st",
        "jr",
        "sr",
    ]
)
# Words rated this simple or simpler in the Word Complexity Lexicon (1 very simple to
# 6 very complex) are everyday words, whatever their frequency in wordfreq, which
# undercounts some British ones ("bin").
EVERYDAY_WCL = 2.0
_ZIPF = operator.attrgetter("zipf")

MESSAGE = (
    "This is not an everyday word. Use a more common word if you can, or explain what it means."
)
NAME_MESSAGE = "This name may be new to your reader. Say who or what it is."


def may_be_uncommon(word: str, key: str, zipf: float) -> bool:
    """Whether ``word`` (look-up key ``key``, Zipf frequency ``zipf``) may be scored
    at some level: rarer than ``EASY_READ_MAX_ZIPF``, two letters or more (not a piece
    of a contraction such as "ve"), only letters (and hyphens or apostrophes), not in
    capitals, no capital letter inside, not in a bundled list, not an everyday British
    word ("carer", "leaflet": ``everyday-british.txt``) and not rated simple in the
    Word Complexity Lexicon. The check then keeps the words of its level."""
    if not (
        zipf < EASY_READ_MAX_ZIPF
        and len(key) >= 2
        and key not in CONTRACTION_PIECES
        and (word.isalpha() or all(ch.isalpha() or ch in "-'’" for ch in word))
        and not word.isupper()
        and not any(ch.isupper() for ch in word[1:])
        and key not in lexicon.listed_words()
        and not lexicon.is_everyday_british(key)
    ):
        return False
    rating = complexity.wcl_rating(key)
    return rating is None or rating > EVERYDAY_WCL


# Plain: the threshold for a word in a sentence where a list gave a finding. Chosen
# on the dev set's sentences with marked words, by the word model alone: from 0.64
# down to 0.30, about three in four of the words it adds are marked, so 0.35 (0.45
# before) adds marked words at the same precision, at little cost on everyday prose.
AMONG_OFFICIALESE_THRESHOLD = 0.35


class Uncommon(Check):
    """Flag the words that the word model finds hard in their sentence."""

    kinds = ("uncommon",)
    __slots__ = (
        "easy_read",
        "max_zipf",
        "min_letters",
        "names_seen",
        "uncommon_threshold",
        "word_model",
    )

    def __init__(self, job: Job) -> None:
        self.job = job
        thresholds = complexity.model()["thresholds"]
        self.uncommon_threshold = float(thresholds[job.level])
        self.word_model = complexity.word_model()
        self.easy_read = job.level == "easy_read"
        self.max_zipf = EASY_READ_MAX_ZIPF if self.easy_read else UNCOMMON_MAX_ZIPF
        self.min_letters = UNCOMMON_MIN_LETTERS[job.level]
        self.names_seen: set[str] = set()  # names scored so far, in any stretch

    def find(self, stretch: Stretch) -> None:
        """Flag the words that the word model finds hard in their sentence, leaving
        out words in a list match and those too common or too short for the level.
        A word with a capital letter after the first word of its sentence (a hint of
        a name) is left out at plain level, and scored as a name at easy read."""
        words, infos, sents, covered = stretch.words, stretch.infos, stretch.sents, stretch.covered
        firsts, of_word, texts = sents.firsts, sents.of_word, words.texts
        max_zipf, min_letters, easy = self.max_zipf, self.min_letters, self.easy_read
        # Words with a capital letter after the first word of their sentence are
        # names (left out at plain level).
        cand = [
            k
            for k in where(stretch.flags, AT_RARE)
            if not covered[k]
            and (info := infos[k]).zipf < max_zipf
            and len(info.key) >= min_letters
            and (easy or not info.capital or k == firsts[of_word[k]])
            and (easy or not lexicon.is_everyday_health(info.key))
        ]
        names: list[int] = []
        if easy:
            names = [k for k in cand if infos[k].capital and k != firsts[of_word[k]]]
            if names:
                cand = [k for k in cand if not infos[k].capital or k == firsts[of_word[k]]]
                names = self._first_names(names, stretch)
        if not cand and not names:
            return
        # The mean Zipf of each sentence with a word to score (its words' Zipf added
        # from left to right).
        in_sentences = [list(map(of_word.__getitem__, group)) for group in (cand, names)]
        stops, lengths = sents.stops, sents.lengths
        sent_zipfs = {
            si: reduce(operator.add, map(_ZIPF, infos[firsts[si] : stops[si]]), 0.0) / lengths[si]
            for si in set(in_sentences[0]).union(in_sentences[1])
        }
        threshold = self.uncommon_threshold
        add = self.job.add
        # Plain: among officialese (a sentence where a list gave a finding, not only
        # the product's own words), a rarer word is likely officialese too, so a
        # lower threshold is used there.
        among = stretch.officialese
        low = AMONG_OFFICIALESE_THRESHOLD if not easy else threshold
        for group, in_sentence, inside, message in (
            (cand, in_sentences[0], False, MESSAGE),
            (names, in_sentences[1], True, NAME_MESSAGE),
        ):
            if not group:
                continue
            scores = self.word_model.scores_in_sentences(
                map(texts.__getitem__, group),
                map(sent_zipfs.__getitem__, in_sentence),
                map(lengths.__getitem__, in_sentence),
                inside,
            )
            for k, score, si in zip(group, scores, in_sentence, strict=True):
                if score >= threshold or (score >= low and si in among):
                    add("uncommon", words.starts[k], words.ends[k], message)

    def _first_names(self, names: list[int], stretch: Stretch) -> list[int]:
        """The first use in the text of each name."""
        infos, seen, first = stretch.infos, self.names_seen, []
        for k in names:
            key = infos[k].key
            if key not in seen:
                seen.add(key)
                first.append(k)
        return first
