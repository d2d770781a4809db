"""The network's emails, read from Django's outbox: the digest's content and grouping,
double opt-in, unsubscribing by link with no sign-in, the headers and the plain-text
part, and no email sent twice when a task runs again or fails part way."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from unittest import mock
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equalvoice.core import actions as core_actions
from equalvoice.network import actions, selectors, tasks
from equalvoice.network.models import Delivery, Digest, Post, Subscription

from ..conftest import World
from ..factories import make_user
from .builders import networks

MONDAY = date(2026, 6, 1)


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _post(w: World, network, kind: str, title: str, day: date, body: str = "Words.") -> Post:  # type: ignore[no-untyped-def]
    post = actions.post_save(
        actor=w.facilitator, network=network, kind=kind, title=title, body=body
    )
    Post.objects.filter(pk=post.pk).update(published_at=_at(day))
    post.refresh_from_db()
    return post


def _to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [address]]


@pytest.fixture
def week(world: World) -> tuple[World, Digest]:
    """The world's members-only network with a week of posts, one before it and one
    after, and the digest of the week."""
    made = networks(world)
    network = made.network
    Post.objects.filter(network=network).update(published_at=_at(MONDAY - timedelta(days=30)))
    _post(world, network, "opportunity", "Panel places for carers", MONDAY + timedelta(days=3))
    _post(world, network, "news", "New bus route", MONDAY + timedelta(days=1))
    _post(world, network, "news", "Library opens late", MONDAY + timedelta(days=5))
    _post(world, network, "news", "Last week's news", MONDAY - timedelta(days=1))
    _post(world, network, "news", "Next week's news", MONDAY + timedelta(days=7))
    line = world.initiative.you_said.get()
    made_post = actions.post_from_you_said(actor=world.facilitator, network=network, line=line)
    Post.objects.filter(pk=made_post.pk).update(published_at=_at(MONDAY + timedelta(days=6), 21))
    mail.outbox.clear()
    return world, actions.digest_make(network=network, week=MONDAY + timedelta(days=2))


def test_the_digest_groups_the_weeks_posts_by_kind(week: tuple[World, Digest]) -> None:
    world, digest = week
    assert digest.week_of == MONDAY
    sent = tasks.send_digest.call(digest_id=digest.pk)
    # The member (digest) and the facilitator (no choice made: the digest) have email
    # addresses; the member with none hears on the site.
    assert sent == 2
    [message] = _to(world.member.email or "")
    assert message.subject == "Panel: the week of 1 June 2026".replace(
        "Panel", networks(world).network.title
    )
    text = message.body
    # News first (oldest first), then chances to take part, then "you said, we did".
    headings = ["\nNews\n", "\nA chance to take part\n", "\nYou said, we did\n"]
    places = [text.index(h) for h in headings]
    assert places == sorted(places)
    news = text[places[0] : places[1]]
    assert news.index("New bus route (2 June)") < news.index("Library opens late (6 June)")
    assert "Panel places for carers (4 June)" in text[places[1] : places[2]]
    said = text[places[2] :]
    assert "You said, we did: Day centre plan (7 June)" in said
    assert "You said: The day centre closes too early." in said
    for outside in ("Last week's news", "Next week's news", "Saturday club starts"):
        assert outside not in text
    assert "from Monday 1 June to Sunday 7 June 2026" in text
    digest.refresh_from_db()
    assert digest.sent_at is not None


def test_who_gets_what(week: tuple[World, Digest]) -> None:
    world, digest = week
    network = networks(world).network
    actions.subscription_set(actor=world.member, network=network, how="site")
    actions.subscription_set(actor=world.facilitator, network=network, how="each")
    tasks.send_digest.call(digest_id=digest.pk)
    assert mail.outbox == []  # one hears on the site, the other had every post already
    post = actions.post_save(
        actor=world.facilitator, network=network, kind="news", title="Now", body="Hello."
    )
    tasks.send_post.call(post_id=post.pk)
    assert [m.to for m in mail.outbox] == [[world.facilitator.email]]
    assert mail.outbox[0].subject == f"{network.title}: Now"


def test_an_email_has_a_plain_text_part_and_one_click_unsubscribe(
    week: tuple[World, Digest],
) -> None:
    world, digest = week
    tasks.send_digest.call(digest_id=digest.pk)
    [message] = _to(world.member.email or "")
    assert message.content_subtype == "plain"
    assert not getattr(message, "alternatives", [])
    row = Subscription.objects.get(person=world.member)
    token = selectors.unsubscribe_token(row)
    page = reverse("network-unsubscribe", args=[token])
    assert message.extra_headers["List-Unsubscribe"].endswith(
        reverse("network-unsubscribe-one-click", args=[token]) + ">"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert page in message.body
    # The header's address works as RFC 8058 says: a POST with no cookie and no CSRF token.
    client = Client(enforce_csrf_checks=True)
    path = reverse("network-unsubscribe-one-click", args=[token])
    response = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.how == "site"


def test_unsubscribe_tokens_reveal_nothing(world: World) -> None:
    """A token is the subscription's random key and a signature: no address, name or id."""
    made = networks(world)
    for token, row in (
        (made.unsubscribe_token, made.member_row),
        (selectors.unsubscribe_token(made.pending), made.pending),
    ):
        key, signature = token.split(":")
        assert key == row.key.hex
        assert "@" not in token and "example" not in token.lower()
        # The whole name (a random key may hold two letters of it by chance).
        assert world.member.name.replace(" ", "").lower() not in token.lower()
        assert re.fullmatch(r"[0-9a-f]{32}", key) and re.fullmatch(r"[\w-]+", signature)
    # A changed signature is refused, and the page says only that there is nothing to stop.
    forged = made.member_row.key.hex + ":" + "x" * 43
    assert selectors.subscription_to_end(forged) is None
    page = Client().get(reverse("network-unsubscribe", args=[forged]))
    assert "No emails to stop" in page.content.decode()


