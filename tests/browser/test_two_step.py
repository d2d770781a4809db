"""An organisation admin sets up two-step sign-in with the keyboard only, then signs in
with a code. The test plays the phone: it reads the key the page shows and makes the
code with pyotp. No clicks, no filling in: only keys."""

from __future__ import annotations

from urllib.parse import urlsplit

import pyotp
import pytest
from django.urls import reverse
from playwright.sync_api import Page as BrowserPage

from equalvoice.core.models import TwoStep

from .. import factories
from .conftest import Contexts
from .helpers import (
    axe_problems,
    focus_state,
    keyboard_problems,
    open_page,
    press_and_wait,
    skip_to_main,
    tab_to,
)

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


def path_of(page: BrowserPage) -> str:
    return urlsplit(page.url).path


def sign_in_with_password(page: BrowserPage, email: str) -> None:
    open_page(page, reverse("sign-in"))
    skip_to_main(page)
    tab_to(page, "#id_email")
    page.keyboard.type(email)
    tab_to(page, "#id_password")
    page.keyboard.type(PASSWORD)
    press_and_wait(page)


def test_an_admin_sets_up_two_step_sign_in_with_the_keyboard(
    transactional_db: None, contexts: Contexts, axe_source: str
) -> None:
    org = factories.organisation()
    admin = factories.org_admin(org)
    assert admin.email
    page = contexts.page()

    # Signing in with a password alone leads straight to setting up.
    sign_in_with_password(page, admin.email)
    assert path_of(page) == reverse("two-step-set-up"), page.url
    assert page.locator("h1").inner_text() == "Set up two-step sign-in"
    assert page.locator(".ev-qr svg").count() == 1
    assert not axe_problems(page, axe_source, "two-step-set-up")
    key = page.locator("[data-testid=two-step-key]").inner_text()
    parts = key.split()
    assert parts and all(len(part) == 4 for part in parts[:-1]), key
    secret = "".join(parts)

    # Nowhere else to go until it is set up.
    open_page(page, reverse("home"))
    assert path_of(page) == reverse("two-step-set-up"), page.url

    # A wrong code first: the error says so, and focus can reach the box again.
    skip_to_main(page)
    tab_to(page, "#id_code")
    page.keyboard.type("000000")
    press_and_wait(page)
    assert page.title().startswith("Error:")
    assert "not right" in page.locator(".govuk-error-summary").inner_text()
    tab_to(page, "#id_code")
    page.keyboard.press("Control+A")
    page.keyboard.type(pyotp.TOTP(secret).now())
    press_and_wait(page)
    assert page.locator("h1").inner_text() == "Two-step sign-in is on"
    codes = page.locator("[data-testid=recovery-codes] li").all_inner_texts()
    assert len(codes) == 10
    assert TwoStep.objects.filter(user=admin).exists()
    tab_to(page, "#main-content a[href='/']")
    assert focus_state(page)["text"] == "I have kept my codes"
    press_and_wait(page)
    assert path_of(page) == reverse("home"), page.url

    # Next time: password, then a code (one the set-up did not use).
    page.context.clear_cookies()
    sign_in_with_password(page, admin.email)
    assert path_of(page) == reverse("sign-in-two-step"), page.url
    problems = axe_problems(page, axe_source, "sign-in-two-step")
    problems += keyboard_problems(page, "sign-in-two-step")
    assert not problems, "\n".join(problems)
    tab_to(page, "#id_code")
    page.keyboard.type(codes[0])
    press_and_wait(page)
    assert path_of(page) == reverse("home"), page.url
    assert "You used a recovery code" in page.locator("main").inner_text()
