"""API tokens and webhooks of an organisation.

A token's secret is shown once, when it is made, and never stored: only its SHA-256 hash
and a short prefix to find it by. A token acts with the rights of the admin who made it,
as they are at the time of each call, limited further by its scopes."""

from __future__ import annotations

import datetime
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from equalvoice.core.models import Organisation, User


class Scope(models.TextChoices):
    READ_RECORD = "read_record", _("Read groups, meetings, the record, rounds and decisions")
    WRITE_RECORD = "write_record", _("Add activities and evidence to the record")
    READ_RESULTS = "read_results", _("Read results of rounds, decisions and conversations")
    SPEAKEASY = "speakeasy", _("Check writing for plain English")


class ApiToken(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    expires_on = models.DateField()
    made_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    made_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-made_at", "-id"]

    def __str__(self) -> str:
        return self.name

    def expired(self, today: datetime.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.expires_on

    @property
    def shown_prefix(self) -> str:
        """How the list shows a token: its start, never its secret."""
        return f"ev_{self.prefix}_…"

    @property
    def scope_labels(self) -> list[str]:
        labels = dict(Scope.choices)
        return [str(labels[s]) for s in self.scopes if s in labels]


class Webhook(models.Model):
    """Where an organisation wants to hear about events, with the secret it signs with.
    The secret is kept (it is needed to sign), encrypted like two-step secrets."""

    class Event(models.TextChoices):
        DECISION_CLOSED = "decision.closed", _("A decision closes")
        ROUND_RESULTS = "round.results_published", _("A round's results are published")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(max_length=500)
    secret = models.TextField()
    made_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["made_at", "id"]

    def __str__(self) -> str:
        return self.url


class Delivery(models.Model):
    """One event for one webhook. Retries send the same delivery (the same id), so a
    receiver can drop one it has had; once delivered it is never sent again."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    payload = models.JSONField(default=dict)
    made_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)
    gave_up_at = models.DateTimeField(null=True, blank=True)
    next_try_at = models.DateTimeField(null=True, blank=True)
    # While one worker sends it, no other does (a lease, not a lock held over the network).
    sending_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-made_at"]

    def __str__(self) -> str:
        return f"{self.event} to {self.webhook}"


class Attempt(models.Model):
    """One try at sending a delivery, with what came back."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    tried_at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        ordering = ["tried_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="one_attempt_number")
        ]

    def __str__(self) -> str:
        return f"Attempt {self.number} of {self.delivery_id}"
