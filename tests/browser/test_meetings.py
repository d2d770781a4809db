"""A facilitator runs a meeting on a phone: taps who speaks and watches the voice balance
update in place (htmx), then the result stays with the minutes. Every page on the way
passes axe."""

from __future__ import annotations

import pytest
from django.urls import reverse

from equalvoice.meetings.models import Speaking

from ..conftest import World
from .conftest import Contexts
from .helpers import axe_problems, open_page
from .test_reflow import reflow_problems

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}


def test_facilitator_taps_speakers_and_sees_the_balance_update(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    w = live_world
    page = contexts.page(w.facilitator, **PHONE)
    problems: list[str] = []
    open_page(page, reverse("meeting-voice", args=[w.org.slug, w.meeting.pk]))
    problems += axe_problems(page, axe_source, "voice balance") + reflow_problems(page, "voice")
    panel = page.locator("#voice-panel")
    assert "Mo Member" in panel.inner_text()  # coming, and not spoken yet
    url_before = page.url
    # Tap Mo twice and Fran once: the panel changes without the page reloading.
    with page.expect_response(lambda r: r.url.endswith("/voice/tap/")):
        page.get_by_role("button", name="Mo Member").click()
    page.wait_for_function(
        "() => document.querySelector('#voice-panel').innerText.includes('1 time someone spoke')"
    )
    with page.expect_response(lambda r: r.url.endswith("/voice/tap/")):
        page.get_by_role("button", name="Mo Member").click()
    with page.expect_response(lambda r: r.url.endswith("/voice/tap/")):
        page.get_by_role("button", name="Fran Facilitator").click()
    page.wait_for_function(
        "() => document.querySelector('#voice-panel').innerText.includes('3 times someone spoke')"
    )
    assert page.url == url_before
    text = panel.inner_text()
    assert "Everyone here has spoken" in text
    # Mo holds a lived-experience perspective: 2 of 3 contributions, 67 in 100.
    row = page.locator("#voice-panel tr", has_text="Person who uses services")
    assert "67" in row.inner_text()
    problems += axe_problems(page, axe_source, "voice balance after taps")
    assert Speaking.objects.filter(meeting=w.meeting).count() == 3
    # The result is kept with the minutes on the meeting page.
    open_page(page, w.meeting.get_absolute_url())
    assert "3 times someone spoke" in page.locator("main").inner_text()
    problems += axe_problems(page, axe_source, "meeting page with the balance")
    assert not problems, "\n\n".join(problems)
