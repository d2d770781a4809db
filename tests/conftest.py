from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pyotp
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from hypothesis import settings as hypothesis_settings

from equalvoice.core import actions
from equalvoice.core.models import (
    Contribution,
    Group,
    Invitation,
    Membership,
    Organisation,
    Perspective,
    User,
)
from equalvoice.decisions import actions as decision_actions
from equalvoice.decisions.models import Decision
from equalvoice.documents.models import (
    AskedComment,
    Asking,
    Document,
    Suggestion,
    TrainingSession,
    Version,
)
from equalvoice.documents.models import Section as DocumentSection
from equalvoice.ideas import actions as ideas_actions
from equalvoice.ideas.models import Idea
from equalvoice.meetings import actions as meeting_actions
from equalvoice.meetings.models import Meeting, MeetingAction, Paper
from equalvoice.opendata import actions as opendata_actions
from equalvoice.opinions import actions as opinions_actions
from equalvoice.opinions.models import Conversation
from equalvoice.opinions.models import Statement as OpinionStatement
from equalvoice.plans import actions as plans_actions
from equalvoice.plans import selectors as plans_selectors
from equalvoice.plans.models import CircleMember, Plan, Section
from equalvoice.record import actions as record_actions
from equalvoice.record.models import Activity, ClaimChallenge, Evidence, Initiative, Stage
from equalvoice.speakeasy import actions as speakeasy_actions
from equalvoice.speakeasy.models import Challenge, Word
from equalvoice.standards import actions as standards_actions
from equalvoice.standards.models import Comment, PlanAction, Round, Standard, Statement, Theme

from . import factories, shared
from .processes import END_OTHER_SESSIONS

ROLES = ["anonymous", "member", "facilitator", "admin", "other_admin"]

# Hypothesis checks rules, not speed: no deadline, so a busy machine (CI has two cores and
# runs browsers beside these tests) cannot fail a correct example for being slow.
hypothesis_settings.register_profile("equalvoice", deadline=None)
hypothesis_settings.load_profile("equalvoice")


@dataclass
class World:
    """Two organisations and one person in each role.

    - `org` has `group` (facilitator + member) and `other_group` (the member is not in it).
    - The facilitator has two-step sign-in on; nobody else has.
    - `other_org` has its own admin and group; nothing of it may leak into `org`.
    """

    org: Organisation
    group: Group
    other_group: Group
    admin: User
    facilitator: User
    member: User
    no_email_member: User
    other_org: Organisation
    other_admin: User
    foreign_group: Group
    perspective: Perspective
    invitation: Invitation
    invitation_token: str
    contribution: Contribution
    word: Word
    challenge: Challenge
    initiative: Initiative
    activity: Activity
    claim_challenge: ClaimChallenge
    evidence: Evidence
    standard: Standard
    theme: Theme
    statement: Statement
    comment: Comment
    round: Round
    plan_action: PlanAction
    decision: Decision
    meeting: Meeting
    paper: Paper
    meeting_action: MeetingAction
    idea: Idea
    conversation: Conversation
    waiting_statement: OpinionStatement
    plan: Plan
    document: Document
    section: DocumentSection
    suggestion: Suggestion
    doc_version: Version
    asking: Asking
    asked_comment: AskedComment
    asked_token: str
    training_session: TrainingSession

    def user(self, role: str) -> User | None:
        return None if role == "anonymous" else getattr(self, role)

    def client(self, role: str) -> Client:
        client = Client()
        user = self.user(role)
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client


