"""Forms for decisions. Plain-language errors; a form that fails keeps what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from equalvoice.core.forms import DateField, LongTextField, PlainForm
from equalvoice.core.models import Group

from .actions import REASON_MAX
from .models import Ballot, Decision, Option
from .tally import BallotError, ConsentChoice, Method, ranks_to_ballot

OPTIONS_HELP = _("One option on each line. Not needed for a consent decision.")


class DecisionForm(PlainForm):
    title = forms.CharField(label=_("What is being decided"), max_length=200)
    proposal = LongTextField(label=_("The proposal"), max_length=10_000)
    # Not "method": a field of that name would hide the <form>'s own method in the page.
    how = forms.ChoiceField(
        label=_("How will the group decide?"),
        choices=Decision._meta.get_field("method").choices,  # type: ignore[arg-type]
        widget=forms.RadioSelect,
    )
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=OPTIONS_HELP,
    )
    secret = forms.BooleanField(
        label=_("Secret ballot: show only who voted, never how"), required=False
    )
    initiative: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Initiative in the co-production record (optional)"),
        queryset=None,
        required=False,
        empty_label=_("Not for a plan or project"),
        help_text=_("When it is decided, it goes on that initiative's record as evidence."),
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        from equalvoice.record.selectors import initiatives_in_group

        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives_in_group(group)  # type: ignore[attr-defined]

    def option_lines(self) -> list[str]:
        return [line for line in self.cleaned_data.get("options", "").splitlines() if line.strip()]


CHOICES = [
    (ConsentChoice.AGREE, _("Agree")),
    (ConsentChoice.CONCERNS, _("Agree, with concerns")),
    (ConsentChoice.OBJECT, _("Object: I cannot agree yet")),
    (ConsentChoice.BLOCK, _("Block: this would do harm, and I will say why")),
]
SCORES = [("", _("No score")), *[(str(n), str(n)) for n in range(6)]]


class VoteForm(PlainForm):
    """One ballot, shaped by the decision's method."""

    def __init__(
        self,
        *args: Any,
        decision: Decision,
        options: list[Option],
        for_someone: bool = False,
        people: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.decision, self.options = decision, options
        method = decision.method
        if method == Method.CONSENT:
            self.fields["choice"] = forms.ChoiceField(
                label=_("Your answer to the proposal"), choices=CHOICES, widget=forms.RadioSelect
            )
        elif method == Method.MAJORITY:
            self.fields["option"] = forms.ChoiceField(
                label=_("Choose one"),
                choices=[(str(o.pk), o.text) for o in options],
                widget=forms.RadioSelect,
            )
        elif method == Method.SCORE:
            for o in options:
                self.fields[f"score_{o.pk}"] = forms.ChoiceField(
                    label=_("Score for: %(option)s") % {"option": o.text},
                    choices=SCORES,
                    required=False,
                )
        else:
            for o in options:
                self.fields[f"rank_{o.pk}"] = forms.IntegerField(
                    label=_("Your number for: %(option)s") % {"option": o.text},
                    required=False,
                    min_value=1,
                    max_value=len(options),
                )
        self.fields["reason"] = forms.CharField(
            label=_("Why? (needed for a block; helps everyone otherwise)"),
            max_length=REASON_MAX,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        if for_someone:
            self.fields["person"] = forms.ModelChoiceField(
                label=_("Whose vote is this?"), queryset=people, empty_label=_("Choose a person")
            )
            self.fields["consent_confirmed"] = forms.BooleanField(
                label=_("They agreed to me recording their vote, and it is what they chose"),
                required=True,
            )
        self.use_plain_messages()
        if "consent_confirmed" in self.fields:
            self.fields["consent_confirmed"].error_messages["required"] = _(
                "Tick to confirm the person agreed to you recording their vote"
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.decision.method == Method.RANKED:
            ranks = {
                o.pk: data[f"rank_{o.pk}"]
                for o in self.options
                if data.get(f"rank_{o.pk}") is not None
            }
            labels = {o.pk: o.text for o in self.options}
            try:
                self.ranking = ranks_to_ballot(
                    ranks,
                    [o.pk for o in self.options],
                    label=labels.__getitem__,
                    translate=gettext,
                )
            except BallotError as error:
                self.add_error(None, str(error))
        return data

    @staticmethod
    def initial_from(ballot: Ballot | None) -> dict[str, Any]:
        """The form filled in with a person's own ballot, so they see what they chose
        when they come back to change it (on this device or another)."""
        if ballot is None:
            return {}
        found: dict[str, Any] = {"reason": ballot.reason}
        if ballot.choice:
            found["choice"] = ballot.choice
        if ballot.option_id:
            found["option"] = str(ballot.option_id)
        for option, score in (ballot.scores or {}).items():
            found[f"score_{option}"] = str(score)
        for place, tier in enumerate(ballot.ranking or [], start=1):
            for option in tier:
                found[f"rank_{option}"] = place
        return found

    def ballot(self) -> dict[str, Any]:
        """The ballot as the `vote_cast` action takes it."""
        data = self.cleaned_data
        method = self.decision.method
        found: dict[str, Any] = {"reason": data.get("reason", "")}
        if method == Method.CONSENT:
            found["choice"] = data["choice"]
        elif method == Method.MAJORITY:
            found["option"] = next(o for o in self.options if str(o.pk) == data["option"])
        elif method == Method.SCORE:
            found["scores"] = {
                o.pk: int(data[f"score_{o.pk}"]) for o in self.options if data.get(f"score_{o.pk}")
            }
        else:
            found["ranking"] = self.ranking
        if "person" in self.fields:
            found["person"] = data["person"]
            found["consent_confirmed"] = data["consent_confirmed"]
        return found


class MinorityForm(PlainForm):
    text = LongTextField(
        label=_("What would it take for you to come along?"), max_length=REASON_MAX
    )


class AmendForm(PlainForm):
    proposal = LongTextField(label=_("The changed proposal"), max_length=10_000)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=OPTIONS_HELP,
    )
    why = forms.CharField(
        label=_("What changed, and why"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: what the people who disagreed asked for."),
    )

    def option_lines(self) -> list[str]:
        return [line for line in self.cleaned_data.get("options", "").splitlines() if line.strip()]


class CloseForm(PlainForm):
    reasons = LongTextField(label=_("The reasons for the decision"), max_length=10_000)
    review_on = DateField(
        label=_("When to look at it again"),
        required=False,
        help_text=_("For example, 30 6 2027"),
    )
    without_agreement = forms.BooleanField(
        label=_("Close it without agreement (the group did not agree, or could not wait)"),
        required=False,
    )
