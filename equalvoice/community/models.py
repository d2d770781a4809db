"""Community assets and community walks: what a place has, in the words of asset-based
community development (people's gifts, associations, institutions, places, local
businesses and culture), with the access information people need to use them.

An asset about a person (their gift or skill) is shown only once they agreed: who
agreed, who wrote it down and when are kept on the asset."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from equalvoice.core.models import Organisation, User


class Category(models.TextChoices):
    """The six kinds of asset in asset-based community development."""

    GIFT = "gift", _("A person’s gift or skill")
    ASSOCIATION = "association", _("An association or group")
    INSTITUTION = "institution", _("An institution")
    PLACE = "place", _("A place")
    BUSINESS = "business", _("A local business")
    CULTURE = "culture", _("A cultural asset")


# The access features, as (field name, what people read).
FEATURES: list[tuple[str, StrOrPromise]] = [
    ("step_free", _("Step-free access")),
    ("quiet_space", _("A quiet space")),
    ("hearing_loop", _("A hearing loop")),
    ("accessible_toilets", _("Accessible toilets")),
]
FEATURE_NAMES = [name for name, _label in FEATURES]


class Walk(models.Model):
    """A community walk: people walking an area together to find what it has."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="community_walks"
    )
    walked_on = models.DateField()
    area = models.CharField(max_length=100)
    notes = models.TextField(blank=True)
    walkers: models.ManyToManyField[User, models.Model] = models.ManyToManyField(
        User, related_name="community_walks", blank=True
    )
    started_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-walked_on", "-id"]

    def __str__(self) -> str:
        return f"Community walk in {self.area}"

    def get_absolute_url(self) -> str:
        return reverse("community-walk", args=[self.organisation.slug, self.pk])


class Asset(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="community_assets"
    )
    category = models.CharField(max_length=20, choices=Category)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    step_free = models.BooleanField(default=False)
    quiet_space = models.BooleanField(default=False)
    hearing_loop = models.BooleanField(default=False)
    accessible_toilets = models.BooleanField(default=False)
    opening_times = models.CharField(max_length=200, blank=True)
    contact = models.CharField(max_length=200, blank=True)
    area = models.CharField(max_length=100, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    walk = models.ForeignKey(
        Walk, on_delete=models.SET_NULL, null=True, blank=True, related_name="assets"
    )
    added_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    # A person's gift or skill: whose it is (when they are on Equal Voice), who agreed to
    # it being on the map, who wrote that down, and when.
    person = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="community_gifts"
    )
    consent_from = models.CharField(max_length=200, blank=True)
    consent_recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    consent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="asset_location_whole_or_none",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community-asset", args=[self.organisation.slug, self.pk])

    @property
    def is_about_a_person(self) -> bool:
        return self.category == Category.GIFT

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def features(self) -> list[str]:
        """What people read about its access, in order."""
        return [str(label) for name, label in FEATURES if getattr(self, name)]
