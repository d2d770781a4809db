from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from equalvoice.core.forms import DateField, LongTextField, PlainForm, PlainModelForm
from equalvoice.core.models import Group, Organisation, Perspective, User
from equalvoice.core.selectors import people_in_group, people_in_organisation

from .ladder import Rung
from .models import Activity, Initiative, Stage


class InitiativeForm(PlainModelForm):
    summary = LongTextField(label=_("What it is about"), max_length=10_000, required=False)

    class Meta:
        model = Initiative
        fields = ["title", "kind", "group", "summary"]
        labels = {"title": _("Name"), "kind": _("What kind of work is it?"), "group": _("Group")}
        help_texts = {"group": _("The group that looks after it, if there is one.")}
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        field.queryset = Group.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        field.empty_label = gettext("No group")  # type: ignore[attr-defined]


def rung_choices() -> list[tuple[int, str]]:
    """Every rung, lowest first, as ``Rung.choices()`` gives them, in the reader's language."""
    return [(int(r), f"{int(r)}. {gettext(r.label)}: {gettext(r.description)}") for r in Rung]


class ActivityForm(PlainForm):
    stage = forms.ModelChoiceField(label=_("Stage"), queryset=Stage.objects.none())
    on = DateField(label=_("Date"), help_text=_("For example, 15 3 2027"))
    status = forms.ChoiceField(
        label=_("Has it happened?"), choices=Activity.Status.choices, widget=forms.RadioSelect
    )
    what = LongTextField(label=_("What happened, or will happen"), max_length=10_000)
    rung_claimed = forms.TypedChoiceField(
        label=_("Which rung of the ladder is it?"),
        choices=Rung.choices(),
        coerce=int,
        widget=forms.RadioSelect,
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Who took part, by name"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    shaped_design = forms.BooleanField(
        label=_("People with lived experience shaped the design or content itself"), required=False
    )
    decisions = forms.ChoiceField(
        label=_("How were decisions made?"),
        choices=Activity.Decisions.choices,
        widget=forms.RadioSelect,
    )
    effect = LongTextField(
        label=_("What changed because of it"),
        max_length=10_000,
        required=False,
        help_text=_("Only once it has happened."),
    )
    nothing_changed = forms.BooleanField(
        label=_("Nothing changed because of it (say why above)"), required=False
    )
    status_reason = forms.CharField(
        label=_("Why it changed, or did not happen"),
        max_length=5_000,
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, *args: Any, initiative: Initiative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = initiative.organisation
        self.fields["stage"].queryset = Stage.objects.filter(organisation=org)  # type: ignore[attr-defined]
        self.fields["rung_claimed"].choices = rung_choices()  # type: ignore[attr-defined]
        people = (
            people_in_group(initiative.group_id)
            if initiative.group_id
            else people_in_organisation(org)
        )
        self.fields["participants"].queryset = people  # type: ignore[attr-defined]
        self.count_fields: list[tuple[str, Perspective]] = []
        for perspective in Perspective.objects.filter(organisation=org):
            name = f"count_{perspective.pk}"
            self.fields[name] = forms.IntegerField(
                label=gettext("%(perspective)s: how many (not named)")
                % {"perspective": perspective.name},
                min_value=0,
                max_value=100_000,
                required=False,
            )
            self.count_fields.append((name, perspective))
        self.fields["rung_claimed"].error_messages["invalid_choice"] = gettext(
            "Choose a rung of the ladder, from coercion (1) to co-production (7)"
        )
        self.use_plain_messages()
        self.fields["rung_claimed"].error_messages["invalid_choice"] = gettext(
            "Choose a rung of the ladder, from coercion (1) to co-production (7)"
        )

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in self.fields if not n.startswith("count_")]

    @property
    def counts(self) -> list[forms.BoundField]:
        return [self[n] for n, _ in self.count_fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status, on = data.get("status"), data.get("on")
        happened = status in (Activity.Status.DONE, Activity.Status.CHANGED)
        if status == Activity.Status.PLANNED and (
            data.get("effect") or data.get("nothing_changed")
        ):
            self.add_error(
                "effect",
                gettext(
                    "An activity that has not happened yet cannot have an effect. "
                    "Say it is done first."
                ),
            )
        if happened and isinstance(on, date) and on > timezone.localdate():
            self.add_error("on", gettext("A done activity cannot have a date in the future"))
        if status in (Activity.Status.CHANGED, Activity.Status.NOT_DONE) and not data.get(
            "status_reason"
        ):
            self.add_error("status_reason", gettext("Say why it changed or did not happen"))
        if data.get("nothing_changed") and not data.get("effect") and happened:
            self.add_error("effect", gettext("Say why nothing changed"))
        return data

    def attendance(self) -> dict[Perspective, int]:
        return {p: self.cleaned_data[n] for n, p in self.count_fields if self.cleaned_data.get(n)}


class ClaimChallengeForm(PlainForm):
    text = forms.CharField(
        label=_("Why do you think the rung is wrong?"),
        max_length=5_000,
        widget=forms.Textarea,
        help_text=_(
            "For example: I don't think this was co-production, "
            "because they only asked us at the end."
        ),
    )


class ReplyForm(PlainForm):
    reply = forms.CharField(label=_("Your reply"), max_length=5_000, widget=forms.Textarea)


EVIDENCE_TYPES = (
    ".pdf",
    ".docx",
    ".xlsx",
    ".pptx",
    ".odt",
    ".ods",
    ".txt",
    ".csv",
    ".png",
    ".jpg",
    ".jpeg",
)


class EvidenceForm(PlainForm):
    note = forms.CharField(
        label=_("A note"), max_length=5_000, required=False, widget=forms.Textarea
    )
    link = forms.URLField(
        label=_("A link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("For example, to minutes or a report online."),
    )
    file = forms.FileField(
        label=_("A file"),
        required=False,
        help_text=_("A document, spreadsheet or picture, up to 10 MB."),
    )

    def clean_file(self) -> Any:
        from django.conf import settings

        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        name = (upload.name or "").lower()
        if not name.endswith(EVIDENCE_TYPES):
            raise forms.ValidationError(
                gettext("Choose a document, spreadsheet or picture: %(types)s")
                % {"types": ", ".join(t.lstrip(".") for t in EVIDENCE_TYPES)}
            )
        if upload.size and upload.size > settings.EQUALVOICE_MAX_EVIDENCE_BYTES:
            limit = settings.EQUALVOICE_MAX_EVIDENCE_BYTES // (1024 * 1024)
            raise forms.ValidationError(
                gettext("This file is too big. The most is %(limit)s MB.") % {"limit": limit}
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (data.get("note") or data.get("link") or data.get("file")):
            raise forms.ValidationError(gettext("Add a note, a link or a file"))
        return data


class YouSaidForm(PlainForm):
    said = LongTextField(
        label=_("You said"),
        max_length=2_000,
        help_text=_("What people told you, in their words. No names."),
    )
    did = LongTextField(
        label=_("We did"), max_length=2_000, help_text=_("What changed because of it.")
    )


class StageForm(PlainForm):
    name = forms.CharField(label=_("Name of the stage"), max_length=100)
