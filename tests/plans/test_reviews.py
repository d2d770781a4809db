"""Reviews and the journey: the person (or someone in their circle, with their
agreement) records a review with a 1–5 rating for each area; the plan shows the journey
in words, as a table and as a chart, from the reviews each person may see.

The grid: three reviews, one shared each way, each with its own words and ratings, read
by every role; adding a review and changing who sees it, by every role; bad input; the
download and deleting an account."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from equalvoice.core import actions as core_actions
from equalvoice.core.models import AuditEvent
from equalvoice.plans import actions
from equalvoice.plans.journey import MONTHS
from equalvoice.plans.models import Plan, Rating, Review, Section

from ..page_text import Page
from .conftest import ROLES, PlanWorld

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
# key -> (shared as, held on, what changed, ratings)
REVIEWS = {
    "private": (
        Section.Visibility.PRIVATE,
        datetime.date(2026, 1, 10),
        "Only I know the first review",
        {"home": 1, "wellbeing": 1},
    ),
    "circle": (
        Section.Visibility.CIRCLE,
        datetime.date(2026, 3, 3),
        "My circle reads the March review",
        {"home": 2, "wellbeing": 3, "community": 2},
    ),
    "worker": (
        Section.Visibility.WORKER,
        datetime.date(2026, 9, 10),
        "My worker reads the September review",
        {"home": 4, "wellbeing": 3, "community": 1, "goals": 5},
    ),
}
# Which reviews each role may read.
SEES = {
    "owner": {"private", "circle", "worker"},
    "family": {"circle", "worker"},
    "worker": {"worker"},
    "staff": set(),
    "admin": set(),
    "other_admin": set(),
    "anonymous": set(),
}


@pytest.fixture
def reviewed(pw: PlanWorld) -> dict[str, Review]:
    owner = pw.people["owner"]
    assert owner is not None
    made = {}
    for key, (visibility, held_on, words, ratings) in REVIEWS.items():
        made[key] = actions.review_add(
            actor=owner,
            plan=pw.plan,
            held_on=held_on,
            took_part=[owner],
            what_changed=words,
            ratings=ratings,
            visibility=visibility,
        )
    return made


def _plan_url(pw: PlanWorld) -> str:
    return pw.plan.get_absolute_url()


def _review_url(pw: PlanWorld, review: Review) -> str:
    return reverse("my-plan-review", args=[pw.org.slug, pw.plan.pk, review.pk])


def _add_url(pw: PlanWorld) -> str:
    return reverse("my-plan-review-add", args=[pw.org.slug, pw.plan.pk])


@pytest.mark.parametrize("role", ROLES)
def test_each_person_reads_exactly_the_reviews_shared_with_them(
    pw: PlanWorld, reviewed: dict[str, Review], role: str
) -> None:
    client = pw.client(role)
    read = ""
    response = client.get(_plan_url(pw))
    if response.status_code == 200:
        read += Page(response).whole
    for key, review in reviewed.items():
        response = client.get(_review_url(pw, review))
        expected = 302 if role == "anonymous" else 200 if key in SEES[role] else 404
        assert response.status_code == expected, (role, key)
        if response.status_code == 200:
            read += Page(response).whole
    seen = {key for key, (_, _, words, _) in REVIEWS.items() if words in read}
    assert seen == SEES[role], role


def _journey_words(keys: set[str]) -> list[str]:
    """The journey in words worked out here, from the reviews a person may see: each
    area's latest rating against the one before it."""
    shown = sorted((REVIEWS[k][1], REVIEWS[k][3]) for k in keys)
    lines = []
    for area, name in [
        ("home", "Home"),
        ("wellbeing", "Wellbeing"),
        ("community", "Community"),
        ("goals", "Goals"),
    ]:
        rated = [(d, r[area]) for d, r in shown if area in r]
        if not rated:
            lines.append(f"{name}: not rated yet")
            continue
        if len(rated) == 1:
            line = f"{name}: first rated in {MONTHS[rated[0][0].month - 1]}"
        else:
            (d0, before), (_, latest) = rated[-2], rated[-1]
            word = "better" if latest > before else "worse" if latest < before else "the same"
            line = f"{name}: {word} since {MONTHS[d0.month - 1]}"
        if rated[-1][0] != shown[-1][0]:
            line += f". Not rated in {MONTHS[shown[-1][0].month - 1]}"
        lines.append(line)
    return lines


