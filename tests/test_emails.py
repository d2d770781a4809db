"""Every kind of email Equal Voice sends arrives with what people typed exactly as they
typed it: a name or title with ' & < > " in the plain-text body and the subject, never
"&#x27;" or "&amp;". Pages are still escaped (a `<script>` in a title stays text), and no
email template is rendered any other way than through `core.emails.text`."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equalvoice.core import actions as core_actions
from equalvoice.core.models import Group, Organisation, User
from equalvoice.documents import actions as documents_actions
from equalvoice.documents.models import Document
from equalvoice.meetings import actions as meetings_actions
from equalvoice.meetings.models import Meeting, Workshop
from equalvoice.meetings.tasks import send_due_reminders
from equalvoice.network import actions as network_actions
from equalvoice.network import tasks as network_tasks
from equalvoice.network.models import Network, Post
from equalvoice.plans.models import Plan
from equalvoice.plans.tasks import send_review_reminders

from .conftest import World
from .meetings.events import open_event
from .network.builders import networks

pytestmark = pytest.mark.django_db

TRICKY = 'Tom\'s "Q&A" <group>'
SCRIPT = "<script>alert('hi')</script>"
ESCAPES = ("&#x27;", "&#39;", "&amp;", "&lt;", "&gt;", "&quot;", "&#34;")


def _plain(message: mail.EmailMessage, *typed: str) -> None:
    """Each typed text is in the body as typed, and nothing anywhere is escaped."""
    for words in typed:
        assert words in message.body, (words, message.body)
    for escaped in ESCAPES:
        assert escaped not in message.body, (escaped, message.body)
        assert escaped not in message.subject, (escaped, message.subject)


def _to(address: str | None) -> mail.EmailMessage:
    (message,) = [m for m in mail.outbox if m.to == [address]]
    return message


@pytest.fixture
def tricky(world: World) -> World:
    """The world with names and titles people might type: apostrophes, ampersands,
    quotes, angle brackets and a script."""
    Organisation.objects.filter(pk=world.org.pk).update(name="Smith & Jones' Care <Ltd>")
    Group.objects.filter(pk=world.group.pk).update(name=TRICKY)
    User.objects.filter(pk=world.admin.pk).update(name="Ann O'Neil & Co")
    User.objects.filter(pk=world.member.pk).update(name='Mo "Mac" O\'Member')
    User.objects.filter(pk=world.facilitator.pk).update(name="Fran <Facilitator>")
    for person in (world.org, world.group, world.admin, world.member, world.facilitator):
        person.refresh_from_db()
    mail.outbox.clear()
    return world


def test_a_group_invitation(tricky: World, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    w = tricky
    with django_capture_on_commit_callbacks(execute=True):
        core_actions.invitation_create(actor=w.admin, group=w.group, email="new@example.org")
    message = _to("new@example.org")
    assert message.subject == f"You are invited to join {TRICKY}"
    _plain(
        message, f"Ann O'Neil & Co has invited you to join {TRICKY} at Smith & Jones' Care <Ltd>."
    )


def test_the_password_reset_email(tricky: World) -> None:
    response = Client().post(reverse("password_reset"), {"email": tricky.member.email})
    assert response.status_code == 302
    message = _to(tricky.member.email)
    assert message.subject == "Choose a new Equal Voice password"
    link = re.search(r"https?://\S+/password-reset/\S+/\S+/", str(message.body))
    assert link is not None
    _plain(message)


def test_a_meeting_invitation_and_its_reminder(
    tricky: World,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    w = tricky
    starts = timezone.now().replace(microsecond=0) + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meetings_actions.meeting_save(
            actor=w.facilitator,
            group=w.group,
            title=f"{TRICKY} {SCRIPT}",
            kind="meeting",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="Dave's Café & Bar",
            access_info='Ramp at the "back" door <left>',
            invite=True,
        )
    invitation = _to(w.member.email)
    assert invitation.subject == f"Invitation: {TRICKY} {SCRIPT}"
    _plain(
        invitation,
        'Hello Mo "Mac" O\'Member,',
        f"We invite you to {TRICKY} {SCRIPT}, a meeting of {TRICKY}.",
        "Where: Dave's Café & Bar",
        'Getting there and access: Ramp at the "back" door <left>',
    )
    # The page is still HTML: the same title is escaped there, and the script is text.
    page = w.client("member").get(meeting.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt;" in page
    assert SCRIPT not in page
    mail.outbox.clear()
    meetings_actions.registration_save(
        actor=w.member, meeting=meeting, coming=True, share_access_needs=False
    )
    Meeting.objects.exclude(pk=meeting.pk).update(reminder_sent_at=timezone.now())
    with time_machine.travel(starts - timedelta(hours=20), tick=False):
        send_due_reminders.call()
    reminder = _to(w.member.email)
    assert reminder.subject == f"Tomorrow: {TRICKY} {SCRIPT}"
    _plain(reminder, f"A reminder: {TRICKY} {SCRIPT} is on", "Where: Dave's Café & Bar")


def test_the_emails_about_a_place_at_an_open_event(
    tricky: World,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    w = tricky
    event = open_event(w, places=1, workshop_places=1)
    Meeting.objects.filter(pk=event.meeting.pk).update(title=TRICKY, place="Bob's Hall & Yard")
    Workshop.objects.filter(pk=event.workshop.pk).update(title='"Getting <about>" & more')
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meetings_actions.sign_up_create(
            meeting=event.meeting,
            name='Di O\'Dane & "Co"',
            email="di@example.org",
            workshops=[event.workshop],
        )
    waiting = _to("di@example.org")
    assert waiting.subject == f"Waiting list: {TRICKY}"
    _plain(waiting, 'Hello Di O\'Dane & "Co",', f"{TRICKY} is full", "Where: Bob's Hall & Yard")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meetings_actions.sign_up_cancel(sign_up=event.sign_up)
    promoted = _to("di@example.org")
    assert promoted.subject == f"You have a place now: {TRICKY}"
    _plain(promoted, f"you have a place at {TRICKY} now", '- "Getting <about>" & more: you have')
    mail.outbox.clear()
    with time_machine.travel(event.meeting.starts_at - timedelta(hours=20), tick=False):
        send_due_reminders.call()
    reminder = _to("di@example.org")
    assert reminder.subject == f"Tomorrow: {TRICKY}"
    _plain(reminder, f"A reminder: {TRICKY} is on", "Where: Bob's Hall & Yard")


def test_a_workshop_place(tricky: World, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    w = tricky
    event = open_event(w, places=10, workshop_places=1)
    Meeting.objects.filter(pk=event.meeting.pk).update(title=TRICKY)
    Workshop.objects.filter(pk=event.workshop.pk).update(title='"Getting <about>" & more')
    meetings_actions.sign_up_create(
        meeting=event.meeting, name="Bo", email="bo@example.org", workshops=[event.workshop]
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meetings_actions.sign_up_cancel(sign_up=event.sign_up)
    message = _to("bo@example.org")
    assert message.subject == f"You have a place in a workshop: {TRICKY}"
    _plain(message, f'the workshop ""Getting <about>" & more" at {TRICKY} now')


def test_a_plan_review_reminder(tricky: World) -> None:
    w = tricky
    Plan.objects.filter(pk=w.plan.pk).update(
        title="Mo's plan & <goals>", next_review_on=timezone.localdate() + timedelta(days=7)
    )
    send_review_reminders.call()
    owner = _to(w.member.email)
    assert owner.subject.startswith("Coming up: looking at your plan together on ")
    _plain(owner, 'Hello Mo "Mac" O\'Member,', "your plan, “Mo's plan & <goals>”")
    supporter = _to(w.facilitator.email)
    assert supporter.subject.startswith(
        'Coming up: looking at Mo "Mac" O\'Member’s plan together on '
    )
    _plain(supporter, "Hello Fran <Facilitator>,", 'A reminder: Mo "Mac" O\'Member planned')


def test_asking_for_comments_on_a_document(
    tricky: World,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    w = tricky
    Document.objects.filter(pk=w.document.pk).update(title="Gifts & <treats>")
    w.document.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        documents_actions.asking_create(
            actor=w.member,
            document=w.document,
            message='Please read "Gifts" & say what you\'d <change>.',
            respond_by=timezone.localdate() + timedelta(days=7),
            groups=[],
            emails=[("Sam", "sam@example.org", "Professional")],
        )
    message = _to("sam@example.org")
    assert message.subject.startswith("Please comment on “Gifts & <treats>” by ")
    _plain(
        message,
        f"{TRICKY} is writing “Gifts & <treats>” together",
        'Please read "Gifts" & say what you\'d <change>.',
    )


def test_a_network_post_its_digest_and_the_mailing_list_confirmation(
    tricky: World,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    w = tricky
    made = networks(w)
    Network.objects.filter(pk=made.network.pk).update(newsletter_name="Carers' news & <views>")
    made.network.refresh_from_db()
    network_actions.subscription_set(actor=w.member, network=made.network, how="each")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post = network_actions.post_save(
            actor=w.facilitator,
            network=made.network,
            kind="news",
            title='Bus "66" & <tram>',
            body="It's back & running <daily>.",
        )
    message = _to(w.member.email)
    assert message.subject == 'Carers\' news & <views>: Bus "66" & <tram>'
    _plain(
        message,
        'Bus "66" & <tram>',
        "It's back & running <daily>.",
        "because you asked for news from Carers' news & <views>.",
    )
    # The week's digest, to the people on the digest (the facilitator).
    mail.outbox.clear()
    digest = network_actions.digest_make(network=made.network, week=post.published_at.date())
    Post.objects.exclude(pk=post.pk).update(published_at=post.published_at - timedelta(days=60))
    network_tasks.send_digest.call(digest_id=digest.pk)
    weekly = _to(w.facilitator.email)
    assert weekly.subject.startswith("Carers' news & <views>: the week of ")
    _plain(weekly, '- Bus "66" & <tram>', "It's back & running <daily>.")
    # Joining a public network's mailing list.
    mail.outbox.clear()
    Network.objects.filter(pk=made.public.pk).update(newsletter_name="Dad's & Mum's <club>")
    made.public.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        network_actions.mailing_list_join(network=made.public, email="joe@example.org", how="each")
    confirm = _to("joe@example.org")
    assert confirm.subject == "Please confirm: emails from Dad's & Mum's <club>"
    _plain(confirm, "asked for emails from Dad's & Mum's <club>.")


def test_a_line_break_in_a_title_never_breaks_the_subject(
    tricky: World,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    Group.objects.filter(pk=tricky.group.pk).update(name="Two\nlines")
    tricky.group.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        core_actions.invitation_create(
            actor=tricky.admin, group=tricky.group, email="two@example.org"
        )
    assert _to("two@example.org").subject == "You are invited to join Two lines"


def test_every_email_template_is_rendered_as_plain_text() -> None:
    """A `.txt` template rendered by `render_to_string` would escape what people typed:
    every one goes through `core.emails.text`."""
    root = Path(__file__).resolve().parent.parent / "equalvoice"
    wrong = []
    for path in root.rglob("*.py"):
        source = path.read_text()
        for call in re.finditer(r"render_to_string\(\s*f?[\"'][^\"']*\.txt", source):
            line = source.count("\n", 0, call.start()) + 1
            wrong.append(f"{path.relative_to(root.parent)}:{line}")
    assert wrong == []
    # And no template needs its own `autoescape off`: there is one place that does it.
    templates = [p for p in root.rglob("templates/**/*.txt") if "autoescape" in p.read_text()]
    assert templates == []


def test_text_is_the_only_thing_that_renders_unescaped() -> None:
    from django.template.loader import render_to_string

    from equalvoice.core import emails

    context = {"meeting": {"title": SCRIPT}, "person": {"name": TRICKY}, "url": "u"}
    assert SCRIPT in emails.text("meetings/email/reminder.txt", context)
    escaped = render_to_string("meetings/email/reminder.txt", context)
    assert SCRIPT not in escaped and html.escape(SCRIPT) in escaped
