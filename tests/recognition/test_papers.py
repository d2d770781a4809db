"""The person's papers: the statement of a tax year (approved time and expenses, with
totals worked out here) and the letter of thanks listing what they helped to change."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from equalvoice.recognition import actions, selectors

from ..conftest import World
from ..page_text import pdf_text
from .world import thanks_of

pytestmark = pytest.mark.django_db


def _get(w: World, role: str, name: str, query: str = ""):
    return w.client(role).get(reverse(name, kwargs={"org": w.org.slug}) + query)


def test_the_statement_lists_what_was_approved_with_its_totals(world: World):
    t = thanks_of(world)
    meeting = actions.time_confirm(
        actor=world.member,
        organisation=world.org,
        key=f"meeting-{t.meeting.pk}",
        minutes=120,
        level_id=t.hourly.pk,
    )
    for entry in (meeting, t.reading):
        actions.time_decide(actor=world.facilitator, entry=entry, approve=True)
    actions.claim_decide(actor=world.facilitator, claim=t.claim, approve=True)
    year = selectors.year_start(timezone.localdate()).year
    response = _get(world, "member", "recognition-statement", f"?year={year}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert "Statement of payments" in text and "For Mo Member" in text
    assert "Payment into my bank account" in text
    # 2 hours and 45 minutes at £15.00 an hour: £30.00 + £11.25 = £41.25; the bus £4.80.
    assert "Time given and approved 2 hours 45 minutes" in text
    assert "Paid for time £41.25" in text
    assert "Expenses paid back £4.80" in text
    assert "Total £46.05" in text
    assert "Meeting: Autumn meeting (Working group member) 2 hours £30.00" in text
    assert "Bus to the town hall and back £4.80" in text


def test_time_not_yet_approved_is_not_on_the_statement(world: World):
    thanks_of(world)
    text = " ".join(pdf_text(_get(world, "member", "recognition-statement").content).split())
    assert "No approved time in this period." in text and "Total £0.00" in text


def test_a_year_that_is_not_a_year_gives_the_current_one(world: World):
    thanks_of(world)
    year = selectors.year_start(timezone.localdate()).year
    for bad in ("?year=abc", "?year=99999", "?year=", "?year=-1"):
        response = _get(world, "member", "recognition-statement", bad)
        assert response.status_code == 200, bad
        assert f"statement-{year}-{year + 1}.pdf" in response["Content-Disposition"]


def test_the_letter_of_thanks_lists_what_they_helped_to_change(world: World):
    t = thanks_of(world)
    actions.time_decide(actor=world.facilitator, entry=t.reading, approve=True)
    text = " ".join(pdf_text(_get(world, "member", "recognition-thanks-letter").content).split())
    assert "Thank you, Mo Member" in text
    assert "they gave 45 minutes" in text
    # The world's record: the member took part in the workshop that changed the hours.
    assert "Day centre plan" in text and "We changed the opening hours." in text


def test_someone_who_took_part_in_nothing_gets_a_letter_without_a_list(world: World):
    thanks_of(world)
    text = " ".join(
        pdf_text(_get(world, "facilitator", "recognition-thanks-letter").content).split()
    )
    assert "Thank you, Fran Facilitator" in text
    assert "What Fran Facilitator helped to change" not in text
    assert "their voice counted as much as anyone's" in text


def test_papers_are_for_people_in_the_organisation_only(world: World):
    thanks_of(world)
    assert _get(world, "other_admin", "recognition-statement").status_code == 404
    assert _get(world, "anonymous", "recognition-thanks-letter").status_code == 302
