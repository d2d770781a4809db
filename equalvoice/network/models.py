"""Networks: a group that says it is one publishes posts (news, opportunities to take
part, "you said, we did"), and people hear of them as they choose: on the site only,
every post by email, or a weekly digest (the default).

People outside Equal Voice can join a public network's mailing list with double opt-in.
Every email sent is recorded in `Delivery`, one row per (post or digest, recipient),
claimed before it is sent, so a task that runs again never sends the same email twice."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from equalvoice.core.models import Group, Organisation, User


class Network(models.Model):
    """A group that is a network. Its facilitators (and the organisation's admins) run it."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="network")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="networks"
    )
    newsletter_name = models.CharField(max_length=100, blank=True)
    public = models.BooleanField(default=False)
    easy_read_newsletter = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("network", args=[self.organisation.slug, self.group.slug])

    @property
    def title(self) -> str:
        return self.newsletter_name or self.group.name


class Post(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        OPPORTUNITY = "opportunity", _("A chance to take part")
        YOU_SAID = "you_said", _("You said, we did")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="posts")
    kind = models.CharField(max_length=16, choices=Kind, default=Kind.NEWS)
    title = models.CharField(max_length=200)
    body = models.TextField()
    title_cy = models.CharField("Title in Welsh", max_length=200, blank=True)
    body_cy = models.TextField("What the post says, in Welsh", blank=True)
    # A "you said, we did" post links back to the line of the record it was made from.
    you_said = models.ForeignKey(
        "record.YouSaid", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("network-post", args=[self.network.organisation.slug, self.pk])

    @property
    def easy_sections(self) -> list[tuple[str, str]]:
        """The post as speakeasy's easy-read view takes it: (heading, text) pairs."""
        return [("", self.body)]


class Subscription(models.Model):
    """How one person hears from a network: a member of the group (`person`), or someone
    outside Equal Voice on the mailing list (`email`, only after they confirm). A member
    with no row hears by the weekly digest."""

    class How(models.TextChoices):
        DIGEST = "digest", _("A weekly email with the week's posts")
        EACH = "each", _("An email for every post")
        SITE = "site", _("No emails: I will look on the site")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="subscriptions")
    person = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="network_subscriptions"
    )
    email = models.EmailField(null=True, blank=True)
    how = models.CharField(max_length=8, choices=How, default=How.DIGEST)
    # The only thing in a confirm or unsubscribe link: random, so the link says nothing.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "person"], name="one_subscription_each"),
            models.UniqueConstraint(fields=["network", "email"], name="one_address_each"),
            models.CheckConstraint(
                condition=Q(person__isnull=True, email__isnull=False)
                | Q(person__isnull=False, email__isnull=True),
                name="subscription_person_or_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_how_display()} ({self.network_id})"

    @property
    def external(self) -> bool:
        return self.person_id is None


class Digest(models.Model):
    """The weekly digest of a network for the week (Monday to Sunday) starting `week_of`."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="digests")
    week_of = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-week_of"]
        constraints = [
            models.UniqueConstraint(fields=["network", "week_of"], name="one_digest_a_week"),
        ]

    def __str__(self) -> str:
        return f"Digest for the week of {self.week_of}"

    @property
    def week_end(self) -> date:
        return self.week_of + timedelta(days=6)


class Delivery(models.Model):
    """One email: a post or a digest, to a member or a mailing-list address. Made (claimed)
    before sending; a second claim of the same email fails on the unique constraints, so
    it is never sent twice."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, related_name="+")
    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, null=True, related_name="+")
    person = models.ForeignKey(User, on_delete=models.CASCADE, null=True, related_name="+")
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, null=True, related_name="deliveries"
    )
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "person"], name="post_once_to_person"),
            models.UniqueConstraint(fields=["post", "subscription"], name="post_once_to_address"),
            models.UniqueConstraint(fields=["digest", "person"], name="digest_once_to_person"),
            models.UniqueConstraint(
                fields=["digest", "subscription"], name="digest_once_to_address"
            ),
            models.CheckConstraint(
                condition=Q(post__isnull=True) ^ Q(digest__isnull=True), name="post_or_digest"
            ),
        ]

    def __str__(self) -> str:
        return f"Email {self.pk}"
