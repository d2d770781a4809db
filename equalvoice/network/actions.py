"""Every change to networks: permission, audit log (never the words of a post, never an
email address), one transaction, and emails enqueued after commit."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from equalvoice.core import audit
from equalvoice.core.models import Group, User
from equalvoice.core.permissions import require as _require

from . import selectors
from .models import Delivery, Digest, Network, Post, Subscription

if TYPE_CHECKING:
    from equalvoice.record.models import YouSaid

TITLE_MAX = 200
BODY_MAX = 10_000
NAME_MAX = 100
NEEDS_TITLE = gettext_lazy("Give the post a title in a few words")
NEEDS_BODY = gettext_lazy("Write what the post says")
# Asking again to join sends the confirm email again, but not more than once an hour, so
# the form cannot be used to flood someone's inbox.
ASK_AGAIN_AFTER = timedelta(hours=1)


@transaction.atomic
def network_save(
    *,
    actor: User,
    group: Group,
    newsletter_name: str = "",
    public: bool = False,
    easy_read_newsletter: bool = False,
) -> Network:
    """Make the group a network, or change how it works: its newsletter's name, whether
    anyone may read it (and join its mailing list), and whether its newsletter is in easy
    read."""
    _require(actor, "network.run", group)
    if len(newsletter_name) > NAME_MAX:
        raise ValidationError(
            {"newsletter_name": _("Keep the name to %(count)s characters") % {"count": NAME_MAX}}
        )
    network = selectors.network_of(group)
    made = network is None
    if network is None:
        network = Network(group=group, organisation=group.organisation)
    network.newsletter_name = newsletter_name.strip()
    network.public = public
    network.easy_read_newsletter = easy_read_newsletter
    network.save()
    audit.record(
        organisation=group.organisation,
        actor=actor,
        verb="network.create" if made else "network.change",
        obj=network,
        summary=f"{actor} {'made' if made else 'changed'} the network {group}"
        + (" (public)" if public else " (members only)"),
    )
    return network


def _check(title: str, body: str) -> None:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = str(NEEDS_TITLE)
    elif len(title) > TITLE_MAX:
        errors["title"] = _("Keep the title to %(count)s characters") % {"count": TITLE_MAX}
    if not body.strip():
        errors["body"] = str(NEEDS_BODY)
    elif len(body) > BODY_MAX:
        errors["body"] = _("Keep the post to %(count)s characters") % {"count": f"{BODY_MAX:,}"}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def post_save(
    *,
    actor: User,
    network: Network,
    kind: str,
    title: str,
    body: str,
    post: Post | None = None,
    you_said: YouSaid | None = None,
) -> Post:
    """Publish a post, or change one. A new post is emailed at once to the people who
    chose every post; the digest picks it up at the end of the week."""
    _require(actor, "network.run", network)
    if kind not in Post.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of post it is")})
    _check(title, body)
    if you_said is not None and you_said.initiative.group_id != network.group_id:
        raise ValidationError({"you_said": _("Choose a line from this group's record")})
    made = post is None
    if post is None:
        post = Post.objects.create(
            network=network,
            kind=kind,
            title=title.strip(),
            body=body,
            author=actor,
            you_said=you_said,
        )
    else:
        if post.network_id != network.pk:
            raise ValidationError("This post belongs to another network")
        post.kind, post.title, post.body = kind, title.strip(), body
        post.edited_at = timezone.now()
        post.save(update_fields=["kind", "title", "body", "edited_at"])
    audit.record(
        organisation=network.organisation,
        actor=actor,
        verb="network_post.create" if made else "network_post.change",
        obj=post,
        summary=f"{actor} {'published' if made else 'changed'} the post “{post.title}” "
        f"in {network.group}",
    )
    if made:
        from .tasks import send_post

        post_id = post.pk
        transaction.on_commit(lambda: send_post.enqueue(post_id=post_id))
    return post


def you_said_body(line: YouSaid) -> str:
    return f"You said: {line.said}\n\nWe did: {line.did}"


@transaction.atomic
def post_from_you_said(
    *, actor: User, network: Network, line: YouSaid, title: str = "", intro: str = ""
) -> Post:
    """A "you said, we did" post made from a line of the co-production record; it links
    back to the record."""
    body = you_said_body(line)
    if intro.strip():
        body = f"{intro.strip()}\n\n{body}"
    return post_save(
        actor=actor,
        network=network,
        kind=Post.Kind.YOU_SAID,
        title=title.strip() or f"You said, we did: {line.initiative.title}",
        body=body,
        you_said=line,
    )


@transaction.atomic
def subscription_set(*, actor: User, network: Network, how: str) -> Subscription:
    """A member chooses how they hear from the network."""
    _require(actor, "network.subscribe", network)
    if how not in Subscription.How.values:
        raise ValidationError({"how": _("Choose how you want to hear from the network")})
    row, _created = Subscription.objects.get_or_create(
        network=network, person=actor, defaults={"how": how, "confirmed_at": timezone.now()}
    )
    if row.how != how:
        row.how = how
        row.save(update_fields=["how"])
    audit.record(
        organisation=network.organisation,
        actor=actor,
        verb="network_subscription.set",
        obj=row,
        summary=f"{actor} chose how they hear from {network.group}: {row.get_how_display()}",
    )
    return row


def member_subscriptions_fill(network: Network) -> int:
    """Give every member with none a row saying the default (the weekly digest), so each
    has an unsubscribe key. Changes no one's choice; returns how many rows it made."""
    members = selectors.core.people_in_group(network.group).exclude(
        network_subscriptions__network=network
    )
    rows = [Subscription(network=network, person=p, confirmed_at=timezone.now()) for p in members]
    Subscription.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def mailing_list_join(*, network: Network, email: str, how: str) -> Subscription | None:
    """Someone outside Equal Voice asks to join a public network's mailing list. Nothing
    is sent to them but the email asking them to confirm; an address already confirmed is
    left as it is, and the page says the same either way, so it tells no one who is on the
    list. Returns the pending subscription, or None when nothing was sent."""
    if not network.public:
        raise ValidationError(_("This network does not have a public mailing list"))
    if how not in (Subscription.How.EACH, Subscription.How.DIGEST):
        raise ValidationError({"how": _("Choose how often you want emails")})
    address = email.strip().lower()
    row = Subscription.objects.filter(network=network, email=address).first()
    if row is not None and row.confirmed_at is not None:
        return None
    if row is None:
        row = Subscription.objects.create(network=network, email=address, how=how)
    elif row.created_at > timezone.now() - ASK_AGAIN_AFTER:
        return None  # asked within the hour: one email is enough
    else:
        row.how, row.created_at = how, timezone.now()
        row.save(update_fields=["how", "created_at"])
    audit.record(
        organisation=network.organisation,
        actor=None,
        verb="mailing_list.join",
        obj=row,
        summary=f"Someone asked to join the mailing list of {network.group}",
    )
    from .tasks import send_confirmation

    row_id, language = row.pk, get_language() or ""
    transaction.on_commit(
        lambda: send_confirmation.enqueue(subscription_id=row_id, language=language)
    )
    return row