def test_double_opt_in_sends_nothing_before_confirming(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    made = networks(world)
    public = made.public
    anonymous = Client()
    join = reverse("network-join", args=[world.org.slug, public.group.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(join, {"email": "Lee@Example.org", "how": "each"})
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    [confirm] = mail.outbox
    assert confirm.to == ["lee@example.org"]
    assert "List-Unsubscribe" not in confirm.extra_headers
    link = re.search(r"http://\S+/n/confirm/\S+/", str(confirm.body))
    assert link is not None
    mail.outbox.clear()

    # A post and a digest before they confirm: nothing reaches them.
    with django_capture_on_commit_callbacks(execute=True):
        post = actions.post_save(
            actor=world.facilitator, network=public, kind="news", title="Early", body="Hi."
        )
    digest = actions.digest_make(network=public, week=timezone.localdate())
    tasks.send_digest.call(digest_id=digest.pk)
    assert _to("lee@example.org") == []

    # Following the link shows a button; only pressing it confirms.
    path = urlparse(link.group(0)).path
    page = anonymous.get(path)
    assert "Yes, send me the emails" in page.content.decode()
    assert Subscription.objects.get(email="lee@example.org").confirmed_at is None
    done = anonymous.post(path)
    assert "You are on the list" in done.content.decode()
    assert Subscription.objects.get(email="lee@example.org").confirmed_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        actions.post_save(
            actor=world.facilitator, network=public, kind="news", title="Later", body="Hi."
        )
    [later] = _to("lee@example.org")
    assert later.subject.endswith(": Later")
    # The earlier post is never sent to them afterwards either.
    tasks.send_post.call(post_id=post.pk)
    assert len(_to("lee@example.org")) == 1


def test_joining_twice_tells_no_one_who_is_on_the_list(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    made = networks(world)
    actions.mailing_list_confirm(subscription=made.pending)
    join = reverse("network-join", args=[world.org.slug, made.public.group.slug])
    with django_capture_on_commit_callbacks(execute=True):
        on_list = Client().post(join, {"email": "new@example.org", "how": "digest"})
        not_on = Client().post(join, {"email": "other@example.org", "how": "digest"})

    def without_token(page: bytes) -> str:
        # The page's CSRF tokens (htmx's header and the language switch's form) differ.
        page_text = re.sub(r'"X-CSRFToken": "[^"]+"', "", page.decode())
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page_text)

    assert without_token(on_list.content) == without_token(not_on.content)
    assert [m.to for m in mail.outbox] == [["other@example.org"]]


def test_a_confirm_link_runs_out(world: World) -> None:
    made = networks(world)
    later = timezone.now() + timedelta(days=selectors.CONFIRM_DAYS, minutes=1)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = Client().get(reverse("network-confirm", args=[made.confirm_token]))
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_unsubscribe_by_link_with_no_sign_in(world: World) -> None:
    made = networks(world)
    actions.mailing_list_confirm(subscription=made.pending)
    token = selectors.unsubscribe_token(made.pending)
    client = Client()
    url = reverse("network-unsubscribe", args=[token])
    page = client.get(url)
    assert page.status_code == 200
    assert "Stop the emails" in page.content.decode()
    done = client.post(url)
    assert "The emails have stopped" in done.content.decode()
    # The address outside Equal Voice is forgotten at once.
    assert not Subscription.objects.filter(email="new@example.org").exists()
    # The same link again says so plainly.
    again = client.post(url)
    assert "No emails to stop" in again.content.decode()


def test_no_email_is_sent_twice_when_the_task_runs_again(week: tuple[World, Digest]) -> None:
    world, digest = week
    assert tasks.send_digest.call(digest_id=digest.pk) == 2
    Digest.objects.filter(pk=digest.pk).update(sent_at=None)
    assert tasks.send_digest.call(digest_id=digest.pk) == 0
    assert len(mail.outbox) == 2
    assert Delivery.objects.filter(digest=digest, sent_at__isnull=False).count() == 2


def test_a_failure_part_way_is_retried_without_sending_anyone_twice(
    week: tuple[World, Digest], settings
) -> None:  # type: ignore[no-untyped-def]
    world, digest = week
    settings.EQUALVOICE_NETWORK_BATCH = 2
    # Three more members on the digest, so there are two batches.
    extra = []
    for n in range(3):
        person = make_user(name=f"Extra {n}", email=f"extra{n}@example.org")
        core_actions.membership_add(actor=world.admin, group=world.group, user=person)
        extra.append(person)
    real = EmailBackend.send_messages
    calls = {"n": 0}

    def flaky(self, messages):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("The mail server went away")
        return real(self, messages)

    with mock.patch.object(EmailBackend, "send_messages", flaky):
        tasks.send_digest.call(digest_id=digest.pk)
    addresses = sorted(str(m.to[0]) for m in mail.outbox)
    expected = sorted(
        str(e) for e in [world.member.email, world.facilitator.email, *(p.email for p in extra)]
    )
    assert addresses == expected  # each once: the failed one was sent on the retry
    assert calls["n"] == 6
    digest.refresh_from_db()
    assert digest.sent_at is not None


def test_a_post_is_emailed_to_every_post_people_once(
    world: World, django_capture_on_commit_callbacks, settings
) -> None:  # type: ignore[no-untyped-def]
    made = networks(world)
    actions.subscription_set(actor=world.member, network=made.network, how="each")
    with django_capture_on_commit_callbacks(execute=True):
        post = actions.post_save(
            actor=world.facilitator,
            network=made.network,
            kind="opportunity",
            title="Come to the workshop",
            body="The workshop is on Friday.\nWe pay for travel.",
        )
    [message] = mail.outbox
    assert message.to == [world.member.email]
    assert "The workshop is on Friday.\nWe pay for travel." in message.body
    assert settings.EQUALVOICE_SITE_URL.rstrip("/") + post.get_absolute_url() in message.body
    tasks.send_post.call(post_id=post.pk)
    assert len(mail.outbox) == 1


def test_the_command_makes_and_sends_last_weeks_digest(world: World) -> None:
    from django.core.management import call_command

    made = networks(world)
    today = timezone.localdate()
    last_monday = selectors.week_of(today) - timedelta(days=7)
    Post.objects.filter(network=made.network).update(published_at=_at(last_monday))
    call_command("send_network_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    digest = Digest.objects.get(network=made.network)
    assert digest.week_of == last_monday and digest.sent_at is not None
    assert sorted(str(m.to[0]) for m in mail.outbox) == sorted(
        [str(world.member.email), str(world.facilitator.email)]
    )
    mail.outbox.clear()
    call_command("send_network_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []


def test_asking_again_sends_the_confirm_email_at_most_once_an_hour(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    made = networks(world)
    join = reverse("network-join", args=[world.org.slug, made.public.group.slug])
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            Client().post(join, {"email": "flood@example.org", "how": "digest"})
    assert len(_to("flood@example.org")) == 1
    Subscription.objects.filter(email="flood@example.org").update(
        created_at=timezone.now() - timedelta(hours=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(join, {"email": "flood@example.org", "how": "each"})
    assert len(_to("flood@example.org")) == 2
    assert Subscription.objects.get(email="flood@example.org").how == "each"


def test_a_network_made_private_emails_no_one_outside_it(world: World) -> None:
    made = networks(world)
    public = made.public
    actions.mailing_list_confirm(subscription=made.pending)
    actions.network_save(actor=world.facilitator, group=public.group, public=False)
    public.refresh_from_db()
    post = _post(world, public, "news", "Members only now", timezone.localdate())
    digest = actions.digest_make(network=public, week=timezone.localdate())
    mail.outbox.clear()
    tasks.send_digest.call(digest_id=digest.pk)
    tasks.send_post.call(post_id=post.pk)
    assert _to("new@example.org") == []
    # Its join page is gone too.
    join = reverse("network-join", args=[world.org.slug, public.group.slug])
    assert Client().get(join).status_code == 404
