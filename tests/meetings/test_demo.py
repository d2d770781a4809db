"""The demo's working group: a meeting with minutes, a combined idea, a consent decision
where the minority was heard, and a ranked choice of a logo."""

from __future__ import annotations

import pytest

from equalvoice.core.demo import load_demo
from equalvoice.decisions.models import Decision, MinorityAnswer
from equalvoice.ideas.models import Idea
from equalvoice.meetings import selectors
from equalvoice.meetings.models import Meeting


@pytest.mark.django_db
def test_demo_working_group_meets_decides_and_puts_ideas_together() -> None:
    load_demo()
    saturday = Decision.objects.get(title="Open the day centre on Saturdays")
    assert saturday.status == Decision.Status.CLOSED and saturday.attempt == 2
    assert saturday.outcome == Decision.Outcome.AGREED_WITH_CONCERNS
    assert saturday.decided_by_summary["quorum_met"]
    assert MinorityAnswer.objects.filter(decision=saturday, attempt=1).count() == 2
    assert saturday.amendments.count() == 1
    logo = Decision.objects.get(title="Choose our logo")
    assert logo.method == "ranked" and logo.chosen == "Hands joined in a circle"

    combined = Idea.objects.get(title="A Saturday club with live music")
    assert combined.authors.count() == 2
    assert Idea.objects.filter(combined_into=combined).count() == 2

    past, upcoming = Meeting.objects.filter(kind="meeting").order_by("starts_at")
    assert past.minutes and set(past.decisions.all()) == {saturday, logo}
    assert [p.is_late for p in past.papers.order_by("added_at")] == [False, True]
    voice = selectors.voice(past)
    assert voice.balance.contributions == 14 and voice.waiting == []
    assert [a.text for a in selectors.carried_actions(upcoming)] == [
        "Ask the minibus company for a price"
    ]


@pytest.mark.django_db
def test_demo_conference_is_open_with_a_full_workshop_and_a_waiting_list() -> None:
    from equalvoice.meetings.models import SignUp

    load_demo()
    conference = Meeting.objects.get(title="Northshire co-production conference")
    assert conference.is_public and conference.places == 14
    signed = conference.sign_ups.all()
    assert signed.filter(status=SignUp.Status.PLACE).count() == 14
    assert [s.name for s in signed.filter(status=SignUp.Status.WAITING)] == [
        "Otis Grant",
        "Pip Sandford",
    ]
    [transport] = [w for w in selectors.workshops_of(conference) if getattr(w, "left", None) == 0]
    assert transport.title == "Getting about: transport to day services"
    assert transport.choices.filter(status="waiting").exists()
    from equalvoice.meetings.demo import CONFERENCE_SIGN_UPS

    totals = selectors.event_totals(conference)
    people = sum(1 for row in CONFERENCE_SIGN_UPS[:14] if row[1] == "Person who uses services")
    assert [(t.label, t.words(5)) for t in totals.perspectives][0] == (
        "Person who uses services",
        f"{people} people",
    )
