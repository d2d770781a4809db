"""My plan: a plan that belongs to the person, written with the people who support them.

The person (`Plan.owner`) invites a circle (`CircleMember`, each with a role), writes
sections that start from strengths (`Section`, one of `SectionKey`), and sets who sees
each section (`Section.Visibility`). Goals and their steps hang on a section and are seen
where the section is seen. Every contribution keeps its author; when a supporter writes
for the person, `written_for` names the person and their agreement is recorded (as with
a core `Contribution`). Every look at a plan by someone other than its owner is a
`PlanView`, which the owner can read. Sections and goals keep every version of what they
said (`SectionVersion`, `GoalVersion`)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from equalvoice.core.models import Organisation, User


class Plan(models.Model):
    class Kind(models.TextChoices):
        SUPPORT = "support", _("My support plan")
        ALL_ABOUT_ME = "all_about_me", _("All about me")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="plans")
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.SUPPORT)
    next_review_on = models.DateField(
        null=True, blank=True, help_text="When the person and their circle next look at the plan"
    )
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
        FAMILY_CARER = "family_carer", _("Family carer")
        SUPPORTER = "supporter", _("Supporter")
        KEY_WORKER = "key_worker", _("Key worker")
        TEACHER = "teacher", _("Teacher")
        ADVOCATE = "advocate", _("Advocate")
        NAMED_WORKER = "named_worker", _("Named worker")

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

    MATTERS = "matters", _("What matters to me")
    ADMIRE = "admire", _("What people like and admire about me")
    STRENGTHS = "strengths", _("My strengths and gifts")
    HOME = "home", _("My home")
    COMMUNITY = "community", _("My community and the people and places I connect with")
    WELLBEING = "wellbeing", _("My wellbeing")
    ASPIRATIONS = "aspirations", _("My aspirations and goals")
    SUPPORT = "support", _("What support I want and who gives it")
    NOT_WANT = "not_want", _("What I don't want")
    OWN = "own", "A section the organisation added"


class SectionTemplate(models.Model):
    """A section an organisation adds to its plans, beside the nine every plan has (for
    example "My communication passport"). Retired rather than deleted, so the plans that
    used it keep its heading."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="plan_section_templates"
    )
    heading = models.CharField(max_length=120)
    prompt = models.CharField(
        max_length=300, blank=True, help_text="A question to help the person start writing"
    )
    kind = models.CharField(
        max_length=20, choices=Plan.Kind, blank=True, help_text="Empty: every kind of plan"
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation", "position", "id"]

    def __str__(self) -> str:
        return self.heading


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
        PRIVATE = "private", _("Only me")
        CIRCLE = "circle", _("Me and my circle")
        WORKER = "worker", _("Me, my circle and my named worker")

    WIDTH = {Visibility.PRIVATE: 0, Visibility.CIRCLE: 1, Visibility.WORKER: 2}
    """Each way of sharing reaches everyone the ones before it reach, and more."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=20, choices=SectionKey)
    template = models.ForeignKey(
        SectionTemplate, on_delete=models.PROTECT, null=True, blank=True, related_name="sections"
    )
    text = models.TextField(blank=True)
    visibility = models.CharField(max_length=10, choices=Visibility, default=Visibility.PRIVATE)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["plan", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "key"],
                condition=Q(template__isnull=True),
                name="one_section_of_each_kind",
            ),
            models.UniqueConstraint(
                fields=["plan", "template"],
                condition=Q(template__isnull=False),
                name="one_section_of_each_template",
            ),
            models.CheckConstraint(
                condition=Q(key=SectionKey.OWN, template__isnull=False)
                | (~Q(key=SectionKey.OWN) & Q(template__isnull=True)),
                name="own_sections_have_a_template",
            ),
            models.CheckConstraint(
                condition=Written.FOR_SOMEONE_NEEDS_CONSENT,
                name="plan_section_for_someone_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.heading

    @property
    def heading(self) -> str:
        if self.template is not None:
            return self.template.heading
        return self.get_key_display()


class SectionVersion(Written):
    """What a section said each time someone wrote it, with who wrote it (and for whom,
    with their agreement). The newest is the section's text now. Someone in the circle
    sees a version only if the section was shared with them while it said that
    (`shared_as`): words the person wrote while the section was "Only me", and then
    changed, stay theirs alone."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="versions")
    text = models.TextField(blank=True)
    written_at = models.DateTimeField(default=timezone.now)
    shared_as = models.CharField(
        max_length=10,
        choices=Section.Visibility,
        default=Section.Visibility.PRIVATE,
        help_text="The widest the section was shared while these were its words: only "
        "the people it reached then see this version in the history",
    )

    class Meta:
        ordering = ["-written_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Written.FOR_SOMEONE_NEEDS_CONSENT,
                name="plan_section_version_for_someone_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.section} at {self.written_at:%Y-%m-%d %H:%M}"


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


class GoalVersion(Written):
    """What a goal said (its words, who helps and when to look at it again) each time
    someone added or changed it, with who wrote it (and for whom, with their agreement).
    The newest is the goal now. As with a section's versions, someone in the circle sees
    a version only if the goal's section was shared with them while the goal said that
    (`shared_as`). Its steps are not kept here: they are as they are now."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="versions")
    text = models.CharField(max_length=500)
    who_helps = models.CharField(max_length=200, blank=True)
    review_on = models.DateField(null=True, blank=True)
    written_at = models.DateTimeField(default=timezone.now)
    shared_as = models.CharField(
        max_length=10,
        choices=Section.Visibility,
        default=Section.Visibility.PRIVATE,
        help_text="The widest the goal's section was shared while these were the goal's "
        "words: only the people it reached then see this version in the history",
    )

    class Meta:
        ordering = ["-written_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Written.FOR_SOMEONE_NEEDS_CONSENT,
                name="plan_goal_version_for_someone_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal} at {self.written_at:%Y-%m-%d %H:%M}"


class Step(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    text = models.CharField(max_length=300)
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class ReviewArea(models.TextChoices):
    """The areas rated at each review (the same keys as `journey.AREAS`), each with the
    section of the plan it is about."""

    HOME = "home", _("Home")
    WELLBEING = "wellbeing", _("Wellbeing")
    COMMUNITY = "community", _("Community")
    GOALS = "goals", _("Goals")


class Review(Written):
    """The person and their circle looked at the plan together: when, who took part, what
    changed, and how things are for each area (`Rating`). A review is shared the way the
    person chooses, as a section is (`Section.Visibility`)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    took_part = models.ManyToManyField(User, blank=True, related_name="+")
    others_there = models.CharField(
        max_length=300, blank=True, help_text="People who took part and are not on Equal Voice"
    )
    what_changed = models.TextField(blank=True)
    visibility = models.CharField(
        max_length=10, choices=Section.Visibility, default=Section.Visibility.PRIVATE
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["held_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Written.FOR_SOMEONE_NEEDS_CONSENT,
                name="plan_review_for_someone_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"Review of {self.plan} on {self.held_on:%Y-%m-%d}"

    def scores(self) -> dict[str, int]:
        """Each rated area's score, by area key (read from `ratings`, prefetched or not)."""
        return {rating.area: rating.score for rating in self.ratings.all()}


class Rating(models.Model):
    """How things are for one area at a review, from 1 (very bad) to 5 (very good)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="ratings")
    area = models.CharField(max_length=20, choices=ReviewArea)
    score = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["review", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "area"], name="one_rating_per_area"),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="rating_from_one_to_five"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.score}"


class ReviewReminder(models.Model):
    """The circle was reminded that the plan's review is coming: once per plan and date,
    however often the reminder task runs."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reminders")
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "due_on"], name="one_reminder_per_review")
        ]

    def __str__(self) -> str:
        return f"Reminder for {self.plan} on {self.due_on:%Y-%m-%d}"


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


class PlanAsset(models.Model):
    """ "Places I connect with": a community asset of the organisation linked to the
    plan's community section, seen by whoever that section is shared with."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="places")
    asset = models.ForeignKey(
        "community.Asset", on_delete=models.CASCADE, related_name="plan_links"
    )
    added_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["section", "asset"], name="one_link_per_place")
        ]

    def __str__(self) -> str:
        return f"{self.asset} in {self.section}"
