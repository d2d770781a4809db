"""Organisations, people, groups, memberships, perspectives, access needs, consent,
supported participation and the audit log."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from . import belonging


class Organisation(models.Model):
    """A tenant: nothing of one organisation is ever visible to another."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The person's organisations are remembered for the request with their roles
        # (core/belonging.py): a renamed organisation is read afresh.
        super().save(*args, **kwargs)
        belonging.forget()

    def get_absolute_url(self) -> str:
        return reverse("organisation", kwargs={"org": self.slug})


class EVUserManager(UserManager["User"]):
    def create_user(  # type: ignore[override]
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        email = self.normalize_email(email) if email else None
        return super().create_user(username, email, password, **extra)  # type: ignore[arg-type]


class User(AbstractUser):
    """A person. Many people we work with have no email address: they sign in with a
    one-time code that a facilitator gives them."""

    class TextSize(models.TextChoices):
        STANDARD = "standard", gettext_lazy("Standard")
        LARGE = "large", gettext_lazy("Large")
        LARGER = "larger", gettext_lazy("Larger")

    email = models.EmailField(  # type: ignore[assignment]
        "email address", blank=True, null=True, unique=True
    )
    name = models.CharField("name", max_length=150)
    text_size = models.CharField(max_length=10, choices=TextSize, default=TextSize.STANDARD)
    high_contrast = models.BooleanField(default=False)
    easy_read = models.BooleanField(default=False)
    # The language the person chose with the language switch ("cy", "en-gb"), for the
    # pages once they sign in and for every email; "" until they choose (core/emails.py).
    language = models.CharField(max_length=10, blank=True, default="")
    # When the account was deleted. The row stays, named "Former member" and with nothing
    # else about the person, so what they did in groups keeps its place (ADR 0003).
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = EVUserManager()  # type: ignore[misc]

    REQUIRED_FIELDS = ["email"]

    def __str__(self) -> str:
        return self.name or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        # No email is stored as NULL, so many people can have none.
        if not self.email:
            self.email = None
        super().save(*args, **kwargs)

    @property
    def has_email(self) -> bool:
        return bool(self.email)

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        """Unlike Django's default, a superuser gets no automatic pass: access needs and
        other people's data follow the same declared rules for everyone."""
        from django.contrib.auth.models import _user_has_perm  # type: ignore[attr-defined]

        return self.is_active and _user_has_perm(self, perm, obj)


class Role(models.TextChoices):
    ADMIN = "admin", gettext_lazy("Organisation admin")
    MEMBER = "member", gettext_lazy("Member")


class Perspective(models.Model):
    """A point of view a person brings. It never changes how much a voice counts."""

    DEFAULTS: list[tuple[str, bool]] = [
        ("Person who uses services", True),
        ("Family carer", True),
        ("Young person", True),
        ("Staff member", False),
        ("Professional", False),
        ("Commissioner or manager", False),
        ("Independent advocate", False),
    ]

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="perspectives"
    )
    name = models.CharField(max_length=100)
    lived_experience = models.BooleanField(
        default=False, help_text=gettext_lazy("People with this perspective have lived experience.")
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_perspective")
        ]

    def __str__(self) -> str:
        return self.name


class OrgMembershipQuerySet(models.QuerySet["OrgMembership"]):
    def admins(self) -> OrgMembershipQuerySet:
        return self.filter(role=Role.ADMIN)


class _ForgetsRoles(models.Model):
    """A row that gives someone a role: writing or deleting it forgets the roles read for
    this request (core/belonging.py), so a later question reads them afresh."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        belonging.forget()

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        belonging.forget()
        return super().delete(*args, **kwargs)


class OrgMembership(_ForgetsRoles):
    """A person's place in an organisation, with the perspectives they hold there."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="org_memberships")
    role = models.CharField(max_length=10, choices=Role, default=Role.MEMBER)
    perspectives = models.ManyToManyField(Perspective, blank=True, related_name="holders")
    created_at = models.DateTimeField(default=timezone.now)

    objects = OrgMembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_org_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.organisation}"


# Nothing about us without us: by default at least a third of voters (33 in 100) must
# hold a lived-experience perspective for a decision to be agreed.
LIVED_EXPERIENCE_QUORUM = 33


class Group(models.Model):
    class Kind(models.TextChoices):
        WORKING_GROUP = "working_group", gettext_lazy("Working group")
        EXPERT_PANEL = "expert_panel", gettext_lazy("Expert panel")
        BOARD = "board", gettext_lazy("Board")
        NETWORK = "network", gettext_lazy("Network")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.WORKING_GROUP)
    purpose = models.TextField(blank=True)
    purpose_cy = models.TextField("What the group is for, in Welsh", blank=True)
    terms_of_reference = models.TextField(blank=True)
    needed_perspectives = models.ManyToManyField(
        Perspective,
        blank=True,
        related_name="needed_by",
        help_text=gettext_lazy("The perspectives this group needs among its members."),
    )
    lived_experience_quorum = models.PositiveSmallIntegerField(
        default=LIVED_EXPERIENCE_QUORUM,
        validators=[MaxValueValidator(100)],
        help_text=gettext_lazy(
            "Nothing about us without us. Out of every 100 people who vote, how many "
            "need lived experience before the group can agree a decision."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="unique_group_slug")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("group", kwargs={"org": self.organisation.slug, "group": self.slug})


class Membership(_ForgetsRoles):
    class GroupRole(models.TextChoices):
        MEMBER = "member", gettext_lazy("Member")
        FACILITATOR = "facilitator", gettext_lazy("Facilitator")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=15, choices=GroupRole, default=GroupRole.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user__name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.group}"

    @property
    def is_facilitator(self) -> bool:
        return self.role == self.GroupRole.FACILITATOR