@transaction.atomic
def mailing_list_confirm(*, subscription: Subscription) -> Subscription:
    """The person followed the link in the email: from now on they get the emails."""
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
        audit.record(
            organisation=subscription.network.organisation,
            actor=None,
            verb="mailing_list.confirm",
            obj=subscription,
            summary=f"Someone confirmed they want emails from {subscription.network.group}",
        )
    return subscription


@transaction.atomic
def unsubscribe(*, subscription: Subscription) -> None:
    """Stop the emails, from the link in an email, with no sign-in. An address outside
    Equal Voice is deleted there and then; a member hears on the site only."""
    network = subscription.network
    if subscription.external:
        audit.record(
            organisation=network.organisation,
            actor=None,
            verb="mailing_list.leave",
            obj=subscription,
            summary=f"Someone left the mailing list of {network.group}",
        )
        subscription.delete()
        return
    if subscription.how != Subscription.How.SITE:
        subscription.how = Subscription.How.SITE
        subscription.save(update_fields=["how"])
        audit.record(
            organisation=network.organisation,
            actor=None,
            on_behalf_of=subscription.person,
            verb="network_subscription.unsubscribe",
            obj=subscription,
            summary=f"A member stopped emails from {network.group} by the link in an email",
        )


def mailing_list_tidy(now: datetime | None = None) -> int:
    """Forget addresses that were never confirmed within `CONFIRM_DAYS`."""
    cutoff = (now or timezone.now()) - timedelta(days=selectors.CONFIRM_DAYS)
    gone, _removed = Subscription.objects.filter(
        person__isnull=True, confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    return gone


@transaction.atomic
def mailing_list_download(*, actor: User, network: Network) -> list[Subscription]:
    """The confirmed addresses, for an organisation admin; the download is in the audit log."""
    _require(actor, "network.download_list", network)
    rows = list(selectors.mailing_list(network))
    audit.record(
        organisation=network.organisation,
        actor=actor,
        verb="mailing_list.download",
        obj=network,
        summary=f"{actor} downloaded the mailing list of {network.group} ({len(rows)} addresses)",
    )
    return rows


def digest_make(*, network: Network, week: date) -> Digest:
    """The digest of the week starting `week` (a Monday), made once."""
    digest, _made = Digest.objects.get_or_create(network=network, week_of=selectors.week_of(week))
    return digest


def digests_make_due(today: date | None = None) -> list[Digest]:
    """A digest for every network with posts last week and no digest for it yet."""
    today = today or timezone.localdate()
    last_week = selectors.week_of(today) - timedelta(days=7)
    return [
        digest_make(network=n, week=last_week) for n in selectors.networks_without_digest(last_week)
    ]


def digest_sent(digest: Digest) -> None:
    digest.sent_at = timezone.now()
    digest.save(update_fields=["sent_at"])


def post_emailed(post: Post) -> None:
    post.emailed_at = timezone.now()
    post.save(update_fields=["emailed_at"])


def delivery_claim(
    *, post: Post | None = None, digest: Digest | None = None, subscription: Subscription
) -> Delivery | None:
    """Claim one email before sending it. None when it was claimed (or sent) before: the
    unique constraints on `Delivery` decide, so two runs of a task cannot both send it."""
    try:
        with transaction.atomic():
            return Delivery.objects.create(
                post=post,
                digest=digest,
                person=subscription.person,
                subscription=None if subscription.person_id else subscription,
            )
    except IntegrityError:
        return None


def delivery_sent(delivery: Delivery) -> None:
    delivery.sent_at = timezone.now()
    delivery.save(update_fields=["sent_at"])


def delivery_release(delivery: Delivery) -> None:
    """Sending failed: let the next try send it."""
    delivery.delete()
