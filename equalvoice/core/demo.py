"""Realistic, fictional demo data. Every name here is made up.

`load_demo()` is idempotent: a second run finds the demo in place and changes nothing
but the one-time sign-in code it hands out for the member with no email address."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from . import actions
from .models import AccessNeeds, Group, Membership, Organisation, Perspective, User

DEMO_PASSWORD = "equal-voice-demo"  # noqa: S105 - fictional demo accounts only

COUNCIL = ("Northshire County Council: Adult Social Care", "northshire")
CHARITY = ("Brightwater Housing and Support", "brightwater")

# (name, email or None, perspectives)
PEOPLE: list[tuple[str, str | None, list[str]]] = [
    ("Asha Okafor", "member@northshire.example", ["Person who uses services"]),
    ("Bryn Haworth", None, ["Person who uses services"]),
    ("Carys Mbeki", "carys@northshire.example", ["Family carer"]),
    ("Dev Anand-Price", "dev@northshire.example", ["Person who uses services", "Staff member"]),
    ("Ellie Tranter", "ellie@northshire.example", ["Young person"]),
    ("Farah Quaye", "farah@northshire.example", ["Family carer", "Staff member"]),
    ("Gethin Lowry", "gethin@northshire.example", ["Professional"]),
    ("Hana Sorensen", "hana@northshire.example", ["Commissioner or manager"]),
    ("Idris Pemberton", "idris@northshire.example", ["Independent advocate"]),
    ("Jas Kaur-Whitley", "jas@northshire.example", ["Family carer"]),
    ("Kit Abernathy", None, ["Person who uses services"]),
    ("Lola Fennimore", "lola@northshire.example", ["Young person", "Person who uses services"]),
    ("Marek Zielny", "marek@northshire.example", ["Staff member"]),
    ("Nia Osei-Barnes", "nia@northshire.example", ["Family carer"]),
    ("Owain Treharne", "owain@northshire.example", ["Professional"]),
    ("Priya Castellan", "priya@northshire.example", ["Commissioner or manager"]),
    ("Quinn Adeyemi", "quinn@northshire.example", ["Person who uses services"]),
    ("Rosa Linnell", "rosa@northshire.example", ["Family carer"]),
    ("Sami Harcourt", "sami@northshire.example", ["Young person"]),
    ("Tegan Mulvaney", "tegan@northshire.example", ["Staff member"]),
    ("Umar Fairley", "umar@northshire.example", ["Person who uses services"]),
    ("Vera Ashdown", "vera@northshire.example", ["Family carer"]),
    ("Wes Okonjo", "wes@northshire.example", ["Professional", "Family carer"]),
    ("Yara Penhallow", "yara@northshire.example", ["Commissioner or manager"]),
    ("Zak Thornbury", "zak@northshire.example", ["Person who uses services"]),
    ("Aled Crossley", "aled@brightwater.example", ["Person who uses services"]),
    ("Bea Nakamura-Lowe", "bea@brightwater.example", ["Person who uses services"]),
    ("Cal Duggan", None, ["Person who uses services"]),
    ("Dora Ellwood", "dora@brightwater.example", ["Family carer"]),
    ("Eben Sutcliffe", "eben@brightwater.example", ["Staff member"]),
    ("Fen Ridley", "fen@brightwater.example", ["Staff member"]),
    ("Gina Trevithick", "gina@brightwater.example", ["Commissioner or manager"]),
    ("Hal Brompton", "hal@brightwater.example", ["Independent advocate"]),
    ("Iona McCrae", "iona@brightwater.example", ["Young person"]),
    ("Jude Farrant", "jude@brightwater.example", ["Person who uses services"]),
    ("Kemi Ashworth", "kemi@brightwater.example", ["Family carer"]),
    ("Lars Pennock", "lars@brightwater.example", ["Professional"]),
]

STAFF = {
    "admin@northshire.example": ("Morgan Hale", COUNCIL[1], "admin"),
    "facilitator@northshire.example": ("Robin Achebe", COUNCIL[1], "facilitator"),
    "admin@brightwater.example": ("Sol Davenport", CHARITY[1], "admin"),
    "facilitator@brightwater.example": ("Jo Whitcombe", CHARITY[1], "facilitator"),
}

# (org slug, name, kind, purpose, needed perspectives, member names)
GROUPS = [
    (
        COUNCIL[1],
        "Co-production Working Group",
        Group.Kind.WORKING_GROUP,
        "People who draw on care, family carers, staff and managers working as equals to "
        "change how adult social care works in Northshire.",
        ["Person who uses services", "Family carer", "Staff member", "Commissioner or manager"],
        [
            "Asha Okafor",
            "Bryn Haworth",
            "Carys Mbeki",
            "Dev Anand-Price",
            "Gethin Lowry",
            "Hana Sorensen",
            "Idris Pemberton",
            "Jas Kaur-Whitley",
            "Marek Zielny",
            "Quinn Adeyemi",
            "Rosa Linnell",
            "Umar Fairley",
        ],
    ),
    (
        COUNCIL[1],
        "Experts by Experience Panel",
        Group.Kind.EXPERT_PANEL,
        "People who use services and family carers who check our plans, papers and letters "
        "before they go out.",
        ["Person who uses services", "Family carer"],
        [
            "Asha Okafor",
            "Bryn Haworth",
            "Kit Abernathy",
            "Lola Fennimore",
            "Nia Osei-Barnes",
            "Quinn Adeyemi",
            "Vera Ashdown",
            "Zak Thornbury",
            "Umar Fairley",
        ],
    ),
    (
        COUNCIL[1],
        "Adult Social Care Transformation Board",
        Group.Kind.BOARD,
        "Senior managers and members of the working group who agree plans and check where "
        "co-production happened and what it changed.",
        ["Commissioner or manager", "Person who uses services", "Family carer"],
        ["Hana Sorensen", "Priya Castellan", "Yara Penhallow", "Owain Treharne", "Tegan Mulvaney"],
    ),
    (
        COUNCIL[1],
        "SEND Parent Carer Network",
        Group.Kind.NETWORK,
        "Parents and carers of children and young people with special educational needs and "
        "disabilities, aged 0 to 25, sharing news and shaping local services.",
        ["Family carer", "Young person"],
        [
            "Carys Mbeki",
            "Farah Quaye",
            "Jas Kaur-Whitley",
            "Nia Osei-Barnes",
            "Rosa Linnell",
            "Ellie Tranter",
            "Sami Harcourt",
            "Wes Okonjo",
            "Vera Ashdown",
        ],
    ),
    (
        CHARITY[1],
        "Tenants' Voice Panel",
        Group.Kind.EXPERT_PANEL,
        "Tenants who help design our support plans and check how well we are doing.",
        ["Person who uses services", "Family carer", "Staff member"],
        [
            "Aled Crossley",
            "Bea Nakamura-Lowe",
            "Cal Duggan",
            "Dora Ellwood",
            "Eben Sutcliffe",
            "Jude Farrant",
            "Hal Brompton",
            "Iona McCrae",
        ],
    ),
    (
        CHARITY[1],
        "Support Plan Design Group",
        Group.Kind.WORKING_GROUP,
        "Designing a support plan that starts from what people are good at and what matters "
        "to them.",
        ["Person who uses services", "Staff member"],
        ["Fen Ridley", "Gina Trevithick", "Kemi Ashworth", "Lars Pennock"],
    ),
]

TERMS = (
    "We meet once a month for two hours, in person and online.\n"
    "Every voice carries equal weight. We agree decisions together.\n"
    "Papers come in easy read a week before we meet.\n"
    "We pay people who use services and carers for their time, and their travel."
)


@dataclass
class DemoResult:
    created: bool
    code_name: str
    code: str


def _person(name: str, email: str | None) -> User:
    user = User.objects.filter(name=name).first()
    if user:
        return user
    user = User.objects.create_user(
        username=actions.unique_username(email.split("@")[0] if email else name),
        email=email,
        name=name,
        password=DEMO_PASSWORD if email else None,
    )
    if not email:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load_demo() -> DemoResult:
    created = not Organisation.objects.filter(slug=COUNCIL[1]).exists()
    if created:
        _build()
    council = Organisation.objects.get(slug=COUNCIL[1])
    group = Group.objects.get(organisation=council, slug="co-production-working-group")
    facilitator = User.objects.get(email="facilitator@northshire.example")
    person = User.objects.get(name="Bryn Haworth")
    code = actions.sign_in_code_issue(actor=facilitator, group=group, person=person)
    return DemoResult(created=created, code_name=person.name, code=code)


def _build() -> None:
    admins: dict[str, User] = {}
    facilitators: dict[str, User] = {}
    for email, (name, _slug, role) in STAFF.items():
        user = _person(name, email)
        (admins if role == "admin" else facilitators)[_slug] = user
    orgs = {
        slug: actions.organisation_create(name=name, slug=slug, admin=admins[slug])
        for name, slug in (COUNCIL, CHARITY)
    }
    people = {name: _person(name, email) for name, email, _ in PEOPLE}
    for slug, name, kind, purpose, needed, members in GROUPS:
        org, admin = orgs[slug], admins[slug]
        group = actions.group_create(
            actor=admin,
            organisation=org,
            name=name,
            kind=kind,
            purpose=purpose,
            terms_of_reference=TERMS,
            needed_perspectives=Perspective.objects.filter(organisation=org, name__in=needed),
        )
        actions.membership_add(
            actor=admin,
            group=group,
            user=facilitators[slug],
            role=Membership.GroupRole.FACILITATOR,
        )
        for member in members:
            actions.membership_add(actor=admin, group=group, user=people[member])
    for name, _email, held in PEOPLE:
        person = people[name]
        for om in person.org_memberships.select_related("organisation"):
            actions.perspectives_set(
                actor=person,
                person=person,
                organisation=om.organisation,
                perspectives=Perspective.objects.filter(
                    organisation=om.organisation, name__in=held
                ),
            )
    _contributions(orgs, facilitators, people)
    _words(orgs[COUNCIL[1]], admins[COUNCIL[1]], people)
    _record(orgs, admins, facilitators, people)
    from equalvoice.standards import demo as standards

    standards.build(
        organisation=orgs[COUNCIL[1]],
        admin=admins[COUNCIL[1]],
        facilitator=facilitators[COUNCIL[1]],
        group=Group.objects.get(organisation=orgs[COUNCIL[1]], slug="co-production-working-group"),
        people=people,
    )
    from equalvoice.meetings import demo as working_together

    working_together.build(
        facilitator=facilitators[COUNCIL[1]],
        group=Group.objects.get(organisation=orgs[COUNCIL[1]], slug="co-production-working-group"),
        people=people,
    )
    from equalvoice.opinions import demo as opinions

    opinions.build(
        facilitator=facilitators[COUNCIL[1]],
        group=Group.objects.get(organisation=orgs[COUNCIL[1]], slug="co-production-working-group"),
        people=people,
    )
    asha = people["Asha Okafor"]
    actions.access_needs_consent_give(actor=asha)
    actions.access_needs_save(
        actor=asha,
        person=asha,
        data={"easy_read": True, "breaks": True, "preferred_contact": AccessNeeds.Contact.TEXT},
    )


def _contributions(
    orgs: dict[str, Organisation], facilitators: dict[str, User], people: dict[str, User]
) -> None:
    group = Group.objects.get(organisation=orgs[COUNCIL[1]], slug="co-production-working-group")
    actions.contribution_create(
        actor=people["Carys Mbeki"],
        group=group,
        text="The letters about charging are too hard to read. Can we rewrite them together?",
    )
    actions.contribution_create(
        actor=facilitators[COUNCIL[1]],
        group=group,
        on_behalf_of=people["Bryn Haworth"],
        consent_confirmed=True,
        text="I want the day centre to open on Saturdays. Weekends are lonely.",
    )
    actions.contribution_create(
        actor=people["Hana Sorensen"],
        group=group,
        text="We will bring the draft plan for short breaks to the March meeting.",
    )


def _words(org: Organisation, admin: User, people: dict[str, User]) -> None:
    """The council's own word list, and a challenge waiting for an answer."""
    from equalvoice.speakeasy import actions as speakeasy

    speakeasy.word_save(
        actor=admin,
        organisation=org,
        term="day opportunities",
        mode="replace",
        suggestions="things to do in the day; day centre",
    )
    speakeasy.word_save(
        actor=admin,
        organisation=org,
        term="short breaks",
        mode="explain",
        explanation="Short breaks give family carers time off while someone else cares.",
    )
    speakeasy.challenge_raise(
        actor=people["Quinn Adeyemi"],
        organisation=org,
        term="reablement",
        reason="dont_understand",
        proposal="help to get back on your feet",
    )


