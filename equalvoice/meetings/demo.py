"""Demo data for working together, in the Co-production Working Group: a meeting with
minutes, papers (one late), the voice balance and actions; the next meeting with those
actions carried; ideas, two of them put together; a consent decision where the minority
was heard and the proposal changed; and a ranked choice of a logo.

`build()` is called once, through `MeetingsConfig.build_demo`, while `equalvoice.core.demo`
builds the demo. Northshire's one-day co-production conference is an open event: public, with three
workshops, people signed up with no account, and one workshop full with a waiting list.

The decisions and ideas are made here too, because the meeting takes
them (decisions and ideas have no demo of their own)."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from equalvoice.community.selectors import shown
from equalvoice.core import actions as core_actions
from equalvoice.core.demo import Demo
from equalvoice.core.models import Group, User
from equalvoice.decisions import actions as decisions
from equalvoice.decisions.models import Decision
from equalvoice.decisions.selectors import live_options
from equalvoice.ideas import actions as ideas

from . import actions


def build(demo: Demo) -> None:
    """All of it in the council's Co-production Working Group, run by its facilitator."""
    group, people = demo.working_group, demo.people
    facilitator = demo.facilitators[group.organisation.slug]
    saturday, logo = _decisions(facilitator, group, people)
    _ideas(facilitator, group, people)
    _meetings(facilitator, group, people, [saturday, logo])
    _conference(facilitator, group)


def _decisions(
    facilitator: User, group: Group, people: dict[str, User]
) -> tuple[Decision, Decision]:
    saturday = decisions.decision_create(
        actor=facilitator,
        group=group,
        title="Open the day centre on Saturdays",
        proposal="Open the day centre from 10am to 4pm on Saturdays, starting in June.",
        method="consent",
    )
    first_round = {
        "Asha Okafor": "agree",
        "Dev Anand-Price": "agree",
        "Quinn Adeyemi": "agree",
        "Umar Fairley": "agree",
        "Marek Zielny": "concerns",
        "Hana Sorensen": "agree",
        "Carys Mbeki": "object",
        "Jas Kaur-Whitley": "object",
    }
    reasons = {
        "Carys Mbeki": "My son cannot get there on Saturdays: there is no bus before 11.",
        "Jas Kaur-Whitley": "Carers need to know about transport first.",
        "Marek Zielny": "We need enough staff who want to work Saturdays.",
    }
    for name, choice in first_round.items():
        decisions.vote_cast(
            actor=people[name], decision=saturday, choice=choice, reason=reasons.get(name, "")
        )
    decisions.vote_cast(
        actor=facilitator,
        decision=saturday,
        person=people["Bryn Haworth"],
        choice="agree",
        consent_confirmed=True,
    )
    decisions.decision_count(actor=facilitator, decision=saturday)
    decisions.minority_answer_add(
        actor=people["Carys Mbeki"],
        decision=saturday,
        text="A minibus from the three villages, and a start at 11 so people can get there.",
    )
    decisions.minority_answer_add(
        actor=people["Jas Kaur-Whitley"],
        decision=saturday,
        text="Tell carers about the transport a month before it starts.",
    )
    decisions.decision_amend(
        actor=facilitator,
        decision=saturday,
        proposal="Open the day centre from 11am to 4pm on Saturdays, starting in June, with a "
        "minibus from the three villages. Carers hear about the transport in May.",
        why="Carys and Jas said people could not get there. "
        "We added the minibus and a later start.",
    )
    for name in first_round:
        choice = "concerns" if name == "Marek Zielny" else "agree"
        decisions.vote_cast(
            actor=people[name],
            decision=saturday,
            choice=choice,
            reason=reasons["Marek Zielny"] if choice == "concerns" else "",
        )
    decisions.decision_count(actor=facilitator, decision=saturday)
    decisions.decision_close(
        actor=facilitator,
        decision=saturday,
        reasons="Everyone can live with it now that the minibus is part of it. "
        "Staff concerns about Saturday rotas are recorded.",
        review_on=timezone.localdate() + timedelta(days=180),
    )

    logo = decisions.decision_create(
        actor=facilitator,
        group=group,
        title="Choose our logo",
        proposal="Rank the three logo ideas from the art workshop.",
        method="ranked",
        options=["A sun rising", "A tree with many roots", "Hands joined in a circle"],
    )
    sun, tree, hands = (o.pk for o in live_options(logo))
    ballots = {
        "Asha Okafor": [[hands], [sun], [tree]],
        "Carys Mbeki": [[hands], [tree], [sun]],
        "Dev Anand-Price": [[tree], [hands], [sun]],
        "Quinn Adeyemi": [[sun], [hands], [tree]],
        "Umar Fairley": [[hands], [sun]],
        "Marek Zielny": [[tree], [sun], [hands]],
        "Rosa Linnell": [[sun], [tree], [hands]],
        "Jas Kaur-Whitley": [[hands], [tree], [sun]],
        "Idris Pemberton": [[tree], [hands], [sun]],
    }
    for name, ranking in ballots.items():
        decisions.vote_cast(actor=people[name], decision=logo, ranking=ranking)
    decisions.decision_count(actor=facilitator, decision=logo)
    decisions.decision_close(
        actor=facilitator,
        decision=logo,
        reasons="Joined hands beat each other logo head to head.",
        review_on=None,
    )
    return saturday, logo


