from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from equalvoice.core.forms import PlainForm, checked_picture

from .documents import MAX_BYTES, UnreadableDocument, read_document
from .models import Challenge, Word

MAX_CHECK = 200_000


LEVELS = [("plain", "Plain English"), ("easy_read", "Easy read")]


class CheckForm(PlainForm):
    text = forms.CharField(
        label="Your writing",
        max_length=MAX_CHECK,
        required=False,
        widget=forms.Textarea,
        help_text="Paste your writing here, or choose a file below.",
    )
    document = forms.FileField(
        label="Or check a file",
        required=False,
        help_text="A .txt or .docx file, up to 5 MB.",
    )
    level = forms.ChoiceField(
        label="Check for", choices=LEVELS, initial="plain", widget=forms.RadioSelect
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload: UploadedFile | None = data.get("document")
        if upload is not None:
            if upload.size and upload.size > MAX_BYTES:
                self.add_error("document", "This file is too big. The most we check is 5 MB.")
                return data
            try:
                data["text"] = read_document(upload.name or "", upload.read())
            except UnreadableDocument as error:
                self.add_error("document", str(error))
                return data
        if not data.get("text") and not self.has_error("text"):
            self.add_error("text", "Paste some writing, or choose a file")
        return data


class ChallengeForm(PlainForm):
    term = forms.CharField(label="Which word or words?", max_length=100)
    reason = forms.ChoiceField(
        label="What is wrong with it?", choices=Challenge.Reason.choices, widget=forms.RadioSelect
    )
    proposal = forms.CharField(
        label="A simpler word (if you know one)", max_length=100, required=False
    )
    context = forms.CharField(max_length=300, required=False, widget=forms.HiddenInput)


class AcceptForm(PlainForm):
    plainer = forms.CharField(
        label="The simpler word or words to use",
        max_length=300,
        help_text="If there is more than one, put ; between them",
    )
    reply = forms.CharField(
        label="Anything to say back (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea,
    )


class ExplainForm(PlainForm):
    explanation = forms.CharField(
        label="Explain the word in plain words",
        max_length=2000,
        widget=forms.Textarea,
        help_text="This shows next to the word wherever anyone uses it.",
    )


class WordForm(PlainForm):
    term = forms.CharField(label="Word or words", max_length=100)
    mode = forms.ChoiceField(
        label="What should happen", choices=Word.Mode.choices, widget=forms.RadioSelect
    )
    suggestions = forms.CharField(
        label="Simpler words",
        max_length=300,
        required=False,
        help_text="If there is more than one, put ; between them",
    )
    explanation = forms.CharField(
        label="Explanation", max_length=2000, required=False, widget=forms.Textarea
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") == Word.Mode.REPLACE and not data.get("suggestions"):
            self.add_error("suggestions", "Enter at least one plainer word")
        if data.get("mode") == Word.Mode.EXPLAIN and not data.get("explanation"):
            self.add_error("explanation", "Enter an explanation")
        return data


class PictureForm(PlainForm):
    picture = forms.FileField(
        label="Picture", help_text="A .png, .jpg or .webp picture, up to 2 MB."
    )

    def clean_picture(self) -> UploadedFile:
        picture: UploadedFile = self.cleaned_data["picture"]
        return checked_picture(picture)


class SentencePictureForm(PlainForm):
    """The picture for one easy-read sentence: Equal Voice's choice, none, or one from
    the list."""

    picture = forms.ChoiceField(label="Picture", widget=forms.RadioSelect)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["picture"].choices = choices  # type: ignore[attr-defined]
        self.fields["picture"].error_messages.update(
            required="Choose a picture, or no picture",
            invalid_choice="Choose a picture from the list",
        )