def _record(
    orgs: dict[str, Organisation],
    admins: dict[str, User],
    facilitators: dict[str, User],
    people: dict[str, User],
) -> None:
    """Initiatives that tell the seeds' stories, honest and tokenistic, so the signals show."""
    from datetime import timedelta

    from django.utils import timezone

    from equalvoice.record import actions as record
    from equalvoice.record.models import Stage

    today = timezone.localdate()

    def stage(org: Organisation, name: str) -> Stage:
        return Stage.objects.get(organisation=org, name=name)

    council, charity = orgs[COUNCIL[1]], orgs[CHARITY[1]]
    board = Group.objects.get(organisation=council, slug="adult-social-care-transformation-board")
    panel = Group.objects.get(organisation=council, slug="experts-by-experience-panel")
    tenants = Group.objects.get(organisation=charity, slug="tenants-voice-panel")
    send = Group.objects.get(organisation=council, slug="send-parent-carer-network")

    # An asset-based support plan designed with customers and piloted: honest co-production.
    plan = record.initiative_save(
        actor=admins[CHARITY[1]],
        organisation=charity,
        group=tenants,
        kind="pilot",
        title="Asset-based support plan",
        summary="A support plan that starts from what people are good at, designed with tenants.",
    )
    f = facilitators[CHARITY[1]]
    record.activity_save(
        actor=f,
        initiative=plan,
        stage=stage(charity, "Understand the problem"),
        on=today - timedelta(days=200),
        status="done",
        rung_claimed=6,
        shaped_design=True,
        what="Tenants told us what they did not like about the old support plan.",
        participants=[people["Aled Crossley"], people["Bea Nakamura-Lowe"], people["Jude Farrant"]],
        effect="We dropped the risk checklist from the first page.",
    )
    record.activity_save(
        actor=f,
        initiative=plan,
        stage=stage(charity, "Design"),
        on=today - timedelta(days=150),
        status="done",
        rung_claimed=7,
        shaped_design=True,
        decisions="together",
        what="Three workshops to write the new plan together.",
        participants=[people["Aled Crossley"], people["Cal Duggan"], people["Eben Sutcliffe"]],
        effect="The plan now starts with strengths, friends and what matters to the person.",
    )
    record.activity_save(
        actor=f,
        initiative=plan,
        stage=stage(charity, "Review"),
        on=today + timedelta(days=40),
        status="planned",
        rung_claimed=7,
        decisions="together",
        what="Tenants and staff review the pilot together.",
    )

    # A co-produced quality award for early years SEND settings.
    award = record.initiative_save(
        actor=admins[COUNCIL[1]],
        organisation=council,
        group=send,
        kind="policy",
        title="Early years SEND quality award",
        summary="An award for nurseries, with standards written by parents and carers.",
    )
    record.activity_save(
        actor=facilitators[COUNCIL[1]],
        initiative=award,
        stage=stage(council, "Design"),
        on=today - timedelta(days=90),
        status="done",
        rung_claimed=7,
        shaped_design=True,
        decisions="together",
        what="Parents and nursery staff wrote the award standards.",
        participants=[people["Carys Mbeki"], people["Farah Quaye"], people["Nia Osei-Barnes"]],
        effect="Parents added a standard on how nurseries talk to families.",
    )

    # Digital cardiac rehabilitation delivered with patients and volunteers.
    cardiac = record.initiative_save(
        actor=admins[COUNCIL[1]],
        organisation=council,
        group=panel,
        kind="project",
        title="Digital cardiac rehabilitation",
        summary="Heart rehabilitation online, run with patients and volunteers.",
    )
    record.activity_save(
        actor=facilitators[COUNCIL[1]],
        initiative=cardiac,
        stage=stage(council, "Put it into practice"),
        on=today - timedelta(days=60),
        status="done",
        rung_claimed=6,
        what="Patients and volunteers ran the first online classes.",
        attendance={
            Perspective.objects.get(organisation=council, name="Person who uses services"): 14
        },
        effect="",
    )

    # A transformation plan with planned co-production, and tokenism signals.
    transform = record.initiative_save(
        actor=admins[COUNCIL[1]],
        organisation=council,
        group=board,
        kind="plan",
        title="Adult social care transformation plan",
        summary="How adult social care will change over the next three years.",
    )
    record.activity_save(
        actor=admins[COUNCIL[1]],
        initiative=transform,
        stage=stage(council, "Decide or commission"),
        on=today - timedelta(days=45),
        status="done",
        rung_claimed=7,
        what="Survey of people who use services about the draft plan.",
        attendance={
            Perspective.objects.get(organisation=council, name="Person who uses services"): 120
        },
        effect="",
    )
    record.activity_save(
        actor=admins[COUNCIL[1]],
        initiative=transform,
        stage=stage(council, "Design"),
        on=today - timedelta(days=10),
        status="planned",
        rung_claimed=6,
        decisions="advised",
        what="We will co-design the service specification with the expert panel in March.",
    )
    first = transform.activities.first()
    assert first is not None
    record.claim_challenge_raise(
        actor=people["Hana Sorensen"],
        activity=first,
        text="A survey is consultation, not co-production. Nobody decided anything with us.",
    )
