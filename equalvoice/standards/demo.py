"""Demo data for standards and feedback rounds. Every name and answer here is made up.

`build()` is called once, through `StandardsConfig.build_demo`, while `equalvoice.core.demo`
builds the demo. It adds to the council:

- The Northshire Pledge (from the example pledge starter), rated in three anonymous rounds
  about six months apart. Scores rise from round to round; on one statement staff rate
  themselves far higher than the people who use services do, a gap the results report as
  real. One perspective has fewer people than the minimum group size, so the results show
  how small groups are hidden. The newest round is still open, so members can answer it.
- The Co-production Working Group's self-reflection (from the self-reflection starter):
  one named round, answered by the group's twelve members, and the action plan they
  agreed afterwards.

Answers are made from fixed shares, shuffled with a fixed seed, so every load is the same.
Answers to past rounds are written in bulk: the answering actions refuse a closed round,
and the demo's respondents are fictional people who are not members."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from equalvoice.core.demo import Demo
from equalvoice.core.models import Group, Organisation, OrgMembership, Perspective, User

from . import actions
from .models import Answer, Comment, PlanAction, Response, Round, Standard
from .scoring import EASY_READ_4, FIVE_POINT, Scale
from .selectors import themes_with_statements

SEED = 2026

SERVICES = "Person who uses services"
CARER = "Family carer"
STAFF = "Staff member"
ADVOCATE = "Independent advocate"
NONE_GIVEN = ""  # answered without saying which perspective they bring

# How many people answered each pledge round, by perspective. Independent advocates are
# fewer than the minimum group size (5), so their answers are never shown on their own.
PLEDGE_PEOPLE: list[dict[str, int]] = [
    {SERVICES: 24, CARER: 10, STAFF: 14, ADVOCATE: 3, NONE_GIVEN: 6},
    {SERVICES: 26, CARER: 11, STAFF: 15, ADVOCATE: 3, NONE_GIVEN: 6},
    {SERVICES: 28, CARER: 12, STAFF: 16, ADVOCATE: 4, NONE_GIVEN: 7},
]

# The average answer (1 to 4) to each pledge statement, in starter order, in each round.
PLEDGE_MEANS: list[tuple[float, float, float]] = [
    (2.4, 2.7, 2.9),  # Staff listen to me (see GAP_COUNTS)
    (1.8, 2.2, 2.6),  # I am asked what I think before changes
    (1.6, 2.1, 2.8),  # Letters use words I understand (rewritten together)
    (2.6, 2.9, 3.2),  # I know who to contact
    (2.2, 2.4, 2.7),  # I choose how I spend my day
    (2.0, 2.5, 2.9),  # My support plan is mine
    (1.7, 2.0, 2.5),  # People who use services help to check services
    (1.5, 2.0, 2.6),  # I am told what changed
]
GAP_STATEMENT = 0
# On that statement, how many chose each answer (1, 2, 3, 4) in each round. Staff rate it
# high, people who use services low: a real gap, narrowing a little as the plan takes hold.
# Family carers are divided, so neither of their gaps is clear enough to call real.
GAP_COUNTS: dict[str, list[tuple[int, int, int, int]]] = {
    STAFF: [(0, 1, 6, 7), (0, 1, 6, 8), (0, 1, 7, 8)],
    SERVICES: [(8, 12, 4, 0), (6, 13, 6, 1), (4, 13, 10, 1)],
    CARER: [(2, 3, 2, 3), (2, 3, 2, 4), (1, 3, 5, 3)],
}
# The share of each perspective who said "Don't know", by statement.
PLEDGE_DONT_KNOW: dict[int, dict[str, float]] = {
    5: {CARER: 0.2},
    6: {SERVICES: 0.1, CARER: 0.2, STAFF: 0.1, NONE_GIVEN: 0.2},
}

# (round, statement, perspective, low answer?, comment)
PLEDGE_COMMENTS: list[tuple[int, int, str, bool, str]] = [
    (0, 0, SERVICES, True, "Staff are kind, but they are always in a rush."),
    (0, 0, SERVICES, True, "When I say I am not happy, nothing changes."),
    (0, 0, STAFF, False, "We always make time to listen to people."),
    (0, 2, CARER, True, "The letter about charging made my mum cry. Nobody could explain it."),
    (0, 7, SERVICES, True, "We fill in the forms and never hear back."),
    (1, 0, SERVICES, True, "My support worker listens. The office does not."),
    (1, 0, STAFF, False, "I think we listen well, but we do not always write it down."),
    (1, 2, SERVICES, False, "The new charging letter is much better. I understood it."),
    (1, 3, CARER, False, "The new contact card on the fridge helps."),
    (2, 0, SERVICES, True, "It is getting better, but I still have to say things many times."),
    (2, 0, SERVICES, False, "My new worker really listens. She rings back when she says."),
    (2, 2, CARER, False, "The letters are clear now. Forms are still hard."),
    (2, 7, SERVICES, False, "I liked the 'You said, we did' poster at the day centre."),
]

# The self-reflection: the average score (1 to 5) of each statement, in starter order.
REFLECTION_MEANS: list[float] = [
    3.8, 2.2, 3.4,  # value everyone
    3.0, 2.0, 3.2,  # networks
    2.9, 2.5, 3.9,  # what matters
    2.7, 3.3, 3.0,  # trust and power
    1.9, 2.4, 2.5,  # the organisation
]  # fmt: skip
REFLECTION_COMMENTS: dict[tuple[str, int], str] = {
    ("Bryn Haworth", 1): "I was paid three months late last time.",
    ("Marek Zielny", 13): "We want to, but there is no cover for our shifts.",
    ("Asha Okafor", 8): "The easy read papers help me a lot.",
    ("Hana Sorensen", 12): "There is no budget line for this yet. There should be.",
    ("Umar Fairley", 4): "We are nearly all the same people every time.",
}


def build(demo: Demo) -> None:
    """Add the demo's standards, rounds, answers and action plans to the council. Its
    Co-production Working Group is the mixed group that fills in the self-reflection,
    run by the council's facilitator."""
    organisation, group, people = demo.council, demo.working_group, demo.people
    admin = demo.admins[organisation.slug]
    facilitator = demo.facilitators[organisation.slug]
    with transaction.atomic():
        rng = random.Random(SEED)
        today = timezone.localdate()
        perspectives = {p.name: p for p in Perspective.objects.filter(organisation=organisation)}
        _pledge(organisation, admin, facilitator, people, perspectives, today, rng)
        _self_reflection(organisation, facilitator, group, people, today, rng)


