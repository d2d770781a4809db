"""A match's life: nobody is matched without both saying yes; either ends it; meetings;
the record's counts; the person's download and deleting an account; bad input."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from equalvoice.core import actions as core_actions
from equalvoice.core.models import AuditEvent
from equalvoice.peer import actions, selectors
from equalvoice.peer.models import Match, Offer, PeerMeeting, Request

from .conftest import Peers
from .world import NOTE


def _fresh(peers: Peers) -> Match:
    """A new suggestion: the facilitator's offer for Nell's request."""
    return actions.match_suggest(
        actor=peers.w.admin,
        offer=Offer.objects.get(person=peers.w.facilitator),
        request=peers.p.nell_request,
    )


def test_one_yes_is_not_a_match(peers: Peers) -> None:
    match = _fresh(peers)
    match = actions.match_answer(actor=peers.w.facilitator, match=match, yes=True)
    assert match.state == Match.State.SUGGESTED
    assert match.started_at is None
    body = peers.client("nell").get(match.get_absolute_url()).content.decode()
    assert "Would you like Fran as your peer supporter?" in body
    assert "Fran Facilitator" not in body
    match = actions.match_answer(actor=peers.w.no_email_member, match=match, yes=True)
    assert match.state == Match.State.ACTIVE and match.started_at is not None
    body = peers.client("nell").get(match.get_absolute_url()).content.decode()
    assert "Fran Facilitator is supporting you" in body
    assert "I care for my dad." in body


def test_a_no_ends_the_suggestion_and_shows_no_one(peers: Peers) -> None:
    match = _fresh(peers)
    actions.match_answer(actor=peers.w.facilitator, match=match, yes=True)
    match = actions.match_answer(actor=peers.w.no_email_member, match=match, yes=False)
    assert match.state == Match.State.DECLINED and match.started_at is None
    body = peers.client("facilitator").get(match.get_absolute_url()).content.decode()
    assert "One of them said no" in body
    nell_reads = peers.client("nell").get(match.get_absolute_url()).content.decode()
    assert "A suggested match with Fran" in nell_reads
    assert "I care for my dad." not in nell_reads and "Fran Facilitator" not in nell_reads
    with pytest.raises(ValidationError, match="already been answered"):
        actions.match_answer(actor=peers.w.facilitator, match=match, yes=True)
    # A declined match is not in either person's list, and can be suggested again.
    assert match not in selectors.matches_of(peers.w.no_email_member, peers.w.org)
    again = _fresh(peers)
    assert again.pk != match.pk


def test_nobody_answers_for_someone_else(peers: Peers) -> None:
    match = _fresh(peers)
    # The admin suggested it, Mo and Olu are not in it: none of them may answer.
    for someone in (peers.w.admin, peers.w.member, peers.outsider):
        with pytest.raises(PermissionDenied):
            actions.match_answer(actor=someone, match=match, yes=True)
    assert Match.objects.get(pk=match.pk).supporter_yes is None


def test_the_database_refuses_an_active_match_without_both_yes(peers: Peers) -> None:
    match = _fresh(peers)
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.filter(pk=match.pk).update(state=Match.State.ACTIVE, supporter_yes=True)


def test_the_same_pair_cannot_be_suggested_twice_while_live(peers: Peers) -> None:
    _fresh(peers)
    with pytest.raises(ValidationError, match="already have this match"):
        _fresh(peers)


def test_nobody_is_matched_with_themselves(peers: Peers) -> None:
    with pytest.raises(ValidationError, match="themselves"):
        actions.match_suggest(
            actor=peers.w.admin, offer=peers.p.member_offer, request=peers.p.member_request
        )


def test_either_person_ends_a_match_at_any_time(peers: Peers) -> None:
    client = peers.client("nell")
    url = reverse("peer-match-end", args=[peers.w.org.slug, peers.p.active.pk])
    empty = client.post(url, {"reason": "  "})
    assert empty.status_code == 400
    assert "Say in a few words why it is ending" in empty.content.decode()
    done = client.post(url, {"reason": "I feel ready to go on my own now."})
    assert done.status_code == 302
    match = Match.objects.get(pk=peers.p.active.pk)
    assert match.state == Match.State.ENDED and match.ended_by == peers.w.no_email_member
    body = peers.client("member").get(match.get_absolute_url()).content.decode()
    assert "I feel ready to go on my own now." in body
    assert "Ended" in body and "Record a meeting" not in body
    with pytest.raises(ValidationError, match="only while the match is active"):
        actions.meeting_record(
            actor=peers.w.member, match=match, on=timezone.localdate(), held=True
        )
    with pytest.raises(ValidationError, match="already ended"):
        actions.match_end(actor=peers.w.member, match=match, reason="Again")


def test_a_suggestion_can_be_ended_before_both_say_yes(peers: Peers) -> None:
    match = actions.match_end(
        actor=peers.w.member, match=peers.p.suggested, reason="I found support elsewhere."
    )
    assert match.state == Match.State.ENDED and match.started_at is None
    # Nell never learns who Mo is.
    body = peers.client("nell").get(match.get_absolute_url()).content.decode()
    assert "Mo Member" not in body


def test_meetings_held_in_the_future_are_refused_in_words(peers: Peers) -> None:
    client = peers.client("member")
    url = reverse("peer-meeting-add", args=[peers.w.org.slug, peers.p.active.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        url,
        {
            "on-day": tomorrow.day,
            "on-month": tomorrow.month,
            "on-year": tomorrow.year,
            "held": "yes",
            "note": "Kept",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "A meeting that was held cannot be in the future" in body
    assert "Kept" in body
    bad = client.post(url, {"on-day": "31", "on-month": "2", "on-year": "2026", "held": "yes"})
    assert "must be a real date" in bad.content.decode()
    assert PeerMeeting.objects.filter(match=peers.p.active).count() == 1


def test_offer_form_keeps_what_was_typed_and_says_what_is_missing(peers: Peers) -> None:
    client = peers.client("outsider")
    response = client.post(
        reverse("peer-offer", args=[peers.w.org.slug]),
        {"about": "I use a wheelchair.", "area": "Northgate", "languages": "English, Welsh"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    for words in (
        "Choose at least one thing, or write your own",
        "Choose at least one way to meet",
        "Tick the box to agree, or go back",
        "I use a wheelchair.",
        "Northgate",
        "English, Welsh",
    ):
        assert words in body
    assert not Offer.objects.filter(person=peers.outsider).exists()
    ok = client.post(
        reverse("peer-offer", args=[peers.w.org.slug]),
        {
            "about": "I use a wheelchair.",
            "own_topics": "Wheelchair football, housing adaptations",
            "ways": ["in_person"],
            "languages": "English, Welsh, english",
            "access_needs": ["step_free_access"],
            "agree": "on",
        },
    )
    assert ok.status_code == 302
    offer = Offer.objects.get(person=peers.outsider)
    assert offer.topics == ["Wheelchair football", "housing adaptations"]
    assert offer.languages == ["English", "Welsh"]
    assert offer.need_labels() == ["Step-free access"]


def test_bad_values_sent_to_actions_are_refused_in_words(peers: Peers) -> None:
    org, person = peers.w.org, peers.outsider
    with pytest.raises(ValidationError, match="way to meet"):
        actions.offer_save(actor=person, organisation=org, topics=["Housing"], ways=["fax"])
    with pytest.raises(ValidationError, match="access needs from the list"):
        actions.request_save(
            actor=person, organisation=org, topics=["x"], ways=["phone"], access_needs=["wings"]
        )
    with pytest.raises(ValidationError, match="at least one thing"):
        actions.request_save(actor=person, organisation=org, topics=["  "], ways=["phone"])
    with pytest.raises(PermissionDenied):
        actions.offer_save(
            actor=peers.w.other_admin, organisation=org, topics=["x"], ways=["phone"]
        )
    suggest = reverse("peer-suggest", args=[org.slug, peers.p.member_request.pk])
    for junk in ("", "abc", "999999", str(peers.p.member_offer.pk + 10_000)):
        assert peers.client("facilitator").post(suggest, {"offer": junk}).status_code == 404
    answer = reverse("peer-match-answer", args=[org.slug, peers.p.suggested.pk])
    response = peers.client("member").post(answer, {"answer": "maybe"}, follow=True)
    assert "Choose yes or no." in response.content.decode()
    assert Match.objects.get(pk=peers.p.suggested.pk).asker_yes is None


def test_stopping_an_offer_takes_it_off_the_matching_page(peers: Peers) -> None:
    matching = reverse("peer-matching", args=[peers.w.org.slug])
    assert "Suggest Fran" in peers.client("admin").get(matching).content.decode()
    peers.client("facilitator").post(reverse("peer-stop", args=[peers.w.org.slug, "offer"]))
    assert not Offer.objects.get(person=peers.w.facilitator).is_open
    assert "Suggest Fran" not in peers.client("admin").get(matching).content.decode()
    # Matches already made go on.
    assert Match.objects.get(pk=peers.p.active.pk).state == Match.State.ACTIVE


def test_matching_page_ranks_and_says_why(peers: Peers) -> None:
    body = (
        peers.client("facilitator")
        .get(reverse("peer-matching", args=[peers.w.org.slug]))
        .content.decode()
    )
    # Fran shares area, languages and ways with Mo's request, but not the topic, and
    # cannot meet the BSL need.
    assert "Mo Member asks for support" in body
    assert "Cannot meet this need: British Sign Language interpreter" in body
    assert "Already suggested:" in body


def _board(peers: Peers, role: str = "member") -> str:
    return peers.client(role).get(reverse("record-board", args=[peers.w.org.slug])).content.decode()


def test_the_record_counts_peer_support_hiding_small_numbers(peers: Peers) -> None:
    body = _board(peers)
    assert "Co-production with individuals" in body
    assert "Peer support" in body
    # One match started and one meeting held: fewer than five, so not shown.
    assert "Fewer than 5" in body
    with override_settings(EQUALVOICE_MIN_GROUP_SIZE=1):
        counts = dict(selectors.individual_counts(peers.w.org)[1])
        body = _board(peers)
    assert counts == {
        "Matches where both people said yes": 1,
        "Matches active now": 1,
        "Peer support meetings held": 1,
        "Matches that have ended": 0,
    }
    assert "Fewer than" not in body
    # Another organisation's board counts only its own.
    other = dict(selectors.individual_counts(peers.w.other_org)[1])
    assert set(other.values()) == {0}


def test_the_record_counts_grow_with_meetings_and_endings(peers: Peers) -> None:
    today = timezone.localdate()
    for days in range(2, 7):
        actions.meeting_record(
            actor=peers.w.no_email_member,
            match=peers.p.active,
            on=today - datetime.timedelta(days=days),
            held=days != 4,
        )
    actions.match_end(actor=peers.w.member, match=peers.p.active, reason="Done")
    counts = dict(selectors.individual_counts(peers.w.org)[1])
    assert counts["Peer support meetings held"] == 5  # 1 + 5 recorded, 1 not held
    assert counts["Matches that have ended"] == 1
    assert counts["Matches active now"] == 0
    with override_settings(EQUALVOICE_MIN_GROUP_SIZE=5):
        body = _board(peers)
    assert '<dd class="govuk-summary-list__value">5</dd>' in body


def test_the_persons_download_has_their_peer_support(peers: Peers) -> None:
    data = peers.client("member").post(reverse("my-data-download")).content.decode()
    mine = json.loads(data)["peer_support"]
    assert mine["offers"][0]["about"] == "I went back to work with sight loss."
    assert mine["requests"][0]["access_needs"] == ["British Sign Language interpreter"]
    by_state = {m["state"]: m for m in mine["matches"]}
    # The other person is named only once both said yes.
    assert by_state["Active"]["with"] == "Nell Noemail"
    assert by_state["Active"]["meetings"][0]["note"] == NOTE
    assert by_state["Waiting for both to say yes"]["with"] is None


def test_deleting_an_account_takes_their_peer_support_with_it(peers: Peers) -> None:
    nell = peers.w.no_email_member
    core_actions.account_erase(actor=peers.w.admin, person=nell)
    assert not Offer.objects.filter(person=nell).exists()
    assert not Request.objects.filter(person=nell).exists()
    assert not Match.objects.filter(pk__in=[peers.p.suggested.pk, peers.p.active.pk]).exists()
    assert not PeerMeeting.objects.filter(note=NOTE).exists()
    # Mo's own offer and request stay.
    assert Offer.objects.filter(person=peers.w.member).exists()
    assert AuditEvent.objects.filter(verb="peer.match_suggest").exists()


def _home(peers: Peers, role: str) -> str:
    return peers.client(role).get(reverse("home")).content.decode()


def test_the_home_page_says_what_waits(peers: Peers) -> None:
    # Mo and Nell have not answered the suggestion; Olu has nothing waiting.
    assert "would you like Nell as your peer supporter?" in _home(peers, "member")
    assert "would you like to support Mo?" in _home(peers, "nell")
    assert "peer supporter" not in _home(peers, "outsider")
    # The people who match: Nell's request has a live (active) match and Mo's a
    # suggestion, so nobody waits to be matched, until Olu asks.
    assert "Suggest a peer supporter" not in _home(peers, "facilitator")
    actions.request_save(
        actor=peers.outsider, organisation=peers.w.org, topics=["Housing"], ways=["phone"]
    )
    for role in ("facilitator", "admin"):
        assert "Suggest a peer supporter: 1 person asks for one" in _home(peers, role)
    assert "Suggest a peer supporter" not in _home(peers, "other_admin")
    actions.match_answer(actor=peers.w.member, match=peers.p.suggested, yes=True)
    assert "would you like Nell" not in _home(peers, "member")
    mine = peers.client("member").get(reverse("peer", args=[peers.w.org.slug])).content.decode()
    assert "You said yes: waiting for the other person" in mine


def test_after_deleting_an_account_nothing_in_peer_support_names_them(peers: Peers) -> None:
    from ..test_erasure import _where_found

    actions.match_end(actor=peers.w.no_email_member, match=peers.p.active, reason="Mo moved")
    core_actions.account_erase(actor=peers.w.member, person=peers.w.member)
    assert _where_found("Mo Member") == []
    assert not Match.objects.filter(offer__person=peers.w.member).exists()
    assert not Match.objects.filter(request__person=peers.w.member).exists()
    # Nell's offer and request stay, open for someone else.
    assert Offer.objects.get(person=peers.w.no_email_member).is_open


def test_only_the_person_stops_their_offer(peers: Peers) -> None:
    for someone in (peers.w.admin, peers.w.facilitator, peers.w.no_email_member):
        with pytest.raises(PermissionDenied):
            actions.profile_close(actor=someone, profile=peers.p.member_offer)
    assert (
        actions.profile_close(actor=peers.w.member, profile=peers.p.member_offer).is_open is False
    )
