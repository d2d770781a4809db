"""My plan: a plan that belongs to the person, written with the people who support them.

The person (`Plan.owner`) invites a circle (`CircleMember`, each with a role), writes
sections that start from strengths (`Section`, one of `SectionKey`), and sets who sees
each section (`Section.Visibility`). Goals and their steps hang on a section and are seen
where the section is seen. Every contribution keeps its author; when a supporter writes
for the person, `written_for` names the person and their agreement is recorded (as with
a core `Contribution`). Every look at a plan by someone other than its owner is a
`PlanView`, which the owner can read."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from equalvoice.core.models import Organisation, User


class Plan(models.Model):
    class Kind(models.TextChoices):
        SUPPORT = "support", "My support plan"
        ALL_ABOUT_ME = "all_about_me", "All about me"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="plans")
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.SUPPORT)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("my-plan", args=[self.organisation.slug, self.pk])


class CircleMember(models.Model):
    """Someone the person invited to help write their plan, with their role. The named
    worker is the organisation's worker: they see only the sections shared with them."""

    class Role(models.TextChoices):
        FAMILY_CARER = "family_carer", "Family carer"
        SUPPORTER = "supporter", "Supporter"
        KEY_WORKER = "key_worker", "Key worker"
        TEACHER = "teacher", "Teacher"
        ADVOCATE = "advocate", "Advocate"
        NAMED_WORKER = "named_worker", "Named worker"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="circle")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="plan_circles")
    role = models.CharField(max_length=20, choices=Role)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["person__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "person"], name="one_place_in_a_circle")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class SectionKey(models.TextChoices):
    """The sections every plan starts with, from strengths rather than deficits."""

    MATTERS = "matters", "What matters to me"
    ADMIRE = "admire", "What people like and admire about me"
    STRENGTHS = "strengths", "My strengths and gifts"
    HOME = "home", "My home"
    COMMUNITY = "community", "My community and the people and places I connect with"
    WELLBEING = "wellbeing", "My wellbeing"
    ASPIRATIONS = "aspirations", "My aspirations and goals"
    SUPPORT = "support", "What support I want and who gives it"
    NOT_WANT = "not_want", "What I don't want"


class Written(models.Model):
    """Who wrote a part of a plan, and, when a supporter wrote it for the person, the
    person, who agreed (each model says so in a check constraint of its own)."""

    written_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    written_for = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    consent_confirmed = models.BooleanField(default=False)

    FOR_SOMEONE_NEEDS_CONSENT = Q(written_for__isnull=True) | Q(consent_confirmed=True)

    class Meta:
        abstract = True


class Section(Written):
    class Visibility(models.TextChoices):
        PRIVATE = "private", "Only me"
        CIRCLE = "circle", "Me and my circle"
        WORKER = "worker", "Me, my circle and my named worker"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=20, choices=SectionKey)
    text = models.TextField(blank=True)
    visibility = models.CharField(max_length=10, choices=Visibility, default=Visibility.PRIVATE)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["plan", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="one_section_of_each_kind"),
            models.CheckConstraint(
                condition=Written.FOR_SOMEONE_NEEDS_CONSENT,
                name="plan_section_for_someone_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.get_key_display()

    @property
    def heading(self) -> str:
        return self.get_key_display()


class Goal(Written):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(max_length=500)
    who_helps = models.CharField(max_length=200, blank=True)
    review_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Written.FOR_SOMEONE_NEEDS_CONSENT,
                name="plan_goal_for_someone_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Step(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    text = models.CharField(max_length=300)
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class PlanView(models.Model):
    """Someone other than the owner looked at the plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="views")
    viewer = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=100, default="the plan")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.viewer} looked at {self.plan}"
