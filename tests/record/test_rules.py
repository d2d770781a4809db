"""The evidence rules and tokenism signals, each alone, both sides of each condition."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from equalvoice.record import evidence, tokenism
from equalvoice.record.evidence import ActivityFacts, evidenced_rung
from equalvoice.record.ladder import Rung
from equalvoice.record.tokenism import ActivityRecord, signals

FULL = ActivityFacts(
    status="done",
    rung_claimed=7,
    lived_experience_taking_part=3,
    effect_recorded=True,
    something_changed=True,
    shaped_design=True,
    decided_together=True,
)
TODAY = date(2026, 11, 23)


def test_ladder() -> None:
    assert [r.label for r in Rung][0] == "Coercion" and Rung.CO_PRODUCTION.band == "doing with"
    assert Rung.EDUCATING.band == "doing to" and Rung.ENGAGEMENT.band == "doing for"
    assert Rung.parse("6") is Rung.CO_DESIGN
    for bad in (0, 8, "x", None, "-1"):
        with pytest.raises(ValueError, match="Choose a rung"):
            Rung.parse(bad)
    assert len(Rung.choices()) == 7


def test_full_evidence_keeps_the_claim() -> None:
    assert evidenced_rung(FULL) == evidence.Evidence(Rung.CO_PRODUCTION, ())


@pytest.mark.parametrize("status", ["planned", "not_done"])
def test_nothing_happened_shows_nothing(status: str) -> None:
    assert evidenced_rung(replace(FULL, status=status)).rung is None


@pytest.mark.parametrize(
    ("change", "cap", "rule"),
    [
        ({"lived_experience_taking_part": 0}, Rung.INFORMING, evidence.rule_no_lived_experience),
        (
            {"effect_recorded": False, "something_changed": False},
            Rung.CONSULTATION,
            evidence.rule_no_effect,
        ),
        ({"something_changed": False}, Rung.CONSULTATION, evidence.rule_nothing_changed),
        ({"shaped_design": False}, Rung.ENGAGEMENT, evidence.rule_codesign_needs_design),
        (
            {"decided_together": False},
            Rung.CO_DESIGN,
            evidence.rule_coproduction_needs_equal_decisions,
        ),
    ],
)
def test_each_rule_caps_only_when_it_applies(change: dict[str, object], cap: Rung, rule) -> None:  # type: ignore[no-untyped-def]
    assert rule(FULL) is None
    capped = replace(FULL, **change)  # type: ignore[arg-type]
    found = rule(capped)
    assert found is not None and found[0] == cap and found[1]
    result = evidenced_rung(capped)
    assert result.rung == cap and result.reasons
    # A claim already at or below the cap keeps its rung and gives no reason.
    low = evidenced_rung(replace(capped, rung_claimed=int(cap)))
    assert low.rung == cap and low.reasons == ()


facts = st.builds(
    ActivityFacts,
    status=st.sampled_from(["planned", "done", "changed", "not_done"]),
    rung_claimed=st.integers(1, 7),
    lived_experience_taking_part=st.integers(0, 5),
    effect_recorded=st.booleans(),
    something_changed=st.booleans(),
    shaped_design=st.booleans(),
    decided_together=st.booleans(),
)


@given(facts)
def test_evidence_is_never_above_the_claim(f: ActivityFacts) -> None:
    rung = evidenced_rung(f).rung
    assert rung is None or rung <= f.rung_claimed
    assert evidence.claim_above_evidence(f) == (rung is not None and rung < f.rung_claimed)


@given(facts)
def test_recording_an_effect_never_lowers_the_evidence(f: ActivityFacts) -> None:
    before = evidenced_rung(f).rung or 0
    after = evidenced_rung(replace(f, effect_recorded=True, something_changed=True)).rung or 0
    assert after >= before


def _record(
    f: ActivityFacts = FULL, stage: int = 1, days_ago: int = 3, challenges: int = 0
) -> ActivityRecord:
    on = TODAY - timedelta(days=days_ago)
    return ActivityRecord(
        facts=f, stage_position=stage, on=on, recorded_on=on, open_challenges=challenges
    )


def _codes(records: list[ActivityRecord]) -> set[str]:
    return {s.code for s in signals(records, TODAY)}


def test_no_activities_no_signals() -> None:
    assert signals([], TODAY) == []
    assert _codes([_record()]) == set()


def test_low_rungs_only() -> None:
    low = replace(FULL, rung_claimed=4)
    assert "low_rungs_only" in _codes([_record(low)])
    assert "low_rungs_only" not in _codes([_record(low), _record(FULL)])
    assert "low_rungs_only" not in _codes([_record(replace(low, lived_experience_taking_part=0))])


def test_late_involvement() -> None:
    assert "late_involvement" in _codes([_record(stage=3)])
    assert "late_involvement" not in _codes([_record(stage=3), _record(stage=1)])
    assert "late_involvement" not in _codes([_record(stage=0)])


def test_overdue_plans() -> None:
    planned = replace(FULL, status="planned")
    assert tokenism.signal_overdue_plans([_record(planned, days_ago=1)], TODAY, 1) is not None
    assert tokenism.signal_overdue_plans([_record(planned, days_ago=0)], TODAY, 1) is None
    assert tokenism.signal_overdue_plans([_record(planned, days_ago=-5)], TODAY, 1) is None


def test_no_effect_after_30_days() -> None:
    quiet = replace(FULL, effect_recorded=False, something_changed=False)
    assert "no_effect_30_days" in _codes([_record(quiet, days_ago=31)])
    assert "no_effect_30_days" not in _codes([_record(quiet, days_ago=30)])
    assert "no_effect_30_days" not in _codes([_record(FULL, days_ago=90)])


def test_claims_above_evidence_and_open_challenges() -> None:
    assert "claims_above_evidence" in _codes([_record(replace(FULL, decided_together=False))])
    assert "claims_above_evidence" not in _codes(
        [_record(replace(FULL, decided_together=False, rung_claimed=6))]
    )
    (signal,) = [
        s
        for s in signals([_record(challenges=2), _record(challenges=1)], TODAY)
        if s.code == "open_challenges"
    ]
    assert signal.count == 3 and signal.explanation


def test_pure_modules_import_no_django() -> None:
    code = (
        "import sys, equalvoice.record.ladder, equalvoice.record.evidence, "
        "equalvoice.record.tokenism; "
        "sys.exit(1 if any(m.startswith('django') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