@pytest.mark.parametrize("role", ["owner", "family", "worker"])
def test_the_journey_on_the_plan_is_drawn_from_the_reviews_each_person_may_see(
    pw: PlanWorld, reviewed: dict[str, Review], role: str
) -> None:
    response = pw.client(role).get(_plan_url(pw))
    page = Page(response)
    words = page.section("How things are going", until="Reviews")
    expected = _journey_words(SEES[role])
    for line in expected:
        assert line in words, (role, line, words)
    rows = page.table("The ratings at each review")
    assert rows[0] == ["Review", "Home", "Wellbeing", "Community", "Goals"]
    dates = sorted(REVIEWS[k][1] for k in SEES[role])
    assert [r[0] for r in rows[1:]] == [f"{d.day} {MONTHS[d.month - 1]} {d.year}" for d in dates]
    if "worker" in SEES[role]:
        assert rows[-1][1:] == ["Good (4)", "OK (3)", "Very bad (1)", "Very good (5)"]
    # The chart is there, with its words for screen readers.
    assert len(page.svg_widths("ev-chart--plan-journey")) == 1
    html = response.content.decode()
    assert 'role="img"' in html and expected[0] in html


def test_the_owners_journey_in_words() -> None:
    # The owner sees all three reviews: worked out by hand once, so the rule in the test
    # helper above is itself checked.
    assert _journey_words(SEES["owner"]) == [
        "Home: better since March",
        "Wellbeing: the same since March",
        "Community: worse since March",
        "Goals: first rated in September",
    ]
    assert _journey_words(SEES["worker"]) == [
        "Home: first rated in September",
        "Wellbeing: first rated in September",
        "Community: first rated in September",
        "Goals: first rated in September",
    ]


def test_with_no_review_shared_the_plan_says_so(pw: PlanWorld) -> None:
    text = Page(pw.client("family").get(_plan_url(pw))).text
    assert "Olu Owner has not shared a review with you yet" in text
    owner_text = Page(pw.client("owner").get(_plan_url(pw))).text
    assert "No reviews yet" in owner_text


def test_a_review_page_reads_as_it_was_recorded(pw: PlanWorld) -> None:
    owner, family = pw.people["owner"], pw.people["family"]
    assert owner is not None and family is not None
    review = actions.review_add(
        actor=family,
        plan=pw.plan,
        held_on=datetime.date(2026, 4, 2),
        took_part=[owner, family],
        others_there="My neighbour Bea",
        what_changed="Olu started swimming again",
        ratings={"home": 3, "goals": 4},
        consent_confirmed=True,
    )
    page = Page(pw.client("owner").get(_review_url(pw, review)))
    assert page.section("How things were", until="What has changed") == [
        "Home: OK (3)",
        "Wellbeing: Not rated",
        "Community: Not rated",
        "Goals: Good (4)",
    ]
    assert page.section("Who took part", until=None)[:3] == [
        "Fay Family",
        "Olu Owner",
        "My neighbour Bea",
    ]
    assert "Written by Fay Family for Olu Owner, with their agreement" in page.text
    # Recorded by a family carer, it is shared with the circle, so they can read it again.
    assert review.visibility == Section.Visibility.CIRCLE


