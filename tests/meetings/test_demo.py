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

    past, upcoming = Meeting.objects.order_by("starts_at")
    assert past.minutes and set(past.decisions.all()) == {saturday, logo}
    assert [p.is_late for p in past.papers.order_by("added_at")] == [False, True]
    voice = selectors.voice(past)
    assert voice.balance.contributions == 14 and voice.waiting == []
    assert [a.text for a in selectors.carried_actions(upcoming)] == [
        "Ask the minibus company for a price"
    ]
