"""Plans in a person's own data and when an account is deleted (ADR 0003): the owner's
download holds their whole plan; a helper's holds only what they wrote that is still
shared with them; the owner's plans leave with them; a helper's words stay, by "Former
member"."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from equalvoice.core import actions as core_actions
from equalvoice.plans import actions
from equalvoice.plans.models import (
    CircleMember,
    Goal,
    GoalVersion,
    Plan,
    PlanView,
    Section,
    SectionVersion,
)

from ..page_text import Page
from .conftest import SECTIONS, PlanWorld

pytestmark = pytest.mark.django_db


def _download(pw: PlanWorld, role: str) -> dict:  # type: ignore[type-arg]
    response = pw.client(role).post(reverse("my-data-download"))
    assert response.status_code == 200
    return json.loads(response.content)["plans"]


def test_the_owner_downloads_their_whole_plan(pw: PlanWorld) -> None:
    pw.client("family").get(pw.plan.get_absolute_url())
    plans = _download(pw, "owner")["your_plans"]
    assert [p["plan"] for p in plans] == ["Olu’s support plan"]
    sections = {s["section"]: s for s in plans[0]["sections"]}
    assert sections["What matters to me"]["text"] == SECTIONS["matters"][1]
    assert sections["What matters to me"]["seen_by"] == "Only me"
    assert sections["My home"]["goals"][0]["goal"] == SECTIONS["home"][2]
    assert {(m["person"], m["role"]) for m in plans[0]["circle"]} == {
        ("Fay Family", "Family carer"),
        ("Wyn Worker", "Named worker"),
    }
    assert [v["who"] for v in plans[0]["who_has_looked"]] == ["Fay Family"]


def test_a_helper_downloads_only_what_they_wrote_and_may_still_see(pw: PlanWorld) -> None:
    pw.client("family").post(
        reverse("my-plan-goal-add", args=[pw.org.slug, pw.plan.pk, "home"]),
        {"text": "Paint the blue door green", "consent": "on"},
    )
    helping = _download(pw, "family")["helping"]
    assert helping[0]["whose_plan"] == "Olu Owner"
    assert helping[0]["your_role"] == "Family carer"
    assert [g["goal"] for g in helping[0]["goals_you_added"]] == ["Paint the blue door green"]
    text = json.dumps(_download(pw, "family"))
    for _, words, goal in SECTIONS.values():
        assert words not in text and goal not in text
    # Once the section is private, it leaves their download too.
    owner = pw.people["owner"]
    assert owner is not None
    actions.section_share(actor=owner, plan=pw.plan, key="home", visibility="private")
    assert _download(pw, "family")["helping"][0]["goals_you_added"] == []


def test_deleting_the_owner_takes_their_plans_with_them(pw: PlanWorld) -> None:
    owner = pw.people["owner"]
    assert owner is not None
    pw.client("family").get(pw.plan.get_absolute_url())
    core_actions.account_erase(actor=owner, person=owner)
    assert not Plan.objects.exists()
    assert not Section.objects.exists() and not Goal.objects.exists()
    assert not CircleMember.objects.exists() and not PlanView.objects.exists()


def test_deleting_a_helper_leaves_their_words_by_former_member(pw: PlanWorld) -> None:
    family = pw.people["family"]
    assert family is not None
    pw.client("family").post(
        reverse("my-plan-goal-add", args=[pw.org.slug, pw.plan.pk, "home"]),
        {"text": "Paint the blue door green", "consent": "on"},
    )
    core_actions.account_erase(actor=family, person=family)
    assert not CircleMember.objects.filter(person=family).exists()
    page = Page(pw.client("owner").get(pw.plan.get_absolute_url()))
    assert "Paint the blue door green" in page.text
    assert "Written by Former member for Olu Owner, with their agreement" in page.text
    assert "Fay Family" not in page.whole


def _write_for_owner(pw: PlanWorld, key: str, text: str) -> None:
    response = pw.client("family").post(
        reverse("my-plan-section", args=[pw.org.slug, pw.plan.pk, key]),
        {"text": text, "consent": "on"},
    )
    assert response.status_code == 302


def test_the_owner_downloads_every_version_of_each_section(pw: PlanWorld) -> None:
    _write_for_owner(pw, "home", "Fay wrote this for Olu")
    owner = pw.people["owner"]
    assert owner is not None
    actions.section_write(actor=owner, plan=pw.plan, key="home", text="Olu wrote it again")
    plans = _download(pw, "owner")["your_plans"]
    home = next(s for s in plans[0]["sections"] if s["section"] == "My home")
    assert [(v["text"], v["written_by"], v["written_for"]) for v in home["versions"]] == [
        ("Olu wrote it again", "Olu Owner", None),
        ("Fay wrote this for Olu", "Fay Family", "Olu Owner"),
        (SECTIONS["home"][1], "Olu Owner", None),
    ]


def test_a_helper_downloads_only_the_versions_they_wrote_of_sections_still_shared(
    pw: PlanWorld,
) -> None:
    _write_for_owner(pw, "home", "Fay wrote home")
    _write_for_owner(pw, "wellbeing", "Fay wrote wellbeing")
    owner = pw.people["owner"]
    assert owner is not None
    actions.section_write(actor=owner, plan=pw.plan, key="home", text="Olu wrote it again")
    helping = _download(pw, "family")["helping"][0]
    assert [(v["section"], v["text"]) for v in helping["section_versions_you_wrote"]] == [
        ("My home", "Fay wrote home"),
        ("My wellbeing", "Fay wrote wellbeing"),
    ]
    text = json.dumps(_download(pw, "family"))
    assert "Olu wrote it again" not in text
    for _, words, _ in SECTIONS.values():
        assert words not in text
    # "My home" made private: what she wrote there leaves her download.
    actions.section_share(actor=owner, plan=pw.plan, key="home", visibility="private")
    helping = _download(pw, "family")["helping"][0]
    assert [v["section"] for v in helping["section_versions_you_wrote"]] == ["My wellbeing"]


def test_deleting_a_helper_keeps_their_versions_by_former_member(pw: PlanWorld) -> None:
    family = pw.people["family"]
    assert family is not None
    _write_for_owner(pw, "home", "Fay wrote this for Olu")
    owner = pw.people["owner"]
    assert owner is not None
    actions.section_write(actor=owner, plan=pw.plan, key="home", text="Olu wrote it again")
    core_actions.account_erase(actor=family, person=family)
    kept = SectionVersion.objects.get(text="Fay wrote this for Olu")
    assert kept.written_by_id == family.pk  # the tombstone, not nothing
    assert kept.written_for == owner and kept.consent_confirmed
    page = Page(
        pw.client("owner").get(
            reverse("my-plan-section-history", args=[pw.org.slug, pw.plan.pk, "home"])
        )
    )
    assert "Fay wrote this for Olu" in page.text
    assert "Written by Former member for Olu Owner, with their agreement" in page.text
    assert "Fay Family" not in page.whole
    versions = _download(pw, "owner")["your_plans"][0]["sections"]
    home = next(s for s in versions if s["section"] == "My home")
    assert home["versions"][1]["written_by"] == "Former member"


def test_deleting_the_owner_takes_the_versions_too(pw: PlanWorld) -> None:
    owner = pw.people["owner"]
    assert owner is not None
    _write_for_owner(pw, "home", "Fay wrote this for Olu")
    assert SectionVersion.objects.exists()
    core_actions.account_erase(actor=owner, person=owner)
    assert not SectionVersion.objects.exists()


def _change_goal_for_owner(pw: PlanWorld, key: str, text: str) -> None:
    goal = Goal.objects.get(section__key=key)
    response = pw.client("family").post(
        reverse("my-plan-goal-change", args=[pw.org.slug, pw.plan.pk, goal.pk]),
        {"text": text, "who_helps": "Fay", "consent": "on"},
    )
    assert response.status_code == 302


def test_the_owner_downloads_every_version_of_each_goal(pw: PlanWorld) -> None:
    _change_goal_for_owner(pw, "home", "Fay changed the goal")
    owner = pw.people["owner"]
    assert owner is not None
    actions.goal_change(actor=owner, goal=Goal.objects.get(section__key="home"), text="Olu's goal")
    plans = _download(pw, "owner")["your_plans"]
    home = next(s for s in plans[0]["sections"] if s["section"] == "My home")
    assert [
        (v["goal"], v["who_helps"], v["written_by"], v["written_for"])
        for v in home["goals"][0]["versions"]
    ] == [
        ("Olu's goal", "", "Olu Owner", None),
        ("Fay changed the goal", "Fay", "Fay Family", "Olu Owner"),
        (SECTIONS["home"][2], "", "Olu Owner", None),
    ]
    # Every goal's history, the private section's too.
    matters = next(s for s in plans[0]["sections"] if s["section"] == "What matters to me")
    assert [v["goal"] for v in matters["goals"][0]["versions"]] == [SECTIONS["matters"][2]]


def test_a_helper_downloads_only_the_goal_versions_they_wrote_of_goals_still_shared(
    pw: PlanWorld,
) -> None:
    _change_goal_for_owner(pw, "home", "Fay changed home")
    _change_goal_for_owner(pw, "wellbeing", "Fay changed wellbeing")
    owner = pw.people["owner"]
    assert owner is not None
    actions.goal_change(actor=owner, goal=Goal.objects.get(section__key="home"), text="Olu again")
    helping = _download(pw, "family")["helping"][0]
    assert [(v["section"], v["goal"]) for v in helping["goal_versions_you_wrote"]] == [
        ("My home", "Fay changed home"),
        ("My wellbeing", "Fay changed wellbeing"),
    ]
    # Never the versions others wrote: the owner's first words and their change after hers.
    text = json.dumps(helping["goal_versions_you_wrote"])
    assert "Olu again" not in text
    for _, _, goal in SECTIONS.values():
        assert goal not in text
    # "My home" made private: what she wrote there leaves her download.
    actions.section_share(actor=owner, plan=pw.plan, key="home", visibility="private")
    helping = _download(pw, "family")["helping"][0]
    assert [v["section"] for v in helping["goal_versions_you_wrote"]] == ["My wellbeing"]


def test_deleting_a_helper_keeps_their_goal_versions_by_former_member(pw: PlanWorld) -> None:
    family = pw.people["family"]
    owner = pw.people["owner"]
    assert family is not None and owner is not None
    _change_goal_for_owner(pw, "home", "Fay changed the goal")
    goal = Goal.objects.get(section__key="home")
    actions.goal_change(actor=owner, goal=goal, text="Olu's goal")
    core_actions.account_erase(actor=family, person=family)
    kept = GoalVersion.objects.get(text="Fay changed the goal")
    assert kept.written_by_id == family.pk  # the tombstone, not nothing
    assert kept.written_for == owner and kept.consent_confirmed
    page = Page(
        pw.client("owner").get(
            reverse("my-plan-goal-history", args=[pw.org.slug, pw.plan.pk, goal.pk])
        )
    )
    assert "Fay changed the goal" in page.text
    assert "Written by Former member for Olu Owner, with their agreement" in page.text
    assert "Fay Family" not in page.whole
    sections = _download(pw, "owner")["your_plans"][0]["sections"]
    home = next(s for s in sections if s["section"] == "My home")
    assert home["goals"][0]["versions"][1]["written_by"] == "Former member"


def test_deleting_the_owner_takes_the_goal_versions_too(pw: PlanWorld) -> None:
    owner = pw.people["owner"]
    assert owner is not None
    _change_goal_for_owner(pw, "home", "Fay changed the goal")
    assert GoalVersion.objects.exists()
    core_actions.account_erase(actor=owner, person=owner)
    assert not GoalVersion.objects.exists()
