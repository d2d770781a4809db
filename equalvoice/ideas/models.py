"""The ideas board: ideas on a group (and, if people choose, an initiative), with their
authors, supporters, comments, a status and a response in plain words, and a history.

Putting ideas together makes a new idea that keeps every author and supporter of the ideas
it was made from; those stay on the board, marked `combined`, pointing at the new one."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from equalvoice.core.models import Group, Organisation, User


class Idea(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONSIDERING = "considering", _("We are looking at it")
        TAKEN_FORWARD = "taken_forward", _("We are taking it forward")
        DONE = "done", _("Done")
        NOT_NOW = "not_now", _("Not now")
        COMBINED = "combined", _("Put with other ideas")

    OPEN = (Status.NEW, Status.CONSIDERING, Status.TAKEN_FORWARD)

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="ideas")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="ideas")
    initiative = models.ForeignKey(
        "record.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
    )
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    picture = models.ImageField(upload_to="ideas/", blank=True)
    authors: models.ManyToManyField[User, Authorship] = models.ManyToManyField(
        User, through="Authorship", through_fields=("idea", "person"), related_name="ideas"
    )
    status = models.CharField(max_length=16, choices=Status, default=Status.NEW)
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    combined_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="combined_from"
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("idea", args=[self.organisation.slug, self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class Authorship(models.Model):
    """A person whose idea this is. When a supporter writes it down for them, `entered_by`
    says who, and the person's agreement is recorded (as with a core `Contribution`)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="authorships")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="idea_authorships")
    entered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    consent_confirmed = models.BooleanField(default=False)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["idea", "person"], name="one_authorship_per_person"),
            models.CheckConstraint(
                condition=Q(entered_by__isnull=True) | Q(consent_confirmed=True),
                name="supported_idea_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.idea}"

    @property
    def is_supported(self) -> bool:
        return self.entered_by_id is not None and self.entered_by_id != self.person_id


class Support(models.Model):
    """One person backing an idea: one each, whatever their role or perspective."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="idea_supports")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["idea", "person"], name="one_support_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} supports {self.idea}"


class IdeaComment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="idea_comments")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class IdeaEvent(models.Model):
    """One line of an idea's history, in words: "Mo added the idea"."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="events")
    text = models.CharField(max_length=500)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text
