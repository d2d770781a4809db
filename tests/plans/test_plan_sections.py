"""The sections an organisation adds to its plans (issue 14): its admins add, change,
move and stop adding them; plans show them after the nine every plan has, with the
organisation's question as a hint, and the person writes and shares them like the others.

The grid has the plan world's seven roles (tests/plans/conftest.py). The organisation
adds three sections to every plan, and the owner wrote in each and shared it one way:

- "My faith": only me
- "How I communicate": me and my circle
- "My pets": me, my circle and my named worker
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse

from equalvoice.core.models import AuditEvent, Organisation
from equalvoice.plans import actions, selectors
from equalvoice.plans.models import Goal, Plan, Section, SectionTemplate

from ..page_text import Page, parse
from .conftest import ROLES, PlanWorld

pytestmark = pytest.mark.django_db

# Heading -> (how it is shared, the organisation's question, the owner's words, a goal)
V = Section.Visibility
OWN = {
    "My faith": (V.PRIVATE, "What does faith mean to you?", "Mass at St Anne’s", "Goal: Easter"),
    "How I communicate": (
        V.CIRCLE,
        "How do you like people to talk with you?",
        "Text me before you ring",
        "Goal: a phone",
    ),
    "My pets": (V.WORKER, "Who do you look after?", "Biscuit the dog", "Goal: walk Biscuit"),
}
# Who reads the words of each: as the plan world's READS, by heading.
OWN_READS = {
    "owner": set(OWN),
    "family": {"How I communicate", "My pets"},
    "worker": {"My pets"},
    "staff": set(),
    "admin": set(),
    "other_admin": set(),
    "anonymous": set(),
}
MAY_MANAGE = {"admin"}
FIXED_HEADINGS = [
    "What matters to me",
    "What people like and admire about me",
    "My strengths and gifts",
    "My home",
    "My community and the people and places I connect with",
    "My wellbeing",
    "My aspirations and goals",
    "What support I want and who gives it",
    "What I don't want",
]


@dataclass
class Own:
    pw: PlanWorld
    templates: dict[str, SectionTemplate]
    foreign: SectionTemplate  # another organisation's

    def key(self, heading: str) -> str:
        return selectors.own_key(self.templates[heading])

    def plan_url(self, name: str, heading: str | None = None, key: str | None = None) -> str:
        kwargs: dict[str, object] = {"org": self.pw.org.slug, "pk": self.pw.plan.pk}
        if heading or key:
            kwargs["key"] = key or self.key(heading or "")
        return reverse(name, kwargs=kwargs)

    def admin_url(self, name: str, heading: str | None = None) -> str:
        kwargs: dict[str, object] = {"org": self.pw.org.slug}
        if heading:
            kwargs["pk"] = self.templates[heading].pk
        return reverse(name, kwargs=kwargs)


def _person(pw: PlanWorld, role: str):  # type: ignore[no-untyped-def]
    person = pw.people[role]
    assert person is not None
    return person


@pytest.fixture
def own(pw: PlanWorld) -> Own:
    admin, owner = _person(pw, "admin"), _person(pw, "owner")
    templates = {}
    for heading, (visibility, prompt, words, goal) in OWN.items():
        template = actions.section_template_add(
            actor=admin, organisation=pw.org, heading=heading, prompt=prompt
        )
        key = selectors.own_key(template)
        actions.section_write(actor=owner, plan=pw.plan, key=key, text=words)
        actions.section_share(actor=owner, plan=pw.plan, key=key, visibility=visibility)
        actions.goal_add(actor=owner, plan=pw.plan, key=key, text=goal, steps=[f"Step: {goal}"])
        templates[heading] = template
    other = Organisation.objects.get(slug="otherton")
    foreign = actions.section_template_add(
        actor=_person(pw, "other_admin"), organisation=other, heading="Our own section"
    )
    return Own(pw=pw, templates=templates, foreign=foreign)


def _headings(response) -> list[str]:  # type: ignore[no-untyped-def]
    sections = parse(response).by_id("sections")
    assert sections is not None
    return [h.text() for h in sections.find_all("h2")]


# --- the organisation's page -----------------------------------------------------------


def _expected_admin_get(role: str) -> int:
    return {"admin": 200, "other_admin": 404, "anonymous": 302}.get(role, 403)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_organisations_admins_open_its_sections_pages(own: Own, role: str) -> None:
    client = own.pw.client(role)
    for url in (
        own.admin_url("org-plan-sections"),
        own.admin_url("org-plan-section", "My pets"),
        own.admin_url("org-plan-section-retire", "My pets"),
    ):
        assert client.get(url).status_code == _expected_admin_get(role), (role, url)


def test_the_admin_reads_the_sections_in_order_and_never_what_anyone_wrote(own: Own) -> None:
    admin = own.pw.client("admin")
    page = Page(admin.get(own.admin_url("org-plan-sections")))
    listed = parse(admin.get(own.admin_url("org-plan-sections"))).by_id("templates")
    assert listed is not None
    assert [h.text() for h in listed.find_all("h3")] == list(OWN)
    assert "Question to help the person start: Who do you look after?" in page.text
    assert "In every plan" in page.text
    for _, _, words, goal in OWN.values():
        assert words not in page.whole and goal not in page.whole
    # The link from the organisation's page, for its admins only.
    link = ("Sections your organisation adds to plans", own.admin_url("org-plan-sections"))
    org_url = reverse("organisation", args=[own.pw.org.slug])
    assert link in Page(admin.get(org_url)).links
    assert link not in Page(own.pw.client("staff").get(org_url)).links
    # The audit log names the headings, never the words in them.
    log = Page(admin.get(reverse("audit-log", args=[own.pw.org.slug]))).whole
    assert "added the section “How I communicate” to every plan" in log
    for _, _, words, goal in OWN.values():
        assert words not in log and goal not in log


# Each change on the organisation's page: (url name, which section, what is posted, how
# to tell it happened)
ADMIN_CHANGES = [
    (
        "org-plan-sections",
        None,
        {"heading": "My garden", "prompt": "What grows?", "kind": "every"},
        lambda: SectionTemplate.objects.filter(heading="My garden").exists(),
    ),
    (
        "org-plan-section",
        "My pets",
        {"heading": "My animals", "prompt": "Who do you look after?"},
        lambda: SectionTemplate.objects.filter(heading="My animals").exists(),
    ),
    (
        "org-plan-section-move",
        "My pets",
        {"direction": "up"},
        lambda: (
            [t.heading for t in SectionTemplate.objects.filter(organisation__slug="testshire")]
            == ["My faith", "My pets", "How I communicate"]
        ),
    ),
    (
        "org-plan-section-retire",
        "My pets",
        {},
        lambda: SectionTemplate.objects.get(heading="My pets").retired_at is not None,
    ),
]


@pytest.mark.parametrize("change", ADMIN_CHANGES, ids=[c[0] for c in ADMIN_CHANGES])
@pytest.mark.parametrize("role", ROLES)
def test_admin_change_grid(own: Own, role: str, change) -> None:  # type: ignore[no-untyped-def]
    name, heading, data, happened = change
    before = AuditEvent.objects.count()
    response = own.pw.client(role).post(own.admin_url(name, heading), data)
    if role in MAY_MANAGE:
        assert response.status_code == 302
        assert happened()
        assert AuditEvent.objects.count() == before + 1
        return
    assert not happened(), role
    assert AuditEvent.objects.count() == before
    assert response.status_code == _expected_admin_get(role), role


def test_another_organisations_section_is_not_found(own: Own) -> None:
    admin = own.pw.client("admin")
    for name in ("org-plan-section", "org-plan-section-retire", "org-plan-section-move"):
        url = reverse(name, kwargs={"org": own.pw.org.slug, "pk": own.foreign.pk})
        assert admin.post(url, {"heading": "Mine now", "direction": "up"}).status_code == 404
        if name != "org-plan-section-move":
            assert admin.get(url).status_code == 404
    own.foreign.refresh_from_db()
    assert own.foreign.heading == "Our own section" and own.foreign.retired_at is None
    # Nor does another organisation's admin reach this one's through their own address.
    url = reverse("org-plan-section", kwargs={"org": "otherton", "pk": own.templates["My pets"].pk})
    assert own.pw.client("other_admin").get(url).status_code == 404


@pytest.mark.parametrize(
    "posted, message",
    [
        ({"heading": "   ", "prompt": "Kept question"}, "Enter the heading of the section"),
        ({"heading": "h" * 121, "prompt": "Kept question"}, "Keep the heading to 120 characters"),
        ({"heading": "Kept heading", "prompt": "q" * 301}, "Keep the question to 300 characters"),
        (
            {"heading": "my home", "prompt": "Kept question"},
            "Every plan already has “My home”. Choose another heading.",
        ),
        (
            {"heading": "How I Communicate", "prompt": "Kept question"},
            "Testshire Council already adds “How I Communicate”. Choose another heading.",
        ),
    ],
    ids=["empty", "long-heading", "long-question", "a-fixed-heading", "twice"],
)
def test_bad_input_on_the_admin_pages_is_refused_plainly_and_kept(
    own: Own, posted: dict[str, str], message: str
) -> None:
    admin = own.pw.client("admin")
    before = list(SectionTemplate.objects.values_list("heading", "prompt"))
    for url, data in (
        (own.admin_url("org-plan-sections"), {**posted, "kind": "every"}),
        (own.admin_url("org-plan-section", "My pets"), posted),
    ):
        response = admin.post(url, data)
        assert response.status_code == 400, url
        assert message in Page(response).text
        html = response.content.decode()
        for typed in data.values():
            if typed.strip() and typed != "every":
                assert typed in html, "what was typed is lost"
    assert list(SectionTemplate.objects.values_list("heading", "prompt")) == before


def test_which_plans_it_is_for_must_be_one_of_the_list(own: Own) -> None:
    response = own.pw.client("admin").post(
        own.admin_url("org-plan-sections"), {"heading": "My garden", "kind": "staff_only"}
    )
    assert response.status_code == 400
    assert "Choose which plans it is for" in Page(response).text
    assert "My garden" in response.content.decode()


def test_a_section_stopped_by_another_admin_cannot_be_changed(own: Own) -> None:
    admin = own.pw.client("admin")
    actions.section_template_retire(
        actor=_person(own.pw, "admin"), template=own.templates["My pets"]
    )
    url = own.admin_url("org-plan-section", "My pets")
    assert admin.get(url).status_code == 404
    response = admin.post(url, {"heading": "My animals", "prompt": "Kept question"})
    assert response.status_code == 400
    assert (
        "Testshire Council no longer adds “My pets” to plans, so it cannot be changed."
        in Page(response).text
    )
    assert "My animals" in response.content.decode()
    assert SectionTemplate.objects.get(pk=own.templates["My pets"].pk).heading == "My pets"
    # Its buttons say why, and change nothing.
    before = AuditEvent.objects.count()
    for name, data in (
        ("org-plan-section-move", {"direction": "up"}),
        ("org-plan-section-retire", {}),
    ):
        response = admin.post(own.admin_url(name, "My pets"), data, follow=True)
        assert "no longer adds “My pets” to plans" in Page(response).text
    assert AuditEvent.objects.count() == before
    assert admin.get(own.admin_url("org-plan-section-retire", "My pets")).status_code == 404


def test_moving_up_and_down_and_the_ends(own: Own) -> None:
    admin = own.pw.client("admin")
    move = own.admin_url("org-plan-section-move", "My faith")
    admin.post(move, {"direction": "down"})
    listed = parse(admin.get(own.admin_url("org-plan-sections"))).by_id("templates")
    assert listed is not None
    assert [h.text() for h in listed.find_all("h3")] == ["How I communicate", "My faith", "My pets"]
    # The plan shows them in the same order, after the nine.
    assert _headings(own.pw.client("owner").get(own.plan_url("my-plan"))) == [
        *FIXED_HEADINGS,
        "How I communicate",
        "My faith",
        "My pets",
    ]
    response = admin.post(
        own.admin_url("org-plan-section-move", "How I communicate"),
        {"direction": "up"},
        follow=True,
    )
    assert "“How I communicate” is already first" in Page(response).text
    response = admin.post(
        own.admin_url("org-plan-section-move", "My pets"), {"direction": "sideways"}, follow=True
    )
    assert "Choose to move the section up or down" in Page(response).text
    # The first has no "Move up", the last no "Move down".
    page = Page(admin.get(own.admin_url("org-plan-sections"))).text
    assert "Move up: How I communicate" not in page and "Move down: How I communicate" in page
    assert "Move down: My pets" not in page and "Move up: My pets" in page


def test_added_for_one_kind_of_plan_only(own: Own) -> None:
    admin = own.pw.client("admin")
    response = admin.post(
        own.admin_url("org-plan-sections"),
        {"heading": "My school", "prompt": "What is school like?", "kind": Plan.Kind.ALL_ABOUT_ME},
        follow=True,
    )
    assert "“My school” is added to every “All about me” plan." in Page(response).text
    assert "In every “All about me” plan" in Page(response).text
    owner = _person(own.pw, "owner")
    about_me = actions.plan_create(
        actor=owner, organisation=own.pw.org, title="About me", kind=Plan.Kind.ALL_ABOUT_ME
    )
    client = own.pw.client("owner")
    assert "My school" in _headings(client.get(about_me.get_absolute_url()))
    assert "My school" not in _headings(client.get(own.plan_url("my-plan")))
    school = SectionTemplate.objects.get(heading="My school")
    url = own.plan_url("my-plan-section", key=selectors.own_key(school))
    assert client.get(url).status_code == 404


# --- the sections in a plan -----------------------------------------------------------


def _expected_plan_get(role: str, heading: str | None) -> int:
    if role == "owner":
        return 200
    if role in ("family", "worker"):
        return 200 if heading is None or heading in OWN_READS[role] else 404
    return {"anonymous": 302}.get(role, 404)


@pytest.mark.parametrize("role", ROLES)
def test_own_sections_grid_and_what_each_person_reads(own: Own, role: str) -> None:
    """The plan, and each own section's pages: the status each role gets, and exactly the
    words of the sections shared with them."""
    client = own.pw.client(role)
    read = ""
    gets = [("my-plan", None)] + [
        (name, heading) for name in ("my-plan-section", "my-plan-goal-add") for heading in OWN
    ]
    for name, heading in gets:
        response = client.get(own.plan_url(name, heading))
        assert response.status_code == _expected_plan_get(role, heading), (role, name, heading)
        read += " " + response.content.decode()
    seen = {h for h, (_, _, words, goal) in OWN.items() if words in read or goal in read}
    assert seen == OWN_READS[role], role


def test_the_plan_shows_the_own_sections_after_the_nine_with_their_question(own: Own) -> None:
    client = own.pw.client("owner")
    response = client.get(own.plan_url("my-plan"))
    assert _headings(response) == [*FIXED_HEADINGS, *OWN]
    page = Page(response)
    assert page.section("How I communicate", "My pets")[:3] == [
        "How do you like people to talk with you?",
        "Seen by: Me and my circle",
        "Text me before you ring",
    ]
    # The section's form has the question as its hint.
    form = Page(client.get(own.plan_url("my-plan-section", "How I communicate")))
    assert form.text.startswith("Olu’s support plan How I communicate")
    assert (
        "How do you like people to talk with you? You can leave it empty and come back to it."
        in form.text
    )
    # A family carer sees the two shared with them, after the fixed ones they may see.
    family = _headings(own.pw.client("family").get(own.plan_url("my-plan")))
    assert family == ["My home", "My wellbeing", "How I communicate", "My pets"]


# Each change to an own section: (url name, heading, what is posted, how to tell, who may)
PLAN_CHANGES = [
    (
        "my-plan-section",
        "How I communicate",
        {"text": "Changed by post", "consent": "on", "visibility": "circle"},
        lambda: Section.objects.filter(text="Changed by post").exists(),
        {"owner", "family"},
    ),
    (
        "my-plan-section",
        "My pets",
        {"text": "Changed by post", "consent": "on", "visibility": "worker"},
        lambda: Section.objects.filter(text="Changed by post").exists(),
        {"owner", "family", "worker"},
    ),
    (
        "my-plan-section",
        "My faith",
        {"text": "Changed by post", "consent": "on", "visibility": "private"},
        lambda: Section.objects.filter(text="Changed by post").exists(),
        {"owner"},
    ),
    (
        "my-plan-goal-add",
        "How I communicate",
        {"text": "Posted goal", "consent": "on"},
        lambda: Goal.objects.filter(text="Posted goal").exists(),
        {"owner", "family"},
    ),
]


@pytest.mark.parametrize("change", PLAN_CHANGES, ids=[f"{c[0]}-{c[1]}" for c in PLAN_CHANGES])
@pytest.mark.parametrize("role", ROLES)
def test_own_section_post_grid(own: Own, role: str, change) -> None:  # type: ignore[no-untyped-def]
    name, heading, data, happened, allowed = change
    before = AuditEvent.objects.count()
    response = own.pw.client(role).post(own.plan_url(name, heading), data)
    if role in allowed:
        assert response.status_code == 302
        assert happened()
        assert AuditEvent.objects.count() > before
        section = Section.objects.get(template=own.templates[heading])
        if role != "owner" and name == "my-plan-section":
            assert section.written_for == own.pw.plan.owner and section.consent_confirmed
        return
    assert not happened(), role
    assert AuditEvent.objects.count() == before
    if role in ("family", "worker"):
        # In the circle, but not shared with them: not saved, what they wrote comes back.
        assert response.status_code == 400
        assert "has changed who can see this section" in Page(response).text
        assert data["text"] in response.content.decode()
        return
    assert response.status_code == {"anonymous": 302}.get(role, 404), role


def test_only_the_owner_says_who_sees_an_own_section(own: Own) -> None:
    own.pw.client("family").post(
        own.plan_url("my-plan-section", "How I communicate"),
        {"text": "Written for Olu", "consent": "on", "visibility": "worker"},
    )
    section = Section.objects.get(template=own.templates["How I communicate"])
    assert (section.text, section.visibility) == ("Written for Olu", "circle")
    # ...and without the person's agreement, nothing is saved and nothing is lost.
    response = own.pw.client("family").post(
        own.plan_url("my-plan-section", "How I communicate"), {"text": "No agreement"}
    )
    assert response.status_code == 400
    assert "Tick to confirm the person agreed" in Page(response).text
    assert "No agreement" in response.content.decode()


@pytest.mark.parametrize("role", ["owner", "family", "worker"])
def test_another_organisations_section_is_never_in_a_plan(own: Own, role: str) -> None:
    client = own.pw.client(role)
    key = selectors.own_key(own.foreign)
    for name in ("my-plan-section", "my-plan-goal-add"):
        url = own.plan_url(name, key=key)
        assert client.get(url).status_code == 404
        response = client.post(url, {"text": "Into another plan", "consent": "on"})
        assert response.status_code == 404
    assert not Section.objects.filter(template=own.foreign).exists()
    for key in ("own", "own-", "own-x", "own-99999999", "own-1-2"):
        assert client.get(own.plan_url("my-plan-section", key=key)).status_code == 404


def test_the_actions_refuse_another_organisations_section(own: Own) -> None:
    from django.core.exceptions import ValidationError

    owner = _person(own.pw, "owner")
    key = selectors.own_key(own.foreign)
    with pytest.raises(ValidationError, match="Choose one of the sections of the plan"):
        actions.section_write(actor=owner, plan=own.pw.plan, key=key, text="No")
    with pytest.raises(ValidationError, match="Choose one of the sections of the plan"):
        actions.section_share(actor=owner, plan=own.pw.plan, key=key, visibility="circle")
    with pytest.raises(ValidationError, match="Choose one of the sections of the plan"):
        actions.goal_add(actor=owner, plan=own.pw.plan, key=key, text="No")
    with pytest.raises(ValidationError, match="Choose one of the sections of the plan"):
        actions.section_write(actor=owner, plan=own.pw.plan, key="own", text="No")


def test_a_stopped_section_leaves_plans_where_it_is_empty_and_stays_where_written(
    own: Own,
) -> None:
    admin = _person(own.pw, "admin")
    empty = actions.section_template_add(
        actor=admin, organisation=own.pw.org, heading="My garden", prompt="What grows?"
    )
    client = own.pw.client("owner")
    assert "My garden" in _headings(client.get(own.plan_url("my-plan")))
    for template in (empty, own.templates["How I communicate"]):
        actions.section_template_retire(actor=admin, template=template)

    response = client.get(own.plan_url("my-plan"))
    assert _headings(response) == [*FIXED_HEADINGS, *OWN]
    assert "Text me before you ring" in Page(response).text
    assert "How I communicate" in _headings(own.pw.client("family").get(own.plan_url("my-plan")))
    # Where written, it can still be changed, and its goals added to.
    response = client.post(
        own.plan_url("my-plan-section", "How I communicate"),
        {"text": "Text me, please", "visibility": "circle"},
    )
    assert response.status_code == 302
    # The empty one is gone: not found; a form sent after it stopped is refused plainly,
    # with what was typed.
    garden = own.plan_url("my-plan-section", key=selectors.own_key(empty))
    assert client.get(garden).status_code == 404
    response = client.post(garden, {"text": "Tomatoes and beans", "visibility": "circle"})
    assert response.status_code == 400
    assert (
        "Testshire Council no longer adds “My garden” to plans, so what you wrote was not "
        "saved. Copy it if you want to keep it." in Page(response).text
    )
    assert "Tomatoes and beans" in response.content.decode()
    response = client.post(
        own.plan_url("my-plan-goal-add", key=selectors.own_key(empty)), {"text": "Grow beans"}
    )
    assert response.status_code == 400
    assert "Grow beans" in response.content.decode()
    assert not Section.objects.filter(template=empty).exists()
    # Emptied, a stopped section leaves the plan too.
    owner = _person(own.pw, "owner")
    key = own.key("How I communicate")
    Goal.objects.filter(section__template=own.templates["How I communicate"]).delete()
    actions.section_write(actor=owner, plan=own.pw.plan, key=key, text="")
    assert "How I communicate" not in _headings(client.get(own.plan_url("my-plan")))


def test_a_changed_heading_shows_in_the_plan_at_once(own: Own) -> None:
    own.pw.client("admin").post(
        own.admin_url("org-plan-section", "How I communicate"),
        {"heading": "How I talk and listen", "prompt": "What helps you understand?"},
    )
    page = Page(own.pw.client("family").get(own.plan_url("my-plan")))
    assert page.section("How I talk and listen", "My pets")[:2] == [
        "What helps you understand?",
        "Text me before you ring",
    ]


def test_a_step_in_an_own_section_goes_back_to_it(own: Own) -> None:
    step = Goal.objects.get(text="Goal: a phone").steps.get()
    url = reverse(
        "my-plan-step", kwargs={"org": own.pw.org.slug, "pk": own.pw.plan.pk, "step": step.pk}
    )
    response = own.pw.client("family").post(url, {"done": "1"})
    assert response["Location"].endswith(f"#section-{own.key('How I communicate')}")
    step.refresh_from_db()
    assert step.done


def test_a_goal_in_an_own_section_goes_back_to_it_and_keeps_its_history(own: Own) -> None:
    goal = Goal.objects.get(text="Goal: a phone")
    kwargs = {"org": own.pw.org.slug, "pk": own.pw.plan.pk, "goal": goal.pk}
    response = own.pw.client("family").post(
        reverse("my-plan-goal-change", kwargs=kwargs), {"text": "A new phone", "consent": "on"}
    )
    assert response["Location"].endswith(f"#section-{own.key('How I communicate')}")
    page = Page(own.pw.client("family").get(reverse("my-plan-goal-history", kwargs=kwargs)))
    assert page.lines[:2] == [
        "Olu Owner’s plan: Olu’s support plan, How I communicate",
        "Earlier versions of this goal",
    ]
    assert "A new phone" in page.text and "Goal: a phone" in page.text
    assert (
        "Back to the plan",
        own.plan_url("my-plan") + f"#section-{own.key('How I communicate')}",
    ) in page.links


def test_the_download_has_the_own_sections_with_their_heading(own: Own) -> None:
    owner = _person(own.pw, "owner")
    plans = selectors.own_plans_export(owner)
    sections = {s["section"]: s for s in plans[0]["sections"]}  # type: ignore[attr-defined]
    assert sections["How I communicate"]["text"] == "Text me before you ring"
    assert sections["How I communicate"]["seen_by"] == "Me and my circle"
    assert sections["My faith"]["goals"][0]["goal"] == "Goal: Easter"
    # A helper's download: what they wrote in an own section still shared with them.
    family = _person(own.pw, "family")
    actions.section_write(
        actor=family,
        plan=own.pw.plan,
        key=own.key("My pets"),
        text="Biscuit needs walking twice a day",
        consent_confirmed=True,
    )
    helping = selectors.helping_export(family)
    assert helping[0]["sections_you_wrote"] == [
        {"section": "My pets", "text": "Biscuit needs walking twice a day"}
    ]


def test_the_admin_in_no_circle_never_sees_the_plan(own: Own) -> None:
    admin = own.pw.client("admin")
    assert admin.get(own.plan_url("my-plan")).status_code == 404
    for heading in OWN:
        assert admin.get(own.plan_url("my-plan-section", heading)).status_code == 404


def test_a_stopped_section_kept_private_says_it_is_not_shared(own: Own) -> None:
    """ "My faith" stays in the plan (written), but only the owner sees it: the family
    carer who sends a form for it is told it is not shared, not that it stopped."""
    admin = _person(own.pw, "admin")
    actions.section_template_retire(actor=admin, template=own.templates["My faith"])
    response = own.pw.client("family").post(
        own.plan_url("my-plan-section", "My faith"), {"text": "Typed", "consent": "on"}
    )
    assert response.status_code == 400
    text = Page(response).text
    assert "Olu Owner has changed who can see this section" in text
    assert "no longer adds" not in text and "Mass at St Anne’s" not in response.content.decode()
