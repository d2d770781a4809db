"""The co-production record in a real browser: a facilitator plans an activity, confirms
it with an effect and sees the evidenced rung and the profile change; a member
challenges a claim and sees it on the page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from ..conftest import World
from .conftest import Contexts

pytestmark = pytest.mark.browser


def test_plan_confirm_and_challenge(live_world: World, contexts: Contexts) -> None:
    w = live_world
    page = contexts.page(w.facilitator)
    url = reverse("initiative", args=[w.org.slug, w.initiative.pk])
    page.goto(reverse("activity-create", args=[w.org.slug, w.initiative.pk]))
    page.get_by_label("Stage").select_option(label="Understand the problem")
    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Planned", exact=True).check()
    page.get_by_label("What happened, or will happen").fill("We will map the problem with carers.")
    page.get_by_label("6. Co-design", exact=False).check()
    page.get_by_role("button", name="Save activity").click()
    page.wait_for_url(f"**{url}")
    assert "Not yet: it has not happened" in page.content()
    table = page.get_by_role("table", name="Activities by stage and rung (by the evidence)")
    before = table.inner_text()

    page.get_by_role("link", name="Say what happened").first.click()
    page.get_by_label("Done", exact=True).check()
    page.get_by_label("Mo Member").check()
    page.get_by_label("People with lived experience shaped the design or content itself").check()
    page.get_by_label("What changed because of it").fill("Carers added transport to the problem.")
    page.get_by_role("button", name="Save activity").click()
    page.wait_for_load_state()
    assert "There is a problem" not in page.content(), page.locator(
        ".govuk-error-summary"
    ).inner_text()
    page.wait_for_url(f"**{url}")
    assert "Carers added transport to the problem." in page.locator("#main-content").inner_text()
    after = page.get_by_role("table", name="Activities by stage and rung (by the evidence)")
    assert after.inner_text() != before

    contexts.become(page, w.member)
    page.goto(url)
    page.get_by_role("link", name="I don't think this is co-design").first.click()
    page.get_by_label("Why do you think the rung is wrong?").fill("We only had one meeting.")
    page.get_by_role("button", name="Send my challenge").click()
    page.wait_for_url(f"**{url}")
    main = page.locator("#main-content").inner_text()
    assert "We only had one meeting." in main
    assert "Challenges waiting for an answer" in main
