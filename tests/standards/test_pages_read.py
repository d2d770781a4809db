"""The results, the honest appraisal, the journey and the printed results, read as a
person reads them: known answers go in through the actions, the expected figures are
worked out here by hand from those answers (not from the template), and the words of the
page must show them, beside the right words, with small groups hidden."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from django.urls import reverse
from django.utils import timezone

from equalvoice.core.models import Perspective
from equalvoice.standards import actions
from equalvoice.standards.models import Round, Statement

from ..conftest import World
from ..page_text import Page, pdf_text, problems_in_text

pytestmark = pytest.mark.django_db

DK = "dk"  # "Don't know"
LABELS = {1: "Not yet", 2: "Starting", 3: "Getting there", 4: "Doing it well"}
NOBODY = "Did not say"

# Who answered the round, and how: (perspective, answers to the two statements, how many
# people). None is "no answer". 29 people: family carers (3) are too few to show, so the
# next smallest group, young people (5), is hidden too.
SPRING: list[tuple[str, tuple[int | str | None, int | str | None], int]] = [
    ("Staff member", (4, 3), 6),
    ("Person who uses services", (1, 3), 4),
    ("Person who uses services", (2, DK), 2),
    ("Person who uses services", (2, 3), 1),
    ("Family carer", (1, None), 3),
    ("Young person", (3, 4), 5),
    (NOBODY, (2, 3), 6),
    (NOBODY, (2, None), 2),
]
# The groups shown, in the organisation's order of perspectives, then those who did not say.
SHOWN = ["Person who uses services", "Staff member", NOBODY]
HIDDEN = {
    "Family carer": "fewer than 5 people",
    "Young person": "not shown, to protect a smaller group",
}


def _fill(world: World, round_: Round, plan: list[tuple[str, tuple, int]]) -> None:
    statements = _statements(round_)
    for name, answers, times in plan:
        perspective = (
            None if name == NOBODY else Perspective.objects.get(organisation=world.org, name=name)
        )
        for _ in range(times):
            actions.paper_response_save(
                actor=world.facilitator,
                round_=round_,
                perspective=perspective,
                answers={
                    s: actions.PaperAnswer(None if a == DK else a, dont_know=a == DK)  # type: ignore[arg-type]
                    for s, a in zip(statements, answers, strict=True)
                },
            )


def _statements(round_: Round) -> list[Statement]:
    return list(round_.version.statements.order_by("theme__position", "position", "id"))


@dataclass
class Tally:
    counts: dict[int, int]
    dont_know: int
    no_answer: int

    @property
    def score(self) -> str:
        """The score out of 100 as the page words it: a whole number, or a dash."""
        answered = sum(self.counts.values())
        if not answered:
            return "–"
        above = sum((v - 1) * c for v, c in self.counts.items())
        exact = Fraction(above * 100, 3 * answered)
        return str(Decimal(exact.numerator / exact.denominator).quantize(0, ROUND_HALF_UP))

    def cells(self) -> list[str]:
        return [str(self.counts[v]) for v in LABELS] + [str(self.dont_know), str(self.no_answer)]


def _tally(plan: list[tuple[str, tuple, int]], statement: int | None, groups: set[str]) -> Tally:
    """By hand: the answers of `groups` to one statement (or to all, for None)."""
    counts = dict.fromkeys(LABELS, 0)
    dont_know = no_answer = 0
    for name, answers, times in plan:
        if name not in groups:
            continue
        for n, answer in enumerate(answers):
            if statement is not None and n != statement:
                continue
            if answer == DK:
                dont_know += times
            elif answer is None:
                no_answer += times
            else:
                counts[int(answer)] += times
    return Tally(counts, dont_know, no_answer)


def _everyone(plan: list[tuple[str, tuple, int]]) -> set[str]:
    return {name for name, _a, _t in plan}


def _size(plan: list[tuple[str, tuple, int]], name: str) -> int:
    return sum(times for n, _a, times in plan if n == name)


def test_groups_are_shown_in_the_organisations_order(world: World) -> None:
    order = list(Perspective.objects.filter(organisation=world.org).values_list("name", flat=True))
    assert [order.index(name) for name in SHOWN[:-1]] == sorted(
        order.index(name) for name in SHOWN[:-1]
    )


def _clean(found: list[str], where: str) -> None:
    assert not found, f"{where}: {found}"


def test_the_results_page_shows_the_counts_beside_their_words(world: World) -> None:
    _fill(world, world.round, SPRING)
    everyone = _everyone(SPRING)
    statements = _statements(world.round)
    for role in ("member", "admin"):
        response = world.client(role).get(
            reverse("round-results", args=[world.org.slug, world.round.pk])
        )
        page = Page(response)
        _clean(page.problems(), f"results as {role}")
        total = sum(t for _n, _a, t in SPRING)
        assert f"{total} people sent answers." in page.text
        for name in SHOWN:
            assert f"{name}: {_size(SPRING, name)}" in page.text
        for name, reason in HIDDEN.items():
            assert f"{name}: {reason}" in page.text
            assert f"{name}: {_size(SPRING, name)}" not in page.text

        theme = _tally(SPRING, None, everyone)
        words = "; ".join(f"{LABELS[v]} {theme.counts[v]}" for v in LABELS)
        assert (
            f"Score for the theme: {theme.score} out of 100. All answers across the theme: "
            f"{words}; don't know {theme.dont_know}; no answer {theme.no_answer}."
        ) in page.text

        assert len(page.tables) == len(statements)
        for n, statement in enumerate(statements):
            table = page.tables[n]
            assert table[0] == ["Answer", "Everyone", *SHOWN], table[0]
            columns = [_tally(SPRING, n, everyone)] + [_tally(SPRING, n, {g}) for g in SHOWN]
            for row, value in enumerate(LABELS):
                assert page.row(n, LABELS[value]) == [c.cells()[row] for c in columns]
            assert page.row(n, "Don't know") == [str(c.dont_know) for c in columns]
            assert page.row(n, "No answer") == [str(c.no_answer) for c in columns]
            assert page.row(n, "Score out of 100") == [c.score for c in columns]
            for name, reason in HIDDEN.items():
                assert f"{name}: {reason}." in page.text
            assert statement.plain in page.text

        # Each statement has its bar, with a part for each answer as wide as its share.
        bars = page.svg_widths("ev-bar")
        assert len(bars) == len(statements)
        for n, bar in enumerate(bars):
            tally = _tally(SPRING, n, everyone)
            answered = sum(tally.counts.values())
            expected = [round(240 * tally.counts[v] / answered, 1) for v in LABELS]
            assert bar == expected


def test_the_appraisal_page_shows_scores_and_the_gap(world: World) -> None:
    _fill(world, world.round, SPRING)
    everyone = _everyone(SPRING)
    first, second = _statements(world.round)
    listen = _tally(SPRING, 0, everyone)  # staff all say 4, people who use services 1 or 2
    choose = _tally(SPRING, 1, everyone)
    assert int(listen.score) < 60 <= int(choose.score)
    page = Page(
        world.client("member").get(
            reverse("round-appraisal", args=[world.org.slug, world.round.pk])
        )
    )
    _clean(page.problems(), "appraisal")
    assert f"What is going well {second.plain} ({choose.score} out of 100)" in page.text
    assert f"What needs the most work {first.plain} ({listen.score} out of 100)" in page.text
    staff = Fraction(4)
    services = Fraction(1 * 4 + 2 * 3, 7)
    assert (
        f"Where people see things differently {first.plain} The Staff member group scores "
        f"this higher than the Person who uses services group: {float(staff):.1f} against "
        f"{float(services):.1f}, out of 4. A gap this big is unlikely to be chance."
    ) in page.text
    assert f"You are doing well on: {second.plain}" in page.text


def test_the_printed_results_show_the_same_figures(world: World) -> None:
    _fill(world, world.round, SPRING)
    everyone = _everyone(SPRING)
    body = (
        world.client("admin")
        .get(reverse("round-pdf", args=[world.org.slug, world.round.pk]))
        .content
    )
    text = pdf_text(body)
    _clean(problems_in_text(text), "results PDF")
    assert f"{sum(t for _n, _a, t in SPRING)} people sent answers." in text
    for name in SHOWN:
        assert f"{name}: {_size(SPRING, name)}" in text
    for name, reason in HIDDEN.items():
        assert f"{name}: {reason}" in text
    for n, _statement in enumerate(_statements(world.round)):
        columns = [_tally(SPRING, n, everyone)] + [_tally(SPRING, n, {g}) for g in SHOWN]
        for row, value in enumerate(LABELS):
            assert f"{LABELS[value]} {' '.join(c.cells()[row] for c in columns)}" in text
        assert f"Score out of 100 {' '.join(c.score for c in columns)}" in text


def test_the_journey_page_shows_each_rounds_scores(world: World) -> None:
    _fill(world, world.round, SPRING)
    actions.version_publish(actor=world.facilitator, standard=world.standard)
    today = timezone.localdate()
    later = []
    for days, name in [(40, "Summer"), (80, "Autumn")]:
        later.append(
            actions.round_save(
                actor=world.facilitator,
                standard=world.standard,
                name=name,
                opens_on=today + timedelta(days=days),
                closes_on=today + timedelta(days=days + 20),
                anonymous=True,
                scale="easy_read_4",
            )
        )
    summer = [("Staff member", (4, 4), 5), (NOBODY, (3, DK), 2)]
    autumn = [("Staff member", (1, 1), 4)]  # fewer than 5 people: no scores
    _fill(world, later[0], summer)
    _fill(world, later[1], autumn)
    page = Page(
        world.client("member").get(
            reverse("standard-journey", args=[world.org.slug, world.standard.pk])
        )
    )
    _clean(page.problems(), "journey")
    spring_all = _tally(SPRING, None, _everyone(SPRING))
    summer_all = _tally(summer, None, _everyone(summer))
    # 45 then 88 or so: better by far more than 5 points.
    assert int(summer_all.score) - int(spring_all.score) >= 5
    assert "From the first round to the last, things are better." in page.text
    table = page.tables[0]
    assert table[0] == ["Statement", "Spring", "Summer", "Autumn"]
    assert page.row(0, "All statements") == [
        spring_all.score,
        summer_all.score,
        "Fewer than 5 people",
    ]
    for n, statement in enumerate(_statements(later[0])):
        assert page.row(0, statement.plain) == [
            _tally(SPRING, n, _everyone(SPRING)).score,
            _tally(summer, n, _everyone(summer)).score,
            "–",
        ]
