"""The plan world for the plan tests: an owner, their circle (a family carer and the
organisation's named worker), other staff, the admin, another organisation's admin and
nobody, and a plan with three sections, one shared each way."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from equalvoice.core import actions as core_actions
from equalvoice.core.models import Membership, Organisation, User
from equalvoice.plans import actions
from equalvoice.plans.models import CircleMember, Plan, Section

from .. import factories, shared

ROLES = ("owner", "family", "worker", "staff", "admin", "other_admin", "anonymous")

# Section key -> (how it is shared, its words, its goal)
SECTIONS = {
    "matters": (Section.Visibility.PRIVATE, "Secret about my dad", "Goal only I see"),
    "home": (Section.Visibility.CIRCLE, "My flat has a blue door", "Goal for my circle"),
    "wellbeing": (Section.Visibility.WORKER, "Swimming keeps me well", "Goal for my worker too"),
}

# Who may read each section: the owner always; the family carer the circle's and the
# worker's; the named worker only the worker's; nobody else anything.
READS = {
    "owner": {"matters", "home", "wellbeing"},
    "family": {"home", "wellbeing"},
    "worker": {"wellbeing"},
    "staff": set(),
    "admin": set(),
    "other_admin": set(),
    "anonymous": set(),
}


@dataclass
class PlanWorld:
    org: Organisation
    plan: Plan
    people: dict[str, User | None]

    def client(self, role: str) -> Client:
        client = Client()
        person = self.people[role]
        if person is not None:
            client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
        return client


@pytest.fixture(scope="module")
def _pw_once(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: Any
) -> Iterator[shared.Once[PlanWorld]]:
    """The module's plan world, built once (tests/shared.py)."""
    with shared.once("_pw_once", build_plan_world, request, django_db_blocker) as built:
        yield built


@pytest.fixture
def pw(_pw_once: shared.Once[PlanWorld], db: None, request: pytest.FixtureRequest) -> PlanWorld:
    """The plan world: built once per module, each test gets its own copy as built."""
    return _pw_once.copy(request)


def build_plan_world() -> PlanWorld:
    org = factories.organisation()
    admin = factories.org_admin(org)
    group = factories.group(org, "Day centre")
    people: dict[str, User | None] = {"admin": admin, "anonymous": None}
    for role, name in [
        ("owner", "Olu Owner"),
        ("family", "Fay Family"),
        ("worker", "Wyn Worker"),
        ("staff", "Sam Staff"),
    ]:
        person = factories.make_user(name=name)
        core_actions.membership_add(
            actor=admin,
            group=group,
            user=person,
            role=Membership.GroupRole.FACILITATOR
            if role == "staff"
            else Membership.GroupRole.MEMBER,
        )
        people[role] = person
    other = factories.organisation("Otherton Housing", "otherton")
    people["other_admin"] = factories.org_admin(other)
    owner = people["owner"]
    assert owner is not None
    plan = actions.plan_create(actor=owner, organisation=org, title="Olu’s support plan")
    for role, circle_role in [
        ("family", CircleMember.Role.FAMILY_CARER),
        ("worker", CircleMember.Role.NAMED_WORKER),
    ]:
        helper = people[role]
        assert helper is not None
        actions.circle_invite(actor=owner, plan=plan, person=helper, role=circle_role)
    for key, (visibility, text, goal) in SECTIONS.items():
        actions.section_write(actor=owner, plan=plan, key=key, text=text)
        actions.section_share(actor=owner, plan=plan, key=key, visibility=visibility)
        actions.goal_add(actor=owner, plan=plan, key=key, text=goal, steps=[f"Step: {goal}"])
    return PlanWorld(org=org, plan=plan, people=people)