def build_world() -> World:
    org = factories.organisation()
    admin = factories.org_admin(org)
    group = factories.group(org, "Expert panel", kind=Group.Kind.EXPERT_PANEL)
    other_group = factories.group(org, "Transformation board", kind=Group.Kind.BOARD)
    facilitator = factories.make_user(name="Fran Facilitator")
    member = factories.make_user(name="Mo Member")
    actions.membership_add(
        actor=admin, group=group, user=facilitator, role=Membership.GroupRole.FACILITATOR
    )
    actions.membership_add(actor=admin, group=group, user=member)
    # The facilitator uses two-step sign-in (so its pages have someone to show them to).
    secret = pyotp.random_base32()
    actions.two_step_enable(actor=facilitator, secret=secret, code=pyotp.TOTP(secret).now())
    no_email, _code = actions.member_add_without_email(
        actor=admin, group=group, name="Nell Noemail"
    )
    perspective = Perspective.objects.filter(organisation=org, lived_experience=True).first()
    assert perspective is not None
    actions.perspectives_set(
        actor=member, person=member, organisation=org, perspectives=[perspective]
    )
    actions.access_needs_consent_give(actor=member)
    actions.access_needs_save(
        actor=member, person=member, data={"bsl_interpreter": True, "other": "Needs a quiet room"}
    )
    contribution = actions.contribution_create(
        actor=member, group=group, text="Open on Saturdays, please. Safeguarding matters."
    )
    word = speakeasy_actions.word_save(
        actor=admin,
        organisation=org,
        term="day opportunities",
        mode="replace",
        suggestions="things to do in the day",
    )
    challenge = speakeasy_actions.challenge_raise(
        actor=member,
        organisation=org,
        term="reablement",
        reason="dont_understand",
        proposal="getting back on your feet",
    )
    invitation, token = actions.invitation_create(actor=admin, group=group)
    initiative = record_actions.initiative_save(
        actor=admin, organisation=org, title="Day centre plan", kind="plan", group=group
    )
    activity = record_actions.activity_save(
        actor=facilitator,
        initiative=initiative,
        stage=Stage.objects.get(organisation=org, name="Design"),
        on=timezone.localdate(),
        status="done",
        what="Workshop on the plan",
        rung_claimed=7,
        participants=[member],
        effect="We changed the opening hours.",
    )
    claim_challenge = record_actions.claim_challenge_raise(
        actor=member, activity=activity, text="We were not in the decision."
    )
    evidence = record_actions.evidence_add(
        actor=facilitator,
        activity=activity,
        note="Minutes of the workshop",
        file=ContentFile(b"Minutes: we agreed new opening hours.", name="minutes.txt"),
    )
    record_actions.you_said_add(
        actor=facilitator,
        initiative=initiative,
        said="The day centre closes too early.",
        did="It now stays open until 6pm on weekdays.",
    )
    record_actions.initiative_publish(actor=facilitator, initiative=initiative, publish=True)
    # Its record is open data too (only an organisation admin may publish that).
    opendata_actions.publish(actor=admin, initiative=initiative)
    standard, theme, statement, comment, round_, plan_action = build_standard(
        admin=admin, facilitator=facilitator, member=member, group=group
    )
    decision = decision_actions.decision_create(
        actor=facilitator,
        group=group,
        title="Saturday opening",
        proposal="Open the day centre on Saturdays.",
        method="consent",
    )
    idea = ideas_actions.idea_add(
        actor=member,
        group=group,
        title="Saturday club",
        text="A club on Saturdays, with music and food.",
        picture=ContentFile(_tiny_png(), name="club.png"),
    )
    conversation = opinions_actions.conversation_create(
        actor=facilitator,
        group=group,
        title="Saturdays",
        question="What should happen at the day centre on Saturdays?",
        seeds=["Open the day centre on Saturdays.", "Saturday trips out are better."],
    )
    opinions_actions.vote_cast(
        actor=member, statement=conversation.statements.order_by("id")[0], value=1
    )
    waiting_statement = opinions_actions.statement_add(
        actor=member, conversation=conversation, text="We want music on Saturdays."
    )
    meeting, paper, meeting_action = build_meeting(
        facilitator=facilitator, member=member, group=group
    )
    plan = build_plan(member=member, facilitator=facilitator, org=org)
    build_own_section(admin=admin, plan=plan)
    build_community(admin=admin, facilitator=facilitator, member=member, plan=plan)
    built = build_document(admin=admin, facilitator=facilitator, member=member, group=group)
    other_org = factories.organisation("Otherton Housing", "otherton")
    other_admin = factories.org_admin(other_org)
    foreign_group = factories.group(other_org, "Tenants panel")
    return World(
        org=org,
        group=group,
        other_group=other_group,
        admin=admin,
        facilitator=facilitator,
        member=member,
        no_email_member=no_email,
        other_org=other_org,
        other_admin=other_admin,
        foreign_group=foreign_group,
        perspective=perspective,
        invitation=invitation,
        invitation_token=token,
        contribution=contribution,
        word=word,
        challenge=challenge,
        initiative=initiative,
        activity=activity,
        claim_challenge=claim_challenge,
        evidence=evidence,
        standard=standard,
        theme=theme,
        statement=statement,
        comment=comment,
        round=round_,
        plan_action=plan_action,
        decision=decision,
        meeting=meeting,
        paper=paper,
        meeting_action=meeting_action,
        idea=idea,
        conversation=conversation,
        waiting_statement=waiting_statement,
        plan=plan,
        **built,
    )


