"""The "tokenism signals" people see on each initiative and on the board view.

These are the named, documented rules behind them: warning signs that people with lived
experience may be involved for show rather than sharing power. Each signal is one small
function in ``SIGNALS``, with a docstring stating the rule in plain English and a plain
explanation for the people who read it; changing a rule means changing its test
(tests/record/test_rules.py). Pure Python, no Django.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .evidence import HAPPENED, ActivityFacts, evidenced_rung
from .ladder import Rung, gettext_noop

NO_EFFECT_DAYS = 30
"""How long after an activity an effect should be written down."""


@dataclass(frozen=True)
class ActivityRecord:
    """One activity on an initiative, as the signals see it.

    facts: what the evidence rules need.
    stage_position: the order of the activity's stage (by default: understand the
        problem 0, design 1, decide or commission 2, deliver 3, review 4, govern 5).
    on: the planned date, or the date done.
    recorded_on: when the effect became due (the date done).
    open_challenges: challenges to the claim that nobody has answered yet.
    """

    facts: ActivityFacts
    stage_position: int
    on: date
    recorded_on: date
    open_challenges: int


@dataclass(frozen=True)
class Signal:
    """A warning sign on an initiative.

    code: the rule's name; title: short and plain; explanation: why it matters, in one or
    two plain sentences; count: how many activities it concerns (for open challenges, how
    many challenges), or 1.
    """

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
    activities: Sequence[ActivityRecord], today: date, design_position: int
) -> Signal | None:
    """People with lived experience took part only at consultation or below: at least one
    activity that happened had people with lived experience taking part, and the
    evidence for every such activity shows consultation or a lower rung."""
    lived = _with_lived(activities)
    if not lived:
        return None
    if any((evidenced_rung(a.facts).rung or 0) > Rung.CONSULTATION for a in lived):
        return None
    return Signal(
        "low_rungs_only",
        gettext_noop("Lived experience only at consultation or below"),
        gettext_noop(
            "People with lived experience were asked for views, but never shared in designing "
            "or deciding."
        ),
        len(lived),
    )


def signal_late_involvement(
    activities: Sequence[ActivityRecord], today: date, design_position: int
) -> Signal | None:
    """People with lived experience joined only after the design stage: at least one
    activity that happened had people with lived experience taking part, and none of
    them was at the design stage or earlier."""
    lived = _with_lived(activities)
    if not lived or min(a.stage_position for a in lived) <= design_position:
        return None
    return Signal(
        "late_involvement",
        gettext_noop("Lived experience joined late"),
        gettext_noop(
            "People with lived experience only took part after the design stage, when the big "
            "choices were already made."
        ),
        len(lived),
    )


def signal_overdue_plans(
    activities: Sequence[ActivityRecord], today: date, design_position: int
) -> Signal | None:
    """Planned activities are overdue: an activity still marked as planned has a date
    before today."""
    late = [a for a in activities if a.facts.status == "planned" and a.on < today]
    if not late:
        return None
    return Signal(
        "overdue_plans",
        gettext_noop("Planned activities are overdue"),
        gettext_noop(
            "Something was planned with people, but the date has passed and nobody said what "
            "happened."
        ),
        len(late),
    )


def signal_no_effect_30_days(
    activities: Sequence[ActivityRecord], today: date, design_position: int
) -> Signal | None:
    """No effect recorded after 30 days: an activity that happened has no effect written
    down, and it became due more than 30 days before today."""
    quiet = [
        a
        for a in _happened(activities)
        if not a.facts.effect_recorded and a.recorded_on < today - timedelta(days=NO_EFFECT_DAYS)
    ]
    if not quiet:
        return None
    return Signal(
        "no_effect_30_days",
        gettext_noop("No effect recorded after 30 days"),
        gettext_noop(
            "People gave their time, but a month later nobody has written down what changed "
            "because of it."
        ),
        len(quiet),
    )


def signal_claims_above_evidence(
    activities: Sequence[ActivityRecord], today: date, design_position: int
) -> Signal | None:
    """Claims above the evidence: an activity that happened claims a higher rung than the
    evidence rules show."""
    above = [
        a
        for a in _happened(activities)
        if (evidenced_rung(a.facts).rung or 0) < a.facts.rung_claimed
    ]
    if not above:
        return None
    return Signal(
        "claims_above_evidence",
        gettext_noop("Claims above the evidence"),
        gettext_noop(
            "Some activities claim a higher rung of the ladder than what is recorded shows."
        ),
        len(above),
    )


def signal_open_challenges(
    activities: Sequence[ActivityRecord], today: date, design_position: int
) -> Signal | None:
    """Open challenges: someone has challenged a claim and nobody has replied yet. The
    count is the number of open challenges, across all activities."""
    total = sum(a.open_challenges for a in activities if a.open_challenges > 0)
    if not total:
        return None
    return Signal(
        "open_challenges",
        gettext_noop("Challenges waiting for an answer"),
        gettext_noop(
            "Someone who took part does not agree with a claim, and nobody has replied yet."
        ),
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
"""Every tokenism signal, in the order they are shown."""


def signals(
    activities: Sequence[ActivityRecord], today: date, design_position: int = 1
) -> list[Signal]:
    """Every tokenism signal that applies to an initiative's activities, in SIGNALS order.

    design_position is the position of the design stage (1 in the default list). An
    initiative with no activities gives no signals.
    """
    found = [check(activities, today, design_position) for check in SIGNALS]
    return [s for s in found if s is not None]
