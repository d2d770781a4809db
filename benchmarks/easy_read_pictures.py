"""How often the picture chosen for an easy-read sentence is one a person would accept.

    .venv/bin/python benchmarks/easy_read_pictures.py [--misses]

Reads tests/data/easy-read-pictures.tsv: sentences with the pictures a person chose by
hand as acceptable (OpenMoji codes on our list, or "none" where no picture on the list
fits). A sentence counts as acceptable when the chosen picture is one of them, or when
no picture is chosen and "none" is among them. The sentences were written apart from
the list of keywords and never used to change it."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from equalvoice.speakeasy.engine.pictures import choose  # noqa: E402

DATA = ROOT / "tests" / "data" / "easy-read-pictures.tsv"


def rows() -> list[tuple[str, set[str]]]:
    found = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            sentence, ok = line.split("\t")
            found.append((sentence, {c.strip() for c in ok.split(",")}))
    return found


def acceptable(sentence: str, ok: set[str]) -> bool:
    chosen = choose(sentence)
    return (chosen.code if chosen else "none") in ok


def main() -> None:
    data = rows()
    good = [acceptable(s, ok) for s, ok in data]
    with_picture = [s for s, _ in data if choose(s) is not None]
    print(f"sentences                          {len(data)}")
    print(
        f"chosen picture acceptable          {sum(good) / len(data):.3f} ({sum(good)}/{len(data)})"
    )
    print(f"sentences given a picture          {len(with_picture) / len(data):.3f}")
    if "--misses" in sys.argv:
        for (sentence, ok), fine in zip(data, good, strict=True):
            if not fine:
                chosen = choose(sentence)
                print(f"  {sentence!r}: chose {chosen.alt if chosen else 'none'}; ok {sorted(ok)}")


if __name__ == "__main__":
    main()
