"""Recognition and payment in the test `World`, made on first use through the actions:

- the admin offers bank payments and vouchers, and travel expenses; two levels:
  "Working group member" at £15.00 an hour (meetings) from a year ago, and "Feedback
  survey" at £10.00 a session;
- the facilitator looks after payments (the admin does not);
- the member came to a two-hour meeting three days ago (not confirmed yet), chose a bank
  payment with a reference, and added 45 minutes of reading yesterday (waiting).

Made lazily (tests/pages.py asks for it when it fills in a URL)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from equalvoice.core.models import User
from equalvoice.meetings import actions as meeting_actions
from equalvoice.meetings.models import Meeting
from equalvoice.recognition import actions
from equalvoice.recognition.models import Claim, Level, TimeGiven

from ..conftest import World

REFERENCE = "EV-MO-4417"


@dataclass
class ThanksWorld:
    hourly: Level
    session: Level
    meeting: Meeting
    reading: TimeGiven
    claim: Claim


def can_build(w: World) -> bool:
    """Whether the member is still there (a test may have deleted their account before
    asking for a page's address)."""
    if "_thanks" in w.__dict__:
        return True
    return User.objects.filter(pk=w.member.pk, erased_at__isnull=True).exists()


def thanks_of(w: World) -> ThanksWorld:
    found = w.__dict__.get("_thanks")
    if found is not None:
        return found  # type: ignore[no-any-return]
    today = timezone.localdate()
    actions.policy_save(
        actor=w.admin,
        organisation=w.org,
        ways=["bank", "voucher"],
        expenses=["travel"],
        about="Talk to us first if payment could change your benefits.",
    )
    hourly = actions.level_add(
        actor=w.admin,
        organisation=w.org,
        name="Working group member",
        per="hour",
        kinds=["meeting"],
        pence=1500,
        starts_on=today - datetime.timedelta(days=365),
    )
    session = actions.level_add(
        actor=w.admin,
        organisation=w.org,
        name="Feedback survey",
        per="session",
        kinds=["feedback"],
        pence=1000,
        starts_on=today - datetime.timedelta(days=365),
    )
    actions.finance_person_set(
        actor=w.admin, organisation=w.org, person=w.facilitator, looks_after=True
    )
    starts = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)
    meeting = meeting_actions.meeting_save(
        actor=w.facilitator,
        group=w.group,
        title="Autumn meeting",
        kind="meeting",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="Town hall",
        access_info="Step-free.",
    )
    meeting_actions.attendance_save(actor=w.facilitator, meeting=meeting, present=[w.member])
    actions.choice_set(actor=w.member, organisation=w.org, way="bank", reference=REFERENCE)
    reading = actions.time_add(
        actor=w.member,
        organisation=w.org,
        day=today - datetime.timedelta(days=1),
        minutes=45,
        level_id=hourly.pk,
        what="Reading the papers",
        note="",
    )
    claim = actions.claim_add(
        actor=w.member,
        organisation=w.org,
        kind="travel",
        day=today - datetime.timedelta(days=3),
        pence=480,
        what="Bus to the town hall and back",
        receipt=SimpleUploadedFile("ticket.pdf", b"%PDF-1.4 bus ticket", "application/pdf"),
    )
    made = ThanksWorld(
        hourly=hourly, session=session, meeting=meeting, reading=reading, claim=claim
    )
    w.__dict__["_thanks"] = made
    return made
