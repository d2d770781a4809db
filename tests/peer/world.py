"""Peer support in the test `World`, made on first use through the actions:

- the member (Mo) offers support and asks for it; so does Nell, who has no email; the
  facilitator (Fran) offers support too;
- `suggested`: Nell's offer for Mo's request, suggested by the facilitator; nobody has
  answered yet;
- `active`: Mo's offer for Nell's request, suggested by the facilitator; both said yes,
  and one meeting was held, with a note for the two of them.

Made lazily (tests/pages.py asks for it when it fills in a URL) so the shared conftest
need not change."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from equalvoice.core.models import User
from equalvoice.peer import actions
from equalvoice.peer.models import Match, Offer, PeerMeeting, Request

from ..conftest import World

NOTE = "We talked about the bus pass. Private to us."


@dataclass
class PeerWorld:
    member_offer: Offer
    member_request: Request
    nell_offer: Offer
    nell_request: Request
    suggested: Match
    active: Match
    meeting: PeerMeeting


def can_build(w: World) -> bool:
    """Whether Mo and Nell are still there to offer and ask (a test may have deleted an
    account before asking for a page's address)."""
    if "_peer" in w.__dict__:
        return True
    people = [w.member.pk, w.no_email_member.pk]
    return User.objects.filter(pk__in=people, erased_at__isnull=True).count() == 2


def peer_of(w: World) -> PeerWorld:
    found = w.__dict__.get("_peer")
    if found is not None:
        return found  # type: ignore[no-any-return]
    profile = {
        "topics": ["Sight loss", "Getting back to work"],
        "ways": ["in_person", "phone"],
        "when": "Mornings",
        "area": "Eastfield",
        "languages": ["English", "Welsh"],
    }
    member_offer = actions.offer_save(
        actor=w.member,
        organisation=w.org,
        about="I went back to work with sight loss.",
        access_needs=["large_print"],
        **profile,  # type: ignore[arg-type]
    )
    member_request = actions.request_save(
        actor=w.member,
        organisation=w.org,
        about="Help with my hearing aids.",
        access_needs=["bsl_interpreter"],
        **{**profile, "topics": ["Being Deaf or having hearing loss"]},  # type: ignore[arg-type]
    )
    nell_offer = actions.offer_save(
        actor=w.no_email_member,
        organisation=w.org,
        about="Deaf all my life.",
        access_needs=["bsl_interpreter"],
        **{**profile, "topics": ["Being Deaf or having hearing loss"]},  # type: ignore[arg-type]
    )
    nell_request = actions.request_save(
        actor=w.no_email_member,
        organisation=w.org,
        about="My epilepsy diagnosis is new and I am scared.",
        access_needs=["large_print"],
        **profile,  # type: ignore[arg-type]
    )
    # Someone else offering, so the matching page has a suggestion to make.
    actions.offer_save(
        actor=w.facilitator,
        organisation=w.org,
        about="I care for my dad.",
        **{**profile, "topics": ["Caring for someone"]},  # type: ignore[arg-type]
    )
    suggested = actions.match_suggest(actor=w.facilitator, offer=nell_offer, request=member_request)
    active = actions.match_suggest(actor=w.facilitator, offer=member_offer, request=nell_request)
    actions.match_answer(actor=w.member, match=active, yes=True)
    active = actions.match_answer(actor=w.no_email_member, match=active, yes=True)
    meeting = actions.meeting_record(
        actor=w.member,
        match=active,
        on=timezone.localdate() - datetime.timedelta(days=3),
        held=True,
        note=NOTE,
    )
    found = PeerWorld(
        member_offer, member_request, nell_offer, nell_request, suggested, active, meeting
    )
    w.__dict__["_peer"] = found
    return found
