"""The permission grid for plans: every plan URL × every role × each way a section is
shared, for reading (status and exactly which words each person can read) and for every
change (who may, that it happens, and that the audit log has it only then).

The roles: the owner; people in their circle by role (a family carer, and the
organisation's named worker); other staff (a facilitator of a group, not in the circle);
the organisation's admin (not in the circle); another organisation's admin; anonymous.

The plan has three sections, one shared each way, each with its own words and a goal:

- "What matters to me": only me
- "My home": me and my circle
- "My wellbeing": me, my circle and my named worker
"""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone

from equalvoice.core.models import AuditEvent, User
from equalvoice.plans import actions
from equalvoice.plans.models import (
    CircleMember,
    Goal,
    GoalVersion,
    PlanView,
    Section,
    SectionVersion,
    Step,
)

from ..page_text import Page, assert_reads_well, parse
from .conftest import READS, ROLES, SECTIONS, PlanWorld

pytestmark = pytest.mark.django_db


def _url(pw: PlanWorld, name: str, key: str | None = None) -> str:
    kwargs: dict[str, object] = {"org": pw.org.slug, "pk": pw.plan.pk}
    if key:
        kwargs["key"] = key
    return reverse(name, kwargs=kwargs)


def _not_in_plan(role: str) -> int:
    return {"anonymous": 302}.get(role, 404)


def _expected_get(role: str, name: str, key: str | None) -> int:
    if role == "owner":
        return 200
    if role in ("family", "worker"):
        if name in ("my-plan-circle", "my-plan-looks"):
            return 403
        if key is not None and key not in READS[role]:
            return 404  # a section not shared with them is "not found"
        return 200
    return _not_in_plan(role)


GETS = [
    ("my-plan", None),
    ("my-plan-circle", None),
    ("my-plan-looks", None),
    *[(name, key) for name in ("my-plan-section", "my-plan-goal-add") for key in SECTIONS],
]


@pytest.mark.parametrize("role", ROLES)
def test_get_grid_and_what_each_person_reads(pw: PlanWorld, role: str) -> None:
    """Every page of the plan: the status each role gets, and across all the pages they
    get, exactly the words of the sections shared with them, and no other."""
    client = pw.client(role)
    read = ""
    for name, key in GETS:
        response = client.get(_url(pw, name, key))
        assert response.status_code == _expected_get(role, name, key), (role, name, key)
        read += " " + response.content.decode()
        if response.status_code == 200:
            read += " " + Page(response).whole
    seen = {key for key, (_, text, goal) in SECTIONS.items() if text in read or goal in read}
    assert seen == READS[role], role


@pytest.mark.parametrize("role", ROLES)
def test_the_plans_list_shows_only_your_plans_and_the_ones_you_help_with(
    pw: PlanWorld, role: str
) -> None:
    response = pw.client(role).get(reverse("my-plans", args=[pw.org.slug]))
    if role == "anonymous":
        assert response.status_code == 302
        return
    if role == "other_admin":
        assert response.status_code == 404
        return
    text = Page(response).text
    listed = "Olu’s support plan" in text
    assert listed == (role in ("owner", "family", "worker")), role


def test_looks_by_others_are_noted_and_the_owner_reads_them(pw: PlanWorld) -> None:
    pw.client("owner").get(_url(pw, "my-plan"))
    assert not PlanView.objects.exists()
    pw.client("family").get(_url(pw, "my-plan"))
    pw.client("worker").get(_url(pw, "my-plan-section", "wellbeing"))
    pw.client("admin").get(_url(pw, "my-plan"))  # not found: nothing to note
    rows = Page(pw.client("owner").get(_url(pw, "my-plan-looks"))).table(
        "Who has looked at your plan"
    )
    assert [r[:2] for r in rows[1:]] == [
        ["Wyn Worker", "My wellbeing"],
        ["Fay Family", "the plan"],
    ]


# Each change: (url name, section key or None, what is posted, how to tell it happened,
# the roles allowed)
CHANGES = [
    (
        "my-plan-section",
        "home",
        {"text": "Changed by post", "consent": "on", "visibility": "circle"},
        lambda: Section.objects.filter(text="Changed by post").exists(),
        {"owner", "family"},
    ),
    (
        "my-plan-section",
        "wellbeing",
        {"text": "Changed by post", "consent": "on", "visibility": "worker"},
        lambda: Section.objects.filter(text="Changed by post").exists(),
        {"owner", "family", "worker"},
    ),
    (
        "my-plan-section",
        "matters",
        {"text": "Changed by post", "consent": "on", "visibility": "private"},
        lambda: Section.objects.filter(text="Changed by post").exists(),
        {"owner"},
    ),
    (
        "my-plan-goal-add",
        "home",
        {"text": "Posted goal", "consent": "on"},
        lambda: Goal.objects.filter(text="Posted goal").exists(),
        {"owner", "family"},
    ),
    (
        "my-plan-goal-add",
        "matters",
        {"text": "Posted goal", "consent": "on"},
        lambda: Goal.objects.filter(text="Posted goal").exists(),
        {"owner"},
    ),
    (
        "my-plan-circle",
        None,
        {"person": "staff", "role": "advocate"},
        lambda: CircleMember.objects.filter(role="advocate").exists(),
        {"owner"},
    ),
]


def _step(key: str) -> Step:
    return Step.objects.get(goal__section__key=key)


def _family_member() -> CircleMember:
    return CircleMember.objects.get(role=CircleMember.Role.FAMILY_CARER)


# Buttons: (url name, extra URL arguments, what is posted, how to tell it happened,
# the roles allowed, what a circle member who may not gets)
BUTTONS = [
    (
        "my-plan-step",
        lambda: {"step": _step("home").pk},
        {"done": "1"},
        lambda: _step("home").done,
        {"owner", "family"},
        404,
    ),
    (
        "my-plan-step",
        lambda: {"step": _step("matters").pk},
        {"done": "1"},
        lambda: _step("matters").done,
        {"owner"},
        404,
    ),
    (
        "my-plan-circle-remove",
        lambda: {"member": _family_member().pk},
        {},
        lambda: not CircleMember.objects.filter(role=CircleMember.Role.FAMILY_CARER).exists(),
        {"owner"},
        403,
    ),
]