def build_document(*, admin: User, facilitator: User, member: User, group: Group) -> dict[str, Any]:
    """A training module led by the member (who holds a lived-experience perspective):
    one section, the facilitator's suggestion waiting for an answer, a comment, version 1
    agreed by the group, the admin and a professional (by email) asked, the admin's
    comment, and a session the member attended."""
    from equalvoice.documents import actions as documents

    document = documents.document_start(
        actor=member, group=group, title="Professional boundaries", kind="training"
    )
    section = documents.section_save(
        actor=member,
        document=document,
        heading="Gifts",
        text="Staff do not take gifts from the people they support.",
    )
    documents.comment_add(actor=facilitator, section=section, text="Say what a gift is.")
    asking = documents.asking_create(
        actor=member,
        document=document,
        message="Is this clear?",
        respond_by=timezone.localdate() + timedelta(days=14),
        people=[admin],
        emails=[("Sam Pro", "sam@example.org", "Professional")],
    )
    asked_comment = documents.asked_comment_add(
        asked=asking.asked.get(person=admin), actor=admin, text="Add small gifts like sweets."
    )
    by_email = asking.asked.get(email="sam@example.org")
    made = documents.email_link_token(by_email.pk)
    assert made is not None
    version = documents.version_propose(
        actor=member, document=document, review_on=timezone.localdate() + timedelta(days=365)
    )
    assert version.decision is not None
    decision_actions.vote_cast(actor=member, decision=version.decision, choice="agree")
    decision_actions.decision_count(actor=facilitator, decision=version.decision)
    decision_actions.decision_close(actor=facilitator, decision=version.decision, reasons="Agreed")
    version.refresh_from_db()
    suggestion = documents.suggestion_add(
        actor=facilitator,
        section=section,
        text="Staff do not take gifts, money or favours from the people they support.",
        reason="Money matters too.",
    )
    session = documents.session_save(
        actor=member,
        document=document,
        on=timezone.localdate(),
        place="Day centre",
        trainers=[(member, True, True), (facilitator, False, True)],
        attended=[member],
    )
    return {
        "document": document,
        "section": section,
        "suggestion": suggestion,
        "doc_version": version,
        "asking": asking,
        "asked_comment": asked_comment,
        "asked_token": made[1],
        "training_session": session,
    }


def build_plan(*, member: User, facilitator: User, org: Organisation) -> Plan:
    """The member's own plan, with the facilitator in their circle as a supporter and
    "What matters to me" shared with the circle (written twice, so it has an earlier
    version, and with a goal changed once, so it has one too); "My home" is private. Two
    reviews, shared with the circle, so the journey shows."""
    plan = plans_actions.plan_create(actor=member, organisation=org, title="My support plan")
    plans_actions.circle_invite(
        actor=member, plan=plan, person=facilitator, role=CircleMember.Role.SUPPORTER
    )
    plans_actions.section_write(actor=member, plan=plan, key="matters", text="My cat, Pepper.")
    plans_actions.section_write(
        actor=member, plan=plan, key="matters", text="My cat, Pepper, and my allotment."
    )
    plans_actions.section_share(
        actor=member, plan=plan, key="matters", visibility=Section.Visibility.CIRCLE
    )
    plans_actions.section_write(
        actor=member, plan=plan, key="home", text="A private note about my home."
    )
    goal = plans_actions.goal_add(
        actor=member, plan=plan, key="matters", text="Grow beans", steps=["Buy seeds"]
    )
    plans_actions.goal_change(
        actor=member, goal=goal, text="Grow beans and peas", who_helps="My neighbour Dev"
    )
    today = timezone.localdate()
    for days, home, community in [(120, 2, 3), (10, 4, 3)]:
        plans_actions.review_add(
            actor=member,
            plan=plan,
            held_on=today - timedelta(days=days),
            took_part=[member, facilitator],
            what_changed="We looked at my plan together.",
            ratings={"home": home, "wellbeing": 3, "community": community, "goals": 4},
            visibility=Section.Visibility.CIRCLE,
        )
    return plan


