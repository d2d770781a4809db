"""Standards and feedback rounds: statements of what good looks like, grouped in themes,
kept as numbered versions; rounds in which people rate a published version; and the
action plan that follows.

Privacy: a sent `Response` to an anonymous round has no link to a person or a browser.
Who has answered is kept apart in `Participation`. Neither table has a time, and their
keys are random, so the two cannot be joined by time, by order or by number."""

from __future__ import annotations

import secrets
import uuid
from datetime import date

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from equalvoice.core.models import Group, Organisation, Perspective, User

from .scoring import EASY_READ_4, SCALES, Scale

COMMENT_MAX = 2_000
STATEMENT_MAX = 1_000


def random_id() -> int:
    """A random key for a response or an answer, so its number says nothing about when it
    was made or in what order (a counter would line sent answers up with who sent them)."""
    return secrets.randbelow(2**63 - 1) + 1


class RandomKey(models.BigIntegerField):
    """A primary key of `random_id()`s. On SQLite it is declared `integer`, which makes it
    the table's rowid: rows are then stored in the order of their random keys, and no
    hidden rowid keeps the order they were written in. (PostgreSQL keeps no row number,
    but see docs/standards.md on what someone with the database itself could still do.)"""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("primary_key", True)
        kwargs.setdefault("default", random_id)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def db_type(self, connection: BaseDatabaseWrapper) -> str | None:
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)


