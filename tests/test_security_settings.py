"""Production settings are safe: `check --deploy` finds nothing, and real responses carry
the security headers (docs/security.md)."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from . import factories

ROOT = Path(__file__).resolve().parent.parent


def _check_deploy(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("EQUALVOICE_", "DJANGO_"))}
    clean.update(
        EQUALVOICE_SECRET_KEY=secrets.token_urlsafe(64),
        EQUALVOICE_ALLOWED_HOSTS="example.org",
        EQUALVOICE_DATA_DIR=str(tmp_path),
        PYTHONPATH=str(ROOT),
        **env,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("debug", [None, "0"])
def test_check_deploy_is_clean_with_production_settings(tmp_path: Path, debug: str | None) -> None:
    """EQUALVOICE_DEBUG unset or 0, a long random key, one host: not one message, not
    even a warning (--fail-level DEBUG fails on anything at all)."""
    result = _check_deploy(tmp_path, **({} if debug is None else {"EQUALVOICE_DEBUG": debug}))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output
    assert not re.search(r"\((security|csp|fields|urls)\.[WE]\d+\)", output), output


def test_check_deploy_would_notice_a_weak_setting(tmp_path: Path) -> None:
    """The check above can fail: without HSTS, check --deploy warns."""
    result = _check_deploy(tmp_path, EQUALVOICE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


def _directives(policy: str) -> dict[str, list[str]]:
    found = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            found[words[0]] = words[1:]
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "sign-in", "two-step-set-up"])
def test_security_headers_on_a_real_response_over_https(name: str, settings) -> None:  # type: ignore[no-untyped-def]
    """As production serves them (DEBUG off, over HTTPS behind the proxy)."""
    settings.DEBUG = False
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    client = Client()
    if name == "two-step-set-up":
        client.force_login(factories.make_user(name="Asha"))
    response = client.get(reverse(name), secure=True)
    assert response.status_code == 200
    hsts = response["Strict-Transport-Security"]
    max_age = int(re.search(r"max-age=(\d+)", hsts).group(1))  # type: ignore[union-attr]
    assert max_age >= 365 * 24 * 60 * 60
    assert "includeSubDomains" in hsts
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Content-Security-Policy"]
    directives = _directives(policy)
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    for source in ("script-src", "style-src"):
        assert source in directives
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    # Nothing on the page needs inline script or style to work.
    page = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", page)
    assert " style=" not in page and "<style" not in page


def test_production_defaults_are_strict(tmp_path: Path) -> None:
    """The production defaults, read from equalvoice/settings.py in a clean environment
    (the test settings turn secure cookies off for plain-HTTP test clients)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("EQUALVOICE_", "DJANGO_"))}
    clean.update(
        EQUALVOICE_SECRET_KEY=secrets.token_urlsafe(64),
        EQUALVOICE_DATA_DIR=str(tmp_path),
        PYTHONPATH=str(ROOT),
    )
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
        "EQUALVOICE_REQUIRE_TWO_STEP",
        "EQUALVOICE_SESSION_IDLE_MINUTES",
    ]
    code = f"from equalvoice import settings as s; print([getattr(s, n) for n in {names!r}])"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.stdout.strip() == "[True, True, True, True, True, 120]", result.stderr
