"""The co-production record: initiatives, their stages, and activities on them, with the
rung claimed, who took part, and what changed because of it."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from equalvoice.core.models import Group, Organisation, Perspective, User


class Stage(models.Model):
    """A stage of work. Each organisation can edit its list."""

    DEFAULTS = [
        "Understand the problem",
        "Design",
        "Decide or commission",
        "Put it into practice",  # "deliver" in the issue; we avoid the word
        "Review",
        "Govern",
    ]
    DESIGN_POSITION = 1

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(max_length=100)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Initiative(models.Model):
    class Kind(models.TextChoices):
        PLAN = "plan", _("Plan")
        PROJECT = "project", _("Project")
        SERVICE_CHANGE = "service_change", _("Service change")
        POLICY = "policy", _("Policy")
        COMMISSIONING = "commissioning", _("Buying a service")
        PILOT = "pilot", _("Pilot")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="initiatives"
    )
    group = models.ForeignKey(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="initiatives"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PLAN)
    summary = models.TextField(blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiative", args=[self.organisation.slug, self.pk])


class Activity(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CHANGED = "changed", _("Done, but changed")
        NOT_DONE = "not_done", _("Not done")

    class Decisions(models.TextChoices):
        STAFF = "staff", _("Staff or managers decided")
        ADVISED = "advised", _("People with lived experience gave advice; others decided")
        TOGETHER = "together", _("Everyone decided together, with equal weight")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="activities")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="activities")
    on = models.DateField("Date")
    status = models.CharField(max_length=10, choices=Status, default=Status.PLANNED)
    what = models.TextField("What happened, or will happen")
    rung_claimed = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    participants = models.ManyToManyField(User, blank=True, related_name="record_activities")
    shaped_design = models.BooleanField(
        "People with lived experience shaped the design or content itself", default=False
    )
    decisions = models.CharField(max_length=10, choices=Decisions, default=Decisions.STAFF)
    effect = models.TextField("What changed because of it", blank=True)
    nothing_changed = models.BooleanField("Nothing changed", default=False)
    status_reason = models.TextField("Why it changed or did not happen", blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.stage}: {self.what[:40]}"

    @property
    def happened(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.CHANGED)


class Attendance(models.Model):
    """People counted by perspective at an open event, where not everyone is named."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendance")
    perspective = models.ForeignKey(Perspective, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "perspective"], name="one_count_each")
        ]

    def __str__(self) -> str:
        return f"{self.count} {self.perspective}"


class Evidence(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence")
    note = models.TextField(blank=True)
    link = models.URLField(blank=True)
    file = models.FileField(upload_to="evidence/", blank=True)
    added_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Evidence for {self.activity}"


class ClaimChallenge(models.Model):
    """A participant saying "I don't think this was co-production". The challenge and
    the reply stay on the record for everyone who can see the activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="challenges")
    raised_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    raised_at = models.DateTimeField(default=timezone.now)
    reply = models.TextField(blank=True)
    replied_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_at", "id"]

    def __str__(self) -> str:
        return f"Challenge to {self.activity}"

    @property
    def is_open(self) -> bool:
        return not self.reply


class YouSaid(models.Model):
    """One line of a "You said, we did" page: what people said and what changed. Written
    without names: the public page never shows who said what."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="you_said")
    said = models.TextField("You said")
    did = models.TextField("We did")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.said[:40]
