"""Every change to peer support: permission, audit log, one transaction. The audit log
says who did what to which offer, request or match, never what people wrote about
themselves, their topics or their access needs, nor the notes of a meeting."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from equalvoice.core import audit
from equalvoice.core.models import AccessNeeds, Organisation, User
from equalvoice.core.permissions import require

from .models import Match, Offer, PeerMeeting, Request, Way

ABOUT_MAX = 2_000
NOTE_MAX = 2_000
REASON_MAX = 1_000
WORDS_MAX = 100
NEEDS_TOPIC = _("Choose at least one thing, or write your own")
NEEDS_WAY = _("Choose at least one way to meet")
NEEDS_REASON = _("Say in a few words why it is ending")


def _clean_words(words: Sequence[str], field: str, what: str) -> list[str]:
    """Words people typed (topics, languages): trimmed, each once, none too long."""
    found: dict[str, str] = {}
    for word in words:
        word = " ".join(str(word).split())
        if len(word) > WORDS_MAX:
            too_long = (
                _("Keep each topic to %(count)s characters")
                if what == "topic"
                else _("Keep each language to %(count)s characters")
            )
            raise ValidationError({field: too_long % {"count": WORDS_MAX}})
        if word and word.casefold() not in found:
            found[word.casefold()] = word
    if len(found) > 30:
        too_many = (
            _("Choose 30 topics at most") if what == "topic" else _("Choose 30 languages at most")
        )
        raise ValidationError({field: too_many})
    return list(found.values())


def _profile(
    profile: Offer | Request,
    *,
    about: str,
    topics: Sequence[str],
    ways: Sequence[str],
    when: str,
    area: str,
    languages: Sequence[str],
    access_needs: Sequence[str],
) -> None:
    if len(about) > ABOUT_MAX:
        raise ValidationError(
            {"about": _("Keep this to %(count)s characters") % {"count": f"{ABOUT_MAX:,}"}}
        )
    if len(when) > 200:
        raise ValidationError({"when": _("Keep this to 200 characters")})
    if len(area) > 100:
        raise ValidationError({"area": _("Keep the area to 100 characters")})
    chosen = _clean_words(topics, "topics", "topic")
    if not chosen:
        raise ValidationError({"topics": NEEDS_TOPIC})
    if not ways or any(w not in Way.values for w in ways):
        raise ValidationError({"ways": NEEDS_WAY})
    if any(n not in AccessNeeds.NEEDS for n in access_needs):
        raise ValidationError({"access_needs": _("Choose access needs from the list")})
    profile.about = about
    profile.topics = chosen
    profile.ways = [w for w in Way.values if w in ways]
    profile.when = " ".join(when.split())
    profile.area = " ".join(area.split())
    profile.languages = _clean_words(languages, "languages", "language") or ["English"]
    profile.access_needs = [n for n in AccessNeeds.NEEDS if n in access_needs]
    profile.is_open = True
    profile.updated_at = timezone.now()


def _save(
    model: type[Offer] | type[Request],
    words: tuple[str, str, str],
    *,
    actor: User,
    organisation: Organisation,
    fields: dict[str, Any],
) -> Offer | Request:
    """Make or change the person's one offer or request. `words`: the audit verb, and
    what they did when they first made it and when they changed it."""
    require(actor, "peer.take_part", organisation)
    found = model.objects.filter(organisation=organisation, person=actor).first()
    made = found is None
    profile = found or model(organisation=organisation, person=actor)
    _profile(profile, **fields)
    profile.save()
    verb, first, again = words
    audit.record(
        organisation=organisation,
        actor=actor,
        verb=f"peer.{verb}" if made else f"peer.{verb}_change",
        obj=profile,
        summary=f"{actor} {first if made else again} peer support",
    )
    return profile


@transaction.atomic
def offer_save(
    *,
    actor: User,
    organisation: Organisation,
    about: str = "",
    topics: Sequence[str],
    ways: Sequence[str],
    when: str = "",
    area: str = "",
    languages: Sequence[str] = (),
    access_needs: Sequence[str] = (),
) -> Offer:
    """Offer to be a peer mentor or supporter, or change the offer (one each)."""
    fields: dict[str, Any] = {"about": about, "topics": topics, "ways": ways, "when": when}
    fields.update(area=area, languages=languages, access_needs=access_needs)
    words = ("offer", "offered", "changed their offer of")
    saved = _save(Offer, words, actor=actor, organisation=organisation, fields=fields)
    assert isinstance(saved, Offer)
    return saved


@transaction.atomic
def request_save(
    *,
    actor: User,
    organisation: Organisation,
    about: str = "",
    topics: Sequence[str],
    ways: Sequence[str],
    when: str = "",
    area: str = "",
    languages: Sequence[str] = (),
    access_needs: Sequence[str] = (),
) -> Request:
    """Ask for a peer mentor or supporter, or change the request (one each)."""
    fields: dict[str, Any] = {"about": about, "topics": topics, "ways": ways, "when": when}
    fields.update(area=area, languages=languages, access_needs=access_needs)
    words = ("request", "asked for", "changed their request for")
    saved = _save(Request, words, actor=actor, organisation=organisation, fields=fields)
    assert isinstance(saved, Request)
    return saved


@transaction.atomic
def profile_close(*, actor: User, profile: Offer | Request) -> Offer | Request:
    """Stop offering, or stop asking. Matches already made go on."""
    require(actor, "peer.close", profile)
    profile.is_open = False
    profile.save(update_fields=["is_open"])
    kind = "offer" if isinstance(profile, Offer) else "request"
    audit.record(
        organisation=profile.organisation,
        actor=actor,
        verb=f"peer.{kind}_close",
        obj=profile,
        summary=f"{actor} stopped {'offering' if kind == 'offer' else 'asking for'} peer support",
    )
    return profile


@transaction.atomic
def match_suggest(*, actor: User, offer: Offer, request: Request) -> Match:
    """Suggest an offer for a request. Nobody is matched until both people say yes."""
    require(actor, "peer.match", request)
    if offer.organisation_id != request.organisation_id:
        raise ValidationError({"offer": _("Choose an offer from this organisation")})
    if not (offer.is_open and request.is_open):
        raise ValidationError({"offer": _("This offer or request is no longer open")})
    if offer.person_id == request.person_id:
        raise ValidationError({"offer": _("Nobody can be matched with themselves")})
    if Match.objects.filter(offer=offer, request=request, state__in=Match.LIVE).exists():
        raise ValidationError({"offer": _("These two people already have this match")})
    match = Match.objects.create(
        organisation=request.organisation, offer=offer, request=request, suggested_by=actor
    )
    audit.record(
        organisation=match.organisation,
        actor=actor,
        verb="peer.match_suggest",
        obj=match,
        summary=f"{actor} suggested a peer support match",
    )
    return match


@transaction.atomic
def match_answer(*, actor: User, match: Match, yes: bool) -> Match:
    """One of the two people says yes or no, for themselves. When both said yes the match
    starts; a no ends the suggestion, and the other person is not told who said no."""
    require(actor, "peer.answer", match)
    match = (
        Match.objects.select_for_update()
        .select_related("offer", "request", "organisation")
        .get(pk=match.pk)
    )
    if match.state != Match.State.SUGGESTED:
        raise ValidationError(_("This suggestion has already been answered."))
    now = timezone.now()
    if match.side_of(actor) == "supporter":
        match.supporter_yes, match.supporter_answered_at = yes, now
    else:
        match.asker_yes, match.asker_answered_at = yes, now
    if not yes:
        match.state = Match.State.DECLINED
    elif match.both_said_yes:
        match.state, match.started_at = Match.State.ACTIVE, now
    match.save()
    audit.record(
        organisation=match.organisation,
        actor=actor,
        verb="peer.match_yes" if yes else "peer.match_no",
        obj=match,
        summary=f"{actor} said {'yes' if yes else 'no'} to a peer support match"
        + (" (it starts now)" if match.state == Match.State.ACTIVE else ""),
    )
    return match


@transaction.atomic
def match_end(*, actor: User, match: Match, reason: str) -> Match:
    """Either person ends the match, at any time, saying why in a few plain words."""
    require(actor, "peer.end", match)
    match = Match.objects.select_for_update().select_related("organisation").get(pk=match.pk)
    if match.state not in Match.LIVE:
        raise ValidationError(_("This match has already ended."))
    if not reason.strip():
        raise ValidationError({"reason": NEEDS_REASON})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("Keep this to %(count)s characters") % {"count": f"{REASON_MAX:,}"}}
        )
    was_suggested = match.state == Match.State.SUGGESTED
    match.state = Match.State.ENDED
    match.ended_at, match.ended_by, match.ending_reason = timezone.now(), actor, reason.strip()
    match.save()
    audit.record(
        organisation=match.organisation,
        actor=actor,
        verb="peer.match_end",
        obj=match,
        summary=f"{actor} ended a peer support " + ("suggestion" if was_suggested else "match"),
    )
    return match


@transaction.atomic
def meeting_record(
    *, actor: User, match: Match, on: datetime.date, held: bool, note: str = ""
) -> PeerMeeting:
    """One of the two people records a meeting, held or not, with a note for them both."""
    require(actor, "peer.record_meeting", match)
    if match.state != Match.State.ACTIVE:
        raise ValidationError(_("Meetings can be recorded only while the match is active."))
    if held and on > timezone.localdate():
        raise ValidationError({"on": _("A meeting that was held cannot be in the future")})
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {"note": _("Keep the note to %(count)s characters") % {"count": f"{NOTE_MAX:,}"}}
        )
    meeting = PeerMeeting.objects.create(
        match=match, on=on, held=held, note=note, recorded_by=actor
    )
    audit.record(
        organisation=match.organisation,
        actor=actor,
        verb="peer.meeting",
        obj=meeting,
        summary=f"{actor} recorded a peer support meeting on {on:%-d %B %Y}"
        + ("" if held else " (not held)"),
    )
    return meeting
