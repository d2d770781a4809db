"""The permission grid for documents written together: every role the issue names (the
lead, a member who does not lead, a supporter who runs the group, someone asked from
another group, another group's member who was not asked, the organisation's admin,
another organisation's admin, and someone not signed in) × every page and change ×
the states that matter. Zero leaks, including the download and the audit log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equalvoice.core import actions as core_actions
from equalvoice.core.models import AuditEvent, User
from equalvoice.core.selectors import personal_data
from equalvoice.documents import actions

from .. import factories
from ..conftest import World

pytestmark = pytest.mark.django_db

ROLES = ["lead", "member", "supporter", "asked", "other_group", "admin", "other_admin", "anon"]


@pytest.fixture
def people(world: World) -> dict[str, User | None]:
    member = factories.make_user(name="Nia Nonlead")
    core_actions.membership_add(actor=world.admin, group=world.group, user=member)
    asked = factories.make_user(name="Pat Asked")
    other = factories.make_user(name="Oscar Other")
    for person in (asked, other):
        core_actions.membership_add(actor=world.admin, group=world.other_group, user=person)
    actions.asking_create(
        actor=world.member,
        document=world.document,
        message="Your view, please",
        respond_by=timezone.localdate() + timedelta(days=5),
        people=[asked],
    )
    return {
        "lead": world.member,
        "member": member,
        "supporter": world.facilitator,
        "asked": asked,
        "other_group": other,
        "admin": world.admin,
        "other_admin": world.other_admin,
        "anon": None,
    }


def _client(person: User | None) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _asking(world: World) -> int:
    return world.document.askings.order_by("-id").first().pk  # type: ignore[union-attr]


def _doc(name: str, **more: object) -> Callable[[World], str]:
    def url(w: World) -> str:
        return reverse(name, kwargs={"org": w.org.slug, "pk": w.document.pk, **more})

    return url


L, N, F, M = 302, 404, 403, 200
# Expected GET status for: lead, member, supporter, asked, other_group, admin, other_admin, anon
GETS: list[tuple[str, Callable[[World], str], tuple[int, ...]]] = [
    (
        "group-documents",
        lambda w: reverse("group-documents", args=[w.org.slug, w.group.slug]),
        (M, M, M, N, N, M, N, L),
    ),
    ("document", _doc("document"), (M, M, M, N, N, M, N, L)),
    ("document-leads", _doc("document-leads"), (M, F, M, N, N, M, N, L)),
    ("section-add", _doc("section-add"), (M, F, F, N, N, F, N, L)),
    ("version-propose", _doc("version-propose"), (M, F, F, N, N, F, N, L)),
    ("asking-create", _doc("asking-create"), (M, F, F, N, N, F, N, L)),
    ("session-add", _doc("session-add"), (M, F, F, N, N, F, N, L)),
    ("document-compare", _doc("document-compare"), (M, M, M, N, N, M, N, L)),
    (
        "document-how",
        lambda w: _doc("document-how", version=w.doc_version.pk)(w),
        (M, M, M, N, N, M, N, L),
    ),
    (
        "document-how-pdf",
        lambda w: _doc("document-how-pdf", version=w.doc_version.pk)(w),
        (M, M, M, N, N, M, N, L),
    ),
    (
        "suggestion-answer",
        lambda w: _doc("suggestion-answer", suggestion=w.suggestion.pk)(w),
        (M, F, F, N, N, F, N, L),
    ),
    (
        "asked-answer",
        lambda w: _doc("asked-answer", comment=w.asked_comment.pk)(w),
        (M, F, F, N, N, F, N, L),
    ),
    (
        "document-asking",
        lambda w: reverse("document-asking", args=[w.org.slug, _asking(w)]),
        (M, M, M, M, N, M, N, L),
    ),
    (
        "session-feedback",
        lambda w: _doc("session-feedback", session=w.training_session.pk)(w),
        (M, F, F, N, N, F, N, L),
    ),
]


@pytest.mark.parametrize("name,url,expected", GETS, ids=[g[0] for g in GETS])
def test_get_grid(
    world: World,
    people: dict[str, User | None],
    name: str,
    url: Callable[[World], str],
    expected: tuple[int, ...],
) -> None:
    address = url(world)
    got = tuple(_client(people[role]).get(address).status_code for role in ROLES)
    assert got == expected, f"{name}: {dict(zip(ROLES, got, strict=True))}"


# (name, url, data, roles allowed, the audit verb an allowed change writes)
POSTS: list[tuple[str, Callable[[World], str], dict[str, str], set[str], str]] = [
    (
        "suggest",
        lambda w: _doc("suggestion-add", section=w.section.pk)(w),
        {"text": "New words", "reason": "Clearer"},
        {"lead", "member", "supporter"},
        "document.suggest",
    ),
    (
        "comment",
        lambda w: _doc("section-comment", section=w.section.pk)(w),
        {"text": "A comment"},
        {"lead", "member", "supporter"},
        "document.comment",
    ),
    (
        "add a section",
        _doc("section-add"),
        {"heading": "Money", "text": "Staff do not lend money."},
        {"lead"},
        "document.section_add",
    ),
    (
        "answer a suggestion",
        lambda w: _doc("suggestion-answer", suggestion=w.suggestion.pk)(w),
        {"status": "declined", "answer": "Not now"},
        {"lead"},
        "document.suggestion_answer",
    ),
    (
        "answer a comment",
        lambda w: _doc("asked-answer", comment=w.asked_comment.pk)(w),
        {"answer": "not_changed", "answer_text": "Because"},
        {"lead"},
        "document.asked_answer",
    ),
    (
        "take a section out",
        lambda w: _doc("section-remove", section=w.section.pk)(w),
        {},
        {"lead"},
        "document.section_remove",
    ),
    (
        "comment when asked",
        lambda w: reverse("document-asking", args=[w.org.slug, _asking(w)]),
        {"text": "Seems fine"},
        {"asked"},
        "document.asked_comment",
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name,url,data,allowed,verb", POSTS, ids=[p[0] for p in POSTS])
def test_post_grid(
    world: World,
    people: dict[str, User | None],
    role: str,
    name: str,
    url: Callable[[World], str],
    data: dict[str, str],
    allowed: set[str],
    verb: str,
) -> None:
    before = AuditEvent.objects.filter(verb=verb).count()
    response = _client(people[role]).post(url(world), data)
    written = AuditEvent.objects.filter(verb=verb).count() - before
    if role in allowed:
        assert response.status_code == 302, f"{role} {name}"
        assert written == 1
    else:
        assert response.status_code in (302, 400, 403, 404), f"{role} {name}"
        if role == "anon":
            assert response["Location"].startswith(reverse("sign-in"))
        assert written == 0, f"{role} {name} changed something"


def test_nothing_leaks_to_another_organisation_in_the_audit_log_or_download(
    world: World, people: dict[str, User | None]
) -> None:
    log = _client(world.other_admin).get(reverse("audit-log", args=[world.other_org.slug]))
    assert "Professional boundaries" not in log.content.decode()
    assert (
        _client(world.other_admin).get(reverse("audit-log", args=[world.org.slug])).status_code
        == 404
    )
    theirs = personal_data(world.other_admin)["documents"]
    assert theirs == {
        "leads": [],
        "suggestions": [],
        "comments": [],
        "when_asked": [],
        "training_feedback": [],
    }
    ours = _client(world.admin).get(reverse("audit-log", args=[world.org.slug])).content.decode()
    assert "started the training module “Professional boundaries”" in ours


def test_someone_asked_sees_only_what_they_were_asked_about(
    world: World, people: dict[str, User | None]
) -> None:
    client = _client(people["asked"])
    page = client.get(reverse("document-asking", args=[world.org.slug, _asking(world)]))
    text = page.content.decode()
    assert "Your view, please" in text
    # Not who else was asked, nor the group's draft, suggestions or comments.
    assert "Who was asked" not in text and "Say what a gift is." not in text
    first = world.asking.pk
    assert client.get(reverse("document-asking", args=[world.org.slug, first])).status_code == 404
