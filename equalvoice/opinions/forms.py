"""Forms for conversations. Plain-language errors; a form that fails keeps what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from equalvoice.core.forms import LongTextField, PlainForm, add_for_someone
from equalvoice.core.models import Group

from .actions import NEEDS_CONSENT, NEEDS_CONSENT_TO_ADD, QUESTION_MAX, STATEMENT_MAX, TITLE_MAX

UPLOAD_MAX = 50 * 1024 * 1024


class ConversationForm(PlainForm):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=TITLE_MAX)
    question = LongTextField(
        label=gettext_lazy("What do you want to hear views on?"),
        max_length=QUESTION_MAX,
        help_text=gettext_lazy(
            "For example: How should we spend the carers' breaks money next year?"
        ),
    )
    seeds = forms.CharField(
        label=gettext_lazy("Statements to start with (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    people_can_add = forms.BooleanField(
        label=gettext_lazy("People can add their own statements"), required=False, initial=True
    )
    check_first = forms.BooleanField(
        label=gettext_lazy("A facilitator checks new statements before people vote on them"),
        required=False,
        initial=True,
    )
    initiative: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=gettext_lazy("Which plan or project is it for? (optional)"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Not for a plan or project"),
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        from equalvoice.record.selectors import initiatives_in_group

        super().__init__(*args, **kwargs)
        initiatives = initiatives_in_group(group)
        if initiatives.exists():
            self.fields["initiative"].queryset = initiatives  # type: ignore[attr-defined]
        else:
            del self.fields["initiative"]
        self.fields["seeds"].help_text = _(
            "One on each line, each up to %(most)s characters. People vote agree, "
            "disagree or pass on each one. Include views you do not share."
        ) % {"most": STATEMENT_MAX}
        self.fields["title"].error_messages["required"] = _("Give the conversation a title")
        self.fields["question"].error_messages["required"] = _(
            "Say what you want to hear people's views on"
        )

    def seed_lines(self) -> list[str]:
        return [line for line in self.cleaned_data.get("seeds", "").splitlines() if line.strip()]


class StatementForm(PlainForm):
    text = LongTextField(
        label=gettext_lazy("Your statement"),
        max_length=STATEMENT_MAX,
        help_text=gettext_lazy("One short sentence that others can agree or disagree with."),
    )

    def __init__(self, *args: Any, group: Group, for_someone: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = _("Write a statement")
        if for_someone:
            add_for_someone(
                self,
                group,
                consent_label=_("They agreed to me adding this, and I read it back to them"),
                needs_consent=str(NEEDS_CONSENT_TO_ADD),
            )
            self.order_fields(["for_person", "text", "consent"])


class SomeoneForm(PlainForm):
    """Before recording votes for someone: who, and that they agreed."""

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_for_someone(
            self,
            group,
            consent_label=_("They agreed to me recording their votes, and they tell me each one"),
            needs_consent=str(NEEDS_CONSENT),
        )


class PerspectiveForm(PlainForm):
    perspective = forms.ChoiceField(label=gettext_lazy("Which perspective are you answering as?"))

    def __init__(self, *args: Any, held: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["perspective"]
        field.choices = [(name, name) for name in held] + [("", _("I would rather not say"))]  # type: ignore[attr-defined]
        field.required = False
        field.widget = forms.RadioSelect(choices=field.choices)  # type: ignore[attr-defined]
        field.help_text = _(
            "It helps show what people with each point of view think. Nobody sees how you voted."
        )


class ImportForm(PlainForm):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=TITLE_MAX)
    question = forms.CharField(
        label=gettext_lazy("What was the conversation about?"),
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    comments = forms.FileField(
        label=gettext_lazy("The statements file"),
        help_text=gettext_lazy("The file called comments.csv in the Polis export."),
    )
    votes = forms.FileField(
        label=gettext_lazy("The votes file"),
        help_text=gettext_lazy(
            "The file called votes.csv, or participants-votes.csv, in the Polis export."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = _("Give the conversation a title")
        for name in ("comments", "votes"):
            messages = self.fields[name].error_messages
            file = self.fields[name].label
            messages["required"] = messages["missing"] = _("Choose %(file)s") % {"file": file}
            messages["empty"] = _("%(file)s is empty. Choose another one.") % {"file": file}

    def _file(self, name: str) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data[name]
        if upload.size and upload.size > UPLOAD_MAX:
            raise forms.ValidationError(_("This file is too big. The most is 50 MB."))
        if not (upload.name or "").lower().endswith(".csv"):
            raise forms.ValidationError(_("Choose a .csv file from the Polis export"))
        return upload

    def clean_comments(self) -> UploadedFile:
        return self._file("comments")

    def clean_votes(self) -> UploadedFile:
        return self._file("votes")
