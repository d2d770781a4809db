"""Display preferences (text size, high contrast, easy read) for every page.

Signed-in people keep them on their account; anyone else keeps them in their session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

SIZES = ("standard", "large", "larger")


@dataclass(frozen=True)
class DisplayPreferences:
    text_size: str = "standard"
    high_contrast: bool = False
    easy_read: bool = False

    @property
    def css_classes(self) -> str:
        classes = [f"ev-text-{self.text_size}"]
        if self.high_contrast:
            classes.append("ev-high-contrast")
        if self.easy_read:
            classes.append("ev-easy-read")
        return " ".join(classes)


def preferences_for(request: HttpRequest) -> DisplayPreferences:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return DisplayPreferences(user.text_size, user.high_contrast, user.easy_read)
    stored = request.session.get("display", {}) if hasattr(request, "session") else {}
    size = stored.get("text_size", "standard")
    return DisplayPreferences(
        size if size in SIZES else "standard",
        bool(stored.get("high_contrast")),
        bool(stored.get("easy_read")),
    )


class DisplayPreferencesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.display = preferences_for(request)  # type: ignore[attr-defined]
        return self.get_response(request)
