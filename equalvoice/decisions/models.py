"""Decisions: a proposal with options, decided by one of four methods, one person one
equal vote, with the lived-experience quorum and the minority heard before it closes.

A secret ballot keeps who voted (`Voter`) apart from how (`Ballot`): a secret ballot's
`person` is empty, and the voter's own ballot is found only by `voter_key`, a keyed hash
of the decision, the attempt and the person that only the server can make."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from equalvoice.core.models import LIVED_EXPERIENCE_QUORUM, Group, Organisation, User

from .tally import Method


class Decision(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open for votes")
        LISTENING = "listening", _("Hearing the minority")
        CLOSED = "closed", _("Decided")

    class Outcome(models.TextChoices):
        AGREED = "agreed", _("Agreed")
        AGREED_WITH_CONCERNS = "agreed_with_concerns", _("Agreed, with concerns recorded")
        CHOSEN = "chosen", _("Chosen")
        NOT_AGREED = "not_agreed", _("Not agreed")
        BLOCKED = "blocked", _("Blocked")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="decisions"
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="decisions")
    initiative = models.ForeignKey(
        "record.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    title = models.CharField(max_length=200)
    proposal = models.TextField()
    method = models.CharField(
        max_length=10,
        choices=[
            (Method.CONSENT, _("Consent: agree, agree with concerns, object or block")),
            (Method.SCORE, _("Score each option from 0 to 5")),
            (Method.RANKED, _("Rank the options in order")),
            (Method.MAJORITY, _("Simple majority: choose one option")),
        ],
        default=Method.CONSENT,
    )
    secret = models.BooleanField(default=False)
    quorum_percent = models.PositiveSmallIntegerField(default=LIVED_EXPERIENCE_QUORUM)
    attempt = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    outcome = models.CharField(max_length=24, choices=Outcome, blank=True)
    chosen = models.CharField(max_length=300, blank=True)
    reasons = models.TextField(blank=True)
    review_on = models.DateField(null=True, blank=True)
    decided_by_summary = models.JSONField(default=dict, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decision", args=[self.organisation.slug, self.pk])

    @property
    def has_options(self) -> bool:
        return self.method != Method.CONSENT


class Option(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class Voter(models.Model):
    """That a person voted in one attempt, who recorded it, and the perspectives they
    held then (for the quorum and for "who decided")."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="voters")
    attempt = models.PositiveSmallIntegerField()
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    entered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lived_experience = models.BooleanField(default=False)
    perspectives = models.JSONField(default=list)

    class Meta:
        ordering = ["person__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "attempt", "person"], name="one_vote_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} voted"


class Ballot(models.Model):
    """How one person voted in one attempt. `person` is empty in a secret ballot."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="ballots")
    attempt = models.PositiveSmallIntegerField()
    voter_key = models.CharField(max_length=64)
    person = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    choice = models.CharField(max_length=10, blank=True)
    reason = models.TextField(blank=True)
    option = models.ForeignKey(
        Option, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scores = models.JSONField(default=dict, blank=True)
    ranking = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "attempt", "voter_key"], name="one_ballot_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"A vote on {self.decision}"

    def as_dict(self) -> dict[str, object]:
        return {
            "choice": self.choice,
            "option": self.option_id,
            "scores": self.scores,
            "ranking": self.ranking,
        }

    def summary(self) -> str:
        if self.choice:
            return self.choice
        if self.option_id:
            return f"option {self.option_id}"
        if self.scores:
            return ", ".join(f"option {k}: {v}" for k, v in self.scores.items())
        return " > ".join("/".join(str(o) for o in tier) for tier in self.ranking)


class MinorityAnswer(models.Model):
    """A person in the minority answering "what would it take for you to come along?"."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="minority_answers"
    )
    attempt = models.PositiveSmallIntegerField()
    person = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["attempt", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class Amendment(models.Model):
    """The proposal as it stood before it was changed to bring the minority along."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="amendments")
    attempt = models.PositiveSmallIntegerField()
    proposal_before = models.TextField()
    options_before = models.JSONField(default=list)
    result_before = models.JSONField(default=dict)
    why = models.TextField()
    made_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["attempt"]

    def __str__(self) -> str:
        return f"Change {self.attempt} to {self.decision}"
