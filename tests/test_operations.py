"""Running Equal Voice: deploy checks, settings safety, the demo. Health checks are in
test_health.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from equalvoice.core.models import AuditEvent, Group, Organisation, User

from .processes import COLLECTSTATIC

ROOT = Path(__file__).resolve().parent.parent


def _equalvoice(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("EQUALVOICE_", "DJANGO_"))}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "equalvoice.cli", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_with_production_settings_has_no_warnings(tmp_path: Path) -> None:
    result = _equalvoice(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        EQUALVOICE_SECRET_KEY="k" * 10 + "production-like-secret-key-with-plenty-of-entropy-9f3a7c",
        EQUALVOICE_ALLOWED_HOSTS="equalvoice.example.org",
        EQUALVOICE_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_off_without_a_secret_key_refuses_to_start(tmp_path: Path) -> None:
    result = _equalvoice("check", EQUALVOICE_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "Set EQUALVOICE_SECRET_KEY" in result.stderr


def test_development_keeps_a_generated_secret_key(tmp_path: Path) -> None:
    # `diffsettings` starts Django with the settings as `check` does, without importing
    # every view for the URL checks (half the time), and shows the key each start used.
    used = []
    for _ in range(2):
        result = _equalvoice(
            "diffsettings", "--all", EQUALVOICE_DEBUG="1", EQUALVOICE_DATA_DIR=str(tmp_path)
        )
        assert result.returncode == 0, result.stderr[-2000:]
        used += [line for line in result.stdout.splitlines() if line.startswith("SECRET_KEY =")]
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"
    # Made by the first start, kept and used by the second.
    assert used == [f"SECRET_KEY = {key.strip()!r}"] * 2


@pytest.mark.django_db
def test_security_headers() -> None:
    response = Client().get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_demo_is_realistic_and_loads_once(capsys: pytest.CaptureFixture[str], settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    call_command("demo")
    first = capsys.readouterr().out
    counts = (User.objects.count(), Group.objects.count(), AuditEvent.objects.count())
    call_command("demo")
    second = capsys.readouterr().out
    assert Organisation.objects.count() == 2
    assert set(Group.objects.values_list("kind", flat=True)) == {
        "working_group",
        "expert_panel",
        "board",
        "network",
    }
    assert 35 <= User.objects.count() <= 50
    assert User.objects.filter(email__isnull=True).count() >= 2
    assert (User.objects.count(), Group.objects.count()) == counts[:2]
    assert "admin@northshire.example" in first and "facilitator@northshire.example" in first
    assert "member@northshire.example" in first and "Password for all of these" in first
    assert "already loaded" in second
    from django.utils import timezone

    from equalvoice.record import selectors as record
    from equalvoice.record.models import Initiative

    def codes(title: str) -> set[str]:
        views = record.activity_views(Initiative.objects.get(title=title))
        return {s.code for s in record.initiative_signals(views, timezone.localdate())}

    assert {"claims_above_evidence", "overdue_plans", "open_challenges"} <= codes(
        "Adult social care transformation plan"
    )
    assert codes("Asset-based support plan") == set()
    code = second.rsplit(" ", 1)[1].strip()
    client = Client()
    assert client.post("/sign-in/code/", {"code": code}).status_code == 302
    assert (
        client.post(
            "/sign-in/", {"email": "member@northshire.example", "password": "equal-voice-demo"}
        ).status_code
        == 302
    )


@pytest.mark.django_db
def test_demo_refuses_without_debug() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("demo")


PRODUCTION = {
    "EQUALVOICE_SECRET_KEY": "production-like-secret-key-with-plenty-of-entropy-9f3a7c-0b1d2e",
    "EQUALVOICE_ALLOWED_HOSTS": "equalvoice.example.org",
}


def test_collectstatic_works_with_production_storage(tmp_path: Path) -> None:
    """WhiteNoise's manifest storage fails on any CSS url() whose file is missing."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("EQUALVOICE_", "DJANGO_"))}
    clean.update(
        EQUALVOICE_STATIC_ROOT=str(tmp_path / "static"),
        EQUALVOICE_DATA_DIR=str(tmp_path),
        **PRODUCTION,
    )
    result = subprocess.run(
        [sys.executable, "-c", COLLECTSTATIC],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    # Our stylesheet went through the manifest storage, hashed and compressed.
    hashed = manifest["paths"]["build/equalvoice.css"]
    assert hashed != "build/equalvoice.css"
    assert (tmp_path / "static" / (hashed + ".gz")).exists()


def test_our_brand_ships_no_crown_crest_or_gds_transport() -> None:
    built = ROOT / "equalvoice" / "static" / "build"
    css = built / "equalvoice.css"
    assert css.exists(), "Build the front end first: make assets"
    text = css.read_text()
    assert "GDS Transport" not in text
    import re

    images = re.findall(r"url\(([^)]*)\)", text)
    assert images and all("crest" not in i and "crown" not in i for i in images)
    assert not list(built.rglob("*crest*")) and not list(built.rglob("*crown*"))


def test_every_setting_is_documented() -> None:
    import re

    read = set(
        re.findall(
            r"EQUALVOICE_[A-Z_]+|DATABASE_URL", (ROOT / "equalvoice" / "settings.py").read_text()
        )
    )
    documented = (ROOT / "docs" / "settings.md").read_text()
    assert read and not {name for name in read if f"`{name}`" not in documented}


@pytest.mark.django_db
def test_create_organisation_command() -> None:
    from django.core.management.base import CommandError

    call_command(
        "create_organisation",
        "--name",
        "Westvale Council",
        "--slug",
        "westvale",
        "--admin-email",
        "lead@westvale.example",
        "--admin-name",
        "Lee Lead",
    )
    org = Organisation.objects.get(slug="westvale")
    assert org.perspectives.count() == 7
    assert org.people.get().user.email == "lead@westvale.example"
    with pytest.raises(CommandError):
        call_command(
            "create_organisation",
            "--name",
            "Again",
            "--slug",
            "westvale",
            "--admin-email",
            "x@westvale.example",
            "--admin-name",
            "X",
        )
    with pytest.raises(CommandError):
        call_command(
            "create_organisation",
            "--name",
            "Bad",
            "--slug",
            "not a slug",
            "--admin-email",
            "x@westvale.example",
            "--admin-name",
            "X",
        )
