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

import pytest
from django.urls import reverse
from django.utils import timezone

from equalvoice.core.models import AuditEvent
from equalvoice.plans.models import CircleMember, Goal, PlanView, Section, Step

from ..page_text import Page, assert_reads_well
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
    )[1:] == [["Wyn Worker", "Named worker", "Take out Wyn Worker"]]


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
    assert_reads_well(client.get(reverse("my-plans", args=[pw.org.slug])))
