"""The word lists: jargon, terms to explain, exclusionary language and nominalisations
from the bundled lists (``lexicon``), and an organisation's own words. This check
runs first: it marks the words it covers (``Stretch.covered``), which later checks
leave alone (at plain level, everyday names such as "hay fever" too, which give no
finding), notes the "explain" matches (``Stretch.explains``), which explain a
short form from then on, and the sentences where a list gave a finding
(``Stretch.officialese``). Each finding offers only the suggestions that pass the
check at the job's level, put in the form of the words matched
(``suggestions.offer``).
"""

from __future__ import annotations

from itertools import compress, count, groupby

from .. import lexicon
from ..suggestions import SAME, form_of, offer
from .acronyms import looks_like_acronym
from .base import Check
from .stretch import AT_ACRO, AT_LEAD, AT_SECOND, AT_SINGLE, Stretch, only


def may_start(flags: bytes) -> bytes:
    """1 for each word that starts a one-word rule, or starts a longer rule and comes
    before a word that may be the second word of one; 0 for the others."""
    single = int.from_bytes(flags.translate(only(AT_SINGLE)), "little")
    first = int.from_bytes(flags.translate(only(AT_LEAD)), "little")
    # One byte a word, the first word lowest: shifting by a byte puts each word's
    # flag in the place of the word before.
    second_next = int.from_bytes(flags.translate(only(AT_SECOND)), "little") >> 8
    return (single | (first & second_next)).to_bytes(len(flags), "little")


class ListMatches(Check):
    """Match the word lists, sentence by sentence."""

    kinds = ("exclusionary", "explain", "jargon", "nominalisation")
    __slots__ = ()

    def find(self, stretch: Stretch) -> None:
        """Match the word lists, sentence by sentence, marking the words they cover
        and noting the words of each "explain" match with its sentence, in order."""
        words, infos, sents, covered = stretch.words, stretch.infos, stretch.sents, stretch.covered
        job = self.job
        indexes = job.indexes
        keys = words.keys
        if len(indexes) == 1:
            # Words that start a one-word rule, or a longer one whose second word
            # may come next (lexicon.match checks the rest).
            is_last = sents.is_last
            starters = [
                k
                for k in compress(count(), may_start(stretch.flags))
                if (lead := infos[k].lead)
                and (lead[0] or (not is_last[k] and not lead[1].isdisjoint(infos[k + 1].forms)))
            ]
        else:
            starters = [k for k, key in enumerate(keys) if any(ix.may_start(key) for ix in indexes)]
        explains, add, text, vet, level = stretch.explains, job.add, job.text, job.vet, job.level
        officialese = stretch.officialese
        flags, texts, common = stretch.flags, words.texts, lexicon.common_acronyms()
        of_word = sents.of_word
        matched = lexicon.match_sentences(text, words, indexes, starters, of_word, sents.stops)
        plain = level == "plain"
        for si, group in groupby(matched, lambda m: of_word[m[0]]):
            found = list(group)
            lo, stop = sents.firsts[si], sents.stops[si]
            # Words that are management speak only among other officialese, and at
            # plain level common formal words ("provide", "currently"), wait for
            # another match in the sentence.
            among = any(m[2].among or (plain and m[2].common) for m in found) and (
                any(
                    not m[2].among
                    and not (plain and m[2].common)
                    and m[2].kind not in ("note", "everyday")
                    and m[2].sense is None
                    for m in found
                )
                or any(
                    flags[k] & AT_ACRO and looks_like_acronym(texts[k]) and texts[k] not in common
                    for k in range(lo, stop)
                )
            )
            for i, j, rule in found:
                if (rule.among or (plain and rule.common)) and not among:
                    continue  # everyday English here: other checks may look at it
                start, end = words.starts[i], words.ends[j - 1]
                if rule.kind == "everyday":
                    # An everyday name ("hay fever"): nothing to say. At easy read the
                    # uncommon-word check may still judge its words ("glandular").
                    if level == "plain":
                        covered[i:j] = b"\1" * (j - i)
                    continue
                covered[i:j] = b"\1" * (j - i)
                sense = rule.sense
                if sense is not None and not sense.is_care(keys[lo:stop]):
                    # Not the care term here: officialese (its jargon rule), or plain
                    # English (nothing to say).
                    if sense.off is None:
                        continue
                    rule = sense.off
                if rule.kind == "note":
                    job.notes.append((start, end, rule.message))
                    continue
                officialese.add(si)
                if not vet or not rule.suggestions:
                    add(rule.kind, start, end, rule.message, rule.suggestions)
                else:
                    how = SAME
                    if keys[i] != rule.words[0] or keys[j - 1] != rule.words[-1]:
                        before = keys[i - 1] if i > lo else ""
                        after = keys[j] if j < stop else ""
                        how = form_of(rule, keys, i, j, before, after)
                    suggestions, message = rule.offers.get((level, how)) or offer(rule, level, how)
                    add(rule.kind, start, end, message, suggestions)
                if rule.kind == "explain":
                    explains.append((si, words.texts[i:j]))