def _ideas(facilitator: User, group: Group, people: dict[str, User]) -> None:
    club = ideas.idea_add(
        actor=people["Asha Okafor"],
        group=group,
        title="A Saturday club",
        text="Somewhere to meet friends on Saturdays, not only in the week.",
    )
    music = ideas.idea_add(
        actor=people["Quinn Adeyemi"],
        group=group,
        title="Live music at the day centre",
        text="The college band could play once a month.",
    )
    cooking = ideas.idea_add(
        actor=facilitator,
        group=group,
        title="Cooking together",
        text="Learn to cook a meal together, then eat it together.",
        for_person=people["Bryn Haworth"],
        consent_confirmed=True,
    )
    for name in ("Dev Anand-Price", "Umar Fairley", "Carys Mbeki"):
        ideas.idea_support(actor=people[name], idea=club)
    ideas.idea_support(actor=people["Rosa Linnell"], idea=music)
    ideas.idea_comment_add(
        actor=people["Umar Fairley"], idea=music, text="Yes please, and a dance afterwards."
    )
    ideas.ideas_combine(
        actor=people["Asha Okafor"],
        ideas=[club, music],
        title="A Saturday club with live music",
        text="Meet friends on Saturdays, with the college band once a month.",
    )
    ideas.idea_respond(
        actor=facilitator,
        idea=cooking,
        status="considering",
        response="We are asking the kitchen team when the kitchen is free. "
        "We will tell you in May.",
    )


def _meetings(
    facilitator: User, group: Group, people: dict[str, User], made: list[Decision]
) -> None:
    now = timezone.localtime().replace(second=0, microsecond=0)
    last = now.replace(hour=10, minute=0) - timedelta(days=21)
    march = actions.meeting_save(
        actor=facilitator,
        group=group,
        title="Working group meeting",
        kind="meeting",
        starts_at=last,
        ends_at=last + timedelta(hours=2, minutes=30),
        place="Northshire Community Hub, Mill Street",
        access_info="Step-free entrance on Mill Street. Quiet room on the ground floor. "
        "The number 12 bus stops outside.",
        online_link="https://meet.example.org/northshire-working-group",
    )
    for title in ("Open the day centre on Saturdays", "Choose our logo", "Any other business"):
        actions.agenda_item_add(actor=facilitator, meeting=march, title=title)
    saturday_item = march.agenda.get(title__startswith="Open the day centre")
    on_time = actions.paper_add(
        actor=facilitator,
        meeting=march,
        title="Saturday opening: what it would cost",
        file=ContentFile(b"Saturday opening: staffing and costs.", name="saturday-costs.txt"),
        easy_read_file=ContentFile(
            b"Saturday opening. What it costs. Who works.", name="saturday-easy-read.txt"
        ),
        agenda_item=saturday_item,
    )
    late = actions.paper_add(
        actor=facilitator,
        meeting=march,
        title="Transport survey results",
        file=ContentFile(b"Transport survey.", name="transport.txt"),
        agenda_item=saturday_item,
    )
    # Papers arrive when they arrive: one in good time, one two days before.
    for paper, days in ((on_time, 10), (late, 2)):
        paper.added_at = last - timedelta(days=days)
        paper.save(update_fields=["added_at"])
    here = [
        "Asha Okafor",
        "Bryn Haworth",
        "Carys Mbeki",
        "Dev Anand-Price",
        "Hana Sorensen",
        "Jas Kaur-Whitley",
        "Marek Zielny",
        "Quinn Adeyemi",
        "Umar Fairley",
    ]
    for name in here:
        actions.registration_save(
            actor=people[name], meeting=march, coming=True, share_access_needs=name == "Asha Okafor"
        )
    actions.attendance_save(actor=facilitator, meeting=march, present=[people[n] for n in here])
    taps = ["Hana Sorensen", "Marek Zielny", "Hana Sorensen", "Asha Okafor", "Carys Mbeki"]
    taps += ["Marek Zielny", "Quinn Adeyemi", "Dev Anand-Price", "Jas Kaur-Whitley"]
    taps += ["Hana Sorensen", "Umar Fairley", "Bryn Haworth", "Asha Okafor", "Carys Mbeki"]
    for name in taps:
        actions.speaking_tap(actor=facilitator, meeting=march, person=people[name])
    actions.minutes_save(
        actor=facilitator,
        meeting=march,
        minutes="We talked about opening on Saturdays. Carys and Jas said people could not get "
        "there, so we changed the plan to add a minibus. We chose our logo: hands joined in a "
        "circle.\nStaff spoke a lot at the start. We did a go-round so everyone had a say.",
        decisions=made,
    )
    actions.meeting_action_save(
        actor=facilitator,
        meeting=march,
        text="Ask the minibus company for a price",
        owner="Hana Sorensen",
        due_on=timezone.localdate() + timedelta(days=7),
    )
    actions.meeting_action_save(
        actor=facilitator,
        meeting=march,
        text="Put the new logo on our letters",
        owner="Robin Achebe",
        status="done",
    )
    soon = now.replace(hour=10, minute=0) + timedelta(days=14)
    upcoming = actions.meeting_save(
        actor=facilitator,
        group=group,
        title="Working group meeting",
        kind="meeting",
        starts_at=soon,
        ends_at=soon + timedelta(hours=2, minutes=30),
        place="Northshire Community Hub, Mill Street",
        access_info="Step-free entrance on Mill Street. Quiet room on the ground floor.",
    )
    # Where we meet: the hub, on the community map with its access.
    hub = shown(group.organisation).filter(name="Northshire Community Hub").first()
    if hub is not None:
        actions.meeting_venue_set(actor=facilitator, meeting=upcoming, venue=hub)
    # The next meeting in Welsh too (issue 18), for a reader who chooses Cymraeg.
    core_actions.welsh_save(
        actor=facilitator,
        obj=upcoming,
        texts={
            "title": "Cyfarfod y gweithgor",
            "access_info": "Mynedfa heb risiau ar Mill Street. Ystafell dawel ar y llawr gwaelod.",
        },
    )


