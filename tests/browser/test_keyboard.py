"""Everything works with only a keyboard: the journeys people make (signing in, joining
a group, telling us access needs). These tests only press keys: no clicks, no filling
in. Every page's skip link, and a visible focus on everything that takes focus, are
checked in test_every_page.py."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Page as BrowserPage

from equalvoice.core import actions, selectors
from equalvoice.core.models import AccessNeeds, Membership, User

from ..conftest import World
from ..factories import make_user
from .conftest import Contexts
from .helpers import focus_state, open_page, press_and_wait, skip_to_main, tab, tab_to

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
SUBMIT = "#main-content form button[type=submit]"


def email_of(person: User) -> str:
    assert person.email, f"{person} has no email address"
    return person.email


def path_of(page: BrowserPage) -> str:
    return urlsplit(page.url).path


# --- Journeys -------------------------------------------------------------------------


def test_sign_in_with_email_and_password(live_world: World, contexts: Contexts) -> None:
    page = contexts.page()
    open_page(page, reverse("home"))
    skip_to_main(page)
    tab_to(page, "a[href='/sign-in/']")
    press_and_wait(page)
    tab_to(page, "#id_email")
    page.keyboard.type(email_of(live_world.member))
    tab_to(page, "#id_password")
    page.keyboard.type(PASSWORD)
    # Shift+Tab goes back the way it came, keeping what was typed.
    back = tab(page, shift=True)
    assert back["id"] == "id_email", back
    assert page.evaluate("() => document.activeElement.value") == live_world.member.email
    tab(page)
    tab_to(page, SUBMIT)
    press_and_wait(page)
    assert path_of(page) == reverse("home"), page.url
    assert page.locator("h1").inner_text() == f"Hello, {live_world.member.name}"


def test_wrong_password_says_so_and_focus_can_reach_the_error(
    live_world: World, contexts: Contexts
) -> None:
    page = contexts.page()
    open_page(page, reverse("sign-in"))
    skip_to_main(page)
    page.keyboard.type(email_of(live_world.member))  # the first thing in main is the email box
    assert focus_state(page)["id"] == "id_email"
    page.keyboard.press("Tab")
    page.keyboard.type("not the password")
    press_and_wait(page)  # Enter in a text box sends the form
    assert page.title().startswith("Error:")
    # GOV.UK Frontend moves focus to the error summary; Tab goes to the error itself.
    assert page.evaluate("() => document.activeElement.classList.contains('govuk-error-summary')")
    state = tab(page)
    assert state["tag"] == "a" and "not right" in state["text"], state
    page.keyboard.press("Enter")
    assert focus_state(page)["id"] == "id_email", "The error link should move focus to the box"


def test_sign_in_with_a_one_time_code(live_world: World, contexts: Contexts) -> None:
    person, code = actions.member_add_without_email(
        actor=live_world.facilitator, group=live_world.group, name="Kit Keyboard"
    )
    page = contexts.page()
    open_page(page, reverse("home"))
    skip_to_main(page)
    tab_to(page, "a[href='/sign-in/code/']")
    press_and_wait(page)
    tab_to(page, "#id_code")
    page.keyboard.type(code)
    press_and_wait(page)
    assert path_of(page) == reverse("home"), page.url
    assert page.locator("h1").inner_text() == "Hello, Kit Keyboard"
    # The code works once.
    assert not User.objects.get(pk=person.pk).sign_in_codes.filter(used_at__isnull=True).exists()


def test_join_from_an_invitation_signing_in_first(live_world: World, contexts: Contexts) -> None:
    person = make_user(name="Jo Joiner")
    url = reverse("invitation", args=[live_world.invitation_token])
    page = contexts.page()
    open_page(page, url)
    skip_to_main(page)
    tab_to(page, "#main-content a[href^='/sign-in/?next=']")
    press_and_wait(page)
    tab_to(page, "#id_email")
    page.keyboard.type(email_of(person))
    tab_to(page, "#id_password")
    page.keyboard.type(PASSWORD)
    press_and_wait(page)
    assert path_of(page) == url, f"Signing in should come back to the invitation: {page.url}"
    skip_to_main(page)
    assert focus_state(page)["text"] == "Join the group"
    press_and_wait(page)
    assert Membership.objects.filter(user=person, group=live_world.group).exists()
    assert path_of(page) == live_world.group.get_absolute_url(), page.url
    assert "You have joined Expert panel" in page.locator("main").inner_text()


def test_join_from_an_invitation_as_a_signed_in_person(
    live_world: World, contexts: Contexts
) -> None:
    _invitation, token = actions.invitation_create(
        actor=live_world.admin, group=live_world.other_group
    )
    page = contexts.page(live_world.member)
    open_page(page, reverse("invitation", args=[token]))
    skip_to_main(page)
    tab_to(page, SUBMIT)
    press_and_wait(page)
    assert Membership.objects.filter(user=live_world.member, group=live_world.other_group).exists()
    assert path_of(page) == live_world.other_group.get_absolute_url(), page.url


def test_join_from_an_invitation_making_an_account(live_world: World, contexts: Contexts) -> None:
    url = reverse("invitation", args=[live_world.invitation_token])
    page = contexts.page()
    open_page(page, url)
    skip_to_main(page)
    tab_to(page, "#id_name")
    page.keyboard.type("Noor New")
    tab_to(page, "#id_email")
    page.keyboard.type("noor@example.org")
    tab_to(page, "#id_password")
    page.keyboard.type("a long walk by the river")
    tab_to(page, SUBMIT)
    press_and_wait(page)
    person = User.objects.get(email="noor@example.org")
    assert person.name == "Noor New"
    assert Membership.objects.filter(user=person, group=live_world.group).exists()
    assert path_of(page) == live_world.group.get_absolute_url(), page.url
    assert "Welcome" in page.locator("main").inner_text()


def test_access_needs_consent_save_and_withdraw(live_world: World, contexts: Contexts) -> None:
    person = live_world.facilitator  # has not agreed to us keeping access needs yet
    page = contexts.page(person)
    open_page(page, reverse("home"))
    tab_to(page, "header a[href='/me/access-needs/']")
    press_and_wait(page)

    # Agree first.
    skip_to_main(page)
    tab_to(page, "#id_agree")
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.checked")
    tab_to(page, SUBMIT)
    press_and_wait(page)
    assert selectors.access_needs_consent(person) is not None

    # Tick needs, choose how to be contacted, say something else, and save.
    skip_to_main(page, banner=True)  # "Thank you. You can now tell us your access needs."
    tab_to(page, "#id_easy_read")
    page.keyboard.press("Space")
    tab_to(page, "#id_bsl_interpreter")
    page.keyboard.press("Space")
    tab_to(page, "input[name=preferred_contact]")  # the chosen radio: No preference
    page.keyboard.press("ArrowDown")  # arrow keys choose within a group of radios
    assert page.evaluate("() => document.activeElement.value") == "email"
    tab_to(page, "#id_other")
    page.keyboard.type("Agendas a week before, please.")
    tab_to(page, SUBMIT)
    press_and_wait(page)
    needs = AccessNeeds.objects.get(user=person)
    assert needs.easy_read and needs.bsl_interpreter
    assert not needs.large_print
    assert needs.preferred_contact == "email"
    assert needs.other == "Agendas a week before, please."
    assert "Your access needs are saved" in page.locator("main").inner_text()
    assert page.evaluate("() => document.getElementById('id_easy_read').checked")

    # Take agreement back: the needs are deleted.
    tab_to(page, "a[href='/me/access-needs/withdraw/']")
    press_and_wait(page)
    skip_to_main(page)
    assert focus_state(page)["text"] == "Yes, delete them"
    press_and_wait(page)
    assert not AccessNeeds.objects.filter(user=person).exists()
    assert selectors.access_needs_consent(person) is None
    assert page.locator("#id_agree").count() == 1, "The consent question should be back"
    # The success banner has focus, so a screen reader says what happened.
    banner = "() => document.activeElement.classList.contains('govuk-notification-banner')"
    assert page.evaluate(banner), focus_state(page)
