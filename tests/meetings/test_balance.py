"""The voice balance and access totals: pure rules, no database."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from equalvoice.meetings.balance import NO_PERSPECTIVE, access_totals, balance


def test_shares_of_people_and_of_what_was_said() -> None:
    present = {
        1: ["Staff member"],
        2: ["Person who uses services"],
        3: ["Person who uses services"],
        4: [],
    }
    # Staff spoke 6 times, one person who uses services twice, nobody else.
    result = balance(present, [1] * 6 + [2, 2], order=[4, 3, 2, 1])
    shares = {s.perspective: s for s in result.shares}
    assert shares["Staff member"].people_percent == 25
    assert shares["Staff member"].spoke_percent == 75
    assert shares["Person who uses services"].people_percent == 50
    assert shares["Person who uses services"].spoke_percent == 25
    assert "Heard less than their share" in shares["Person who uses services"].sentence()
    assert shares[NO_PERSPECTIVE].spoke == 0
    assert [s.perspective for s in result.shares][-1] == NO_PERSPECTIVE
    assert result.not_yet_spoken == [4, 3]  # in the go-round order given
    assert result.contributions == 8


def test_people_not_in_the_room_do_not_count() -> None:
    result = balance({1: ["Staff member"]}, [1, 99, 99])
    assert result.contributions == 1
    assert result.shares[0].spoke_percent == 100


def test_heard_less_is_ten_points_below_the_share_of_the_room_once_anyone_speaks() -> None:
    present = {1: ["Staff member"], 2: ["Family carer"], 3: ["Family carer"], 4: []}
    nobody_yet = balance(present, [])
    assert nobody_yet.heard_less == []  # nothing to compare before anyone speaks
    assert all(s.spoke_percent == 0 for s in nobody_yet.shares)
    # Staff 1 of 4 people (25), 3 of 4 times (75). Carers 50 and 25: heard less (-25).
    # No perspective given: 25 of the people and 0 of the speaking: heard less.
    result = balance(present, [1, 1, 1, 2])
    assert [s.perspective for s in result.heard_less] == ["Family carer", NO_PERSPECTIVE]
    # Exactly 10 points below is heard less; 5 below is not.
    pair = {1: ["A"], 2: ["B"]}
    assert [s.perspective for s in balance(pair, [1] * 4 + [2] * 6).heard_less] == ["A"]
    assert balance(pair, [1] * 9 + [2] * 11).heard_less == []


def test_an_empty_room() -> None:
    result = balance({}, [])
    assert result.shares == [] and result.not_yet_spoken == [] and result.contributions == 0


@given(
    st.dictionaries(
        st.integers(1, 20),
        st.lists(st.sampled_from(["A", "B", "C"]), max_size=2, unique=True),
        max_size=12,
    ),
    st.lists(st.integers(1, 20), max_size=40),
)
def test_each_person_counts_once_in_each_of_their_perspectives(present, spoken) -> None:  # type: ignore[no-untyped-def]
    result = balance(present, spoken)
    for share in result.shares:
        holders = [
            p for p, names in present.items() if share.perspective in (names or [NO_PERSPECTIVE])
        ]
        assert share.people == len(holders)
        assert share.spoke == sum(1 for s in spoken if s in holders)
    assert set(result.not_yet_spoken) == {p for p in present if p not in spoken}


def test_access_totals_never_say_whose() -> None:
    labels = {
        "bsl_interpreter": "British Sign Language interpreter",
        "easy_read": "Easy read documents",
    }
    rows = [
        {"bsl_interpreter": True, "easy_read": True},
        {"bsl_interpreter": True, "easy_read": False},
        {"bsl_interpreter": False, "easy_read": False},
    ]
    assert access_totals(rows, labels) == [
        "British Sign Language interpreter: 2 people",
        "Easy read documents: 1 person",
    ]
    assert access_totals([], labels) == []