def hash_secret(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def usable(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True).filter(
            expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """A one-time invitation to join a group, sent by email or shared as a link.
    Only a hash of the token is stored."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Invitation to {self.group}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(24)


# No 0/O or 1/I/L: codes are read aloud and copied by hand.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


class SignInCodeQuerySet(models.QuerySet["SignInCode"]):
    def usable(self) -> SignInCodeQuerySet:
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class SignInCode(models.Model):
    """A short one-time code a facilitator gives to a person with no email address."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = SignInCodeQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Sign-in code for {self.user}"

    @staticmethod
    def new_code() -> str:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        return f"{raw[:4]}-{raw[4:]}"


class TwoStep(models.Model):
    """A person's two-step sign-in: the secret their authenticator app shares with us,
    kept encrypted (core/secretbox.py), and the last time step a code was used for, so
    no code works twice."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="two_step")
    secret = models.TextField()
    last_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Two-step sign-in for {self.user}"


class RecoveryCode(models.Model):
    """A single-use code for signing in without the authenticator app. Only a hash made
    with Django's password hashers is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=200)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Recovery code for {self.user}"


class Contribution(models.Model):
    """Something a member said to their group. When a facilitator enters it for them
    (supported participation), `entered_by` says who, and the member's consent is recorded."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="contributions")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="contributions")
    entered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="entered_for_others"
    )
    consent_confirmed = models.BooleanField(default=False)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(entered_by__isnull=True) | Q(consent_confirmed=True),
                name="supported_entry_needs_consent",
            )
        ]

    def __str__(self) -> str:
        return f"Contribution by {self.author}"

    @property
    def is_supported(self) -> bool:
        return self.entered_by_id is not None and self.entered_by_id != self.author_id


class Consent(models.Model):
    """An explicit consent, recorded separately from everything else."""

    class Kind(models.TextChoices):
        ACCESS_NEEDS = "access_needs", gettext_lazy("Store my access needs")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=30, choices=Kind)
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({'withdrawn' if self.withdrawn_at else 'given'})"


class AccessNeeds(models.Model):
    """Special-category data: visible only to the person and their groups' facilitators.
    Stored only while the person's consent stands; withdrawing consent deletes it."""

    class Contact(models.TextChoices):
        ANY = "", gettext_lazy("No preference")
        EMAIL = "email", pgettext_lazy("how to contact", "Email")
        PHONE = "phone", gettext_lazy("Phone call")
        TEXT = "text", gettext_lazy("Text message")
        POST = "post", gettext_lazy("Letter")
        SUPPORTER = "supporter", gettext_lazy("Through my supporter")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="access_needs")
    easy_read = models.BooleanField(gettext_lazy("Easy read documents"), default=False)
    large_print = models.BooleanField(gettext_lazy("Large print"), default=False)
    bsl_interpreter = models.BooleanField(
        gettext_lazy("British Sign Language interpreter"), default=False
    )
    hearing_loop = models.BooleanField(gettext_lazy("Hearing loop"), default=False)
    step_free_access = models.BooleanField(gettext_lazy("Step-free access"), default=False)
    breaks = models.BooleanField(gettext_lazy("Regular breaks"), default=False)
    support_worker = models.BooleanField(gettext_lazy("I bring a support worker"), default=False)
    preferred_contact = models.CharField(
        gettext_lazy("How you like us to contact you"), max_length=10, choices=Contact, blank=True
    )
    other = models.TextField(gettext_lazy("Anything else"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    NEEDS = [
        "easy_read",
        "large_print",
        "bsl_interpreter",
        "hearing_loop",
        "step_free_access",
        "breaks",
        "support_worker",
    ]

    def __str__(self) -> str:
        return f"Access needs of {self.user}"

    def needs_labels(self) -> list[str]:
        fields = {f.name: f for f in self._meta.fields}
        return [str(fields[name].verbose_name) for name in self.NEEDS if getattr(self, name)]


class AuditEvent(models.Model):
    """Who changed what, when, and on whose behalf. Summaries never carry access-needs
    details or other special-category values: only what kind of thing changed."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="audit_events"
    )
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40, blank=True)
    summary = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.summary


class SentForm(models.Model):
    """A one-time key from a form that was sent and saved. A form that must not be saved
    twice (a double tap on a phone, or a browser sending again after the connection
    dropped) carries a random key; the action stores it here in the same transaction as
    the change, so the same key sent again changes nothing. Keys older than
    `KEEP_DAYS` are cleared as new ones arrive."""

    KEEP_DAYS = 2

    key = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"Form sent at {self.sent_at:%Y-%m-%d %H:%M}"
