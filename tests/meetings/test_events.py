"""Open events: a public page, sign-up with no account, places and the waiting list,
promotion when someone cancels, workshops with their own places, emails with the
calendar file, and access needs only as totals for the organisers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from equalvoice.core.models import AuditEvent, Perspective
from equalvoice.meetings import actions, selectors
from equalvoice.meetings.models import Meeting, SignUp, WorkshopPlace
from equalvoice.meetings.tasks import send_due_reminders

from ..conftest import World, build_world
from .events import Event, open_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Emails go after the change is saved (on commit): run them at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _sign_up(event: Event | Meeting, name: str, **extra: object) -> SignUp:
    meeting = event.meeting if isinstance(event, Event) else event
    email = name.lower().replace(" ", ".") + "@example.org"
    return actions.sign_up_create(meeting=meeting, name=name, email=email, **extra)  # type: ignore[arg-type]


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _link_in(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://[^\s]+/events/place/[^\s]+/", str(message.body))
    assert found, message.body
    return "/" + found.group(0).split("/", 3)[3]


def test_places_then_the_waiting_list_in_order(world: World) -> None:
    event = open_event(world, places=3)  # Pat has one place
    bo = _sign_up(event, "Bo Brown")
    cy = _sign_up(event, "Cy Cole")
    di = _sign_up(event, "Di Dane")
    ed = _sign_up(event, "Ed Eyre")
    assert [s.status for s in (bo, cy, di, ed)] == ["place", "place", "waiting", "waiting"]
    assert selectors.waiting_position(di) == 1
    assert selectors.waiting_position(ed) == 2
    assert selectors.places_left(event.meeting) == 0
    page = _text(Client().get(event.meeting.get_public_url()))
    assert "Every place has gone. You can join the waiting list" in page
    assert "Join the waiting list" in page
    for name in ("Pat Public", "Bo Brown", "Di Dane"):
        assert name not in page  # the public page never names anyone


def test_a_free_place_is_counted_under_the_lock_not_from_what_the_caller_saw(
    world: World,
) -> None:
    """Two people loading the page at once both see one place left; the second to save
    must not get it. The action counts again after taking the meeting's lock, whatever
    the meeting object it was given says (see actions._locked)."""
    event = open_event(world, places=2)
    seen_by_both = Meeting.objects.get(pk=event.meeting.pk)
    assert selectors.places_left(seen_by_both) == 1
    first = actions.sign_up_create(meeting=seen_by_both, name="Al", email="al@example.org")
    second = actions.sign_up_create(meeting=seen_by_both, name="Bea", email="bea@example.org")
    assert (first.status, second.status) == ("place", "waiting")
    assert event.meeting.sign_ups.filter(status="place").count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_sign_ups_at_the_same_moment_for_the_last_place() -> None:
    import threading

    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite's shared in-memory test database locks whole tables")
    # Transactional: it cannot share the module's world (tests/shared.py).
    world = build_world()
    event = open_event(world, places=2)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def sign(name: str) -> None:
        try:
            barrier.wait()
            made = actions.sign_up_create(
                meeting=event.meeting, name=name, email=f"{name}@example.org"
            )
            results.append(made.status)
        except Exception as error:  # noqa: BLE001
            results.append(f"error: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(n,)) for n in ("al", "bea")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["place", "waiting"], results
    assert event.meeting.sign_ups.filter(status="place").count() == 2


def test_confirmation_email_with_the_calendar_file_and_the_private_link(world: World, sent) -> None:  # type: ignore[no-untyped-def]
    event = open_event(world, places=2)
    mail.outbox.clear()
    client = Client()
    with sent():
        response = client.post(
            reverse("event-sign-up", args=[world.org.slug, event.meeting.pk]),
            {"name": "Bo Brown", "email": "bo@example.org", "workshops": [event.workshop.pk]},
        )
    made = SignUp.objects.get(email="bo@example.org")
    assert response.status_code == 302
    assert response["Location"] == selectors.sign_up_url(made)
    [message] = mail.outbox
    assert message.to == ["bo@example.org"]
    assert message.subject == "Your place: Open conference"
    assert "You have a place at Open conference." in message.body
    # The workshop had one place, which Pat has: Bo waits for it, first in line.
    assert "- Getting about: on the waiting list, number 1" in message.body
    name, body, kind = message.attachments[0]
    assert (name, kind) == ("meeting.ics", "text/calendar")
    assert "SUMMARY:Open conference" in str(body)
    page = _text(client.get(_link_in(message)))
    assert "You have a place" in page
    assert "Getting about: waiting list, number 1" in page
    assert "Pat Public" not in page


def test_the_waiting_list_is_told_plainly_with_the_position(world: World, sent) -> None:  # type: ignore[no-untyped-def]
    event = open_event(world, places=1)
    mail.outbox.clear()
    with sent():
        response = Client().post(
            reverse("event-sign-up", args=[world.org.slug, event.meeting.pk]),
            {"name": "Bo Brown", "email": "bo@example.org"},
            follow=True,
        )
    assert "You are number 1 on the waiting list." in _text(response)
    [message] = mail.outbox
    assert message.subject == "Waiting list: Open conference"
    assert "You are number 1 on the list." in message.body
    assert not message.attachments  # no calendar file until there is a place


def test_cancelling_by_the_link_gives_the_place_to_the_first_waiting(world: World, sent) -> None:  # type: ignore[no-untyped-def]
    event = open_event(world, places=1, workshop_places=1)
    di = _sign_up(event, "Di Dane", workshops=[event.workshop])
    ed = _sign_up(event, "Ed Eyre")
    mail.outbox.clear()
    client = Client()
    cancel = reverse("event-cancel", args=[event.token])
    assert "Cancel your place?" in _text(client.get(cancel))
    with sent():
        page = _text(client.post(cancel, follow=True))
    assert "You cancelled your place" in page
    di.refresh_from_db()
    ed.refresh_from_db()
    assert (di.status, ed.status) == ("place", "waiting")
    assert selectors.waiting_position(ed) == 1
    # Di also gets Pat's workshop place, in the same email.
    assert WorkshopPlace.objects.get(sign_up=di).status == "place"
    [message] = mail.outbox
    assert message.to == ["di.dane@example.org"]
    assert message.subject == "You have a place now: Open conference"
    assert "- Getting about: you have a place" in message.body
    assert message.attachments[0][0] == "meeting.ics"
    # Pat's access needs went with the cancellation.
    event.sign_up.refresh_from_db()
    assert (event.sign_up.needs, event.sign_up.keep_needs) == ([], False)
    # Cancelling twice changes nothing.
    assert actions.sign_up_cancel(sign_up=event.sign_up) == []


def test_a_workshop_place_alone_goes_to_the_first_waiting_for_it(world: World, sent) -> None:  # type: ignore[no-untyped-def]
    event = open_event(world, places=10, workshop_places=1)
    bo = _sign_up(event, "Bo Brown", workshops=[event.workshop])
    assert WorkshopPlace.objects.get(sign_up=bo).status == "waiting"
    mail.outbox.clear()
    with sent():
        actions.sign_up_cancel(sign_up=event.sign_up)
    assert WorkshopPlace.objects.get(sign_up=bo).status == "place"
    [message] = mail.outbox
    assert message.subject == "You have a place in a workshop: Open conference"
    assert 'a place in the workshop "Getting about"' in message.body


def test_more_places_give_the_waiting_list_places_and_never_fewer_than_taken(
    world: World,
) -> None:
    event = open_event(world, places=1)
    bo = _sign_up(event, "Bo Brown")
    with pytest.raises(ValidationError):
        actions.meeting_open(
            actor=world.facilitator, meeting=event.meeting, is_public=True, places=0
        )
    actions.meeting_open(actor=world.facilitator, meeting=event.meeting, is_public=True, places=2)
    bo.refresh_from_db()
    assert bo.status == "place"
    assert (
        AuditEvent.objects.filter(verb="event.open", object_id=str(event.meeting.pk)).count() == 2
    )


def test_the_reminder_the_day_before_goes_to_people_with_a_place(world: World) -> None:
    event = open_event(world, places=1)
    _sign_up(event, "Bo Brown")  # waiting
    mail.outbox.clear()
    with time_machine.travel(event.meeting.starts_at - timedelta(hours=20), tick=False):
        send_due_reminders.call()
    reminders = [m for m in mail.outbox if m.subject == "Tomorrow: Open conference"]
    assert [m.to for m in reminders if m.to == ["pat.public@example.org"]]
    assert not [m for m in reminders if "bo.brown@example.org" in m.to]
    pats = next(m for m in reminders if m.to == ["pat.public@example.org"])
    assert _link_in(pats) == selectors.sign_up_url(event.sign_up)
    assert pats.attachments[0][0] == "meeting.ics"


def test_access_needs_are_deleted_after_the_event(world: World) -> None:
    event = open_event(world)
    with time_machine.travel(event.meeting.ends_at + timedelta(hours=1), tick=False):
        send_due_reminders.call()
    event.sign_up.refresh_from_db()
    assert (event.sign_up.needs, event.sign_up.needs_deleted) == ([], True)
    page = _text(Client().get(reverse("event-place", args=[event.token])))
    assert "Deleted after the event" in page


def test_organisers_see_totals_with_small_ones_hidden(world: World) -> None:
    event = open_event(world, places=20)
    carer = Perspective.objects.get(organisation=world.org, name="Family carer")
    for n in range(5):
        _sign_up(
            event,
            f"Person {n}",
            needs=["bsl_interpreter"] + (["step_free_access"] if n == 0 else []),
            keep_needs=True,
            perspective=carer,
        )
    _sign_up(event, "No Consent")  # nothing kept
    totals = selectors.event_totals(event.meeting)
    # Pat and five more need BSL; one needs step-free access.
    assert [(t.label, t.words(5)) for t in totals.needs] == [
        ("British Sign Language interpreter", "6 people"),
        ("Step-free access", "fewer than 5"),
    ]
    page = _text(
        world.client("facilitator").get(
            reverse("meeting-sign-ups", args=[world.org.slug, event.meeting.pk])
        )
    )
    assert "British Sign Language interpreter 6 people" in page
    assert "Step-free access fewer than 5" in page
    assert "Family carer 5 people" in page
    assert "Did not say fewer than 5" in page  # Pat and No Consent
    assert "7 people have a place of 20; 0 on the waiting list." in page
    assert "Person 3" in page  # the organisers see who
    admin_page = _text(
        world.client("admin").get(
            reverse("meeting-sign-ups", args=[world.org.slug, event.meeting.pk])
        )
    )
    assert "Person 3" in admin_page


def test_nothing_about_anyone_with_a_wrong_or_changed_token(world: World) -> None:
    event = open_event(world)
    client = Client()
    for token in ("nonsense", event.token[:-2] + "xx", event.token + "a"):
        for name in ("event-place", "event-cancel"):
            response = client.get(reverse(name, args=[token]))
            assert response.status_code == 404
            assert "Pat Public" not in response.content.decode()
    assert client.post(reverse("event-cancel", args=["nonsense"])).status_code == 404
    event.sign_up.refresh_from_db()
    assert event.sign_up.status == "place"


def test_a_meeting_that_is_not_public_has_no_public_page(world: World) -> None:
    for name in ("event", "event-sign-up"):
        url = reverse(name, args=[world.org.slug, world.meeting.pk])
        assert Client().get(url).status_code == 404
        assert world.client("member").get(url).status_code == 404


def test_bad_input_keeps_what_was_typed_and_saves_nothing(world: World) -> None:
    event = open_event(world)
    url = reverse("event-sign-up", args=[world.org.slug, event.meeting.pk])
    response = Client().post(
        url,
        {
            "name": "Bo Brown",
            "email": "not an email",
            "needs": ["hearing_loop", "flying"],
            "other_needs": "A quiet room at lunch",
            "perspective": "99999",
            "workshops": ["nonsense"],
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter an email address like name@example.org" in page
    assert "Choose needs from the list" in page
    assert 'value="Bo Brown"' in page
    assert "A quiet room at lunch" in page
    # Needs without the consent tick: we ask, and keep them on the form.
    response = Client().post(
        url,
        {"name": "Bo Brown", "email": "bo@example.org", "needs": ["hearing_loop"]},
    )
    assert response.status_code == 400
    assert "Tick the box so we can keep your access needs" in response.content.decode()
    assert not SignUp.objects.filter(name="Bo Brown").exists()


def test_signing_up_twice_sends_the_link_again(world: World) -> None:
    event = open_event(world)
    mail.outbox.clear()
    url = reverse("event-sign-up", args=[world.org.slug, event.meeting.pk])
    response = Client().post(
        url, {"name": "Someone", "email": "PAT.public@example.org"}, follow=True
    )
    assert "We have sent the private link" in _text(response)
    assert "Pat Public" not in _text(response)
    assert SignUp.objects.filter(meeting=event.meeting).count() == 1
    [message] = mail.outbox
    assert message.to == ["pat.public@example.org"]


def test_only_the_organisers_make_a_meeting_public(world: World) -> None:
    with pytest.raises(PermissionDenied):
        actions.meeting_open(actor=world.member, meeting=world.meeting, is_public=True, places=5)
    response = world.client("facilitator").post(
        reverse("meeting-open", args=[world.org.slug, world.meeting.pk]),
        {"is_public": "yes", "places": ""},
    )
    assert response.status_code == 400
    assert "Say how many places there are" in response.content.decode()
    response = world.client("facilitator").post(
        reverse("meeting-open", args=[world.org.slug, world.meeting.pk]),
        {"is_public": "yes", "places": "40", "open_to": "Everyone"},
    )
    assert response.status_code == 302
    page = _text(Client().get(reverse("event", args=[world.org.slug, world.meeting.pk])))
    assert "40 places left." in page


def test_erasure_deletes_sign_ups_with_the_persons_email(world: World) -> None:
    from equalvoice.core import actions as core_actions
    from equalvoice.core.models import User

    event = open_event(world, places=2)
    User.objects.filter(pk=world.member.pk).update(email="mo@example.org")
    member = User.objects.get(pk=world.member.pk)
    actions.sign_up_create(
        meeting=event.meeting,
        name="Mo Member",
        email="Mo@Example.org",
        needs=["breaks"],
        keep_needs=True,
    )
    waiting = _sign_up(event, "Bo Brown")
    config = world.member._meta.apps.get_app_config("meetings")
    assert "open_events" in config.personal_data(member)  # type: ignore[attr-defined]
    core_actions.account_erase(actor=member, person=member)
    assert not SignUp.objects.filter(name="Mo Member").exists()
    assert not SignUp.objects.filter(email__iexact="mo@example.org").exists()
    waiting.refresh_from_db()
    assert waiting.status == "place"


def test_the_list_of_open_events_shows_only_public_ones_to_come(world: World) -> None:
    event = open_event(world, places=1)
    page = _text(Client().get(reverse("events", args=[world.org.slug])))
    assert "Open conference" in page
    assert "Full: you can join the waiting list" in page
    assert world.meeting.title not in page  # not public
    assert "Pat Public" not in page
    other = _text(Client().get(reverse("events", args=[world.other_org.slug])))
    assert "There are no open events coming up." in other
    with time_machine.travel(event.meeting.ends_at + timedelta(minutes=1), tick=False):
        later = _text(Client().get(reverse("events", args=[world.org.slug])))
    assert "Open conference" not in later
