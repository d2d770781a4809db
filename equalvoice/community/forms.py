"""Forms for community assets and walks. Plain-language errors; a form that fails keeps
what was typed."""

from __future__ import annotations

from typing import Any

from django import forms

from equalvoice.core.forms import DateField, LongTextField, PlainForm
from equalvoice.core.models import User

from .actions import AREA_MAX, NAME_MAX, SHORT_MAX, TEXT_MAX
from .models import FEATURES, Category


class AssetForm(PlainForm):
    name = forms.CharField(label="Name", max_length=NAME_MAX)
    category = forms.ChoiceField(
        label="What kind of asset is it?", choices=Category.choices, widget=forms.RadioSelect
    )
    whose = forms.ChoiceField(
        label="If it is a person’s gift or skill: whose is it?",
        choices=[("mine", "Mine"), ("someone", "Someone else’s, and they agreed")],
        widget=forms.RadioSelect,
        required=False,
    )
    consent_from = forms.CharField(
        label="Their name, if it is someone else’s gift or skill",
        max_length=200,
        required=False,
    )
    consent_confirmed = forms.BooleanField(
        label="They agreed to their gift or skill being on the map", required=False
    )
    description = LongTextField(label="What is it? (optional)", max_length=TEXT_MAX, required=False)
    features = forms.MultipleChoiceField(
        label="Access (optional)",
        choices=FEATURES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Tick what it has.",
    )
    opening_times = forms.CharField(
        label="When is it open? (optional)", max_length=SHORT_MAX, required=False
    )
    contact = forms.CharField(
        label="How to get in touch (optional)", max_length=SHORT_MAX, required=False
    )
    area = forms.CharField(
        label="Area (optional)",
        max_length=AREA_MAX,
        required=False,
        help_text="The neighbourhood, estate or village, like Millbrook.",
    )
    latitude = forms.DecimalField(
        label="Latitude (optional)",
        required=False,
        max_digits=8,
        decimal_places=5,
        help_text="To put it on the map, like 53.48123.",
    )
    longitude = forms.DecimalField(
        label="Longitude (optional)",
        required=False,
        max_digits=8,
        decimal_places=5,
        help_text="Like -2.24456.",
    )

    def __init__(self, *args: Any, changing_gift: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if changing_gift:
            # Agreement is already recorded for this gift: nothing to ask again.
            for name in ("whose", "consent_from", "consent_confirmed"):
                del self.fields[name]
        self.fields["name"].error_messages["required"] = "Enter the name of the asset"
        self.fields["category"].error_messages["required"] = "Choose what kind of asset it is"
        for name in ("latitude", "longitude"):
            self.fields[name].error_messages.update(
                {
                    "invalid": f"Write the {name} as a number, like 53.48123",
                    "max_digits": f"Write the {name} with up to 5 decimal places",
                    "max_decimal_places": f"Write the {name} with up to 5 decimal places",
                    "max_whole_digits": f"The {name} must be between -180 and 180",
                }
            )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            name: data.get(name)
            for name in (
                "name",
                "category",
                "description",
                "opening_times",
                "contact",
                "area",
                "latitude",
                "longitude",
            )
        }
        for name, _ in FEATURES:
            values[name] = name in data.get("features", [])
        return values


class WalkForm(PlainForm):
    walked_on = DateField(label="When did you walk?", help_text="For example, 14 3 2026")
    area = forms.CharField(
        label="Which area did you walk?",
        max_length=AREA_MAX,
        help_text="The neighbourhood, estate or village, like Millbrook.",
    )
    walkers = forms.ModelMultipleChoiceField(
        label="Who walked with you? (optional)",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="You are on the walk too.",
    )
    notes = LongTextField(label="Notes (optional)", max_length=TEXT_MAX, required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["walkers"].queryset = people  # type: ignore[attr-defined]
        self.fields["area"].error_messages["required"] = "Enter the area you walked"
        self.fields["walked_on"].error_messages["required"] = "Enter the date of the walk"


IMPORT_MAX_BYTES = 2 * 1024 * 1024


class ImportForm(PlainForm):
    file = forms.FileField(
        label="A CSV or GeoJSON file",
        help_text="The first row of a CSV file names the columns: see the list below.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages.update(
            {
                "required": "Choose a CSV or GeoJSON file",
                "missing": "Choose a CSV or GeoJSON file",
                "empty": "The file is empty. Choose another one.",
                "invalid": "Choose a CSV or GeoJSON file",
            }
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                "The file is bigger than 2 MB. Split it into smaller files."
            )
        return upload
