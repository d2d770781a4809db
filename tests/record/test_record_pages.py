"""What people read in the co-production record: the board's figures, an initiative's
warning signs, profile and activities, the board report PDF and the spreadsheet. The
expected figures are worked out by hand from activities each test records, and checked
against the pure rules (evidence, ladder, tokenism), never read from the page."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from equalvoice.core.models import Perspective
from equalvoice.record import actions, selectors
from equalvoice.record.ladder import Rung
from equalvoice.record.models import Initiative, Stage

from ..conftest import World
from ..page_text import assert_reads_well, page_text, pdf_text, problems_in_text, table_rows

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _stage(world: World, name: str) -> Stage:
    return selectors.stages_for(world.org).get(name=name)


def _perspective(world: World, name: str) -> Perspective:
    return Perspective.objects.get(organisation=world.org, name=name)


def _short_breaks(world: World) -> Initiative:
    """An initiative with four activities whose figures are worked out by hand:

    - Design, done 3 days ago, claims 7; the member (lived experience) took part, shaped
      the design and decided with equal weight, and something changed: shows 7.
    - Review, done 40 days ago, claims 6; 4 family carers and 2 staff came to an open
      event; no effect written down, staff decided: no effect caps it at 4 (consultation).
    - Put it into practice, planned 5 days ago and still planned: overdue.
    - Put it into practice, done 10 days ago, claims 4; only the facilitator (who holds no
      perspective) took part and nothing changed: nobody with lived experience caps it at
      3 (informing). The member challenges the claim.
    """
    today = TODAY()
    initiative = actions.initiative_save(
        actor=world.admin,
        organisation=world.org,
        title="Short breaks plan",
        kind="plan",
        group=world.group,
    )
    save = actions.activity_save
    save(
        actor=world.facilitator,
        initiative=initiative,
        stage=_stage(world, "Design"),
        on=today - timedelta(days=3),
        status="done",
        what="Design workshop",
        rung_claimed=7,
        participants=[world.member],
        shaped_design=True,
        decisions="together",
        effect="We changed the booking form.",
    )
    save(
        actor=world.facilitator,
        initiative=initiative,
        stage=_stage(world, "Review"),
        on=today - timedelta(days=40),
        status="done",
        what="Open review event",
        rung_claimed=6,
        attendance={
            _perspective(world, "Family carer"): 4,
            _perspective(world, "Staff member"): 2,
        },
    )
    save(
        actor=world.facilitator,
        initiative=initiative,
        stage=_stage(world, "Put it into practice"),
        on=today - timedelta(days=5),
        status="planned",
        what="Try the new booking form",
        rung_claimed=6,
    )
    staff_only = save(
        actor=world.facilitator,
        initiative=initiative,
        stage=_stage(world, "Put it into practice"),
        on=today - timedelta(days=10),
        status="done",
        what="Staff briefing",
        rung_claimed=4,
        participants=[world.facilitator],
        nothing_changed=True,
        status_reason="It was a briefing.",
    )
    actions.claim_challenge_raise(actor=world.member, activity=staff_only, text="Not asked.")
    return initiative


SIGNS = [
    "Planned activities are overdue",  # the planned activity, 5 days ago
    "No effect recorded after 30 days",  # the review, 40 days ago
    "Claims above the evidence",  # the review (6 > 4) and the briefing (4 > 3)
    "Challenges waiting for an answer",  # the member's challenge
]
PROFILE = "Design: Co-production Put it into practice: Informing Review: Consultation"


def test_the_board_shows_each_initiatives_figures(world: World) -> None:
    initiative = _short_breaks(world)
    actions.initiative_save(
        actor=world.admin, organisation=world.org, title="Empty plan", kind="plan"
    )
    # The same figures by the rules the board uses, as a second opinion on the hand sums.
    (row,) = selectors.board(Initiative.objects.filter(pk=initiative.pk), world.org, TODAY())
    assert (row.done, row.planned) == (3, 1)
    assert row.highest_claimed == Rung.CO_PRODUCTION
    assert row.highest_evidenced == Rung.CO_PRODUCTION
    assert [s.title for s in row.signals] == SIGNS

    url = reverse("record-board", args=[world.org.slug])
    for role in ("member", "admin"):
        response = world.client(role).get(url)
        assert_reads_well(response)
        rows = {r[0]: r for r in table_rows(response, "Initiatives")[1:]}
        assert rows["Short breaks plan Expert panel"] == [
            "Short breaks plan Expert panel",
            "3",
            "1",
            "Co-production",
            "Co-production",
            PROFILE,
            " ".join(SIGNS),
        ]
        assert rows["Empty plan"] == [
            "Empty plan",
            "0",
            "0",
            "Nothing yet",
            "Nothing yet",
            "Nothing has happened yet",
            "No warning signs",
        ]


def test_the_initiative_page_shows_signs_profile_and_each_activity(world: World) -> None:
    initiative = _short_breaks(world)
    response = world.client("member").get(initiative.get_absolute_url())
    assert response.status_code == 200
    assert_reads_well(response)
    text = page_text(response)
    for sign in SIGNS:
        assert sign in text
    assert "Claims above the evidence (2)" in text

    # Activities by stage and rung: one each at Design 7, Put it into practice 3, Review 4.
    expected = {"Design": 7, "Put it into practice": 3, "Review": 4}
    rows = table_rows(response, "Activities by stage and rung")
    assert rows[0] == ["Stage", *(f"{int(r)} {r.label}" for r in Rung)]
    for stage, *counts in rows[1:]:
        assert counts == ["1" if expected.get(stage) == n else "0" for n in range(1, 8)], stage
    assert [r[0] for r in rows[1:]] == Stage.DEFAULTS

    # Who took part: the member at Design; 4 family carers and 2 staff at Review (67% and
    # 33%); the facilitator, who gave no perspective, in practice.
    # The table has perspectives down and stages across.
    people = table_rows(response, "Who took part at each stage")
    header = people[0]
    assert people[-1][0] == "No perspective given"
    by_stage = {
        stage: {row[0]: row[1 + i] for row in people[1:]} for i, stage in enumerate(header[1:])
    }
    assert by_stage["Design"]["Person who uses services"] == "1 (100%)"
    assert by_stage["Review"]["Family carer"] == "4 (67%)"
    assert by_stage["Review"]["Staff member"] == "2 (33%)"
    assert by_stage["Put it into practice"]["No perspective given"] == "1 (100%)"
    assert set(by_stage["Govern"].values()) == {"0"}

    # Each activity: the claim, what the evidence shows, and who took part.
    assert "Rung claimed Co-design Rung the evidence shows Consultation Lower than claimed" in text
    assert "People with lived experience 4 Who took part Family carer: 4, Staff member: 2" in text
    assert "Rung claimed Consultation Rung the evidence shows Informing Lower than claimed" in text
    assert "Who took part Fran Facilitator" in text
    assert "Rung claimed Co-production Rung the evidence shows Co-production" in text


def test_an_initiative_with_no_warning_signs_says_so_plainly(world: World) -> None:
    quiet = actions.initiative_save(
        actor=world.admin, organisation=world.org, title="Quiet plan", kind="plan"
    )
    response = world.client("admin").get(quiet.get_absolute_url())
    assert_reads_well(response)
    assert "Warning signs No warning signs. Keep recording what changed." in page_text(response)


def test_the_board_report_pdf_has_the_boards_figures(world: World) -> None:
    _short_breaks(world)
    actions.initiative_save(
        actor=world.admin, organisation=world.org, title="Empty plan", kind="plan"
    )
    response = world.client("admin").get(reverse("record-pdf", args=[world.org.slug]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert not problems_in_text(text), problems_in_text(text)
    assert f"Made on {TODAY():%-d %B %Y}" in text
    # pdftotext reads a table cell by cell, row by row.
    assert (
        f"Short breaks plan Expert panel 3 1 Co-production Co-production {PROFILE} "
        + (" ".join(SIGNS))
        in text
    )
    assert "Empty plan 0 0 Nothing yet Nothing yet Nothing has happened yet No warning signs" in (
        text
    )
    for sign in SIGNS:
        assert sign in text
    assert "Short breaks plan: warning signs" in text


def test_the_spreadsheet_has_the_boards_figures(world: World) -> None:
    _short_breaks(world)
    response = world.client("member").get(reverse("record-csv", args=[world.org.slug]))
    rows = {r[0]: r for r in csv.reader(io.StringIO(response.content.decode()))}
    assert rows["Short breaks plan"] == [
        "Short breaks plan",
        "Plan",
        "Expert panel",
        "3",
        "1",
        "Co-production",
        "Co-production",
        "Design: Co-production; Put it into practice: Informing; Review: Consultation",
        "; ".join(SIGNS),
    ]
