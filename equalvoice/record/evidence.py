"""The "rung evidenced" people see beside the rung claimed on every activity.

These are the named, documented rules behind it. The evidenced rung is the claimed rung,
capped by every rule that applies: it is the lowest of the claimed rung and each cap, so
it is never above the claim. Each rule is one small function in ``RULES``, with a
docstring stating the rule in plain English; changing a rule means changing its test
(tests/record/test_rules.py). Pure Python, no Django.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .ladder import Rung, gettext_noop

HAPPENED = ("done", "changed")
"""The statuses of an activity that took place. "planned" and "not_done" did not (yet)."""


@dataclass(frozen=True)
class ActivityFacts:
    """What the record says about one activity: all the rules need to know.

    status: "planned", "done", "changed" (done, but not as planned) or "not_done".
    rung_claimed: the rung claimed, 1 to 7.
    lived_experience_taking_part: how many people with lived experience took part
        (named or counted).
    effect_recorded: an effect is written down (what changed, or that nothing changed
        and why).
    something_changed: the effect says something changed.
    shaped_design: people with lived experience contributed to the design itself.
    decided_together: people with lived experience took part in the decision with equal
        weight.
    """

    status: str
    rung_claimed: int
    lived_experience_taking_part: int
    effect_recorded: bool
    something_changed: bool
    shaped_design: bool
    decided_together: bool


@dataclass(frozen=True)
class Evidence:
    """The rung the evidence shows, and why it is lower than the claim.

    rung: None when nothing has happened yet (planned, or not done).
    reasons: one plain sentence for each rule that capped the claim below the rung
        claimed, in the order the rules are applied; empty when the evidence shows the
        rung claimed.
    """

    rung: Rung | None
    reasons: tuple[str, ...] = ()


Cap = tuple[Rung, str] | None
"""What a rule gives: the highest rung it allows and a plain reason, or None."""


def rule_no_lived_experience(facts: ActivityFacts) -> Cap:
    """If nobody with lived experience took part, it shows informing at most."""
    if facts.lived_experience_taking_part > 0:
        return None
    return (
        Rung.INFORMING,
        gettext_noop("Nobody with lived experience took part, so this shows informing at most."),
    )


def rule_no_effect(facts: ActivityFacts) -> Cap:
    """If no effect is written down, it shows consultation at most."""
    if facts.effect_recorded:
        return None
    return Rung.CONSULTATION, gettext_noop(
        "No effect is recorded, so this shows consultation at most."
    )


def rule_nothing_changed(facts: ActivityFacts) -> Cap:
    """If the effect written down is that nothing changed, it shows consultation at most:
    people's views were asked, but they held no power over what happened.

    (With no effect written down at all, the "no effect" rule applies instead.)
    """
    if not facts.effect_recorded or facts.something_changed:
        return None
    return Rung.CONSULTATION, gettext_noop(
        "Nothing changed because of it, so this shows consultation at most."
    )


def rule_codesign_needs_design(facts: ActivityFacts) -> Cap:
    """Co-design needs people with lived experience to contribute to the design itself;
    without that it shows involvement (rung 5) at most."""
    if facts.shaped_design:
        return None
    return (
        Rung.ENGAGEMENT,
        gettext_noop(
            "People with lived experience did not shape the design itself, so this shows "
            "involvement (rung 5) at most."
        ),
    )


def rule_coproduction_needs_equal_decisions(facts: ActivityFacts) -> Cap:
    """Co-production needs people with lived experience to take part in the decision with
    equal weight; without that it shows co-design at most."""
    if facts.decided_together:
        return None
    return (
        Rung.CO_DESIGN,
        gettext_noop(
            "People with lived experience did not decide with equal weight, so this shows "
            "co-design at most."
        ),
    )


RULES: tuple[Callable[[ActivityFacts], Cap], ...] = (
    rule_no_lived_experience,
    rule_no_effect,
    rule_nothing_changed,
    rule_codesign_needs_design,
    rule_coproduction_needs_equal_decisions,
)
"""The capping rules, in the order they are applied."""


def evidenced_rung(facts: ActivityFacts) -> Evidence:
    """The rung the evidence shows for an activity.

    First rule: if nothing has happened yet (planned) or it did not happen (not done),
    nothing is evidenced. Otherwise it is the rung claimed, capped by each rule in RULES
    that applies: the lowest of the claim and every cap. A claim at or below every cap is
    kept as claimed. Each rule whose cap is below the claim gives its reason, in RULES
    order, so people see everything the claim is missing. A claimed rung outside 1 to 7
    is refused with a ValueError.
    """
    if facts.status not in HAPPENED:
        return Evidence(None, ())
    claimed = Rung.parse(facts.rung_claimed)
    caps = [cap for cap in (rule(facts) for rule in RULES) if cap is not None]
    below = [(rung, reason) for rung, reason in caps if rung < claimed]
    rung = min([claimed, *(r for r, _ in below)])
    return Evidence(rung, tuple(reason for _, reason in below))


def claim_above_evidence(facts: ActivityFacts) -> bool:
    """True when an activity that happened claims a higher rung than the evidence shows.
    Planned and not-done activities never do: they have no evidenced rung yet."""
    evidence = evidenced_rung(facts)
    return evidence.rung is not None and evidence.rung < facts.rung_claimed