# (role, status when they post a review, the sharing it gets)
ADDS = {
    "owner": (302, Section.Visibility.WORKER),
    "family": (302, Section.Visibility.CIRCLE),
    "worker": (302, Section.Visibility.WORKER),
    "staff": (404, None),
    "admin": (404, None),
    "other_admin": (404, None),
    "anonymous": (302, None),
}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_add_a_review(pw: PlanWorld, role: str) -> None:
    before = AuditEvent.objects.count()
    response = pw.client(role).post(
        _add_url(pw),
        {
            "held_on": "2026-05-01",
            "rating_home": "4",
            "what_changed": "Posted review words",
            "visibility": "worker",
            "consent": "on",
        },
    )
    status, shared = ADDS[role]
    assert response.status_code == status, role
    made = Review.objects.filter(what_changed="Posted review words").first()
    if shared is None:
        assert made is None
        assert AuditEvent.objects.count() == before
        return
    assert made is not None and made.visibility == shared
    assert made.scores() == {"home": 4}
    assert made.written_by == pw.people[role]
    assert (made.written_for is None) == (role == "owner")
    event = AuditEvent.objects.latest("id")
    assert event.verb == "plan.review_add"
    assert "Posted review words" not in event.summary


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_changes_who_sees_a_review(
    pw: PlanWorld, reviewed: dict[str, Review], role: str
) -> None:
    review = reviewed["worker"]
    response = pw.client(role).post(_review_url(pw, review), {"visibility": "private"})
    review.refresh_from_db()
    expected = {"owner": 302, "family": 403, "worker": 403, "anonymous": 302}.get(role, 404)
    assert response.status_code == expected, role
    assert (review.visibility == Section.Visibility.PRIVATE) == (role == "owner")
    if role == "owner":
        # The worker no longer reads it, and the plan page no longer counts it for them.
        assert pw.client("worker").get(_review_url(pw, review)).status_code == 404
        assert "not shared a review" in Page(pw.client("worker").get(_plan_url(pw))).text


def _post_bad(pw: PlanWorld, role: str, data: dict[str, str]) -> Page:
    base = {"held_on": "2026-05-01", "what_changed": "Keep these words", "consent": "on"}
    base.update(data)
    response = pw.client(role).post(_add_url(pw), base)
    assert response.status_code == 400, Page(response).text[:400]
    return Page(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"held_on-day": "1", "held_on-month": "1", "held_on-year": str(TODAY.year + 1)},
            "The date of the review must be today or in the past",
        ),
        ({"held_on": ""}, "Enter the date of the review"),
        ({"rating_home": "7"}, "Choose one of the faces, or leave it out this time"),
        ({"rating_home": "many"}, "Choose one of the faces, or leave it out this time"),
        ({"what_changed": ""}, "Rate at least one area, or write what has changed"),
        ({"what_changed": "x" * 5_001}, "Keep what has changed to 5,000 characters"),
        ({"others_there": "y" * 301}, "characters or fewer"),
        ({"took_part": "999999"}, "Choose people from the list"),
    ],
)
def test_bad_input_is_refused_plainly_and_nothing_typed_is_lost(
    pw: PlanWorld, data: dict[str, str], message: str
) -> None:
    if "held_on-day" in data:
        data = {"held_on": "", **data}
    page = _post_bad(pw, "owner", {"visibility": "circle", **data})
    assert message in page.text
    if "what_changed" not in data:
        assert "Keep these words" in page.whole
    assert not Review.objects.exists() and not Rating.objects.exists()


def test_someone_outside_the_circle_cannot_be_named_as_taking_part(pw: PlanWorld) -> None:
    staff = pw.people["staff"]
    assert staff is not None
    page = _post_bad(pw, "owner", {"visibility": "circle", "took_part": str(staff.pk)})
    assert "Choose people from the list" in page.text


def test_a_supporter_needs_the_persons_agreement(pw: PlanWorld) -> None:
    page = _post_bad(pw, "family", {"consent": "", "rating_home": "3"})
    assert "Tick to confirm" in page.text
    assert "Keep these words" in page.whole
    assert not Review.objects.exists()


