"""Meetings, workshops and one-day conferences of a group: when and where (with access
information), the agenda and its papers, who is coming, who came, who spoke, the minutes
and the actions that carry to the next agenda."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from equalvoice.core.models import Group, Organisation, User

PAPERS_DUE_DAYS = 7


class Meeting(models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        WORKSHOP = "workshop", _("Workshop")
        CONFERENCE = "conference", _("One-day conference")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="meetings"
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=200)
    title_cy = models.CharField("Title in Welsh", max_length=200, blank=True)
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.MEETING)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField("Where", max_length=300, blank=True)
    access_info = models.TextField("Getting there and access", blank=True)
    access_info_cy = models.TextField("Getting there and access, in Welsh", blank=True)
    online_link = models.URLField("Online link", blank=True)
    # "Where we meet": a place on the organisation's community map, with its access.
    venue = models.ForeignKey(
        "community.Asset",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    papers_due_days = models.PositiveSmallIntegerField(default=PAPERS_DUE_DAYS)
    minutes = models.TextField(blank=True)
    decisions = models.ManyToManyField("decisions.Decision", blank=True, related_name="meetings")
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Open events: anyone can see the public page and sign up, up to `places`.
    is_public = models.BooleanField("Open to the public", default=False)
    places = models.PositiveIntegerField("Places", null=True, blank=True)
    open_to = models.CharField("Who it is for", max_length=300, blank=True)
    about = models.TextField("What it is about", blank=True)
    about_cy = models.TextField("What it is about, in Welsh", blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meeting", args=[self.organisation.slug, self.pk])

    def get_public_url(self) -> str:
        return reverse("event", args=[self.organisation.slug, self.pk])

    @property
    def papers_due_at(self) -> datetime:
        return self.starts_at - timedelta(days=self.papers_due_days)

    @property
    def how(self) -> str:
        if self.place and self.online_link:
            return gettext("In person and online")
        return gettext("Online") if self.online_link else gettext("In person")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    title = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Paper(models.Model):
    """A paper for the meeting, with its easy-read version. It is late when it arrives
    after `papers_due_days` before the start: people need time to read and get support."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="papers"
    )
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="papers/")
    easy_read_file = models.FileField(upload_to="papers/", blank=True)
    added_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_late(self) -> bool:
        return self.added_at > self.meeting.papers_due_at


class Registration(models.Model):
    """A person saying whether they are coming, and whether the facilitators may count
    their access needs (from their profile, with their consent). `attended` is filled in
    on the day."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="registrations")
    coming = models.BooleanField(default=True)
    share_access_needs = models.BooleanField(default=False)
    attended = models.BooleanField(null=True, blank=True)
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["person__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_registration")
        ]

    def __str__(self) -> str:
        return f"{self.person} for {self.meeting}"


class Speaking(models.Model):
    """One time a person spoke, tapped in by the facilitator or note-taker."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="speaking")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.person} spoke"


class MeetingAction(models.Model):
    """Something the meeting agreed someone will do. Open actions carry to the group's
    next agenda until they are done."""

    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Stopped")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=500)
    owner = models.CharField(max_length=200)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status, default=Status.OPEN)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.text[:60]


# Open events: a public meeting anyone can sign up for, without an account.


class Workshop(models.Model):
    """A workshop within a public day, with its own places and waiting list."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(max_length=200)
    about = models.TextField(blank=True)
    places = models.PositiveIntegerField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class SignUp(models.Model):
    """Someone signing up for a public event, with no account: a place, or a place on the
    waiting list. Their access needs are kept only with their consent, and only until
    the event is over. `needs` holds names from `AccessNeeds.NEEDS`."""

    class Status(models.TextChoices):
        PLACE = "place", _("Has a place")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sign_ups")
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)
    needs = models.JSONField(default=list, blank=True)
    other_needs = models.TextField(blank=True)
    keep_needs = models.BooleanField(default=False)
    needs_deleted = models.BooleanField(default=False)
    perspective = models.ForeignKey(
        "core.Perspective", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PLACE)
    signed_up_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["signed_up_at", "id"]
        indexes = [models.Index(fields=["meeting", "status"])]

    def __str__(self) -> str:
        return f"Sign-up {self.pk} for {self.meeting}"


class WorkshopPlace(models.Model):
    """A person's choice of a workshop: a place in it, or a place on its waiting list."""

    class Status(models.TextChoices):
        PLACE = "place", _("Has a place")
        WAITING = "waiting", _("On the waiting list")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="choices")
    sign_up = models.ForeignKey(SignUp, on_delete=models.CASCADE, related_name="workshops")
    status = models.CharField(max_length=10, choices=Status, default=Status.WAITING)
    chosen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["chosen_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "sign_up"], name="one_choice_per_workshop")
        ]

    def __str__(self) -> str:
        return f"{self.sign_up} in {self.workshop}"
