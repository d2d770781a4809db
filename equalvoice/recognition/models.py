"""Recognition and payment: an organisation's policy (levels of involvement with their
rates, the expenses people may claim, the ways to thank people it offers), each
person's choice, the time they confirm, and the people who look after payments
(docs/recognition.md).

How a person wants to be thanked, their bank reference and every amount are private:
only the person and the organisation's named finance people see them (`rules.py`).
Money is whole pence (`pay.py`)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from equalvoice.core.models import Organisation, User


class Way(models.TextChoices):
    """How a person wants to be thanked for their time."""

    BANK = "bank", _("Payment into my bank account")
    VOUCHER = "voucher", _("A shopping voucher")
    DONATION = "donation", _("A gift to a charity I choose")
    DECLINE = "decline", _("No payment, thank you")


class Kind(models.TextChoices):
    """What the platform saw a person do. A level says which kinds it pays for."""

    MEETING = "meeting", _("Meetings")
    FEEDBACK = "feedback", _("Answering a feedback round")
    VOTE = "vote", _("Voting on a decision")
    REVIEW = "review", _("Looking at a plan with someone")
    OTHER = "other", _("Other time")


class Expense(models.TextChoices):
    TRAVEL = "travel", _("Travel")
    CARER = "carer", _("A carer or personal assistant")
    CHILDCARE = "childcare", _("Childcare")
    INTERPRETER = "interpreter", _("An interpreter")


class Policy(models.Model):
    """What an organisation offers people who give their time."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="recognition_policy"
    )
    ways = models.JSONField(default=list, help_text="The `Way`s offered besides declining.")
    expenses = models.JSONField(default=list, help_text="The `Expense`s people may claim.")
    about = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"How {self.organisation} thanks people"

    def ways_offered(self) -> list[tuple[str, str]]:
        offered = [w for w in Way if w in self.ways and w != Way.DECLINE]
        return [(w.value, str(w.label)) for w in [*offered, Way.DECLINE]]

    def expense_labels(self) -> list[str]:
        return [str(e.label) for e in Expense if e in self.expenses]


class Level(models.Model):
    """A level of involvement (a feedback survey, a meeting, a working group member, a
    co-chair) and whether it pays by the hour or by the session. Its rates change over
    time (`LevelRate`)."""

    class Per(models.TextChoices):
        HOUR = "hour", _("By the hour")
        SESSION = "session", _("By the session")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="recognition_levels"
    )
    name = models.CharField(max_length=100)
    per = models.CharField(max_length=10, choices=Per.choices, default=Per.HOUR)
    kinds = models.JSONField(default=list, blank=True, help_text="The `Kind`s it pays for.")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_level_name")
        ]

    def __str__(self) -> str:
        return self.name


class LevelRate(models.Model):
    """What a level pays from a day on, in pence per hour or per session."""

    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="rates")
    starts_on = models.DateField()
    pence = models.PositiveIntegerField()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["level", "starts_on"], name="one_rate_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.level} from {self.starts_on}"


class FinancePerson(models.Model):
    """Someone an admin named to look after payments: they see choices, bank references
    and amounts, approve time and claims, and export payments."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="finance_people"
    )
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person"], name="one_finance_place")
        ]

    def __str__(self) -> str:
        return f"{self.person} looks after payments"


class Choice(models.Model):
    """How one person wants to be thanked in one organisation. They change it any time."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    way = models.CharField(max_length=10, choices=Way.choices)
    reference = models.CharField(max_length=100, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person"], name="one_choice")
        ]

    def __str__(self) -> str:
        return "How someone would like us to thank them"


class TimeGiven(models.Model):
    """Time a person says they gave: confirmed from what the platform saw (`key` names
    it, so it is confirmed once) or added by them with a note. Finance approves it or
    sends it back with a reason."""

    class State(models.TextChoices):
        CONFIRMED = "confirmed", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Sent back")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    # Emptied when the person's account is deleted: approved time is kept, with no name,
    # because payments are kept for the law (docs/adr/0004-payments-kept-without-names.md).
    person = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="time_given"
    )
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    minutes = models.PositiveIntegerField()
    what = models.CharField(max_length=200)
    key = models.CharField(max_length=60, blank=True)
    note = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.CONFIRMED)
    pence = models.PositiveIntegerField(
        null=True, blank=True, help_text="What it earned, fixed when approved."
    )
    reason = models.TextField(blank=True)
    confirmed_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person", "key"],
                condition=~Q(key=""),
                name="time_confirmed_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.what} on {self.day}"


class Claim(models.Model):
    """Money a person spent to take part (travel, a carer, childcare, an interpreter),
    with a receipt. Finance approves it or sends it back with a reason."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Sent back")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    # Emptied when the account is deleted, as for time given (the ADR says why).
    person = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=20, choices=Expense.choices)
    day = models.DateField()
    pence = models.PositiveIntegerField()
    what = models.CharField(max_length=200)
    receipt = models.FileField(upload_to="receipts/", blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    reason = models.TextField(blank=True)
    claimed_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-day", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.day}"
