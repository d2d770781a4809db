"""When the person and their circle next look at the plan together: setting the date
(who may, bad dates), the reminder emails (once per plan and date, to the right people,
nothing of the plan in them) and the entry in what is waiting on the home page."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from equalvoice.core import waiting
from equalvoice.core.models import AuditEvent, User
from equalvoice.plans import actions, selectors
from equalvoice.plans.models import CircleMember, Plan, Review, ReviewReminder, Section
from equalvoice.plans.tasks import send_review_reminders

from .. import factories
from ..page_text import Page
from .conftest import ROLES, SECTIONS, PlanWorld

pytestmark = pytest.mark.django_db

IN_CIRCLE = {"owner", "family", "worker"}


def _today() -> datetime.date:
    return timezone.localdate()


def _in(days: int) -> datetime.date:
    return _today() + datetime.timedelta(days=days)


def _url(pw: PlanWorld, name: str = "my-plan-next-review") -> str:
    return reverse(name, kwargs={"org": pw.org.slug, "pk": pw.plan.pk})


def _typed(when: datetime.date | tuple[str, str, str]) -> dict[str, str]:
    day, month, year = (
        (str(when.day), str(when.month), str(when.year))
        if isinstance(when, datetime.date)
        else when
    )
    return {"next_review_on-day": day, "next_review_on-month": month, "next_review_on-year": year}


def _words(when: datetime.date) -> str:
    """A date as the plan page writes it: "Thursday 12 March 2026"."""
    return f"{when:%A} {when.day} {when:%B} {when.year}"


def _set(pw: PlanWorld, when: datetime.date | None) -> None:
    Plan.objects.filter(pk=pw.plan.pk).update(next_review_on=when)
    pw.plan.refresh_from_db()


def _person(pw: PlanWorld, role: str) -> User:
    person = pw.people[role]
    assert person is not None
    return person


# Setting the date ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_the_date_page(pw: PlanWorld, role: str) -> None:
    response = pw.client(role).get(_url(pw))
    expected = 200 if role in IN_CIRCLE else {"anonymous": 302}.get(role, 404)
    assert response.status_code == expected, role
    if expected == 200:
        text = Page(response).text
        assert "When we next look at this plan together" in text
        # Someone in the circle sets it for the person, with their agreement.
        assert ("Olu Owner agreed to this date" in text) == (role != "owner")


@pytest.mark.parametrize("role", ROLES)
def test_who_may_set_the_date(pw: PlanWorld, role: str) -> None:
    when = _in(30)
    before = AuditEvent.objects.count()
    response = pw.client(role).post(_url(pw), {**_typed(when), "consent": "on"})
    pw.plan.refresh_from_db()
    if role not in IN_CIRCLE:
        assert response.status_code == {"anonymous": 302}.get(role, 404), role
        assert pw.plan.next_review_on is None
        assert AuditEvent.objects.count() == before
        return
    assert response.status_code == 302
    assert pw.plan.next_review_on == when
    event = AuditEvent.objects.order_by("-id").first()
    assert event is not None and event.verb == "plan.next_review"
    assert AuditEvent.objects.count() == before + 1
    actor = _person(pw, role)
    assert event.actor == actor
    if role == "owner":
        assert event.summary == "Olu Owner set the date to look at their plan together"
        assert event.on_behalf_of is None
    else:
        assert event.summary == (
            f"{actor.name} set the date to look at Olu Owner’s plan together, with their agreement"
        )
        assert event.on_behalf_of == pw.plan.owner
    # The audit log says who set it, never the date itself.
    assert str(when.year) not in event.summary


@pytest.mark.parametrize("role", sorted(IN_CIRCLE))
def test_everyone_who_sees_the_plan_sees_the_date(pw: PlanWorld, role: str) -> None:
    assert "No date yet." in Page(pw.client(role).get(_url(pw, "my-plan"))).lines
    when = _in(40)
    _set(pw, when)
    page = Page(pw.client(role).get(_url(pw, "my-plan")))
    assert page.section("When we next look at this plan together")[:2] == [
        _words(when),
        "Change the date to look at the plan together",
    ]


def test_a_date_that_has_passed_says_so(pw: PlanWorld) -> None:
    when = _in(-2)
    _set(pw, when)
    page = Page(pw.client("family").get(_url(pw, "my-plan")))
    assert page.section("When we next look at this plan together")[0] == (
        f"{_words(when)}. This date has passed: set a new one when you have agreed it."
    )


def test_saving_the_date_says_so_and_shows_it(pw: PlanWorld) -> None:
    when = _in(14)
    response = pw.client("owner").post(_url(pw), _typed(when), follow=True)
    page = Page(response)
    assert f"The date is saved: {_words(when)}." in page.text
    assert page.section("When we next look at this plan together")[0] == _words(when)
    # The form shows the date that is set.
    html = pw.client("owner").get(_url(pw)).content.decode()
    assert f'value="{when.day}"' in html and f'value="{when.year}"' in html


def test_the_same_date_again_changes_nothing(pw: PlanWorld) -> None:
    owner = _person(pw, "owner")
    actions.plan_set_next_review(actor=owner, plan=pw.plan, next_review_on=_in(9))
    before = AuditEvent.objects.count()
    actions.plan_set_next_review(actor=owner, plan=pw.plan, next_review_on=_in(9))
    assert AuditEvent.objects.count() == before


BAD_DATES = [
    (_typed(_in(-1)), "The date to look at the plan together must be today or later"),
    (_typed(("31", "2", str(_today().year + 1))), "The date must be a real date"),
    (_typed(("12", "", "2027")), "The date must include a month"),
    (_typed(("twelve", "March", "2027")), "The date must be a real date, in numbers"),
    (_typed(("12", "3", "20277")), "The year must have 4 numbers, like 2027"),
    (_typed(("1", "1", "0000")), "The date must be a real date"),
    (_typed(("1", "1", str(_today().year + 6))), "Choose a date in the next 5 years"),
    (_typed(("", "", "")), "Enter the date to look at the plan together"),
    ({"next_review_on": "not-a-date"}, "The date must be a real date"),
]


@pytest.mark.parametrize("typed,message", BAD_DATES, ids=[m for _t, m in BAD_DATES])
def test_a_bad_date_gets_a_plain_message_and_keeps_what_was_typed(
    pw: PlanWorld, typed: dict[str, str], message: str
) -> None:
    _set(pw, _in(20))
    before = AuditEvent.objects.count()
    response = pw.client("owner").post(_url(pw), typed)
    assert response.status_code == 400
    page = Page(response)
    assert message in page.text
    html = response.content.decode()
    for value in typed.values():
        if value and value != "not-a-date":
            assert f'value="{value}"' in html, value
    pw.plan.refresh_from_db()
    assert pw.plan.next_review_on == _in(20)  # nothing lost
    assert AuditEvent.objects.count() == before


def test_someone_in_the_circle_needs_the_persons_agreement(pw: PlanWorld) -> None:
    when = _in(10)
    response = pw.client("family").post(_url(pw), _typed(when))
    assert response.status_code == 400
    assert "Tick to confirm the person agreed to this date" in Page(response).text
    assert f'value="{when.day}"' in response.content.decode()
    pw.plan.refresh_from_db()
    assert pw.plan.next_review_on is None
    with pytest.raises(ValidationError, match="agreed"):
        actions.plan_set_next_review(actor=_person(pw, "worker"), plan=pw.plan, next_review_on=when)


def test_the_date_is_in_the_persons_download(pw: PlanWorld) -> None:
    when = _in(12)
    _set(pw, when)
    (plan,) = selectors.own_plans_export(pw.plan.owner)
    assert plan["next_look_at_it_together_on"] == when.isoformat()


def test_today_is_allowed(pw: PlanWorld) -> None:
    assert pw.client("owner").post(_url(pw), _typed(_today())).status_code == 302
    pw.plan.refresh_from_db()
    assert pw.plan.next_review_on == _today()


# Reminders -----------------------------------------------------------------------------


def _reminders() -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if "looking at" in m.subject]


def _day(when: datetime.date) -> str:
    return waiting.day(when, _today())


def test_reminders_go_once_to_the_person_and_their_circle(pw: PlanWorld, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EQUALVOICE_PLAN_REMINDER_DAYS = 7
    when = _in(7)
    _set(pw, when)
    assert send_review_reminders.enqueue().return_value == 3
    sent = _reminders()
    to = {m.to[0]: m for m in sent}
    owner, family, worker = (_person(pw, r) for r in ("owner", "family", "worker"))
    assert owner.email and family.email and worker.email
    assert set(to) == {owner.email, family.email, worker.email}
    assert to[owner.email].subject == f"Coming up: looking at your plan together on {_day(when)}"
    assert to[family.email].subject == (
        f"Coming up: looking at Olu Owner’s plan together on {_day(when)}"
    )
    link = settings.EQUALVOICE_SITE_URL.rstrip("/") + pw.plan.get_absolute_url()
    for message in sent:
        body = message.body
        assert link in body and _day(when) in body and "Olu’s support plan" in body
        # Nothing written in the plan: no section, no goal, no step.
        for _visibility, text, goal in SECTIONS.values():
            assert text not in body and goal not in body and f"Step: {goal}" not in body
        assert "&#x27;" not in body and "&amp;" not in body
    assert to[family.email].body.startswith(f"Hello {family.name},\n")
    assert "Olu Owner planned to look at their plan" in to[family.email].body
    assert "you planned to look at your plan" in to[owner.email].body
    # However often it runs, once per plan and date.
    mail.outbox.clear()
    send_review_reminders.enqueue()
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _reminders() == []
    assert list(ReviewReminder.objects.values_list("plan_id", "due_on")) == [(pw.plan.pk, when)]


def test_a_new_date_is_reminded_again(pw: PlanWorld) -> None:
    _set(pw, _in(3))
    send_review_reminders.enqueue()
    assert len(_reminders()) == 3
    mail.outbox.clear()
    _set(pw, _in(5))
    send_review_reminders.enqueue()
    assert len(_reminders()) == 3
    assert ReviewReminder.objects.filter(plan=pw.plan).count() == 2


@pytest.mark.parametrize("days", [None, 8, 30, -1])
def test_no_reminder_without_a_date_in_the_window(pw: PlanWorld, days: int | None) -> None:
    _set(pw, None if days is None else _in(days))
    assert send_review_reminders.enqueue().return_value == 0
    assert _reminders() == [] and not ReviewReminder.objects.exists()


def test_the_window_is_a_setting(pw: PlanWorld, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EQUALVOICE_PLAN_REMINDER_DAYS = 14
    _set(pw, _in(14))
    assert send_review_reminders.enqueue().return_value == 3


def test_the_scheduled_command_sends_plan_reminders_too(pw: PlanWorld) -> None:
    _set(pw, _in(1))
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(_reminders()) == 3


def test_only_the_circle_now_and_only_people_with_an_email(pw: PlanWorld) -> None:
    owner = _person(pw, "owner")
    actions.circle_remove(
        actor=owner, member=CircleMember.objects.get(role=CircleMember.Role.FAMILY_CARER)
    )
    worker = _person(pw, "worker")
    worker.email = ""
    worker.save()
    _set(pw, _in(2))
    send_review_reminders.enqueue()
    assert [m.to for m in _reminders()] == [[owner.email]]


def test_a_reminder_is_claimed_once_however_many_run(pw: PlanWorld) -> None:
    """Two runs at the same moment both find the plan; only the first claim wins, and
    the second sends nothing."""
    when = _in(4)
    _set(pw, when)
    assert actions.review_reminder_claim(plan=pw.plan, due_on=when)
    assert not actions.review_reminder_claim(plan=pw.plan, due_on=when)
    assert send_review_reminders.enqueue().return_value == 0
    assert ReviewReminder.objects.count() == 1


def test_each_plan_is_reminded_for_its_own_people(pw: PlanWorld) -> None:
    other = factories.make_user(name="Ola Other")
    from equalvoice.core.models import OrgMembership

    OrgMembership.objects.create(user=other, organisation=pw.org)
    theirs = actions.plan_create(actor=other, organisation=pw.org, title="Ola’s plan")
    Plan.objects.filter(pk=theirs.pk).update(next_review_on=_in(6))
    _set(pw, _in(30))
    send_review_reminders.enqueue()
    assert [m.to for m in _reminders()] == [[other.email]]
    assert "Ola’s plan" in _reminders()[0].body


# What is waiting on the home page ------------------------------------------------------


def _titles(pw: PlanWorld, role: str) -> list[str]:
    person = _person(pw, role)
    return [i.title for i in waiting.items_for(person) if i.kind == "plan-review"]


def _review(pw: PlanWorld, held_on: datetime.date, visibility: str) -> Review:
    return Review.objects.create(
        plan=pw.plan, held_on=held_on, visibility=visibility, written_by=pw.plan.owner
    )


def test_the_circle_sees_the_date_coming(pw: PlanWorld, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EQUALVOICE_PLAN_REMINDER_DAYS = 7
    when = _in(7)
    _set(pw, when)
    assert _titles(pw, "owner") == [f"Look at your plan together by {_day(when)}"]
    for role in ("family", "worker"):
        assert _titles(pw, role) == [f"Look at Olu Owner’s plan together by {_day(when)}"]
    for role in ("staff", "admin", "other_admin"):
        assert _titles(pw, role) == []
    (item,) = [i for i in waiting.items_for(_person(pw, "family")) if i.kind == "plan-review"]
    assert (item.easy_title, item.easy_notes) == (
        "Look at Olu Owner’s plan together.",
        (f"Do it by {_day(when)}.", "Meet with Olu Owner and the people who help them."),
    )
    # On the home page, as a link to the plan.
    page = Page(pw.client("family").get(reverse("home")))
    assert (
        f"Look at Olu Owner’s plan together by {_day(when)}",
        pw.plan.get_absolute_url() + "#next-review",
    ) in page.links
    assert "“Olu’s support plan”. If the date has changed, set the new one on the plan." in (
        page.text
    )


@pytest.mark.parametrize("days", [8, 60])
def test_not_before_the_window(pw: PlanWorld, days: int) -> None:
    _set(pw, _in(days))
    assert _titles(pw, "owner") == [] and _titles(pw, "family") == []


def test_a_date_passed_without_a_review_stays_until_one_is_held(pw: PlanWorld) -> None:
    when = _in(-10)
    _set(pw, when)
    expected = f"Look at your plan together: the date was {_day(when)}"
    assert _titles(pw, "owner") == [expected]
    # A review long before the date does not count.
    _review(pw, when - datetime.timedelta(days=60), Section.Visibility.WORKER)
    assert _titles(pw, "owner") == [expected]
    # A review held after the date (late) does.
    _review(pw, when + datetime.timedelta(days=2), Section.Visibility.WORKER)
    assert _titles(pw, "owner") == [] and _titles(pw, "worker") == []


def test_a_review_in_the_week_before_the_date_counts(pw: PlanWorld) -> None:
    when = _in(3)
    _set(pw, when)
    _review(pw, _today(), Section.Visibility.CIRCLE)
    assert _titles(pw, "owner") == [] and _titles(pw, "family") == []


def test_a_review_kept_from_someone_does_not_tell_them_it_happened(pw: PlanWorld) -> None:
    """A review only the person sees clears it for them; their circle still sees the
    date, as they do not know of the review. One shared with the circle but not the
    named worker clears it for the circle, not for the named worker."""
    when = _in(-1)
    _set(pw, when)
    _review(pw, _today(), Section.Visibility.PRIVATE)
    assert _titles(pw, "owner") == []
    assert len(_titles(pw, "family")) == 1 and len(_titles(pw, "worker")) == 1
    _review(pw, _today(), Section.Visibility.CIRCLE)
    assert _titles(pw, "family") == [] and len(_titles(pw, "worker")) == 1
    _review(pw, _today(), Section.Visibility.WORKER)
    assert _titles(pw, "worker") == []


def _more_plans(pw: PlanWorld, n: int) -> None:
    owner, family = _person(pw, "owner"), _person(pw, "family")
    for i in range(n):
        plan = actions.plan_create(actor=owner, organisation=pw.org, title=f"Plan {i}")
        actions.circle_invite(
            actor=owner, plan=plan, person=family, role=CircleMember.Role.SUPPORTER
        )
        Plan.objects.filter(pk=plan.pk).update(next_review_on=_in(i % 5 - 2))
        if i % 2:
            Review.objects.create(plan=plan, held_on=_today(), visibility="circle")


@pytest.mark.parametrize("role", ["owner", "family"])
def test_what_is_waiting_takes_a_fixed_number_of_queries(
    pw: PlanWorld,
    role: str,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    person = _person(pw, role)
    _set(pw, _in(1))
    _more_plans(pw, 2)
    viewer = waiting.viewer_for(person)
    with django_assert_num_queries(1):
        few = selectors.waiting_for(viewer)
    _more_plans(pw, 12)
    viewer = waiting.viewer_for(person)
    with django_assert_num_queries(1):
        many = selectors.waiting_for(viewer)
    assert len(few) == 2 and len(many) == 8  # the plans without a review since
    assert [i.url for i in many] == [i.url for i in sorted(many, key=lambda i: i.sort_key)]
