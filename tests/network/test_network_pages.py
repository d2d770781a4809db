"""Network pages as people read them: the network's posts, a post and its easy-read
version, a "you said, we did" post linking back to the record, the monthly newsletter PDF
(in easy read when the network says so), and forms that keep what was typed."""

from __future__ import annotations

from datetime import date, datetime, time

from django.urls import reverse
from django.utils import timezone

from equalvoice.network import actions
from equalvoice.network.models import Post

from ..conftest import World
from ..page_text import page_text, pdf_text
from .builders import networks


def _on(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _june(world: World) -> list[Post]:
    made = networks(world)
    network = made.network
    Post.objects.filter(pk=made.post.pk).update(published_at=_on(date(2026, 6, 3)))
    second = actions.post_save(
        actor=world.facilitator,
        network=network,
        kind="opportunity",
        title="Be on the interview panel",
        body="We are hiring a new manager for the day centre. "
        "We want two members on the interview panel. We pay for your time.",
    )
    Post.objects.filter(pk=second.pk).update(published_at=_on(date(2026, 6, 20)))
    july = actions.post_save(
        actor=world.facilitator, network=network, kind="news", title="July news", body="Later."
    )
    Post.objects.filter(pk=july.pk).update(published_at=_on(date(2026, 7, 1)))
    return [made.post, second]


def _pdf(world: World, role: str = "member") -> str:
    url = reverse("network-newsletter", args=[world.org.slug, world.group.slug, 2026, 6])
    response = world.client(role).get(url)
    assert response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)


def test_the_newsletter_has_the_months_posts_in_order(world: World) -> None:
    _june(world)
    text = _pdf(world)
    assert text.startswith("Expert panel June 2026")
    first = text.index("Saturday club starts")
    second = text.index("Be on the interview panel")
    assert first < second
    assert "News, 3 June 2026" in text
    assert "A chance to take part, 20 June 2026" in text
    assert "We want two members on the interview panel." in text
    assert "July news" not in text
    assert "This is the easy read version" not in text


def test_the_newsletter_in_easy_read_has_one_sentence_a_line(world: World) -> None:
    _june(world)
    actions.network_save(
        actor=world.facilitator,
        group=world.group,
        newsletter_name="Panel Voice",
        easy_read_newsletter=True,
    )
    text = _pdf(world)
    assert text.startswith("Panel Voice June 2026. This is the easy read version.")
    # Each sentence of the post is its own line of the easy-read list, in order.
    sentences = [
        "We are hiring a new manager for the day centre.",
        "We want two members on the interview panel.",
        "We pay for your time.",
    ]
    places = [text.index(s) for s in sentences]
    assert places == sorted(places)


def test_a_month_with_no_posts_says_so_and_a_wrong_month_is_not_found(world: World) -> None:
    networks(world)
    url = reverse("network-newsletter", args=[world.org.slug, world.group.slug, 2025, 1])
    assert "There were no posts this month." in pdf_text(world.client("member").get(url).content)
    wrong = reverse("network-newsletter", args=[world.org.slug, world.group.slug, 2026, 13])
    assert world.client("member").get(wrong).status_code == 404


def test_the_network_page_lists_posts_and_newsletters(world: World) -> None:
    _june(world)
    text = page_text(world.client("member").get(networks(world).network.get_absolute_url()))
    assert text.index("July news") < text.index("Be on the interview panel")
    assert text.index("Be on the interview panel") < text.index("Saturday club starts")
    assert "Expert panel, July 2026 (PDF)" in text
    assert "Expert panel, June 2026 (PDF)" in text
    assert "How I hear from this network" in text
    assert "Write a post" not in text


def test_a_post_and_its_easy_read_version(world: World) -> None:
    made = networks(world)
    page = page_text(world.client("member").get(made.post.get_absolute_url()))
    assert "Saturday club starts" in page
    assert "by Fran Facilitator" in page
    easy = world.client("member").get(
        reverse("network-post-easy-read", args=[world.org.slug, made.post.pk])
    )
    text = page_text(easy)
    assert "This is the easy read version. There is one sentence on each line." in text
    assert easy.content.decode().count('class="ev-easy__sentence"') == 2
    pdf = world.client("member").get(
        reverse("network-post-easy-read-pdf", args=[world.org.slug, made.post.pk])
    )
    assert "The Saturday club starts on 6 June." in pdf_text(pdf.content)


def test_a_public_post_does_not_name_its_author_to_the_public(world: World) -> None:
    made = networks(world)
    text = page_text(world.client("anonymous").get(made.public_post.get_absolute_url()))
    assert "Join the carers' panel" in text
    assert "Fran Facilitator" not in text


