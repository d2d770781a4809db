"""The rung the evidence shows, beside the rung claimed.

These are the named, documented rules behind the "rung the evidence shows" that people
see on every activity. The evidenced rung is the claimed rung, capped by every rule that
applies. Each rule is one small function; changing a rule means changing its test.
Pure Python, no Django."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .ladder import Rung

HAPPENED = ("done", "changed")


@dataclass(frozen=True)
class ActivityFacts:
    status: str  # planned | done | changed | not_done
    rung_claimed: int
    lived_experience_taking_part: int
    effect_recorded: bool
    something_changed: bool
    shaped_design: bool
    decided_together: bool


@dataclass(frozen=True)
class Evidence:
    rung: Rung | None
    reasons: tuple[str, ...] = ()


Cap = tuple[Rung, str] | None


def rule_no_lived_experience(facts: ActivityFacts) -> Cap:
    """With nobody with lived experience taking part, it can show informing at most."""
    if facts.lived_experience_taking_part > 0:
        return None
    return (
        Rung.INFORMING,
        "Nobody with lived experience took part, so this shows informing at most.",
    )


def rule_no_effect(facts: ActivityFacts) -> Cap:
    """With no effect written down, it can show consultation at most."""
    if facts.effect_recorded:
        return None
    return Rung.CONSULTATION, "No effect is recorded, so this shows consultation at most."


def rule_nothing_changed(facts: ActivityFacts) -> Cap:
    """When nothing changed because of it, people held no power over what happened: it
    shows consultation at most."""
    if not facts.effect_recorded or facts.something_changed:
        return None
    return Rung.CONSULTATION, "Nothing changed because of it, so this shows consultation at most."


def rule_codesign_needs_design(facts: ActivityFacts) -> Cap:
    """Co-design needs people with lived experience to shape the design itself; without
    that it shows involvement (rung 5) at most."""
    if facts.shaped_design:
        return None
    return (
        Rung.ENGAGEMENT,
        "People with lived experience did not shape the design itself, so this shows "
        "involvement (rung 5) at most.",
    )


def rule_coproduction_needs_equal_decisions(facts: ActivityFacts) -> Cap:
    """Co-production needs people with lived experience in the decision with equal
    weight; without that it shows co-design at most."""
    if facts.decided_together:
        return None
    return (
        Rung.CO_DESIGN,
        "People with lived experience did not decide with equal weight, so this shows "
        "co-design at most.",
    )


RULES: tuple[Callable[[ActivityFacts], Cap], ...] = (
    rule_no_lived_experience,
    rule_no_effect,
    rule_nothing_changed,
    rule_codesign_needs_design,
    rule_coproduction_needs_equal_decisions,
)


def evidenced_rung(facts: ActivityFacts) -> Evidence:
    """The claimed rung capped by each rule that applies. Nothing is evidenced for an
    activity that is planned or did not happen. Only rules that lower the rung give a
    reason."""
    if facts.status not in HAPPENED:
        return Evidence(None, ())
    rung = Rung.parse(facts.rung_claimed)
    reasons = []
    for rule in RULES:
        cap = rule(facts)
        if cap is not None and cap[0] < rung:
            rung = cap[0]
            reasons.append(cap[1])
    return Evidence(rung, tuple(reasons))


def claim_above_evidence(facts: ActivityFacts) -> bool:
    evidence = evidenced_rung(facts)
    return evidence.rung is not None and evidence.rung < facts.rung_claimed