# The pledge ---------------------------------------------------------------------------


def _season(day: date) -> str:
    names = {12: "Winter", 1: "Winter", 2: "Winter", 3: "Spring", 4: "Spring", 5: "Spring"}
    names.update({6: "Summer", 7: "Summer", 8: "Summer"})
    return f"{names.get(day.month, 'Autumn')} {day.year}"


def _pledge(
    org: Organisation,
    admin: User,
    facilitator: User,
    people: dict[str, User],
    perspectives: dict[str, Perspective],
    today: date,
    rng: random.Random,
) -> Standard:
    pledge = actions.standard_from_starter(actor=admin, organisation=org, key="pledge")
    pledge = actions.standard_save(
        actor=admin,
        organisation=org,
        standard=pledge,
        title="The Northshire Pledge",
        kind=pledge.kind,
        scale=pledge.scale,
        summary=(
            "What people who draw on adult social care in Northshire told us good looks "
            "like. Every six months, people who use services, family carers and staff rate "
            "each statement, so we can all see what is getting better and what is not."
        ),
    )
    actions.version_publish(actor=admin, standard=pledge)

    # Rounds open about every six months; the newest opened ten days ago and is still open.
    opens = [today - timedelta(days=days) for days in (375, 192, 10)]
    rounds: list[Round] = []
    for n, opens_on in enumerate(opens):
        if n == 2:
            _reword_letters(pledge, admin, people)
        round_ = actions.round_save(
            actor=admin,
            standard=pledge,
            name=f"{_season(opens_on)} check",
            opens_on=opens_on,
            closes_on=opens_on + timedelta(days=27),
            anonymous=True,
            scale=EASY_READ_4.key,
            open_link=n == 2,
        )
        _answer_pledge_round(round_, n, facilitator, perspectives, rng)
        rounds.append(round_)

    v1 = [s for _theme, found in themes_with_statements(rounds[0].version) for s in found]
    actions.plan_action_save(
        actor=admin,
        standard=pledge,
        from_round=rounds[0],
        statement=v1[2],
        action="Rewrite the charging letters with the Experts by Experience Panel.",
        owner="Head of Finance and the Experts by Experience Panel",
        due_on=opens[1] - timedelta(days=14),
        status=PlanAction.Status.DONE,
        progress="New letters sent since the spring. An easy read version goes with each one.",
    )
    actions.plan_action_save(
        actor=admin,
        standard=pledge,
        from_round=rounds[1],
        statement=v1[GAP_STATEMENT],
        action=(
            "Staff and people who use services run 'Listening well' sessions together, "
            "for every team, so staff hear how it feels not to be listened to."
        ),
        owner="Workforce development lead",
        due_on=today + timedelta(days=60),
        status=PlanAction.Status.UNDERWAY,
        progress="Four of nine teams have had a session. Staff still rate this much higher.",
    )
    return pledge


