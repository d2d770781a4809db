"""What every request passes through, after Django's own middleware:

- display preferences (text size, high contrast, easy read): signed-in people keep them
  on their account; anyone else keeps them in their session;
- the language a signed-in person chose with the switch (`User.language`), wherever they
  sign in; for anyone who never chose, Django's LocaleMiddleware has already chosen from
  the cookie or the browser;
- sessions that sat idle too long end (EQUALVOICE_SESSION_IDLE_MINUTES);
- people who must use two-step sign-in and have not set it up go to the set-up page
  (docs/security.md)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext

from . import bilingual, selectors, two_step

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
        user = getattr(request, "user", None)
        chosen = user.language if user is not None and user.is_authenticated else ""
        if chosen and bilingual.offered() and chosen in dict(settings.LANGUAGES):
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)


# Sign-in security ---------------------------------------------------------------------

LAST_SEEN_KEY = "ev_last_seen"
# How often the time of the last request is written to the session, in seconds: often
# enough for the idle limit, rare enough not to write the session on every request.
LAST_SEEN_EVERY = 60


class SessionIdleMiddleware:
    """Signs people out when they have done nothing for EQUALVOICE_SESSION_IDLE_MINUTES,
    besides the session's absolute age (SESSION_COOKIE_AGE)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN_KEY)
            idle = settings.EQUALVOICE_SESSION_IDLE_MINUTES * 60
            if isinstance(last, int) and idle > 0 and now - last > idle:
                logout(request)
                messages.info(
                    request, gettext("We signed you out because you did nothing here for a while.")
                )
            elif not isinstance(last, int) or now - last >= LAST_SEEN_EVERY:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class TwoStepMiddleware:
    """Keeps people who must use two-step sign-in, and have not set it up, on the set-up
    pages (they can still sign out, and read the display and accessibility pages).

    What a session knows is decided when the person signs in (core/views/accounts.py).
    A session that knows nothing (made some other way) is decided here once: a person
    who has two-step sign-in is asked to sign in again, with their code."""

    OPEN_TO_ALL = {"sign-out", "two-step-set-up", "display-settings", "accessibility", "healthz"}

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: object, args: object, kwargs: object
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        state = request.session.get(two_step.SESSION_KEY)
        if state is None:
            if request.session.get(BACKEND_SESSION_KEY) == "equalvoice.core.auth.SignInCodeBackend":
                state = two_step.NOT_NEEDED
            elif selectors.has_two_step(user):
                logout(request)
                return redirect_to_login(request.get_full_path())
            elif two_step.required_for(user):
                state = two_step.SET_UP
            else:
                state = two_step.NOT_NEEDED
            request.session[two_step.SESSION_KEY] = state
        if state != two_step.SET_UP or not settings.EQUALVOICE_REQUIRE_TWO_STEP:
            return None
        match = request.resolver_match
        if match is not None and match.url_name in self.OPEN_TO_ALL:
            return None
        return redirect("two-step-set-up")
