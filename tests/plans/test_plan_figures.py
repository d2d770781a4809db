"""The organisation's plans in figures, for its admins: who may see the page, every figure
worked out here from the data (not from the code that makes the page), figures about
fewer plans than `EQUALVOICE_MIN_GROUP_SIZE` not shown, and reviews a person did not
share with their named worker never counted."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django.utils import timezone

from equalvoice.core.models import OrgMembership
from equalvoice.plans.models import Plan, Rating, Review, ReviewArea, Section

from .. import factories
from ..page_text import Page
from .conftest import ROLES, SECTIONS, PlanWorld

pytestmark = pytest.mark.django_db

W, C, P = Section.Visibility.WORKER, Section.Visibility.CIRCLE, Section.Visibility.PRIVATE
AREAS = [label for _key, label in ReviewArea.choices]
WINDOW = 7


def _url(pw: PlanWorld) -> str:
    return reverse("plans-figures", args=[pw.org.slug])


@pytest.mark.parametrize("role", ROLES)
def test_only_the_organisations_admins_see_the_figures(pw: PlanWorld, role: str) -> None:
    response = pw.client(role).get(_url(pw))
    expected = {"admin": 200, "other_admin": 404, "anonymous": 302}.get(role, 403)
    assert response.status_code == expected, role


def test_the_organisation_page_links_to_it_for_admins_only(pw: PlanWorld) -> None:
    page = reverse("organisation", args=[pw.org.slug])
    for role, linked in [("admin", True), ("staff", False), ("owner", False)]:
        links = [href for _t, href in Page(pw.client(role).get(page)).links]
        assert (_url(pw) in links) == linked, role


@dataclass
class Spec:
    """A plan to make: its kind, its date (days from today, or None), and its reviews
    as (days from today, who sees it, {area key: score})."""

    kind: str
    due: int | None
    reviews: list[tuple[int, str, dict[str, int]]] = field(default_factory=list)


def _specs() -> list[Spec]:
    """Fourteen plans, made so every kind of figure turns up. Each has two reviews shared
    with the named worker long ago, whose home rating goes up, stays or goes down, and a
    wellbeing rating on some; a private review and one shared only with the circle,
    recent, which would change the figures if they were counted."""
    specs = []
    dues: list[tuple[int, list[tuple[int, str, dict[str, int]]]]] = [
        (-10, [(-12, W, {})]),
        (-5, [(-2, W, {})]),
        (-3, []),
        (20, []),
    ]
    for i in range(14):
        kind = Plan.Kind.ALL_ABOUT_ME if i % 3 == 0 else Plan.Kind.SUPPORT
        due, late = dues[i % 4]
        before = {"home": 3, **({"wellbeing": 2} if i % 2 else {})}
        after = {"home": 3 + (i % 3) - 1, **({"wellbeing": 4} if i % 2 else {})}
        reviews = [(-100, W, before), (-50, W, after), *late]
        reviews += [(-3, P, {"home": 1, "wellbeing": 1}), (-4, C, {"home": 5})]
        specs.append(Spec(kind, due, reviews))
    return specs


def _make(pw: PlanWorld, specs: list[Spec]) -> None:
    today = timezone.localdate()
    for n, spec in enumerate(specs):
        owner = factories.make_user(name=f"Owner {n}")
        OrgMembership.objects.create(user=owner, organisation=pw.org)
        plan = Plan.objects.create(
            organisation=pw.org,
            owner=owner,
            title=f"Plan {n}",
            kind=spec.kind,
            next_review_on=None if spec.due is None else today + datetime.timedelta(spec.due),
        )
        for days, visibility, ratings in spec.reviews:
            review = Review.objects.create(
                plan=plan,
                held_on=today + datetime.timedelta(days),
                visibility=visibility,
                what_changed=f"Secret change {n}",
                written_by=owner,
            )
            for area, score in ratings.items():
                Rating.objects.create(review=review, area=area, score=score)


def _hidden(counts: Mapping[str, int], minimum: int) -> set[str]:
    """What must not be shown: everything when the total is about too few plans;
    otherwise each part about too few (but not none), and when that is one part alone,
    the smallest other part too (ties: the first by name)."""
    if sum(counts.values()) < minimum:
        return set(counts)
    hidden = {k for k, n in counts.items() if 0 < n < minimum}
    if len(hidden) == 1:
        others = sorted((n, k) for k, n in counts.items() if n and k not in hidden)
        hidden |= {others[0][1]} if others else set()
    return hidden


def _cells(counts: Mapping[str, int], minimum: int) -> dict[str, str]:
    hidden = _hidden(counts, minimum)
    gone = f"fewer than {minimum}, not shown"
    return {k: gone if k in hidden else str(n) for k, n in counts.items()}


def _one(n: int, minimum: int) -> str:
    return str(n) if n >= minimum else f"fewer than {minimum}, not shown"


def _expected(specs: list[Spec], minimum: int) -> dict[str, list[list[str]]]:
    """Every table of the page, worked out from the specs (and the world's own plan: a
    support plan with no date and no review)."""
    kinds = {"support": 1, "all_about_me": 0}
    dated = {"dated": 0, "undated": 1}
    timing = {"on_time": 0, "late": 0, "not_yet": 0}
    moved = {a: {"better": 0, "same": 0, "worse": 0} for a in ReviewArea.values}
    for spec in specs:
        kinds[spec.kind] += 1
        dated["undated" if spec.due is None else "dated"] += 1
        shared = sorted(((d, r) for d, v, r in spec.reviews if v == W), key=lambda x: x[0])
        if spec.due is not None and spec.due < 0:
            held = [d for d, _r in shared]
            if any(spec.due - WINDOW <= d <= spec.due for d in held):
                timing["on_time"] += 1
            elif any(d > spec.due for d in held):
                timing["late"] += 1
            else:
                timing["not_yet"] += 1
        if len(shared) >= 2:
            (_d1, first), (_d2, second) = shared[-2:]
            for area in ReviewArea.values:
                if area in first and area in second:
                    a, b = first[area], second[area]
                    moved[area]["better" if b > a else "worse" if b < a else "same"] += 1
    k, d, t = _cells(kinds, minimum), _cells(dated, minimum), _cells(timing, minimum)
    journeys = []
    for area, label in ReviewArea.choices:
        cells = _cells(moved[area], minimum)
        compared = _one(sum(moved[area].values()), minimum)
        journeys.append([str(label), cells["better"], cells["same"], cells["worse"], compared])
    return {
        "kinds": [
            ["Kind of plan", "Plans"],
            ["My support plan", k["support"]],
            ["All about me", k["all_about_me"]],
            ["All plans", _one(sum(kinds.values()), minimum)],
        ],
        "dates": [
            ["Plans", "How many"],
            ["With a date to look at the plan together", d["dated"]],
            ["With no date yet", d["undated"]],
        ],
        "on-time": [
            ["Plans whose date has passed", "How many"],
            ["Looked at on time", t["on_time"]],
            ["Looked at late", t["late"]],
            [
                "Not looked at yet, or the review was not shared with the named worker",
                t["not_yet"],
            ],
            ["All plans whose date has passed", _one(sum(timing.values()), minimum)],
        ],
        "journeys": [["Area", "Better", "The same", "Worse", "Plans compared"], *journeys],
    }


def _tables(pw: PlanWorld) -> dict[str, list[list[str]]]:
    page = Page(pw.client("admin").get(_url(pw)))
    return {name: page.table(name) for name in ("kinds", "dates", "on-time", "journeys")}


@pytest.mark.parametrize("minimum", [1, 3, 5, 6])
def test_every_figure_matches_the_data(pw: PlanWorld, settings, minimum: int) -> None:  # type: ignore[no-untyped-def]
    settings.EQUALVOICE_MIN_GROUP_SIZE = minimum
    settings.EQUALVOICE_PLAN_REMINDER_DAYS = WINDOW
    specs = _specs()
    _make(pw, specs)
    assert _tables(pw) == _expected(specs, minimum)


def test_the_figures_as_a_person_reads_them(pw: PlanWorld, settings) -> None:  # type: ignore[no-untyped-def]
    """The same data, its figures written out by hand once, so a mistake shared by the
    page and `_expected` would still show."""
    settings.EQUALVOICE_MIN_GROUP_SIZE = 3
    settings.EQUALVOICE_PLAN_REMINDER_DAYS = WINDOW
    _make(pw, _specs())
    tables = _tables(pw)
    # 15 plans: 5 "All about me" (0, 3, 6, 9, 12), 10 support with the world's own.
    assert tables["kinds"][1:] == [
        ["My support plan", "10"],
        ["All about me", "5"],
        ["All plans", "15"],
    ]
    # Dates passed: i % 4 in (0, 1, 2): 4 + 4 + 3 = 11; on time 4, late 4, not yet 3
    # (their only recent review is private).
    assert [r[1] for r in tables["on-time"][1:]] == ["4", "4", "3", "11"]
    # Dated: all but the world's plan. "No date" is 1 plan, too few; hiding it alone
    # could be undone from the total of 15, so the other is not shown either.
    gone = "fewer than 3, not shown"
    assert [r[1] for r in tables["dates"][1:]] == [gone, gone]
    # Compared: only where the last two shared reviews both rated the area (i % 4 is 2
    # or 3: plans 2, 3, 6, 7, 10, 11; in the others the latest shared review has no
    # ratings). Home goes up for 2 and 11, stays for 7 and 10, down for 3 and 6: 2 each,
    # too few. Wellbeing is rated in the odd ones (3, 7, 11) and goes up in all three.
    assert tables["journeys"][1:] == [
        ["Home", gone, gone, gone, "6"],
        ["Wellbeing", "3", "0", "0", "3"],
        ["Community", gone, gone, gone, gone],
        ["Goals", gone, gone, gone, gone],
    ]


def test_too_few_plans_shows_nothing(pw: PlanWorld, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EQUALVOICE_MIN_GROUP_SIZE = 100
    _make(pw, _specs())
    page = Page(pw.client("admin").get(_url(pw)))
    for name in ("kinds", "dates", "on-time", "journeys"):
        cells = [c for row in page.table(name)[1:] for c in row[1:]]
        assert cells and set(cells) == {"fewer than 100, not shown"}, name
    assert "Any figure about fewer than 100 plans says “fewer than 100, not shown”" in page.text


def test_reviews_not_shared_with_the_named_worker_are_never_counted(
    pw: PlanWorld, settings
) -> None:  # type: ignore[no-untyped-def]
    """Sharing the private and circle-only reviews with the named worker changes the
    figures; kept, they change nothing, and the page says why."""
    settings.EQUALVOICE_MIN_GROUP_SIZE = 1
    settings.EQUALVOICE_PLAN_REMINDER_DAYS = WINDOW
    specs = _specs()
    _make(pw, specs)
    kept = _tables(pw)
    assert kept == _expected(specs, 1)
    page = Page(pw.client("admin").get(_url(pw)))
    assert (
        "Reviews count here only when the person shared them with their named worker. "
        "We never count a review someone keeps to themselves or shares only with their "
        "circle. The organisation learns nothing from it, not even in a total."
    ) in page.text
    Review.objects.filter(visibility__in=[P, C]).update(visibility=W)
    shared = _tables(pw)
    assert shared["on-time"] != kept["on-time"] and shared["journeys"] != kept["journeys"]
    for spec in specs:
        spec.reviews = [(d, W, r) for d, _v, r in spec.reviews]
    assert shared == _expected(specs, 1)


def test_the_page_holds_no_content(pw: PlanWorld, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EQUALVOICE_MIN_GROUP_SIZE = 1
    _make(pw, _specs())
    text = Page(pw.client("admin").get(_url(pw))).whole
    assert "Secret change" not in text and "Owner 1" not in text and "Plan 1" not in text
    for _v, words, goal in SECTIONS.values():
        assert words not in text and goal not in text
