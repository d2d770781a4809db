from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from equalvoice.core.forms import DateField, PlainForm

from .models import Scope


class TokenForm(PlainForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Say what will use it, for example: Case system"),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What the token may do"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose only what the other system needs."),
    )
    expires_on = DateField(
        label=_("End date"),
        help_text=_("At most a year from today. For example, 15 3 2027"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Enter a name for the token")
        self.fields["scopes"].error_messages["required"] = _(
            "Choose at least one thing the token may do"
        )
        self.fields["expires_on"].error_messages["required"] = _("Enter the end date")


class WebhookForm(PlainForm):
    url = forms.CharField(
        label=_("Web address"),
        max_length=500,
        help_text=_("Where to send events. It must start with https://"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["url"].error_messages["required"] = _("Enter the web address")
