"""Thanks and payment, the whole journey on a 320 px phone (issue 17): the member
confirms a meeting they came to and claims their bus fare with a photo of the ticket;
the person who looks after payments approves both; the member downloads their statement
and reads the figures in it. Every page on the way passes axe, with no sideways
scrolling. The figures are worked out here: two hours at £15.00 an hour is £30.00, and
45 minutes of reading (approved too) £11.25; the bus £2.60."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page as BrowserPage

from ..conftest import World
from ..page_text import pdf_text
from ..recognition.world import thanks_of
from .conftest import Contexts
from .helpers import axe_problems, click_and_wait, open_page
from .test_reflow import reflow_problems

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}


def _check(page: BrowserPage, axe_source: str, where: str, problems: list[str]) -> None:
    problems += axe_problems(page, axe_source, where)
    problems += reflow_problems(page, where)


def _ticket(tmp_path: Path) -> Path:
    path = tmp_path / "bus-ticket.jpg"
    out = io.BytesIO()
    Image.new("RGB", (60, 30), (250, 250, 240)).save(out, format="JPEG")
    path.write_bytes(out.getvalue())
    return path


def test_confirm_time_claim_travel_approve_and_download_the_statement(
    live_world: World, contexts: Contexts, axe_source: str, tmp_path: Path
) -> None:
    w = live_world
    thanks_of(w)
    today = timezone.localdate()
    home = reverse("recognition", kwargs={"org": w.org.slug})
    problems: list[str] = []

    me = contexts.page(w.member, **PHONE)
    open_page(me, home)
    _check(me, axe_source, "thanks page", problems)
    me.get_by_role("link", name="Meeting: Autumn meeting").click()
    assert me.locator("#id_minutes").input_value() == "120"
    _check(me, axe_source, "confirm time", problems)
    me.get_by_label("Working group member").check()
    click_and_wait(me.get_by_role("button", name="Confirm my time"))
    assert "Thank you. Your time is waiting for approval." in me.inner_text("main")

    click_and_wait(me.get_by_role("link", name="Claim back money you spent"))
    _check(me, axe_source, "claim", problems)
    me.get_by_label("Travel").check()
    me.get_by_label("What it was for").fill("Bus to the meeting")
    me.get_by_label("Day", exact=True).fill(str(today.day))
    me.get_by_label("Month", exact=True).fill(str(today.month))
    me.get_by_label("Year", exact=True).fill(str(today.year))
    me.get_by_label("How much, in pounds").fill("2.60")
    me.locator("input[type=file]").set_input_files(str(_ticket(tmp_path)))
    click_and_wait(me.get_by_role("button", name="Send my claim"))
    text = me.inner_text("main")
    assert "Thank you. Your claim is waiting for approval." in text
    assert "Bus to the meeting" in text and "£2.60" in text

    finance = contexts.page(w.facilitator, **PHONE)
    open_page(finance, reverse("recognition-finance", kwargs={"org": w.org.slug}))
    _check(finance, axe_source, "payments", problems)
    for name in ("Meeting: Autumn meeting", "Reading the papers", "Bus to the meeting"):
        click_and_wait(finance.get_by_role("link", name=name, exact=True))
        _check(finance, axe_source, f"decide {name}", problems)
        finance.get_by_label("Approve").check()
        click_and_wait(finance.get_by_role("button", name="Save my decision"))
        assert "Approved." in finance.inner_text("main")

    open_page(me, home)
    text = me.inner_text("main")
    assert "£41.25" in text  # approved: £30.00 + £11.25
    with me.expect_download() as download:
        me.get_by_role("link", name="Statement for").first.click()
    statement = " ".join(pdf_text(Path(download.value.path()).read_bytes()).split())
    assert "Paid for time £41.25" in statement
    # Only the bus fare claimed here is approved; the world's £4.80 still waits.
    assert "Expenses paid back £2.60" in statement and "Total £43.85" in statement
    assert problems == [], "\n".join(problems)
