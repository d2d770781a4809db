"""Two-step sign-in with an authenticator app (TOTP, RFC 6238) and recovery codes: the
codes themselves, and what a session knows about them.

Who must use it is a rule (`core.must_use_two_step`, core/rules.py). The changes
(turning it on and off, using a code) are actions (core/actions/security.py); the
middleware (core/middleware.py) keeps people who must set it up on the set-up pages."""

from __future__ import annotations

import hmac
import io
import secrets
import time

import pyotp
from django.conf import settings
from django.utils.translation import gettext

from .models import CODE_ALPHABET, User

ISSUER = "Equal Voice"
STEP_SECONDS = 30
# Codes from the step before and the step after now are taken too: phone clocks drift.
WINDOW = 1
RECOVERY_CODES = 10

# What the session knows, under SESSION_KEY.
SESSION_KEY = "ev_two_step"
VERIFIED = "verified"  # signed in with a code from the app or a recovery code
NOT_NEEDED = "not-needed"  # two-step sign-in is not asked of this person, or of this way in
SET_UP = "set-up"  # must set it up before going anywhere else
# Someone who gave their password and now owes a code: {"user": id, "next": url, "at": time}
PENDING_KEY = "ev_two_step_pending"
PENDING_SECONDS = 10 * 60
# The key being set up, until the person types their first code.
NEW_SECRET_KEY = "ev_two_step_new_secret"  # noqa: S105 (a session key name)


def required_for(user: User) -> bool:
    """Whether this person must use two-step sign-in (the rule, when the setting is on)."""
    import rules

    return settings.EQUALVOICE_REQUIRE_TWO_STEP and rules.test_rule("core.must_use_two_step", user)


def new_secret() -> str:
    return pyotp.random_base32()


def grouped(secret: str) -> str:
    """The key in groups of 4, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def setup_uri(secret: str, user: User) -> str:
    label = user.email or user.name or user.username
    return pyotp.TOTP(secret).provisioning_uri(name=label, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The set-up link as an SVG QR code, to put in the page as it is (no inline style or
    script, so the Content Security Policy lets it in)."""
    import segno

    out = io.BytesIO()
    segno.make(uri, error="m").save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=5,
        title=gettext("A code to scan with your authenticator app"),
    )
    return out.getvalue().decode()


def clean_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def matching_step(secret: str, code: str, after: int, now: float | None = None) -> int | None:
    """The time step `code` belongs to, if it is right for a step within WINDOW of now
    and later than `after` (the last step used, so no code works twice)."""
    code = clean_code(code)
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = int((time.time() if now is None else now) // STEP_SECONDS)
    for step in range(current - WINDOW, current + WINDOW + 1):
        if step > after and hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def new_recovery_codes() -> list[str]:
    """Ten codes like ABCDE-23456, from the alphabet people can read aloud."""
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes
