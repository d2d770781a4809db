"""Issue 18: the project's own pages and core's pages in Welsh. Each expected Welsh word
is read from the catalogue (so the test fails if the catalogue is empty or untranslated),
and the same page in English stays as it was."""

from __future__ import annotations

import datetime
import html
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from equalvoice.core.forms import DateField, PreferencesForm, SignInForm
from equalvoice.core.models import Membership

from .conftest import World


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    """A request in Welsh leaves Welsh on in this thread (LocaleMiddleware switches it on
    and nothing switches it off): put English back so the tests after these read English."""
    yield
    translation.deactivate()


def welsh(english: str, **named: object) -> str:
    with translation.override("cy"):
        words = translation.gettext(english)
    assert words != english, f"no Welsh for {english!r}"
    return words % named if named else words


def page(client: Client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_home_page_for_a_member_in_welsh_and_in_english(world: World) -> None:
    client = world.client("member")
    body = page(client, reverse("home"), "cy")
    assert '<html lang="cy"' in body
    assert welsh("Hello, %(name)s", name=world.member.name) in body
    assert welsh("My groups") in body  # the menu and the title (base.html)
    assert welsh("Sign out") in body
    assert welsh("Accessibility statement") in body
    assert welsh("Skip to main content") in body
    # The Listen buttons and the words the script shows come from the page.
    assert f'data-ev-listen-resume-label="{welsh("Carry on listening")}"' in body
    assert f">{welsh('Listen')}</button>" in body

    english = page(client, reverse("home"), "en-gb")
    assert '<html lang="en-GB"' in english
    assert f"Hello, {world.member.name}" in english
    assert "My groups" in english and "Sign out" in english
    assert welsh("Sign out") not in english
    assert 'data-ev-listen-resume-label="Carry on listening"' in english


def test_group_page_for_a_facilitator_in_welsh(world: World) -> None:
    url = reverse("group", args=[world.org.slug, world.group.slug])
    client = world.client("facilitator")
    body = page(client, url, "cy")
    assert '<html lang="cy"' in body
    for english in ("Who is in the group", "What members said", "Facilitators", "Members"):
        assert welsh(english) in body
    # Model choices: the kind of group, in the caption.
    with translation.override("cy"):
        kind = str(world.group.get_kind_display())
    assert kind != "Working group" and kind in body

    english = page(client, url, "en-gb")
    assert "Who is in the group" in english and "What members said" in english


def test_sign_in_and_two_step_pages_in_welsh(client: Client) -> None:
    body = page(client, reverse("sign-in"), "cy")
    assert '<html lang="cy"' in body
    assert f'<h1 class="govuk-heading-l">{welsh("Sign in")}</h1>' in body
    assert welsh("Email address") in body and welsh("Password") in body
    assert welsh("I forgot my password") in body
    english = page(client, reverse("sign-in"), "en-gb")
    assert "I forgot my password" in english and welsh("Password") not in english


def test_the_accessibility_statement_and_display_settings_in_welsh(client: Client) -> None:
    body = page(client, reverse("accessibility"), "cy")
    assert welsh("How accessible this website is") in body
    assert welsh("use every page with only a keyboard") in body
    body = page(client, reverse("display-settings"), "cy")
    assert welsh("Save display settings") in body
    with translation.override("cy"):
        large = str(dict(PreferencesForm().fields["text_size"].choices)["large"])  # type: ignore[attr-defined]
    assert large != "Large" and large in body


def test_a_form_error_and_a_message_in_welsh(world: World) -> None:
    client = Client()
    client.cookies["django_language"] = "cy"
    response = client.post(reverse("sign-in"), {"email": "", "password": ""})
    body = html.unescape(response.content.decode())
    assert welsh("There is a problem") in body  # includes/error_summary.html
    with translation.override("cy"):
        label = str(SignInForm().fields["email"].label).lower()
    assert welsh("Enter %(label)s", label=label) in body
    # A message after an action: the display settings saved.
    response = client.post(reverse("display-settings"), {"text_size": "large"}, follow=True)
    assert welsh("Your display settings are saved.") in html.unescape(response.content.decode())


def test_a_date_error_in_welsh_and_in_english() -> None:
    field = DateField(label="Date of the meeting")
    with translation.override("cy"):
        try:
            field.clean(("", "3", "2027"))
        except Exception as error:  # ValidationError
            welsh_words = " ".join(error.messages)  # type: ignore[attr-defined]
    assert welsh_words == welsh("%(label)s must include a day", label="Date of the meeting")
    with translation.override("en-gb"):
        try:
            field.clean(("", "3", "2027"))
        except Exception as error:
            english_words = " ".join(error.messages)  # type: ignore[attr-defined]
    assert english_words == "Date of the meeting must include a day"
    assert field.clean(("3", "3", "2027")) == datetime.date(2027, 3, 3)


def test_member_roles_read_in_welsh() -> None:
    with translation.override("cy"):
        facilitator = str(Membership.GroupRole.FACILITATOR.label)
    assert facilitator == welsh("Facilitator")
