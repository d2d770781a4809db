"""Rates, pay and totals (recognition/pay.py): worked examples, then general rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from equalvoice.recognition.pay import (
    Piece,
    Rate,
    hours_and_minutes,
    lines_for,
    parse_pounds,
    pay_for,
    pounds,
    rate_on,
    total,
)

HOURLY = Rate(date(2026, 4, 1), 1250, "hour")  # £12.50 an hour from 1 April 2026
RAISED = Rate(date(2026, 10, 1), 1500, "hour")  # £15.00 an hour from 1 October 2026
SESSION = Rate(date(2026, 4, 1), 2500, "session")  # £25 a session


def test_an_hour_and_a_half_at_twelve_fifty():
    assert pay_for(90, HOURLY) == 1875  # £18.75


def test_part_hours_round_to_the_nearest_penny_halves_up():
    assert pay_for(20, HOURLY) == 417  # 416.67p
    assert pay_for(1, HOURLY) == 21  # 20.83p
    assert pay_for(1, Rate(date(2026, 1, 1), 1230, "hour")) == 21  # 20.5p: half goes up
    assert pay_for(1, Rate(date(2026, 1, 1), 1170, "hour")) == 20  # 19.5p: half goes up
    assert pay_for(0, HOURLY) == 0


def test_a_session_pays_the_same_however_long():
    assert pay_for(30, SESSION) == 2500
    assert pay_for(240, SESSION) == 2500


def test_the_rate_in_force_on_the_day_applies_when_it_changes_part_way():
    rates = {"working group": [RAISED, HOURLY]}  # any order
    pieces = [
        Piece(date(2026, 9, 30), 120, "working group"),  # old rate: £25.00
        Piece(date(2026, 10, 1), 120, "working group"),  # new rate from that day: £30.00
        Piece(date(2026, 3, 31), 60, "working group"),  # before any rate: nothing
    ]
    lines = lines_for(pieces, rates)
    assert [line.pence for line in lines] == [2500, 3000, 0]
    assert lines[0].rate == HOURLY and lines[1].rate == RAISED and lines[2].rate is None
    assert total(lines) == 5500
    assert pounds(total(lines)) == "£55.00"


def test_a_level_with_no_rates_pays_nothing():
    assert lines_for([Piece(date(2026, 5, 1), 60, "co-chair")], {})[0].pence == 0


def test_pounds_and_hours_read_as_people_say_them():
    assert pounds(123456) == "£1,234.56"
    assert pounds(5) == "£0.05"
    assert pounds(-250) == "-£2.50"
    assert hours_and_minutes(200) == "3 hours 20 minutes"
    assert hours_and_minutes(60) == "1 hour"
    assert hours_and_minutes(61) == "1 hour 1 minute"
    assert hours_and_minutes(0) == "0 minutes"


@pytest.mark.parametrize(
    "typed,pence",
    [
        ("12.50", 1250),
        ("£12.5", 1250),
        ("1,200", 120000),
        ("7", 700),
        (" £ 3.05 ", 305),
        ("80p", 80),
    ],
)
def test_amounts_people_type(typed, pence):
    assert parse_pounds(typed) == pence


@pytest.mark.parametrize("typed", ["", "twelve", "12.505", "-3", "1,20", "£", "12..5"])
def test_amounts_that_are_not_money_get_a_plain_message(typed):
    with pytest.raises(ValueError, match="Enter an amount in pounds and pence"):
        parse_pounds(typed)


def test_time_or_rates_below_nothing_are_refused():
    with pytest.raises(ValueError):
        pay_for(-1, HOURLY)


rates_st = st.builds(
    Rate,
    starts_on=st.dates(date(2020, 1, 1), date(2030, 1, 1)),
    pence=st.integers(0, 100_000),
    per=st.sampled_from(["hour", "session"]),
)


@given(st.integers(0, 10_000), st.integers(0, 100_000))
def test_hourly_pay_is_within_half_a_penny_of_the_exact_amount(minutes, pence):
    paid = pay_for(minutes, Rate(date(2026, 1, 1), pence, "hour"))
    # The exact amount is minutes × pence ÷ 60; the pay is within half a penny of it.
    assert abs(paid * 60 - minutes * pence) <= 30


@given(st.integers(0, 5_000), st.integers(0, 5_000), st.integers(0, 100_000))
def test_more_time_never_pays_less(a, b, pence):
    rate = Rate(date(2026, 1, 1), pence, "hour")
    assert pay_for(min(a, b), rate) <= pay_for(max(a, b), rate)


@given(st.lists(rates_st, min_size=1, max_size=6), st.dates(date(2019, 1, 1), date(2031, 1, 1)))
def test_the_rate_on_a_day_is_the_newest_that_has_started(rates, day):
    chosen = rate_on(rates, day)
    started = [r for r in rates if r.starts_on <= day]
    if not started:
        assert chosen is None
    else:
        assert chosen is not None and chosen.starts_on == max(r.starts_on for r in started)


@given(
    st.lists(
        st.tuples(st.dates(date(2026, 1, 1), date(2026, 12, 31)), st.integers(0, 600)),
        max_size=30,
    ),
    st.lists(rates_st, max_size=4),
)
def test_a_total_is_the_sum_of_its_lines_and_splits_by_period(pieces, rates):
    """Paying a year at once or month by month gives the same money."""
    all_pieces = [Piece(day, minutes, "level") for day, minutes in pieces]
    whole = total(lines_for(all_pieces, {"level": rates}))
    by_month = sum(
        total(lines_for([p for p in all_pieces if p.day.month == m], {"level": rates}))
        for m in range(1, 13)
    )
    assert whole == by_month
    assert whole == sum(line.pence for line in lines_for(all_pieces, {"level": rates}))


@given(st.integers(0, 10**9))
def test_pounds_read_back_as_the_same_pence(pence):
    assert parse_pounds(pounds(pence)) == pence


def test_a_day_before_and_on_the_change():
    day = RAISED.starts_on
    assert rate_on([HOURLY, RAISED], day - timedelta(days=1)) == HOURLY
    assert rate_on([HOURLY, RAISED], day) == RAISED