class Standard(models.Model):
    class Kind(models.TextChoices):
        PLEDGE = "pledge", _("Pledge")
        STANDARD = "standard", _("Standard")
        AUDIT = "audit", _("Audit")
        QUALITY_AWARD = "quality_award", _("Quality award")
        SELF_REFLECTION = "self_reflection", _("Self-reflection")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="standards"
    )
    group = models.ForeignKey(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="standards"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PLEDGE)
    summary = models.TextField(blank=True)
    scale = models.CharField(
        max_length=20,
        choices=[(s.key, _(s.name)) for s in SCALES.values()],
        default=EASY_READ_4.key,
        help_text=_("The answer scale new rounds start with."),
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("standard", args=[self.organisation.slug, self.pk])


class Version(models.Model):
    """One numbered version of a standard's statements. The draft is the one not yet
    published; a published version is frozen: rounds use it, and changes make a new
    draft from it."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "number"], name="one_version_number"),
            models.UniqueConstraint(
                fields=["standard"],
                condition=Q(published_at__isnull=True),
                name="one_draft_per_standard",
            ),
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Theme(models.Model):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Statement(models.Model):
    """What good looks like, in plain words and in easy read. `lineage` stays the same
    when a statement is copied into a new version, so its journey can be followed."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="statements")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="statements")
    lineage = models.UUIDField(default=uuid.uuid4)
    position = models.PositiveIntegerField(default=0)
    plain = models.TextField(
        _("What good looks like"), validators=[MaxLengthValidator(STATEMENT_MAX)]
    )
    easy_read = models.TextField(
        _("The same in easy read"), blank=True, validators=[MaxLengthValidator(STATEMENT_MAX)]
    )
    plain_cy = models.TextField("What good looks like, in Welsh", blank=True)
    easy_read_cy = models.TextField("The same in easy read, in Welsh", blank=True)
    picture = models.ImageField(upload_to="standards/", blank=True)

    class Meta:
        ordering = ["theme__position", "theme_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "lineage"], name="one_lineage_per_version")
        ]

    def __str__(self) -> str:
        return self.plain[:60]

    @property
    def words_for_answering(self) -> str:
        return self.easy_read or self.plain

    @property
    def welsh_for_answering(self) -> str:
        """The Welsh of `words_for_answering`: easy read when there is one, as in English."""
        return (self.easy_read_cy if self.easy_read else "") or self.plain_cy


class Revision(models.Model):
    """Every wording a statement has had, so nothing is lost when wording changes."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="revisions")
    plain = models.TextField()
    easy_read = models.TextField(blank=True)
    changed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return self.plain[:60]


class Comment(models.Model):
    """A member's comment on a draft statement, perhaps with better wording to use."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Wording used")
        DECLINED = "declined", _("Not used")
        NOTED = "noted", _("Noted")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(blank=True, validators=[MaxLengthValidator(COMMENT_MAX)])
    suggested_plain = models.TextField(blank=True)
    suggested_easy_read = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reply = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment on {self.statement}"

    @property
    def suggests_wording(self) -> bool:
        return bool(self.suggested_plain or self.suggested_easy_read)


class Round(models.Model):
    """A time when people are asked to rate a published version."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="rounds")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(max_length=200)
    opens_on = models.DateField()
    closes_on = models.DateField()
    anonymous = models.BooleanField(default=True)
    scale = models.CharField(
        max_length=20,
        choices=[(s.key, _(s.name)) for s in SCALES.values()],
        default=EASY_READ_4.key,
    )
    groups = models.ManyToManyField(Group, blank=True, related_name="+")
    open_link = models.BooleanField(
        default=False,
        help_text=_("Anyone with the link or QR code can answer, without signing in."),
    )
    link_key = models.CharField(max_length=32, unique=True)
    ask_perspective = models.BooleanField(default=True)
    ask_comments = models.BooleanField(default=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # When the results were announced as final, the day after the round closed
    # (`actions.round_results_publish_due`, run by `equalvoice publish_round_results`).
    results_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["opens_on", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("round", args=[self.standard.organisation.slug, self.pk])

    def is_open(self, today: date | None = None) -> bool:
        day = today or timezone.localdate()
        return self.opens_on <= day <= self.closes_on

    @property
    def scale_obj(self) -> Scale:
        return SCALES[self.scale]


class Response(models.Model):
    """One person's answers to a round.

    While unsent, the answers are kept against whoever is answering: the person if they
    are signed in (so they can carry on from any device), or else a random key kept in
    their browser (`browser_key`, stored hashed per round). In a named round the person
    stays with the sent answers. In an anonymous round, sending copies the answers into a
    new response with neither, and deletes the unsent one: `person` and `browser_key` are
    always empty on a sent anonymous response. The key is random (`random_id`) and there
    is no time, so nothing says when or in what order answers came."""

    id = RandomKey()
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    browser_key = models.CharField(max_length=64, blank=True)
    perspective = models.ForeignKey(
        Perspective, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    on_paper = models.BooleanField(default=False)
    entered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"],
                condition=Q(person__isnull=False),
                name="one_response_per_person",
            ),
            models.UniqueConstraint(
                fields=["round", "browser_key"],
                condition=~Q(browser_key=""),
                name="one_response_per_browser",
            ),
        ]

    def __str__(self) -> str:
        return f"An answer to {self.round}"

    @property
    def gave_anything(self) -> bool:
        """True when at least one statement has an answer, "Don't know" or a comment."""
        return self.answers.filter(
            Q(value__isnull=False) | Q(dont_know=True) | ~Q(comment="")
        ).exists()


class Participation(models.Model):
    """That someone has sent answers to an anonymous round, and nothing about what they
    said: the person, or for someone not signed in the hashed key of their browser (so
    the same browser cannot send twice). A random primary key and no time, so it cannot
    be matched to a response."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    browser_key = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"],
                condition=Q(person__isnull=False),
                name="one_participation",
            ),
            models.UniqueConstraint(
                fields=["round", "browser_key"],
                condition=~Q(browser_key=""),
                name="one_participation_per_browser",
            ),
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(browser_key=""))
                | (Q(person__isnull=True) & ~Q(browser_key="")),
                name="participation_person_or_browser",
            ),
        ]

    def __str__(self) -> str:
        return f"Took part in {self.round}"


class Answer(models.Model):
    """One answer to one statement. `value` empty and `dont_know` false is "no answer".
    The key is random, like a response's."""

    id = RandomKey()
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="answers")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    dont_know = models.BooleanField(default=False)
    comment = models.TextField(blank=True, validators=[MaxLengthValidator(COMMENT_MAX)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "statement"], name="one_answer_each")
        ]

    def __str__(self) -> str:
        return f"Answer to {self.statement}"


class PlanAction(models.Model):
    """One line of the action plan that follows a round."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        UNDERWAY = "underway", _("Under way")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Stopped")

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="plan")
    from_round = models.ForeignKey(
        Round, on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_actions"
    )
    statement = models.ForeignKey(
        Statement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.TextField(validators=[MaxLengthValidator(COMMENT_MAX)])
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status, default=Status.NOT_STARTED)
    progress = models.TextField(blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.action[:60]
