"""Backups: the round trip loses nothing, and a bad backup or a database in use is refused
with a plain message before anything is written (docs/deploy.md, "Backups")."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from equalvoice.core import backup
from equalvoice.core.demo import load_demo
from equalvoice.core.export import canonical, full_export, organisation_export, owner_lookups
from equalvoice.core.models import Organisation, OrgMembership
from equalvoice.record import actions as record_actions
from equalvoice.record.models import Activity, Evidence, Stage

from . import factories

pytestmark = pytest.mark.django_db(transaction=True)

EVIDENCE = b"%PDF-1.4 minutes of the workshop\n\x00\xff binary too"


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def _empty_the_database() -> None:
    call_command("flush", interactive=False, verbosity=0)


def _uploaded_files(media: Path) -> dict[str, bytes]:
    if not media.exists():
        return {}
    return {str(p.relative_to(media)): p.read_bytes() for p in media.rglob("*") if p.is_file()}


def _small_world() -> Evidence:
    org = factories.organisation()
    group = factories.group(org)
    admin = factories.org_admin(org)
    initiative = record_actions.initiative_save(
        actor=admin, organisation=org, title="Day centre hours", kind="plan", group=group
    )
    activity = record_actions.activity_save(
        actor=admin,
        initiative=initiative,
        stage=Stage.objects.get(organisation=org, name="Design"),
        on=timezone.localdate(),
        status="done",
        what="Workshop on the hours",
        rung_claimed=6,
        participants=[admin],
    )
    return record_actions.evidence_add(
        actor=admin, activity=activity, file=ContentFile(EVIDENCE, name="minutes.pdf")
    )


def test_round_trip_of_the_demo_loses_nothing(media: Path, tmp_path: Path) -> None:
    load_demo()
    council = Organisation.objects.get(slug="northshire")
    activity = Activity.objects.filter(initiative__organisation=council).order_by("pk").first()
    assert activity is not None
    admin = OrgMembership.objects.admins().filter(organisation=council).first()
    assert admin is not None
    evidence = record_actions.evidence_add(
        actor=admin.user,
        activity=activity,
        note="What we agreed",
        file=ContentFile(EVIDENCE, name="minutes.pdf"),
    )
    exports = full_export()
    before = canonical(exports)
    files_before = _uploaded_files(media)
    assert files_before[evidence.file.name] == EVIDENCE
    # Together the exports hold every row of every table, each once or more.
    exported: dict[str, set[object]] = {}
    for rows in exports.values():
        for row in rows:
            exported.setdefault(row["model"], set()).add(row["pk"])
    for model in apps.get_models():
        if not model._meta.managed:  # no table of its own (django-rq's dashboard)
            continue
        count = model._base_manager.count()
        assert len(exported.get(model._meta.label_lower, ())) == count, model
    assert set(exports) == {"", *Organisation.objects.values_list("slug", flat=True)}
    assert len(exports["northshire"]) > 500
    assert any(row["model"] == "record.evidence" for row in exports["northshire"])

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    manifest = backup.verify(archive)
    assert manifest["database_vendor"] == connection.vendor
    assert manifest["migrations"]["core"][0] == "0001_initial"
    assert f"media/{evidence.file.name}" in {f["path"] for f in manifest["files"]}

    _empty_the_database()
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()
    assert not Organisation.objects.exists()

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "Restored" in out.getvalue()

    assert canonical(full_export()) == before
    assert _uploaded_files(media) == files_before
    assert Evidence.objects.get(pk=evidence.pk).file.read() == EVIDENCE
    # New rows take new ids (PostgreSQL's sequences were moved past the restored rows).
    factories.organisation(name="Newshire", slug="newshire")


@pytest.mark.django_db
def test_export_puts_each_row_with_its_own_organisation(media: Path) -> None:
    _small_world()
    other = factories.organisation(name="Elsewhere", slug="elsewhere")
    factories.group(other, "Their group")
    mine = organisation_export(Organisation.objects.get(slug="testshire"))
    theirs = organisation_export(other)
    groups = {r["fields"]["name"] for r in mine if r["model"] == "core.group"}
    assert groups == {"Working group"}
    assert {r["fields"]["name"] for r in theirs if r["model"] == "core.group"} == {"Their group"}
    evidence = [r for r in mine if r["model"] == "record.evidence"]
    assert evidence[0]["fields"]["file"]["sha256"] is not None
    assert not any(r["model"] == "record.evidence" for r in theirs)
    # The people who belong are in the export with their rows.
    assert any(r["model"] == "core.user" for r in mine)
    # Every table of an organisation is found by its chain of keys.
    lookups = owner_lookups()
    assert lookups[Evidence] == "activity__initiative__organisation"


def _backup_of_small_world(tmp_path: Path, media: Path) -> tuple[Path, Evidence]:
    evidence = _small_world()
    archive = tmp_path / "backup.tar.gz"
    backup.write_backup(archive)
    return archive, evidence


def _rewrite(archive: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """A copy of the archive with each member's bytes passed through `change` (None
    leaves the member out)."""
    changed = archive.with_name(f"changed-{len(list(archive.parent.glob('changed-*')))}.tar.gz")
    with tarfile.open(archive, "r:gz") as old, tarfile.open(changed, "w:gz") as new:
        for member in old:
            handle = old.extractfile(member)
            assert handle is not None
            data = change(member.name, handle.read())
            if data is None:
                continue
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return changed


def _assert_refused(archive: Path, media: Path, *words: str) -> None:
    rows_before = canonical(full_export())
    files_before = _uploaded_files(media)
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), stdout=io.StringIO())
    for word in words:
        assert word in str(refused.value)
    assert canonical(full_export()) == rows_before
    assert _uploaded_files(media) == files_before


def _empty_everything(media: Path) -> None:
    _empty_the_database()
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()


def _tampered(name: str) -> Callable[[str, bytes], bytes | None]:
    return lambda n, data: data.replace(b"binary", b"BINARY") if n == name else data


def _changed_rows(n: str, data: bytes) -> bytes | None:
    return data.replace(b"Testshire", b"Testshirf") if n == "database.jsonl" else data


def _left_out(name: str) -> Callable[[str, bytes], bytes | None]:
    return lambda n, data: None if n == name else data


def _from_the_future(name: str, data: bytes) -> bytes | None:
    if name != "manifest.json":
        return data
    manifest = json.loads(data)
    manifest["migrations"]["core"].append("9999_from_the_future")
    return json.dumps(manifest).encode()


def _with_rows_that_cannot_load(archive: Path) -> Path:
    """The organisation's row twice, with a manifest that agrees, so only loading the
    rows can find the fault."""
    with tarfile.open(archive, "r:gz") as t:
        handle = t.extractfile("database.jsonl")
        assert handle is not None
        rows = handle.read()
    first = next(line for line in rows.splitlines() if b'"core.organisation"' in line)
    rows += first + b"\n"

    def twice(name: str, data: bytes) -> bytes | None:
        if name == "database.jsonl":
            return rows
        if name == "manifest.json":
            manifest = json.loads(data)
            for entry in manifest["files"]:
                if entry["path"] == "database.jsonl":
                    entry["size"] = len(rows)
                    entry["sha256"] = hashlib.sha256(rows).hexdigest()
            return json.dumps(manifest).encode()
        return data

    return _rewrite(archive, twice)


def test_bad_backups_are_refused_and_nothing_is_written(tmp_path: Path, media: Path) -> None:
    archive, evidence = _backup_of_small_world(tmp_path, media)
    file = f"media/{evidence.file.name}"
    cases = [
        (_rewrite(archive, _tampered(file)), [file, "does not match its checksum"]),
        (_rewrite(archive, _changed_rows), ["database.jsonl", "does not match its checksum"]),
        (_rewrite(archive, _left_out(file)), [file, "is missing from the backup"]),
        (_rewrite(archive, _from_the_future), ["newer version", "core 9999_from_the_future"]),
        (
            _with_rows_that_cannot_load(archive),
            ["could not load the backup's rows", "kept nothing"],
        ),
    ]
    _empty_everything(media)
    for bad, words in cases:
        _assert_refused(bad, media, *words)
        assert not Organisation.objects.exists()
        assert backup.database_is_empty()
        assert _uploaded_files(media) == {}
    # An uploaded file already there with other contents is not overwritten.
    clash = media / evidence.file.name
    clash.parent.mkdir(parents=True, exist_ok=True)
    clash.write_bytes(b"someone else's file")
    _assert_refused(archive, media, evidence.file.name, "already there with other contents")
    assert not Organisation.objects.exists()
    clash.unlink()
    # The good one still restores after all that.
    call_command("restore", str(archive), stdout=io.StringIO())
    assert Evidence.objects.get(pk=evidence.pk).file.read() == EVIDENCE


def test_a_database_in_use_is_refused(tmp_path: Path, media: Path) -> None:
    archive, _ = _backup_of_small_world(tmp_path, media)
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()
    _assert_refused(archive, media, "The database is not empty")


@pytest.mark.django_db
def test_not_an_archive_is_refused_plainly(tmp_path: Path, media: Path) -> None:
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a backup")
    _assert_refused(junk, media, "junk.tar.gz")
    _assert_refused(tmp_path / "nowhere.tar.gz", media, "There is no backup")


@pytest.mark.django_db
def test_backup_will_not_overwrite_an_archive(tmp_path: Path, media: Path) -> None:
    archive, _ = _backup_of_small_world(tmp_path, media)
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(archive), stdout=io.StringIO())
    out = io.StringIO()
    call_command("backup", str(tmp_path), stdout=out)
    written = list(tmp_path.glob("equalvoice-backup-*.tar.gz"))
    assert len(written) == 1 and backup.verify(written[0])
    assert oct(written[0].stat().st_mode)[-3:] == "600"
    assert "1 uploaded file)" in out.getvalue()
    assert default_storage.exists(_small_world_file(media))


def _small_world_file(media: Path) -> str:
    return next(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