# Made-up people who signed up for the conference with no account: (name, perspective,
# access needs, workshops by number). 14 places for the day, so the last two wait.
CONFERENCE_SIGN_UPS = [
    ("Ada Whitcombe", "Person who uses services", ["step_free_access"], [0, 1]),
    ("Ben Okoro", "Family carer", [], [0]),
    ("Cleo Marsh", "Commissioner or manager", [], [1]),
    ("Dan Pryce", "Person who uses services", ["easy_read", "breaks"], [0]),
    ("Effie Lund", "Family carer", ["hearing_loop"], [0, 2]),
    ("Farid Hussain", "Professional", [], [1]),
    ("Gwen Talbot", "Person who uses services", ["bsl_interpreter"], [0]),
    ("Harri Jones", "Staff member", [], [2]),
    ("Iona Reed", "Family carer", ["step_free_access"], [0]),
    ("Jude Castell", "Person who uses services", ["easy_read"], [0, 2]),
    ("Kit Ellery", "Commissioner or manager", [], [2]),
    ("Lena Vos", "Person who uses services", ["step_free_access", "breaks"], [1]),
    ("Milo Barnes", "Professional", [], []),
    ("Nell Fairweather", "Family carer", [], [1]),
    ("Otis Grant", "Person who uses services", ["large_print"], [0]),
    ("Pip Sandford", "Young person", [], [1]),
]


def _conference(facilitator: User, group: Group) -> None:
    from equalvoice.core.models import Perspective

    day = timezone.localtime().replace(hour=9, minute=30, second=0, microsecond=0)
    day += timedelta(days=35)
    conference = actions.meeting_save(
        actor=facilitator,
        group=group,
        title="Northshire co-production conference",
        kind="conference",
        starts_at=day,
        ends_at=day + timedelta(hours=6, minutes=30),
        place="Northshire Civic Centre, Castle Street",
        access_info="Step-free entrance and lifts to every floor. Hearing loop in the main "
        "hall. A quiet room all day. British Sign Language interpreters on request. "
        "The number 3 and 12 buses stop outside.",
    )
    actions.meeting_open(
        actor=facilitator,
        meeting=conference,
        is_public=True,
        places=14,
        open_to="People who use services, carers, providers and commissioners",
        about="A day to plan Northshire's services together: what works, what does not, "
        "and what we change next. Lunch is provided.",
    )
    workshops = [
        actions.workshop_add(
            actor=facilitator,
            meeting=conference,
            title="Getting about: transport to day services",
            about="The minibus, bus passes and travel training.",
            places=6,
        ),
        actions.workshop_add(
            actor=facilitator,
            meeting=conference,
            title="Saying what good support looks like",
            about="Write the standards for support at home, together.",
            places=12,
        ),
        actions.workshop_add(
            actor=facilitator,
            meeting=conference,
            title="Easy read: make it and check it",
            about="Make an easy read leaflet and test it with readers.",
            places=10,
        ),
    ]
    views = {p.name: p for p in Perspective.objects.filter(organisation=group.organisation)}
    for name, view, needs, chosen in CONFERENCE_SIGN_UPS:
        actions.sign_up_create(
            meeting=conference,
            name=name,
            email=name.lower().replace(" ", ".") + "@example.org",
            needs=needs,
            keep_needs=bool(needs),
            perspective=views.get(view),
            workshops=[workshops[i] for i in chosen],
            notify=False,
        )
