from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from equalvoice.core.demo import Demo
    from equalvoice.core.models import User

    from .models import Response


class StandardsConfig(AppConfig):
    name = "equalvoice.standards"
    label = "standards"
    verbose_name = "Standards and feedback rounds"

    def ready(self) -> None:
        """Say what is waiting for people on their home page (core.waiting)."""
        from equalvoice.core import waiting
        from equalvoice.recognition import sources

        from . import selectors

        waiting.register(selectors.waiting_for, asks=selectors.waiting_questions)
        # What people did here, offered to them as time to confirm (recognition).
        sources.register(selectors.answers_for_recognition)
        _register_welsh()

    def build_demo(self, demo: Demo) -> None:
        """The demo's part here: a pledge rated over three rounds, and a self-reflection
        with its plan (core.demo calls this, app by app in INSTALLED_APPS order)."""
        from . import demo as part

        part.build(demo)

    def personal_data(self, person: User) -> dict[str, object]:
        """What the standards hold about a person, for their data download. Anonymous
        answers, once sent, are not here: nothing links them to anyone, so they cannot be
        found."""
        from .models import Comment, Participation, Response

        return {
            "standards": {
                "comments": [
                    {
                        "standard": c.statement.version.standard.title,
                        "statement": c.statement.plain,
                        "comment": c.text,
                        "suggested_words": c.suggested_plain,
                        "at": c.created_at.isoformat(),
                    }
                    for c in Comment.objects.filter(author=person).select_related(
                        "statement__version__standard"
                    )
                ],
                "named_answers": [
                    _response_data(r)
                    for r in Response.objects.filter(
                        person=person, round__anonymous=False
                    ).select_related("round__standard")
                ],
                # Started in an anonymous round but not sent: still the person's own.
                # Once sent, anonymous answers are parted from them and are not here.
                "unsent_answers": [
                    _response_data(r)
                    for r in Response.objects.filter(
                        person=person, round__anonymous=True, submitted=False
                    ).select_related("round__standard")
                ],
                "took_part_anonymously_in": [
                    p.round.name
                    for p in Participation.objects.filter(person=person).select_related("round")
                ],
            }
        }

    def erase_person(self, person: User) -> None:
        """When an account is deleted: answers they had not sent go, and plan actions that
        name the person as who will do it say "Former member" instead."""
        from equalvoice.core.erasure import rename_in

        from .models import PlanAction, Response

        Response.objects.filter(person=person, submitted=False).delete()

        rename_in(
            PlanAction.objects.filter(standard__organisation__people__user=person),
            "owner",
            person,
        )


def _response_data(response: Response) -> dict[str, object]:
    return {
        "round": response.round.name,
        "standard": response.round.standard.title,
        "sent": response.submitted,
        "on_paper": response.on_paper,
        "answers": [
            {
                "statement": a.statement.plain,
                "value": a.value,
                "dont_know": a.dont_know,
                "comment": a.comment,
            }
            for a in response.answers.select_related("statement").order_by(
                "statement__theme__position", "statement__position", "statement_id"
            )
        ],
    }


def _register_welsh() -> None:
    """A statement of what good looks like can have Welsh versions (core.bilingual)."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from equalvoice.core import bilingual

    from .models import STATEMENT_MAX, Statement

    def version_page(statement: Statement) -> str:
        standard = statement.version.standard
        return reverse(
            "version", args=[standard.organisation.slug, standard.pk, statement.version.number]
        )

    bilingual.register(
        bilingual.Kind(
            key="statement",
            model=Statement,
            fields=(
                bilingual.Field("plain", _("What good looks like"), max_length=STATEMENT_MAX),
                bilingual.Field("easy_read", _("The same in easy read"), max_length=STATEMENT_MAX),
            ),
            perm="standards.change_standard",
            perm_object=lambda statement: statement.version.standard,  # type: ignore[attr-defined]
            organisation_id=lambda statement: statement.version.standard.organisation_id,  # type: ignore[attr-defined]
            title=lambda statement: statement.version.standard.title,  # type: ignore[attr-defined]
            back_url=version_page,  # type: ignore[arg-type]
        )
    )
