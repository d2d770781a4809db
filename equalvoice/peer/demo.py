"""The demo's peer support in Northshire, made through the actions like everything else:

- Zak Thornbury, who is Deaf, supports Lola Fennimore, a young person who lost her
  hearing last year: both sign (British Sign Language), both in Eastfield. Robin Achebe
  suggested it, both said yes, and they have met three times (one did not happen).
- Umar Fairley, who has sight loss and went back to work, is suggested for Asha Okafor
  (the demo's member): he said yes; Asha has still to answer, so she sees it waiting.
- Kit Abernathy, a wheelchair user, and Quinn Adeyemi offer support too; Dev Anand-Price
  asks for support about mental health and getting back to work, with no match yet.

The match's dates are put back a few weeks straight on the model, as if it started then
(the actions stamp today)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from . import actions
from .models import Match

if TYPE_CHECKING:
    from equalvoice.core.demo import Demo

OFFERS = [
    (
        "Zak Thornbury",
        "I have been Deaf since I was a child. I can share how I get information, use "
        "interpreters at appointments and ask for what I need at work.",
        ["Being Deaf or having hearing loss", "Getting back to work"],
        ["in_person", "video", "chat"],
        "Weekday evenings",
        "Eastfield",
        ["English", "British Sign Language"],
        ["bsl_interpreter", "step_free_access"],
    ),
    (
        "Umar Fairley",
        "I lost most of my sight five years ago and went back to work last year. I can "
        "talk about Access to Work, using a screen reader and getting about on your own.",
        ["Sight loss", "Getting back to work", "Getting out and about"],
        ["in_person", "phone"],
        "Tuesday and Thursday mornings",
        "Eastfield",
        ["English", "Welsh"],
        ["large_print", "breaks", "step_free_access"],
    ),
    (
        "Kit Abernathy",
        "I use a wheelchair and have a personal budget. I can help with sorting out direct "
        "payments and finding places that are really step-free.",
        ["Living with a physical disability", "Direct payments and personal budgets"],
        ["in_person", "phone"],
        "Any weekday afternoon",
        "Northgate",
        ["English"],
        ["step_free_access", "support_worker", "breaks"],
    ),
    (
        "Quinn Adeyemi",
        "I have lived with depression for a long time. I can listen, and share what helped "
        "me with benefits forms and talking to my GP.",
        ["Mental health", "Money and benefits"],
        ["phone", "video", "chat"],
        "Weekends",
        "Westbrook",
        ["English", "Yoruba"],
        ["easy_read", "breaks"],
    ),
]

REQUESTS = [
    (
        "Lola Fennimore",
        "I lost my hearing last year and I am learning to sign. I would like to talk to "
        "someone who knows what it is like, about college and work.",
        ["Being Deaf or having hearing loss", "Getting back to work"],
        ["in_person", "chat"],
        "After college, weekdays",
        "Eastfield",
        ["English", "British Sign Language"],
        ["bsl_interpreter"],
    ),
    (
        "Asha Okafor",
        "My sight is getting worse and I am worried about keeping my job.",
        ["Sight loss", "Getting back to work"],
        ["in_person", "phone"],
        "Mornings",
        "Eastfield",
        ["English", "Welsh"],
        ["large_print"],
    ),
    (
        "Dev Anand-Price",
        "I have been off work with anxiety and would like to talk to someone who has gone back.",
        ["Mental health", "Getting back to work"],
        ["phone", "video"],
        "Evenings",
        "Westbrook",
        ["English", "Punjabi"],
        [],
    ),
]


def build(demo: Demo) -> None:
    org = demo.council
    robin = demo.facilitators[org.slug]
    offers = {}
    for name, about, topics, ways, when, area, languages, needs in OFFERS:
        offers[name] = actions.offer_save(
            actor=demo.people[name],
            organisation=org,
            about=about,
            topics=topics,
            ways=ways,
            when=when,
            area=area,
            languages=languages,
            access_needs=needs,
        )
    requests = {}
    for name, about, topics, ways, when, area, languages, needs in REQUESTS:
        requests[name] = actions.request_save(
            actor=demo.people[name],
            organisation=org,
            about=about,
            topics=topics,
            ways=ways,
            when=when,
            area=area,
            languages=languages,
            access_needs=needs,
        )
    today = timezone.localdate()
    zak, lola = demo.people["Zak Thornbury"], demo.people["Lola Fennimore"]
    active = actions.match_suggest(
        actor=robin, offer=offers["Zak Thornbury"], request=requests["Lola Fennimore"]
    )
    actions.match_answer(actor=zak, match=active, yes=True)
    active = actions.match_answer(actor=lola, match=active, yes=True)
    for weeks, held, by, note in [
        (5, True, zak, "Met at the library café. Talked about college and interpreters."),
        (3, False, lola, "Lola was ill. We moved it to the next week."),
        (2, True, lola, "Practised asking college for a notetaker."),
        (1, True, zak, "Zak came with me to the Deaf club. I am going again next month."),
    ]:
        actions.meeting_record(
            actor=by,
            match=active,
            on=today - datetime.timedelta(weeks=weeks),
            held=held,
            note=note,
        )
    started = timezone.now() - datetime.timedelta(weeks=6)
    Match.objects.filter(pk=active.pk).update(
        suggested_at=started - datetime.timedelta(days=4),
        supporter_answered_at=started - datetime.timedelta(days=3),
        asker_answered_at=started,
        started_at=started,
    )
    waiting = actions.match_suggest(
        actor=robin, offer=offers["Umar Fairley"], request=requests["Asha Okafor"]
    )
    actions.match_answer(actor=demo.people["Umar Fairley"], match=waiting, yes=True)
