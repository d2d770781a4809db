from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from equalvoice.core.demo import Demo
    from equalvoice.core.models import User


class DocumentsConfig(AppConfig):
    name = "equalvoice.documents"
    label = "documents"
    verbose_name = "Written together"

    def ready(self) -> None:
        """A group's decision on a draft makes it an agreed version (decisions.closing)."""
        from equalvoice.core import waiting
        from equalvoice.decisions import closing

        from . import actions, selectors

        closing.register(actions.decision_closed)
        # Requests for comments and reviews coming up, on the home page (core.waiting).
        waiting.register(selectors.waiting_for, asks=selectors.waiting_questions)

    def personal_data(self, person: User) -> dict[str, object]:
        """The documents a person leads, their suggestions (with the leads' answers),
        their comments, what they said when asked, and their training feedback."""
        from .models import AskedComment, Lead, SectionComment, Suggestion, TrainingFeedback

        return {
            "documents": {
                "leads": [
                    {"document": lead.document.title, "since": lead.added_at.isoformat()}
                    for lead in Lead.objects.filter(person=person).select_related("document")
                ],
                "suggestions": [
                    {
                        "document": s.section.document.title,
                        "section": s.section.heading,
                        "words": s.text,
                        "reason": s.reason,
                        "answer": s.get_status_display(),
                        "why": s.answer,
                        "written_down_for_you_by": s.entered_by.name if s.entered_by else None,
                        "at": s.created_at.isoformat(),
                    }
                    for s in Suggestion.objects.filter(author=person).select_related(
                        "section__document", "entered_by"
                    )
                ],
                "comments": [
                    {
                        "document": c.section.document.title,
                        "section": c.section.heading,
                        "said": c.text,
                        "written_down_for_you_by": c.entered_by.name if c.entered_by else None,
                        "at": c.created_at.isoformat(),
                    }
                    for c in SectionComment.objects.filter(author=person).select_related(
                        "section__document", "entered_by"
                    )
                ],
                "when_asked": [
                    {
                        "document": c.asked.asking.document.title,
                        "said": c.text,
                        "answer": c.get_answer_display() if c.answer else None,
                        "why": c.answer_text,
                    }
                    for c in AskedComment.objects.filter(asked__person=person).select_related(
                        "asked__asking__document"
                    )
                ],
                "training_feedback": [
                    {"document": f.session.document.title, "said": f.text}
                    for f in TrainingFeedback.objects.filter(author=person).select_related(
                        "session__document"
                    )
                ],
            }
        }

    def erase_person(self, person: User) -> None:
        """When an account is deleted (ADR 0003), their suggestions, comments, what they
        said when asked and their leadership stay, by "Former member" (the tombstone), with
        the perspectives they held at the time, so "How this was written" still adds up.
        An email address they were asked at goes."""
        from .models import Asked

        if person.email:
            Asked.objects.filter(email__iexact=person.email).update(email="", name="")

    def build_demo(self, demo: Demo) -> None:
        from . import demo as documents_demo

        documents_demo.build(demo)