def _reword_letters(pledge: Standard, admin: User, people: dict[str, User]) -> None:
    """Version 2: a member suggests clearer words for one statement and they are used."""
    draft = actions.version_start(actor=admin, standard=pledge)
    letters = draft.statements.get(plain__startswith="Letters and leaflets")
    comment = actions.comment_add(
        actor=people["Asha Okafor"],
        statement=letters,
        text="Forms are the hardest. Please put forms in this one too.",
        suggested_plain="Letters, leaflets and forms use words I understand, or come in easy read.",
        suggested_easy_read="Letters and forms use easy words.",
    )
    actions.comment_decide(
        actor=admin,
        comment=comment,
        decision=Comment.Status.ACCEPTED,
        reply="Thank you, Asha. We have used your words.",
    )
    actions.version_publish(actor=admin, standard=pledge)


def _shares(scale: Scale, mean: float, width: float = 0.8) -> list[float]:
    """The share of people choosing each point, centred on `mean`."""
    weights = [math.exp(-(((p.value - mean) / width) ** 2) / 2) for p in scale.points]
    total = sum(weights)
    return [w / total for w in weights]


def _counts(shares: Sequence[float], n: int) -> list[int]:
    """Share out `n` people by `shares`, largest remainder first, so the counts add up."""
    raw = [s * n for s in shares]
    counts = [math.floor(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))
    for i in by_remainder[: n - sum(counts)]:
        counts[i] += 1
    return counts


def _values(
    scale: Scale, counts: Sequence[int], dont_know: int, rng: random.Random
) -> list[int | None]:
    """The answers in a shuffled order: `counts[i]` of the scale's i-th point, and
    `dont_know` of None for "Don't know"."""
    answers: list[int | None] = [None] * dont_know
    for point, count in zip(scale.points, counts, strict=True):
        answers += [point.value] * count
    rng.shuffle(answers)
    return answers


@dataclass
class _Respondent:
    perspective: str
    answers: dict[int, int | None]  # statement index -> value, None for "Don't know"
    comments: dict[int, str]


def _answer_pledge_round(
    round_: Round,
    n: int,
    facilitator: User,
    perspectives: dict[str, Perspective],
    rng: random.Random,
) -> None:
    statements = [s for _theme, found in themes_with_statements(round_.version) for s in found]
    scale = round_.scale_obj
    people: list[_Respondent] = []
    for name, size in PLEDGE_PEOPLE[n].items():
        group = [_Respondent(name, {}, {}) for _ in range(size)]
        for index in range(len(statements)):
            counts: Sequence[int]
            if index == GAP_STATEMENT and name in GAP_COUNTS:
                counts, unsure = GAP_COUNTS[name][n], 0
            else:
                unsure = round(size * PLEDGE_DONT_KNOW.get(index, {}).get(name, 0.0))
                counts = _counts(_shares(scale, PLEDGE_MEANS[index][n]), size - unsure)
            values = _values(scale, counts, unsure, rng)
            for person, value in zip(group, values, strict=True):
                person.answers[index] = value
        people += group
    for when, index, name, low, text in PLEDGE_COMMENTS:
        if when != n:
            continue
        for person in people:
            value = person.answers[index]
            if (
                person.perspective == name
                and index not in person.comments
                and value is not None
                and (value <= 2 if low else value >= 3)
            ):
                person.comments[index] = text
                break
    rng.shuffle(people)

    responses = Response.objects.bulk_create(
        Response(
            round=round_,
            person=None,  # anonymous: nobody is ever linked to their answers
            perspective=perspectives.get(person.perspective),
            on_paper=i % 6 == 5,
            entered_by=facilitator if i % 6 == 5 else None,
            submitted=True,
        )
        for i, person in enumerate(people)
    )
    Answer.objects.bulk_create(
        Answer(
            response=response,
            statement=statement,
            value=person.answers[index],
            dont_know=person.answers[index] is None,
            comment=person.comments.get(index, ""),
        )
        for i, (response, person) in enumerate(zip(responses, people, strict=True))
        for index, statement in enumerate(statements)
        # A few people left the last statement blank: that counts as "No answer".
        if not (i % 13 == 4 and index == len(statements) - 1)
    )


