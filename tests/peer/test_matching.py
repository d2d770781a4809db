"""The ranking of offers against a request (peer/matching.py): the rules in general
(hypothesis) and the words people read."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from equalvoice.peer.matching import Side, rank, score

TOPICS = ["Sight loss", "Mental health", "Autism", "Housing", "Getting back to work"]
AREAS = ["", "Eastfield", "Westbrook"]
LANGUAGES = ["English", "Welsh", "British Sign Language", "Urdu"]
WAYS = ["in person", "by phone", "by video call"]
NEEDS = ["Large print", "Step-free access", "Hearing loop"]


def _tuple(choices: list[str]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(choices), unique=True).map(tuple)


sides = st.builds(
    Side,
    topics=_tuple(TOPICS),
    area=st.sampled_from(AREAS),
    languages=_tuple(LANGUAGES),
    ways=_tuple(WAYS),
    needs=_tuple(NEEDS),
)
no_needs = sides.map(lambda s: Side(s.topics, s.area, s.languages, s.ways, ()))


def test_the_reasons_people_read() -> None:
    offer = Side(
        topics=("Sight loss", "Housing"),
        area="Eastfield",
        languages=("English", "Welsh"),
        ways=("in person", "by phone"),
        needs=("Large print",),
    )
    request = Side(
        topics=("sight loss ", "Autism"),
        area=" eastfield",
        languages=("Welsh",),
        ways=("by phone",),
        needs=("Large print", "Hearing loop"),
    )
    result = score(offer, request)
    assert result.reasons == (
        "You both know about: sight loss",
        "Both in eastfield",
        "You both speak Welsh",
        "Both happy to meet by phone",
        "Can meet this need: Large print",
    )
    assert result.cannot == ("Cannot meet this need: Hearing loop",)
    # 3 (topic) + 2 (area) + 2 (language) + 1 (way) + 2 (need met)
    assert result.points == 10


def test_nothing_in_common_is_said() -> None:
    result = score(
        Side(languages=("Urdu",), ways=("by phone",)),
        Side(languages=("Welsh",), ways=("in person",)),
    )
    assert result.points == 0
    assert result.reasons == ()
    assert result.cannot == ("No language in common", "No way of meeting in common")


@given(no_needs, no_needs)
def test_symmetric_without_access_needs(a: Side, b: Side) -> None:
    """Topics, area, languages and ways count the same from either side."""
    assert score(a, b).points == score(b, a).points
    assert set(score(a, b).cannot) == set(score(b, a).cannot)


@given(sides, sides, st.sampled_from(TOPICS))
def test_sharing_another_topic_never_lowers_the_score(
    offer: Side, request: Side, topic: str
) -> None:
    before = score(offer, request)
    more = score(
        Side(offer.topics + (topic,), offer.area, offer.languages, offer.ways, offer.needs),
        Side(
            request.topics + (topic,), request.area, request.languages, request.ways, request.needs
        ),
    )
    assert more.points >= before.points
    assert any(topic in r for r in more.reasons)


@given(sides, sides, st.sampled_from(LANGUAGES))
def test_sharing_a_language_never_lowers_the_score(offer: Side, request: Side, lang: str) -> None:
    before = score(offer, request)
    more = score(
        Side(offer.topics, offer.area, offer.languages + (lang,), offer.ways, offer.needs),
        Side(
            request.topics, request.area, request.languages + (lang,), request.ways, request.needs
        ),
    )
    assert more.points >= before.points
    assert f"You both speak {lang}" in more.reasons


@given(sides, sides, st.sampled_from(NEEDS))
def test_meeting_another_need_never_lowers_the_score(offer: Side, request: Side, need: str) -> None:
    before = score(offer, request)
    more = score(
        Side(offer.topics, offer.area, offer.languages, offer.ways, offer.needs + (need,)),
        request,
    )
    assert more.points >= before.points


@given(sides, sides)
def test_every_need_is_either_met_or_said_it_cannot_be(offer: Side, request: Side) -> None:
    result = score(offer, request)
    for need in request.needs:
        met = f"Can meet this need: {need}" in result.reasons
        unmet = f"Cannot meet this need: {need}" in result.cannot
        assert met != unmet
        assert met == (need in offer.needs)


@given(sides, st.lists(sides, max_size=6))
def test_rank_is_best_first_and_keeps_every_offer(request: Side, offers: list[Side]) -> None:
    ranked = rank(request, list(enumerate(offers)))
    assert sorted(i for i, _ in ranked) == list(range(len(offers)))
    points = [s.points for _, s in ranked]
    assert points == sorted(points, reverse=True)
    for i, s in ranked:
        assert s == score(offers[i], request)