def build_own_section(*, admin: User, plan: Plan) -> None:
    """The organisation adds "How I communicate" to its plans (and "My school" to "All
    about me" plans only, not the member's); the member wrote it and shared it with their
    circle."""
    template = plans_actions.section_template_add(
        actor=admin,
        organisation=plan.organisation,
        heading="How I communicate",
        prompt="How do you like people to talk with you?",
    )
    plans_actions.section_template_add(
        actor=admin, organisation=plan.organisation, heading="My school", kind="all_about_me"
    )
    key = plans_selectors.own_key(template)
    plans_actions.section_write(
        actor=plan.owner, plan=plan, key=key, text="Text me before you ring."
    )
    plans_actions.section_share(
        actor=plan.owner, plan=plan, key=key, visibility=Section.Visibility.CIRCLE
    )


def build_community(*, admin: User, facilitator: User, member: User, plan: Plan) -> None:
    """The community map: a walk in Millbrook the facilitator walked (the member did not),
    with the library the facilitator found; the town hall the admin added; and the park
    the member added, linked to their plan as a place they connect with (tests/pages.py
    finds them by name)."""
    from equalvoice.community import actions as community_actions

    org = plan.organisation

    walk = community_actions.walk_start(
        actor=facilitator, organisation=org, walked_on=timezone.localdate(), area="Millbrook"
    )
    community_actions.asset_add(
        actor=facilitator,
        organisation=org,
        walk=walk,
        values={"category": "institution", "name": "Millbrook Library", "step_free": True},
    )
    community_actions.asset_add(
        actor=admin, organisation=org, values={"category": "place", "name": "Town hall"}
    )
    park = community_actions.asset_add(
        actor=member,
        organisation=org,
        values={"category": "place", "name": "Millbrook Park", "area": "Millbrook"},
    )
    plans_actions.plan_place_link(actor=member, plan=plan, asset=park)


def _tiny_png() -> bytes:
    from io import BytesIO

    from PIL import Image

    png = BytesIO()
    Image.new("RGB", (4, 4), (61, 36, 102)).save(png, format="PNG")
    return png.getvalue()


def build_meeting(
    *, facilitator: User, member: User, group: Group
) -> tuple[Meeting, Paper, MeetingAction]:
    """A meeting of the group next week, with a paper, the member coming, and an action."""
    starts = timezone.now().replace(microsecond=0) + timedelta(days=8)
    meeting = meeting_actions.meeting_save(
        actor=facilitator,
        group=group,
        title="Spring meeting",
        kind="meeting",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="Town hall, room 2",
        access_info="Step-free entrance on Mill Street.",
    )
    item = meeting_actions.agenda_item_add(
        actor=facilitator, meeting=meeting, title="Opening hours"
    )
    paper = meeting_actions.paper_add(
        actor=facilitator,
        meeting=meeting,
        title="Options for opening hours",
        file=SimpleUploadedFile("options.txt", b"Three options."),
        agenda_item=item,
    )
    meeting_actions.registration_save(
        actor=member, meeting=meeting, coming=True, share_access_needs=True
    )
    action = meeting_actions.meeting_action_save(
        actor=facilitator, meeting=meeting, text="Ask the bus company", owner="Fran"
    )
    return meeting, paper, action