@pytest.mark.parametrize("button", BUTTONS, ids=["step-home", "step-matters", "circle-remove"])
@pytest.mark.parametrize("role", ROLES)
def test_button_grid(pw: PlanWorld, role: str, button) -> None:  # type: ignore[no-untyped-def]
    name, more, data, happened, allowed, circle_refused = button
    url = reverse(name, kwargs={"org": pw.org.slug, "pk": pw.plan.pk, **more()})
    before = AuditEvent.objects.count()
    response = pw.client(role).post(url, data)
    if role in allowed:
        assert response.status_code == 302
        assert happened()
        assert AuditEvent.objects.count() > before
        return
    assert not happened(), role
    assert AuditEvent.objects.count() == before
    expected = {"anonymous": 302, "family": circle_refused, "worker": circle_refused}
    assert response.status_code == expected.get(role, 404), role


def test_taken_out_of_the_circle_they_see_nothing_more(pw: PlanWorld) -> None:
    url = _url(pw, "my-plan")
    assert pw.client("family").get(url).status_code == 200
    owner = pw.client("owner")
    owner.post(
        reverse(
            "my-plan-circle-remove",
            kwargs={"org": pw.org.slug, "pk": pw.plan.pk, "member": _family_member().pk},
        )
    )
    assert pw.client("family").get(url).status_code == 404
    text = Page(owner.get(_url(pw, "my-plan-circle"))).whole
    assert "Fay Family is no longer in your circle" in text
    assert Page(pw.client("owner").get(_url(pw, "my-plan-circle"))).table(
        "The people who help you"
    )[1:] == [["Wyn Worker", "Named worker", "Change role of Wyn Worker Take out Wyn Worker"]]


@pytest.mark.parametrize("change", CHANGES, ids=[f"{c[0]}-{c[1]}" for c in CHANGES])
@pytest.mark.parametrize("role", ROLES)
def test_post_grid(pw: PlanWorld, role: str, change) -> None:  # type: ignore[no-untyped-def]
    name, key, data, happened, allowed = change
    data = dict(data)
    if "person" in data:
        staff = pw.people["staff"]
        assert staff is not None
        data["person"] = str(staff.pk)
    before = AuditEvent.objects.count()
    response = pw.client(role).post(_url(pw, name, key), data)
    if role in allowed:
        assert response.status_code == 302, Page(response).text[:500]
        assert happened()
        assert AuditEvent.objects.count() > before
        return
    assert not happened(), role
    assert AuditEvent.objects.count() == before
    if role in ("family", "worker") and key is not None:
        # In the circle, but the section is not shared with them: it is not saved, and
        # what they wrote comes back with a plain message (they may have had the page
        # open when the owner made it private).
        assert response.status_code == 400
        assert "has changed who can see this section" in Page(response).text
        html = response.content.decode()
        assert data["text"] in html
        # ...and nothing of the section they may no longer see.
        assert SECTIONS[key][1] not in html and SECTIONS[key][2] not in html
        return
    expected = {"anonymous": 302, "family": 403, "worker": 403}.get(role, 404)
    assert response.status_code == expected, role


def test_only_the_owner_changes_who_sees_a_section(pw: PlanWorld) -> None:
    """A supporter's form has no choice of who sees it; a posted one changes nothing."""
    pw.client("family").post(
        _url(pw, "my-plan-section", "home"),
        {"text": "Written for Olu", "consent": "on", "visibility": "worker"},
    )
    section = Section.objects.get(plan=pw.plan, key="home")
    assert section.visibility == Section.Visibility.CIRCLE
    assert section.text == "Written for Olu"
    family = pw.people["family"]
    assert section.written_by == family and section.written_for == pw.plan.owner


def test_the_audit_log_never_holds_what_was_written(pw: PlanWorld) -> None:
    text = Page(pw.client("admin").get(reverse("audit-log", args=[pw.org.slug]))).whole
    assert "started a plan" in text
    for _, words, goal in SECTIONS.values():
        assert words not in text and goal not in text


def test_a_review_date_in_the_past_is_refused_plainly_and_nothing_is_lost(
    pw: PlanWorld,
) -> None:
    past = timezone.localdate() - datetime.timedelta(days=3)
    response = pw.client("owner").post(
        _url(pw, "my-plan-goal-add", "home"),
        {
            "text": "Walk to the park",
            "steps": "Buy boots\nFind a friend",
            "review_on-day": str(past.day),
            "review_on-month": str(past.month),
            "review_on-year": str(past.year),
        },
    )
    assert response.status_code == 400
    page = Page(response)
    assert "The date to look at it again must be today or later" in page.text
    html = response.content.decode()
    assert "Walk to the park" in html and "Find a friend" in html
    assert not Goal.objects.filter(text="Walk to the park").exists()


def test_a_supporter_needs_the_persons_agreement(pw: PlanWorld) -> None:
    response = pw.client("family").post(
        _url(pw, "my-plan-goal-add", "home"), {"text": "Join the choir"}
    )
    assert response.status_code == 400
    assert "Tick to confirm the person agreed" in Page(response).text
    assert "Join the choir" in response.content.decode()
    assert not Goal.objects.filter(text="Join the choir").exists()


def test_an_empty_section_is_allowed_and_oversize_text_is_refused(pw: PlanWorld) -> None:
    client = pw.client("owner")
    response = client.post(
        _url(pw, "my-plan-section", "community"), {"text": "", "visibility": "private"}
    )
    assert response.status_code == 302
    assert Section.objects.get(plan=pw.plan, key="community").text == ""
    response = client.post(
        _url(pw, "my-plan-section", "home"), {"text": "word " * 2_100, "visibility": "circle"}
    )
    assert response.status_code == 400
    assert "Keep the section to 10,000 characters" in Page(response).text
    assert Section.objects.get(plan=pw.plan, key="home").text == SECTIONS["home"][1]


def test_made_private_the_supporter_no_longer_sees_it(pw: PlanWorld) -> None:
    url = _url(pw, "my-plan")
    assert SECTIONS["home"][1] in Page(pw.client("family").get(url)).text
    pw.client("owner").post(
        _url(pw, "my-plan-section", "home"),
        {"text": SECTIONS["home"][1], "visibility": "private"},
    )
    page = Page(pw.client("family").get(url)).text
    assert SECTIONS["home"][1] not in page and SECTIONS["home"][2] not in page
    assert pw.client("family").get(_url(pw, "my-plan-section", "home")).status_code == 404


