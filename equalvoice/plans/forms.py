"""Forms for plans. Plain-language errors; a form that fails keeps what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from equalvoice.core.forms import DateField, LongTextField, PlainForm
from equalvoice.core.models import User

from .actions import (
    DATE_NEEDS_CONSENT,
    GOAL_MAX,
    HEADING_MAX,
    NEEDS_CONSENT,
    OTHERS_THERE_MAX,
    PROMPT_MAX,
    REVIEW_MAX,
    SECTION_MAX,
    STEP_MAX,
    TITLE_MAX,
    WHO_HELPS_MAX,
)
from .journey import face_svg
from .models import CircleMember, Plan, ReviewArea, Section

CONSENT_LABEL = _("%(name)s agreed to me writing this for them, in their words")


def _consent(form: forms.Form, owner: User) -> None:
    """The tick box a supporter fills in when writing for the person: their agreement,
    as everywhere else in Equal Voice."""
    form.fields["consent"] = forms.BooleanField(
        label=CONSENT_LABEL % {"name": owner.name},
        required=True,
    )
    form.fields["consent"].error_messages["required"] = NEEDS_CONSENT


class PlanForm(PlainForm):
    title = forms.CharField(label=_("Name of the plan"), max_length=TITLE_MAX)
    kind = forms.ChoiceField(
        label=_("What kind of plan is it?"), choices=Plan.Kind.choices, widget=forms.RadioSelect
    )


class SectionForm(PlainForm):
    text = LongTextField(
        label=_("In your words"),
        max_length=SECTION_MAX,
        required=False,
        help_text=_("You can leave it empty and come back to it."),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see this section?"),
        choices=Section.Visibility.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "The people you share it with also see its earlier versions from when "
            "it was shared with them."
        ),
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
            self.fields["text"].label = _("In %(name)s’s words") % {"name": owner.name}
        self.use_plain_messages()
        self.fields["text"].error_messages["max_length"] = _(
            "Keep the section to %(count)s characters"
        ) % {"count": f"{SECTION_MAX:,}"}
        if for_someone:
            _consent(self, owner)


class GoalForm(PlainForm):
    text = forms.CharField(label=_("The goal"), max_length=GOAL_MAX)
    steps = forms.CharField(
        label=_("Steps towards it (optional)"),
        help_text=_("One step on each line."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=STEP_MAX * 10,
    )
    who_helps = forms.CharField(
        label=_("Who helps (optional)"), max_length=WHO_HELPS_MAX, required=False
    )
    review_on = DateField(
        label=_("When to look at it again (optional)"),
        required=False,
        help_text=_("For example, 27 3 2027"),
    )

    def __init__(self, *args: Any, owner: User, for_someone: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.use_plain_messages()
        self.fields["text"].error_messages["required"] = _("Write the goal in a few words")
        if for_someone:
            _consent(self, owner)

    def step_lines(self) -> list[str]:
        return [line for line in self.cleaned_data.get("steps", "").splitlines() if line.strip()]


class InviteForm(PlainForm):
    person: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Who do you want to ask?"), queryset=None, empty_label=_("Choose someone")
    )
    role = forms.ChoiceField(
        label=_("How do they help you?"),
        choices=CircleMember.Role.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.use_plain_messages()
        self.fields["person"].error_messages["required"] = _("Choose someone from the list")
        self.fields["person"].error_messages["invalid_choice"] = _("Choose someone from the list")
        self.fields["role"].error_messages["required"] = _("Choose how they help you")


EVERY_PLAN = "every"


class SectionTemplateForm(PlainForm):
    """A section the organisation adds to plans: its heading, a question to help the
    person start and, when it is added, which plans it is for."""

    heading = forms.CharField(
        label=_("Heading"),
        max_length=HEADING_MAX,
        help_text=_(
            "What the section is about, in the person’s words. For example, “How I communicate”."
        ),
    )
    prompt = LongTextField(
        label=_("A question to help the person start (optional)"),
        max_length=PROMPT_MAX,
        required=False,
        help_text=_("For example, “How do you like people to talk with you?”"),
    )
    kind = forms.ChoiceField(
        label=_("Which plans is it for?"),
        choices=[(EVERY_PLAN, _("Every plan")), *Plan.Kind.choices],
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
            required=_("Enter the heading of the section"),
            max_length=_("Keep the heading to %(count)s characters") % {"count": HEADING_MAX},
        )
        self.fields["prompt"].error_messages["max_length"] = _(
            "Keep the question to %(count)s characters"
        ) % {"count": PROMPT_MAX}
        if adding:
            self.fields["kind"].error_messages.update(
                required=_("Choose which plans it is for"),
                invalid_choice=_("Choose which plans it is for"),
            )

    def clean_kind(self) -> str:
        kind = self.cleaned_data["kind"]
        return "" if kind == EVERY_PLAN else str(kind)


class GoalChangeForm(GoalForm):
    """A goal's words, who helps and when to look at it again (its steps are changed one
    by one)."""

    def __init__(self, *args: Any, owner: User, for_someone: bool, **kwargs: Any) -> None:
        super().__init__(*args, owner=owner, for_someone=for_someone, **kwargs)
        del self.fields["steps"]


class StepForm(PlainForm):
    text = forms.CharField(label=_("The step"), max_length=STEP_MAX)

    def __init__(self, *args: Any, owner: User, for_someone: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = _("Write the step in a few words")
        self.fields["text"].error_messages["max_length"] = _(
            "Keep each step to %(count)s characters"
        ) % {"count": f"{STEP_MAX:,}"}
        if for_someone:
            _consent(self, owner)


class RemoveForm(PlainForm):
    """Taking a goal or a step out: nothing to fill in for the person; someone in their
    circle ticks that the person agreed."""

    def __init__(self, *args: Any, owner: User, for_someone: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if for_someone:
            _consent(self, owner)
            self.fields["consent"].label = _("%(name)s agreed to me taking this out") % {
                "name": owner.name
            }


class CircleRoleForm(PlainForm):
    role = forms.ChoiceField(
        label=_("How do they help you?"),
        choices=CircleMember.Role.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].error_messages["required"] = _("Choose how they help you")
        self.fields["role"].error_messages["invalid_choice"] = _("Choose how they help you")


AREA_QUESTIONS: dict[str, tuple[StrOrPromise, StrOrPromise]] = {
    ReviewArea.HOME: (_("Home: how are things now?"), _("Think about where you live.")),
    ReviewArea.WELLBEING: (
        _("Wellbeing: how are you feeling?"),
        _("Think about your health, your mood and sleep."),
    ),
    ReviewArea.COMMUNITY: (
        _("Community: how are things with people and places?"),
        _("Think about friends, family and the places you go."),
    ),
    ReviewArea.GOALS: (
        _("Goals: how are your goals going?"),
        _("Think about the goals in your plan."),
    ),
}
NOT_THIS_TIME = _("Leave it out this time")


RATING_WORDS = {
    1: _("Very bad"),
    2: _("Bad"),
    3: _("OK"),
    4: _("Good"),
    5: _("Very good"),
}


def _rating_choices() -> list[tuple[str, str]]:
    """Very good (5) down to very bad (1), each with its face, then "leave it out"."""
    faces = [
        # The face is drawn from numbers only (journey.face_svg): nothing typed is in it.
        (str(n), format_html("{} {}", mark_safe(face_svg(n)), RATING_WORDS[n]))  # noqa: S308
        for n in range(5, 0, -1)
    ]
    return [*faces, ("", str(NOT_THIS_TIME))]


class ReviewForm(PlainForm):
    held_on = DateField(
        label=_("When did you look at the plan together?"), help_text=_("For example, 27 3 2026")
    )
    took_part: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Who took part?"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    others_there = forms.CharField(
        label=_("Anyone else who took part (optional)"),
        help_text=_("People who are not on Equal Voice, like “my sister Jo”."),
        max_length=OTHERS_THERE_MAX,
        required=False,
    )

    def __init__(
        self, *args: Any, owner: User, people: QuerySet[User], for_someone: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["took_part"].queryset = people  # type: ignore[attr-defined]
        self.fields["took_part"].label_from_instance = lambda p: p.name  # type: ignore[attr-defined]
        for area, (question, hint) in AREA_QUESTIONS.items():
            self.fields[f"rating_{area}"] = forms.ChoiceField(
                label=question,
                help_text=hint,
                choices=_rating_choices(),
                widget=forms.RadioSelect(attrs={"class": "ev-face-choice"}),
                required=False,
            )
        self.fields["what_changed"] = LongTextField(
            label=_("What has changed since the last time? (optional)"),
            max_length=REVIEW_MAX,
            required=False,
        )
        if not for_someone:
            self.fields["visibility"] = forms.ChoiceField(
                label=_("Who can see this review?"),
                choices=Section.Visibility.choices,
                widget=forms.RadioSelect,
                initial=Section.Visibility.CIRCLE,
            )
        self.use_plain_messages()
        self.fields["held_on"].error_messages["required"] = _("Enter the date of the review")
        self.fields["took_part"].error_messages["invalid_choice"] = _("Choose people from the list")
        for area in ReviewArea.values:
            self.fields[f"rating_{area}"].error_messages["invalid_choice"] = _(
                "Choose one of the faces, or leave it out this time"
            )
        self.fields["what_changed"].error_messages["max_length"] = _(
            "Keep what has changed to %(count)s characters"
        ) % {"count": f"{REVIEW_MAX:,}"}
        if for_someone:
            _consent(self, owner)

    def ratings(self) -> dict[str, int | None]:
        """Each area's rating, or None when it was left out."""
        found: dict[str, int | None] = {}
        for area in ReviewArea.values:
            value = self.cleaned_data.get(f"rating_{area}") or ""
            found[area] = int(value) if value else None
        return found


