"""Demo data for speakeasy: the council's own word list, and a challenge to a word
waiting for an answer. Every name here is made up.

`build()` is called once, through `SpeakeasyConfig.build_demo`, while
`equalvoice.core.demo` builds the demo (straight after the core's part)."""

from __future__ import annotations

from equalvoice.core.demo import Demo

from . import actions


def build(demo: Demo) -> None:
    """Two words in the council's list (one to replace, one to explain) and a member's
    challenge to a word."""
    council, people = demo.council, demo.people
    admin = demo.admins[council.slug]
    actions.word_save(
        actor=admin,
        organisation=council,
        term="day opportunities",
        mode="replace",
        suggestions="things to do in the day; day centre",
    )
    actions.word_save(
        actor=admin,
        organisation=council,
        term="short breaks",
        mode="explain",
        explanation="Short breaks give family carers time off while someone else cares.",
    )
    actions.challenge_raise(
        actor=people["Quinn Adeyemi"],
        organisation=council,
        term="reablement",
        reason="dont_understand",
        proposal="help to get back on your feet",
    )
