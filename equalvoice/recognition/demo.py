"""The demo's thanks and payment in Northshire, made through the actions:

- the council pays by bank, voucher or a gift to charity, and pays back travel, a carer
  or personal assistant, childcare and an interpreter; four levels of involvement, the
  meeting rate raised from £14.00 to £15.00 an hour sixty days ago;
- Tegan Mulvaney (staff) looks after payments; Morgan Hale, the admin, does not;
- Asha Okafor (the demo's member) chose a bank payment; some of her time is approved,
  some waits, and so does one of her two travel claims;
- six more people with lived experience have approved time, so the hours people with
  lived experience were paid for show (at least the minimum group size)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from . import actions

if TYPE_CHECKING:
    from equalvoice.core.demo import Demo

FINANCE = "Tegan Mulvaney"
# (name, way, [(days ago, minutes, level, what)])
TIME = [
    ("Bryn Haworth", "voucher", [(40, 120, "Meeting or workshop", "Workshop on day services")]),
    ("Ellie Tranter", "bank", [(35, 90, "Meeting or workshop", "Young people's panel")]),
    ("Lola Fennimore", "voucher", [(30, 60, "Feedback survey", "Survey on the youth club")]),
    ("Quinn Adeyemi", "decline", [(25, 150, "Working group member", "Working group meeting")]),
    ("Umar Fairley", "bank", [(20, 120, "Working group member", "Working group meeting")]),
    ("Zak Thornbury", "donation", [(15, 90, "Co-chair", "Chairing the working group")]),
]


def build(demo: Demo) -> None:
    org = demo.council
    admin = demo.admins[org.slug]
    today = timezone.localdate()
    actions.policy_save(
        actor=admin,
        organisation=org,
        ways=["bank", "voucher", "donation"],
        expenses=["travel", "carer", "childcare", "interpreter"],
        about="If a payment could change your benefits, talk to us before you choose. "
        "We can give you a voucher instead, or nothing at all.",
    )
    year_ago = today - datetime.timedelta(days=365)
    levels = {
        name: actions.level_add(
            actor=admin,
            organisation=org,
            name=name,
            per=per,
            kinds=kinds,
            pence=pence,
            starts_on=year_ago,
        )
        for name, per, kinds, pence in [
            ("Feedback survey", "session", ["feedback", "vote"], 1000),
            ("Meeting or workshop", "hour", ["meeting", "review"], 1400),
            ("Working group member", "hour", [], 1800),
            ("Co-chair", "hour", [], 2500),
        ]
    }
    actions.rate_set(
        actor=admin,
        level=levels["Meeting or workshop"],
        pence=1500,
        starts_on=today - datetime.timedelta(days=60),
    )
    tegan = demo.people[FINANCE]
    actions.finance_person_set(actor=admin, organisation=org, person=tegan, looks_after=True)

    asha = demo.people["Asha Okafor"]
    actions.choice_set(actor=asha, organisation=org, way="bank", reference="NS-2291")
    approved = [
        actions.time_add(
            actor=asha,
            organisation=org,
            day=today - datetime.timedelta(days=days),
            minutes=minutes,
            level_id=levels[level].pk,
            what=what,
            note=note,
        )
        for days, minutes, level, what, note in [
            (70, 120, "Meeting or workshop", "Workshop on the carers' strategy", ""),
            (20, 60, "Meeting or workshop", "Reading the papers for the board", "Long papers"),
        ]
    ]
    actions.time_add(
        actor=asha,
        organisation=org,
        day=today - datetime.timedelta(days=5),
        minutes=45,
        level_id=levels["Meeting or workshop"].pk,
        what="Getting ready for the panel",
        note="Reading and making notes",
    )
    for entry in approved:
        actions.time_decide(actor=tegan, entry=entry, approve=True)
    bus = actions.claim_add(
        actor=asha,
        organisation=org,
        kind="travel",
        day=today - datetime.timedelta(days=20),
        pence=640,
        what="Bus to County Hall and back",
        receipt=None,
    )
    actions.claim_decide(actor=tegan, claim=bus, approve=True)
    actions.claim_add(
        actor=asha,
        organisation=org,
        kind="travel",
        day=today - datetime.timedelta(days=5),
        pence=320,
        what="Bus to the library",
        receipt=None,
    )

    for name, way, pieces in TIME:
        person = demo.people[name]
        actions.choice_set(actor=person, organisation=org, way=way, reference="")
        for days, minutes, level, what in pieces:
            entry = actions.time_add(
                actor=person,
                organisation=org,
                day=today - datetime.timedelta(days=days),
                minutes=minutes,
                level_id=levels[level].pk,
                what=what,
                note="",
            )
            actions.time_decide(actor=tegan, entry=entry, approve=True)
