"""Tokenism signals: warning signs on an initiative, each a named rule with a plain
explanation. Changing a rule means changing its test. Pure Python, no Django."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .evidence import HAPPENED, ActivityFacts, evidenced_rung
from .ladder import Rung


@dataclass(frozen=True)
class ActivityRecord:
    facts: ActivityFacts
    stage_position: int
    on: date
    recorded_on: date
    open_challenges: int


@dataclass(frozen=True)
class Signal:
    code: str
    title: str
    explanation: str
    count: int = 1


Check = Callable[[Sequence[ActivityRecord], date, int], Signal | None]


def _happened(activities: Sequence[ActivityRecord]) -> list[ActivityRecord]:
    return [a for a in activities if a.facts.status in HAPPENED]


def _with_lived(activities: Sequence[ActivityRecord]) -> list[ActivityRecord]:
    return [a for a in _happened(activities) if a.facts.lived_experience_taking_part > 0]


def signal_low_rungs_only(
    acts: Sequence[ActivityRecord], today: date, design: int
) -> Signal | None:
    """People with lived experience took part only at consultation or below."""
    lived = _with_lived(acts)
    if not lived:
        return None
    if any((evidenced_rung(a.facts).rung or 0) > Rung.CONSULTATION for a in lived):
        return None
    return Signal(
        "low_rungs_only",
        "Lived experience only at consultation or below",
        "People with lived experience were asked for views, but never shared in designing "
        "or deciding.",
        len(lived),
    )


def signal_late_involvement(
    acts: Sequence[ActivityRecord], today: date, design: int
) -> Signal | None:
    """People with lived experience joined only after the design stage."""
    lived = _with_lived(acts)
    if not lived or min(a.stage_position for a in lived) <= design:
        return None
    return Signal(
        "late_involvement",
        "Lived experience joined late",
        "People with lived experience only took part after the design stage, when the big "
        "choices were already made.",
    )


def signal_overdue_plans(acts: Sequence[ActivityRecord], today: date, design: int) -> Signal | None:
    """Planned activities whose date has passed."""
    late = [a for a in acts if a.facts.status == "planned" and a.on < today]
    if not late:
        return None
    return Signal(
        "overdue_plans",
        "Planned activities are overdue",
        "Something was planned with people, but the date has passed and nobody said what happened.",
        len(late),
    )


def signal_no_effect_30_days(
    acts: Sequence[ActivityRecord], today: date, design: int
) -> Signal | None:
    """Activities that happened more than 30 days ago with no effect recorded."""
    quiet = [
        a
        for a in _happened(acts)
        if not a.facts.effect_recorded and a.recorded_on < today - timedelta(days=30)
    ]
    if not quiet:
        return None
    return Signal(
        "no_effect_30_days",
        "No effect recorded after 30 days",
        "People gave their time, but a month later nobody has written down what changed "
        "because of it.",
        len(quiet),
    )


def signal_claims_above_evidence(
    acts: Sequence[ActivityRecord], today: date, design: int
) -> Signal | None:
    """Activities that claim a higher rung than the evidence shows."""
    above = [
        a for a in _happened(acts) if (evidenced_rung(a.facts).rung or 0) < a.facts.rung_claimed
    ]
    if not above:
        return None
    return Signal(
        "claims_above_evidence",
        "Claims above the evidence",
        "Some activities claim a higher rung of the ladder than what is recorded shows.",
        len(above),
    )


def signal_open_challenges(
    acts: Sequence[ActivityRecord], today: date, design: int
) -> Signal | None:
    """Challenges to claims that nobody has answered yet."""
    total = sum(a.open_challenges for a in acts)
    if not total:
        return None
    return Signal(
        "open_challenges",
        "Challenges waiting for an answer",
        "Someone who took part does not agree with a claim, and nobody has replied yet.",
        total,
    )


SIGNALS: tuple[Check, ...] = (
    signal_low_rungs_only,
    signal_late_involvement,
    signal_overdue_plans,
    signal_no_effect_30_days,
    signal_claims_above_evidence,
    signal_open_challenges,
)


def signals(
    activities: Sequence[ActivityRecord], today: date, design_position: int = 1
) -> list[Signal]:
    """Every signal that applies, in SIGNALS order. No activities, no signals."""
    found = [check(activities, today, design_position) for check in SIGNALS]
    return [s for s in found if s is not None]
