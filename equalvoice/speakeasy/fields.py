"""The speakeasy text field: used by any app's forms for long text."""

from __future__ import annotations

from typing import Any

from django import forms


class SpeakeasyField(forms.CharField):
    """A long text field with speakeasy feedback as you type (and a preview step
    without JavaScript). Saving is never blocked by what it finds."""

    speakeasy = True

    def __init__(self, *args: Any, level: str = "plain", **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea)
        super().__init__(*args, **kwargs)
        self.level = level
