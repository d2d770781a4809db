"""Forms for recognition and payment. Plain-language errors; a form that fails keeps what
was typed. Amounts are typed in pounds and stored in pence (`pay.parse_pounds`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from equalvoice.core.forms import DateField, PlainForm

from .models import Expense, Kind, Level, Way
from .pay import parse_pounds


class PoundsField(forms.CharField):
    """An amount typed in pounds ("12.50"), cleaned to whole pence."""

    def clean(self, value: Any) -> int:  # type: ignore[override]
        text = super().clean(value)
        try:
            return parse_pounds(text)
        except ValueError:
            raise forms.ValidationError(
                _("Enter an amount in pounds and pence, like 12.50")
            ) from None


class MinutesField(forms.Field):
    """Time typed as hours and minutes in two boxes would be clearer on paper; here one
    box in minutes keeps the form short (an hour is 60 minutes)."""

    def clean(self, value: Any) -> int:
        value = super().clean(value)
        text = str(value).strip().lower().replace("minutes", "").replace("mins", "").strip()
        if not text.isdigit():
            raise forms.ValidationError(
                _("Enter the time in minutes, like 90 for an hour and a half")
            )
        return int(text)


class PolicyForm(PlainForm):
    ways = forms.MultipleChoiceField(
        label=gettext_lazy("Ways to thank people that you offer"),
        choices=[(w.value, w.label) for w in Way if w != Way.DECLINE],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("People can always choose no payment."),
    )
    expenses = forms.MultipleChoiceField(
        label=gettext_lazy("Expenses people can claim"),
        choices=Expense.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    about = forms.CharField(
        label=gettext_lazy("Anything else people should know (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2_000,
        required=False,
        help_text=gettext_lazy(
            "For example: talk to us first if payment could change your benefits."
        ),
    )


class LevelForm(PlainForm):
    name = forms.CharField(
        label=gettext_lazy("Name of the level"),
        max_length=100,
        help_text=gettext_lazy("For example: working group member, or co-chair."),
    )
    per = forms.ChoiceField(
        label=gettext_lazy("How it pays"), choices=Level.Per.choices, widget=forms.RadioSelect
    )
    amount = PoundsField(
        label=gettext_lazy("Amount in pounds"),
        max_length=20,
        help_text=gettext_lazy("Per hour or per session, like 12.50"),
    )
    starts_on = DateField(label=gettext_lazy("From which day"))
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Time it pays for (optional)"),
        choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("We suggest this level when people confirm this kind of time."),
    )


class RateForm(PlainForm):
    amount = PoundsField(
        label=gettext_lazy("New amount in pounds"),
        max_length=20,
        help_text=gettext_lazy("Per hour or per session, like 12.50"),
    )
    starts_on = DateField(
        label=gettext_lazy("From which day"),
        help_text=gettext_lazy("Time given before this day keeps the old amount."),
    )


class FinancePeopleForm(PlainForm):
    people = forms.MultipleChoiceField(
        label=gettext_lazy("People who look after payments"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        choices=(),
        help_text=gettext_lazy(
            "They see how people would like thanks, bank references and amounts."
        ),
    )

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = [(str(p.pk), p.name) for p in people]  # type: ignore[attr-defined]


class ChoiceForm(PlainForm):
    way = forms.ChoiceField(
        label=gettext_lazy("How would you like us to thank you?"), widget=forms.RadioSelect
    )
    reference = forms.CharField(
        label=gettext_lazy("Your payment reference (optional)"),
        max_length=100,
        required=False,
        help_text=gettext_lazy(
            "Only if you chose a bank payment and the finance team gave you one. "
            "Only you and the people who look after payments can see it."
        ),
    )

    def __init__(self, *args: Any, ways: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["way"].choices = ways  # type: ignore[attr-defined]
        self.fields["way"].error_messages.update(
            required=_("Choose how you would like us to thank you"),
            invalid_choice=_("Choose how you would like us to thank you from the list"),
        )


def _level_choices(levels: list[Level]) -> list[tuple[str, str]]:
    return [(str(lv.pk), lv.name) for lv in levels]


class _TimeForm(PlainForm):
    """What confirming time and adding time share: the level chosen from the
    organisation's list, and a note."""

    level = forms.ChoiceField(label=gettext_lazy("What you did"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=gettext_lazy("A note (optional)"),
        max_length=1_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, levels: list[Level], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = _level_choices(levels)  # type: ignore[attr-defined]
        self.fields["level"].error_messages.update(
            required=_("Choose what you did"),
            invalid_choice=_("Choose what you did from the list"),
        )


class ConfirmForm(_TimeForm):
    minutes = MinutesField(
        label=gettext_lazy("How many minutes did you give?"),
        help_text=gettext_lazy(
            "An hour is 60 minutes. Put in only the time itself: "
            "add travel or getting ready separately."
        ),
    )
    field_order = ["minutes", "level", "note"]


class AddTimeForm(_TimeForm):
    what = forms.CharField(
        label=gettext_lazy("What was the time for?"),
        max_length=200,
        help_text=gettext_lazy("For example: reading the papers for the June meeting."),
    )
    day = DateField(label=gettext_lazy("Which day"))
    minutes = MinutesField(
        label=gettext_lazy("How many minutes?"), help_text=gettext_lazy("An hour is 60 minutes.")
    )
    field_order = ["what", "day", "minutes", "level", "note"]


class DecideForm(PlainForm):
    decision = forms.ChoiceField(
        label=gettext_lazy("Your decision"),
        choices=[("approve", gettext_lazy("Approve")), ("return", gettext_lazy("Send it back"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Why it is sent back (if you send it back)"),
        max_length=1_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The person reads this. Use plain words."),
    )


class PeriodForm(PlainForm):
    start = DateField(label=gettext_lazy("From"))
    end = DateField(label=gettext_lazy("To"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end must be on or after the start"))
        return data


class ClaimForm(PlainForm):
    kind = forms.ChoiceField(
        label=gettext_lazy("What did you spend money on?"), widget=forms.RadioSelect
    )
    what = forms.CharField(
        label=gettext_lazy("What it was for"),
        max_length=200,
        help_text=gettext_lazy("For example: bus to the town hall and back, for the June meeting."),
    )
    day = DateField(label=gettext_lazy("Which day"))
    amount = PoundsField(
        label=gettext_lazy("How much, in pounds"),
        max_length=20,
        help_text=gettext_lazy("Like 4.80"),
    )
    receipt = forms.FileField(
        label=gettext_lazy("A photo of the receipt, or the receipt as a PDF (if you have one)"),
        required=False,
        help_text=gettext_lazy(
            "A .jpg, .png, .webp or .pdf file, 5 MB at most. We take the place a "
            "photo was taken out of it before we keep it."
        ),
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
        self.fields["kind"].error_messages.update(
            required=_("Choose what you spent money on"),
            invalid_choice=_("Choose what you spent money on from the list"),
        )
