"""Forms for documents written together. Plain-language errors; a form that fails keeps
what was typed. Long text is checked by speakeasy as it is typed (`LongTextField`), and
the easy-read words at easy-read level."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from equalvoice.core.forms import DateField, LongTextField, PlainForm, add_for_someone
from equalvoice.core.models import Group, Perspective, User

from .actions import ANSWERS, COMMENT_MAX, TEXT_MAX, TITLE_MAX
from .models import AskedComment, Document


def _required(form: forms.Form, **messages: Any) -> None:
    for name, message in messages.items():
        form.fields[name].error_messages["required"] = message


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        return obj.name


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        return obj.name


class DocumentForm(PlainForm):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    kind = forms.ChoiceField(
        label=_("What kind of document is it?"),
        choices=Document.Kind.choices,
        widget=forms.RadioSelect,
    )
    summary = LongTextField(
        label=_("What is it for? (optional)"),
        max_length=TEXT_MAX,
        required=False,
        help_text=_("A few sentences: who it is for and why the group is writing it."),
    )
    initiative: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Which plan or project is it part of? (optional)"),
        queryset=None,
        required=False,
        empty_label=_("Not part of a plan or project"),
        help_text=_("Each agreed version then goes on that plan's co-production record."),
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        from equalvoice.record.selectors import initiatives_in_group

        super().__init__(*args, **kwargs)
        initiatives = initiatives_in_group(group)
        if initiatives.exists():
            self.fields["initiative"].queryset = initiatives  # type: ignore[attr-defined]
        else:
            del self.fields["initiative"]
        _required(
            self,
            title=_("Give the document a title"),
            kind=_("Choose what kind of document it is"),
        )
        self.fields["kind"].error_messages["invalid_choice"] = _("Choose a kind from the list")
        self.fields["title"].error_messages["max_length"] = _("Keep the title to 200 characters")


class LeadForm(PlainForm):
    person = PersonChoiceField(label=_("Who else will lead it?"), queryset=User.objects.none())

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = people  # type: ignore[attr-defined]
        field.empty_label = _("Choose a member")  # type: ignore[attr-defined]
        field.error_messages["required"] = field.error_messages["invalid_choice"] = _(
            "Choose a member of the group from the list"
        )


class SectionForm(PlainForm):
    heading = forms.CharField(label=_("Heading"), max_length=TITLE_MAX)
    text = LongTextField(label=_("The words of the section"), max_length=TEXT_MAX)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _required(
            self, heading=_("Give the section a heading"), text=_("Write the words of the section")
        )
        self.fields["heading"].error_messages["max_length"] = _(
            "Keep the heading to 200 characters"
        )
        self.fields["text"].error_messages["max_length"] = _(
            "Keep the section to 20,000 characters"
        )


class EasyReadForm(PlainForm):
    easy_read = LongTextField(
        label=_("The section in easy read"),
        max_length=TEXT_MAX,
        required=False,
        level="easy_read",
        help_text=_(
            "Short sentences, one idea in each, with everyday words. Leave it empty to have none."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["easy_read"].error_messages["max_length"] = _(
            "Keep the easy read to 20,000 characters"
        )


def _for_someone(form: forms.Form, group: Group, what: str) -> None:
    add_for_someone(
        form,
        group,
        person_label=str(_("Who is this from?")),
        consent_field="consent_confirmed",
        consent_label=str(
            _("They agreed to me writing this down for them, and I read it back to them")
        ),
        needs_consent=str(_("Tick to confirm the person agreed to you writing this down for them")),
    )
    form.fields["for_person"].empty_label = _("Choose a member")  # type: ignore[attr-defined]
    form.order_fields(["for_person", *[f for f in form.fields if f != "for_person"]])


class SuggestionForm(PlainForm):
    text = LongTextField(
        label=_("How the words would read"),
        max_length=TEXT_MAX,
        help_text=_("Write the section as you would like it to read. Change what you like."),
    )
    reason = LongTextField(
        label=_("Why? (optional)"),
        max_length=COMMENT_MAX,
        required=False,
        help_text=_("The leads read this when they decide."),
    )

    def __init__(self, *args: Any, group: Group, for_someone: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _required(self, text=_("Write the words as you would like them to read"))
        self.fields["text"].error_messages["max_length"] = _("Keep this to 20,000 characters")
        self.fields["reason"].error_messages["max_length"] = _("Keep this to 5,000 characters")
        if for_someone:
            _for_someone(self, group, "suggestion")


class CommentForm(PlainForm):
    text = LongTextField(label=_("Your comment"), max_length=COMMENT_MAX)

    def __init__(
        self, *args: Any, group: Group | None = None, for_someone: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _required(self, text=_("Write your comment"))
        self.fields["text"].error_messages["max_length"] = _(
            "Keep your comment to 5,000 characters"
        )
        if for_someone and group is not None:
            _for_someone(self, group, "comment")


class AnswerForm(PlainForm):
    status = forms.ChoiceField(
        label=_("What happens to the suggestion?"),
        choices=[(s.value, s.label) for s in ANSWERS],
        widget=forms.RadioSelect,
    )
    text = LongTextField(
        label=_("If you change it: the words as they will now read"),
        max_length=TEXT_MAX,
        required=False,
    )
    answer = LongTextField(
        label=_("Your answer to the person who suggested it"),
        max_length=COMMENT_MAX,
        required=False,
        help_text=_("If you do not take it up, say why. They read this."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _required(self, status=_("Choose what happens to the suggestion"))
        self.fields["status"].error_messages["invalid_choice"] = _("Choose an answer from the list")
        self.fields["text"].error_messages["max_length"] = _("Keep this to 20,000 characters")
        self.fields["answer"].error_messages["max_length"] = _("Keep this to 5,000 characters")


class ProposeForm(PlainForm):
    review_on = DateField(
        label=_("When should the group look at it again?"),
        help_text=_("For example, 1 12 2027. The leads are reminded a month before."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _required(self, review_on=_("Give a date to look at it again"))


class GroupChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Group) -> str:  # type: ignore[override]
        return obj.name


class AskingForm(PlainForm):
    message = LongTextField(
        label=_("What would you like people to comment on?"),
        max_length=COMMENT_MAX,
        help_text=_("They read this first, with the draft as it is now."),
    )
    respond_by = DateField(label=_("Comment by"), help_text=_("For example, 31 1 2027"))
    groups = GroupChoiceField(
        label=_("Other groups to ask (optional)"), queryset=Group.objects.none(), required=False
    )
    people = PeopleChoiceField(
        label=_("People in the organisation to ask (optional)"),
        queryset=User.objects.none(),
        required=False,
    )
    emails = forms.CharField(
        label=_("People outside the organisation, by email (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=COMMENT_MAX,
        help_text=_(
            "One a line: their name, their email address and what they bring, with commas. "
            "For example: Sam Patel, sam@example.org, Professional"
        ),
    )

    def __init__(
        self, *args: Any, groups: Any, people: Any, perspectives: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = groups  # type: ignore[attr-defined]
        self.fields["people"].queryset = people  # type: ignore[attr-defined]
        self.perspectives = {p.name.lower(): p.name for p in perspectives}
        _required(
            self,
            message=_("Say what you would like people to comment on"),
            respond_by=_("Give a date to comment by"),
        )
        for name in ("groups", "people"):
            self.fields[name].error_messages["invalid_choice"] = _("Choose from the list")
            self.fields[name].error_messages["invalid_pk_value"] = _("Choose from the list")
        self.fields["emails"].error_messages["max_length"] = _("Keep this to 5,000 characters")

    def clean_emails(self) -> list[tuple[str, str, str]]:
        rows: list[tuple[str, str, str]] = []
        for number, line in enumerate(str(self.cleaned_data.get("emails") or "").splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(",")]
            email = next((p for p in parts if "@" in p), "")
            try:
                validate_email(email)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Line %(number)s needs an email address like name@example.org")
                    % {"number": number}
                ) from None
            others = [p for p in parts if p and p != email]
            name = others[0] if others else ""
            given = others[1] if len(others) > 1 else ""
            perspective = self.perspectives.get(given.lower(), given)[:100]
            rows.append((name, email, perspective))
        return rows


class AskedCommentForm(PlainForm):
    section = forms.ChoiceField(label=_("Which part is it about?"), required=False)
    text = LongTextField(label=_("Your comment"), max_length=COMMENT_MAX)

    def __init__(self, *args: Any, headings: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["section"]
        field.choices = [("", _("The whole document")), *[(h, h) for h in headings]]  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = _("Choose a part from the list")
        _required(self, text=_("Write your comment"))
        self.fields["text"].error_messages["max_length"] = _(
            "Keep your comment to 5,000 characters"
        )


class AskedAnswerForm(PlainForm):
    answer = forms.ChoiceField(
        label=_("What did you do?"), choices=AskedComment.Answer.choices, widget=forms.RadioSelect
    )
    answer_text = LongTextField(label=_("What you did, and why"), max_length=COMMENT_MAX)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _required(self, answer=_("Choose what you did"), answer_text=_("Say what you did, and why"))
        self.fields["answer"].error_messages["invalid_choice"] = _("Choose an answer from the list")
        self.fields["answer_text"].error_messages["max_length"] = _("Keep this to 5,000 characters")


class SessionForm(PlainForm):
    on = DateField(label=_("Date of the session"), help_text=_("For example, 14 3 2027"))
    place = forms.CharField(label=_("Where (optional)"), max_length=TITLE_MAX, required=False)
    trainers = PeopleChoiceField(label=_("Who runs the session?"), queryset=User.objects.none())
    lived_experience = PeopleChoiceField(
        label=_("Which of them bring lived experience? (optional)"),
        queryset=User.objects.none(),
        required=False,
    )
    named = PeopleChoiceField(
        label=_("Which of them agreed to be named? (optional)"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Anyone not ticked is shown as “a trainer”, without their name."),
    )
    attended = PeopleChoiceField(
        label=_("Who attended? (optional)"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("trainers", "lived_experience", "named", "attended"):
            self.fields[name].queryset = people  # type: ignore[attr-defined]
            self.fields[name].error_messages["invalid_choice"] = _("Choose people from the list")
            self.fields[name].error_messages["invalid_pk_value"] = _("Choose people from the list")
        _required(
            self,
            on=_("Give the date of the session"),
            trainers=_("Choose who runs the session"),
        )
        self.fields["place"].error_messages["max_length"] = _("Keep this to 200 characters")


class FeedbackForm(PlainForm):
    text = LongTextField(label=_("What did you think of the session?"), max_length=COMMENT_MAX)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _required(self, text=_("Write what you thought of the session"))
        self.fields["text"].error_messages["max_length"] = _("Keep this to 5,000 characters")


__all__ = ["Perspective"]
