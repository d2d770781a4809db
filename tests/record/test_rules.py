"""The ladder, the evidence rules and the tokenism signals, each alone: both sides of each
condition, plus general properties with hypothesis. No database, no Django."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from equalvoice.record import evidence
from equalvoice.record.evidence import ActivityFacts, Cap, Evidence, evidenced_rung
from equalvoice.record.ladder import Rung
from equalvoice.record.tokenism import SIGNALS, ActivityRecord, Signal, signals

TODAY = date(2026, 11, 23)
# Everything co-production needs: no rule applies.
FULL = ActivityFacts(
    status="done",
    rung_claimed=7,
    lived_experience_taking_part=3,
    effect_recorded=True,
    something_changed=True,
    shaped_design=True,
    decided_together=True,
)
# Words the primer says our own interface avoids.
AVOIDED = re.compile(
    r"\b(service users?|stakeholders?|engagement|empower\w*|facilitat\w*|deliver\w*"
    r"|leverage|going forward|robust)\b",
    re.IGNORECASE,
)


# The ladder


def test_rungs_are_numbered_lowest_first() -> None:
    assert [int(r) for r in Rung] == [1, 2, 3, 4, 5, 6, 7]
    assert [r.label for r in Rung] == [
        "Coercion",
        "Educating",
        "Informing",
        "Consultation",
        "Involvement",
        "Co-design",
        "Co-production",
    ]


@pytest.mark.parametrize(
    ("rung", "band"),
    [
        (Rung.COERCION, "doing to"),
        (Rung.EDUCATING, "doing to"),
        (Rung.INFORMING, "doing for"),
        (Rung.CONSULTATION, "doing for"),
        (Rung.ENGAGEMENT, "doing for"),
        (Rung.CO_DESIGN, "doing with"),
        (Rung.CO_PRODUCTION, "doing with"),
    ],
)
def test_bands(rung: Rung, band: str) -> None:
    assert rung.band == band


def test_descriptions_are_plain() -> None:
    for rung in Rung:
        assert rung.description and "." not in rung.description
        assert not AVOIDED.search(rung.label + " " + rung.description)
    assert "no power" in Rung.CONSULTATION.description


def test_choices_for_forms() -> None:
    choices = Rung.choices()
    assert [value for value, _ in choices] == [1, 2, 3, 4, 5, 6, 7]
    assert choices[5][1].startswith("6. Co-design: people help design")
    assert all(type(value) is int for value, _ in choices)


@pytest.mark.parametrize(
    ("value", "rung"),
    [(1, Rung.COERCION), (7, Rung.CO_PRODUCTION), ("6", Rung.CO_DESIGN), (" 4 ", 4)],
)
def test_parse_accepts_one_to_seven(value: object, rung: int) -> None:
    parsed = Rung.parse(value)
    assert parsed == rung and isinstance(parsed, Rung)
    assert Rung.parse(parsed) is parsed


@pytest.mark.parametrize("value", [0, 8, -1, "-1", "x", "", None, 4.5, "4.5", "seven"])
def test_parse_refuses_anything_else_in_plain_words(value: object) -> None:
    with pytest.raises(ValueError, match=r"^Choose a rung of the ladder, from coercion \(1\)"):
        Rung.parse(value)


# The evidence rules


def test_full_evidence_keeps_the_claim() -> None:
    assert evidenced_rung(FULL) == Evidence(Rung.CO_PRODUCTION, ())
    assert not evidence.claim_above_evidence(FULL)
    assert all(rule(FULL) is None for rule in evidence.RULES)


@pytest.mark.parametrize("status", ["done", "changed"])
def test_done_or_changed_is_evidenced(status: str) -> None:
    assert evidenced_rung(replace(FULL, status=status)).rung == Rung.CO_PRODUCTION
    thin = replace(FULL, status=status, decided_together=False)
    assert evidenced_rung(thin).rung == Rung.CO_DESIGN
    assert evidence.claim_above_evidence(thin)


@pytest.mark.parametrize("status", ["planned", "not_done"])
def test_nothing_happened_shows_nothing(status: str) -> None:
    empty = ActivityFacts(status, 7, 0, False, False, False, False)
    assert evidenced_rung(empty) == Evidence(None, ())
    assert not evidence.claim_above_evidence(empty)


def test_a_claim_outside_the_ladder_is_refused() -> None:
    with pytest.raises(ValueError, match="Choose a rung"):
        evidenced_rung(replace(FULL, rung_claimed=8))


RuleCase = tuple[dict[str, Any], Rung, Callable[[ActivityFacts], Cap]]
RULE_CASES: list[RuleCase] = [
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
]


def test_rules_are_listed_in_order() -> None:
    assert tuple(rule for _, _, rule in RULE_CASES) == evidence.RULES
    for rule in evidence.RULES:
        assert rule.__name__.startswith("rule_") and rule.__doc__


@pytest.mark.parametrize(("change", "cap", "rule"), RULE_CASES)
def test_each_rule_caps_only_when_it_applies(
    change: dict[str, Any], cap: Rung, rule: Callable[[ActivityFacts], Cap]
) -> None:
    # Does not apply: nothing is missing.
    assert rule(FULL) is None
    # Applies: it gives its cap and a plain reason naming that rung.
    capped = replace(FULL, **change)
    found = rule(capped)
    assert found is not None
    assert found[0] == cap and found[1].endswith(" at most.")
    assert not AVOIDED.search(found[1])
    # Through evidenced_rung, with a claim above the cap: capped, with this one reason.
    assert evidenced_rung(capped) == Evidence(cap, (found[1],))
    # A claim at the cap, or below it, is kept as claimed, with no reason.
    for claimed in range(1, int(cap) + 1):
        assert evidenced_rung(replace(capped, rung_claimed=claimed)) == Evidence(Rung(claimed))
    # A claim just above the cap is capped.
    above = evidenced_rung(replace(capped, rung_claimed=int(cap) + 1))
    assert above.rung == cap and above.reasons == (found[1],)


def test_nothing_changed_leaves_a_missing_effect_to_the_no_effect_rule() -> None:
    none_written = replace(FULL, effect_recorded=False, something_changed=False)
    assert evidence.rule_nothing_changed(none_written) is None
    assert evidence.rule_no_effect(none_written) is not None
    # "Something changed" ticked with no effect written down still counts as no effect.
    odd = replace(FULL, effect_recorded=False, something_changed=True)
    assert evidence.rule_nothing_changed(odd) is None
    assert evidenced_rung(odd).rung == Rung.CONSULTATION


def test_lived_experience_counts_from_one() -> None:
    assert evidence.rule_no_lived_experience(replace(FULL, lived_experience_taking_part=1)) is None
    assert evidence.rule_no_lived_experience(replace(FULL, lived_experience_taking_part=0))


def test_every_rule_below_the_claim_gives_its_reason_in_order() -> None:
    bare = ActivityFacts("done", 7, 0, False, False, False, False)
    found = evidenced_rung(bare)
    assert found.rung == Rung.INFORMING
    assert found.reasons == (
        "Nobody with lived experience took part, so this shows informing at most.",
        "No effect is recorded, so this shows consultation at most.",
        "People with lived experience did not shape the design itself, so this shows "
        "involvement (rung 5) at most.",
        "People with lived experience did not decide with equal weight, so this shows "
        "co-design at most.",
    )
    # Claimed at consultation: only the rule capping below consultation gives a reason.
    assert evidenced_rung(replace(bare, rung_claimed=4)).reasons == found.reasons[:1]


# General properties of the evidence rules

facts_strategy = st.builds(
    ActivityFacts,
    status=st.sampled_from(["planned", "done", "changed", "not_done"]),
    rung_claimed=st.integers(1, 7),
    lived_experience_taking_part=st.integers(0, 5),
    effect_recorded=st.booleans(),
    something_changed=st.booleans(),
    shaped_design=st.booleans(),
    decided_together=st.booleans(),
)
happened_strategy = facts_strategy.map(lambda f: replace(f, status="done"))


@given(facts_strategy)
def test_evidence_is_never_above_the_claim(f: ActivityFacts) -> None:
    rung = evidenced_rung(f).rung
    assert (rung is None) == (f.status in ("planned", "not_done"))
    assert rung is None or rung <= f.rung_claimed
    assert evidence.claim_above_evidence(f) == (rung is not None and rung < f.rung_claimed)


@given(happened_strategy)
def test_evidence_is_the_lowest_of_the_claim_and_every_cap(f: ActivityFacts) -> None:
    caps = [cap for cap in (rule(f) for rule in evidence.RULES) if cap is not None]
    found = evidenced_rung(f)
    assert found.rung == min([f.rung_claimed, *(rung for rung, _ in caps)])
    assert found.reasons == tuple(reason for rung, reason in caps if rung < f.rung_claimed)
    assert bool(found.reasons) == evidence.claim_above_evidence(f)


@given(facts_strategy, st.booleans())
def test_adding_an_effect_never_lowers_the_evidence(f: ActivityFacts, changed: bool) -> None:
    before = evidenced_rung(replace(f, effect_recorded=False)).rung or 0
    after = evidenced_rung(replace(f, effect_recorded=True, something_changed=changed)).rung or 0
    assert after >= before


MORE_EVIDENCE: list[tuple[dict[str, Any], dict[str, Any]]] = [
    ({"lived_experience_taking_part": 0}, {"lived_experience_taking_part": 1}),
    ({"effect_recorded": False}, {"effect_recorded": True, "something_changed": True}),
    ({"effect_recorded": True, "something_changed": False}, {"something_changed": True}),
    ({"shaped_design": False}, {"shaped_design": True}),
    ({"decided_together": False}, {"decided_together": True}),
]


@given(happened_strategy, st.sampled_from(MORE_EVIDENCE))
def test_more_evidence_never_lowers_the_rung(
    f: ActivityFacts, change: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    poorer = replace(f, **change[0])
    richer = replace(poorer, **change[1])
    before, after = evidenced_rung(poorer).rung, evidenced_rung(richer).rung
    assert before is not None and after is not None and after >= before


@given(happened_strategy, st.integers(1, 6))
def test_a_higher_claim_never_lowers_the_evidence(f: ActivityFacts, lower: int) -> None:
    low = evidenced_rung(replace(f, rung_claimed=lower)).rung
    high = evidenced_rung(replace(f, rung_claimed=lower + 1)).rung
    assert low is not None and high is not None and high >= low


# The tokenism signals


def _record(
    f: ActivityFacts = FULL, stage: int = 1, days_ago: int = 3, challenges: int = 0
) -> ActivityRecord:
    on = TODAY - timedelta(days=days_ago)
    return ActivityRecord(
        facts=f, stage_position=stage, on=on, recorded_on=on, open_challenges=challenges
    )


def _codes(records: list[ActivityRecord], design_position: int = 1) -> list[str]:
    return [s.code for s in signals(records, TODAY, design_position)]


def _one(records: list[ActivityRecord], code: str) -> Signal:
    (found,) = [s for s in signals(records, TODAY) if s.code == code]
    return found


def test_no_activities_no_signals() -> None:
    assert signals([], TODAY) == []
    for check in SIGNALS:
        assert check([], TODAY, 1) is None


def test_a_good_activity_gives_no_signals() -> None:
    assert _codes([_record()]) == []


def test_signals_are_listed_with_their_rules() -> None:
    codes = [
        "low_rungs_only",
        "late_involvement",
        "overdue_plans",
        "no_effect_30_days",
        "claims_above_evidence",
        "open_challenges",
    ]
    assert [check.__name__ for check in SIGNALS] == [f"signal_{code}" for code in codes]
    for check in SIGNALS:
        assert check.__doc__


def test_low_rungs_only() -> None:
    consulted = replace(FULL, rung_claimed=4)
    # Applies: every activity with lived experience shows consultation or lower.
    found = _one([_record(consulted), _record(replace(FULL, rung_claimed=2))], "low_rungs_only")
    assert found.count == 2
    # It is the evidenced rung that counts, not the claim.
    assert "low_rungs_only" in _codes([_record(replace(FULL, effect_recorded=False))])
    # Does not apply: one activity with lived experience shows more than consultation.
    assert "low_rungs_only" not in _codes(
        [_record(consulted), _record(replace(FULL, rung_claimed=5))]
    )
    # Does not apply: nobody with lived experience took part at all.
    nobody = replace(consulted, lived_experience_taking_part=0)
    assert "low_rungs_only" not in _codes([_record(nobody)])
    # Activities without lived experience, or not yet done, are left out.
    assert "low_rungs_only" in _codes(
        [_record(consulted), _record(replace(FULL, lived_experience_taking_part=0))]
    )
    assert "low_rungs_only" not in _codes([_record(replace(consulted, status="planned"))])
    assert "low_rungs_only" not in _codes([_record(replace(consulted, status="not_done"))])
    assert "low_rungs_only" in _codes([_record(replace(consulted, status="changed"))])


def test_late_involvement() -> None:
    # Applies: lived experience only after the design stage.
    found = _one([_record(stage=2), _record(stage=4)], "late_involvement")
    assert found.count == 2
    # Does not apply: lived experience at the design stage, or before it.
    assert "late_involvement" not in _codes([_record(stage=1)])
    assert "late_involvement" not in _codes([_record(stage=0)])
    assert "late_involvement" not in _codes([_record(stage=3), _record(stage=1)])
    # Does not apply: nobody with lived experience took part.
    assert "late_involvement" not in _codes(
        [_record(replace(FULL, lived_experience_taking_part=0), stage=3)]
    )
    # Early activities without lived experience, or not done, do not count as joining.
    nobody_early = _record(replace(FULL, lived_experience_taking_part=0), stage=0)
    planned_early = _record(replace(FULL, status="planned"), stage=0, days_ago=-3)
    assert "late_involvement" in _codes([_record(stage=3), nobody_early, planned_early])
    # The design stage's position is a setting.
    assert "late_involvement" not in _codes([_record(stage=3)], design_position=3)
    assert "late_involvement" in _codes([_record(stage=1)], design_position=0)


def test_overdue_plans() -> None:
    planned = replace(FULL, status="planned")
    found = _one([_record(planned, days_ago=1), _record(planned, days_ago=40)], "overdue_plans")
    assert found.count == 2
    # Not overdue: today, or still to come.
    assert "overdue_plans" not in _codes([_record(planned, days_ago=0)])
    assert "overdue_plans" not in _codes([_record(planned, days_ago=-5)])
    # Not a plan any more: done, changed or not done.
    for status in ("done", "changed", "not_done"):
        assert "overdue_plans" not in _codes([_record(replace(FULL, status=status), days_ago=9)])


def test_no_effect_after_30_days() -> None:
    quiet = replace(FULL, effect_recorded=False, something_changed=False)
    assert _one([_record(quiet, days_ago=31)], "no_effect_30_days").count == 1
    assert _one([_record(replace(quiet, status="changed"), days_ago=31)], "no_effect_30_days")
    # Not yet 30 days.
    assert "no_effect_30_days" not in _codes([_record(quiet, days_ago=30)])
    # An effect is recorded, even "nothing changed, because ...".
    assert "no_effect_30_days" not in _codes([_record(FULL, days_ago=90)])
    nothing = replace(FULL, something_changed=False)
    assert "no_effect_30_days" not in _codes([_record(nothing, days_ago=90)])
    # It did not happen, so no effect is due.
    for status in ("planned", "not_done"):
        assert "no_effect_30_days" not in _codes(
            [_record(replace(quiet, status=status), days_ago=90)]
        )


def test_no_effect_counts_from_the_date_it_became_due() -> None:
    quiet = replace(FULL, effect_recorded=False, something_changed=False)
    record = replace(_record(quiet, days_ago=90), recorded_on=TODAY - timedelta(days=2))
    assert "no_effect_30_days" not in _codes([record])
    record = replace(_record(quiet, days_ago=2), recorded_on=TODAY - timedelta(days=31))
    assert "no_effect_30_days" in _codes([record])


def test_claims_above_evidence() -> None:
    thin = replace(FULL, decided_together=False)
    assert _one([_record(thin), _record(thin), _record()], "claims_above_evidence").count == 2
    # The claim matches the evidence.
    assert "claims_above_evidence" not in _codes([_record(replace(thin, rung_claimed=6))])
    # Planned or not done: nothing to weigh the claim against yet.
    for status in ("planned", "not_done"):
        assert "claims_above_evidence" not in _codes(
            [_record(replace(thin, status=status), days_ago=-3)]
        )


def test_open_challenges() -> None:
    found = _one([_record(challenges=2), _record(challenges=1), _record()], "open_challenges")
    assert found.count == 3
    assert "open_challenges" not in _codes([_record(challenges=0)])
    # A challenge on a planned activity still waits for an answer.
    planned = _record(replace(FULL, status="planned"), days_ago=-3, challenges=1)
    assert _one([planned], "open_challenges").count == 1


def test_all_signals_together_in_order() -> None:
    low = replace(FULL, rung_claimed=7, effect_recorded=False, something_changed=False)
    records = [
        _record(low, stage=3, days_ago=40, challenges=1),
        _record(replace(FULL, status="planned"), stage=0, days_ago=2),
    ]
    assert _codes(records) == [check.__name__.removeprefix("signal_") for check in SIGNALS]


def test_signal_words_are_plain() -> None:
    low = replace(FULL, effect_recorded=False, something_changed=False)
    records = [
        _record(low, stage=3, days_ago=40, challenges=1),
        _record(replace(FULL, status="planned"), stage=0, days_ago=2),
    ]
    found = signals(records, TODAY)
    assert len(found) == len(SIGNALS)
    for signal in found:
        assert signal.title and len(signal.title) <= 60 and not signal.title.endswith(".")
        assert signal.explanation.endswith(".")
        assert len(re.split(r"(?<=\.)\s+", signal.explanation)) <= 2  # one or two sentences
        assert not AVOIDED.search(signal.title + " " + signal.explanation)
        # British spelling: "-ise", not "-ize".
        assert not re.search(r"\w{3,}iz(e|ed|es|ing|ation)\b", signal.explanation)


# General properties of the signals

records_strategy = st.lists(
    st.builds(
        ActivityRecord,
        facts=facts_strategy,
        stage_position=st.integers(0, 5),
        on=st.dates(TODAY - timedelta(days=90), TODAY + timedelta(days=90)),
        recorded_on=st.dates(TODAY - timedelta(days=90), TODAY),
        open_challenges=st.integers(0, 3),
    ),
    max_size=8,
)


@given(records_strategy, st.integers(0, 5))
def test_signals_follow_their_rules(records: list[ActivityRecord], design_position: int) -> None:
    found = signals(records, TODAY, design_position)
    order = [check(records, TODAY, design_position) for check in SIGNALS]
    assert found == [s for s in order if s is not None]
    for signal in found:
        assert signal.count >= 1
        if signal.code != "open_challenges":
            assert signal.count <= len(records)
    if not records:
        assert found == []


@given(records_strategy)
def test_signals_do_not_depend_on_the_order_of_activities(records: list[ActivityRecord]) -> None:
    assert signals(records, TODAY) == signals(list(reversed(records)), TODAY)


@given(records_strategy)
def test_recording_effects_never_adds_a_signal(records: list[ActivityRecord]) -> None:
    with_effects = [
        replace(r, facts=replace(r.facts, effect_recorded=True, something_changed=True))
        for r in records
    ]
    after = {s.code for s in signals(with_effects, TODAY)}
    assert "no_effect_30_days" not in after
    assert after <= {s.code for s in signals(records, TODAY)}


# Pure Python


def test_pure_modules_import_no_django() -> None:
    code = (
        "import sys, equalvoice.record.ladder, equalvoice.record.evidence, "
        "equalvoice.record.tokenism; "
        "found = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
        "print(found); sys.exit(1 if found else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
