"""Forms for plans. Plain-language errors; a form that fails keeps what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from equalvoice.core.forms import DateField, LongTextField, PlainForm
from equalvoice.core.models import User

from .actions import (
    GOAL_MAX,
    NEEDS_CONSENT,
    SECTION_MAX,
    STEP_MAX,
    TITLE_MAX,
    WHO_HELPS_MAX,
)
from .models import CircleMember, Plan, Section

CONSENT_LABEL = "They agreed to me writing this for them, in their words"


def _consent(form: forms.Form, owner: User) -> None:
    """The tick box a supporter fills in when writing for the person: their agreement,
    as everywhere else in Equal Voice."""
    form.fields["consent"] = forms.BooleanField(
        label=CONSENT_LABEL.replace("They", owner.name, 1),
        required=True,
    )
    form.fields["consent"].error_messages["required"] = NEEDS_CONSENT


class PlanForm(PlainForm):
    title = forms.CharField(label="Name of the plan", max_length=TITLE_MAX)
    kind = forms.ChoiceField(
        label="What kind of plan is it?", choices=Plan.Kind.choices, widget=forms.RadioSelect
    )


class SectionForm(PlainForm):
    text = LongTextField(
        label="In your words",
        max_length=SECTION_MAX,
        required=False,
        help_text="You can leave it empty and come back to it.",
    )
    visibility = forms.ChoiceField(
        label="Who can see this section?",
        choices=Section.Visibility.choices,
        widget=forms.RadioSelect,
        help_text="Whoever can see it can see its earlier versions too.",
    )

    def __init__(self, *args: Any, owner: User, for_someone: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if for_someone:
            # Only the person decides who sees it.
            del self.fields["visibility"]
            self.fields["text"].label = f"In {owner.name}’s words"
        self.use_plain_messages()
        self.fields["text"].error_messages["max_length"] = (
            f"Keep the section to {SECTION_MAX:,} characters"
        )
        if for_someone:
            _consent(self, owner)


class GoalForm(PlainForm):
    text = forms.CharField(label="The goal", max_length=GOAL_MAX)
    steps = forms.CharField(
        label="Steps towards it (optional)",
        help_text="One step on each line.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=STEP_MAX * 10,
    )
    who_helps = forms.CharField(
        label="Who helps (optional)", max_length=WHO_HELPS_MAX, required=False
    )
    review_on = DateField(
        label="When to look at it again (optional)",
        required=False,
        help_text="For example, 27 3 2027",
    )

    def __init__(self, *args: Any, owner: User, for_someone: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.use_plain_messages()
        self.fields["text"].error_messages["required"] = "Write the goal in a few words"
        if for_someone:
            _consent(self, owner)

    def step_lines(self) -> list[str]:
        return [line for line in self.cleaned_data.get("steps", "").splitlines() if line.strip()]


class InviteForm(PlainForm):
    person: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Who do you want to ask?", queryset=None, empty_label="Choose someone"
    )
    role = forms.ChoiceField(
        label="How do they help you?",
        choices=CircleMember.Role.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.use_plain_messages()
        self.fields["person"].error_messages["required"] = "Choose someone from the list"
        self.fields["person"].error_messages["invalid_choice"] = "Choose someone from the list"
        self.fields["role"].error_messages["required"] = "Choose how they help you"


class GoalChangeForm(GoalForm):
    """A goal's words, who helps and when to look at it again (its steps are changed one
    by one)."""

    def __init__(self, *args: Any, owner: User, for_someone: bool, **kwargs: Any) -> None:
        super().__init__(*args, owner=owner, for_someone=for_someone, **kwargs)
        del self.fields["steps"]


class StepForm(PlainForm):
    text = forms.CharField(label="The step", max_length=STEP_MAX)

    def __init__(self, *args: Any, owner: User, for_someone: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = "Write the step in a few words"
        self.fields["text"].error_messages["max_length"] = (
            f"Keep each step to {STEP_MAX:,} characters"
        )
        if for_someone:
            _consent(self, owner)


class RemoveForm(PlainForm):
    """Taking a goal or a step out: nothing to fill in for the person; someone in their
    circle ticks that the person agreed."""

    def __init__(self, *args: Any, owner: User, for_someone: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if for_someone:
            _consent(self, owner)
            self.fields["consent"].label = f"{owner.name} agreed to me taking this out"


class CircleRoleForm(PlainForm):
    role = forms.ChoiceField(
        label="How do they help you?",
        choices=CircleMember.Role.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].error_messages["required"] = "Choose how they help you"
        self.fields["role"].error_messages["invalid_choice"] = "Choose how they help you"
