"""The one thing an admin says before publishing: that they have read it all."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PublishForm(forms.Form):
    checked = forms.BooleanField(
        label=_("I have read everything above, and it names nobody"),
        error_messages={
            "required": _("Tick the box to say you have read everything that will be public")
        },
    )


class TakeDownForm(forms.Form):
    """Nothing to fill in: the button is the decision. A form so that a refusal (it is
    not published) comes back as an error on the page."""
