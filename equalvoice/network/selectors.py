"""Reads with rules for networks. A private network's posts are "not found" outside its
group (and its organisation's admins); a public network's are for anyone. Nothing here
ever gives a member's email address to a page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core import signing
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from equalvoice.core import selectors as core
from equalvoice.core.models import Group, User

from .models import Digest, Network, Post, Subscription

CONFIRM_SALT = "equalvoice.network.confirm"
UNSUBSCRIBE_SALT = "equalvoice.network.unsubscribe"
CONFIRM_DAYS = 7


def network_of(group: Group) -> Network | None:
    """The group's network, if the group is one."""
    return Network.objects.filter(group=group).select_related("group", "organisation").first()


def public_network(org_slug: str, group_slug: str) -> Network | None:
    """A public network by its address, for anyone; None when there is no such public
    network (private ones are found only through `network_for`)."""
    return (
        Network.objects.filter(organisation__slug=org_slug, group__slug=group_slug, public=True)
        .select_related("group", "organisation")
        .first()
    )


def network_for(user: User, org_slug: str, group_slug: str, *, public: bool = True) -> Network:
    """A network the person may read: a public one (unless `public` is False, for pages
    about running the network or belonging to it), or one of a group they may see."""
    found = public_network(org_slug, group_slug) if public else None
    if found is not None:
        return found
    group = core.group_for(user, org_slug, group_slug)
    network = network_of(group)
    if network is None:
        raise Http404("This group is not a network")
    return network


def _posts() -> QuerySet[Post]:
    return Post.objects.select_related(
        "network__group", "network__organisation", "author", "you_said__initiative"
    )


def posts_of(network: Network) -> QuerySet[Post]:
    return _posts().filter(network=network)


def public_post(org_slug: str, pk: int) -> Post | None:
    """A post of a public network, for anyone; None otherwise."""
    return (
        _posts().filter(pk=pk, network__organisation__slug=org_slug, network__public=True).first()
    )


def post_for(user: User, org_slug: str, pk: int, *, public: bool = True) -> Post:
    """A post of a public network (unless `public` is False, for changing it), or of a
    network in a group the person may see."""
    found = public_post(org_slug, pk) if public else None
    if found is not None:
        return found
    rows = _posts().filter(pk=pk)
    organisation = core.organisation_for(user, org_slug)
    rows = rows.filter(network__group__in=core.groups_visible_to(user, organisation))
    return core.first_or_404(rows, "No such post")


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The start of the month and of the next, in local time; 404 for a month that is not
    a real one."""
    try:
        first = date(year, month, 1)
    except ValueError:
        raise Http404("No such month") from None
    following = date(year + (month == 12), month % 12 + 1, 1)
    return _start_of(first), _start_of(following)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def posts_in_month(network: Network, year: int, month: int) -> list[Post]:
    """The month's posts, oldest first, as a newsletter reads."""
    start, end = month_bounds(year, month)
    rows = posts_of(network).filter(published_at__gte=start, published_at__lt=end)
    return list(rows.order_by("published_at", "id"))


def months_with_posts(network: Network) -> list[date]:
    """The first day of each month the network posted in, latest first."""
    months = posts_of(network).datetimes("published_at", "month", order="DESC")
    return [m.date() for m in months]


def week_of(day: date) -> date:
    """The Monday of the week `day` is in."""
    return day - timedelta(days=day.weekday())


def digest_posts(digest: Digest) -> list[tuple[str, list[Post]]]:
    """The week's posts grouped by kind, in the order of `Post.Kind`, oldest first within
    each; kinds with no post are left out."""
    start = _start_of(digest.week_of)
    rows = posts_of(digest.network).filter(
        published_at__gte=start, published_at__lt=start + timedelta(days=7)
    )
    return group_by_kind(rows.order_by("published_at", "id"))


def group_by_kind(posts: Iterable[Post]) -> list[tuple[str, list[Post]]]:
    by_kind: dict[str, list[Post]] = {kind: [] for kind in Post.Kind.values}
    for post in posts:
        by_kind[post.kind].append(post)
    return [(str(Post.Kind(kind).label), rows) for kind, rows in by_kind.items() if rows]


