"""The demo's network: Northshire's SEND Parent Carer Network publishes "SEND Voice", a
month of posts (one a "you said, we did" from the record), with members on the weekly
digest, one on every post and one on the site only, one person outside Equal Voice
confirmed on the mailing list and one not yet confirmed, and last week's digest ready to
send (`equalvoice send_network_digests`)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from equalvoice.core.demo import Demo
from equalvoice.record import actions as record_actions
from equalvoice.record.models import Initiative

from . import actions, selectors
from .models import Post, Subscription

# (days from the Monday of last week, kind, title, body)
POSTS: list[tuple[int, str, str, str]] = [
    (
        -20,
        "news",
        "New short breaks for the summer",
        "The council has agreed money for more short breaks this summer. "
        "There will be 40 more places at holiday clubs for disabled children. "
        "Parents asked for clubs closer to home, so there are two new clubs in the east of "
        "the county.",
    ),
    (
        -16,
        "opportunity",
        "Help us choose the new transport provider",
        "We are choosing who will drive children to school from September. "
        "We want two parents or carers on the panel that decides. "
        "The panel meets twice in June, on a Tuesday morning. "
        "We pay for your time and your travel. Reply to Robin by 30 May.",
    ),
    (
        -12,
        "news",
        "Coffee morning at the Riverside Centre",
        "Our next coffee morning is on Thursday at the Riverside Centre, from 10am to 12. "
        "Bring your child if you want to: there is a quiet room and a play area. "
        "The building has step-free access and a hearing loop.",
    ),
    (
        -8,
        "opportunity",
        "Tell us what you think of EHCP letters",
        "Education, health and care plan letters are too long and hard to read. "
        "We are writing them again with parents. "
        "Come to a workshop online on Wednesday evening, or send us a letter you found hard "
        "to read, with the names taken out.",
    ),
    (
        1,
        "news",
        "The local offer website has changed",
        "The local offer website is easier to search now. "
        "You can search by your child's age and by the area you live in. "
        "Parents in the network tested it with us in March. "
        "Tell us if something is still hard to find.",
    ),
    (
        4,
        "opportunity",
        "Young people: join the youth forum",
        "The SEND youth forum meets once a month after school. "
        "It is for young people aged 14 to 25. "
        "Members check council plans and tell the council what to change. "
        "Each member gets a voucher for every meeting.",
    ),
    (
        9,
        "news",
        "Next month's network meeting",
        "The next network meeting is online and at the Riverside Centre on the same day. "
        "We will talk about preparing for adulthood. "
        "Papers come in easy read a week before.",
    ),
]

YOU_SAID = (
    "Nurseries do not tell us enough about how our child's day went.",
    "The award now has a standard on talking with families every day, written by parents.",
)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def build(demo: Demo) -> None:
    council = demo.council
    group = demo.group("send-parent-carer-network")
    facilitator = demo.facilitators[council.slug]
    people = demo.people
    network = actions.network_save(
        actor=facilitator,
        group=group,
        newsletter_name="SEND Voice",
        public=True,
        easy_read_newsletter=True,
    )
    today = timezone.localdate()
    last_monday = selectors.week_of(today) - timedelta(days=7)
    made: list[Post] = []
    for offset, kind, title, body in POSTS:
        day = last_monday + timedelta(days=offset)
        if day > today:
            continue
        post = actions.post_save(
            actor=facilitator, network=network, kind=kind, title=title, body=body
        )
        Post.objects.filter(pk=post.pk).update(published_at=_at(day, 10))
        made.append(post)
    # A "you said, we did" from the record of the early years award.
    award = Initiative.objects.filter(organisation=council, group=group).order_by("id").first()
    if award is not None:
        line = record_actions.you_said_add(
            actor=facilitator, initiative=award, said=YOU_SAID[0], did=YOU_SAID[1]
        )
        post = actions.post_from_you_said(
            actor=facilitator,
            network=network,
            line=line,
            intro="Thank you to everyone who helped write the early years award.",
        )
        Post.objects.filter(pk=post.pk).update(
            published_at=_at(last_monday + timedelta(days=2), 14)
        )
        made.append(post)

    actions.subscription_set(actor=people["Jas Kaur-Whitley"], network=network, how="each")
    actions.subscription_set(actor=people["Rosa Linnell"], network=network, how="site")
    actions.subscription_set(actor=people["Carys Mbeki"], network=network, how="digest")
    actions.member_subscriptions_fill(network)
    # The posts went out to the person who asked for every post when they were published.
    jas = Subscription.objects.get(network=network, person=people["Jas Kaur-Whitley"])
    for post in made:
        delivery = actions.delivery_claim(post=post, subscription=jas)
        if delivery is not None:
            actions.delivery_sent(delivery)
        actions.post_emailed(post)

    confirmed = actions.mailing_list_join(
        network=network, email="pat.greenhalgh@example.org", how="digest"
    )
    if confirmed is not None:
        actions.mailing_list_confirm(subscription=confirmed)
    actions.mailing_list_join(network=network, email="sam.okoro@example.net", how="each")

    # Last week's digest, ready to send.
    actions.digest_make(network=network, week=last_monday)
