"""A tap sent twice is counted once: the voice balance page carries a one-time key, so a
double tap, or a phone sending the same tap again after the connection dropped, stores
one speaker, not two (and one undo takes back one tap)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equalvoice.core.actions import form_sent_once
from equalvoice.core.models import SentForm
from equalvoice.meetings import actions
from equalvoice.meetings.models import Speaking

from ..conftest import World

pytestmark = pytest.mark.django_db


def _key(html: str) -> str:
    found = re.search(r'name="once" value="([^"]+)" id="voice-once"', html)
    assert found, "the page has no one-time key"
    return found.group(1)


def _urls(world: World) -> tuple[str, str]:
    args = [world.org.slug, world.meeting.pk]
    return reverse("meeting-voice", args=args), reverse("meeting-voice-tap", args=args)


def test_the_same_tap_sent_twice_is_stored_once(world: World) -> None:
    client: Client = world.client("facilitator")
    page, tap = _urls(world)
    key = _key(client.get(page).content.decode())
    first = client.post(tap, {"person": world.member.pk, "once": key})
    again = client.post(tap, {"person": world.member.pk, "once": key})
    assert first.status_code == again.status_code == 302  # the second looks the same
    assert Speaking.objects.filter(meeting=world.meeting).count() == 1
    # The page after the redirect has a new key, so the next tap counts.
    next_key = _key(client.get(page).content.decode())
    assert next_key != key
    client.post(tap, {"person": world.member.pk, "once": next_key})
    assert Speaking.objects.filter(meeting=world.meeting).count() == 2


def test_htmx_swaps_a_fresh_key_into_the_form_after_each_tap(world: World) -> None:
    client = world.client("facilitator")
    page, tap = _urls(world)
    key = _key(client.get(page).content.decode())
    response = client.post(tap, {"person": world.member.pk, "once": key}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="voice-panel"')
    assert 'hx-swap-oob="true"' in body
    fresh = _key(body)
    assert fresh != key
    client.post(tap, {"person": world.member.pk, "once": fresh}, HTTP_HX_REQUEST="true")
    client.post(tap, {"person": world.member.pk, "once": fresh}, HTTP_HX_REQUEST="true")
    assert Speaking.objects.filter(meeting=world.meeting).count() == 2


def test_an_undo_sent_twice_takes_back_one_tap(world: World) -> None:
    for _ in range(3):
        actions.speaking_tap(actor=world.facilitator, meeting=world.meeting, person=world.member)
    client = world.client("facilitator")
    page, tap = _urls(world)
    key = _key(client.get(page).content.decode())
    client.post(tap, {"undo": "1", "once": key})
    client.post(tap, {"undo": "1", "once": key})
    assert Speaking.objects.filter(meeting=world.meeting).count() == 2


def test_a_refused_tap_does_not_use_up_the_key(world: World) -> None:
    """The key is stored in the tap's own transaction: a tap refused (someone outside the
    group) leaves the key unused, so the page still works."""
    client = world.client("facilitator")
    page, tap = _urls(world)
    key = _key(client.get(page).content.decode())
    assert client.post(tap, {"person": world.other_admin.pk, "once": key}).status_code == 404
    assert not SentForm.objects.filter(key=key).exists()
    client.post(tap, {"person": world.member.pk, "once": key})
    assert Speaking.objects.filter(meeting=world.meeting).count() == 1


def test_no_key_or_a_malformed_key_still_saves(world: World) -> None:
    """Pages from before keys, and scripts, keep working: without a proper key every tap
    is saved, as before."""
    _page, tap = _urls(world)
    client = world.client("facilitator")
    for data in ({}, {"once": "short"}, {"once": "short"}, {"once": "x" * 65}):
        client.post(tap, {"person": world.member.pk, **data})
    assert Speaking.objects.filter(meeting=world.meeting).count() == 4
    assert not SentForm.objects.exists()


def test_old_keys_are_cleared_as_new_ones_arrive() -> None:
    with time_machine.travel(timezone.now() - timedelta(days=3)):
        assert form_sent_once(key="a" * 30)
    assert form_sent_once(key="b" * 30)
    assert list(SentForm.objects.values_list("key", flat=True)) == ["b" * 30]
    assert not form_sent_once(key="b" * 30)
