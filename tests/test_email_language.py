"""Emails in the person's own language: the language switch keeps a signed-in person's
choice on their account (with the audit log), their pages follow it wherever they sign
in, and every email, sent by the worker or while a page is answered, goes in the
recipient's language, subject and all. While Welsh is off, everyone gets English."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from icalendar import Calendar

from equalvoice.core import actions as core_actions
from equalvoice.core import selectors as core_selectors
from equalvoice.core.models import AuditEvent, User
from equalvoice.core.waiting import day
from equalvoice.documents import actions as documents_actions
from equalvoice.meetings import actions as meetings_actions
from equalvoice.meetings.models import Meeting
from equalvoice.meetings.tasks import send_due_reminders
from equalvoice.network import actions as network_actions
from equalvoice.network.tasks import send_digest
from equalvoice.plans.models import Plan
from equalvoice.plans.tasks import send_review_reminders

from .conftest import World
from .factories import make_user
from .network.builders import networks

pytestmark = pytest.mark.django_db


def welsh(english: str) -> str:
    """The Welsh for an English message; it must differ, so an empty catalogue fails."""
    with translation.override("cy"):
        said = translation.gettext(english)
    assert said != english, f"no Welsh for {english!r}"
    return said


def _to(address: str | None) -> mail.EmailMessage:
    (message,) = [m for m in mail.outbox if m.to == [address]]
    return message


def _choose(person: User, code: str) -> None:
    User.objects.filter(pk=person.pk).update(language=code)
    person.refresh_from_db()


# The switch keeps the choice --------------------------------------------------------


def test_the_switch_keeps_a_signed_in_persons_choice_with_the_audit_log(world: World) -> None:
    client = world.client("member")
    response = client.post(reverse("set-language"), {"language": "cy", "next": "/accessibility/"})
    assert response.status_code == 302 and response["Location"] == "/accessibility/"
    assert client.cookies["django_language"].value == "cy"
    world.member.refresh_from_db()
    assert world.member.language == "cy"
    (logged,) = AuditEvent.objects.filter(verb="user.language", organisation=world.org)
    assert logged.actor == world.member
    assert logged.summary == "Mo Member chose to read Equal Voice in Cymraeg"
    # The same choice again changes nothing and logs nothing.
    client.post(reverse("set-language"), {"language": "cy", "next": "/"})
    assert AuditEvent.objects.filter(verb="user.language").count() == 1
    client.post(reverse("set-language"), {"language": "en-gb", "next": "/"})
    world.member.refresh_from_db()
    assert world.member.language == "en-gb"
    assert AuditEvent.objects.filter(verb="user.language").count() == 2
    # A language not offered is not kept.
    client.post(reverse("set-language"), {"language": "fr", "next": "/"})
    world.member.refresh_from_db()
    assert world.member.language == "en-gb"


def test_someone_not_signed_in_keeps_the_choice_in_the_cookie_only(world: World) -> None:
    client = Client()
    client.post(reverse("set-language"), {"language": "cy", "next": "/"})
    assert client.cookies["django_language"].value == "cy"
    assert not User.objects.exclude(language="").exists()
    assert not AuditEvent.objects.filter(verb="user.language").exists()


def test_the_chosen_language_follows_the_person_wherever_they_sign_in(world: World) -> None:
    _choose(world.member, "cy")
    # A new browser, with no cookie and a browser asking for English.
    page = world.client("member").get("/accessibility/", HTTP_ACCEPT_LANGUAGE="en-GB")
    assert '<html lang="cy"' in page.content.decode()
    # Someone who never chose: the cookie and the browser decide, as before.
    assert world.facilitator.language == ""
    fran = world.client("facilitator")
    assert '<html lang="en-GB"' in fran.get("/accessibility/").content.decode()
    fran.cookies["django_language"] = "cy"
    assert '<html lang="cy"' in fran.get("/accessibility/").content.decode()
    # Signed out, the cookie decides again.
    anonymous = Client()
    assert '<html lang="en-GB"' in anonymous.get("/accessibility/").content.decode()


@override_settings(EQUALVOICE_WELSH="off", LANGUAGES=[("en-gb", "English")])
def test_while_welsh_is_off_pages_are_english_whatever_was_chosen(world: World) -> None:
    _choose(world.member, "cy")
    page = world.client("member").get("/accessibility/")
    assert '<html lang="en-GB"' in page.content.decode()


# Emails in the reader's language ------------------------------------------------------


def test_a_reminder_batch_goes_to_each_person_in_their_own_language(world: World) -> None:
    """The worker sends the day-before reminders: the member chose Welsh, the facilitator
    chose English, and someone who never chose gets the default."""
    meeting = world.meeting
    _choose(world.member, "cy")
    _choose(world.facilitator, "en-gb")
    never = make_user(name="Nia Never")
    core_actions.membership_add(actor=world.admin, group=world.group, user=never)
    for person in (world.facilitator, never):
        meetings_actions.registration_save(
            actor=person, meeting=meeting, coming=True, share_access_needs=False
        )
    Meeting.objects.exclude(pk=meeting.pk).update(reminder_sent_at=timezone.now())
    with time_machine.travel(meeting.starts_at - timedelta(hours=20), tick=False):
        assert send_due_reminders.call() == 3
    cy = _to(world.member.email)
    assert cy.subject == welsh("Tomorrow: %(title)s") % {"title": meeting.title}
    assert cy.body.startswith(welsh("Hello %(name)s,") % {"name": world.member.name})
    assert welsh("The papers and the agenda are here:") in cy.body
    with translation.override("cy"):
        weekday = date_format(timezone.localtime(meeting.starts_at), "l j F Y")
    assert weekday in cy.body and weekday.split()[0].startswith("Dydd")
    (event,) = Calendar.from_ical(cy.attachments[0][1]).walk("VEVENT")
    assert str(event["description"]).startswith(welsh("Details: %(url)s").split("%")[0])
    for english in (world.facilitator, never):
        message = _to(english.email)
        assert message.subject == f"Tomorrow: {meeting.title}"
        assert message.body.startswith(f"Hello {english.name},")
        assert "The papers and the agenda are here:" in message.body
        (event,) = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
        assert str(event["description"]).startswith("Details: ")


def test_plan_reminders_each_in_the_readers_language(world: World) -> None:
    _choose(world.member, "cy")  # the owner
    when = timezone.localdate() + timedelta(days=7)
    Plan.objects.filter(pk=world.plan.pk).update(next_review_on=when)
    send_review_reminders.call()
    with translation.override("cy"):
        cy_day = day(when)
    owner = _to(world.member.email)
    assert owner.subject == welsh("Coming up: looking at your plan together on %(when)s") % {
        "when": cy_day
    }
    assert welsh("You can open the plan, and change the date if it has moved, here:") in owner.body
    supporter = _to(world.facilitator.email)
    assert supporter.subject == (
        f"Coming up: looking at {world.member.name}’s plan together on {day(when)}"
    )


def test_a_network_post_in_the_members_language(
    world: World,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    made = networks(world)
    _choose(world.member, "cy")
    network_actions.subscription_set(actor=world.member, network=made.network, how="each")
    network_actions.subscription_set(actor=world.facilitator, network=made.network, how="each")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        network_actions.post_save(
            actor=world.facilitator, network=made.network, kind="news", title="Buses", body="Yes."
        )
    stop = "To stop these emails, go to this page (you do not need to sign in):"
    assert welsh(stop) in _to(world.member.email).body
    assert stop in _to(world.facilitator.email).body


def test_the_weekly_digest_in_the_readers_language(world: World) -> None:
    """The kinds of post are named in each reader's language, though the digest groups
    the posts once for everyone."""
    made = networks(world)
    _choose(world.member, "cy")
    _choose(world.facilitator, "en-gb")
    week = made.post.published_at.date()
    digest = network_actions.digest_make(network=made.network, week=week)
    mail.outbox.clear()
    send_digest.call(digest_id=digest.pk)
    cy = _to(world.member.email)
    assert f"\n{welsh('News')}\n" in cy.body and f"{welsh('Read more:')} " in cy.body
    with translation.override("cy"):
        monday = date_format(digest.week_of, "j F Y")
    assert cy.subject == welsh("%(title)s: the week of %(day)s") % {
        "title": made.network.title,
        "day": monday,
    }
    en = _to(world.facilitator.email)
    assert "\nNews\n" in en.body and "Read more: " in en.body


def test_asking_for_comments_in_the_language_of_each_person_asked(
    world: World,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    welsh_reader = make_user(name="Cai Cymro", email="cai@example.org", language="cy")
    core_actions.membership_add(actor=world.admin, group=world.other_group, user=welsh_reader)
    with django_capture_on_commit_callbacks(execute=True):
        documents_actions.asking_create(
            actor=world.member,
            document=world.document,
            message="Please read it.",
            respond_by=timezone.localdate() + timedelta(days=7),
            groups=[world.other_group],
            emails=[("Sam", "sam@example.org", "Professional")],
        )
    with translation.override("cy"):
        respond_by = date_format(timezone.localdate() + timedelta(days=7), "j F Y")
    assert _to("cai@example.org").subject == welsh("Please comment on “%(title)s” by %(day)s") % {
        "title": world.document.title,
        "day": respond_by,
    }
    assert _to("sam@example.org").subject.startswith(
        f"Please comment on “{world.document.title}” by "
    )


def test_emails_sent_while_a_page_is_answered_go_in_the_recipients_language(
    world: World,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    """The facilitator is using Welsh pages; the member they invite to a meeting chose
    English, so the invitation is in English. A password reset goes in the language of
    its person, whatever the page."""
    _choose(world.facilitator, "cy")
    _choose(world.member, "en-gb")
    starts = timezone.now().replace(microsecond=0) + timedelta(days=3)
    with translation.override("cy"), django_capture_on_commit_callbacks(execute=True):
        meetings_actions.meeting_save(
            actor=world.facilitator,
            group=world.group,
            title="Autumn meeting",
            kind="meeting",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            place="Library",
            invite=True,
        )
    assert _to(world.member.email).subject == "Invitation: Autumn meeting"
    assert _to(world.facilitator.email).subject == (
        welsh("Invitation: %(title)s") % {"title": "Autumn meeting"}
    )
    mail.outbox.clear()
    _choose(world.member, "cy")
    Client().post(reverse("password_reset"), {"email": world.member.email})
    assert _to(world.member.email).subject == welsh("Choose a new Equal Voice password")


def test_an_invitation_to_someone_with_an_account_is_in_their_language(
    world: World,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    _choose(world.member, "cy")
    with django_capture_on_commit_callbacks(execute=True):
        core_actions.invitation_create(
            actor=world.admin, group=world.other_group, email=str(world.member.email)
        )
    message = _to(world.member.email)
    assert message.subject == welsh("You are invited to join %(group)s") % {
        "group": world.other_group.name
    }
    assert welsh("To join, open this link:") in message.body


@override_settings(EQUALVOICE_WELSH="off", LANGUAGES=[("en-gb", "English")])
def test_while_welsh_is_off_everyone_gets_english(world: World) -> None:
    _choose(world.member, "cy")
    meeting = world.meeting
    with time_machine.travel(meeting.starts_at - timedelta(hours=20), tick=False):
        send_due_reminders.call()
    message = _to(world.member.email)
    assert message.subject == f"Tomorrow: {meeting.title}"
    assert message.body.startswith(f"Hello {world.member.name},")
    # And the switch keeps nothing it does not offer.
    world.client("facilitator").post(reverse("set-language"), {"language": "cy", "next": "/"})
    world.facilitator.refresh_from_db()
    assert world.facilitator.language == ""


# The person's own data -----------------------------------------------------------------


def test_the_choice_is_in_the_persons_data_and_goes_when_they_delete_their_account(
    world: World,
) -> None:
    _choose(world.member, "cy")
    assert core_selectors.personal_data(world.member)["person"]["language"] == "cy"  # type: ignore[index]
    core_actions.account_erase(actor=world.member, person=world.member)
    world.member.refresh_from_db()
    assert world.member.language == ""