# The self-reflection ----------------------------------------------------------------


def _self_reflection(
    org: Organisation,
    facilitator: User,
    group: Group,
    people: dict[str, User],
    today: date,
    rng: random.Random,
) -> Standard:
    reflection = actions.standard_from_starter(
        actor=facilitator, organisation=org, key="self-reflection", group=group
    )
    actions.version_publish(actor=facilitator, standard=reflection)
    opens_on = today - timedelta(days=80)
    round_ = actions.round_save(
        actor=facilitator,
        standard=reflection,
        name=f"{group.name} self-reflection, {opens_on:%B %Y}",
        opens_on=opens_on,
        closes_on=opens_on + timedelta(days=14),
        anonymous=False,
        scale=FIVE_POINT.key,
        groups=[group],
        ask_perspective=True,
    )
    statements = [s for _theme, found in themes_with_statements(round_.version) for s in found]
    members = [
        m.user
        for m in group.memberships.filter(role="member").select_related("user").order_by("pk")
    ]
    scale = round_.scale_obj
    on_the_day = opens_on + timedelta(days=7)  # the group filled it in at its meeting
    for member in members:
        held = (
            OrgMembership.objects.get(organisation=org, user=member)
            .perspectives.order_by("position")
            .first()
        )
        lean = 0.0 if held is None else (-0.3 if held.lived_experience else 0.3)
        scores = {
            statement: min(scale.highest, max(scale.lowest, round(mean + lean + rng.gauss(0, 0.6))))
            for mean, statement in zip(REFLECTION_MEANS, statements, strict=True)
        }
        comments = {
            statements[i]: text
            for (name, i), text in REFLECTION_COMMENTS.items()
            if name == member.name
        }
        if not member.email:
            # No email, so no sign-in of their own that day: the facilitator typed in their sheet.
            actions.paper_response_save(
                actor=facilitator,
                round_=round_,
                person=member,
                perspective=held,
                answers={
                    s: actions.PaperAnswer(value, comment=comments.get(s, ""))
                    for s, value in scores.items()
                },
            )
            continue
        who = actions.Respondent(person=member)
        actions.perspective_save(round_=round_, who=who, perspective=held, today=on_the_day)
        for statement, value in scores.items():
            actions.answer_save(
                round_=round_,
                who=who,
                statement=statement,
                value=value,
                comment=comments.get(statement, ""),
                today=on_the_day,
            )
        actions.response_submit(round_=round_, who=who, today=on_the_day)

    plan = [
        (
            1,
            "Pay people who use services and carers within two weeks, in the way they choose: "
            "bank transfer, voucher or cash.",
            "Co-production lead",
            today - timedelta(days=20),
            PlanAction.Status.DONE,
            "A new one-page claim form, checked by the panel. Payments now take eight days.",
        ),
        (
            12,
            "Agree a budget line for co-production in next year's plan, with time for staff.",
            "Head of Adult Social Care",
            today + timedelta(days=75),
            PlanAction.Status.UNDERWAY,
            "A costed draft went to the Transformation Board in October.",
        ),
        (
            4,
            "Visit three community groups we have not worked with before, and invite their "
            "members to join the working group.",
            "Experts by Experience Panel",
            today + timedelta(days=120),
            PlanAction.Status.NOT_STARTED,
            "",
        ),
        (
            7,
            "Run an online survey to find out what people want us to work on.",
            "Co-production lead",
            today - timedelta(days=30),
            PlanAction.Status.DROPPED,
            "The group said a survey is consultation, not co-production. We will hold two "
            "open workshops instead, and choose the topics together.",
        ),
    ]
    for index, action, owner, due_on, status, progress in plan:
        actions.plan_action_save(
            actor=facilitator,
            standard=reflection,
            from_round=round_,
            statement=statements[index],
            action=action,
            owner=owner,
            due_on=due_on,
            status=status,
            progress=progress,
        )
    return reflection
