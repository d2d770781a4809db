"""Reads with rules for peer support. Another organisation's offers, requests and matches
are "not found"; so is a match for anyone but its two people and the people who match.
The counts for the co-production record are counts only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from equalvoice.core import selectors as core
from equalvoice.core import waiting
from equalvoice.core.models import Organisation, User

from . import matching
from .models import Match, Offer, PeerMeeting, Request


def offer_of(person: User, organisation: Organisation) -> Offer | None:
    return Offer.objects.filter(organisation=organisation, person=person).first()


def request_of(person: User, organisation: Organisation) -> Request | None:
    return Request.objects.filter(organisation=organisation, person=person).first()


def _matches() -> QuerySet[Match]:
    return Match.objects.select_related(
        "organisation", "offer__person", "request__person", "suggested_by", "ended_by"
    )


def matches_of(person: User, organisation: Organisation) -> list[Match]:
    """The person's matches in the organisation, as supporter or as the one who asked,
    except those one of them said no to."""
    return list(
        _matches()
        .filter(organisation=organisation)
        .filter(Q(offer__person=person) | Q(request__person=person))
        .exclude(state=Match.State.DECLINED)
    )


def match_for(user: User, org_slug: str, pk: int) -> Match:
    """A match the person is in, or one of their organisation's matches for the people who
    match; anything else is "not found"."""
    organisation = core.organisation_for(user, org_slug)
    found = core.first_or_404(_matches().filter(organisation=organisation, pk=pk), "No such match")
    if not user.has_perm("peer.view_match", found):
        raise Http404("No such match")
    return found


def matching_words_now() -> matching.Words:
    """The words of the reasons in the reader's language."""
    return matching.Words(
        topics=_("You both know about: %(topics)s"),
        area=_("Both in %(area)s"),
        language=_("You both speak %(language)s"),
        no_language=_("No language in common"),
        ways=_("Both happy to meet %(ways)s"),
        no_way=_("No way of meeting in common"),
        can_meet=_("Can meet this need: %(need)s"),
        cannot_meet=_("Cannot meet this need: %(need)s"),
        either=_("%(some)s or %(last)s"),
    )


def shared_in(match: Match) -> matching.Score:
    """What the two people in a match share, and what cannot be met, in words."""
    return matching.score(match.offer.side(), match.request.side(), matching_words_now())


def meetings_of(match: Match) -> QuerySet[PeerMeeting]:
    return match.meetings.select_related("recorded_by").order_by("-on", "-id")


@dataclass
class Suggestion:
    offer: Offer
    score: matching.Score


@dataclass
class Waiting:
    """An open request, with the open offers ranked against it and its live matches."""

    request: Request
    suggestions: list[Suggestion]
    live: list[Match]


def open_requests(organisation: Organisation) -> list[Waiting]:
    """Every open request in the organisation, each with the open offers ranked (not the
    person's own offer, nor offers already in a live match with it). Three queries."""
    requests = list(
        Request.objects.filter(organisation=organisation, is_open=True)
        .select_related("person")
        .order_by("created_at", "id")
    )
    offers = list(
        Offer.objects.filter(organisation=organisation, is_open=True).select_related("person")
    )
    live: dict[int, list[Match]] = {}
    for m in _matches().filter(organisation=organisation, state__in=Match.LIVE):
        live.setdefault(m.request_id, []).append(m)
    rows = []
    words = matching_words_now()
    for request in requests:
        taken = {m.offer_id for m in live.get(request.pk, [])}
        candidates = [
            (o, o.side()) for o in offers if o.person_id != request.person_id and o.pk not in taken
        ]
        ranked = matching.rank(request.side(), candidates, words)
        rows.append(
            Waiting(
                request=request,
                suggestions=[Suggestion(o, s) for o, s in ranked],
                live=live.get(request.pk, []),
            )
        )
    return rows


def open_offers(organisation: Organisation) -> QuerySet[Offer]:
    return Offer.objects.filter(organisation=organisation, is_open=True).select_related("person")


def offer_in(organisation: Organisation, pk: object) -> Offer:
    wanted = str(pk or "")
    rows = Offer.objects.filter(organisation=organisation, is_open=True)
    return core.first_or_404(
        rows.filter(pk=int(wanted)) if wanted.isdecimal() else rows.none(), "No such offer"
    )


def request_in(organisation: Organisation, pk: object) -> Request:
    wanted = str(pk or "")
    rows = Request.objects.filter(organisation=organisation, is_open=True)
    return core.first_or_404(
        rows.filter(pk=int(wanted)) if wanted.isdecimal() else rows.none(), "No such request"
    )


def individual_counts(organisation: Organisation) -> tuple[str, list[tuple[str, int]]]:
    """Peer support in the co-production record: counts only (record.individual)."""
    matches = Match.objects.filter(organisation=organisation)
    started = matches.filter(started_at__isnull=False)
    held = PeerMeeting.objects.filter(match__organisation=organisation, held=True)
    return (
        "Peer support",
        [
            ("Matches where both people said yes", started.count()),
            ("Matches active now", started.filter(state=Match.State.ACTIVE).count()),
            ("Peer support meetings held", held.count()),
            ("Matches that have ended", started.filter(state=Match.State.ENDED).count()),
        ],
    )


