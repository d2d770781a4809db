"""The demo's thanks and payment, as the people in it read it: Asha's own figures, the
payments page Tegan reads, and the lived-experience hours Morgan reads. The figures are
worked out here from the demo's own lists, not read back from the pages."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equalvoice.core.models import User
from equalvoice.recognition.demo import TIME
from equalvoice.recognition.pay import hours_and_minutes, pounds
from equalvoice.recognition.selectors import year_start

from ..page_text import Page, assert_reads_well

pytestmark = pytest.mark.django_db


def _reads(name: str, url_name: str) -> str:
    client = Client()
    client.force_login(
        User.objects.get(name=name), backend="django.contrib.auth.backends.ModelBackend"
    )
    response = client.get(reverse(url_name, kwargs={"org": "northshire"}))
    assert response.status_code == 200, name
    assert_reads_well(response)
    return Page(response).text


def test_the_demo_thanks_people_for_their_time(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    settings.EQUALVOICE_MIN_GROUP_SIZE = 5
    call_command("demo")
    today = timezone.localdate()
    start = year_start(today)

    def this_year(days_ago: int) -> bool:
        return today - datetime.timedelta(days=days_ago) >= start

    def hourly(days_ago: int) -> int:  # pence an hour for meetings: raised 60 days ago
        return 1500 if days_ago <= 60 else 1400

    # Asha: 2 hours 70 days ago and 1 hour 20 days ago approved; 45 minutes 5 days ago waits.
    approved = sum(
        minutes * hourly(days) // 60 for days, minutes in [(70, 120), (20, 60)] if this_year(days)
    )
    waiting = 45 * 1500 // 60 if this_year(5) else 0
    minutes = sum(m for d, m in [(70, 120), (20, 60), (5, 45)] if this_year(d))
    asha = _reads("Asha Okafor", "recognition")
    assert f"Approved {pounds(approved)}" in asha
    assert f"Waiting for approval {pounds(waiting)}" in asha
    assert f"Time you gave {hours_and_minutes(minutes)}" in asha
    assert "You chose: Payment into my bank account." in asha
    assert "Bus to County Hall and back" in asha and "Bus to the library" in asha

    tegan = _reads("Tegan Mulvaney", "recognition-finance")
    assert "Getting ready for the panel" in tegan and "£3.20" in tegan
    assert "NS-2291" in tegan  # Asha's reference, for the people who look after payments

    morgan = _reads("Morgan Hale", "recognition-policy")
    assert "NS-2291" not in morgan
    lived = [(70, 120), (20, 60)] + [(d, m) for _, _, pieces in TIME for d, m, _, _ in pieces]
    hours = sum(m for d, m in lived if this_year(d)) // 60
    assert f"We paid people with lived experience for {hours} hours." in morgan
    # The co-production record says it too, to everyone in the organisation.
    board = _reads("Asha Okafor", "record-board")
    paid = f"Adult Social Care paid people with lived experience for {hours} hours of their time"
    assert paid in board
