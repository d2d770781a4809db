"""One person on two devices (two browser contexts, each signed in on its own): start on a
phone, carry on at a computer, and go back to the phone's old page. Nothing anyone gave
is lost or counted twice: the figures people read on the pages match the database."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page as BrowserPage

from equalvoice.decisions import actions as decision_actions
from equalvoice.decisions import selectors as decision_selectors
from equalvoice.decisions.models import Ballot, Decision, Voter
from equalvoice.ideas import actions as idea_actions
from equalvoice.ideas import selectors as idea_selectors
from equalvoice.ideas.models import IdeaComment

from ..conftest import World
from .conftest import Contexts
from .helpers import open_page

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}
COMPUTER = {"width": 1280, "height": 800}


def main_text(page: BrowserPage) -> str:
    return re.sub(r"\s+", " ", page.locator("main").inner_text())


def submit(page: BrowserPage, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def count_rows(page: BrowserPage) -> list[tuple[str, str]]:
    rows = page.locator("main table tbody tr")
    return [
        (rows.nth(i).locator("th").inner_text(), rows.nth(i).locator("td").inner_text())
        for i in range(rows.count())
    ]


def test_a_vote_started_on_a_phone_and_changed_at_a_computer_counts_once(
    live_world: World, contexts: Contexts
) -> None:
    w = live_world
    decision = decision_actions.decision_create(
        actor=w.facilitator,
        group=w.group,
        title="Chair for next year",
        proposal="Asha chairs the group next year.",
        method="consent",
        secret=True,
    )
    page_url = decision.get_absolute_url()
    vote_url = reverse("decision-vote", args=[w.org.slug, decision.pk])
    phone = contexts.page(w.member, **PHONE)
    computer = contexts.page(w.member, **COMPUTER)

    # On the phone: object, with a reason. The phone also keeps a vote form open.
    open_page(phone, vote_url)
    phone.get_by_label("Object: I cannot agree yet").check()
    phone.get_by_label("Why? (needed for a block; helps everyone otherwise)").fill("Ask Asha")
    submit(phone, "Save the vote")
    assert "Your vote: Object (Ask Asha)" in main_text(phone)
    stale = contexts.page(w.member, **PHONE)
    open_page(stale, vote_url)

    # At the computer: the page shows the phone's vote, and the form holds it.
    open_page(computer, page_url)
    assert "Your vote: Object (Ask Asha)" in main_text(computer)
    with computer.expect_navigation():
        computer.get_by_role("link", name="Change my vote").click()
    assert computer.get_by_label("Object: I cannot agree yet").is_checked()
    reason = computer.get_by_label("Why? (needed for a block; helps everyone otherwise)")
    assert reason.input_value() == "Ask Asha"
    computer.get_by_label("Agree", exact=True).check()
    reason.fill("Asha asked us first")
    submit(computer, "Save the vote")
    assert "Your vote: Agree (Asha asked us first)" in main_text(computer)

    # Back on the phone's old form (it still shows "Object"): the last vote saved wins.
    assert stale.get_by_label("Object: I cannot agree yet").is_checked()
    stale.get_by_label("Agree, with concerns").check()
    submit(stale, "Save the vote")
    assert "Your vote: Agree, with concerns (Ask Asha)" in main_text(stale)
    open_page(computer, page_url)
    assert "Your vote: Agree, with concerns (Ask Asha)" in main_text(computer)

    # One person, one vote, in the database and in the count the facilitator reads.
    assert Ballot.objects.filter(decision=decision).count() == 1
    assert Voter.objects.filter(decision=decision).count() == 1
    facilitator = contexts.page(w.facilitator, **COMPUTER)
    open_page(facilitator, page_url)
    text = main_text(facilitator)
    counted = decision_selectors.count(decision)
    assert counted.voters == 1
    assert f"{counted.voters} vote " in text + " "
    assert count_rows(facilitator) == counted.rows
    assert dict(count_rows(facilitator)) == {
        "Agree": "0",
        "Agree, with concerns": "1",
        "Object": "0",
        "Block": "0",
    }
    assert "The one person who voted has lived experience." in text
    who = facilitator.locator("main h2:has-text('Who voted') + ul").inner_text()
    assert who.split("\n") == ["Mo Member"]


def test_counting_and_closing_from_two_devices_does_neither_twice(
    live_world: World, contexts: Contexts
) -> None:
    w = live_world
    decision = w.decision
    decision_actions.vote_cast(actor=w.member, decision=decision, choice="agree")
    decision_actions.vote_cast(actor=w.facilitator, decision=decision, choice="concerns")
    phone = contexts.page(w.facilitator, **PHONE)
    computer = contexts.page(w.facilitator, **COMPUTER)
    open_page(phone, decision.get_absolute_url())
    open_page(computer, decision.get_absolute_url())

    submit(computer, "Count the votes and hear the minority")
    assert "The votes are counted." in main_text(computer)
    # The phone still shows the count button: pressing it is a plain message, not a
    # second count, and the count the phone then shows is the computer's.
    submit(phone, "Count the votes and hear the minority")
    text = main_text(phone)
    assert "The votes are already counted." in text
    assert count_rows(phone) == count_rows(computer) == decision_selectors.count(decision).rows
    assert "2 votes" in text and "1 of the 2 people who voted agreed." in text

    close_url = reverse("decision-close", args=[w.org.slug, decision.pk])
    open_page(phone, close_url)
    open_page(computer, close_url)
    computer.get_by_label("The reasons for the decision").fill("We agreed")
    submit(computer, "Save")
    assert "What we decided: Agreed, with concerns recorded" in main_text(computer)
    phone.get_by_label("The reasons for the decision").fill("Closed again")
    submit(phone, "Save")
    assert "This decision is already closed." in main_text(phone)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.CLOSED and decision.reasons == "We agreed"
    assert decision.decided_by_summary["voters"] == 2


def test_support_and_comments_from_two_devices_are_each_kept_once(
    live_world: World, contexts: Contexts
) -> None:
    w = live_world
    idea = w.idea
    idea_url = idea.get_absolute_url()
    board_url = reverse("group-ideas", args=[w.org.slug, w.group.slug])
    phone = contexts.page(w.member, **PHONE)
    computer = contexts.page(w.member, **COMPUTER)
    open_page(phone, idea_url)
    open_page(computer, idea_url)

    # Support on the phone; the computer's page still offers "Support this idea".
    submit(phone, "Support this idea")
    assert "1 person supports this idea: Mo Member." in main_text(phone)
    submit(computer, "Support this idea")
    assert "1 person supports this idea: Mo Member." in main_text(computer)
    assert idea_selectors.supporters(idea).count() == 1
    open_page(computer, board_url)
    line = computer.locator("#ideas li", has_text=idea.title).inner_text()
    assert "1 person supports it" in line, line

    # Stop on the computer; the phone's old "Stop supporting" changes nothing more.
    open_page(computer, idea_url)
    submit(computer, "Stop supporting")
    assert "0 people support this idea." in main_text(computer)
    submit(phone, "Stop supporting")
    assert "0 people support this idea." in main_text(phone)
    assert idea_selectors.supporters(idea).count() == 0

    # A comment from each device; reloading after sending sends nothing again.
    phone.get_by_label("Your comment").fill("On my phone: Saturdays suit me.")
    submit(phone, "Add my comment")
    computer.reload()
    computer.get_by_label("Your comment").fill("At my computer: and Sundays?")
    submit(computer, "Add my comment")
    phone.reload()
    computer.reload()
    for page in (phone, computer):
        comments = page.locator(".ev-comment").all_inner_texts()
        said = [c.split("\n")[0] for c in comments]
        assert said == ["On my phone: Saturdays suit me.", "At my computer: and Sundays?"]
    assert IdeaComment.objects.filter(idea=idea).count() == 2

    # Put together with another idea: the comments and the support move with it.
    idea_actions.idea_support(actor=w.member, idea=idea, support=True)
    other = idea_actions.idea_add(actor=w.facilitator, group=w.group, title="Sunday club")
    idea_actions.idea_support(actor=w.member, idea=other, support=True)
    merged = idea_actions.ideas_combine(
        actor=w.facilitator, ideas=[idea, other], title="Weekend club"
    )
    open_page(phone, merged.get_absolute_url())
    text = main_text(phone)
    assert "1 person supports this idea: Mo Member." in text
    assert text.count("On my phone: Saturdays suit me.") == 1
    assert text.count("At my computer: and Sundays?") == 1
