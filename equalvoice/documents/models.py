"""Written together: documents a group writes, led by named members.

A document (a policy, a procedure, a training module…) has leads and sections. Members
suggest changes to a section and comment on it; the leads answer each suggestion. The
live sections are the draft. A draft is kept as a `Version` (its words frozen as they
were) when the leads share it with people outside the group (an `Asking`) or put it to
the group for a decision; the group's decision makes it an agreed version, numbered and
dated, with a review date. Every contribution keeps its author, and a supporter who wrote
it down for someone is named beside them, with their agreement (as with a core
`Contribution`)."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from equalvoice.core.models import Group, Organisation, User


class Document(models.Model):
    class Kind(models.TextChoices):
        POLICY = "policy", _("Policy")
        PROCEDURE = "procedure", _("Procedure")
        STANDARD = "standard", _("Standard")
        TRAINING = "training", _("Training module")
        LEAFLET = "leaflet", _("Leaflet")
        LETTER = "letter", _("Letter template")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="documents"
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="documents")
    initiative = models.ForeignKey(
        "record.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.POLICY)
    summary = models.TextField(blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("document", args=[self.organisation.slug, self.pk])

    @property
    def is_training(self) -> bool:
        return self.kind == self.Kind.TRAINING


class Lead(models.Model):
    """A named member who leads the writing. `perspectives` are the perspectives they
    held in the organisation when they became a lead, so who led it stays a fact."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="leads")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="document_leads")
    perspectives = models.JSONField(default=list, blank=True)
    lived_experience = models.BooleanField(default=False)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "person"], name="one_lead_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} leads {self.document}"


class Section(models.Model):
    """A part of the draft. A removed section keeps its suggestions and comments."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(default=0)
    heading = models.CharField(max_length=200)
    text = models.TextField()
    easy_read = models.TextField(blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.heading

    @property
    def group(self) -> Group:
        return self.document.group


class Contribution(models.Model):
    """What suggestions and comments share: who said it, who wrote it down for them (with
    their agreement), and the perspectives the author held at the time."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    entered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    consent_confirmed = models.BooleanField(default=False)
    perspectives = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    @property
    def is_supported(self) -> bool:
        return self.entered_by_id is not None and self.entered_by_id != self.author_id


class Suggestion(Contribution):
    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the leads")
        ACCEPTED = "accepted", _("Accepted")
        CHANGED = "changed", _("Accepted with changes")
        DECLINED = "declined", _("Not taken up")

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="suggestions")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="document_suggestions")
    text = models.TextField()
    reason = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta(Contribution.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(entered_by__isnull=True) | Q(consent_confirmed=True),
                name="supported_suggestion_needs_consent",
            )
        ]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def taken_up(self) -> bool:
        return self.status in (self.Status.ACCEPTED, self.Status.CHANGED)


class SectionComment(Contribution):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="document_comments")
    text = models.TextField()

    class Meta(Contribution.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(entered_by__isnull=True) | Q(consent_confirmed=True),
                name="supported_comment_needs_consent",
            )
        ]

    def __str__(self) -> str:
        return self.text[:40]


class Version(models.Model):
    """The words of the document at one moment, frozen: `sections` is a list of
    {"heading", "text", "easy_read"}. Shared drafts have no number; a version the group
    agreed has the next number, the day it was agreed and a review date."""

    class Status(models.TextChoices):
        SHARED = "shared", _("Draft shared for comments")
        PROPOSED = "proposed", _("Waiting for the group to decide")
        AGREED = "agreed", _("Agreed")
        NOT_AGREED = "not_agreed", _("Not agreed")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    status = models.CharField(max_length=12, choices=Status, default=Status.SHARED)
    number = models.PositiveIntegerField(null=True, blank=True)
    sections = models.JSONField(default=list)
    decision = models.OneToOneField(
        "decisions.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="document_version",
    )
    agreed_on = models.DateField(null=True, blank=True)
    review_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_version_per_number")
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def group(self) -> Group:
        return self.document.group

    @property
    def label(self) -> str:
        from django.utils.formats import date_format
        from django.utils.translation import gettext

        if self.number:
            return gettext("Version %(number)s") % {"number": self.number}
        return gettext("Draft of %(day)s") % {
            "day": date_format(timezone.localtime(self.created_at), "j F Y")
        }


class Asking(models.Model):
    """The leads ask people outside the group for comments on a version, by a date."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="askings")
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="askings")
    message = models.TextField()
    respond_by = models.DateField()
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.document}: {self.message[:30]}"

    @property
    def group(self) -> Group:
        return self.document.group

    def is_open(self, today: date | None = None) -> bool:
        return (today or timezone.localdate()) <= self.respond_by


class Asked(models.Model):
    """One person asked: someone in the organisation (perhaps as a member of another
    group), or someone outside it by email, who answers through a link only they have
    (only a hash of its token is kept)."""

    asking = models.ForeignKey(Asking, on_delete=models.CASCADE, related_name="asked")
    person = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="documents_asked"
    )
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    via_group = models.ForeignKey(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    perspectives = models.JSONField(default=list, blank=True)
    told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.person.name if self.person_id and self.person else self.name or self.email

    @property
    def group(self) -> Group:
        return self.asking.document.group


class AskedComment(models.Model):
    """What someone asked said, and the leads' answer: "You said, we did"."""

    class Answer(models.TextChoices):
        CHANGED = "changed", _("We changed it")
        PARTLY = "partly", _("We changed part of it")
        NOT_CHANGED = "not_changed", _("We did not change it")

    asked = models.ForeignKey(Asked, on_delete=models.CASCADE, related_name="comments")
    section_heading = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    answer = models.CharField(max_length=12, choices=Answer, blank=True)
    answer_text = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def taken_up(self) -> bool:
        return self.answer in (self.Answer.CHANGED, self.Answer.PARTLY)


class TrainingSession(models.Model):
    """A session of a training module, about one agreed version."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="training_sessions"
    )
    version = models.ForeignKey(
        Version, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    on = models.DateField()
    place = models.CharField(max_length=200, blank=True)
    attended: models.ManyToManyField[User, TrainingSession] = models.ManyToManyField(
        User, blank=True, related_name="training_attended"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.document} on {self.on}"

    @property
    def group(self) -> Group:
        return self.document.group


class Trainer(models.Model):
    """Who runs a session. A trainer with lived experience is named only with their
    agreement (`named_with_consent`); otherwise the page says "a trainer with lived
    experience"."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="trainers")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="trainer_of")
    lived_experience = models.BooleanField(default=False)
    named_with_consent = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_trainer_per_person")
        ]

    def __str__(self) -> str:
        return str(self.person)


class TrainingFeedback(models.Model):
    """What someone trained said, kept with the version the session was about."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="feedback")
    version = models.ForeignKey(
        Version, on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback"
    )
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="training_feedback")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:40]
