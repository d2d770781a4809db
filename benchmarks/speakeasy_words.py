"""Does Speakeasy warn about the words readers find hard? CompLex's held-aside fold.

    .venv/bin/python benchmarks/speakeasy_words.py [COMPLEX_TSV]

COMPLEX_TSV defaults to ../shared/data/plain-language/complex-lcp2021-single-train.tsv
(CompLex, LCP 2021 single words: a word in a sentence from the Bible, Europarl or
biomedical papers, rated by about 7 readers from 0 "very easy" to 1 "very difficult").
Only its held-aside fold is read (``train.held_aside``: a fifth of the rows, by a
seeded hash of the row id), which the shipped model and its thresholds never saw.

A word is **hard** when its mean rating is above 0.25 ("easy"). For each row we run
the real ``check(sentence, level)`` and call the word hard when a word-level finding
(jargon, explain, exclusionary, nominalisation, acronym or uncommon) covers it. We
print the macro-F1 (the mean of the F1 of the hard words and of the easy ones) of
those warnings at easy read and at plain level (plain also with the words rated 0.5,
"neutral", or harder as the hard ones: what plain is for). At easy read we also print
the figure with a list finding of several words ("in addition", "make a decision")
counted only for its own hard words, those the word model scores at or above the
easy-read threshold: such a finding is about the phrase, and does not say that
"addition" is a hard word. Beside them: one cut-off on word
frequency (wordfreq Zipf below 4.7), and the Pearson correlation of
``word_complexity`` with the ratings. The same figures for the held rows whose word
is nowhere in the rest (words the model has never seen) follow. No timing: this is
about what is found.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from equalvoice.speakeasy import check, word_complexity  # noqa: E402
from equalvoice.speakeasy.engine import complexity, train  # noqa: E402
from equalvoice.speakeasy.engine.text import make_key, tokens  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "plain-language"
HARD_ABOVE = 0.25  # "easy" on CompLex's scale
PLAIN_HARD = train.PLAIN_HARD  # "neutral"
ZIPF_CUT = 4.7
WORD_KINDS = frozenset(
    ["jargon", "explain", "exclusionary", "nominalisation", "acronym", "uncommon"]
)
# The kinds of finding that come from the word lists (and the nominalisation check).
LIST_KINDS = frozenset(["jargon", "explain", "exclusionary", "nominalisation"])
_POSSESSIVE = ("'s", "’s", "'", "’")


def locate(sentence: str, token: str) -> tuple[int, int] | None:
    """Where the first use of ``token`` is in ``sentence`` (also as "token's")."""
    key = make_key(token)
    for t in tokens(sentence):
        if t.key == key or (t.key.startswith(key) and t.key[len(key) :] in _POSSESSIVE):
            return t.start, t.end
    return None


def warned(sentence: str, span: tuple[int, int], level: str, by_own_words: bool = False) -> bool:
    """Whether ``check`` gives a word-level finding that covers ``span``.

    With ``by_own_words``, a list finding of several words ("in addition", "make a
    decision") counts only for its own hard words: those the word model scores at
    or above the level's threshold in the sentence. Such a finding is about the
    phrase, not about each of its words ("addition" is an everyday word)."""
    start, end = span
    for f in check(sentence, level).findings:
        if f.kind not in WORD_KINDS or f.start > start or f.end < end:
            continue
        if by_own_words and f.kind in LIST_KINDS and f.end - f.start > end - start:
            threshold = float(complexity.model()["thresholds"][level])
            if word_complexity(sentence[start:end], sentence) < threshold:
                continue
        return True
    return False


def figures(rows: list[train.ComplexRow]) -> list[tuple[str, float]]:
    """``(what, figure)`` for the rows (each located in its sentence)."""
    labels = [r.complexity > HARD_ABOVE for r in rows]
    spans = [locate(r.sentence, r.token) for r in rows]
    out = []
    for level, name in (("easy_read", "easy read"), ("plain", "plain")):
        predicted = [
            s is not None and warned(r.sentence, s, level) for r, s in zip(rows, spans, strict=True)
        ]
        out.append((f"warnings at {name}, macro-F1", train.macro_f1(predicted, labels)))
        if level == "easy_read":
            own = [
                s is not None and warned(r.sentence, s, level, by_own_words=True)
                for r, s in zip(rows, spans, strict=True)
            ]
            out.append(("  phrases by their hard words", train.macro_f1(own, labels)))
    # Plain warns about jargon and officialese: the words rated "neutral" or harder.
    plain_labels = [r.complexity >= PLAIN_HARD for r in rows]
    out.append((f"  plain, hard from {PLAIN_HARD}", train.macro_f1(predicted, plain_labels)))
    zipfs = [complexity.zipf(make_key(r.token)) for r in rows]
    by_zipf = [z < ZIPF_CUT for z in zipfs]
    out.append((f"Zipf below {ZIPF_CUT}, macro-F1", train.macro_f1(by_zipf, labels)))
    xs, ys = train.complex_matrix([(r.sentence, r.token, r.complexity) for r in rows])
    model = complexity.word_model()
    out.append(("word_complexity, Pearson", train.pearson([model.scaled(x) for x in xs], ys)))
    out.append(("wordfreq Zipf (negated), Pearson", train.pearson([-z for z in zipfs], ys)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("complex", nargs="?", default=DATA / "complex-lcp2021-single-train.tsv")
    args = parser.parse_args()
    held = train.load_complex_rows(args.complex, "held")
    located = [r for r in held if locate(r.sentence, r.token)]
    seen = {make_key(r.token) for r in train.load_complex_rows(args.complex, "rest")}
    unseen = [r for r in located if make_key(r.token) not in seen]
    hard = sum(r.complexity > HARD_ABOVE for r in located)
    print(f"CompLex: {args.complex}")
    print(
        f"held-aside fold: {len(held)} rows, {len(located)} with the word found in its "
        f"sentence; hard (mean rating above {HARD_ABOVE}): {hard} ({hard / len(located):.0%})"
    )
    print(f"{'':34} {'held fold':>10} {'unseen words':>13}")
    print(f"{'rows':34} {len(located):>10} {len(unseen):>13}")
    for (what, value), (_, other) in zip(figures(located), figures(unseen), strict=True):
        print(f"{what:34} {value:>10.3f} {other:>13.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
