"""Choosing a picture for an easy-read sentence (speakeasy/engine/pictures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from equalvoice.speakeasy.engine.pictures import Picture, by_code, choose, pictures, read_pictures

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "sentence,shows",
    [
        ("The meeting is on Tuesday.", "Two people"),
        ("We will pay you for your time.", "A pound note"),
        ("Take the bus to the town hall.", "A bus"),
        ("Talk to your doctor with other people.", "A health worker"),  # doctor is first
        ("We voted to open on Saturdays.", "A ballot box"),  # voted -> vote
        ("Carers can come too.", "A family"),  # carers -> carer
        ("We are paying for the taxi.", "A pound note"),  # paying -> pay, above taxi
        ("Go shopping on Friday.", "A shopping trolley"),
        ("You can use a wheelchair here.", "A wheelchair"),
        ("THE PLAN IS READY.", "A clipboard"),
    ],
)
def test_a_sentence_gets_the_first_picture_with_a_keyword_in_it(sentence, shows):
    chosen = choose(sentence)
    assert chosen is not None and chosen.alt == shows


def test_no_keyword_no_picture():
    assert choose("Zebras are stripy.") is None
    assert choose("") is None


def test_keywords_are_whole_words():
    # "bus" is not in "business", "car" is not in "card" or "carpet".
    business = choose("Our business card.")
    assert business is None or business.alt not in ("A bus", "A car")
    assert choose("A red carpet.") is None


def test_phrases_match_their_words_in_order():
    chosen = choose("Please fill in the form.")
    assert chosen is not None and chosen.alt == "A hand writing"


def test_the_lists_order_is_the_rule():
    mine = read_pictures("A\tFirst\tcat\nB\tSecond\tcat, dog\n")
    assert choose("A cat and a dog.", mine) == mine[0]
    assert choose("A dog.", mine) == mine[1]


def test_every_picture_on_the_list_is_shipped_with_a_description():
    codes = [p.code for p in pictures()]
    assert len(codes) == len(set(codes)) >= 50
    for p in pictures():
        assert p.alt and p.keywords, p.code
        assert (ROOT / "node_modules" / "openmoji" / "color" / "svg" / f"{p.code}.svg").exists()
    assert by_code("1F68C") == next(p for p in pictures() if p.alt == "A bus")
    assert by_code("nothing") is None


@given(st.text(max_size=200))
def test_any_text_gives_a_picture_from_the_list_or_none(text):
    chosen = choose(text)
    assert chosen is None or isinstance(chosen, Picture) and chosen in pictures()