def personal_data(person: User) -> dict[str, object]:
    """Everything peer support keeps about the person, for their download."""

    def profile(p: Offer | Request) -> dict[str, object]:
        return {
            "organisation": p.organisation.name,
            "about": p.about,
            "topics": p.topics,
            "how": p.way_labels(),
            "when": p.when,
            "area": p.area,
            "languages": p.languages,
            "access_needs": p.need_labels(),
            "open": p.is_open,
            "since": p.created_at.isoformat(),
        }

    matches = []
    for m in _matches().filter(Q(offer__person=person) | Q(request__person=person)):
        side = m.side_of(person)
        other = m.request.person if side == "supporter" else m.offer.person
        matches.append(
            {
                "organisation": m.organisation.name,
                "you_were": "the supporter" if side == "supporter" else "the one supported",
                "with": other.name if m.both_said_yes else None,
                "state": m.get_state_display(),
                "your_answer": m.answer_of(person),
                "suggested": m.suggested_at.isoformat(),
                "started": m.started_at.isoformat() if m.started_at else None,
                "ended": m.ended_at.isoformat() if m.ended_at else None,
                "why_it_ended": m.ending_reason,
                "meetings": [
                    {"on": x.on.isoformat(), "held": x.held, "note": x.note}
                    for x in m.meetings.all()
                ],
            }
        )
    return {
        "offers": [
            profile(p) for p in Offer.objects.filter(person=person).select_related("organisation")
        ],
        "requests": [
            profile(p) for p in Request.objects.filter(person=person).select_related("organisation")
        ],
        "matches": matches,
    }


def _suggested_to(viewer: waiting.Viewer) -> QuerySet[Match]:
    """Suggested matches waiting for the person's yes or no."""
    me = viewer.user.pk
    return Match.objects.filter(
        organisation_id__in=viewer.organisation_ids, state=Match.State.SUGGESTED
    ).filter(
        Q(offer__person_id=me, supporter_yes__isnull=True)
        | Q(request__person_id=me, asker_yes__isnull=True)
    )


def _matching_in(viewer: waiting.Viewer) -> frozenset[int]:
    """The organisations where the person suggests matches."""
    return viewer.admin_of | viewer.facilitates_in


def _unmatched(viewer: waiting.Viewer) -> QuerySet[Request]:
    """Open requests with no live match, where the person suggests matches."""
    return Request.objects.filter(organisation_id__in=_matching_in(viewer), is_open=True).exclude(
        matches__state__in=Match.LIVE
    )


def waiting_questions(viewer: waiting.Viewer) -> dict[str, QuerySet[Any]]:
    """Asked first (core.waiting): any suggestion waiting for the person's answer; for
    the people who match, any open request with no match."""
    questions: dict[str, QuerySet[Any]] = {"peer-answer": _suggested_to(viewer)}
    if _matching_in(viewer):
        questions["peer-match"] = _unmatched(viewer)
    return questions


def waiting_for(viewer: waiting.Viewer) -> list[waiting.Waiting]:
    """For the home page (core.waiting): suggestions waiting for the person's yes or no,
    and, for the people who match, how many people ask for a peer supporter with no
    match suggested. Two queries at most, however many there are."""
    me = viewer.user.pk
    items: list[waiting.Waiting] = []
    suggested = (
        # Only what the words and the link need: the two people and the organisation.
        _suggested_to(viewer).select_related("organisation", "offer__person", "request__person")
        if viewer.may_have("peer-answer")
        else []
    )
    for m in suggested:
        other = m.request if m.offer.person_id == me else m.offer
        supporting = m.offer.person_id == me
        items.append(
            waiting.Waiting(
                kind="peer-answer",
                title=(
                    _("Say yes or no: would you like to support %(name)s?")
                    if supporting
                    else _("Say yes or no: would you like %(name)s as your peer supporter?")
                )
                % {"name": other.first_name},
                note=_("You see what you share before you answer."),
                easy_title=_("Say yes or no to a peer support match."),
                easy_notes=(_("With %(name)s.") % {"name": other.first_name},),
                url=m.get_absolute_url(),
                organisation=m.organisation,
                rank=40,
                icon="people",
            )
        )
    if viewer.may_have("peer-match") and _matching_in(viewer):
        unmatched = (
            _unmatched(viewer).values("organisation_id").annotate(n=Count("pk", distinct=True))
        )
        for row in unmatched:
            n, organisation = row["n"], viewer.organisations[row["organisation_id"]]
            items.append(
                waiting.Waiting(
                    kind="peer-match",
                    title=ngettext(
                        "Suggest a peer supporter: %(count)s person asks for one",
                        "Suggest a peer supporter: %(count)s people ask for one",
                        n,
                    )
                    % {"count": n},
                    easy_title=_("Suggest a peer supporter."),
                    easy_notes=(
                        ngettext(
                            "%(count)s person asks for one.", "%(count)s people ask for one.", n
                        )
                        % {"count": n},
                    ),
                    url=reverse("peer-matching", args=[organisation.slug]),
                    organisation=organisation,
                    rank=60,
                    running=True,
                    icon="people",
                )
            )
    return items