def you_said_lines(group: Group) -> QuerySet:  # type: ignore[type-arg]
    """The "you said, we did" lines of the group's plans and projects in the record."""
    from equalvoice.record.models import YouSaid
    from equalvoice.record.selectors import initiatives_in_group

    return YouSaid.objects.filter(initiative__in=initiatives_in_group(group)).select_related(
        "initiative"
    )


def subscription_of(network: Network, person: User) -> Subscription | None:
    return Subscription.objects.filter(network=network, person=person).first()


def mailing_list_count(network: Network) -> int:
    """How many people outside Equal Voice have confirmed they want the network's emails."""
    return Subscription.objects.filter(
        network=network, person__isnull=True, confirmed_at__isnull=False
    ).count()


def mailing_list(network: Network) -> QuerySet[Subscription]:
    """The confirmed mailing-list addresses (for the organisation's admins' download)."""
    return Subscription.objects.filter(
        network=network, person__isnull=True, confirmed_at__isnull=False
    ).order_by("confirmed_at", "id")


def confirm_token(subscription: Subscription) -> str:
    """The confirm link's token: only the subscription's random key, signed and dated."""
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(subscription.key.hex)


def unsubscribe_token(subscription: Subscription) -> str:
    """The unsubscribe link's token: only the subscription's random key, signed."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(subscription.key.hex)


def _by_key(key: str) -> Subscription | None:
    return (
        Subscription.objects.filter(key=key)
        .select_related("network__group", "network__organisation")
        .first()
        if len(key) == 32 and all(c in "0123456789abcdef" for c in key)
        else None
    )


def subscription_to_confirm(token: str) -> Subscription | None:
    """The pending mailing-list subscription a confirm link is for; None when the link is
    wrong, has run out (after `CONFIRM_DAYS`) or was already used."""
    try:
        key = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(
            token, max_age=timedelta(days=CONFIRM_DAYS)
        )
    except signing.BadSignature:
        return None
    return _by_key(key)


def subscription_to_end(token: str) -> Subscription | None:
    """The subscription an unsubscribe link is for; None when the link is wrong or the
    subscription has gone."""
    try:
        key = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return _by_key(key)


@dataclass
class Recipient:
    email: str
    subscription: Subscription
    name: str = ""

    @property
    def person(self) -> User | None:
        return self.subscription.person


def recipients(network: Network, how: str, before: datetime | None = None) -> list[Recipient]:
    """Who gets an email of this kind (`Subscription.How.EACH` or `DIGEST`): members with
    an email address who chose it (a member who never chose hears by the digest; every
    member has a row once `actions.member_subscriptions_fill` has run), and, while the
    network is public, confirmed mailing-list addresses (confirmed `before` a time, when
    given: a post is not sent later to someone who joined after it)."""
    members = core.people_in_group(network.group).exclude(email__isnull=True).exclude(email="")
    rows = Subscription.objects.filter(network=network, how=how).select_related("person")
    chosen = rows.filter(Q(person__in=members) | Q(person__isnull=True, confirmed_at__isnull=False))
    if not network.public:
        chosen = chosen.filter(person__isnull=False)
    if before is not None:
        chosen = chosen.exclude(person__isnull=True, confirmed_at__gt=before)
    found = []
    for row in chosen.order_by("id"):
        if row.person is not None:
            found.append(Recipient(row.person.email or "", row, row.person.name))
        elif row.email:
            found.append(Recipient(row.email, row))
    return found


def digests_to_send() -> QuerySet[Digest]:
    return Digest.objects.filter(sent_at__isnull=True).select_related(
        "network__group", "network__organisation"
    )


def networks_without_digest(week: date) -> QuerySet[Network]:
    """Networks with posts in the week starting `week` and no digest for it yet."""
    start = _start_of(week)
    return (
        Network.objects.filter(
            posts__published_at__gte=start, posts__published_at__lt=start + timedelta(days=7)
        )
        .exclude(digests__week_of=week)
        .distinct()
    )
