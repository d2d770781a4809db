"""Dates typed in GOV.UK's three boxes (core.forms.DateField): plain messages that say
what is missing, what was typed kept, and an ISO date under the field's own name."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.template.loader import render_to_string
from hypothesis import given
from hypothesis import strategies as st

from equalvoice.core.forms import DateField, PlainForm


class When(PlainForm):
    on = DateField(label="Date", help_text="For example, 15 3 2027")
    by = DateField(label="By when", required=False)


def _form(**data: str) -> When:
    return When(data)


def test_three_boxes_make_a_date() -> None:
    form = _form(**{"on-day": " 5", "on-month": "03", "on-year": "2027"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"on": datetime.date(2027, 3, 5), "by": None}


def test_an_iso_date_under_the_fields_own_name_is_taken() -> None:
    form = _form(on="2027-03-05")
    assert form.is_valid() and form.cleaned_data["on"] == datetime.date(2027, 3, 5)


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter date"),
        ("5", "", "2027", "Date must include a month"),
        ("", "", "2027", "Date must include a day and a month"),
        ("30", "2", "2027", "Date must be a real date"),
        ("5", "March", "2027", "Date must be a real date, in numbers"),
        ("5", "3", "27", "The year must have 4 numbers, like 2027"),
        ("555", "3", "2027", "Date must be a real date"),
        ("5", "3", "9" * 5000, "The year must have 4 numbers, like 2027"),
    ],
)
def test_each_mistake_gets_a_plain_message(day: str, month: str, year: str, message: str) -> None:
    form = _form(**{"on-day": day, "on-month": month, "on-year": year})
    assert not form.is_valid()
    assert form.errors["on"] == [message]


def test_an_optional_date_may_be_left_empty_but_not_half_filled() -> None:
    ok = _form(**{"on-day": "1", "on-month": "1", "on-year": "2027", "by-day": "", "by-month": ""})
    assert ok.is_valid() and ok.cleaned_data["by"] is None
    half = _form(**{"on-day": "1", "on-month": "1", "on-year": "2027", "by-year": "2027"})
    assert half.errors["by"] == ["By when must include a day and a month"]


def test_the_boxes_keep_what_was_typed_and_the_summary_links_to_the_day() -> None:
    form = _form(**{"on-day": "31", "on-month": "<b>x</b>", "on-year": "2027"})
    assert not form.is_valid()
    html = render_to_string("includes/error_summary.html", {"form": form})
    html += render_to_string("includes/fields.html", {"form": form})
    assert 'href="#id_on-day"' in html
    assert 'id="id_on-day" name="on-day" type="text" inputmode="numeric" value="31"' in html
    assert 'value="&lt;b&gt;x&lt;/b&gt;"' in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Date</legend>' in html
    assert 'aria-describedby="id_on-hint id_on-error"' in html


def test_a_saved_date_fills_the_boxes() -> None:
    class Edit(forms.Form):
        on = DateField(label="Date")

    html = render_to_string(
        "includes/fields.html", {"form": Edit(initial={"on": datetime.date(2027, 3, 5)})}
    )
    assert 'name="on-day" type="text" inputmode="numeric" value="5"' in html
    assert 'name="on-month" type="text" inputmode="numeric" value="3"' in html
    assert 'name="on-year" type="text" inputmode="numeric" value="2027"' in html


@given(st.dates(min_value=datetime.date(1000, 1, 1)))
def test_any_real_date_typed_in_the_boxes_comes_back(day: datetime.date) -> None:
    form = _form(**{"on-day": str(day.day), "on-month": str(day.month), "on-year": str(day.year)})
    assert form.is_valid() and form.cleaned_data["on"] == day


@given(st.text(max_size=6), st.text(max_size=6), st.text(max_size=8))
def test_nothing_typed_makes_it_crash(day: str, month: str, year: str) -> None:
    form = _form(**{"on-day": day, "on-month": month, "on-year": year})
    if not form.is_valid():
        assert form.errors["on"]