def test_a_you_said_post_links_back_to_the_record(world: World) -> None:
    made = networks(world)
    line = world.initiative.you_said.get()
    response = world.client("facilitator").post(
        reverse("network-post-you-said", args=[world.org.slug, world.group.slug]),
        {"line": line.pk, "title": "", "intro": "Thank you for telling us."},
    )
    assert response.status_code == 302
    post = Post.objects.get(network=made.network, kind="you_said")
    assert post.you_said == line
    assert post.title == "You said, we did: Day centre plan"
    assert post.body == (
        "Thank you for telling us.\n\nYou said: The day centre closes too early.\n\n"
        "We did: It now stays open until 6pm on weekdays."
    )
    page = world.client("member").get(post.get_absolute_url()).content.decode()
    public = reverse("you-said-public", args=[world.org.slug, world.initiative.pk])
    assert f'href="{public}"' in page
    assert "See this in the record of Day centre plan" in page


def test_a_line_from_another_groups_record_is_refused(world: World) -> None:
    from equalvoice.record import actions as record_actions

    networks(world)
    other = record_actions.initiative_save(
        actor=world.admin,
        organisation=world.org,
        title="Board plan",
        kind="plan",
        group=world.other_group,
    )
    line = record_actions.you_said_add(actor=world.admin, initiative=other, said="A", did="B")
    response = world.client("facilitator").post(
        reverse("network-post-you-said", args=[world.org.slug, world.group.slug]),
        {"line": line.pk},
    )
    assert response.status_code == 400
    assert "Choose a line from the record" in response.content.decode()


def test_a_post_with_errors_keeps_what_was_typed(world: World) -> None:
    networks(world)
    url = reverse("network-post-create", args=[world.org.slug, world.group.slug])
    response = world.client("facilitator").post(
        url, {"kind": "gossip", "title": "", "body": "Keep these words <b>safe</b>."}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Give the post a title in a few words" in body
    assert "Choose what kind of post it is" in body
    assert "Keep these words &lt;b&gt;safe&lt;/b&gt;." in body
    assert not Post.objects.filter(body__startswith="Keep these").exists()


def test_the_join_form_refuses_a_bad_address_plainly(world: World) -> None:
    made = networks(world)
    url = reverse("network-join", args=[world.org.slug, made.public.group.slug])
    response = world.client("anonymous").post(url, {"email": "not an address", "how": "each"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter an email address like name@example.org" in body
    assert 'value="not an address"' in body
    private = reverse("network-join", args=[world.org.slug, world.group.slug])
    assert world.client("anonymous").get(private).status_code == 404


def test_how_i_hear_saves_a_members_choice(world: World) -> None:
    made = networks(world)
    url = reverse("network-hearing", args=[world.org.slug, world.group.slug])
    page = world.client("member").get(url).content.decode()
    assert 'value="digest" checked' in page
    response = world.client("member").post(url, {"how": "each"}, follow=True)
    assert "Saved. You will hear: an email for every post." in response.content.decode()
    made.member_row.refresh_from_db()
    assert made.member_row.how == "each"
    assert world.client("member").post(url, {"how": "pigeon"}).status_code == 400


def test_the_demo_has_send_voice_with_a_digest_ready(db: None) -> None:  # type: ignore[no-untyped-def]
    from django.core import mail

    from equalvoice.core.demo import load_demo
    from equalvoice.network import tasks
    from equalvoice.network.models import Digest, Network, Subscription

    load_demo()
    network = Network.objects.get(newsletter_name="SEND Voice")
    assert network.group.name == "SEND Parent Carer Network" and network.public
    posts = list(network.posts.all())
    assert len(posts) >= 6
    assert any(p.kind == "you_said" and p.you_said is not None for p in posts)
    first, last = min(p.published_at for p in posts), max(p.published_at for p in posts)
    assert (last - first).days >= 20
    externals = Subscription.objects.filter(network=network, person__isnull=True)
    assert externals.filter(confirmed_at__isnull=False).count() == 1
    assert externals.filter(confirmed_at__isnull=True).count() == 1
    [digest] = Digest.objects.filter(network=network, sent_at__isnull=True)
    mail.outbox.clear()
    sent = tasks.send_digest.call(digest_id=digest.pk)
    to = sorted(m.to[0] for m in mail.outbox)
    assert sent == len(to) and "pat.greenhalgh@example.org" in to
    assert "sam.okoro@example.net" not in to  # not confirmed
    for message in mail.outbox:
        assert "\nYou said, we did\n" in message.body


def test_the_group_page_links_to_its_network(world: World) -> None:
    group_url = reverse("group", args=[world.org.slug, world.group.slug])
    settings_url = reverse("network-settings", args=[world.org.slug, world.group.slug])
    network_url = reverse("network", args=[world.org.slug, world.group.slug])
    # Not a network yet: those who run the group are offered to make it one.
    assert settings_url in world.client("facilitator").get(group_url).content.decode()
    member_page = world.client("member").get(group_url).content.decode()
    assert settings_url not in member_page and network_url not in member_page
    networks(world)
    for role in ("member", "facilitator", "admin"):
        assert network_url in world.client(role).get(group_url).content.decode()


def test_the_network_page_reads_the_same_number_of_queries_for_more_posts(
    world: World,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    made = networks(world)
    client = world.client("member")
    url = made.network.get_absolute_url()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for n in range(8):
        actions.post_save(
            actor=world.facilitator, network=made.network, kind="news", title=f"N{n}", body="x."
        )
    assert count() == few
