from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from equalvoice.core.forms import PlainForm, checked_picture

from .documents import MAX_BYTES, UnreadableDocument, read_document
from .models import Challenge, Word

MAX_CHECK = 200_000


LEVELS = [("plain", _("Plain English")), ("easy_read", _("Easy read"))]


class CheckForm(PlainForm):
    text = forms.CharField(
        label=_("Your writing"),
        max_length=MAX_CHECK,
        required=False,
        widget=forms.Textarea,
        help_text=_("Paste your writing here, or choose a file below."),
    )
    document = forms.FileField(
        label=_("Or check a file"),
        required=False,
        help_text=_("A .txt or .docx file, up to 5 MB."),
    )
    level = forms.ChoiceField(
        label=_("Check for"), choices=LEVELS, initial="plain", widget=forms.RadioSelect
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload: UploadedFile | None = data.get("document")
        if upload is not None:
            if upload.size and upload.size > MAX_BYTES:
                self.add_error(
                    "document", gettext("This file is too big. The most we check is 5 MB.")
                )
                return data
            try:
                data["text"] = read_document(upload.name or "", upload.read())
            except UnreadableDocument as error:
                self.add_error("document", gettext(str(error)))
                return data
        if not data.get("text") and not self.has_error("text"):
            self.add_error("text", gettext("Paste some writing, or choose a file"))
        return data


class ChallengeForm(PlainForm):
    term = forms.CharField(label=_("Which word or words?"), max_length=100)
    reason = forms.ChoiceField(
        label=_("What is wrong with it?"),
        choices=Challenge.Reason.choices,
        widget=forms.RadioSelect,
    )
    proposal = forms.CharField(
        label=_("A simpler word (if you know one)"), max_length=100, required=False
    )
    context = forms.CharField(max_length=300, required=False, widget=forms.HiddenInput)


class AcceptForm(PlainForm):
    plainer = forms.CharField(
        label=_("The simpler word or words to use"),
        max_length=300,
        help_text=_("If there is more than one, put ; between them"),
    )
    reply = forms.CharField(
        label=_("Anything to say back (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea,
    )


class ExplainForm(PlainForm):
    explanation = forms.CharField(
        label=_("Explain the word in plain words"),
        max_length=2000,
        widget=forms.Textarea,
        help_text=_("This shows next to the word wherever anyone uses it."),
    )


class WordForm(PlainForm):
    term = forms.CharField(label=_("Word or words"), max_length=100)
    mode = forms.ChoiceField(
        label=_("What should happen"), choices=Word.Mode.choices, widget=forms.RadioSelect
    )
    suggestions = forms.CharField(
        label=_("Simpler words"),
        max_length=300,
        required=False,
        help_text=_("If there is more than one, put ; between them"),
    )
    explanation = forms.CharField(
        label=_("Explanation"), max_length=2000, required=False, widget=forms.Textarea
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") == Word.Mode.REPLACE and not data.get("suggestions"):
            self.add_error("suggestions", gettext("Enter at least one plainer word"))
        if data.get("mode") == Word.Mode.EXPLAIN and not data.get("explanation"):
            self.add_error("explanation", gettext("Enter an explanation"))
        return data


class PictureForm(PlainForm):
    picture = forms.FileField(
        label=_("Picture"), help_text=_("A .png, .jpg or .webp picture, up to 2 MB.")
    )

    def clean_picture(self) -> UploadedFile:
        picture: UploadedFile = self.cleaned_data["picture"]
        return checked_picture(picture)


class SentencePictureForm(PlainForm):
    """The picture for one easy-read sentence: Equal Voice's choice, none, or one from
    the list."""

    picture = forms.ChoiceField(label=_("Picture"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["picture"].choices = choices  # type: ignore[attr-defined]
        self.fields["picture"].error_messages.update(
            required=_("Choose a picture, or no picture"),
            invalid_choice=_("Choose a picture from the list"),
        )
