"""Forms for community assets and walks. Plain-language errors; a form that fails keeps
what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from equalvoice.core.forms import DateField, LongTextField, PlainForm
from equalvoice.core.models import User

from .actions import AREA_MAX, NAME_MAX, SHORT_MAX, TEXT_MAX
from .models import FEATURE_NAMES, FEATURES, Category


class AssetForm(PlainForm):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX)
    category = forms.ChoiceField(
        label=_("What kind of asset is it?"), choices=Category.choices, widget=forms.RadioSelect
    )
    whose = forms.ChoiceField(
        label=_("If it is a person’s gift or skill: whose is it?"),
        choices=[("mine", _("Mine")), ("someone", _("Someone else’s, and they agreed"))],
        widget=forms.RadioSelect,
        required=False,
    )
    consent_from = forms.CharField(
        label=_("Their name, if it is someone else’s gift or skill"),
        max_length=200,
        required=False,
    )
    consent_confirmed = forms.BooleanField(
        label=_("They agreed to their gift or skill being on the map"), required=False
    )
    description = LongTextField(
        label=_("What is it? (optional)"), max_length=TEXT_MAX, required=False
    )
    features = forms.MultipleChoiceField(
        label=_("Access (optional)"),
        choices=FEATURES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick what it has."),
    )
    opening_times = forms.CharField(
        label=_("When is it open? (optional)"), max_length=SHORT_MAX, required=False
    )
    contact = forms.CharField(
        label=_("How to get in touch (optional)"), max_length=SHORT_MAX, required=False
    )
    area = forms.CharField(
        label=_("Area (optional)"),
        max_length=AREA_MAX,
        required=False,
        help_text=_("The neighbourhood, estate or village, like Millbrook."),
    )
    latitude = forms.DecimalField(
        label=_("Latitude (optional)"),
        required=False,
        max_digits=8,
        decimal_places=5,
        help_text=_("To put it on the map, like 53.48123."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude (optional)"),
        required=False,
        max_digits=8,
        decimal_places=5,
        help_text=_("Like -2.24456."),
    )

    def __init__(self, *args: Any, changing_gift: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if changing_gift:
            # Agreement is already recorded for this gift: nothing to ask again.
            for name in ("whose", "consent_from", "consent_confirmed"):
                del self.fields[name]
        self.fields["name"].error_messages["required"] = _("Enter the name of the asset")
        self.fields["category"].error_messages["required"] = _("Choose what kind of asset it is")
        number_messages = {
            "latitude": (
                _("Write the latitude as a number, like 53.48123"),
                _("Write the latitude with up to 5 decimal places"),
                _("The latitude must be between -180 and 180"),
            ),
            "longitude": (
                _("Write the longitude as a number, like 53.48123"),
                _("Write the longitude with up to 5 decimal places"),
                _("The longitude must be between -180 and 180"),
            ),
        }
        for name, (invalid, places, between) in number_messages.items():
            self.fields[name].error_messages.update(
                {
                    "invalid": invalid,
                    "max_digits": places,
                    "max_decimal_places": places,
                    "max_whole_digits": between,
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
        for name in FEATURE_NAMES:
            values[name] = name in data.get("features", [])
        return values


class WalkForm(PlainForm):
    walked_on = DateField(label=_("When did you walk?"), help_text=_("For example, 14 3 2026"))
    area = forms.CharField(
        label=_("Which area did you walk?"),
        max_length=AREA_MAX,
        help_text=_("The neighbourhood, estate or village, like Millbrook."),
    )
    walkers = forms.ModelMultipleChoiceField(
        label=_("Who walked with you? (optional)"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("You are on the walk too."),
    )
    notes = LongTextField(label=_("Notes (optional)"), max_length=TEXT_MAX, required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["walkers"].queryset = people  # type: ignore[attr-defined]
        self.fields["area"].error_messages["required"] = _("Enter the area you walked")
        self.fields["walked_on"].error_messages["required"] = _("Enter the date of the walk")


IMPORT_MAX_BYTES = 2 * 1024 * 1024


class ImportForm(PlainForm):
    file = forms.FileField(
        label=_("A CSV or GeoJSON file"),
        help_text=_("The first row of a CSV file names the columns: see the list below."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages.update(
            {
                "required": _("Choose a CSV or GeoJSON file"),
                "missing": _("Choose a CSV or GeoJSON file"),
                "empty": _("The file is empty. Choose another one."),
                "invalid": _("Choose a CSV or GeoJSON file"),
            }
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is bigger than 2 MB. Split it into smaller files.")
            )
        return upload
