"""The lived-experience quorum in words (equalvoice/decisions/outcome.py). No database."""

from __future__ import annotations

import pytest

from equalvoice.decisions.outcome import Quorum


@pytest.mark.parametrize(
    ("voters", "lived", "met", "needed"),
    [
        (3, 1, True, 1),
        (3, 0, False, 1),
        (4, 1, False, 2),
        (100, 33, True, 33),
        (100, 32, False, 33),
    ],
)
def test_met_and_needed(voters: int, lived: int, met: bool, needed: int) -> None:
    quorum = Quorum(voters=voters, lived_experience=lived, percent=33)
    assert quorum.met is met
    assert quorum.needed == needed


def test_the_sentence_gives_the_figures_and_how_many_are_needed() -> None:
    assert Quorum(voters=5, lived_experience=2, percent=33).sentence() == (
        "2 of the 5 people who voted have lived experience. That is enough to agree a decision."
    )
    assert Quorum(voters=4, lived_experience=1, percent=33).sentence() == (
        "Only 1 of the 4 people who voted have lived experience. At least 33 in 100 need to "
        "(2 of these 4), so this cannot be agreed yet. Nothing about us without us: ask more "
        "people with lived experience to vote."
    )
    assert Quorum(voters=0, lived_experience=0, percent=33).sentence() == "Nobody has voted yet."


def test_one_voter_is_one_person() -> None:
    assert Quorum(voters=1, lived_experience=1, percent=33).sentence() == (
        "The one person who voted has lived experience. That is enough to agree a decision."
    )
    alone = Quorum(voters=1, lived_experience=0, percent=33).sentence()
    assert alone.startswith(
        "The one person who voted does not have lived experience. At least 33 in 100 need to, "
    )
    assert "1 people" not in alone and "Only" not in alone
