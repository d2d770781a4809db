from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from equalvoice.core.demo import Demo
    from equalvoice.core.models import User


class MeetingsConfig(AppConfig):
    name = "equalvoice.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        """Say what is waiting for people on their home page (core.waiting), and offer
        the meetings people came to as time to confirm (recognition.sources)."""
        from equalvoice.core import waiting
        from equalvoice.recognition import sources

        from . import selectors

        waiting.register(selectors.waiting_for, asks=selectors.waiting_questions)
        sources.register(selectors.attended_for_recognition)
        _register_welsh()

    def build_demo(self, demo: Demo) -> None:
        """The demo's part here: meetings, decisions and ideas in the working group
        (core.demo calls this, app by app in INSTALLED_APPS order)."""
        from . import demo as part

        part.build(demo)

    def personal_data(self, person: User) -> dict[str, object]:
        """The meetings a person said they would come to, came to, and spoke at."""
        from .models import Registration, SignUp, Speaking

        sign_ups = SignUp.objects.filter(email__iexact=person.email) if person.email else []
        return {
            "open_events": [
                {
                    "event": s.meeting.title,
                    "starts": s.meeting.starts_at.isoformat(),
                    "name": s.name,
                    "email": s.email,
                    "status": s.status,
                    "access_needs": s.needs,
                    "other_access_needs": s.other_needs,
                }
                for s in sign_ups
            ],
            "meetings": [
                {
                    "meeting": r.meeting.title,
                    "starts": r.meeting.starts_at.isoformat(),
                    "coming": r.coming,
                    "shared_access_needs": r.share_access_needs,
                    "came": r.attended,
                    "times_spoke": Speaking.objects.filter(
                        meeting=r.meeting, person=person
                    ).count(),
                }
                for r in Registration.objects.filter(person=person).select_related("meeting")
            ],
        }

    def erase_person(self, person: User) -> None:
        """When an account is deleted: take the person off meetings still to come. Past
        meetings keep them, as "Former member", so attendance and speaking add up.
        Actions that name them as who will do it say "Former member" instead. Sign-ups
        to open events with their email address are cancelled (the place goes to the
        waiting list) and deleted, with their access needs."""
        from django.utils import timezone

        from equalvoice.core.erasure import rename_in

        from .actions import sign_ups_erase
        from .models import MeetingAction, Registration

        sign_ups_erase(person.email or "")
        mine = Registration.objects.filter(person=person)
        mine.filter(meeting__starts_at__gt=timezone.now()).delete()
        mine.update(share_access_needs=False)
        rename_in(
            MeetingAction.objects.filter(meeting__group__organisation__people__user=person),
            "owner",
            person,
        )


def _register_welsh() -> None:
    """A meeting's title, what it is about and how to get there can have Welsh versions
    (core.bilingual)."""
    from django.utils.translation import gettext_lazy as _

    from equalvoice.core import bilingual

    from .models import Meeting

    bilingual.register(
        bilingual.Kind(
            key="meeting",
            model=Meeting,
            fields=(
                bilingual.Field("title", _("Title"), long=False, max_length=200),
                bilingual.Field("about", _("What it is about")),
                bilingual.Field("access_info", _("Getting there and access")),
            ),
            perm="meetings.run",
            perm_object=lambda meeting: meeting,
            organisation_id=lambda meeting: meeting.organisation_id,  # type: ignore[attr-defined]
            title=lambda meeting: meeting.title,  # type: ignore[attr-defined]
            back_url=lambda meeting: meeting.get_absolute_url(),  # type: ignore[attr-defined]
        )
    )
