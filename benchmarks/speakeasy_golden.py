"""A golden dump of the Speakeasy check: every report for a large fixed corpus, so that a
change meant to keep the findings (a speed-up, a split into modules) can be shown to
keep them exactly.

    .venv/bin/python benchmarks/speakeasy_golden.py OUT.jsonl [--shared ../shared/data]
        [--ours DIR]

Run it on the code before the change, then after, and compare the two files
(``cmp before.jsonl after.jsonl``; the script also prints a SHA-256 of what it wrote).
Our docs, templates and word lists are read from ``--ours`` (by default this
checkout): when the change touches any of them, give both runs the same ``--ours``
(a checkout of the code before, say), so that both read the same corpus. To run the
code before, check it out elsewhere (``git worktree add --detach /tmp/before main``)
and run this script from there, or copy it there.
The corpus is built the same way every time (fixed seeds, files read in sorted order):

- ``../shared/data/plain-language/``: each file whole, each line, and blocks of 25
  lines;
- ``../shared/data/polis/``: each comment of each conversation (``comments.csv``) and
  of each Pol.is math output (``comments.json``), and each conversation's comments as
  one text;
- our ``docs/*.md`` and every template under ``equalvoice/``: each file whole, and
  each paragraph (split at blank lines);
- seeded random strings of Unicode (letters of many scripts, combining marks, emoji,
  zero-width characters, line breaks, brackets, bits of our word lists);
- seeded shuffled prose: words of the OneStopEnglish sentences mixed with terms from
  the bundled word lists, short forms and passives, in sentences of random length
  with random capitals and punctuation, from a few words to about 200,000 characters
  (several stretches of the check).

Texts are kept once each (the first source that gives them). Every text is checked at
both levels (``plain`` and ``easy_read``), without and with an organisation's own
word list (``EXTRA`` below), and each report is written as one line of JSON: every
field of every finding, the counts (sentences, words, syllables, letters) and the
three scores unrounded. Missing shared data is skipped, and the count of texts printed
says what was used.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from equalvoice.speakeasy.engine import Report, WordEntry, check  # noqa: E402

LEVELS = ("plain", "easy_read")
EXTRA = (
    WordEntry("hub", ("centre",)),
    WordEntry("Our Voice", explanation="Our Voice is our members' group.", mode="explain"),
    WordEntry("service user", ("person",)),  # also a bundled term
    WordEntry("OV", explanation="Our Voice.", mode="explain"),
    WordEntry("co-design", ("plan together",)),
    WordEntry("the panel", ("the group",)),
    WordEntry(
        "assessment", explanation="A meeting to find out what help you need.", mode="explain"
    ),
)
csv.field_size_limit(10_000_000)


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def shared_texts(shared: Path) -> Iterator[tuple[str, str]]:
    """``(source, text)`` for the shared plain-language and Pol.is data."""
    plain = shared / "plain-language"
    if plain.is_dir():
        for path in sorted(plain.iterdir()):
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8")
            yield f"plain-language/{path.name}", text
            lines = text.splitlines()
            for i, line in enumerate(lines):
                yield f"plain-language/{path.name}:{i + 1}", line
            for i in range(0, len(lines), 25):
                yield f"plain-language/{path.name}:{i + 1}+25", "\n".join(lines[i : i + 25])
    polis = shared / "polis"
    for path in sorted(polis.glob("conversations/*/comments.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            bodies = [row.get("comment-body") or "" for row in csv.DictReader(f)]
        name = path.parent.name
        for i, body in enumerate(bodies):
            yield f"polis/{name}:{i}", body
        yield f"polis/{name}", "\n".join(bodies)
    for path in sorted(polis.glob("polis-math-output/*/comments.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for i, item in enumerate(data if isinstance(data, list) else []):
            if isinstance(item, dict) and isinstance(item.get("txt"), str):
                yield f"polis-math/{path.parent.name}:{i}", item["txt"]


def our_texts(ours: Path) -> Iterator[tuple[str, str]]:
    """``(source, text)`` for our docs and templates (in the checkout ``ours``)."""
    paths = sorted((ours / "docs").glob("*.md")) + sorted(
        (ours / "equalvoice").rglob("templates/**/*.html")
    )
    for path in paths:
        name = str(path.relative_to(ours))
        text = path.read_text(encoding="utf-8")
        yield name, text
        for i, para in enumerate(_paragraphs(text)):
            yield f"{name}#{i}", para


_TOKENS = [
    "the disabled",
    "service user",
    "Service Users",
    "EHCP",
    "NHS",
    "GPs",
    "PALS (Patient Advice and Liaison Service)",
    "(PALS)",
    "means",
    "was sent",
    "is being carefully checked",
    "weren’t",
    "isn't",
    "make a decision",
    "the implementation of",
    "an assessment of",
    "and",
    "which",
    "then",
    ";",
    ".",
    "...",
    "!",
    "?",
    "\r\n",
    "\n\n",
    "\n- ",
    "\t",
    "é",
    "e\u0301",
    "\u200b",
    "\u200d",
    "\ufeff",
    "👍🏿",
    "👩🏽‍🦽",
    "שלום",
    "مرحبا",
    "日本語",
    "(",
    ")",
    "co-production",
    "co\u2011production",
    "perspicacious",
    "Dr.",
    "e.g.",
    "4 p.m.",
    "İ",
    "ß",
    "ǅ",
    "Ⅻ",
    "XIV",
    "hub",
    "Our Voice",
    "OV",
]
_RANGES = [
    (0x20, 0x7E),
    (0xA0, 0x24F),
    (0x300, 0x36F),
    (0x370, 0x3FF),
    (0x400, 0x4FF),
    (0x590, 0x6FF),
    (0x2000, 0x206F),
    (0x2100, 0x218F),
    (0x3040, 0x30FF),
    (0x4E00, 0x4E80),
    (0x1F300, 0x1F6FF),
    (0xFE00, 0xFE2F),
]


def random_unicode(rng: random.Random, n: int) -> Iterator[str]:
    """Seeded random strings: characters from many blocks and tokens that matter."""
    for _ in range(n):
        parts: list[str] = []
        for _ in range(rng.randint(0, 40)):
            if rng.random() < 0.4:
                parts.append(rng.choice(_TOKENS))
            else:
                lo, hi = rng.choice(_RANGES)
                parts.append("".join(chr(rng.randint(lo, hi)) for _ in range(rng.randint(1, 8))))
        yield rng.choice(["", " ", "\n"]).join(parts)


def _list_terms(ours: Path) -> list[str]:
    """The terms of the bundled word lists (their first column)."""
    data = ours / "equalvoice" / "speakeasy" / "data"
    terms: list[str] = []
    for path in sorted(data.glob("*.tsv")) + sorted(data.glob("*.txt")):
        if path.name == "word-complexity-lexicon.tsv":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                term = line.split("\t", 1)[0].strip()
                if term:
                    terms.append(term)
    return terms


def shuffled_prose(rng: random.Random, shared: Path, ours: Path, n: int, big: int) -> Iterator[str]:
    """Seeded shuffled prose: ``n`` texts of up to a few thousand characters, then
    ``big`` texts of about 200,000 characters."""
    ose = shared / "plain-language" / "onestopenglish-adv-ele-sentence-pairs.txt"
    words = ose.read_text(encoding="utf-8").split() if ose.is_file() else []
    if not words:
        words = " ".join(t for _, t in our_texts(ours)).split()
    terms = _list_terms(ours) + [t for t in _TOKENS if t.strip()]
    ends = [".", ".", ".", "?", "!", ";", ":", "", "\n", "\n\n", ".\n- ", "..."]

    def sentence() -> str:
        picked = []
        for _ in range(rng.randint(1, 35)):
            r = rng.random()
            w = rng.choice(terms) if r < 0.2 else rng.choice(words)
            r = rng.random()
            if r < 0.05:
                w = w.upper()
            elif r < 0.15:
                w = w[:1].upper() + w[1:]
            elif r < 0.2:
                w = w.lower()
            picked.append(w)
            if rng.random() < 0.05:
                picked.append(rng.choice([",", "(", ")", "—", "'", "“", "”"]))
        return " ".join(picked) + rng.choice(ends)

    for _ in range(n):
        yield " ".join(sentence() for _ in range(rng.randint(1, 30)))
    for _ in range(big):
        parts: list[str] = []
        size = 0
        while size < 200_000:
            s = sentence()
            parts.append(s)
            size += len(s) + 1
        yield " ".join(parts)


def corpus(shared: Path, ours: Path) -> list[tuple[str, str]]:
    """The texts, each once, with where each came from."""
    rng = random.Random(20)
    sources: list[Iterator[tuple[str, str]]] = [
        shared_texts(shared),
        our_texts(ours),
        ((f"random-unicode:{i}", t) for i, t in enumerate(random_unicode(rng, 3000))),
        ((f"shuffled:{i}", t) for i, t in enumerate(shuffled_prose(rng, shared, ours, 3000, 6))),
    ]
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for source in sources:
        for name, text in source:
            if text not in seen:
                seen.add(text)
                out.append((name, text))
    return out


def dump(report: Report) -> dict[str, object]:
    """Every figure and every field of every finding of ``report``."""
    return {
        "level": report.level,
        "sentences": report.sentences,
        "words": report.words,
        "syllables": report.syllables,
        "letters": report.letters,
        "scores": [repr(report.flesch), repr(report.fk_grade), repr(report.ari)],
        "findings": [
            [f.kind, f.start, f.end, f.text, f.message, list(f.suggestions)]
            for f in report.findings
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--ours", type=Path, default=ROOT)
    args = parser.parse_args()
    if not (args.shared / "plain-language").is_dir() or not (args.shared / "polis").is_dir():
        print(f"warning: shared data missing under {args.shared}", file=sys.stderr)
    texts = corpus(args.shared, args.ours.resolve())
    digest = hashlib.sha256()
    reports = 0
    with args.out.open("w", encoding="utf-8") as out:
        for i, (name, text) in enumerate(texts):
            text_hash = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
            for extra in (False, True):
                for level in LEVELS:
                    report = check(text, level, EXTRA if extra else None)
                    line = json.dumps(
                        {
                            "i": i,
                            "source": name,
                            "text": text_hash,
                            "extra": extra,
                            "report": dump(report),
                        },
                        ensure_ascii=False,
                    )
                    out.write(line + "\n")
                    digest.update(line.encode("utf-8", "surrogatepass"))
                    reports += 1
    print(f"{len(texts)} texts, {reports} reports, sha256 {digest.hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
