"""Who sees and does what in peer support: anonymous, the person, the other person before
and after both say yes, someone else in the organisation, a facilitator, the
organisation's admin and another organisation's admin, for every page and every change.
Nothing special-category leaks: the offers' and requests' words, access needs and the
meeting notes are read only by the right people."""

from __future__ import annotations

import pytest
from django.urls import reverse

from equalvoice.core.models import AuditEvent
from equalvoice.peer.models import Match, Offer, PeerMeeting, Request

from .conftest import Peers
from .world import NOTE

# What Mo and Nell wrote about themselves (tests/peer/world.py).
MO_ASKS = "Help with my hearing aids."
MO_OFFERS = "I went back to work with sight loss."
NELL_OFFERS = "Deaf all my life."
NELL_ASKS = "My epilepsy diagnosis is new and I am scared."
SECRETS = [MO_ASKS, MO_OFFERS, NELL_OFFERS, NELL_ASKS, NOTE]

OK, LOGIN, FORBIDDEN, MISSING = 200, 302, 403, 404


def _url(peers: Peers, name: str, **kwargs: object) -> str:
    return reverse(name, kwargs={"org": peers.w.org.slug, **kwargs})


def _get(peers: Peers, role: str, url: str) -> tuple[int, str]:
    response = peers.client(role).get(url)
    return response.status_code, response.content.decode()


# page -> {role: (status, words they must read, words they must not)}
def _pages(peers: Peers) -> dict[str, tuple[str, dict[str, tuple[int, list[str]]]]]:
    s, a = peers.p.suggested.pk, peers.p.active.pk
    return {
        "my peer support": (
            _url(peers, "peer"),
            {
                "anonymous": (LOGIN, []),
                "member": (OK, [MO_ASKS, MO_OFFERS, "Supporting Nell Noemail"]),
                "nell": (OK, [NELL_OFFERS, NELL_ASKS, "Supported by Mo Member"]),
                "outsider": (OK, []),
                "facilitator": (OK, []),
                "admin": (OK, []),
                "other_admin": (MISSING, []),
            },
        ),
        "matching": (
            _url(peers, "peer-matching"),
            {
                "anonymous": (LOGIN, []),
                "member": (FORBIDDEN, []),
                "nell": (FORBIDDEN, []),
                "outsider": (FORBIDDEN, []),
                "facilitator": (OK, [MO_ASKS, NELL_ASKS]),
                "admin": (OK, [MO_ASKS, NELL_ASKS]),
                "other_admin": (MISSING, []),
            },
        ),
        "suggested match": (
            _url(peers, "peer-match", pk=s),
            {
                "anonymous": (LOGIN, []),
                "member": (OK, ["Would you like Nell as your peer supporter?"]),
                "nell": (OK, ["Would you like to support Mo?"]),
                "outsider": (MISSING, []),
                "facilitator": (OK, ["Nell Noemail supporting Mo Member"]),
                "admin": (OK, ["Nell Noemail supporting Mo Member"]),
                "other_admin": (MISSING, []),
            },
        ),
        "active match": (
            _url(peers, "peer-match", pk=a),
            {
                "anonymous": (LOGIN, []),
                "member": (OK, ["You are supporting Nell Noemail", NELL_ASKS, NOTE]),
                "nell": (OK, ["Mo Member is supporting you", MO_OFFERS, NOTE]),
                "outsider": (MISSING, []),
                "facilitator": (OK, ["Mo Member supporting Nell Noemail", "1 meeting recorded"]),
                "admin": (OK, ["Mo Member supporting Nell Noemail", "1 meeting recorded"]),
                "other_admin": (MISSING, []),
            },
        ),
        "end": (
            _url(peers, "peer-match-end", pk=a),
            {
                "anonymous": (LOGIN, []),
                "member": (OK, []),
                "nell": (OK, []),
                "outsider": (MISSING, []),
                "facilitator": (FORBIDDEN, []),
                "admin": (FORBIDDEN, []),
                "other_admin": (MISSING, []),
            },
        ),
        "record a meeting": (
            _url(peers, "peer-meeting-add", pk=a),
            {
                "anonymous": (LOGIN, []),
                "member": (OK, []),
                "nell": (OK, []),
                "outsider": (MISSING, []),
                "facilitator": (FORBIDDEN, []),
                "admin": (FORBIDDEN, []),
                "other_admin": (MISSING, []),
            },
        ),
        "record a meeting before both said yes": (
            _url(peers, "peer-meeting-add", pk=s),
            {
                "anonymous": (LOGIN, []),
                "member": (FORBIDDEN, []),
                "nell": (FORBIDDEN, []),
                "outsider": (MISSING, []),
                "facilitator": (FORBIDDEN, []),
                "admin": (FORBIDDEN, []),
                "other_admin": (MISSING, []),
            },
        ),
    }


