"""Opinion mapping: a conversation where people write short statements and vote agree,
disagree or pass on each other's, so that the platform can find the opinion groups, what
each group stands for, and what every group and every perspective can agree on.

A participant is a person of the group, or someone from an imported Polis export (then
`person` is empty and `external_id` is the export's participant number). Votes name the
participant, never the person's name, so exports stay anonymous."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from equalvoice.core.models import Group, Organisation, User


class Conversation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="conversations"
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="conversations")
    initiative = models.ForeignKey(
        "record.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversations",
    )
    title = models.CharField(max_length=200)
    question = models.TextField()
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    people_can_add = models.BooleanField(default=True)
    check_first = models.BooleanField(
        default=True, help_text="New statements wait for a facilitator before people vote."
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # The latest results (the engine's JSON), the engine's state carried to the next
    # update, and bookkeeping for batching updates.
    results = models.JSONField(default=dict, blank=True)
    engine_state = models.JSONField(default=dict, blank=True)
    results_at = models.DateTimeField(null=True, blank=True)
    results_votes = models.PositiveIntegerField(default=0)
    update_waiting = models.BooleanField(default=False)
    # Raised by every change an incremental update cannot see in new votes (a vote,
    # participant or statement deleted, a statement shown or taken out, a perspective
    # changed): the next update then reads every vote again (docs/opinions.md).
    results_epoch = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("conversation", args=[self.organisation.slug, self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ResultsPeople(models.Model):
    """Each participant's part of the conversation's latest results (their place on the
    map and their group), packed apart from `Conversation.results` so that an update
    writes, and a results page reads, a few hundred kilobytes rather than megabytes on a
    big conversation. Written in the same update as the results; read through
    `selectors` (equalvoice/opinions/people.py has the format). Participants are named by
    their id only."""

    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, primary_key=True, related_name="results_people"
    )
    packed = models.BinaryField(default=b"")

    def __str__(self) -> str:
        return f"Results by participant of conversation {self.conversation_id}"


class Statement(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting to be checked")
        SHOWN = "shown", _("Shown to everyone")
        HIDDEN = "hidden", _("Taken out")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="statements"
    )
    text = models.TextField()
    author = models.ForeignKey(
        "Participant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.SHOWN)
    is_seed = models.BooleanField(default=False)
    is_meta = models.BooleanField(default=False)
    external_id = models.IntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        # A results update counts and sums the ids of the rows made before a time from
        # this index alone (results._rows_now).
        indexes = [
            models.Index(
                fields=["conversation", "created_at", "id"], name="opinions_statement_made"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Participant(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    external_id = models.IntegerField(null=True, blank=True)
    perspective = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "person"], name="one_participant_per_person"
            )
        ]
        # See Statement.Meta.
        indexes = [
            models.Index(
                fields=["conversation", "created_at", "id"], name="opinions_participant_made"
            )
        ]

    def __str__(self) -> str:
        return f"Participant {self.pk}"


class Vote(models.Model):
    class Value(models.IntegerChoices):
        AGREE = 1, _("Agree")
        DISAGREE = -1, _("Disagree")
        PASS = 0, _("Pass or unsure")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=Value)
    entered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    voted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # An incremental results update reads only the votes cast or changed lately.
        indexes = [models.Index(fields=["voted_at"], name="opinions_vote_voted_at")]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "statement"], name="one_vote_per_statement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_value_display()} on {self.statement_id}"
