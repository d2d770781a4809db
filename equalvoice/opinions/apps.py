from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from equalvoice.core.demo import Demo
    from equalvoice.core.models import User


class OpinionsConfig(AppConfig):
    name = "equalvoice.opinions"
    label = "opinions"
    verbose_name = "Opinion mapping"

    def ready(self) -> None:
        """Say what is waiting for people on their home page (core.waiting)."""
        from equalvoice.core import waiting

        from . import selectors

        waiting.register(selectors.waiting_for)

    def build_demo(self, demo: Demo) -> None:
        """The demo's part here: a conversation on short breaks for carers (core.demo
        calls this, app by app in INSTALLED_APPS order)."""
        from . import demo as part

        part.build(demo)

    def worker_starting(self) -> None:
        """Before the background worker takes its first task (`equalvoice worker` calls
        this): read the votes of the conversations most likely to get more, so the first
        results update after a vote is incremental (results.warm_up)."""
        from .results import warm_up

        warm_up()

    def personal_data(self, person: User) -> dict[str, object]:
        """The statements a person wrote and how they voted, conversation by conversation."""
        from .models import Participant, Statement, Vote

        places = Participant.objects.filter(person=person).select_related("conversation")
        return {
            "opinions": [
                {
                    "conversation": p.conversation.title,
                    "perspective_given": p.perspective,
                    "statements_written": list(
                        Statement.objects.filter(author=p).values_list("text", flat=True)
                    ),
                    "votes": [
                        {
                            "statement": v.statement.text,
                            "vote": str(v.get_value_display()),
                            "recorded_for_you_by": v.entered_by.name if v.entered_by else None,
                        }
                        for v in Vote.objects.filter(participant=p).select_related(
                            "statement", "entered_by"
                        )
                    ],
                }
                for p in places
            ]
        }
