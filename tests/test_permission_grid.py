"""Every URL x role (anonymous, member, facilitator, admin, admin of another organisation):
no one sees or changes what they should not, and another organisation's admin gets 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from equalvoice.core.models import (
    AuditEvent,
    Contribution,
    Group,
    Invitation,
    Membership,
    OrgMembership,
    Perspective,
    SignInCode,
    User,
)
from equalvoice.decisions.models import Ballot, Decision
from equalvoice.ideas.models import Idea
from equalvoice.opinions.models import Conversation, Vote
from equalvoice.opinions.models import Statement as OpinionStatement
from equalvoice.standards.models import Comment, PlanAction, Response, Standard

from .conftest import ROLES, World
from .pages import BY_NAME, PAGES, all_url_names


def test_every_url_is_listed_in_pages() -> None:
    missing = all_url_names() - set(BY_NAME)
    assert not missing, f"Add these pages to tests/pages.py so they are checked: {missing}"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_get_grid(world: World, page) -> None:  # type: ignore[no-untyped-def]
    url = page.url(world)
    for role, expected in zip(ROLES, page.expect, strict=True):
        response = world.client(role).get(url)
        assert response.status_code == expected, f"{role} GET {url}"
        if expected == 302 and role == "anonymous":
            assert response["Location"].startswith(reverse("sign-in"))


@pytest.mark.parametrize("page", [p for p in PAGES if p.group_scoped], ids=lambda p: p.name)
def test_group_pages_hide_groups_you_are_not_in(world: World, page) -> None:  # type: ignore[no-untyped-def]
    """A member (or facilitator) of one group gets 404 for another group of the same
    organisation; the organisation's admin can see it; another organisation's admin cannot
    see a group by guessing its slug."""
    url = reverse(page.name, kwargs={"org": world.org.slug, "group": world.other_group.slug})
    assert world.client("member").get(url).status_code == 404
    assert world.client("facilitator").get(url).status_code == 404
    assert world.client("admin").get(url).status_code in (200, 403)
    foreign = reverse(page.name, kwargs={"org": world.org.slug, "group": world.foreign_group.slug})
    assert world.client("admin").get(foreign).status_code == 404


def test_other_orgs_admin_cannot_reach_into_the_org_through_their_own_slug(world: World) -> None:
    url = reverse("group", kwargs={"org": world.other_org.slug, "group": world.group.slug})
    assert world.client("other_admin").get(url).status_code == 404


def _post(world: World, role: str, name: str, kwargs: dict[str, object], data: dict[str, object]):  # type: ignore[no-untyped-def]
    return world.client(role).post(reverse(name, kwargs=kwargs), data)


CHANGES = [
    # (url name, allowed roles, how to post, how to tell it happened)
    (
        "group-create",
        {"admin"},
        lambda w: ({"org": w.org.slug}, {"name": "New group", "kind": "network"}),
        lambda w: Group.objects.filter(name="New group").exists(),
    ),
    (
        "group-edit",
        {"admin", "facilitator"},
        lambda w: (
            {"org": w.org.slug, "group": w.group.slug},
            {"name": "Renamed panel", "kind": "expert_panel"},
        ),
        lambda w: Group.objects.filter(name="Renamed panel").exists(),
    ),
    (
        "invite",
        {"admin", "facilitator"},
        lambda w: ({"org": w.org.slug, "group": w.group.slug}, {"how": "link"}),
        lambda w: Invitation.objects.count() > 1,
    ),
    (
        "member-add",
        {"admin", "facilitator"},
        lambda w: ({"org": w.org.slug, "group": w.group.slug}, {"name": "Pat Newperson"}),
        lambda w: Membership.objects.filter(user__name="Pat Newperson").exists(),
    ),
    (
        "member-code",
        {"admin", "facilitator"},
        lambda w: (
            {"org": w.org.slug, "group": w.group.slug, "user_id": w.no_email_member.pk},
            {},
        ),
        lambda w: SignInCode.objects.filter(user=w.no_email_member).count() > 1,
    ),
    (
        "member-remove",
        {"admin", "facilitator"},
        lambda w: ({"org": w.org.slug, "group": w.group.slug, "user_id": w.member.pk}, {}),
        lambda w: not Membership.objects.filter(user=w.member, group=w.group).exists(),
    ),
    (
        "member-org-role",
        {"admin"},
        lambda w: (
            {"org": w.org.slug, "group": w.group.slug, "user_id": w.member.pk},
            {"role": "admin"},
        ),
        lambda w: OrgMembership.objects.filter(user=w.member, role="admin").exists(),
    ),
    (
        "member-erase",
        {"admin"},
        lambda w: (
            {"org": w.org.slug, "group": w.group.slug, "user_id": w.member.pk},
            {"confirm": "yes"},
        ),
        lambda w: User.objects.get(pk=w.member.pk).erased_at is not None,
    ),
    (
        "member",
        {"admin", "facilitator"},
        lambda w: (
            {"org": w.org.slug, "group": w.group.slug, "user_id": w.member.pk},
            {"role": "facilitator"},
        ),
        lambda w: Membership.objects.get(user=w.member, group=w.group).is_facilitator,
    ),
    (
        "perspectives",
        {"admin"},
        lambda w: ({"org": w.org.slug}, {"name": "Peer supporter"}),
        lambda w: Perspective.objects.filter(name="Peer supporter").exists(),
    ),
    (
        "perspective-edit",
        {"admin"},
        lambda w: (
            {"org": w.org.slug, "pk": w.perspective.pk},
            {"name": "Person who draws on care", "lived_experience": "on"},
        ),
        lambda w: Perspective.objects.filter(name="Person who draws on care").exists(),
    ),
    (
        "contribute",
        {"member", "facilitator"},
        lambda w: ({"org": w.org.slug, "group": w.group.slug}, {"text": "A new thought"}),
        lambda w: Contribution.objects.filter(text="A new thought").exists(),
    ),
    (
        "standard-create",
        {"admin", "facilitator"},
        lambda w: (
            {"org": w.org.slug},
            {"title": "Our new standard", "kind": "pledge", "scale": "easy_read_4"},
        ),
        lambda w: Standard.objects.filter(title="Our new standard").exists(),
    ),
    (
        "statement",
        {"member", "facilitator", "admin"},
        lambda w: (
            {"org": w.org.slug, "pk": w.standard.pk, "statement_pk": w.statement.pk},
            {"text": "A grid comment"},
        ),
        lambda w: Comment.objects.filter(text="A grid comment").exists(),
    ),
    (
        "standard-publish",
        {"admin", "facilitator"},
        lambda w: ({"org": w.org.slug, "pk": w.standard.pk}, {}),
        lambda w: not w.standard.versions.filter(published_at__isnull=True).exists(),
    ),
    (
        "round-paper",
        {"admin", "facilitator"},
        lambda w: ({"org": w.org.slug, "pk": w.round.pk}, {"confirmed": "on"}),
        lambda w: Response.objects.filter(round=w.round, on_paper=True).exists(),
    ),
    (
        "plan-action-create",
        {"admin", "facilitator"},
        lambda w: (
            {"org": w.org.slug, "pk": w.standard.pk},
            {"action": "Grid action", "owner": "Team", "due_on": "2030-01-01", "status": "done"},
        ),
        lambda w: PlanAction.objects.filter(action="Grid action").exists(),
    ),
    (
        "decision-create",
        {"admin", "facilitator"},
        lambda w: (
            {"org": w.org.slug, "group": w.group.slug},
            {"title": "Grid decision", "proposal": "Yes?", "how": "consent"},
        ),
        lambda w: Decision.objects.filter(title="Grid decision").exists(),
    ),
    (
        "decision-vote",
        {"member", "facilitator"},
        lambda w: ({"org": w.org.slug, "pk": w.decision.pk}, {"choice": "agree"}),
        lambda w: Ballot.objects.filter(decision=w.decision).exists(),
    ),
    (
        "idea-create",
        {"member", "facilitator"},
        lambda w: ({"org": w.org.slug, "group": w.group.slug}, {"title": "Grid idea"}),
        lambda w: Idea.objects.filter(title="Grid idea").exists(),
    ),
    (
        "idea-respond",
        {"admin", "facilitator"},
        lambda w: (
            {"org": w.org.slug, "pk": w.idea.pk},
            {"status": "considering", "response": "We look at it in May."},
        ),
        lambda w: Idea.objects.filter(status="considering").exists(),
    ),
    (
        "idea-support",
        {"member", "facilitator"},
        lambda w: ({"org": w.org.slug, "pk": w.idea.pk}, {"support": "1"}),
        lambda w: w.idea.supports.exists(),
    ),
    (
        "conversation-create",
        {"admin", "facilitator"},
        lambda w: (
            {"org": w.org.slug, "group": w.group.slug},
            {"title": "Grid talk", "question": "What do you think?", "seeds": "Yes.\nNo."},
        ),
        lambda w: Conversation.objects.filter(title="Grid talk").exists(),
    ),
    (
        "conversation-vote",
        {"member", "facilitator"},
        lambda w: (
            {"org": w.org.slug, "pk": w.conversation.pk},
            {"statement": w.conversation.statements.order_by("id")[1].pk, "choice": "disagree"},
        ),
        lambda w: Vote.objects.filter(value=-1).exists(),
    ),
    (
        # Only the member has voted (agree, on the first statement); the facilitator
        # has no vote there to change.
        "conversation-your-votes",
        {"member"},
        lambda w: (
            {"org": w.org.slug, "pk": w.conversation.pk},
            {"statement": w.conversation.statements.order_by("id")[0].pk, "choice": "disagree"},
        ),
        lambda w: Vote.objects.filter(participant__person=w.member, value=-1).exists(),
    ),
    (
        "statement-add",
        {"member", "facilitator"},
        lambda w: ({"org": w.org.slug, "pk": w.conversation.pk}, {"text": "Grid statement."}),
        lambda w: OpinionStatement.objects.filter(text="Grid statement.").exists(),
    ),
    (
        "statement-check",
        {"admin", "facilitator"},
        lambda w: (
            {"org": w.org.slug, "pk": w.conversation.pk, "statement": w.waiting_statement.pk},
            {"show": "1"},
        ),
        lambda w: OpinionStatement.objects.filter(
            pk=w.waiting_statement.pk, status="shown"
        ).exists(),
    ),
    (
        "conversation-status",
        {"admin", "facilitator"},
        lambda w: ({"org": w.org.slug, "pk": w.conversation.pk}, {"status": "closed"}),
        lambda w: Conversation.objects.filter(pk=w.conversation.pk, status="closed").exists(),
    ),
]


@pytest.mark.parametrize("change", CHANGES, ids=[c[0] for c in CHANGES])
@pytest.mark.parametrize("role", ROLES)
def test_post_grid(world: World, role: str, change) -> None:  # type: ignore[no-untyped-def]
    name, allowed, payload, happened = change
    # An admin outside the group may write only for a member: the form says so (400).
    # So may an admin add an idea: only the "for someone" form is offered them.
    # The member asking to delete their own account is sent to their own page for it.
    special = {
        ("contribute", "admin"): 400,
        ("idea-create", "admin"): 400,
        ("member-erase", "member"): 302,
        ("conversation-your-votes", "facilitator"): 400,
    }
    kwargs, data = payload(world)
    events_before = AuditEvent.objects.count()
    response = _post(world, role, name, kwargs, data)
    if role in allowed:
        assert response.status_code in (200, 302), response.content[:500]
        assert happened(world), f"{role} could not {name}"
        assert AuditEvent.objects.count() > events_before
    else:
        expected = special.get((name, role)) or {"anonymous": 302, "other_admin": 404}.get(
            role, 403
        )
        assert response.status_code == expected
        assert not happened(world), f"{role} changed {name}"
        assert AuditEvent.objects.count() == events_before


def test_access_needs_are_seen_only_by_the_person_and_their_facilitators(world: World) -> None:
    url = reverse(
        "member",
        kwargs={"org": world.org.slug, "group": world.group.slug, "user_id": world.member.pk},
    )
    secret = "Needs a quiet room"
    assert secret in world.client("facilitator").get(url).content.decode()
    assert secret in world.client("member").get(url).content.decode()
    # The organisation admin does not facilitate the group, so does not see them.
    assert secret not in world.client("admin").get(url).content.decode()
    # Another member of the same group does not see them either.
    other = Membership.objects.create(group=world.group, user=world.admin)  # admin joins as member
    assert other.pk
    assert secret not in world.client("admin").get(url).content.decode()
    assert world.client("other_admin").get(url).status_code == 404
