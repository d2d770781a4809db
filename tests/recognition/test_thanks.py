"""Thanks and payment as people use it: the member confirms a meeting and adds time,
the finance person approves it, rates change part way, the export, privacy and erasure.
Figures are worked out here by hand, not read from the template."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from equalvoice.core import actions as core_actions
from equalvoice.core.models import AuditEvent
from equalvoice.core.selectors import personal_data
from equalvoice.recognition import actions, selectors
from equalvoice.recognition.models import Choice, TimeGiven

from ..conftest import World
from ..page_text import page_text
from .world import REFERENCE, thanks_of

pytestmark = pytest.mark.django_db


def _url(w: World, name: str, **kwargs: object) -> str:
    return reverse(name, kwargs={"org": w.org.slug, **kwargs})


def _text(w: World, role: str, name: str, **kwargs: object) -> str:
    response = w.client(role).get(_url(w, name, **kwargs))
    assert response.status_code == 200
    return page_text(response.content.decode())


def test_the_member_confirms_a_meeting_and_sees_what_it_earns(world: World):
    t = thanks_of(world)
    page = _text(world, "member", "recognition")
    assert "Meeting: Autumn meeting" in page and "(2 hours)" in page
    # 45 minutes of reading at £15.00 an hour is £11.25, waiting.
    assert "Waiting for approval £11.25" in page
    response = world.client("member").post(
        _url(world, "recognition-confirm", key=f"meeting-{t.meeting.pk}"),
        {"minutes": "120", "level": str(t.hourly.pk), "note": ""},
    )
    assert response.status_code == 302
    page = _text(world, "member", "recognition")
    # Two hours at £15.00 is £30.00; with the reading, £41.25 waits, for 2 hours 45 minutes.
    assert "Time you gave 2 hours 45 minutes" in page
    assert "Waiting for approval £41.25" in page
    # The meeting is no longer offered; what is left is the member's vote agreeing their
    # document's version 1 (tests/conftest.py, `build_document`).
    to_confirm = page.split("Time to confirm")[1].split("Add time we could not see")[0]
    assert "Autumn meeting" not in to_confirm
    assert "Agree “Professional boundaries”" in to_confirm
    # Confirming again is refused in plain words, and stores nothing more.
    with pytest.raises(Exception, match="could not find|confirmed"):
        actions.time_confirm(
            actor=world.member,
            organisation=world.org,
            key=f"meeting-{t.meeting.pk}",
            minutes=120,
            level_id=t.hourly.pk,
        )
    assert TimeGiven.objects.filter(person=world.member).count() == 2


def test_someone_else_cannot_confirm_a_meeting_they_did_not_come_to(world: World):
    t = thanks_of(world)
    with pytest.raises(Exception, match="could not find"):
        actions.time_confirm(
            actor=world.facilitator,
            organisation=world.org,
            key=f"meeting-{t.meeting.pk}",
            minutes=120,
            level_id=t.hourly.pk,
        )


def test_finance_approves_and_the_member_sees_it_approved(world: World):
    t = thanks_of(world)
    page = _text(world, "facilitator", "recognition-finance")
    assert "Mo Member" in page and "Reading the papers" in page and "£11.25" in page
    response = world.client("facilitator").post(
        _url(world, "recognition-decide", pk=t.reading.pk), {"decision": "approve"}
    )
    assert response.status_code == 302
    t.reading.refresh_from_db()
    assert t.reading.state == TimeGiven.State.APPROVED and t.reading.pence == 1125
    page = _text(world, "member", "recognition")
    assert "Approved £11.25" in page and "Waiting for approval £0.00" in page


def test_sending_back_needs_a_reason_the_member_reads(world: World):
    t = thanks_of(world)
    client = world.client("facilitator")
    url = _url(world, "recognition-decide", pk=t.reading.pk)
    response = client.post(url, {"decision": "return", "reason": ""})
    assert response.status_code == 400
    assert "Say in a few words why it is sent back" in response.content.decode()
    client.post(url, {"decision": "return", "reason": "Reading is paid for 30 minutes at most."})
    page = _text(world, "member", "recognition")
    assert "Sent back" in page and "Why: Reading is paid for 30 minutes at most." in page


def test_nobody_approves_their_own_time(world: World):
    t = thanks_of(world)
    mine = actions.time_add(
        actor=world.facilitator,
        organisation=world.org,
        day=timezone.localdate(),
        minutes=30,
        level_id=t.hourly.pk,
        what="Planning",
        note="",
    )
    response = world.client("facilitator").post(
        _url(world, "recognition-decide", pk=mine.pk), {"decision": "approve"}
    )
    assert response.status_code == 403
    mine.refresh_from_db()
    assert mine.state == TimeGiven.State.CONFIRMED


def test_the_rate_on_the_day_applies_when_it_changes(world: World):
    t = thanks_of(world)
    today = timezone.localdate()
    actions.rate_set(
        actor=world.admin, level=t.hourly, pence=1800, starts_on=today - datetime.timedelta(days=1)
    )
    meeting = actions.time_confirm(
        actor=world.member,
        organisation=world.org,
        key=f"meeting-{t.meeting.pk}",
        minutes=120,
        level_id=t.hourly.pk,
    )
    # The meeting was three days ago: the old £15.00 applies, so £30.00.
    assert selectors.pence_of(meeting) == 3000
    # The reading was yesterday, the day the new rate started: 45 minutes at £18.00, £13.50.
    assert selectors.pence_of(t.reading) == 1350


def test_admins_do_not_see_amounts_choices_or_references(world: World):
    thanks_of(world)
    assert world.client("admin").get(_url(world, "recognition-finance")).status_code == 403
    assert world.client("admin").get(_url(world, "recognition-export")).status_code == 403
    for role in ("admin", "member", "facilitator"):
        log = " ".join(AuditEvent.objects.values_list("summary", flat=True))
        assert REFERENCE not in log and "£" not in log, role
    policy = _text(world, "admin", "recognition-policy")
    assert REFERENCE not in policy and "Mo Member" not in policy


def test_the_export_lists_approved_payments_with_the_reference(world: World):
    t = thanks_of(world)
    actions.time_decide(actor=world.facilitator, entry=t.reading, approve=True)
    response = world.client("facilitator").get(_url(world, "recognition-export"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Name",
        "Email",
        "How they would like us to thank them",
        "Reference",
        "Minutes",
        "For time (pence)",
        "Expenses (pence)",
        "Total (pence)",
        "Total",
        "Items",
    ]
    assert rows[1][0] == "Mo Member" and rows[1][3] == REFERENCE
    # The bus fare is not approved yet, so only the 45 minutes at £15.00 an hour.
    assert rows[1][4:] == ["45", "1125", "0", "1125", "£11.25", "1"]
    assert len(rows) == 2


def test_a_period_with_the_end_before_the_start_is_a_plain_error(world: World):
    thanks_of(world)
    response = world.client("facilitator").get(
        _url(world, "recognition-finance"),
        {
            "start-day": "5",
            "start-month": "5",
            "start-year": "2026",
            "end-day": "1",
            "end-month": "1",
            "end-year": "2026",
        },
    )
    assert response.status_code == 400
    assert "The end must be on or after the start" in response.content.decode()


def test_choosing_a_voucher_forgets_the_bank_reference(world: World):
    thanks_of(world)
    actions.choice_set(actor=world.member, organisation=world.org, way="voucher", reference="X")
    choice = Choice.objects.get(person=world.member)
    assert choice.way == "voucher" and choice.reference == ""
    # A way the organisation does not offer is refused.
    with pytest.raises(Exception, match="Choose one of the ways"):
        actions.choice_set(actor=world.member, organisation=world.org, way="donation", reference="")


def test_no_payment_is_always_a_choice(world: World):
    response = world.client("member").get(_url(world, "recognition-choice"))
    assert "No payment, thank you" in page_text(response.content.decode())


def test_bad_minutes_and_amounts_get_plain_messages_and_keep_what_was_typed(world: World):
    t = thanks_of(world)
    response = world.client("member").post(
        _url(world, "recognition-add"),
        {
            "what": "Getting ready",
            "day-day": "1",
            "day-month": "1",
            "day-year": "2026",
            "minutes": "an hour",
            "level": str(t.hourly.pk),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the time in minutes, like 90" in body and "Getting ready" in body
    response = world.client("admin").post(
        _url(world, "recognition-rate", pk=t.hourly.pk),
        {
            "amount": "twelve pounds",
            "starts_on-day": "1",
            "starts_on-month": "4",
            "starts_on-year": "2027",
        },
    )
    assert response.status_code == 400
    assert "Enter an amount in pounds and pence" in response.content.decode()


def test_hours_per_perspective_are_hidden_below_the_minimum_group_size(world: World, settings):
    t = thanks_of(world)
    actions.time_decide(actor=world.facilitator, entry=t.reading, approve=True)
    start, end = selectors.year_start(timezone.localdate()), timezone.localdate()
    settings.EQUALVOICE_MIN_GROUP_SIZE = 5
    assert selectors.lived_experience_hours(world.org, start, end) is None
    rows = selectors.hours_by_perspective(world.org, start, end)
    assert rows and all(r.hours is None for r in rows)
    settings.EQUALVOICE_MIN_GROUP_SIZE = 1
    # The member holds a lived-experience perspective: 45 minutes is 0 whole hours.
    assert selectors.lived_experience_hours(world.org, start, end) == 0
    page = _text(world, "admin", "recognition-policy")
    assert "We paid people with lived experience for 0 hours." in page


def test_deleting_an_account_keeps_approved_time_without_a_name(world: World):
    t = thanks_of(world)
    actions.time_decide(actor=world.facilitator, entry=t.reading, approve=True)
    waiting = actions.time_add(
        actor=world.member,
        organisation=world.org,
        day=timezone.localdate(),
        minutes=10,
        level_id=t.hourly.pk,
        what="A phone call",
        note="Private",
    )
    data = personal_data(world.member)
    assert "recognition" in str(data) and REFERENCE in str(data)
    core_actions.account_erase(actor=world.member, person=world.member)
    assert not Choice.objects.filter(person=world.member).exists()
    assert not TimeGiven.objects.filter(pk=waiting.pk).exists()
    kept = TimeGiven.objects.get(pk=t.reading.pk)
    assert kept.person_id is None and kept.pence == 1125 and kept.note == ""
    rows = selectors.payments(world.org, datetime.date(2000, 1, 1), timezone.localdate())
    assert [(r.name, r.pence) for r in rows] == [("Name removed (account deleted)", 1125)]


def test_facilitators_see_only_the_kind_of_thanks_each_member_wants(world: World):
    thanks_of(world)
    url = _url(world, "recognition-group", group=world.group.slug)
    text = page_text(world.client("facilitator").get(url))
    assert "Mo Member Wants payment" in text
    assert "Nell Noemail Not said yet" in text
    assert REFERENCE not in text and "£" not in text
    group_page = page_text(
        world.client("facilitator").get(
            reverse("group", kwargs={"org": world.org.slug, "group": world.group.slug})
        )
    )
    assert "How members would like us to thank them" in group_page
    assert world.client("admin").get(url).status_code == 403
    assert world.client("member").get(url).status_code == 403


def test_another_member_sees_nothing_of_someone_elses_money(world: World):
    t = thanks_of(world)
    nell = world.client("no_email_member")
    page = page_text(nell.get(_url(world, "recognition")))
    assert REFERENCE not in page and "Reading the papers" not in page and "£11.25" not in page
    assert nell.get(_url(world, "recognition-finance")).status_code == 403
    assert nell.get(_url(world, "recognition-decide", pk=t.reading.pk)).status_code == 403
    assert nell.get(_url(world, "recognition-export")).status_code == 403


def test_someone_who_chose_no_payment_is_owed_nothing_for_their_time(world: World):
    t = thanks_of(world)
    actions.choice_set(actor=world.member, organisation=world.org, way="decline", reference="")
    actions.time_decide(actor=world.facilitator, entry=t.reading, approve=True)
    actions.claim_decide(actor=world.facilitator, claim=t.claim, approve=True)
    page = _text(world, "member", "recognition")
    assert "Payment None: you chose no payment. Your time still counts." in page
    assert "Time you gave 45 minutes" in page
    rows = selectors.payments(world.org, datetime.date(2000, 1, 1), timezone.localdate())
    # No money for the time; the bus fare they spent is paid back all the same.
    assert [(r.way, r.minutes, r.pence, r.expenses_pence) for r in rows] == [
        ("No payment, thank you", 45, 0, 480)
    ]
    statement = selectors.statement_for(
        world.member, world.org, datetime.date(2000, 1, 1), timezone.localdate()
    )
    assert statement.time_pence == 0 and statement.minutes == 45


def test_the_payments_period_starts_filled_in(world: World):
    thanks_of(world)
    response = world.client("facilitator").get(_url(world, "recognition-finance"))
    start = selectors.year_start(timezone.localdate())
    body = response.content.decode()
    today = timezone.localdate()
    for name, value in [
        ("start-day", start.day),
        ("start-month", start.month),
        ("start-year", start.year),
        ("end-day", today.day),
        ("end-year", today.year),
    ]:
        assert f'name="{name}" type="text" inputmode="numeric" value="{value}"' in body, name
