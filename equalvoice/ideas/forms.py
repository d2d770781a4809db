"""Forms for ideas. Plain-language errors; a form that fails keeps what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from equalvoice.core.forms import LongTextField, PlainForm, add_for_someone, checked_picture
from equalvoice.core.models import Group

from .actions import ANSWERS, COMMENT_MAX, NEEDS_CONSENT, NEEDS_RESPONSE, TEXT_MAX, TITLE_MAX
from .models import Idea


def authors_of(idea: Idea) -> str:
    """ "Mo Member and Nell Noemail", from the prefetched authorships."""
    names = [a.person.name for a in idea.authorships.all()]
    if len(names) < 2:
        return "".join(names)
    return _("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


class IdeaForm(PlainForm):
    title = forms.CharField(label=_("Your idea in a few words"), max_length=TITLE_MAX)
    text = LongTextField(
        label=_("Tell us more (optional)"),
        max_length=TEXT_MAX,
        required=False,
        help_text=_("What is the idea, and what would it change?"),
    )
    picture = forms.FileField(
        label=_("A picture (optional)"),
        required=False,
        help_text=_("A photo or a drawing of your idea: a .png, .jpg or .webp file, up to 2 MB."),
    )
    initiative: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Which plan or project is it for? (optional)"),
        queryset=None,
        required=False,
        empty_label=_("Not for a plan or project"),
    )

    def __init__(self, *args: Any, group: Group, for_someone: bool, **kwargs: Any) -> None:
        from equalvoice.record.selectors import initiatives_in_group

        super().__init__(*args, **kwargs)
        initiatives = initiatives_in_group(group)
        if initiatives.exists():
            self.fields["initiative"].queryset = initiatives  # type: ignore[attr-defined]
        else:
            del self.fields["initiative"]
        if for_someone:
            self.fields["title"].label = _("The idea in a few words")
        self.use_plain_messages()
        if for_someone:
            add_for_someone(
                self,
                group,
                person_label=gettext("Whose idea is this?"),
                consent_field="consent_confirmed",
                consent_label=gettext(
                    "They agreed to me adding their idea, and I read it back to them"
                ),
                needs_consent=str(NEEDS_CONSENT),
            )
            self.order_fields(["for_person", "title", "text", "picture", "initiative"])
        self.fields["title"].error_messages["required"] = _("Give the idea a title in a few words")
        self.fields["picture"].error_messages.update(
            {
                "missing": _("Choose a picture file"),
                "empty": _("The picture file is empty. Choose another one."),
                "contradiction": _("Choose a new picture, or none"),
            }
        )

    def clean_picture(self) -> UploadedFile | None:
        picture: UploadedFile | None = self.cleaned_data.get("picture")
        if not picture:
            return None
        return checked_picture(picture)


class CommentForm(PlainForm):
    text = LongTextField(label=_("Your comment"), max_length=COMMENT_MAX)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = _("Write your comment")


class RespondForm(PlainForm):
    status = forms.ChoiceField(
        label=_("What happens to the idea?"),
        choices=[(s.value, s.label) for s in ANSWERS],
        widget=forms.RadioSelect,
    )
    response = LongTextField(
        label=_("What happens next, and why"),
        max_length=TEXT_MAX,
        help_text=_("Everyone in the group reads this. Use plain words."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].error_messages["required"] = _("Choose what happens to the idea")
        self.fields["response"].error_messages["required"] = NEEDS_RESPONSE


class IdeaChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Idea) -> str:  # type: ignore[override]
        by = authors_of(obj)
        return (
            _("%(title)s (from %(names)s)") % {"title": obj.title, "names": by} if by else obj.title
        )


class CombineForm(PlainForm):
    ideas = IdeaChoiceField(
        label=_("Ideas to put together"),
        queryset=Idea.objects.none(),
        help_text=_("Choose two or more. Each idea keeps its authors, supporters and comments."),
    )
    title = forms.CharField(label=_("A title for the new idea"), max_length=TITLE_MAX)
    text = LongTextField(
        label=_("The new idea in words (optional)"),
        max_length=TEXT_MAX,
        required=False,
        help_text=_("Leave it empty to keep the words of each idea as they are."),
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        from .selectors import open_ideas

        super().__init__(*args, **kwargs)
        field = self.fields["ideas"]
        assert isinstance(field, IdeaChoiceField)
        # Any idea of the group is a valid answer, so the action can say plainly why an
        # idea that is closed or already put with others cannot be chosen; only open
        # ideas are offered.
        field.queryset = Idea.objects.filter(group=group)
        field.widget.choices = [(i.pk, field.label_from_instance(i)) for i in open_ideas(group)]
        self.fields["title"].error_messages["required"] = _("Give the new idea a title")
        field.error_messages["required"] = _("Choose two or more ideas to put together")
        field.error_messages["invalid_pk_value"] = _("Choose ideas to put together from the list")

    def clean_ideas(self) -> list[Idea]:
        chosen = list(self.cleaned_data["ideas"])
        if len(chosen) < 2:
            raise forms.ValidationError(_("Choose two or more ideas to put together"))
        return chosen