def test_a_section_that_is_not_in_the_list_is_not_found(pw: PlanWorld) -> None:
    assert pw.client("owner").get(_url(pw, "my-plan-section", "nonsense")).status_code == 404


@pytest.mark.parametrize("role", ["owner", "family", "worker"])
def test_every_plan_page_reads_well(pw: PlanWorld, role: str) -> None:
    """No `None`, template code or empty tables on any page the person may open."""
    client = pw.client(role)
    for name, key in GETS:
        response = client.get(_url(pw, name, key))
        if response.status_code == 200:
            assert_reads_well(response)
    for goal in Goal.objects.all():
        response = client.get(
            reverse("my-plan-goal-history", args=[pw.org.slug, pw.plan.pk, goal.pk])
        )
        if response.status_code == 200:
            assert_reads_well(response)
    assert_reads_well(client.get(reverse("my-plans", args=[pw.org.slug])))


# --- The history of a section, changing goals and steps, how someone in the circle helps --
#
# Each section of the plan world has one goal with one step ("Step: <goal>"). Pages about
# a goal or a step are reached by its id; the section it is in decides who may see it,
# exactly as for the section's own pages.

GOAL_PAGES = (
    "my-plan-goal-change",
    "my-plan-goal-remove",
    "my-plan-step-add",
    "my-plan-goal-history",
)
STEP_PAGES = ("my-plan-step-change", "my-plan-step-remove")
# Who may change a goal in each section: whoever may see it.
WRITERS = {key: {role for role, keys in READS.items() if key in keys} for key in SECTIONS}
GONE = "has changed who can see this part of their plan, or taken it out"


def _goal(key: str) -> Goal:
    return Goal.objects.get(section__key=key)


def _page_url(pw: PlanWorld, name: str, key: str) -> str:
    kwargs: dict[str, object] = {"org": pw.org.slug, "pk": pw.plan.pk}
    if name in GOAL_PAGES:
        kwargs["goal"] = _goal(key).pk
    elif name in STEP_PAGES:
        kwargs["step"] = _step(key).pk
    else:
        kwargs["key"] = key
    return reverse(name, kwargs=kwargs)


def _person(pw: PlanWorld, role: str) -> User:
    person = pw.people[role]
    assert person is not None
    return person


def _rewrite_every_section(pw: PlanWorld) -> dict[str, str]:
    """The owner writes each section again, so its first words are an earlier version
    (seen only on its history page). Returns the new words by section."""
    now = {key: f"Rewritten later, part {n}" for n, key in enumerate(SECTIONS)}
    for key, text in now.items():
        actions.section_write(actor=_person(pw, "owner"), plan=pw.plan, key=key, text=text)
    return now


MORE_GETS = [("my-plan-section-history", key) for key in SECTIONS] + [
    (name, key) for name in GOAL_PAGES + STEP_PAGES for key in SECTIONS
]


@pytest.mark.parametrize("role", ROLES)
def test_history_and_goal_pages_grid_and_what_each_person_reads(pw: PlanWorld, role: str) -> None:
    """The history of each section and the pages to change each goal and step: the
    status each role gets, and across them all exactly the earlier words and the goals
    of the sections shared with them now."""
    _rewrite_every_section(pw)
    client = pw.client(role)
    read = ""
    for name, key in MORE_GETS:
        response = client.get(_page_url(pw, name, key))
        assert response.status_code == _expected_get(role, name, key), (role, name, key)
        read += " " + response.content.decode()
        if response.status_code == 200:
            read += " " + Page(response).whole
    earlier = {key for key, (_, text, _) in SECTIONS.items() if text in read}
    goals = {key for key, (_, _, goal) in SECTIONS.items() if goal in read}
    assert earlier == READS[role] and goals == READS[role], role


def test_history_shows_each_version_newest_first_with_who_and_when(pw: PlanWorld) -> None:
    family = pw.client("family")
    family.post(
        _url(pw, "my-plan-section", "home"),
        {"text": "Fay wrote this for Olu", "consent": "on"},
    )
    pw.client("owner").post(
        _url(pw, "my-plan-section", "home"), {"text": "Olu wrote it again", "visibility": "circle"}
    )
    versions = list(
        SectionVersion.objects.filter(section__key="home").order_by("-written_at", "-id")
    )

    def when(version: SectionVersion) -> str:
        at = timezone.localtime(version.written_at)
        noon = "a.m." if at.hour < 12 else "p.m."
        return f"{at.day} {at:%B %Y}, {at.hour % 12 or 12}:{at:%M} {noon}"

    for role in ("owner", "family"):
        page = Page(pw.client(role).get(_url(pw, "my-plan-section-history", "home")))
        assert page.lines[1] == "Earlier versions of My home"
        shown = [line for line in page.lines if line.startswith("Written by")]
        assert shown == [
            "Written by Olu Owner",
            "Written by Fay Family for Olu Owner, with their agreement",
            "Written by Olu Owner",
        ], role
        text = page.text
        words = ["Olu wrote it again", "Fay wrote this for Olu", SECTIONS["home"][1]]
        assert [text.index(w) for w in words] == sorted(text.index(w) for w in words)
        assert [text.index(when(v)) for v in versions] == sorted(
            text.index(when(v)) for v in versions
        )
        assert f"{when(versions[0])} What it says now" in text
    owner_page = Page(pw.client("owner").get(_url(pw, "my-plan-section-history", "home")))
    buttons = [line for line in owner_page.lines if line.startswith("Put this version back")]
    assert buttons == [f"Put this version back: from {when(v)}" for v in versions[1:]]
    family_page = Page(family.get(_url(pw, "my-plan-section-history", "home")))
    assert "Put this version back" not in family_page.text


def test_the_history_is_linked_from_the_plan_and_the_section(pw: PlanWorld) -> None:
    history = _url(pw, "my-plan-section-history", "home")
    for role in ("owner", "family"):
        plan = Page(pw.client(role).get(_url(pw, "my-plan")))
        assert ("Earlier versions of My home", history) in plan.links, role
        section = Page(pw.client(role).get(_url(pw, "my-plan-section", "home")))
        assert ("Earlier versions of My home", history) in section.links, role


