"""The demo's plans, made through the actions like everything else in the demo:

- Asha Okafor's "My support plan" (adult social care): her sister Carys in her circle as
  family carer, Idris as her advocate and Marek as her named worker; some sections shared
  with the circle, one with Marek too, one kept to herself; a goal Carys wrote down for
  her with her agreement.
- Northshire adds a section of its own to every plan, "How I communicate", and Asha has
  written it and shared it with her circle.
- Ellie Tranter's "All about me" (a young person's plan for her EHC plan): her mum Nia
  in her circle, Owain her teacher and Tegan her named worker.

Each plan has two reviews, so the journey shows: one Asha recorded herself about six
months ago and one Marek recorded for her this month; one Ellie recorded in the spring
and one her mum recorded for her, which Ellie then shared with Tegan too. Asha's next
review is in five days (so her home page, and her circle's, says so); Ellie's in six
weeks.

Nine more people have a short plan with Marek (or, for Sami, Tegan) as named worker and
two reviews shared with them, so "Plans in figures" has enough plans to show its
figures (each figure about fewer than five plans stays hidden, as it should). Their dates
to look at the plan together were set at their last review: as the demo is made today,
those dates are put in the past straight on the model, as if set months ago (the action
only takes today or later)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from equalvoice.community.selectors import shown

from . import actions, selectors
from .models import CircleMember, Plan, Section

if TYPE_CHECKING:
    from equalvoice.core.demo import Demo

PRIVATE, CIRCLE, WORKER = Section.Visibility.values


def _write(plan: Plan, sections: list[tuple[str, str, str]]) -> None:
    for key, visibility, text in sections:
        actions.section_write(actor=plan.owner, plan=plan, key=key, text=text)
        actions.section_share(actor=plan.owner, plan=plan, key=key, visibility=visibility)


def _ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _ahead(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


# name, kind, named worker, what matters, first and latest ratings (home, wellbeing,
# community, goals), days since each review, days from today to the date to look again
# (negative: passed).
MORE_PLANS = [
    (
        "Bryn Haworth",
        Plan.Kind.SUPPORT,
        "Marek Zielny",
        "My dog Rolo and my allotment.",
        (2, 3, 2, 3),
        (4, 3, 3, 4),
        (190, 14),
        -10,
    ),
    (
        "Dev Anand-Price",
        Plan.Kind.SUPPORT,
        "Marek Zielny",
        "Working two days a week.",
        (3, 2, 3, 2),
        (4, 3, 4, 3),
        (200, 12),
        -9,
    ),
    (
        "Kit Abernathy",
        Plan.Kind.SUPPORT,
        "Marek Zielny",
        "Living on my own, with help.",
        (2, 2, 2, 2),
        (3, 3, 2, 3),
        (160, 11),
        -8,
    ),
    (
        "Lola Fennimore",
        Plan.Kind.SUPPORT,
        "Marek Zielny",
        "Music, and my friends from college.",
        (3, 3, 3, 3),
        (4, 2, 4, 4),
        (150, 15),
        -11,
    ),
    (
        "Quinn Adeyemi",
        Plan.Kind.SUPPORT,
        "Marek Zielny",
        "Getting out in my wheelchair.",
        (2, 3, 1, 2),
        (3, 3, 3, 3),
        (170, 13),
        -10,
    ),
    (
        "Umar Fairley",
        Plan.Kind.SUPPORT,
        "Marek Zielny",
        "Cooking for my family on Fridays.",
        (4, 3, 3, 3),
        (4, 4, 3, 4),
        (140, 16),
        -12,
    ),
    (
        "Zak Thornbury",
        Plan.Kind.SUPPORT,
        "Marek Zielny",
        "Football on Saturdays.",
        (3, 4, 3, 3),
        (2, 3, 4, 3),
        (180, 40),
        -60,
    ),
    (
        "Sami Harcourt",
        Plan.Kind.ALL_ABOUT_ME,
        "Tegan Mulvaney",
        "My brother and my games.",
        (3, 3, 2, 2),
        (4, 4, 3, 3),
        (130, 35),
        -50,
    ),
    (
        "Vera Ashdown",
        Plan.Kind.SUPPORT,
        "Marek Zielny",
        "Caring for my husband, and a rest.",
        (3, 2, 3, 3),
        (3, 3, 4, 3),
        (120, 20),
        30,
    ),
]
AREAS = ("home", "wellbeing", "community", "goals")


def _more_plans(demo: Demo) -> None:
    council, people = demo.council, demo.people
    for name, kind, worker, matters, first, latest, (then, lately), next_in in MORE_PLANS:
        owner = people[name]
        title = "All about me" if kind == Plan.Kind.ALL_ABOUT_ME else "My support plan"
        plan = actions.plan_create(actor=owner, organisation=council, title=title, kind=kind)
        actions.circle_invite(
            actor=owner, plan=plan, person=people[worker], role=CircleMember.Role.NAMED_WORKER
        )
        _write(plan, [("matters", WORKER, matters)])
        for days, ratings in ((then, first), (lately, latest)):
            actions.review_add(
                actor=owner,
                plan=plan,
                held_on=_ago(days),
                took_part=[owner, people[worker]],
                ratings=dict(zip(AREAS, ratings, strict=True)),
                visibility=WORKER,
            )
        Plan.objects.filter(pk=plan.pk).update(next_review_on=_ahead(next_in))


def build(demo: Demo) -> None:
    council = demo.council
    people = demo.people
    soon = timezone.localdate() + datetime.timedelta(days=60)

    communicate = actions.section_template_add(
        actor=demo.admins[council.slug],
        organisation=council,
        heading="How I communicate",
        prompt="How do you like people to talk with you, and how do you let them know "
        "what you think?",
    )

    asha = people["Asha Okafor"]
    plan = actions.plan_create(
        actor=asha, organisation=council, title="My support plan", kind=Plan.Kind.SUPPORT
    )
    for name, role in [
        ("Carys Mbeki", CircleMember.Role.FAMILY_CARER),
        ("Idris Pemberton", CircleMember.Role.ADVOCATE),
        ("Marek Zielny", CircleMember.Role.NAMED_WORKER),
    ]:
        actions.circle_invite(actor=asha, plan=plan, person=people[name], role=role)
    _write(
        plan,
        [
            (
                "matters",
                CIRCLE,
                "My sister Carys and my two grandchildren. Going to church on Sundays. "
                "Choosing my own clothes and when I get up.",
            ),
            (
                "admire",
                CIRCLE,
                "People say I am funny and that I always remember birthdays.",
            ),
            (
                "strengths",
                WORKER,
                "I am a good cook. I know everyone on my street. I ran the school "
                "kitchen for twenty years.",
            ),
            (
                "home",
                WORKER,
                "I want to stay in my flat. The bath is hard for me now. A shower "
                "would help me wash on my own.",
            ),
            (
                "community",
                CIRCLE,
                "Church on Sundays, and the knit and natter group at the library on "
                "Thursdays. I cook for them sometimes. I would like to go to the Mela again.",
            ),
            ("wellbeing", PRIVATE, "Some days I feel low since I stopped working."),
            (
                "support",
                WORKER,
                "Help in the mornings, three days a week, from the same people. "
                "Carys does my shopping on Saturdays.",
            ),
            (
                "not_want",
                CIRCLE,
                "I don't want people I have not met coming into my home.",
            ),
            (
                selectors.own_key(communicate),
                CIRCLE,
                "Talk to me face to face, on my left side: I hear better there. "
                "I like a phone call more than a letter. If I go quiet, I am thinking, "
                "not upset.",
            ),
        ],
    )
    # Places Asha connects with, from the community walk in Millbrook.
    library = shown(council).filter(name="Millbrook Library").first()
    if library is not None:
        actions.plan_place_link(actor=asha, plan=plan, asset=library)
    actions.goal_add(
        actor=asha,
        plan=plan,
        key="home",
        text="Have a shower put in so I can wash on my own",
        who_helps="Marek, and the council's home adaptations team",
        review_on=soon,
        steps=["Ask for a home assessment", "Choose the shower with Carys"],
    )
    actions.goal_add(
        actor=people["Carys Mbeki"],
        plan=plan,
        key="matters",
        text="Cook Sunday lunch for the family once a month",
        who_helps="Carys",
        review_on=soon,
        steps=["Plan the first lunch together"],
        consent_confirmed=True,
    )
    actions.review_add(
        actor=asha,
        plan=plan,
        held_on=_ago(180),
        took_part=[asha, people["Carys Mbeki"], people["Marek Zielny"]],
        ratings={"home": 2, "wellbeing": 2, "community": 3, "goals": 3},
        what_changed="We wrote my plan together. Carys does my shopping on Saturdays now.",
        visibility=WORKER,
    )
    actions.review_add(
        actor=people["Marek Zielny"],
        plan=plan,
        held_on=_ago(12),
        took_part=[asha, people["Carys Mbeki"], people["Marek Zielny"]],
        others_there="Joy from the church lunch club",
        ratings={"home": 3, "wellbeing": 3, "community": 4, "goals": 4},
        what_changed="The home assessment happened and the shower is ordered. Asha goes "
        "to the lunch club at church on Wednesdays and helps in the kitchen.",
        consent_confirmed=True,
    )
    # Soon enough that the home page says so, and the reminder goes out.
    actions.plan_set_next_review(actor=asha, plan=plan, next_review_on=_ahead(5))

    ellie = people["Ellie Tranter"]
    plan = actions.plan_create(
        actor=ellie, organisation=council, title="All about me", kind=Plan.Kind.ALL_ABOUT_ME
    )
    for name, role in [
        ("Nia Osei-Barnes", CircleMember.Role.FAMILY_CARER),
        ("Owain Treharne", CircleMember.Role.TEACHER),
        ("Tegan Mulvaney", CircleMember.Role.NAMED_WORKER),
    ]:
        actions.circle_invite(actor=ellie, plan=plan, person=people[name], role=role)
    _write(
        plan,
        [
            (
                "matters",
                WORKER,
                "My mum, my dog Biscuit and drawing. Knowing what is happening next.",
            ),
            ("admire", CIRCLE, "I am kind to younger children and I am good at art."),
            (
                "strengths",
                WORKER,
                "I remember things I see. I can draw anything. I am good with animals.",
            ),
            (
                "aspirations",
                WORKER,
                "I want to go to college to learn animal care.",
            ),
            (
                "support",
                WORKER,
                "Tell me about changes the day before. A quiet place to go at lunch.",
            ),
            ("not_want", PRIVATE, "I don't want to be taken out of art lessons."),
        ],
    )
    actions.goal_add(
        actor=ellie,
        plan=plan,
        key="aspirations",
        text="Spend a week at the city farm on work experience",
        who_helps="Mr Treharne and Mum",
        review_on=soon,
        steps=["Visit the farm with Mum", "Ask the farm about a week in the summer"],
    )
    actions.review_add(
        actor=ellie,
        plan=plan,
        held_on=_ago(150),
        took_part=[ellie, people["Nia Osei-Barnes"], people["Owain Treharne"]],
        ratings={"home": 4, "wellbeing": 3, "community": 2, "goals": 3},
        what_changed="We wrote All about me. I told school I need a quiet place at lunch.",
        visibility=CIRCLE,
    )
    later = actions.review_add(
        actor=people["Nia Osei-Barnes"],
        plan=plan,
        held_on=_ago(9),
        took_part=[ellie, people["Nia Osei-Barnes"], people["Tegan Mulvaney"]],
        ratings={"home": 4, "wellbeing": 4, "community": 3, "goals": 4},
        what_changed="Ellie visited the city farm with me. She goes to art club on "
        "Thursdays and has a quiet room at lunch.",
        consent_confirmed=True,
    )
    actions.review_share(actor=ellie, review=later, visibility=WORKER)
    actions.plan_set_next_review(actor=ellie, plan=plan, next_review_on=_ahead(45))
    _more_plans(demo)
