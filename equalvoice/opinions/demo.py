"""Demo data for opinion mapping: a conversation on short breaks for carers in the
Co-production Working Group. The group's members vote themselves; 60 more people voted on
paper cards at drop-in sessions, typed in anonymously with the perspective they ticked.
Three opinion groups emerge; everyone agrees carers should be asked what a good break is;
staff and family carers split on whether the service works well now.

`build()` is called once, through `OpinionsConfig.build_demo`, while `equalvoice.core.demo`
builds the demo."""

from __future__ import annotations

import random

from django.db import transaction

from equalvoice.core.demo import Demo

from . import actions, results
from .models import Conversation, Participant, Statement, Vote

STATEMENTS = [
    "Carers should be able to book a break at short notice.",
    "Carers should be asked what a good break looks like for them.",
    "A break at home can be as good as a break away.",
    "The paperwork for a break takes too long.",
    "A fixed weekly slot works best for most families.",
    "Breaks should be planned a year ahead so the money lasts.",
    "The breaks service works well as it is.",
    "Young carers need breaks of their own, with people their age.",
    "Breaks money should be paid straight to carers to spend.",
    "The person cared for should be able to come on the break if they want.",
]

# How likely each camp is to agree (+) or disagree (-) with each statement, in order.
CAMPS = {
    "flexible": [0.9, 0.95, 0.8, 0.9, -0.8, -0.6, -0.85, 0.5, 0.85, 0.6],
    "planned": [-0.6, 0.9, -0.3, 0.7, 0.85, 0.9, 0.7, 0.4, -0.8, 0.5],
    "young": [0.6, 0.9, 0.2, 0.8, -0.2, 0.1, -0.5, 0.95, 0.3, -0.6],
}
PAPER = [  # (perspective ticked on the card, camp, how many)
    ("Family carer", "flexible", 22),
    ("Person who uses services", "flexible", 8),
    ("Staff member", "planned", 12),
    ("Commissioner or manager", "planned", 6),
    ("Young person", "young", 12),
]
MEMBERS = {  # the working group's own members, and the camp their votes lean to
    "Asha Okafor": "flexible",
    "Bryn Haworth": "flexible",
    "Carys Mbeki": "flexible",
    "Dev Anand-Price": "planned",
    "Gethin Lowry": "planned",
    "Hana Sorensen": "planned",
    "Idris Pemberton": "flexible",
    "Jas Kaur-Whitley": "flexible",
    "Marek Zielny": "planned",
    "Quinn Adeyemi": "young",
    "Rosa Linnell": "flexible",
}


def _value(rng: random.Random, lean: float) -> int:
    """A vote drawn from a camp's lean: mostly the camp's view, sometimes not, some passes."""
    roll = rng.random()
    if roll < 0.12:
        return 0
    return (
        (1 if lean > 0 else -1) if rng.random() < 0.5 + abs(lean) / 2 else (-1 if lean > 0 else 1)
    )


@transaction.atomic
def build(demo: Demo) -> Conversation:
    """The conversation in the council's Co-production Working Group, run by its
    facilitator, with the members' votes and the paper cards'."""
    group, people = demo.working_group, demo.people
    facilitator = demo.facilitators[group.organisation.slug]
    rng = random.Random(2027)  # noqa: S311 - fictional demo data
    conversation = actions.conversation_create(
        actor=facilitator,
        group=group,
        title="Short breaks for carers: what matters?",
        question="We are changing short breaks for family carers next year. What matters to you?",
        seeds=STATEMENTS,
    )
    statements = list(conversation.statements.order_by("id"))
    for name, camp in MEMBERS.items():
        person = people[name]
        for statement, lean in zip(statements, CAMPS[camp], strict=True):
            if rng.random() < 0.9:
                actions.vote_cast(actor=person, statement=statement, value=_value(rng, lean))
    number = 1000
    votes = []
    for perspective, camp, count in PAPER:
        for _ in range(count):
            number += 1
            card = Participant.objects.create(
                conversation=conversation, external_id=number, perspective=perspective
            )
            for statement, lean in zip(statements, CAMPS[camp], strict=True):
                if rng.random() < 0.8:
                    votes.append(
                        Vote(
                            participant=card,
                            statement=statement,
                            value=_value(rng, lean),
                            entered_by=facilitator,
                        )
                    )
    Vote.objects.bulk_create(votes)
    actions.statement_add(
        actor=people["Bryn Haworth"],
        conversation=conversation,
        text="Tell us in easy read how to book a break.",
    )
    assert conversation.statements.filter(status=Statement.Status.WAITING).exists()
    # The votes above asked for an update after this transaction; work it out now too,
    # so the demo has results even with the database task queue.
    transaction.on_commit(lambda: results.refresh(conversation.pk))
    return conversation
