"""Issue 18, Welsh: thanks and payment in Welsh for a member who chose it, with
`lang="cy"` on the page and on their papers (PDFs); money stays in pounds and pence; the
same page in English is as before; and an error from Python reads in Welsh too."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from equalvoice.recognition import actions, selectors

from ..conftest import World
from ..page_text import Page, pdf_text
from .world import thanks_of

pytestmark = pytest.mark.django_db


def cy(msgid: str) -> str:
    """The Welsh for an English message; it must have one."""
    with override("cy"):
        welsh = gettext(msgid)
    assert welsh != msgid, f"no Welsh for {msgid!r}"
    return welsh


def _url(w: World, name: str) -> str:
    return reverse(name, kwargs={"org": w.org.slug})


def _in_welsh(client: Client) -> Client:
    client.cookies["django_language"] = "cy"
    return client


def test_the_thanks_page_reads_in_welsh(world: World) -> None:
    thanks_of(world)
    response = _in_welsh(world.client("member")).get(_url(world, "recognition"))
    assert '<html lang="cy"' in response.content.decode()
    page = Page(response)
    for words in (
        "Thanks and payment",
        "How you would like us to thank you",
        "Your papers",
        "Claim back money you spent",
    ):
        assert cy(words) in page.text
    # Their choice (a model choice) and their time in words, in Welsh; money as before.
    assert cy("Payment into my bank account") in page.text
    assert "45 munud" in page.text and "£11.25" in page.text
    assert "Thanks and payment" not in page.text

    english = world.client("member").get(_url(world, "recognition"))
    assert '<html lang="en-GB"' in english.content.decode()
    text = Page(english).text
    assert "Thanks and payment" in text and "Payment into my bank account" in text
    assert "45 minutes" in text and cy("Your papers") not in text


def test_the_statement_pdf_is_in_welsh_with_lang_cy(world: World) -> None:
    t = thanks_of(world)
    actions.time_decide(actor=world.facilitator, entry=t.reading, approve=True)
    start, end = selectors.tax_year(selectors.year_start(timezone.localdate()).year)
    statement = selectors.statement_for(world.member, world.org, start, end)
    with override("cy"):
        html = render_to_string("recognition/statement_pdf.html", {"s": statement})
    assert '<html lang="cy">' in html
    response = _in_welsh(world.client("member")).get(_url(world, "recognition-statement"))
    assert response.status_code == 200
    text = " ".join(pdf_text(response.content).split())
    assert cy("Statement of payments") in text and "Statement of payments" not in text
    assert f"{cy('Paid for time')} £11.25" in text
    with override("en-gb"):
        assert '<html lang="en-GB">' in render_to_string(
            "recognition/statement_pdf.html", {"s": statement}
        )


def test_a_claim_with_a_wrong_amount_says_so_in_welsh(world: World) -> None:
    thanks_of(world)
    data = {
        "kind": "travel",
        "what": "Bus",
        "day-day": "1",
        "day-month": "1",
        "day-year": "2020",
        "amount": "lots",
    }
    response = _in_welsh(world.client("member")).post(_url(world, "recognition-claim"), data)
    assert response.status_code == 400
    assert cy("Enter an amount in pounds and pence, like 12.50") in Page(response).text
    english = world.client("member").post(_url(world, "recognition-claim"), data)
    assert "Enter an amount in pounds and pence, like 12.50" in Page(english).text