def test_a_look_at_the_history_is_noted_for_the_owner(pw: PlanWorld) -> None:
    pw.client("owner").get(_url(pw, "my-plan-section-history", "home"))
    assert not PlanView.objects.exists()
    pw.client("family").get(_url(pw, "my-plan-section-history", "home"))
    assert [(v.viewer, v.what) for v in PlanView.objects.all()] == [
        (pw.people["family"], "Earlier versions of My home")
    ]
    rows = Page(pw.client("owner").get(_url(pw, "my-plan-looks"))).table(
        "Who has looked at your plan"
    )
    assert rows[1][:2] == ["Fay Family", "Earlier versions of My home"]


@pytest.mark.parametrize("key", list(SECTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_putting_an_earlier_version_back_grid(pw: PlanWorld, role: str, key: str) -> None:
    """Only the owner puts an earlier version back; it becomes a new version, and the
    audit log says so without the words. Someone in the circle who sees the section is
    refused (403); anyone else finds nothing (404)."""
    now = _rewrite_every_section(pw)[key]
    earliest = SectionVersion.objects.filter(section__key=key).order_by("written_at", "id")[0]
    url = reverse(
        "my-plan-section-restore",
        kwargs={"org": pw.org.slug, "pk": pw.plan.pk, "key": key, "version": earliest.pk},
    )
    before = AuditEvent.objects.count()
    response = pw.client(role).post(url)
    section = Section.objects.get(plan=pw.plan, key=key)
    if role == "owner":
        assert response.status_code == 302
        assert section.text == SECTIONS[key][1]
        newest = section.versions.order_by("-written_at", "-id")[0]
        assert (newest.text, newest.written_by) == (SECTIONS[key][1], _person(pw, "owner"))
        assert section.versions.count() == 3
        event = AuditEvent.objects.order_by("-id")[0]
        assert event.verb == "plan.section_restore"
        assert SECTIONS[key][1] not in event.summary and now not in event.summary
        assert AuditEvent.objects.count() == before + 1
        return
    assert section.text == now and section.versions.count() == 2
    assert AuditEvent.objects.count() == before
    expected = {"anonymous": 302}.get(role, 404)
    if role in ("family", "worker") and key in READS[role]:
        expected = 403
    assert response.status_code == expected, role


def test_putting_back_what_it_says_now_changes_nothing(pw: PlanWorld) -> None:
    newest = SectionVersion.objects.get(section__key="home")
    client = pw.client("owner")
    response = client.post(
        reverse(
            "my-plan-section-restore",
            kwargs={"org": pw.org.slug, "pk": pw.plan.pk, "key": "home", "version": newest.pk},
        ),
        follow=True,
    )
    assert "This is what the section says now" in Page(response).text
    assert SectionVersion.objects.filter(section__key="home").count() == 1


def test_a_version_of_another_section_cannot_be_put_back(pw: PlanWorld) -> None:
    other = SectionVersion.objects.get(section__key="matters")
    response = pw.client("owner").post(
        reverse(
            "my-plan-section-restore",
            kwargs={"org": pw.org.slug, "pk": pw.plan.pk, "key": "home", "version": other.pk},
        )
    )
    assert response.status_code == 404


# (url name, what is posted, how to tell it happened in the section with this key)
GOAL_CHANGES = [
    (
        "my-plan-goal-change",
        {"text": "Changed goal", "who_helps": "Ann", "consent": "on"},
        lambda key: Goal.objects.filter(section__key=key, text="Changed goal").exists(),
    ),
    (
        "my-plan-step-add",
        {"text": "A new step", "consent": "on"},
        lambda key: Step.objects.filter(goal__section__key=key, text="A new step").exists(),
    ),
    (
        "my-plan-step-change",
        {"text": "Renamed step", "consent": "on"},
        lambda key: Step.objects.filter(goal__section__key=key, text="Renamed step").exists(),
    ),
    (
        "my-plan-step-remove",
        {"consent": "on"},
        lambda key: not Step.objects.filter(goal__section__key=key).exists(),
    ),
    (
        "my-plan-goal-remove",
        {"consent": "on"},
        lambda key: not Goal.objects.filter(section__key=key).exists(),
    ),
]


@pytest.mark.parametrize("key", list(SECTIONS))
@pytest.mark.parametrize("change", GOAL_CHANGES, ids=[c[0] for c in GOAL_CHANGES])
@pytest.mark.parametrize("role", ROLES)
def test_goal_and_step_change_grid(  # type: ignore[no-untyped-def]
    pw: PlanWorld, role: str, change, key: str
) -> None:
    """Changing a goal, adding, changing and taking out a step, and taking out a goal:
    the owner, and anyone in the circle the section is shared with (for the person, with
    their agreement, named as the writer). In the circle but not shared with: refused
    with a plain message and what they typed back. Anyone else: not found."""
    name, data, happened = change
    url = _page_url(pw, name, key)
    before = AuditEvent.objects.count()
    response = pw.client(role).post(url, data)
    if role in WRITERS[key]:
        assert response.status_code == 302, Page(response).text[:500]
        assert happened(key)
        assert AuditEvent.objects.count() == before + 1
        event = AuditEvent.objects.order_by("-id")[0]
        assert event.actor == pw.people[role]
        supported = role != "owner"
        assert event.on_behalf_of == (pw.plan.owner if supported else None)
        assert SECTIONS[key][2] not in event.summary
        assert all(str(v) not in event.summary for v in data.values() if v != "on")
        goal = Goal.objects.filter(section__key=key).first()
        if goal is not None:  # still there: named as its writer
            assert goal.written_by == pw.people[role]
            assert goal.written_for == (pw.plan.owner if supported else None)
            assert goal.consent_confirmed == supported
        return
    assert not happened(key), role
    assert AuditEvent.objects.count() == before
    if role in ("family", "worker"):
        assert response.status_code == 400
        page = Page(response)
        assert f"Olu Owner {GONE}" in page.text
        html = response.content.decode()
        if "text" in data:
            assert data["text"] in html
        assert SECTIONS[key][1] not in html and SECTIONS[key][2] not in html
        return
    assert response.status_code == {"anonymous": 302}.get(role, 404), role


def test_a_supporter_who_changes_a_goal_is_named_on_it(pw: PlanWorld) -> None:
    pw.client("family").post(
        _page_url(pw, "my-plan-goal-change", "home"),
        {"text": "Paint the door yellow", "consent": "on"},
    )
    lines = Page(pw.client("owner").get(_url(pw, "my-plan"))).section(
        "Paint the door yellow", until="Change this goal"
    )
    assert "Written by Fay Family for Olu Owner, with their agreement" in lines


def test_changing_a_goal_needs_the_persons_agreement_and_keeps_what_was_typed(
    pw: PlanWorld,
) -> None:
    for name, data in [
        ("my-plan-goal-change", {"text": "Join the choir"}),
        ("my-plan-step-add", {"text": "Find the choir"}),
        ("my-plan-step-change", {"text": "Ring the choir"}),
        ("my-plan-step-remove", {}),
        ("my-plan-goal-remove", {}),
    ]:
        response = pw.client("family").post(_page_url(pw, name, "home"), data)
        assert response.status_code == 400, name
        assert "Tick to confirm the person agreed" in Page(response).text, name
        if data:
            assert data["text"] in response.content.decode()
    assert _goal("home").text == SECTIONS["home"][2]
    assert _step("home").text == f"Step: {SECTIONS['home'][2]}"


def test_the_goal_page_shows_the_goal_and_its_steps(pw: PlanWorld) -> None:
    goal = _goal("home")
    Step.objects.filter(goal=goal).update(done=True)
    page = Page(pw.client("family").get(_page_url(pw, "my-plan-goal-change", "home")))
    assert page.lines[:2] == ["Olu’s support plan: My home", "Change the goal"]
    step = f"Step: {SECTIONS['home'][2]}"
    assert page.section("Steps towards it", until="Add a step") == [
        f"{step} Done",
        f"Change the step: {step}",
        f"· Take out the step: {step}",
    ]
    html = pw.client("family").get(_page_url(pw, "my-plan-goal-change", "home")).content.decode()
    assert f'value="{SECTIONS["home"][2]}"' in html


def test_a_review_date_in_the_past_is_refused_when_changing_a_goal(pw: PlanWorld) -> None:
    past = timezone.localdate() - datetime.timedelta(days=3)
    url = _page_url(pw, "my-plan-goal-change", "home")
    dated = {
        "review_on-day": str(past.day),
        "review_on-month": str(past.month),
        "review_on-year": str(past.year),
    }
    response = pw.client("owner").post(url, {"text": "Walk to the park", **dated})
    assert response.status_code == 400
    assert "The date to look at it again must be today or later" in Page(response).text
    assert "Walk to the park" in response.content.decode()
    assert _goal("home").text == SECTIONS["home"][2]
    # A date that has passed may stay as it was while the words change.
    Goal.objects.filter(pk=_goal("home").pk).update(review_on=past)
    response = pw.client("owner").post(url, {"text": "Walk to the park", **dated})
    assert response.status_code == 302
    assert (_goal("home").text, _goal("home").review_on) == ("Walk to the park", past)


def test_empty_and_oversize_goals_and_steps_are_refused_plainly(pw: PlanWorld) -> None:
    client = pw.client("owner")
    cases = [
        ("my-plan-goal-change", {"text": ""}, "Write the goal in a few words"),
        ("my-plan-goal-change", {"text": "g" * 501}, "The goal must be 500 characters or fewer"),
        (
            "my-plan-goal-change",
            {"text": "Fine", "who_helps": "w" * 201},
            "Who helps (optional) must be 200 characters or fewer",
        ),
        ("my-plan-step-add", {"text": ""}, "Write the step in a few words"),
        ("my-plan-step-add", {"text": "s" * 301}, "Keep each step to 300 characters"),
        ("my-plan-step-change", {"text": "  "}, "Write the step in a few words"),
        ("my-plan-step-change", {"text": "s" * 301}, "Keep each step to 300 characters"),
    ]
    for name, data, message in cases:
        response = client.post(_page_url(pw, name, "home"), data)
        assert response.status_code == 400, (name, data)
        assert message in Page(response).text, (name, message)
        for typed in data.values():
            if typed.strip():
                assert typed in response.content.decode()
    assert _goal("home").text == SECTIONS["home"][2]
    assert _step("home").text == f"Step: {SECTIONS['home'][2]}"


def test_a_goal_has_up_to_ten_steps(pw: PlanWorld) -> None:
    client = pw.client("owner")
    url = _page_url(pw, "my-plan-step-add", "home")
    for n in range(2, 11):
        assert client.post(url, {"text": f"Step {n}"}).status_code == 302
    response = client.post(url, {"text": "Step 11"})
    assert response.status_code == 400
    assert "A goal can have up to 10 steps" in Page(response).text
    assert "Step 11" in response.content.decode()
    page = Page(client.get(_page_url(pw, "my-plan-goal-change", "home")))
    assert "Add a step" not in [text for text, _ in page.links]
    assert "This goal has as many steps as it can have" in page.text


def test_renaming_a_step_keeps_it_done(pw: PlanWorld) -> None:
    Step.objects.filter(pk=_step("home").pk).update(done=True)
    pw.client("owner").post(_page_url(pw, "my-plan-step-change", "home"), {"text": "Renamed"})
    assert (_step("home").text, _step("home").done) == ("Renamed", True)


def test_taking_out_a_goal_asks_first(pw: PlanWorld) -> None:
    url = _page_url(pw, "my-plan-goal-remove", "home")
    page = Page(pw.client("owner").get(url))
    assert page.lines[:4] == [
        "Olu’s support plan: My home",
        "Take this goal out?",
        SECTIONS["home"][2],
        "Its step goes too.",
    ]
    assert Goal.objects.filter(section__key="home").exists()
    response = pw.client("owner").post(url, follow=True)
    assert "The goal is taken out." in Page(response).whole
    assert not Goal.objects.filter(section__key="home").exists()
    assert not Step.objects.filter(goal__section__key="home").exists()
    assert SECTIONS["home"][2] not in Page(response).text


def test_a_stale_goal_form_after_the_section_is_made_private(pw: PlanWorld) -> None:
    """Fay has the goal open; Olu makes "My home" private, then Fay saves: a plain
    message, what she typed comes back, nothing of the section, nothing changed."""
    url = _page_url(pw, "my-plan-goal-change", "home")
    assert pw.client("family").get(url).status_code == 200
    actions.section_share(
        actor=_person(pw, "owner"), plan=pw.plan, key="home", visibility="private"
    )
    before = AuditEvent.objects.count()
    response = pw.client("family").post(
        url, {"text": "Paint the door red", "who_helps": "Fay", "consent": "on"}
    )
    assert response.status_code == 400
    page = Page(response)
    assert (
        "Olu Owner has changed who can see this part of their plan, or taken it out, so what "
        "you wrote was not saved. Copy it if you want to keep it, and talk to Olu Owner."
    ) in page.text
    html = response.content.decode()
    assert "Paint the door red" in html and 'value="Fay"' in html
    assert SECTIONS["home"][1] not in html and SECTIONS["home"][2] not in html
    assert _goal("home").text == SECTIONS["home"][2]
    assert AuditEvent.objects.count() == before


def test_a_stale_step_form_after_the_goal_is_taken_out(pw: PlanWorld) -> None:
    url = _page_url(pw, "my-plan-step-change", "home")
    actions.goal_remove(actor=_person(pw, "owner"), goal=_goal("home"))
    response = pw.client("family").post(url, {"text": "Ring the plumber", "consent": "on"})
    assert response.status_code == 400
    assert GONE in Page(response).text
    assert "Ring the plumber" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_changing_how_someone_helps_grid(pw: PlanWorld, role: str) -> None:
    """Only the owner changes someone's role in the circle, from the circle page."""
    member = _family_member()
    url = reverse(
        "my-plan-circle-role", kwargs={"org": pw.org.slug, "pk": pw.plan.pk, "member": member.pk}
    )
    expected = {"owner": 200, "anonymous": 302, "family": 403, "worker": 403}.get(role, 404)
    assert pw.client(role).get(url).status_code == expected
    before = AuditEvent.objects.count()
    response = pw.client(role).post(url, {"role": CircleMember.Role.ADVOCATE})
    member.refresh_from_db()
    if role == "owner":
        assert response.status_code == 302
        assert member.role == CircleMember.Role.ADVOCATE
        event = AuditEvent.objects.order_by("-id")[0]
        assert (event.verb, event.summary) == (
            "plan.circle_role",
            "Olu Owner changed how Fay Family helps with their plan, to advocate",
        )
        return
    assert response.status_code == expected
    assert member.role == CircleMember.Role.FAMILY_CARER
    assert AuditEvent.objects.count() == before


def test_a_new_role_changes_what_they_see_at_once(pw: PlanWorld) -> None:
    owner = pw.client("owner")
    circle = Page(owner.get(_url(pw, "my-plan-circle")))
    url = reverse(
        "my-plan-circle-role",
        kwargs={"org": pw.org.slug, "pk": pw.plan.pk, "member": _family_member().pk},
    )
    assert ("Change role of Fay Family", url) in circle.links
    page = Page(owner.get(url))
    assert page.lines[:2] == ["Olu’s support plan", "How does Fay Family help you?"]
    response = owner.post(url, {"role": CircleMember.Role.NAMED_WORKER}, follow=True)
    assert "Fay Family helps you as: named worker." in Page(response).whole
    assert Page(response).row("The people who help you", "Fay Family")[0] == "Named worker"
    seen = Page(pw.client("family").get(_url(pw, "my-plan"))).text
    assert SECTIONS["wellbeing"][1] in seen and SECTIONS["home"][1] not in seen


def test_a_role_that_is_not_on_the_list_is_refused(pw: PlanWorld) -> None:
    url = reverse(
        "my-plan-circle-role",
        kwargs={"org": pw.org.slug, "pk": pw.plan.pk, "member": _family_member().pk},
    )
    for role in ("", "boss"):
        response = pw.client("owner").post(url, {"role": role})
        assert response.status_code == 400
        assert "Choose how they help you" in Page(response).text
    assert _family_member().role == CircleMember.Role.FAMILY_CARER


def test_the_audit_log_never_holds_the_words_of_changes_or_versions(pw: PlanWorld) -> None:
    owner = pw.client("owner")
    family = pw.client("family")
    family.post(
        _page_url(pw, "my-plan-goal-change", "home"), {"text": "Secret goal", "consent": "on"}
    )
    owner.post(_page_url(pw, "my-plan-step-change", "home"), {"text": "Hidden step"})
    family.post(_page_url(pw, "my-plan-step-add", "home"), {"text": "Secret step", "consent": "on"})
    _rewrite_every_section(pw)
    earliest = SectionVersion.objects.filter(section__key="home").order_by("written_at", "id")[0]
    owner.post(
        reverse(
            "my-plan-section-restore",
            kwargs={"org": pw.org.slug, "pk": pw.plan.pk, "key": "home", "version": earliest.pk},
        )
    )
    owner.post(_page_url(pw, "my-plan-goal-remove", "home"))
    text = Page(pw.client("admin").get(reverse("audit-log", args=[pw.org.slug]))).whole
    assert "put back the version of “My home” from" in text
    assert "took a goal out of “My home”" in text
    for words in ("Secret goal", "Secret step", "Hidden step", "Rewritten later"):
        assert words not in text
    for _, words, goal in SECTIONS.values():
        assert words not in text and goal not in text


def test_words_written_while_a_section_was_private_stay_private_in_its_history(
    pw: PlanWorld,
) -> None:
    """The person drafts "My home" for themselves, rewrites it, then shares it: their
    circle reads the words they shared and their history from then on, never the draft."""
    owner = _person(pw, "owner")
    actions.section_share(actor=owner, plan=pw.plan, key="home", visibility="private")
    actions.section_write(actor=owner, plan=pw.plan, key="home", text="A draft only I see")
    actions.section_write(actor=owner, plan=pw.plan, key="home", text="The words I share")
    actions.section_share(actor=owner, plan=pw.plan, key="home", visibility="circle")
    actions.section_write(actor=owner, plan=pw.plan, key="home", text="Changed while shared")
    history = _url(pw, "my-plan-section-history", "home")
    family = Page(pw.client("family").get(history)).text
    assert "Changed while shared" in family and "The words I share" in family
    assert "A draft only I see" not in family
    # The circle first read "My flat has a blue door" when it was shared with them.
    assert SECTIONS["home"][1] in family
    owner_text = Page(pw.client("owner").get(history)).text
    assert "A draft only I see" in owner_text
    # Sharing wider later does not open up the draft either.
    actions.section_share(actor=owner, plan=pw.plan, key="home", visibility="worker")
    worker = Page(pw.client("worker").get(history)).text
    assert "Changed while shared" in worker
    assert "The words I share" not in worker and "A draft only I see" not in worker


# --- The history of a goal ----------------------------------------------------------------
#
# The owner changes each goal of the plan world, so its first words are only in its
# history; and in "My community" they draft a goal while the section is private ("Only
# me", as every section starts), change it, and then share the section with their circle.

DRAFT = "A goal I drafted alone"
SHARED_GOAL = "The goal I then shared"


def _goal_history_url(pw: PlanWorld, goal: Goal) -> str:
    return reverse(
        "my-plan-goal-history", kwargs={"org": pw.org.slug, "pk": pw.plan.pk, "goal": goal.pk}
    )


def _change_every_goal(pw: PlanWorld) -> dict[str, str]:
    """The owner changes each goal: returns the new words by section."""
    now = {key: f"Goal changed later, part {n}" for n, key in enumerate(SECTIONS)}
    for key, text in now.items():
        actions.goal_change(actor=_person(pw, "owner"), goal=_goal(key), text=text)
    return now


def _draft_a_goal_then_share(pw: PlanWorld) -> Goal:
    owner = _person(pw, "owner")
    actions.section_write(actor=owner, plan=pw.plan, key="community", text="The library")
    goal = actions.goal_add(actor=owner, plan=pw.plan, key="community", text=DRAFT)
    goal = actions.goal_change(actor=owner, goal=goal, text=SHARED_GOAL)
    actions.section_share(actor=owner, plan=pw.plan, key="community", visibility="circle")
    return goal


def _when(version: SectionVersion | GoalVersion) -> str:
    """The date and time of a version as the history pages write it."""
    at = timezone.localtime(version.written_at)
    noon = "a.m." if at.hour < 12 else "p.m."
    return f"{at.day} {at:%B %Y}, {at.hour % 12 or 12}:{at:%M} {noon}"


@pytest.mark.parametrize("role", ROLES)
def test_goal_history_grid_and_exactly_the_words_each_person_reads(
    pw: PlanWorld, role: str
) -> None:
    """The history of each goal: the status each role gets (the goal's section decides,
    as for every page of the plan), and across them all exactly the goals' words, earlier
    and now, that reached them. The goal drafted while its section was private, then
    changed before sharing, is the owner's alone; the circle reads only what was shared."""
    now = _change_every_goal(pw)
    drafted = _draft_a_goal_then_share(pw)
    goals = {key: _goal(key) for key in SECTIONS} | {"community": drafted}
    reach = {key: {r for r, keys in READS.items() if key in keys} for key in SECTIONS}
    reach["community"] = {"owner", "family"}
    # Each goal's words, and who may read them.
    words: dict[str, set[str]] = {DRAFT: {"owner"}, SHARED_GOAL: {"owner", "family"}}
    for key, (_, _, first) in SECTIONS.items():
        words[first] = words[now[key]] = reach[key]
    client = pw.client(role)
    read = ""
    for key, goal in goals.items():
        response = client.get(_goal_history_url(pw, goal))
        expected = 200 if role in reach[key] else {"anonymous": 302}.get(role, 404)
        assert response.status_code == expected, (role, key)
        read += " " + response.content.decode()
        if response.status_code == 200:
            read += " " + Page(response).whole
    assert {w for w in words if w in read} == {w for w, who in words.items() if role in who}


def _versions_read(pw: PlanWorld, role: str, goal: Goal) -> list[str]:
    """The words of each version of the goal the person reads on its history page, in
    order; and none of the words they may not read is anywhere on the page."""
    response = pw.client(role).get(_goal_history_url(pw, goal))
    versions = parse(response).by_id("versions")
    assert versions is not None, role
    read = [version.lines()[2] for version in versions.find_all("section")]
    html = response.content.decode()
    unread = {v.text for v in GoalVersion.objects.filter(goal=goal)} - set(read) - {goal.text}
    assert not [text for text in unread if text in html], role
    return read


def test_a_goal_drafted_while_its_section_was_private_stays_private_in_its_history(
    pw: PlanWorld,
) -> None:
    """Each version of a goal reaches as far as its section was shared while the goal
    said those words: shared wider, only the words now reach further."""
    owner = _person(pw, "owner")
    goal = _draft_a_goal_then_share(pw)
    assert _versions_read(pw, "family", goal) == [SHARED_GOAL]
    assert _versions_read(pw, "owner", goal) == [SHARED_GOAL, DRAFT]
    # Changed while shared with the circle, then shared with the named worker too: the
    # named worker reads the words from then on.
    goal = actions.goal_change(actor=owner, goal=goal, text="Changed while shared")
    actions.section_share(actor=owner, plan=pw.plan, key="community", visibility="worker")
    assert _versions_read(pw, "worker", goal) == ["Changed while shared"]
    assert _versions_read(pw, "family", goal) == ["Changed while shared", SHARED_GOAL]
    # Made private, changed twice, shared with the circle again: the circle reads the
    # words it shares now, and what it read before, never what was written in between.
    actions.section_share(actor=owner, plan=pw.plan, key="community", visibility="private")
    actions.goal_change(actor=owner, goal=goal, text="Written while private again")
    goal = actions.goal_change(actor=owner, goal=goal, text="Shared once more")
    actions.section_share(actor=owner, plan=pw.plan, key="community", visibility="circle")
    assert [(v.text, v.shared_as) for v in GoalVersion.objects.filter(goal=goal)] == [
        ("Shared once more", "circle"),
        ("Written while private again", "private"),
        ("Changed while shared", "worker"),
        (SHARED_GOAL, "circle"),
        (DRAFT, "private"),
    ]
    assert _versions_read(pw, "family", goal) == [
        "Shared once more",
        "Changed while shared",
        SHARED_GOAL,
    ]
    assert len(_versions_read(pw, "owner", goal)) == 5
    assert pw.client("worker").get(_goal_history_url(pw, goal)).status_code == 404


def test_a_goal_added_to_a_shared_section_reaches_its_circle_at_once(pw: PlanWorld) -> None:
    """A goal's first version reaches whoever its section is shared with when it is
    added; sharing one section wider leaves the other sections' goals as they were."""
    family = _person(pw, "family")
    goal = actions.goal_add(
        actor=family, plan=pw.plan, key="home", text="Fay's idea", consent_confirmed=True
    )
    assert [(v.text, v.shared_as) for v in goal.versions.all()] == [("Fay's idea", "circle")]
    owner = _person(pw, "owner")
    actions.section_share(actor=owner, plan=pw.plan, key="matters", visibility="worker")
    assert {g.text: [v.shared_as for v in g.versions.all()] for g in Goal.objects.all()} == {
        SECTIONS["matters"][2]: ["worker"],
        SECTIONS["home"][2]: ["circle"],
        "Fay's idea": ["circle"],
        SECTIONS["wellbeing"][2]: ["worker"],
    }


def test_goal_history_shows_each_version_newest_first_with_who_and_when(pw: PlanWorld) -> None:
    later = timezone.localdate() + datetime.timedelta(days=30)
    pw.client("family").post(
        _page_url(pw, "my-plan-goal-change", "home"),
        {
            "text": "Paint the door yellow",
            "who_helps": "Fay",
            "review_on-day": str(later.day),
            "review_on-month": str(later.month),
            "review_on-year": str(later.year),
            "consent": "on",
        },
    )
    pw.client("owner").post(
        _page_url(pw, "my-plan-goal-change", "home"), {"text": "Paint the door green"}
    )
    goal = _goal("home")
    newest, fays, first = GoalVersion.objects.filter(goal=goal)
    for role in ("owner", "family"):
        page = Page(pw.client(role).get(_goal_history_url(pw, goal)))
        assert page.lines[1] == "Earlier versions of this goal", role
        assert page.section("This page does not keep its steps", until="Change this goal") == [
            f"{_when(newest)} What it says now",
            "Written by Olu Owner",
            "Paint the door green",
            "Nobody named to help",
            "No date to look at it again",
            _when(fays),
            "Written by Fay Family for Olu Owner, with their agreement",
            "Paint the door yellow",
            "Who helps: Fay",
            f"Look at it again on {later.day} {later:%B %Y}",
            _when(first),
            "Written by Olu Owner",
            SECTIONS["home"][2],
            "Nobody named to help",
            "No date to look at it again",
        ], role
    assert page.lines[0] == "Olu Owner’s plan: Olu’s support plan, My home"
    # Each change is a new version; nothing of the goal's steps is in it.
    assert "Step:" not in Page(pw.client("owner").get(_goal_history_url(pw, goal))).text


def test_changing_a_step_writes_no_version_of_the_goal(pw: PlanWorld) -> None:
    """The history holds the goal's words, who helps and its date; its steps are not
    kept (the page says so)."""
    pw.client("family").post(
        _page_url(pw, "my-plan-step-add", "home"), {"text": "Buy paint", "consent": "on"}
    )
    assert [v.text for v in _goal("home").versions.all()] == [SECTIONS["home"][2]]


def test_the_goal_history_is_linked_from_the_plan_and_the_goal(pw: PlanWorld) -> None:
    url = _goal_history_url(pw, _goal("home"))
    for role in ("owner", "family"):
        plan = Page(pw.client(role).get(_url(pw, "my-plan")))
        assert (f"Earlier versions of this goal: {SECTIONS['home'][2]}", url) in plan.links
        change = Page(pw.client(role).get(_page_url(pw, "my-plan-goal-change", "home")))
        assert ("Earlier versions of this goal", url) in change.links, role
        history = Page(pw.client(role).get(url))
        assert (
            f"Change this goal or its steps: {SECTIONS['home'][2]}",
            _page_url(pw, "my-plan-goal-change", "home"),
        ) in history.links
        assert ("Back to the plan", _url(pw, "my-plan") + "#section-home") in history.links


def test_a_look_at_a_goals_history_is_noted_for_the_owner(pw: PlanWorld) -> None:
    url = _goal_history_url(pw, _goal("wellbeing"))
    pw.client("owner").get(url)
    assert not PlanView.objects.exists()
    pw.client("worker").get(url)
    pw.client("staff").get(url)  # not found: nothing to note
    assert [(v.viewer, v.what) for v in PlanView.objects.all()] == [
        (pw.people["worker"], "Earlier versions of a goal in My wellbeing")
    ]
    rows = Page(pw.client("owner").get(_url(pw, "my-plan-looks"))).table(
        "Who has looked at your plan"
    )
    assert rows[1][:2] == ["Wyn Worker", "Earlier versions of a goal in My wellbeing"]


def test_a_goal_taken_out_has_no_history_to_see(pw: PlanWorld) -> None:
    goal = _goal("home")
    url = _goal_history_url(pw, goal)
    actions.goal_remove(actor=_person(pw, "owner"), goal=goal)
    assert not GoalVersion.objects.filter(goal_id=goal.pk).exists()
    for role in ("owner", "family"):
        assert pw.client(role).get(url).status_code == 404


def test_goals_written_before_their_history_was_kept_get_one_version(pw: PlanWorld) -> None:
    """Migration 0004: each goal gets one version, its words now, by its writer, dated
    when they last wrote it (from the audit log, or when it was added) and reaching
    whoever its section is shared with now."""
    migration = importlib.import_module("equalvoice.plans.migrations.0004_goal_versions")
    family = _person(pw, "family")
    actions.goal_change(
        actor=family, goal=_goal("home"), text="Fay changed it", consent_confirmed=True
    )
    changed_at = AuditEvent.objects.filter(verb="plan.goal_change").get().created_at
    AuditEvent.objects.filter(object_type="goal", object_id=str(_goal("matters").pk)).delete()
    GoalVersion.objects.all().delete()
    migration.first_goal_versions(django_apps, None)
    found = {
        v.goal.section.key: (
            v.text,
            v.written_by,
            v.written_for,
            v.consent_confirmed,
            v.written_at,
            v.shared_as,
        )
        for v in GoalVersion.objects.select_related("goal__section")
    }
    owner = _person(pw, "owner")
    assert GoalVersion.objects.count() == 3
    assert found["home"] == ("Fay changed it", family, owner, True, changed_at, "circle")
    matters = _goal("matters")
    assert found["matters"] == (
        SECTIONS["matters"][2],
        owner,
        None,
        False,
        matters.created_at,
        "private",
    )
    added_at = (
        AuditEvent.objects.filter(verb="plan.goal_add", object_id=str(_goal("wellbeing").pk))
        .get()
        .created_at
    )
    assert found["wellbeing"][4:] == (added_at, "worker")
