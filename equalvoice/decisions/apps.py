from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from equalvoice.core.models import User


class DecisionsConfig(AppConfig):
    name = "equalvoice.decisions"
    label = "decisions"
    verbose_name = "Decisions"

    def ready(self) -> None:
        """Say what is waiting for people on their home page (core.waiting)."""
        from equalvoice.core import waiting
        from equalvoice.recognition import sources

        from . import selectors

        waiting.register(selectors.waiting_for, asks=selectors.waiting_questions)
        # What people did here, offered to them as time to confirm (recognition).
        sources.register(selectors.votes_for_recognition)

    def personal_data(self, person: User) -> dict[str, object]:
        """A person's votes, except in secret ballots (only that they voted), and what
        they said when asked what it would take to come along."""
        from .models import Ballot, MinorityAnswer, Voter

        return {
            "decisions": {
                "voted_in": [
                    {
                        "decision": v.decision.title,
                        "attempt": v.attempt,
                        "recorded_for_you_by": v.entered_by.name if v.entered_by else None,
                    }
                    for v in Voter.objects.filter(person=person).select_related(
                        "decision", "entered_by"
                    )
                ],
                "open_votes": [
                    {"decision": b.decision.title, "attempt": b.attempt, "vote": b.summary()}
                    for b in Ballot.objects.filter(person=person).select_related("decision")
                ],
                "what_it_would_take": [
                    {"decision": m.decision.title, "said": m.text}
                    for m in MinorityAnswer.objects.filter(person=person).select_related("decision")
                ],
            }
        }
