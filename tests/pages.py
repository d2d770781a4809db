"""Every page of Equal Voice, with how to fill in its URL from a `World`, and what each
role should get from a GET. The permission grid, the bad-input walker and the browser
tests all use this list; a test fails when a URL exists that is not listed here, so a new
page is checked automatically once it is added."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from equalvoice.plans.models import Goal, PlanAsset, SectionTemplate, SectionVersion, Step

from .conftest import World

OK, LOGIN, FORBIDDEN, MISSING, NOT_ALLOWED, REDIRECT = 200, 302, 403, 404, 405, 302

Kwargs = Callable[[World], dict[str, object]]


def _org(w: World) -> dict[str, object]:
    return {"org": w.org.slug}


def _group(w: World) -> dict[str, object]:
    return {"org": w.org.slug, "group": w.group.slug}


def _member(w: World) -> dict[str, object]:
    return {**_group(w), "user_id": w.member.pk}


def _initiative(w: World) -> dict[str, object]:
    return {"org": w.org.slug, "pk": w.initiative.pk}


def _none(w: World) -> dict[str, object]:
    return {}


@dataclass
class Page:
    name: str
    kwargs: Kwargs = _none
    # Expected GET status for: anonymous, member, facilitator, admin, other_admin
    expect: tuple[int, int, int, int, int] = (OK, OK, OK, OK, OK)
    # Pages with a form people fill in (walked by the bad-input test).
    form: bool = False
    # Pages that only take POST, or are not HTML (nothing to look at in a browser).
    post_only: bool = False
    # Scoped to the world's group: a member asking for a group they are not in gets 404.
    group_scoped: bool = False
    notes: list[str] = field(default_factory=list)

    def url(self, world: World) -> str:
        return reverse(self.name, kwargs=self.kwargs(world))


PUBLIC = (OK, OK, OK, OK, OK)
SIGNED_IN = (LOGIN, OK, OK, OK, OK)
ORG_MEMBERS = (LOGIN, OK, OK, OK, MISSING)
ORG_ADMINS = (LOGIN, FORBIDDEN, FORBIDDEN, OK, MISSING)
GROUP_MANAGERS = (LOGIN, FORBIDDEN, OK, OK, MISSING)

PAGES: list[Page] = [
    Page("home"),
    Page("healthz"),
    Page("readyz"),
    Page("accessibility"),
    Page("welsh-edit", lambda w: {"key": "group", "pk": w.group.pk}, GROUP_MANAGERS, form=True),
    # The language switch: a form on every page, sent with POST only.
    Page("set-language", expect=(NOT_ALLOWED,) * 5, post_only=True),  # type: ignore[arg-type]
    Page("display-settings", form=True),
    Page("sign-in", form=True),
    Page("sign-in-code", form=True),
    # Only after a right password: anyone else is sent back to sign in.
    Page("sign-in-two-step", expect=(REDIRECT,) * 5),  # type: ignore[arg-type]
    Page("sign-out", expect=(NOT_ALLOWED,) * 5, post_only=True),  # type: ignore[arg-type]
    Page("password_reset", form=True),
    Page("password_reset_done"),
    Page(
        "password_reset_confirm",
        kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-real-token"},
    ),
    Page("password_reset_complete"),
    Page("invitation", kwargs=lambda w: {"token": w.invitation_token}, form=True),
    Page("access-needs", expect=SIGNED_IN, form=True),
    Page("my-data", expect=SIGNED_IN),
    Page("two-step", expect=SIGNED_IN),
    # Only the facilitator has two-step sign-in on: the others are sent to "two-step"
    # from the pages for turning it off and new recovery codes, the facilitator from the
    # set-up page.
    Page("two-step-set-up", expect=(LOGIN, OK, REDIRECT, OK, OK), form=True),
    Page("two-step-turn-off", expect=(LOGIN, REDIRECT, OK, REDIRECT, REDIRECT), form=True),
    Page("two-step-recovery", expect=(LOGIN, REDIRECT, OK, REDIRECT, REDIRECT), form=True),
    Page("my-data-download", expect=SIGNED_IN, post_only=True),
    Page("account-delete", expect=SIGNED_IN, form=True),
    Page(
        "access-needs-consent",
        expect=(LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post_only=True,
    ),
    Page("access-needs-withdraw", expect=SIGNED_IN),
    Page("organisation", _org, ORG_MEMBERS),
    Page("my-perspectives", _org, ORG_MEMBERS, form=True),
    Page("perspectives", _org, ORG_ADMINS, form=True),
    Page(
        "perspective-edit",
        lambda w: {"org": w.org.slug, "pk": w.perspective.pk},
        ORG_ADMINS,
        form=True,
    ),
    Page("audit-log", _org, ORG_ADMINS),
    Page("group-create", _org, ORG_ADMINS, form=True),
    Page("group", _group, ORG_MEMBERS, group_scoped=True),
    Page("group-edit", _group, GROUP_MANAGERS, form=True, group_scoped=True),
    Page("members", _group, ORG_MEMBERS, group_scoped=True),
    Page("member-add", _group, GROUP_MANAGERS, form=True, group_scoped=True),
    Page("invite", _group, GROUP_MANAGERS, form=True, group_scoped=True),
    Page("contribute", _group, ORG_MEMBERS, form=True, group_scoped=True),
    Page("member", _member, ORG_MEMBERS, form=True),
    Page(
        "member-code",
        _member,
        (LOGIN, FORBIDDEN, REDIRECT, REDIRECT, MISSING),
        post_only=True,
    ),
    Page("member-remove", _member, GROUP_MANAGERS),
    Page("member-org-role", _member, ORG_ADMINS, form=True),
    # The member is shown their own page for deleting an account (REDIRECT).
    Page("member-erase", _member, (LOGIN, REDIRECT, FORBIDDEN, OK, MISSING), form=True),
    Page("member-two-step-reset", _member, (LOGIN, FORBIDDEN, FORBIDDEN, OK, MISSING)),
    # Speakeasy
    Page("check-writing", expect=SIGNED_IN, form=True),
    Page("speakeasy-feedback", expect=(LOGIN,) + (NOT_ALLOWED,) * 4, post_only=True),  # type: ignore[arg-type]
    Page("speakeasy-apply", expect=(LOGIN,) + (NOT_ALLOWED,) * 4, post_only=True),  # type: ignore[arg-type]
    Page("words", _org, ORG_MEMBERS, form=True),
    # Without a sentence it sends the person back (tests/speakeasy/test_easy_read_pictures.py).
    Page("easy-read-picture", _org, (LOGIN, FORBIDDEN, REDIRECT, REDIRECT, MISSING)),
    Page("challenge", _org, ORG_MEMBERS, form=True),
    Page(
        "challenge-answer", lambda w: {**_org(w), "pk": w.challenge.pk}, GROUP_MANAGERS, form=True
    ),
    Page("word-picture", lambda w: {**_org(w), "pk": w.word.pk}, GROUP_MANAGERS, form=True),
    Page("word-delete", lambda w: {**_org(w), "pk": w.word.pk}, GROUP_MANAGERS),
    # Co-production record
    Page("record-board", _org, ORG_MEMBERS),
    Page("initiative-create", _org, GROUP_MANAGERS, form=True),
    Page("record-csv", _org, ORG_MEMBERS, post_only=True),
    Page("record-pdf", _org, ORG_MEMBERS, post_only=True),
    Page("record-stages", _org, ORG_ADMINS, form=True),
    Page("initiative", lambda w: {**_org(w), "pk": w.initiative.pk}, ORG_MEMBERS),
    Page(
        "initiative-edit", lambda w: {**_org(w), "pk": w.initiative.pk}, GROUP_MANAGERS, form=True
    ),
    Page(
        "activity-create", lambda w: {**_org(w), "pk": w.initiative.pk}, GROUP_MANAGERS, form=True
    ),
    Page(
        "activity-edit",
        lambda w: {**_org(w), "pk": w.initiative.pk, "activity_pk": w.activity.pk},
        GROUP_MANAGERS,
        form=True,
    ),
    Page(
        "claim-challenge",
        lambda w: {**_org(w), "pk": w.initiative.pk, "activity_pk": w.activity.pk},
        ORG_MEMBERS,
        form=True,
    ),
    Page(
        "claim-reply",
        lambda w: {**_org(w), "pk": w.initiative.pk, "challenge_pk": w.claim_challenge.pk},
        GROUP_MANAGERS,
        form=True,
    ),
    Page(
        "evidence-add",
        lambda w: {**_org(w), "pk": w.initiative.pk, "activity_pk": w.activity.pk},
        GROUP_MANAGERS,
        form=True,
    ),
    Page(
        "evidence-file",
        lambda w: {**_org(w), "pk": w.initiative.pk, "evidence_pk": w.evidence.pk},
        ORG_MEMBERS,
        post_only=True,
    ),
    Page("you-said-edit", lambda w: {**_org(w), "pk": w.initiative.pk}, GROUP_MANAGERS, form=True),
    # Public once published (the world's initiative is): anyone, signed in or not.
    Page("you-said-public", lambda w: {**_org(w), "pk": w.initiative.pk}, PUBLIC),
    Page("easy-read-group", _group, ORG_MEMBERS, group_scoped=True),
    Page("easy-read-group-pdf", _group, ORG_MEMBERS, post_only=True),
    Page("easy-read-contribution", lambda w: {**_group(w), "pk": w.contribution.pk}, ORG_MEMBERS),
    Page(
        "easy-read-contribution-pdf",
        lambda w: {**_group(w), "pk": w.contribution.pk},
        ORG_MEMBERS,
        post_only=True,
    ),
]


def _std(w: World) -> dict[str, object]:
    return {"org": w.org.slug, "pk": w.standard.pk}


def _round(w: World) -> dict[str, object]:
    return {"org": w.org.slug, "pk": w.round.pk}


POST_ONLY = (LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)

PAGES += [
    # Standards and feedback rounds
    Page("standards", _org, ORG_MEMBERS),
    Page("standard-create", _org, GROUP_MANAGERS, form=True),
    Page("standard-start", lambda w: {**_org(w), "key": "pledge"}, GROUP_MANAGERS, form=True),
    Page("standard", _std, ORG_MEMBERS),
    Page("standard-edit", _std, GROUP_MANAGERS, form=True),
    Page("standard-publish", _std, POST_ONLY, post_only=True),
    Page("version-start", _std, POST_ONLY, post_only=True),
    Page("version", lambda w: {**_std(w), "number": 1}, ORG_MEMBERS),
    Page("theme-create", _std, GROUP_MANAGERS, form=True),
    Page("theme-edit", lambda w: {**_std(w), "theme_pk": w.theme.pk}, GROUP_MANAGERS, form=True),
    Page("statement-create", _std, GROUP_MANAGERS, form=True),
    Page(
        "statement", lambda w: {**_std(w), "statement_pk": w.statement.pk}, ORG_MEMBERS, form=True
    ),
    Page(
        "statement-edit",
        lambda w: {**_std(w), "statement_pk": w.statement.pk},
        GROUP_MANAGERS,
        form=True,
    ),
    Page(
        "comment-decide",
        lambda w: {**_std(w), "comment_pk": w.comment.pk},
        GROUP_MANAGERS,
        form=True,
    ),
    Page("standard-journey", _std, ORG_MEMBERS),
    Page("plan", _std, ORG_MEMBERS),
    Page("plan-action-create", _std, GROUP_MANAGERS, form=True),
    Page(
        "plan-action-edit",
        lambda w: {**_std(w), "action_pk": w.plan_action.pk},
        GROUP_MANAGERS,
        form=True,
    ),
    Page("standard-toolkit", _std, ORG_MEMBERS, post_only=True),
    Page("round-create", _std, GROUP_MANAGERS, form=True),
    Page("round", _round, ORG_MEMBERS),
    Page("round-edit", _round, GROUP_MANAGERS, form=True),
    Page("round-poster", _round, GROUP_MANAGERS),
    Page("round-paper", _round, GROUP_MANAGERS, form=True),
    Page("round-questionnaire", _round, ORG_MEMBERS, post_only=True),
    Page("round-results", _round, ORG_MEMBERS),
    Page("round-csv", _round, ORG_MEMBERS, post_only=True),
    Page("round-pdf", _round, ORG_MEMBERS, post_only=True),
    Page("round-appraisal", _round, ORG_MEMBERS),
    Page("round-answer", _round, ORG_MEMBERS, form=True),
    Page("round-answer-statement", lambda w: {**_round(w), "number": 1}, ORG_MEMBERS, form=True),
    Page("round-answer-check", _round, ORG_MEMBERS),
    Page("open-round", lambda w: {"key": w.round.link_key}, PUBLIC, form=True),
    Page(
        "open-round-statement", lambda w: {"key": w.round.link_key, "number": 1}, PUBLIC, form=True
    ),
    Page("open-round-check", lambda w: {"key": w.round.link_key}, PUBLIC),
]


def _decision(w: World) -> dict[str, object]:
    return {"org": w.org.slug, "pk": w.decision.pk}


# Only the group's members vote: an organisation admin outside the group does not.
VOTERS = (LOGIN, OK, OK, FORBIDDEN, MISSING)

PAGES += [
    # Decisions: the world's group decides; the member is in it.
    Page("group-decisions", _group, ORG_MEMBERS, group_scoped=True),
    Page("decision-create", _group, GROUP_MANAGERS, form=True, group_scoped=True),
    Page("decision", _decision, ORG_MEMBERS),
    Page("decision-vote", _decision, VOTERS, form=True),
    Page("decision-count", _decision, POST_ONLY, post_only=True),
    Page("decision-minority", _decision, VOTERS, form=True),
    Page("decision-amend", _decision, GROUP_MANAGERS, form=True),
    Page("decision-close", _decision, GROUP_MANAGERS, form=True),
    Page("decision-csv", _decision, ORG_MEMBERS, post_only=True),
]


def _meeting(w: World) -> dict[str, object]:
    return {"org": w.org.slug, "pk": w.meeting.pk}


PAGES += [
    # Meetings of the world's group
    Page("group-meetings", _group, ORG_MEMBERS, group_scoped=True),
    Page("meeting-create", _group, GROUP_MANAGERS, form=True, group_scoped=True),
    Page("meeting", _meeting, ORG_MEMBERS),
    Page("meeting-edit", _meeting, GROUP_MANAGERS, form=True),
    Page("agenda-add", _meeting, GROUP_MANAGERS, form=True),
    Page("paper-add", _meeting, GROUP_MANAGERS, form=True),
    Page(
        "paper-file",
        lambda w: {**_meeting(w), "paper_pk": w.paper.pk, "which": "paper"},
        ORG_MEMBERS,
        post_only=True,
    ),
    Page("meeting-register", _meeting, VOTERS, form=True),
    Page("meeting-ics", _meeting, ORG_MEMBERS, post_only=True),
    Page("meeting-attendance", _meeting, GROUP_MANAGERS, form=True),
    Page("meeting-voice", _meeting, GROUP_MANAGERS),
    Page("meeting-voice-tap", _meeting, POST_ONLY, post_only=True),
    Page("meeting-minutes", _meeting, GROUP_MANAGERS, form=True),
    Page("meeting-action-create", _meeting, GROUP_MANAGERS, form=True),
    Page(
        "meeting-action-edit",
        lambda w: {**_meeting(w), "action_pk": w.meeting_action.pk},
        GROUP_MANAGERS,
        form=True,
    ),
]


def _idea(w: World) -> dict[str, object]:
    return {"org": w.org.slug, "pk": w.idea.pk}


PAGES += [
    # Ideas: the world's member added "Saturday club" to the world's group.
    Page("group-ideas", _group, ORG_MEMBERS, group_scoped=True),
    Page("idea-create", _group, ORG_MEMBERS, form=True, group_scoped=True),
    Page("ideas-combine", _group, ORG_MEMBERS, form=True, group_scoped=True),
    Page("idea", _idea, ORG_MEMBERS, form=True),
    Page("idea-picture", _idea, ORG_MEMBERS, post_only=True),
    Page("idea-support", _idea, POST_ONLY, post_only=True),
    Page("idea-respond", _idea, GROUP_MANAGERS, form=True),
]


def _conversation(w: World) -> dict[str, object]:
    return {"org": w.org.slug, "pk": w.conversation.pk}


PAGES += [
    # Opinion mapping: the facilitator started "Saturdays" in the world's group; the member
    # voted once and added a statement that waits to be checked.
    Page("group-conversations", _group, ORG_MEMBERS, group_scoped=True),
    Page("conversation-create", _group, GROUP_MANAGERS, form=True, group_scoped=True),
    Page("conversation-import", _group, GROUP_MANAGERS, form=True, group_scoped=True),
    Page("conversation", _conversation, ORG_MEMBERS),
    Page("conversation-vote", _conversation, VOTERS),
    Page("conversation-vote-for", _conversation, GROUP_MANAGERS, form=True),
    # Your own votes, to see and change: the member has one; the facilitator none yet.
    Page("conversation-your-votes", _conversation, VOTERS),
    Page("statement-add", _conversation, VOTERS, form=True),
    Page(
        "statement-check",
        lambda w: {**_conversation(w), "statement": w.waiting_statement.pk},
        POST_ONLY,
        post_only=True,
    ),
    Page("conversation-status", _conversation, POST_ONLY, post_only=True),
    Page("conversation-perspective", _conversation, VOTERS, form=True),
    Page("conversation-results", _conversation, ORG_MEMBERS),
    Page("conversation-easy-read", _conversation, ORG_MEMBERS),
    Page("conversation-easy-read-pdf", _conversation, ORG_MEMBERS, post_only=True),
    Page("conversation-export", _conversation, GROUP_MANAGERS, post_only=True),
]


def _plan(w: World) -> dict[str, object]:
    return {"org": w.org.slug, "pk": w.plan.pk}


def _plan_section(w: World) -> dict[str, object]:
    return {**_plan(w), "key": "matters"}


# The member's plan: the facilitator is in their circle, "What matters to me" is shared
# with the circle. Nobody else learns the plan is there, the organisation's admin included.
OWNER_AND_CIRCLE = (LOGIN, OK, OK, MISSING, MISSING)
OWNER_ONLY = (LOGIN, OK, FORBIDDEN, MISSING, MISSING)

PAGES += [
    Page("my-plans", _org, ORG_MEMBERS),
    Page("my-plan-create", _org, ORG_MEMBERS, form=True),
    Page("my-plan", _plan, OWNER_AND_CIRCLE),
    Page("my-plan-section", _plan_section, OWNER_AND_CIRCLE, form=True),
    Page("my-plan-goal-add", _plan_section, OWNER_AND_CIRCLE, form=True),
    Page("my-plan-circle", _plan, OWNER_ONLY, form=True),
    Page("my-plan-looks", _plan, OWNER_ONLY),
    Page("my-plan-review-add", _plan, OWNER_AND_CIRCLE, form=True),
    Page(
        "my-plan-review",
        # The latest review (0, not found, once the plan has gone with its owner).
        lambda w: {
            **_plan(w),
            "review": w.plan.reviews.order_by("-held_on").values_list("pk", flat=True).first() or 0,
        },
        OWNER_AND_CIRCLE,
        form=True,
    ),
    Page(
        "my-plan-circle-remove",
        lambda w: {**_plan(w), "member": w.plan.circle.get().pk},
        POST_ONLY,
        post_only=True,
    ),
    Page(
        "my-plan-step",
        lambda w: {
            **_plan(w),
            "step": w.plan.sections.get(key="matters").goals.get().steps.get().pk,
        },
        POST_ONLY,
        post_only=True,
    ),
    # The plan to read and on paper: only what the person may see (the PDFs are not HTML).
    Page("my-plan-easy-read", _plan, OWNER_AND_CIRCLE),
    Page("my-plan-pdf", _plan, OWNER_AND_CIRCLE, post_only=True),
    Page("my-plan-easy-read-pdf", _plan, OWNER_AND_CIRCLE, post_only=True),
    Page("my-plan-profile-pdf", _plan, OWNER_AND_CIRCLE, post_only=True),
    Page("my-plan-next-review", _plan, OWNER_AND_CIRCLE, form=True),
    # Counts only, never what anyone wrote: the organisation's admins.
    Page("plans-figures", _org, ORG_ADMINS),
]


def _plan_template(w: World) -> dict[str, object]:
    # The first the organisation added, "How I communicate" (the bad-input walker renames it).
    found = SectionTemplate.objects.filter(organisation=w.org).order_by("id").first()
    assert found is not None
    return {**_org(w), "pk": found.pk}


def _plan_own_section(w: World) -> dict[str, object]:
    return {**_plan(w), "key": f"own-{_plan_template(w)['pk']}"}


def _first_pk(rows: object) -> int:
    """The first row's pk, or 0 when there is none (after the owner's account is
    deleted, say): the page is then "not found", which is what the tests expect."""
    return rows.values_list("pk", flat=True).first() or 0  # type: ignore[attr-defined]


def _plan_goal(w: World) -> dict[str, object]:
    return {**_plan(w), "goal": _first_pk(Goal.objects.filter(section__plan=w.plan))}


def _plan_step(w: World) -> dict[str, object]:
    return {**_plan(w), "step": _first_pk(Step.objects.filter(goal__section__plan=w.plan))}


# The history of "What matters to me" (written twice), putting its earlier version back,
# changing and taking out its goal and step, the history of its goal (changed once), and
# how the facilitator helps.
PAGES += [
    Page("my-plan-section-history", _plan_section, OWNER_AND_CIRCLE),
    Page(
        "my-plan-section-restore",
        lambda w: {
            **_plan_section(w),
            "version": _first_pk(
                SectionVersion.objects.filter(
                    section__plan=w.plan, section__key="matters"
                ).order_by("written_at", "id")
            ),
        },
        POST_ONLY,
        post_only=True,
    ),
    Page("my-plan-goal-change", _plan_goal, OWNER_AND_CIRCLE, form=True),
    Page("my-plan-goal-remove", _plan_goal, OWNER_AND_CIRCLE, form=True),
    Page("my-plan-goal-history", _plan_goal, OWNER_AND_CIRCLE),
    Page("my-plan-step-add", _plan_goal, OWNER_AND_CIRCLE, form=True),
    Page("my-plan-step-change", _plan_step, OWNER_AND_CIRCLE, form=True),
    Page("my-plan-step-remove", _plan_step, OWNER_AND_CIRCLE, form=True),
    Page(
        "my-plan-circle-role",
        lambda w: {**_plan(w), "member": _first_pk(w.plan.circle.all())},
        OWNER_ONLY,
        form=True,
    ),
]


PAGES += [
    # The organisation adds "How I communicate" (and "My school") to its plans: its
    # admins only. In the member's plan it is the section "own-<id>", shared with the
    # circle.
    Page("org-plan-sections", _org, ORG_ADMINS, form=True),
    Page("org-plan-section", _plan_template, ORG_ADMINS, form=True),
    Page("org-plan-section-retire", _plan_template, ORG_ADMINS),
    Page("org-plan-section-move", _plan_template, POST_ONLY, post_only=True),
    Page(
        "my-plan-section",
        _plan_own_section,
        OWNER_AND_CIRCLE,
        form=True,
        notes=["a section the organisation added"],
    ),
]


def _event(w: World) -> dict[str, object]:
    from .meetings.events import open_event

    return {"org": w.org.slug, "pk": open_event(w).meeting.pk}


def _event_token(w: World) -> dict[str, object]:
    from .meetings.events import open_event

    return {"token": open_event(w).token}


PAGES += [
    # Open events (docs/network.md): the organisers make a meeting public, add workshops
    # and see who signed up; anyone sees the public page and signs up with no account;
    # the private link (a signed token) shows and cancels one place.
    Page("meeting-open", _event, GROUP_MANAGERS, form=True),
    Page("meeting-workshop-add", _event, GROUP_MANAGERS, form=True),
    Page("meeting-sign-ups", _event, GROUP_MANAGERS),
    Page("events", lambda w: {"org": _event(w)["org"]}, PUBLIC),
    Page("event", _event, PUBLIC),
    Page("event-sign-up", _event, PUBLIC, form=True),
    Page("event-place", _event_token, PUBLIC),
    Page("event-cancel", _event_token, PUBLIC, form=True),
]


# Networks: posts, how people hear, the mailing list and the newsletter (issue 15). The
# world's group is a members-only network; "Carers network" a public one
# (tests/network/builders.py makes both through actions).
def _net(w: World) -> dict[str, object]:
    from .network.builders import networks

    networks(w)
    return _group(w)


def _net_post(w: World) -> dict[str, object]:
    from .network.builders import networks

    return {"org": w.org.slug, "pk": networks(w).post.pk}


def _net_public(w: World) -> dict[str, object]:
    from .network.builders import networks

    return {"org": w.org.slug, "group": networks(w).public.group.slug}


def _net_confirm(w: World) -> dict[str, object]:
    from .network.builders import networks

    return {"token": networks(w).confirm_token}


def _net_unsubscribe(w: World) -> dict[str, object]:
    from .network.builders import networks

    return {"token": networks(w).unsubscribe_token}


NETWORK_READERS = (LOGIN, OK, OK, OK, MISSING)
NETWORK_MEMBERS = (LOGIN, OK, OK, FORBIDDEN, MISSING)

PAGES += [
    Page("network", _net, NETWORK_READERS),
    Page("network-settings", _net, GROUP_MANAGERS, form=True),
    Page("network-post-create", _net, GROUP_MANAGERS, form=True),
    Page("network-post-you-said", _net, GROUP_MANAGERS, form=True),
    Page("network-hearing", _net, NETWORK_MEMBERS, form=True),
    Page(
        "network-newsletter",
        lambda w: {**_net(w), "year": 2026, "month": 6},
        NETWORK_READERS,
        post_only=True,
    ),
    Page("network-mailing-list", _net, POST_ONLY, post_only=True),
    Page("network-post", _net_post, NETWORK_READERS),
    Page("network-post-edit", _net_post, GROUP_MANAGERS, form=True),
    Page("network-post-easy-read", _net_post, NETWORK_READERS),
    Page("network-post-easy-read-pdf", _net_post, NETWORK_READERS, post_only=True),
    Page("network-join", _net_public, PUBLIC, form=True),
    Page("network-confirm", _net_confirm, PUBLIC),
    Page("network-unsubscribe", _net_unsubscribe, PUBLIC),
    Page(
        "network-unsubscribe-one-click",
        _net_unsubscribe,
        (NOT_ALLOWED,) * 5,  # type: ignore[arg-type]
        post_only=True,
    ),
]


def _peer_suggested(w: World) -> dict[str, object]:
    from .peer.world import can_build, peer_of

    return {**_org(w), "pk": peer_of(w).suggested.pk if can_build(w) else 0}


def _peer_active(w: World) -> dict[str, object]:
    from .peer.world import can_build, peer_of

    return {**_org(w), "pk": peer_of(w).active.pk if can_build(w) else 0}


def _peer_org(w: World) -> dict[str, object]:
    from .peer.world import can_build, peer_of

    if can_build(w):
        peer_of(w)
    return _org(w)


# Peer support (tests/peer/world.py): the member asks and offers; the facilitator
# suggested Nell's offer for the member's request (nobody has answered) and the member's
# offer for Nell's request (both said yes; active). The people who match are the
# organisation's admins and the facilitators of its groups.
IN_THE_MATCH = (LOGIN, OK, FORBIDDEN, FORBIDDEN, MISSING)
PAGES += [
    Page("peer", _peer_org, ORG_MEMBERS),
    Page("peer-offer", _peer_org, ORG_MEMBERS, form=True),
    Page("peer-ask", _peer_org, ORG_MEMBERS, form=True),
    Page("peer-stop", lambda w: {**_peer_org(w), "kind": "offer"}, POST_ONLY, post_only=True),
    Page("peer-matching", _peer_org, GROUP_MANAGERS, form=True),
    Page(
        "peer-suggest",
        lambda w: {**_peer_org(w), "pk": _peer_request(w)},
        POST_ONLY,
        post_only=True,
    ),
    Page("peer-match", _peer_suggested, ORG_MEMBERS, form=True),
    Page("peer-match", _peer_active, ORG_MEMBERS, notes=["an active match"]),
    Page("peer-match-answer", _peer_suggested, POST_ONLY, post_only=True),
    Page("peer-match-end", _peer_active, IN_THE_MATCH, form=True),
    Page("peer-meeting-add", _peer_active, IN_THE_MATCH, form=True),
]


def _thanks_org(w: World) -> dict[str, object]:
    from .recognition.world import can_build, thanks_of

    if can_build(w):
        thanks_of(w)
    return _org(w)


def _thanks_level(w: World) -> dict[str, object]:
    from .recognition.world import can_build, thanks_of

    return {**_org(w), "pk": thanks_of(w).hourly.pk if can_build(w) else 0}


def _thanks_meeting(w: World) -> dict[str, object]:
    from .recognition.world import can_build, thanks_of

    pk = thanks_of(w).meeting.pk if can_build(w) else 0
    return {**_org(w), "key": f"meeting-{pk}"}


def _thanks_reading(w: World) -> dict[str, object]:
    from .recognition.world import can_build, thanks_of

    return {**_org(w), "pk": thanks_of(w).reading.pk if can_build(w) else 0}


def _thanks_claim(w: World) -> dict[str, object]:
    from .recognition.world import can_build, thanks_of

    return {**_org(w), "pk": thanks_of(w).claim.pk if can_build(w) else 0}


# Thanks and payment (tests/recognition/world.py): the facilitator looks after payments,
# the admin does not; the member came to a meeting and added time that is waiting.
FINANCE = (LOGIN, FORBIDDEN, OK, FORBIDDEN, MISSING)
PAGES += [
    Page("recognition", _thanks_org, ORG_MEMBERS),
    Page("recognition-choice", _thanks_org, ORG_MEMBERS, form=True),
    # Only the member came to the meeting: the others are sent back to their page.
    Page(
        "recognition-confirm", _thanks_meeting, (LOGIN, OK, REDIRECT, REDIRECT, MISSING), form=True
    ),
    Page("recognition-add", _thanks_org, ORG_MEMBERS, form=True),
    Page("recognition-policy", _thanks_org, ORG_ADMINS, form=True),
    Page("recognition-level-add", _thanks_org, ORG_ADMINS, form=True),
    Page("recognition-rate", _thanks_level, ORG_ADMINS, form=True),
    Page("recognition-finance-people", _thanks_org, ORG_ADMINS, form=True),
    Page("recognition-finance", _thanks_org, FINANCE),
    Page("recognition-decide", _thanks_reading, FINANCE, form=True),
    Page("recognition-export", _thanks_org, FINANCE, post_only=True),
    Page("recognition-claim", _thanks_org, ORG_MEMBERS, form=True),
    Page("recognition-statement", _thanks_org, ORG_MEMBERS, post_only=True),
    Page("recognition-thanks-letter", _thanks_org, ORG_MEMBERS, post_only=True),
    Page(
        "recognition-group",
        lambda w: {**_thanks_org(w), "group": w.group.slug},
        (LOGIN, FORBIDDEN, OK, FORBIDDEN, MISSING),
    ),
    Page("recognition-claim-decide", _thanks_claim, FINANCE, form=True),
    # The receipt: the member who claimed and the finance person only; not a page.
    Page("recognition-receipt", _thanks_claim, (LOGIN, OK, OK, FORBIDDEN, MISSING), post_only=True),
]


def _peer_request(w: World) -> int:
    from .peer.world import can_build, peer_of

    return peer_of(w).member_request.pk if can_build(w) else 0


def _asset(name: str) -> Kwargs:
    def kwargs(w: World) -> dict[str, object]:
        from equalvoice.community.models import Asset

        return {**_org(w), "pk": _first_pk(Asset.objects.filter(organisation=w.org, name=name))}

    return kwargs


def _walk(w: World) -> dict[str, object]:
    from equalvoice.community.models import Walk

    return {**_org(w), "pk": _first_pk(Walk.objects.filter(organisation=w.org))}


# The community asset map: everyone in the organisation sees, adds and starts walks; the
# town hall (added by the admin) is changed by its adder and the people who run groups,
# not by the member; the walk (the facilitator's) takes finds from its walkers and those
# who run groups; importing is theirs too. The map's markers and the exports are not HTML.
PAGES += [
    Page("community-assets", _org, ORG_MEMBERS),
    Page("community-asset-add", _org, ORG_MEMBERS, form=True),
    Page("community-map-data", _org, ORG_MEMBERS, post_only=True),
    Page("community-export-csv", _org, ORG_MEMBERS, post_only=True),
    Page("community-export-geojson", _org, ORG_MEMBERS, post_only=True),
    Page("community-import", _org, GROUP_MANAGERS, form=True),
    Page("community-asset", _asset("Millbrook Library"), ORG_MEMBERS),
    Page("community-asset-change", _asset("Town hall"), GROUP_MANAGERS, form=True),
    Page("community-asset-remove", _asset("Town hall"), GROUP_MANAGERS),
    Page("community-walk-start", _org, ORG_MEMBERS, form=True),
    Page("community-walk", _walk, ORG_MEMBERS),
    Page("community-walk-asset-add", _walk, GROUP_MANAGERS, form=True),
    Page("community-walk-report", _walk, ORG_MEMBERS),
    # "Places I connect with" in the member's plan (the owner links them), and "where we
    # meet" for a meeting (those who run the group).
    Page("my-plan-places", _plan, OWNER_ONLY, form=True),
    Page(
        "my-plan-place-remove",
        lambda w: {**_plan(w), "link": _first_pk(PlanAsset.objects.filter(section__plan=w.plan))},
        POST_ONLY,
        post_only=True,
    ),
    Page("meeting-venue", _meeting, GROUP_MANAGERS, form=True),
    # Open data: organisation admins publish and take down; anyone reads what is
    # published (the world's initiative is). Its confirmation page, with the box to tick,
    # shows only while a record is not published, so its form is walked in
    # tests/opendata/test_opendata.py instead.
    Page("opendata-manage", _org, ORG_ADMINS),
    Page("opendata-publish", _initiative, ORG_ADMINS),
    Page("opendata-take-down", _initiative, ORG_ADMINS, form=True),
    Page("opendata-list", _org, PUBLIC),
    Page("opendata-record", _initiative, PUBLIC),
    Page("opendata-json", _initiative, PUBLIC, post_only=True),
    Page("opendata-csv", _initiative, PUBLIC, post_only=True),
]


def _token(w: World) -> dict[str, object]:
    from .api.helpers import page_token

    return {**_org(w), "pk": page_token(w).pk}


def _webhook(w: World) -> dict[str, object]:
    from .api.helpers import webhook

    return {**_org(w), "pk": webhook(w).pk}


# The API (docs/api.md). Its admins' pages: tokens and webhooks (tests/api/helpers.py
# makes one of each through actions); the docs page, public. The API itself takes
# only a token, never a session, so every role here gets 401 (tests/api/ walk it with
# tokens); its endpoints are JSON, not pages.
NO_TOKEN = (401, 401, 401, 401, 401)


def _api(name: str, expect: tuple[int, ...] = NO_TOKEN, **ids: Callable[[World], object]) -> Page:
    return Page(
        f"api:{name}",
        lambda w: {key: get(w) for key, get in ids.items()},
        expect,  # type: ignore[arg-type]
        post_only=True,
    )


PAGES += [
    Page("api-tokens", _org, ORG_ADMINS),
    Page("api-token-make", _org, ORG_ADMINS, form=True),
    Page("api-token-revoke", _token, ORG_ADMINS),
    Page("api-webhooks", _org, ORG_ADMINS, form=True),
    Page("api-webhook-remove", _webhook, ORG_ADMINS),
    Page("api-docs", expect=PUBLIC),
    Page("api:openapi-json", expect=PUBLIC, post_only=True),
    Page("api:api-root", expect=(MISSING,) * 5, post_only=True),  # type: ignore[arg-type]
    _api("groups"),
    _api("group", slug=lambda w: w.group.slug),
    _api("meetings"),
    _api("meeting", meeting_id=lambda w: w.meeting.pk),
    _api("initiatives"),
    _api("initiative", initiative_id=lambda w: w.initiative.pk),
    _api("stages", initiative_id=lambda w: w.initiative.pk),
    _api("activities", initiative_id=lambda w: w.initiative.pk),
    _api("activity-add", initiative_id=lambda w: w.initiative.pk),
    # Only POST: a GET is 405 before any token is asked for.
    _api(
        "evidence-add",
        (NOT_ALLOWED,) * 5,
        initiative_id=lambda w: w.initiative.pk,
        activity_id=lambda w: w.activity.pk,
    ),
    _api(
        "evidence-file-add",
        (NOT_ALLOWED,) * 5,
        initiative_id=lambda w: w.initiative.pk,
        activity_id=lambda w: w.activity.pk,
    ),
    _api("rounds"),
    _api("round", round_id=lambda w: w.round.pk),
    _api("round-results", round_id=lambda w: w.round.pk),
    _api("decisions"),
    _api("decision", decision_id=lambda w: w.decision.pk),
    _api("decision-outcome", decision_id=lambda w: w.decision.pk),
    _api("conversations"),
    _api("conversation", conversation_id=lambda w: w.conversation.pk),
    _api("conversation-results", conversation_id=lambda w: w.conversation.pk),
    _api("speakeasy-check", (NOT_ALLOWED,) * 5),
]


def _document(w: World) -> dict[str, object]:
    return {"org": w.org.slug, "pk": w.document.pk}


def _doc_section(w: World) -> dict[str, object]:
    return {**_document(w), "section": w.section.pk}


def _doc_version(w: World) -> dict[str, object]:
    return {**_document(w), "version": w.doc_version.pk}


# Only the leads (the world's member leads the document) write the draft and answer.
LEADS = (LOGIN, OK, FORBIDDEN, FORBIDDEN, MISSING)

PAGES += [
    # Written together: the member leads the training module "Professional boundaries"
    # in the world's group; the admin (outside the group) was asked for comments and
    # commented; version 1 is agreed; the member attended a session.
    Page("group-documents", _group, ORG_MEMBERS, group_scoped=True),
    Page(
        "document-start",
        _group,
        (LOGIN, OK, OK, FORBIDDEN, MISSING),
        form=True,
        group_scoped=True,
    ),
    Page("document", _document, ORG_MEMBERS),
    Page("document-leads", _document, ORG_MEMBERS, form=True),
    Page(
        "document-lead-remove",
        lambda w: {**_document(w), "user_id": w.member.pk},
        POST_ONLY,
        post_only=True,
    ),
    Page("section-add", _document, LEADS, form=True),
    Page("section-edit", _doc_section, LEADS, form=True),
    Page("section-easy-read", _doc_section, LEADS, form=True),
    Page("section-remove", _doc_section, POST_ONLY, post_only=True),
    # An admin outside the group may only write down a member's words (for someone).
    Page("suggestion-add", _doc_section, ORG_MEMBERS, form=True),
    Page("section-comment", _doc_section, ORG_MEMBERS, form=True),
    Page(
        "suggestion-answer",
        lambda w: {**_document(w), "suggestion": w.suggestion.pk},
        LEADS,
        form=True,
    ),
    Page("version-propose", _document, LEADS, form=True),
    Page("document-compare", _document, ORG_MEMBERS),
    Page("document-version", _doc_version, ORG_MEMBERS),
    Page("document-how", _doc_version, ORG_MEMBERS),
    Page("document-how-pdf", _doc_version, ORG_MEMBERS, post_only=True),
    Page("asking-create", _document, LEADS, form=True),
    Page(
        "asked-answer",
        lambda w: {**_document(w), "comment": w.asked_comment.pk},
        LEADS,
        form=True,
    ),
    Page("session-add", _document, LEADS, form=True),
    Page(
        "session-feedback",
        lambda w: {**_document(w), "session": w.training_session.pk},
        LEADS,
        form=True,
    ),
    # The admin was asked (and may comment); the group's members see what was said.
    Page(
        "document-asking", lambda w: {"org": w.org.slug, "pk": w.asking.pk}, ORG_MEMBERS, form=True
    ),
    Page("document-asked", lambda w: {"token": w.asked_token}, PUBLIC, form=True),
]

BY_NAME = {page.name: page for page in PAGES}


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver], namespace: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    return names
