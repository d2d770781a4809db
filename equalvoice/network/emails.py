"""The network's emails: a post, a digest, and the email asking someone to confirm they
want to join the mailing list. Each has a plain-text part only, and every email about
posts has a one-click unsubscribe link that needs no sign-in (RFC 8058: the
List-Unsubscribe and List-Unsubscribe-Post headers, and the same link in the text).
A member gets each in the language they chose (core/emails.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import dateformat
from django.utils.translation import gettext as _

from equalvoice.core import emails

from . import selectors
from .models import Digest, Network, Post, Subscription
from .selectors import Recipient


def site(path: str) -> str:
    return settings.EQUALVOICE_SITE_URL.rstrip("/") + path


def unsubscribe_urls(subscription: Subscription) -> tuple[str, str]:
    """The page with the button (for the text), and the one-click address (for the header)."""
    token = selectors.unsubscribe_token(subscription)
    return (
        site(reverse("network-unsubscribe", args=[token])),
        site(reverse("network-unsubscribe-one-click", args=[token])),
    )


def _message(recipient: Recipient, network: Network, subject: str, body: str) -> EmailMessage:
    page, one_click = unsubscribe_urls(recipient.subscription)
    text = body + emails.text(
        "network/email/_footer.txt", {"network": network, "unsubscribe_url": page}
    )
    return EmailMessage(
        subject=emails.subject(subject),
        body=text,
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{one_click}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{network.title} <network-{network.pk}.{_host()}>",
        },
    )


def _host() -> str:
    return settings.EQUALVOICE_SITE_URL.split("//", 1)[-1].split("/", 1)[0].split(":")[0]


def post_email(post: Post, recipient: Recipient) -> EmailMessage:
    with emails.in_language_of(recipient.person):
        return _post_email(post, recipient)


def _post_email(post: Post, recipient: Recipient) -> EmailMessage:
    network = post.network
    body = emails.text(
        "network/email/post.txt",
        {"post": post, "network": network, "url": site(post.get_absolute_url())},
    )
    return _message(recipient, network, f"{network.title}: {post.title}", body)


def digest_email(
    digest: Digest, grouped: list[tuple[str, list[Post]]], recipient: Recipient
) -> EmailMessage:
    with emails.in_language_of(recipient.person):
        # The kinds' names in the reader's language.
        grouped = selectors.group_by_kind(post for _kind, posts in grouped for post in posts)
        return _digest_email(digest, grouped, recipient)


def _digest_email(
    digest: Digest, grouped: list[tuple[str, list[Post]]], recipient: Recipient
) -> EmailMessage:
    network = digest.network
    body = emails.text(
        "network/email/digest.txt",
        {
            "digest": digest,
            "network": network,
            "grouped": [
                (label, [(p, site(p.get_absolute_url())) for p in posts])
                for label, posts in grouped
            ],
            "url": site(network.get_absolute_url()),
        },
    )
    subject = _("%(title)s: the week of %(day)s") % {
        "title": network.title,
        "day": dateformat.format(digest.week_of, "j F Y"),
    }
    return _message(recipient, network, subject, body)


def confirm_email(subscription: Subscription) -> EmailMessage:
    network = subscription.network
    token = selectors.confirm_token(subscription)
    body = emails.text(
        "network/email/confirm.txt",
        {
            "network": network,
            "url": site(reverse("network-confirm", args=[token])),
            "days": selectors.CONFIRM_DAYS,
        },
    )
    return EmailMessage(
        subject=emails.subject(
            _("Please confirm: emails from %(title)s") % {"title": network.title}
        ),
        body=body,
        to=[subscription.email or ""],
    )
