"""Who may offer, ask, match, answer and end peer support.

- Anyone with a place in the organisation may offer support, ask for it and see their own
  offer, request and matches.
- **The people who match** are the organisation's admins and the facilitators of any of
  its groups: they see the offers and requests (special-category data, so nobody else
  does) and suggest matches.
- The two people in a match each see the suggestion and say yes or no for themselves;
  until both said yes each sees only the other's first name and what they share. Either
  may end the match at any time, and only they record meetings and read the notes.
"""

from __future__ import annotations

from typing import Any

import rules

from equalvoice.core import belonging
from equalvoice.core.models import Membership, Organisation, Role, User

from .models import Match, Offer, Request


def _organisation_id(obj: Any) -> int | None:
    if isinstance(obj, Organisation):
        return obj.pk
    if isinstance(obj, Match | Offer | Request):
        return obj.organisation_id
    return None


@rules.predicate
def in_organisation(user: User, obj: Any) -> bool:
    """Anyone with a place in the organisation."""
    org = _organisation_id(obj)
    if org is None or not user.is_authenticated:
        return False
    return belonging.in_organisation(user.pk, org)


@rules.predicate
def matches_people(user: User, obj: Any) -> bool:
    """An admin of the organisation, or a facilitator of one of its groups."""
    org = _organisation_id(obj)
    if org is None or not user.is_authenticated:
        return False
    if belonging.in_organisation(user.pk, org, Role.ADMIN):
        return True
    return Membership.objects.filter(
        user=user, group__organisation_id=org, role=Membership.GroupRole.FACILITATOR
    ).exists()


@rules.predicate
def in_the_match(user: User, obj: Any) -> bool:
    """One of the two people in the match."""
    return isinstance(obj, Match) and user.is_authenticated and obj.side_of(user) is not None


@rules.predicate
def both_said_yes(user: User, obj: Any) -> bool:
    """Both people in the match said yes."""
    return isinstance(obj, Match) and obj.both_said_yes


@rules.predicate
def owns(user: User, obj: Any) -> bool:
    """The person who made the offer or request."""
    return isinstance(obj, Offer | Request) and user.is_authenticated and obj.person_id == user.pk


rules.add_perm("peer.take_part", in_organisation)
rules.add_perm("peer.match", matches_people)
# Stopping an offer or a request: the person who made it.
rules.add_perm("peer.close", owns)
rules.add_perm("peer.view_match", in_the_match | matches_people)
# Each person answers for themselves; nobody answers for them.
rules.add_perm("peer.answer", in_the_match)
# The other person's name and details: the people who match; the two people once both
# said yes.
rules.add_perm("peer.see_each_other", matches_people | (in_the_match & both_said_yes))
rules.add_perm("peer.end", in_the_match)
# Meetings are recorded by the two people; their notes are for them alone.
rules.add_perm("peer.record_meeting", in_the_match & both_said_yes)
rules.add_perm("peer.read_notes", in_the_match)
