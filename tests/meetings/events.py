"""An open event for tests: a public one-day conference of the world's group next
month, with a workshop and one person signed up (Pat Public). Built once per world, so
tests/pages.py can fill in the event's URLs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from equalvoice.meetings import actions, selectors
from equalvoice.meetings.models import Meeting, SignUp, Workshop

from ..conftest import World


@dataclass
class Event:
    meeting: Meeting
    workshop: Workshop
    sign_up: SignUp
    token: str


def open_event(world: World, places: int = 3, workshop_places: int = 1) -> Event:
    found: Event | None = getattr(world, "_open_event", None)
    if found is not None:
        return found
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    start += timedelta(days=30)
    meeting = actions.meeting_save(
        actor=world.facilitator,
        group=world.group,
        title="Open conference",
        kind="conference",
        starts_at=start,
        ends_at=start + timedelta(hours=6),
        place="Town hall, Market Square",
        access_info="Step-free entrance. Hearing loop in the main hall.",
    )
    actions.meeting_open(
        actor=world.facilitator,
        meeting=meeting,
        is_public=True,
        places=places,
        open_to="People, carers, providers and commissioners",
    )
    workshop = actions.workshop_add(
        actor=world.facilitator, meeting=meeting, title="Getting about", places=workshop_places
    )
    sign_up = actions.sign_up_create(
        meeting=meeting,
        name="Pat Public",
        email="pat.public@example.org",
        needs=["bsl_interpreter"],
        keep_needs=True,
        workshops=[workshop],
    )
    found = Event(meeting, workshop, sign_up, selectors.sign_up_token(sign_up))
    world._open_event = found  # type: ignore[attr-defined]
    return found