class ReviewShareForm(PlainForm):
    visibility = forms.ChoiceField(
        label=_("Who can see this review?"),
        choices=Section.Visibility.choices,
        widget=forms.RadioSelect,
    )


class NextReviewForm(PlainForm):
    """When the person and their circle next look at the plan together. Someone in the
    circle sets it for the person, with their agreement."""

    next_review_on = DateField(label=_("The date"), help_text=_("For example, 27 3 2027"))

    def __init__(self, *args: Any, owner: User, for_someone: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.use_plain_messages()
        self.fields["next_review_on"].error_messages["required"] = _(
            "Enter the date to look at the plan together"
        )
        if for_someone:
            _consent(self, owner)
            self.fields["consent"].label = _("%(name)s agreed to this date") % {"name": owner.name}
            self.fields["consent"].error_messages["required"] = DATE_NEEDS_CONSENT


class PlaceForm(PlainForm):
    """Link a place from the organisation's community map to the plan."""

    asset: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Which place do you connect with?"),
        queryset=None,
        empty_label=_("Choose a place"),
    )

    def __init__(self, *args: Any, places: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["asset"].queryset = places  # type: ignore[attr-defined]
        self.fields["asset"].error_messages.update(
            {
                "required": _("Choose a place from the list"),
                "invalid_choice": _("Choose a place from the list"),
            }
        )