def test_the_review_form_shows_a_face_beside_each_rating(pw: PlanWorld) -> None:
    response = pw.client("owner").get(_add_url(pw))
    text = Page(response).text
    for question in (
        "Home: how are things now?",
        "Wellbeing: how are you feeling?",
        "Community: how are things with people and places?",
        "Goals: how are your goals going?",
    ):
        assert question in text
    assert response.content.decode().count('class="ev-face ev-face--5"') == 4
    assert text.count("Leave it out this time") == 4
    # Only the person and their circle can be named as taking part.
    assert "Fay Family" in text and "Wyn Worker" in text and "Sam Staff" not in text


def test_the_download_holds_reviews_for_the_owner_and_a_helpers_own(
    pw: PlanWorld, reviewed: dict[str, Review]
) -> None:
    family, owner = pw.people["family"], pw.people["owner"]
    assert family is not None and owner is not None
    mine = actions.review_add(
        actor=family,
        plan=pw.plan,
        held_on=datetime.date(2026, 4, 2),
        what_changed="Fay wrote this review",
        ratings={"home": 3},
        consent_confirmed=True,
    )

    def download(role: str) -> dict:  # type: ignore[type-arg]
        response = pw.client(role).post(reverse("my-data-download"))
        return json.loads(response.content)["plans"]

    own = download("owner")["your_plans"][0]["reviews"]
    assert [r["what_changed"] for r in own] == [
        "Only I know the first review",
        "My circle reads the March review",
        "Fay wrote this review",
        "My worker reads the September review",
    ]
    assert own[0]["ratings"] == {"Home": "Very bad (1)", "Wellbeing": "Very bad (1)"}
    helping = download("family")["helping"][0]["reviews_you_recorded"]
    assert [r["what_changed"] for r in helping] == ["Fay wrote this review"]
    text = json.dumps(download("family"))
    assert all(words not in text for _, _, words, _ in REVIEWS.values())
    actions.review_share(actor=owner, review=mine, visibility="private")
    assert download("family")["helping"][0]["reviews_you_recorded"] == []


def test_deleting_accounts_and_reviews(pw: PlanWorld, reviewed: dict[str, Review]) -> None:
    family, owner = pw.people["family"], pw.people["owner"]
    assert family is not None and owner is not None
    theirs = actions.review_add(
        actor=family,
        plan=pw.plan,
        held_on=datetime.date(2026, 4, 2),
        took_part=[owner, family],
        what_changed="Fay wrote this review",
        ratings={"home": 3},
        consent_confirmed=True,
    )
    core_actions.account_erase(actor=family, person=family)
    page = Page(pw.client("owner").get(_review_url(pw, theirs)))
    assert "Written by Former member for Olu Owner, with their agreement" in page.text
    assert "Fay Family" not in page.whole
    assert "Former member" in page.section("Who took part", until=None)
    core_actions.account_erase(actor=owner, person=owner)
    assert not Plan.objects.exists() and not Review.objects.exists()
    assert not Rating.objects.exists()


@pytest.mark.parametrize("role", ["owner", "family", "worker"])
def test_the_easy_read_plan_and_the_pdf_show_the_journey_each_person_may_see(
    pw: PlanWorld, reviewed: dict[str, Review], role: str
) -> None:
    from ..page_text import pdf_text

    client = pw.client(role)
    easy = Page(client.get(reverse("my-plan-easy-read", args=[pw.org.slug, pw.plan.pk])))
    assert "How are things going?" in easy.text
    on_paper = pdf_text(client.get(reverse("my-plan-pdf", args=[pw.org.slug, pw.plan.pk])).content)
    for line in _journey_words(SEES[role]):
        assert f"{line}." in easy.text, (role, line)
        assert f"{line}." in " ".join(on_paper.split()), (role, line)
    rows = easy.table("The ratings at each review")
    assert len(rows) == 1 + len(SEES[role])
