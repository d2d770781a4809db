"""Written together, in a real browser on a 320 px phone: a member who uses services
starts a policy as its lead; a staff member suggests a change, which the lead declines
with a reason the staff member then reads; a professional outside the group, asked by
email, comments through their link and is answered; the lead changes the words; the group
agrees version 1; and comparing the shared draft with version 1 shows the change, word by
word. Every page on the way passes axe (WCAG 2.2 A and AA), does not scroll sideways,
and works with the keyboard alone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from equalvoice.decisions import actions as decisions
from equalvoice.documents import actions
from equalvoice.documents.models import Asked, Document, Version

from ..conftest import World
from .conftest import Contexts
from .helpers import axe_problems, keyboard_problems, open_page
from .test_reflow import reflow_problems

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}


def test_a_policy_led_by_a_person_who_uses_services(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    world = live_world
    page = contexts.page(world.member, **PHONE)
    problems: list[str] = []

    def check(where: str, keyboard: bool = False) -> None:
        problems.extend(axe_problems(page, axe_source, where) + reflow_problems(page, where))
        if keyboard:
            problems.extend(keyboard_problems(page, where))

    # The member (a person who uses services) starts a policy and leads it.
    open_page(page, reverse("group-documents", args=[world.org.slug, world.group.slug]))
    check("the group's documents", keyboard=True)
    with page.expect_navigation():
        page.get_by_role("link", name="Start a document").click()
    check("start a document")
    page.get_by_label("Title").fill("Boundaries policy")
    page.get_by_label("Policy", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Start the document").click()
    check("add the first section")
    page.get_by_label("Heading").fill("Gifts")
    page.get_by_label("The words of the section").fill(
        "Staff do not take gifts from the people they support."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Add the section").click()
    assert page.get_by_role("heading", name="Boundaries policy").is_visible()
    assert world.perspective.name in page.locator("#lead-list").inner_text()
    open_page(page, page.url.split("#")[0])
    check("the document, as its lead", keyboard=True)
    document = Document.objects.get(title="Boundaries policy")

    # A staff member suggests a change.
    contexts.become(page, world.facilitator)
    open_page(page, document.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("link", name="Suggest a change to Gifts").click()
    check("suggest a change")
    page.get_by_label("How the words would read").fill("Staff must never take any gifts.")
    page.get_by_label("Why? (optional)").fill("Stricter is safer.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the suggestion").click()

    # The lead declines it, with a reason (sent first without one: a plain message).
    contexts.become(page, world.member)
    open_page(page, document.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("link", name="Answer this suggestion from Fran Facilitator").click()
    check("answer a suggestion")
    page.get_by_label("Not taken up").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save the answer").click()
    assert page.get_by_text("There is a problem").is_visible()
    check("answer a suggestion, with errors")
    page.get_by_label("Your answer to the person who suggested it").fill(
        "A card to say thank you should be fine."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Save the answer").click()
    contexts.become(page, world.facilitator)
    open_page(page, document.get_absolute_url())
    assert (
        "A card to say thank you should be fine."
        in page.locator("#my-suggestions + ul").inner_text()
    )

    # The lead asks a professional outside the group, by email.
    contexts.become(page, world.member)
    open_page(page, reverse("asking-create", args=[world.org.slug, document.pk]))
    check("ask others for comments")
    page.get_by_label("What would you like people to comment on?").fill("Is this clear?")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2099")
    page.get_by_label("People outside the organisation, by email (optional)").fill(
        "Sam Pro, sam.pro@example.org, Professional"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Ask them").click()
    check("who was asked")
    asked = Asked.objects.get(email="sam.pro@example.org")
    made = actions.email_link_token(asked.pk)  # the link the email would hold
    assert made is not None
    contexts.become(page, None)
    open_page(page, reverse("document-asked", args=[made[1]]))
    check("commenting through an email link", keyboard=True)
    page.get_by_label("Which part is it about?").select_option("Gifts")
    page.get_by_label("Your comment").fill("Say that a thank-you card is fine.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my comment").click()

    # The lead answers: changed, and changes the words.
    contexts.become(page, world.member)
    open_page(page, document.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("link", name="Answer this comment from Sam Pro").click()
    page.get_by_label("We changed it").check()
    page.get_by_label("What you did, and why").fill("We added thank-you cards.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the answer").click()
    said = page.locator("#you-said-list").inner_text()
    assert "Say that a thank-you card is fine." in said and "We added thank-you cards." in said
    with page.expect_navigation():
        page.get_by_role("link", name="Change the words of Gifts").click()
    page.get_by_label("The words of the section").fill(
        "Staff do not take gifts from the people they support. A thank-you card is fine."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Save the section").click()

    # The group agrees version 1: the lead puts it to the group, the group decides.
    with page.expect_navigation():
        page.get_by_role("link", name="Ask the group to agree the draft").click()
    check("ask the group to agree")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2099")
    with page.expect_navigation():
        page.get_by_role("button", name="Put it to the group").click()
    version = Version.objects.get(document=document, status=Version.Status.PROPOSED)
    assert version.decision is not None
    decisions.vote_cast(actor=world.member, decision=version.decision, choice="agree")
    decisions.decision_count(actor=world.facilitator, decision=version.decision)
    decisions.decision_close(actor=world.facilitator, decision=version.decision, reasons="Yes")

    # Compare the draft shared for comments with version 1.
    open_page(page, document.get_absolute_url())
    assert "Version 1" in page.locator("#versions").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="Compare versions side by side").click()
    shared = Version.objects.get(document=document, status=Version.Status.SHARED)
    page.get_by_label("Compare").select_option(str(shared.pk))
    page.get_by_label("with").select_option(str(version.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Compare").click()
    added = page.locator("main ins").all_inner_texts()
    assert any("A thank-you card is fine." in a for a in added), added
    check("comparing the shared draft with version 1", keyboard=True)
    open_page(page, reverse("document-how", args=[world.org.slug, document.pk, version.pk]))
    check("how this was written", keyboard=True)
    assert (
        "1 of 1 comment from people asked changed the words."
        in page.locator("#taken-up").inner_text()
    )
    assert not problems, "\n\n".join(problems)


def test_without_javascript_a_member_suggests_and_the_lead_answers(
    live_world: World, contexts: Contexts
) -> None:
    """Everything is an ordinary form: with JavaScript off, suggesting a change, answering
    it and comparing versions all work."""
    world = live_world
    context = contexts.browser.new_context(
        base_url=contexts.base_url,
        viewport={"width": 320, "height": 640},
        java_script_enabled=False,
    )
    contexts.made.append(context)
    page = context.new_page()
    contexts.become(page, world.facilitator)
    section = world.section
    open_page(page, reverse("suggestion-add", args=[world.org.slug, world.document.pk, section.pk]))
    page.get_by_label("How the words would read").fill("Staff never take gifts.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the suggestion").click()
    contexts.become(page, world.member)
    open_page(page, world.document.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("link", name="Answer this suggestion from Fran Facilitator").last.click()
    page.get_by_label("Accepted", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save the answer").click()
    assert "Staff never take gifts." in page.locator(f"#section-{section.pk}").inner_text()
    open_page(page, reverse("document-compare", args=[world.org.slug, world.document.pk]))
    page.get_by_label("Compare").select_option(str(world.doc_version.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Compare").click()
    assert "never" in " ".join(page.locator("main ins").all_inner_texts())
