"""Which initiatives' co-production records are published as open data."""

from __future__ import annotations

from django.db import models

from equalvoice.core.models import User
from equalvoice.record.models import Initiative


class Publication(models.Model):
    """An initiative's co-production record, published for anyone to read by an admin of
    its organisation. A row with no `published_at` was published once and taken down
    (`taken_down_at`): its public page then says so (410). No row: never published (404).
    """

    initiative = models.OneToOneField(
        Initiative, on_delete=models.CASCADE, related_name="publication"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    taken_down_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Open data for {self.initiative}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
