"""A member of the public signs up for a full event on a 320 px phone, lands on the
waiting list, and gets the place when someone cancels by their cancel link. Every page
on the way passes axe and reflows at 320 px."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from equalvoice.meetings.models import SignUp

from ..conftest import World
from ..meetings.events import open_event
from .conftest import Contexts
from .helpers import axe_problems, click_and_wait, open_page
from .test_reflow import reflow_problems

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}


def test_the_public_join_the_waiting_list_and_get_the_place_on_a_cancel(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    event = open_event(live_world, places=1)  # Pat Public has the only place
    mail.outbox.clear()
    phone = contexts.page(None, **PHONE)
    problems: list[str] = []

    def check(where: str) -> None:
        nonlocal problems
        problems += axe_problems(phone, axe_source, where) + reflow_problems(phone, where)

    open_page(phone, event.meeting.get_public_url())
    check("public page")
    assert "Every place has gone" in phone.locator("#places").inner_text()
    assert "Pat Public" not in phone.content()
    click_and_wait(phone.get_by_role("link", name="Join the waiting list"))
    check("sign-up form")
    phone.get_by_label("Your name").fill("Sam Street")
    phone.get_by_label("Your email address").fill("sam.street@example.org")
    phone.get_by_label("Step-free access").check()
    # Forgetting the consent tick keeps everything typed, with a plain question.
    click_and_wait(phone.get_by_role("button", name="Join the waiting list"))
    check("sign-up form with an error")
    assert "Tick the box so we can keep your access needs" in phone.content()
    assert phone.get_by_label("Your name").input_value() == "Sam Street"
    assert phone.get_by_label("Step-free access").is_checked()
    phone.get_by_label("You can keep my access needs").check()
    phone.get_by_label("Family carer").check()
    phone.get_by_role("button", name="Join the waiting list").click()
    phone.wait_for_url(re.compile(r"/events/place/"))
    check("place page, waiting")
    assert "You are number 1 on the waiting list." in phone.locator("#position").inner_text()
    sams_place = phone.url

    # Pat cancels with the link from their email, in another browser.
    other = contexts.page(None, **PHONE)
    open_page(other, reverse("event-cancel", args=[event.token]))
    problems += axe_problems(other, axe_source, "cancel page") + reflow_problems(other, "cancel")
    other.get_by_role("button", name="Yes, cancel my place").click()
    other.wait_for_url(re.compile(r"/events/place/"))
    assert "You cancelled your place" in other.content()

    # Sam has the place at once, and an email saying so with the calendar file.
    sam = SignUp.objects.get(email="sam.street@example.org")
    assert sam.status == SignUp.Status.PLACE
    [told] = [m for m in mail.outbox if m.subject.startswith("You have a place now")]
    assert told.to == ["sam.street@example.org"] and told.attachments
    phone.goto(sams_place)
    check("place page, with a place")
    assert "You have a place" in phone.locator("h1").inner_text()
    assert not problems, "\n\n".join(problems)