def build_standard(
    *, admin: User, facilitator: User, member: User, group: Group
) -> tuple[Standard, Theme, Statement, Comment, Round, PlanAction]:
    """A pledge of the group: version 1 published with an open round (anonymous, with an
    open link), and version 2 a draft, so both frozen and changeable pages exist."""
    standard = standards_actions.standard_save(
        actor=admin,
        organisation=group.organisation,
        title="Our pledge",
        kind="pledge",
        scale="easy_read_4",
        group=group,
    )
    first_theme = standards_actions.theme_save(
        actor=facilitator, standard=standard, title="Listening"
    )
    first = standards_actions.statement_save(
        actor=facilitator,
        standard=standard,
        theme=first_theme,
        plain="Staff listen to me.",
        easy_read="Staff listen to me.",
    )
    standards_actions.statement_save(
        actor=facilitator, standard=standard, theme=first_theme, plain="I choose my support."
    )
    comment = standards_actions.comment_add(
        actor=member, statement=first, text="Good", suggested_plain="Staff really listen to me."
    )
    standards_actions.version_publish(actor=facilitator, standard=standard)
    today = timezone.localdate()
    round_ = standards_actions.round_save(
        actor=facilitator,
        standard=standard,
        name="Spring",
        opens_on=today,
        closes_on=today + timedelta(days=30),
        anonymous=True,
        scale="easy_read_4",
        open_link=True,
    )
    plan_action = standards_actions.plan_action_save(
        actor=facilitator,
        standard=standard,
        action="Train staff in listening",
        owner="Day centre team",
        due_on=today + timedelta(days=60),
        statement=first,
        from_round=round_,
    )
    draft = standards_actions.version_start(actor=facilitator, standard=standard)
    theme = draft.themes.get()
    statement = draft.statements.get(lineage=first.lineage)
    return standard, theme, statement, comment, round_, plan_action


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """pytest-django's test database, which it drops at the end. PostgreSQL drops no
    database while anyone is connected to it, and a thread of this process can leave a
    connection idle (a live server's request thread, whose connection outlives it until
    the garbage collector comes by): a warning, and the test database left behind. So on
    the way out our connections are closed, the garbage collected, and on PostgreSQL any
    session still on the test database ended."""
    yield
    from django.db import connections

    connections.close_all()
    gc.collect()
    with django_db_blocker.unblock():
        for connection in connections.all():
            if connection.vendor != "postgresql":
                continue
            with connection._nodb_cursor() as cursor:
                cursor.execute(END_OTHER_SESSIONS, [connection.settings_dict["NAME"]])


@pytest.fixture(scope="module")
def _world_once(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: Any
) -> Iterator[shared.Once[World]]:
    """The module's world, built once (tests/shared.py)."""
    with shared.once("_world_once", build_world, request, django_db_blocker) as built:
        yield built


@pytest.fixture
def world(_world_once: shared.Once[World], db: None, request: pytest.FixtureRequest) -> World:
    """The test world: built once per module, and each test gets it as it was built
    (its own copy, in its own savepoint). A transactional test calls `build_world()`."""
    return _world_once.copy(request)


# Single tests of a minute or more: run first, so that under `pytest -n 2` neither worker
# is left running one of them alone at the end while the other has finished.
LONGEST_FIRST = (
    "tests/test_migrations_forward.py",
    "tests/test_query_counts.py",
    "tests/browser/test_demo_pages.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: not item.nodeid.startswith(LONGEST_FIRST))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    shared.before_setup(item)
    yield


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A Welsh request leaves Welsh switched on in its thread (LocaleMiddleware never
    switches it off): every test ends in the default language, so none leaks into the next."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Sign-in throttling counts live in the cache: start every test with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _force_login_passes_two_step(monkeypatch: pytest.MonkeyPatch) -> None:
    """`force_login` skips the sign-in pages, and with them two-step sign-in. Its sessions
    are marked as having passed two-step sign-in, as a real sign-in with a code marks
    them, and as just seen (so the idle limit does not write the session on the first
    request). The real rule is tested through the sign-in pages (tests/test_two_step.py)."""
    import time

    from django.test.client import ClientMixin

    from equalvoice.core import two_step
    from equalvoice.core.middleware import LAST_SEEN_KEY

    original = ClientMixin._login  # type: ignore[attr-defined]

    def _login(self: ClientMixin, user: User, backend: str | None = None) -> None:
        original(self, user, backend)
        session = self.session  # type: ignore[attr-defined]
        session[two_step.SESSION_KEY] = two_step.VERIFIED
        session[LAST_SEEN_KEY] = int(time.time())
        session.save()

    monkeypatch.setattr(ClientMixin, "_login", _login)
