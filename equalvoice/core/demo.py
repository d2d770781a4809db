"""Realistic, fictional demo data. Every name here is made up.

The core builds its part first: the two organisations, their people, groups and
perspectives, a few contributions and one person's access needs. Then each app adds its
own part, in the order of `INSTALLED_APPS` in settings.py (lowest layer first, see
docs/architecture.md), through a `build_demo(demo)` method on its `AppConfig` that calls
the app's own `demo.build(demo)`. The core imports none of them: it hands each one the
`Demo`, what it built.

`load_demo()` is idempotent: a second run finds the demo in place and changes nothing
but the one-time sign-in code it hands out for the member with no email address."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
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


@dataclass(frozen=True)
class Demo:
    """What the core's part of the demo made, for the apps to build on."""

    organisations: dict[str, Organisation]  # by slug
    admins: dict[str, User]  # each organisation's admin, by organisation slug
    facilitators: dict[str, User]  # each organisation's facilitator, by organisation slug
    people: dict[str, User]  # everyone in PEOPLE, by name

    @property
    def council(self) -> Organisation:
        return self.organisations[COUNCIL[1]]

    @property
    def charity(self) -> Organisation:
        return self.organisations[CHARITY[1]]

    def group(self, slug: str, organisation: str = COUNCIL[1]) -> Group:
        """One of GROUPS, by its slug (in the council unless `organisation` says)."""
        return Group.objects.get(organisation=self.organisations[organisation], slug=slug)

    @property
    def working_group(self) -> Group:
        """The council's Co-production Working Group, where most of the demo happens."""
        return self.group("co-production-working-group")


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
    """The core's part, then each app's, in the order of INSTALLED_APPS."""
    demo = _core()
    for config in apps.get_app_configs():
        build = getattr(config, "build_demo", None)
        if build is not None:
            build(demo)


def _core() -> Demo:
    """The organisations, people, groups and perspectives, a few contributions and one
    person's access needs."""
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
    _welsh(orgs[COUNCIL[1]], admins[COUNCIL[1]])
    asha = people["Asha Okafor"]
    actions.access_needs_consent_give(actor=asha)
    actions.access_needs_save(
        actor=asha,
        person=asha,
        data={"easy_read": True, "breaks": True, "preferred_contact": AccessNeeds.Contact.TEXT},
    )
    return Demo(organisations=orgs, admins=admins, facilitators=facilitators, people=people)


# Welsh versions of two groups' purposes (issue 18), for a reader who chooses Cymraeg.
WELSH_PURPOSES = {
    "co-production-working-group": (
        "Pobl sy’n cael gofal, gofalwyr teulu, staff a rheolwyr yn gweithio fel pobl gyfartal "
        "i newid sut mae gofal cymdeithasol i oedolion yn gweithio yn Northshire."
    ),
    "experts-by-experience-panel": (
        "Pobl sy’n defnyddio gwasanaethau a gofalwyr teulu sy’n gwirio ein cynlluniau, ein "
        "papurau a’n llythyrau cyn iddyn nhw fynd allan."
    ),
}


def _welsh(organisation: Organisation, admin: User) -> None:
    for slug, purpose in WELSH_PURPOSES.items():
        group = Group.objects.get(organisation=organisation, slug=slug)
        actions.welsh_save(actor=admin, obj=group, texts={"purpose": purpose})


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
