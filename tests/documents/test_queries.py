"""The document page, "How this was written" and the comparison run the same number of
queries however many sections, suggestions, comments, people asked and sessions there
are (no query per row)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from equalvoice.core import actions as core_actions
from equalvoice.documents import actions

from .. import factories
from ..conftest import World

pytestmark = pytest.mark.django_db


def _grow(world: World, n: int, start: int) -> None:
    for i in range(start, start + n):
        person = factories.make_user(name=f"Grown Person {i}")
        core_actions.membership_add(actor=world.admin, group=world.group, user=person)
        section = actions.section_save(
            actor=world.member, document=world.document, heading=f"Part {i}", text=f"Words {i}."
        )
        actions.suggestion_add(actor=person, section=section, text=f"Better words {i}.")
        actions.comment_add(actor=person, section=section, text=f"Comment {i}")
        outsider = factories.make_user(name=f"Asked Person {i}")
        core_actions.membership_add(actor=world.admin, group=world.other_group, user=outsider)
        actions.asking_create(
            actor=world.member,
            document=world.document,
            message=f"Round {i}",
            respond_by=timezone.localdate() + timedelta(days=3),
            people=[outsider],
        )
        actions.session_save(
            actor=world.member,
            document=world.document,
            on=timezone.localdate(),
            trainers=[(world.member, True, True)],
            attended=[person],
        )


def _count(world: World, url: str) -> int:
    client = world.client("member")
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_queries_do_not_grow_with_the_document(world: World) -> None:
    urls = [
        world.document.get_absolute_url(),
        reverse("document-how", args=[world.org.slug, world.document.pk, world.doc_version.pk]),
        reverse("document-compare", args=[world.org.slug, world.document.pk]),
    ]
    _grow(world, 2, 0)
    small = [_count(world, url) for url in urls]
    _grow(world, 6, 2)
    large = [_count(world, url) for url in urls]
    assert small == large