# Who may read each secret on each page (everyone else must not).
MAY_READ = {
    "my peer support": {
        MO_ASKS: {"member"},
        MO_OFFERS: {"member"},
        NELL_OFFERS: {"nell"},
        NELL_ASKS: {"nell"},
    },
    "matching": {MO_ASKS: {"facilitator", "admin"}, NELL_ASKS: {"facilitator", "admin"}},
    # Before both said yes, neither reads what the other wrote; the people who match
    # see the state, not the words.
    "suggested match": {},
    "active match": {
        NELL_ASKS: {"member"},
        MO_OFFERS: {"nell"},
        NOTE: {"member", "nell"},
    },
}


@pytest.mark.parametrize(
    "page",
    [
        "my peer support",
        "matching",
        "suggested match",
        "active match",
        "end",
        "record a meeting",
        "record a meeting before both said yes",
    ],
)
def test_get_grid_and_no_leaks(peers: Peers, page: str) -> None:
    url, expected = _pages(peers)[page]
    readers = MAY_READ.get(page, {})
    for role in Peers.ROLES:
        status, body = _get(peers, role, url)
        want, words = expected[role]
        assert status == want, f"{role} GET {page}"
        for word in words:
            assert word in body, f"{role} should read {word!r} on {page}"
        for secret in SECRETS:
            if role not in readers.get(secret, set()):
                assert secret not in body, f"{role} reads {secret!r} on {page}"


def test_before_both_said_yes_only_first_names(peers: Peers) -> None:
    url = _url(peers, "peer-match", pk=peers.p.suggested.pk)
    _, mo_reads = _get(peers, "member", url)
    _, nell_reads = _get(peers, "nell", url)
    assert "Noemail" not in mo_reads
    assert "Mo Member" not in nell_reads
    # What they share, in words, is what they decide on.
    assert "Both in Eastfield" in mo_reads
    assert "You both speak Welsh" in nell_reads
    assert "Can meet this need: British Sign Language interpreter" in mo_reads


def _changes(peers: Peers):  # type: ignore[no-untyped-def]
    w, p = peers.w, peers.p
    s, a = p.suggested.pk, p.active.pk
    offer = {"topics": ["Housing"], "ways": ["phone"], "languages": "English", "agree": "on"}
    return [
        # (name, url, data, roles allowed, how to tell it happened)
        (
            "suggest",
            _url(peers, "peer-suggest", pk=p.member_request.pk),
            {"offer": Offer.objects.get(person=w.facilitator).pk},
            {"facilitator", "admin"},
            lambda: Match.objects.filter(offer__person=w.facilitator).exists(),
        ),
        (
            "answer",
            _url(peers, "peer-match-answer", pk=s),
            {"answer": "yes"},
            {"member", "nell"},
            lambda: (
                Match.objects.filter(pk=s)
                .exclude(supporter_yes__isnull=True, asker_yes__isnull=True)
                .exists()
            ),
        ),
        (
            "end",
            _url(peers, "peer-match-end", pk=a),
            {"reason": "We met enough."},
            {"member", "nell"},
            lambda: Match.objects.get(pk=a).state == Match.State.ENDED,
        ),
        (
            "meeting",
            _url(peers, "peer-meeting-add", pk=a),
            {"on": "2020-01-02", "held": "yes"},
            {"member", "nell"},
            lambda: PeerMeeting.objects.filter(match_id=a).count() == 2,
        ),
        (
            "offer",
            _url(peers, "peer-offer"),
            offer,
            {"member", "nell", "outsider", "facilitator", "admin"},
            lambda: Offer.objects.filter(topics=["Housing"]).exists(),
        ),
        (
            "ask",
            _url(peers, "peer-ask"),
            offer,
            {"member", "nell", "outsider", "facilitator", "admin"},
            lambda: Request.objects.filter(topics=["Housing"]).exists(),
        ),
    ]


@pytest.mark.parametrize("change", ["suggest", "answer", "end", "meeting", "offer", "ask"])
@pytest.mark.parametrize("role", Peers.ROLES)
def test_post_grid(peers: Peers, change: str, role: str) -> None:
    name, url, data, allowed, happened = next(c for c in _changes(peers) if c[0] == change)
    before = AuditEvent.objects.filter(verb__startswith="peer.").count()
    response = peers.client(role).post(url, data)
    if role in allowed:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert happened(), f"{role} could not {name}"
        assert AuditEvent.objects.filter(verb__startswith="peer.").count() == before + 1
    else:
        assert response.status_code in (302, 403, 404)
        if role == "anonymous":
            assert response["Location"].startswith(reverse("sign-in"))
        if role in ("outsider", "other_admin") and change in ("answer", "end", "meeting"):
            assert response.status_code == 404
        assert not happened(), f"{role} could {name}"
        assert AuditEvent.objects.filter(verb__startswith="peer.").count() == before


def test_the_audit_log_holds_no_personal_words(peers: Peers) -> None:
    summaries = " ".join(AuditEvent.objects.values_list("summary", flat=True))
    for secret in [*SECRETS, "Sight loss", "Being Deaf", "British Sign Language", "Eastfield"]:
        assert secret not in summaries
