"""The demo's standards: a pledge over three rounds, and a self-reflection with its plan."""

from __future__ import annotations

import pytest
from django.utils import timezone

from equalvoice.core.demo import load_demo
from equalvoice.standards import selectors
from equalvoice.standards.models import PlanAction, Response, Standard


@pytest.mark.django_db
def test_demo_pledge_shows_progress_a_real_gap_and_hidden_small_groups() -> None:
    load_demo()
    pledge = Standard.objects.get(title="The Northshire Pledge")
    rounds = list(pledge.rounds.order_by("opens_on"))
    assert len(rounds) == 3
    today = timezone.localdate()
    assert [r.closes_on < today for r in rounds] == [True, True, False]
    assert rounds[-1].is_open(today)
    assert not Response.objects.filter(round__standard=pledge, person__isnull=False).exists()

    journey = selectors.journey(pledge)
    scores = [p.percent for p in journey.overall if p.percent is not None]
    assert len(scores) == 3 and scores == sorted(scores)
    assert journey.trend == "better"

    for round_ in rounds:
        results = selectors.round_results(round_)
        assert results.shown and results.respondents >= 50
        assert len({g.key for g in results.gaps}) == 1  # one statement
        assert [(g.a_name, g.b_name) for g in results.gaps] == [
            ("Staff member", "Person who uses services")
        ]
        assert results.gaps[0].gap.is_real()
        assert results.appraisal is not None and results.appraisal.gaps
        hidden = {g.name: g.hidden_reason for g in results.groups if not g.shown}
        assert hidden["Independent advocate"].startswith("Fewer than")
        assert all(g.size >= 5 for g in results.groups if g.shown and g.size)


@pytest.mark.django_db
def test_demo_self_reflection_has_a_named_round_and_an_action_plan() -> None:
    load_demo()
    reflection = Standard.objects.get(kind=Standard.Kind.SELF_REFLECTION)
    (round_,) = reflection.rounds.all()
    assert not round_.anonymous and round_.scale == "five_point"
    assert round_.closes_on < timezone.localdate()
    answered = round_.responses.filter(submitted=True, person__isnull=False)
    assert answered.count() >= 8
    assert answered.values("perspective").distinct().count() >= 4  # a mixed group
    plan = list(reflection.plan.all())
    assert 3 <= len(plan) <= 4
    assert len({p.status for p in plan}) >= 3
    assert all(p.from_round == round_ and p.statement is not None for p in plan)
    assert PlanAction.Status.DONE in {p.status for p in plan}


@pytest.mark.django_db
def test_every_demo_round_shows_its_counts_to_members_and_admins() -> None:
    """Read as Asha (a member) and Morgan (an admin): every round's results show each
    statement's counts, the same as the figures counted, and never "None"."""
    from django.test import Client
    from django.urls import reverse

    from equalvoice.core.models import User
    from equalvoice.standards.models import Round

    from ..page_text import Page

    load_demo()
    for email in ("member@northshire.example", "admin@northshire.example"):
        client = Client()
        client.force_login(User.objects.get(email=email))
        for round_ in Round.objects.filter(standard__organisation__slug="northshire"):
            url = reverse("round-results", args=["northshire", round_.pk])
            page = Page(client.get(url))
            assert not page.problems(), (email, round_.name, page.problems())
            results = selectors.round_results(round_)
            assert len(page.tables) == len(results.rows)
            for n, row in enumerate(results.rows):
                for point in results.scale.points:
                    assert page.row(n, point.label)[0] == str(row.spread.counts[point.value])
            assert len(page.svg_widths("ev-bar")) == len(results.rows)
