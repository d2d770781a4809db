"""Forms for plans. Plain-language errors; a form that fails keeps what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from equalvoice.core.forms import DateField, LongTextField, PlainForm
from equalvoice.core.models import User

from .actions import (
    GOAL_MAX,
    HEADING_MAX,
    NEEDS_CONSENT,
    PROMPT_MAX,
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
    )

    def __init__(
        self, *args: Any, owner: User, for_someone: bool, prompt: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if prompt:
            # The organisation's question, for a section of its own.
            self.fields["text"].help_text = f"{prompt} {self.fields['text'].help_text}"
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


EVERY_PLAN = "every"


class SectionTemplateForm(PlainForm):
    """A section the organisation adds to plans: its heading, a question to help the
    person start and, when it is added, which plans it is for."""

    heading = forms.CharField(
        label="Heading",
        max_length=HEADING_MAX,
        help_text="What the section is about, in the person’s words. "
        "For example, “How I communicate”.",
    )
    prompt = LongTextField(
        label="A question to help the person start (optional)",
        max_length=PROMPT_MAX,
        required=False,
        help_text="For example, “How do you like people to talk with you?”",
    )
    kind = forms.ChoiceField(
        label="Which plans is it for?",
        choices=[(EVERY_PLAN, "Every plan"), *Plan.Kind.choices],
        initial=EVERY_PLAN,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, adding: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not adding:
            # Which plans it is for stays as it was added: plans are written in it.
            del self.fields["kind"]
        self.use_plain_messages()
        self.fields["heading"].error_messages.update(
            required="Enter the heading of the section",
            max_length=f"Keep the heading to {HEADING_MAX} characters",
        )
        self.fields["prompt"].error_messages["max_length"] = (
            f"Keep the question to {PROMPT_MAX} characters"
        )
        if adding:
            self.fields["kind"].error_messages.update(
                required="Choose which plans it is for",
                invalid_choice="Choose which plans it is for",
            )

    def clean_kind(self) -> str:
        kind = self.cleaned_data["kind"]
        return "" if kind == EVERY_PLAN else str(kind)
