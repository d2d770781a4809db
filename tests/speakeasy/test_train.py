"""How the word model is fitted (``engine/train.py``): the held-aside fold of CompLex,
the folds by word, and the choice of thresholds. The fitting itself runs in
benchmarks and by hand (it takes a while); here on a few made-up rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from equalvoice.speakeasy.engine import complexity, train
from equalvoice.speakeasy.engine.text import make_key

WORDS = ["cat", "house", "obfuscation", "perspicacious", "river", "Judah", "tree", "ewe"]


def _complex_file(tmp_path: Path, n: int = 400) -> Path:
    path = tmp_path / "complex.tsv"
    lines = ["id\tcorpus\tsentence\ttoken\tcomplexity"]
    for i in range(n):
        word = WORDS[i % len(WORDS)]
        score = 0.6 if len(word) > 6 else 0.1
        lines.append(f"row{i}\tbible\tThe {word} was there on day {i}.\t{word}\t{score}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_held_aside_fold_is_a_fifth_fixed_by_the_row_id(tmp_path: Path) -> None:
    path = _complex_file(tmp_path)
    held = train.load_complex_rows(path, "held")
    rest = train.load_complex_rows(path, "rest")
    every = train.load_complex_rows(path, "all")
    assert len(held) + len(rest) == len(every) == 400
    assert {r.id for r in held}.isdisjoint(r.id for r in rest)
    assert 50 <= len(held) <= 110  # about a fifth
    assert all(train.held_aside(r.id) for r in held)
    assert held == train.load_complex_rows(path, "held")  # the same every time
    # What the model is fitted on leaves the held rows out.
    assert train.load_complex(path) == [(r.sentence, r.token, r.complexity) for r in rest]
    with pytest.raises(ValueError):
        train.load_complex_rows(path, "some")


def test_word_folds_keep_every_word_in_one_fold() -> None:
    tokens = WORDS * 5 + ["Cat", "CAT"]
    folds = train.word_folds(tokens)
    assert sorted(i for fold in folds for i in fold) == list(range(len(tokens)))
    for fold in folds:
        keys = {make_key(tokens[i]) for i in fold}
        for other in folds:
            if other is not fold:
                assert keys.isdisjoint(make_key(tokens[i]) for i in other)


def test_best_threshold_by_f1_or_macro_f1() -> None:
    scores = [0.1, 0.2, 0.3, 0.6, 0.7, 0.8]
    labels = [False, False, False, True, True, True]
    threshold, f1 = train.best_threshold(scores, labels)
    assert 0.3 < threshold <= 0.6 and f1 == 1.0
    threshold, f1 = train.best_threshold(scores, labels, macro=True)
    assert 0.3 < threshold <= 0.6 and f1 == 1.0
    # Macro-F1 also counts the easy words left alone: flagging everything scores 1/3.
    assert train.macro_f1([True] * 6, labels) == pytest.approx((2 / 3 + 0) / 2)


def test_fit_all_writes_a_model_the_engine_reads(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.txt"
    pairs.write_text(
        "\n".join(
            [
                "Notwithstanding the considerations, the commissioners promulgated rules.",
                "The bosses made rules.",
                "*******",
                "Perspicacious observers identified the obfuscation immediately.",
                "People saw the trick.",
                "*******",
            ]
            * 10
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "model.json"
    try:
        data = train.fit_all(_complex_file(tmp_path), pairs, out)
        th = data["thresholds"]
        assert th["fitted_on_rows"] == len(train.load_complex_rows(_complex_file(tmp_path)))
        assert 0.0 < th["easy_read"] <= th["plain"] < 1.0
        assert complexity.word_complexity("perspicacious") > complexity.word_complexity("cat")
    finally:
        complexity.use_model(None)
    assert out.exists()
