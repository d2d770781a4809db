"""Answering a round from more than one device, what happens when answers are sent, and
what a person can still see of what they gave.

Answers a person gives while signed in are theirs, not their browser's: they can start on
a phone and send from a laptop. In an anonymous round, sending parts the answers from the
person for good: only that they have answered stays with them."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equalvoice.core import actions as core_actions
from equalvoice.core.models import AuditEvent, Perspective, User
from equalvoice.core.selectors import personal_data
from equalvoice.standards import actions
from equalvoice.standards.models import Answer, Participation, Response, Round

from .. import factories
from ..conftest import World
from ..page_text import Page

pytestmark = pytest.mark.django_db

SENT = "Your answers are in"
NOTHING_GIVEN = "You have not answered any statements yet"


def _start(world: World, round_: Round | None = None) -> str:
    return reverse("round-answer", args=[world.org.slug, (round_ or world.round).pk])


def _answer(client: Client, start: str, values: list[str], perspective: object = "") -> None:
    """Choose a perspective and answer every statement, without sending."""
    assert client.post(start, {"perspective": perspective}).status_code == 302
    for n, value in enumerate(values, start=1):
        response = client.post(f"{start}{n}/", {"answer": value, "comment": ""})
        assert response.status_code == 302, response.content.decode()[:2000]


def _staff(world: World) -> Perspective:
    return Perspective.objects.get(organisation=world.org, name="Staff member")


def _sent(round_: Round) -> int:
    return Response.objects.filter(round=round_, submitted=True).count()


def _sent_so_far(world: World, client: Client, round_: Round | None = None) -> str:
    page = Page(client.get((round_ or world.round).get_absolute_url()))
    return page.text.split("Sent so far", 1)[1].split()[0]


# Answers belong to the person, not the browser


def test_start_on_one_device_send_from_another(world: World) -> None:
    start = _start(world)
    phone = world.client("member")
    _answer(phone, start, ["2", "4"], perspective=_staff(world).pk)
    laptop = world.client("member")  # signed in afresh: no cookie from the phone

    check = Page(laptop.get(f"{start}check/"))
    assert "Starting" in check.text and "Doing it well" in check.text
    assert "No answer" not in check.text
    assert "Staff member" in check.text  # the perspective they chose on the phone

    assert laptop.post(f"{start}check/").status_code == 302
    sent = Response.objects.get(round=world.round, submitted=True)
    assert sorted((a.value or 0) for a in sent.answers.all()) == [2, 4]
    assert sent.perspective == _staff(world)
    assert not Response.objects.filter(round=world.round, submitted=False).exists()
    assert _sent_so_far(world, laptop) == "1"

    # A third device has nothing to send again, and the phone cannot send twice.
    third = world.client("member")
    page = Page(third.get(start))
    assert SENT in page.text
    assert third.get(f"{start}check/").status_code == 302
    assert third.post(f"{start}check/").status_code == 302
    assert phone.post(f"{start}check/").status_code == 302
    assert _sent(world.round) == 1
    assert _sent_so_far(world, third) == "1"


def test_two_devices_sending_at_once_count_once(world: World) -> None:
    start = _start(world)
    phone, laptop = world.client("member"), world.client("member")
    _answer(phone, start, ["1", "3"])
    assert "Not yet" in Page(laptop.get(f"{start}check/")).text
    assert phone.post(f"{start}check/").status_code == 302
    after = laptop.post(f"{start}check/", follow=True)
    assert SENT in Page(after).text
    assert _sent(world.round) == 1
    assert Participation.objects.filter(round=world.round).count() == 1


def test_sending_nothing_is_a_plain_error_and_not_counted(world: World) -> None:
    start = _start(world)
    laptop = world.client("member")
    assert laptop.post(start, {"perspective": ""}).status_code == 302
    page = Page(laptop.get(f"{start}check/"))
    assert "You have not answered any statements yet, so there is nothing to send." in page.text
    assert "Send my answers" not in page.text
    response = laptop.post(f"{start}check/")
    assert response.status_code == 400
    assert NOTHING_GIVEN in Page(response).text
    # Skipping every statement is still nothing to send.
    _answer(laptop, start, ["", ""])
    response = laptop.post(f"{start}check/")
    assert response.status_code == 400
    assert NOTHING_GIVEN in Page(response).text
    assert _sent(world.round) == 0
    assert not Participation.objects.exists()
    assert _sent_so_far(world, laptop) == "0"


def test_sending_nothing_in_a_named_round_is_refused_too(world: World) -> None:
    named = _named_round(world)
    with pytest.raises(actions.NothingToSend):
        actions.response_submit(round_=named, who=actions.Respondent(person=world.member))
    assert _sent(named) == 0


# Sent anonymous answers are parted from the person for good


def test_sent_answers_are_parted_from_the_person(world: World) -> None:
    start = _start(world)
    client = world.client("member")
    before = AuditEvent.objects.count()
    _answer(client, start, ["3", "dont_know"], perspective=_staff(world).pk)
    client.post(f"{start}1/", {"answer": "3", "comment": "Mo's own words"})
    draft = Response.objects.get(round=world.round, person=world.member)
    draft_answers = set(draft.answers.values_list("pk", flat=True))
    assert not draft.submitted and len(draft_answers) == 2
    # Unsent answers are the person's own data while they are unsent.
    held: Any = personal_data(world.member)["standards"]
    unsent = held["unsent_answers"]
    assert [a["comment"] for a in unsent[0]["answers"]] == ["Mo's own words", ""]

    assert client.post(f"{start}check/").status_code == 302
    sent = Response.objects.get(round=world.round)
    assert sent.submitted and sent.person is None and sent.browser_key == ""
    assert sent.pk != draft.pk
    assert not set(sent.answers.values_list("pk", flat=True)) & draft_answers
    assert not Answer.objects.filter(pk__in=draft_answers).exists()
    assert Participation.objects.filter(round=world.round, person=world.member).exists()
    assert AuditEvent.objects.count() == before, "an anonymous answer writes no audit entry"

    data: Any = personal_data(world.member)["standards"]
    assert data["unsent_answers"] == [] and data["named_answers"] == []
    assert data["took_part_anonymously_in"] == [world.round.name]
    admin = world.client("admin")
    for name in ("round", "round-results", "round-appraisal", "round-csv"):
        body = admin.get(reverse(name, args=[world.org.slug, world.round.pk])).content.decode()
        assert "Mo Member" not in body, name
    log = admin.get(reverse("audit-log", args=[world.org.slug])).content.decode()
    assert "Mo Member answered" not in log


def test_nothing_has_a_time_or_an_order_to_line_up(world: World) -> None:
    """Nothing about a sent anonymous answer says when it came, or in what order."""
    for model in (Response, Answer, Participation):
        times = [f.name for f in model._meta.fields if isinstance(f, models.DateField)]
        assert not times, (model.__name__, times)
    people = []
    for n in range(10):
        person = factories.make_user(name=f"Person {n}")
        core_actions.membership_add(actor=world.admin, group=world.group, user=person)
        people.append(person)
    statement = world.round.version.statements.first()
    assert statement is not None
    sent_ids: list[int] = []
    answer_ids: list[int] = []
    for person in people:
        who = actions.Respondent(person=person)
        actions.answer_save(round_=world.round, who=who, statement=statement, value=2)
        sent = actions.response_submit(round_=world.round, who=who)
        sent_ids.append(sent.pk)
        answer_ids.append(sent.answers.get().pk)
    # Ten ids in the order they were sent: a counter would give them in rising order.
    assert sent_ids != sorted(sent_ids)
    assert answer_ids != sorted(answer_ids)
    assert len(set(sent_ids)) == 10
    if connection.vendor == "sqlite":  # no hidden row number keeps the order either
        with connection.cursor() as cursor:
            for table in ("standards_response", "standards_answer"):
                cursor.execute(f"SELECT rowid, id FROM {table}")  # noqa: S608
                assert all(rowid == pk for rowid, pk in cursor.fetchall()), table


def test_an_open_link_without_signing_in_uses_the_browser(world: World) -> None:
    start = reverse("open-round", args=[world.round.link_key])
    phone = Client()
    _answer(phone, start, ["1", "1"])
    page = Page(phone.get(f"{start}check/"))
    assert (
        "After you send your answers, nobody, not even you, can change them or trace them "
        "back to you."
    ) in page.text
    assert phone.post(f"{start}check/").status_code == 302
    sent = Response.objects.get(round=world.round, submitted=True)
    assert sent.browser_key == "" and sent.person is None
    assert Participation.objects.filter(round=world.round, person=None).count() == 1
    # The same browser cannot send again; another browser is another person.
    assert SENT in Page(phone.get(start)).text
    assert phone.post(f"{start}check/").status_code == 302
    assert phone.get(f"{start}1/").status_code == 302
    assert _sent(world.round) == 1
    other = Client()
    _answer(other, start, ["4", "4"])
    assert other.post(f"{start}check/").status_code == 302
    assert _sent(world.round) == 2


# After sending


def test_after_sending_the_page_says_so_once_and_leads_back(world: World) -> None:
    start = _start(world)
    client = world.client("member")
    _answer(client, start, ["2", "3"], perspective=_staff(world).pk)
    after = client.post(f"{start}check/", follow=True)
    page = Page(after)
    assert not page.problems(), page.problems()
    assert page.text.count(SENT) == 1, page.text
    assert "Done" not in page.text
    assert "I would rather not say" not in page.text  # no start form again
    assert "can change them or trace them back to you" in page.text
    links = dict(page.links)
    assert links[f"Back to {world.standard.title}"] == world.standard.get_absolute_url()
    assert links[f"Back to {world.group.name}"] == world.group.get_absolute_url()
    assert links["Go to your home page"] == reverse("home")
    assert "Starting" not in page.text, "sent anonymous answers are not shown again"


def test_the_check_page_says_before_sending_what_anonymous_means(world: World) -> None:
    start = _start(world)
    client = world.client("member")
    _answer(client, start, ["2", "3"])
    page = Page(client.get(f"{start}check/"))
    assert (
        "When you send your answers, we keep them without your name. After that, nobody, "
        "not even you, can change them or trace them back to you."
    ) in page.text


# Named rounds: your answers stay yours to see and change


def _named_round(world: World) -> Round:
    today = timezone.localdate()
    return actions.round_save(
        actor=world.facilitator,
        standard=world.standard,
        name="Named",
        opens_on=today,
        closes_on=today,
        anonymous=False,
        scale="easy_read_4",
    )


def test_in_a_named_round_a_person_sees_and_changes_their_answers_anywhere(
    world: World,
) -> None:
    named = _named_round(world)
    start = _start(world, named)
    phone = world.client("member")
    _answer(phone, start, ["2", "4"])
    assert phone.post(f"{start}check/").status_code == 302

    laptop = world.client("member")
    page = Page(laptop.get(start))
    assert page.text.count(SENT) == 1
    assert "Starting" in page.text and "Doing it well" in page.text
    assert "You can change them until" in page.text
    change = [href for words, href in page.links if words.startswith("Change")]
    assert change == [f"{start}1/", f"{start}2/"]

    assert laptop.post(f"{start}1/", {"answer": "3"}).status_code == 302
    response = Response.objects.get(round=named)
    assert response.submitted and response.person == world.member
    assert sorted((a.value or 0) for a in response.answers.all()) == [3, 4]
    assert _sent(named) == 1
    assert "Getting there" in Page(phone.get(start)).text
    changed = AuditEvent.objects.filter(verb="response.change", object_id=str(response.pk))
    assert changed.count() == 1 and changed.get().actor == world.member
    assert AuditEvent.objects.filter(verb="response.submit").count() == 1


def test_an_answer_after_sending_an_anonymous_round_is_refused(world: World) -> None:
    who = actions.Respondent(person=world.member)
    statement = world.round.version.statements.first()
    assert statement is not None
    actions.answer_save(round_=world.round, who=who, statement=statement, value=2)
    actions.response_submit(round_=world.round, who=who)
    with pytest.raises(actions.AlreadySent):
        actions.answer_save(round_=world.round, who=who, statement=statement, value=4)
    assert not Response.objects.filter(person=world.member).exists()
    assert list(Answer.objects.values_list("value", flat=True)) == [2]


def test_someone_who_is_not_asked_uses_the_open_link_as_anyone_would(world: World) -> None:
    outsider = User.objects.get(pk=world.other_admin.pk)
    client = Client()
    client.force_login(outsider, backend="django.contrib.auth.backends.ModelBackend")
    start = reverse("open-round", args=[world.round.link_key])
    _answer(client, start, ["4", "4"])
    assert client.post(f"{start}check/").status_code == 302
    assert not Participation.objects.filter(person=outsider).exists()
    assert Participation.objects.filter(round=world.round, person=None).count() == 1


def test_a_send_that_waited_for_another_device_counts_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two devices press send at the same moment: both find the unsent answers, one
    waits for the other. The one that waited is told the answers are in; it neither
    counts again nor says there was nothing to send."""
    from equalvoice.standards.actions import rounds

    who = actions.Respondent(person=world.member)
    statement = world.round.version.statements.first()
    assert statement is not None
    actions.answer_save(round_=world.round, who=who, statement=statement, value=3)
    seen_before = actions.response_find(world.round, who)
    actions.response_submit(round_=world.round, who=who)  # the first device
    # The second device had looked before the first one finished.
    real = rounds.has_answered
    calls: list[bool] = []

    def has_answered(round_: Round, respondent: actions.Respondent) -> bool:
        calls.append(True)
        return False if len(calls) == 1 else real(round_, respondent)

    monkeypatch.setattr(rounds, "has_answered", has_answered)
    monkeypatch.setattr(rounds, "response_find", lambda r, w: seen_before)
    with pytest.raises(actions.AlreadySent):
        actions.response_submit(round_=world.round, who=who)
    assert _sent(world.round) == 1
