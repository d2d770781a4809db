"""Backups: one archive with the whole database, the uploaded files and a manifest, and
bringing it back into an empty database (`equalvoice backup`, `equalvoice restore`).

Why Django's own serialisation and not `pg_dump`: docs/adr/0005-backups.md.

The archive is a `.tar.gz` holding:

- `database.jsonl`: every row of every table, one JSON object a line (Django's `jsonl`
  format, as `dumpdata --all --format jsonl` writes it), with ids and without natural
  keys, so it loads the same into SQLite or PostgreSQL;
- `media/…`: every uploaded file, by its name in the file storage;
- `manifest.json`, last: when it was made, by which version, from which database, the
  migrations applied to each app, and each file's size and SHA-256.

These act on the whole database, below any organisation and with no person acting, so
they are not actions (there is no one to check a permission for, and an audit entry
would make the database differ from the backup). Only the operator runs them, from the
command line.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps.registry import Apps
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.core.serializers.base import DeserializationError, DeserializedObject
from django.db import DatabaseError, connection, transaction
from django.db.migrations.exceptions import InvalidMigrationPlan
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model

from .export import ExactJSONEncoder

FORMAT = "equalvoice-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.jsonl"
MEDIA = "media/"
CHUNK = 1024 * 1024
# Rows made by `migrate` itself in every new database. The backup has its own, with
# the ids its rows refer to, so a restore puts those in their place.
MADE_BY_MIGRATE = ("django_content_type", "auth_permission")


class BackupError(Exception):
    """A backup or restore that cannot go ahead. The message is for the operator: plain
    words, naming the file or the migration at fault."""


@dataclass(frozen=True)
class Restored:
    rows: int
    files: int
    migrated_from_backup_state: bool


def version() -> str:
    try:
        return metadata.version("equalvoice")
    except metadata.PackageNotFoundError:
        return "unknown"


# --- Writing a backup ------------------------------------------------------------------


class _Hashing(io.RawIOBase):
    """Reads through to `source`, keeping the SHA-256 and the count of what was read."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source = source
        self.sha256 = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        data = self.source.read(-1 if size is None else size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _file_hash(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def applied_migrations() -> dict[str, list[str]]:
    """The migrations applied to this database, by app, each app's in name order."""
    found: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        found.setdefault(app, []).append(name)
    return found


def storage_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file's name in the storage, in a fixed order."""
    if folder == "" and not storage.exists(""):
        return
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}{name}"
    for sub in sorted(folders):
        yield from storage_files(storage, f"{folder}{sub}/")


def write_backup(
    path: Path, *, storage: Storage | None = None, models: Apps | None = None
) -> dict[str, Any]:
    """Write the archive to `path` (a new file) and return its manifest. `models`: the
    models to read the rows with, this code's unless given (the tests give those of an
    older migration state, to make a backup as an older version would).

    The rows are read in one transaction, so they agree with each other even while
    people use the site: on PostgreSQL a read-only snapshot; on SQLite the write lock, so
    writes wait until the rows are read. The archive is written beside `path` and
    renamed into place at the end, so a backup that fails leaves no half archive."""
    storage = storage or default_storage
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists. Choose a new name for the backup.")
    if not path.parent.is_dir():
        raise BackupError(f"There is no folder {path.parent} to put the backup in.")
    partial = path.with_name(path.name + ".partial")
    if partial.exists():
        raise BackupError(
            f"{partial} is there: another backup may be writing it. If none is, delete it."
        )
    files: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".equalvoice-backup-") as work:
        dump = Path(work) / DATABASE
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                migrations = _dump(dump, models)
        else:
            with transaction.atomic():
                migrations = _dump(dump, models)
        created_at = datetime.now(UTC).isoformat()
        size, sha256 = _file_hash(dump)
        files.append({"path": DATABASE, "size": size, "sha256": sha256})
        try:
            # Readable by its owner only, from the first byte.
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                archive.add(dump, arcname=DATABASE, recursive=False)
                for name in storage_files(storage):
                    files.append(_add_stored_file(archive, storage, name))
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": created_at,
                    "equalvoice_version": version(),
                    "database_vendor": connection.vendor,
                    "migrations": migrations,
                    "files": files,
                }
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(datetime.now(UTC).timestamp())
                info.mode = 0o600
                archive.addfile(info, io.BytesIO(data))
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def _dump(to: Path, models: Apps | None) -> dict[str, list[str]]:
    """Every row, as `dumpdata --all --format jsonl` writes them (each table by id, read
    in chunks, so memory stays small however big the database), but with times to the
    microsecond. Returns the migrations applied, read in the same transaction."""
    from django.apps import apps

    def every_row() -> Iterator[Model]:
        for model in (models or apps).get_models():
            if model._meta.managed and not model._meta.proxy:
                yield from model._base_manager.order_by("pk").iterator(chunk_size=2000)

    with to.open("w", encoding="utf-8") as out:
        serializers.serialize("jsonl", every_row(), stream=out, cls=ExactJSONEncoder)
    return applied_migrations()


def _add_stored_file(archive: tarfile.TarFile, storage: Storage, name: str) -> dict[str, Any]:
    info = tarfile.TarInfo(MEDIA + name)
    info.size = storage.size(name)
    info.mode = 0o600
    info.mtime = int(datetime.now(UTC).timestamp())
    with storage.open(name, "rb") as f:
        reading = _Hashing(f)
        # tarfile reads exactly info.size bytes, and fails if the file is shorter.
        archive.addfile(info, reading)
        if f.read(1):
            raise BackupError(f"{name} changed while the backup ran. Run the backup again.")
    return {"path": MEDIA + name, "size": reading.size, "sha256": reading.sha256.hexdigest()}


# --- Checking a backup -----------------------------------------------------------------


def _safe_member_name(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return (
        bool(parts)
        and not name.startswith("/")
        and ".." not in parts
        and (name in (DATABASE, MANIFEST) or (name.startswith(MEDIA) and len(parts) > 1))
    )


def read_manifest(path: Path) -> dict[str, Any]:
    """The archive's manifest, checked for shape (not yet against the files)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup at {path}.")
    try:
        with tarfile.open(path, "r:gz") as archive:
            try:
                member = archive.getmember(MANIFEST)
            except KeyError:
                raise BackupError(
                    f"{path} has no {MANIFEST}: it is not an Equal Voice backup."
                ) from None
            handle = archive.extractfile(member)
            if handle is None:
                raise BackupError(f"{MANIFEST} in {path} is not a file.")
            manifest = json.loads(handle.read())
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"{path} is not a readable backup archive ({error}).") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"{MANIFEST} in {path} is damaged: it is not JSON.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not an Equal Voice backup.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is a backup of format {manifest.get('format_version')}; "
            f"this version of Equal Voice reads format {FORMAT_VERSION}."
        )
    files = manifest.get("files")
    migrations = manifest.get("migrations")
    if not isinstance(files, list) or not isinstance(migrations, dict):
        raise BackupError(f"{MANIFEST} in {path} is damaged: it lists no files or migrations.")
    for entry in files:
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("path"), str)
            and isinstance(entry.get("size"), int)
            and isinstance(entry.get("sha256"), str)
            and _safe_member_name(entry["path"])
        ):
            raise BackupError(f"{MANIFEST} in {path} is damaged: a file entry is wrong.")
    if DATABASE not in {entry["path"] for entry in files}:
        raise BackupError(f"{MANIFEST} in {path} does not list {DATABASE}.")
    return manifest


def verify(path: Path, *, extract_database_to: Path | None = None) -> dict[str, Any]:
    """Check every file in the archive against the manifest: each one there, nothing
    else there, each size and SHA-256 right. Writes nothing, except the database rows to
    `extract_database_to` when asked (so what is loaded is what was checked)."""
    manifest = read_manifest(path)
    expected = {entry["path"]: entry for entry in manifest["files"]}
    seen: set[str] = set()
    try:
        with tarfile.open(path, "r:gz") as archive:
            for member in archive:
                if member.name == MANIFEST:
                    continue
                if member.name not in expected:
                    raise BackupError(
                        f"{member.name} is in the backup but not in its manifest. "
                        "Someone changed the backup after it was made; do not restore it."
                    )
                if not member.isfile():
                    raise BackupError(f"{member.name} in the backup is not an ordinary file.")
                if member.name in seen:
                    raise BackupError(f"{member.name} is in the backup twice.")
                seen.add(member.name)
                handle = archive.extractfile(member)
                assert handle is not None
                reading = _Hashing(handle)
                if member.name == DATABASE and extract_database_to is not None:
                    with extract_database_to.open("wb") as out:
                        shutil.copyfileobj(reading, out, CHUNK)
                else:
                    while reading.read(CHUNK):
                        pass
                entry = expected[member.name]
                if reading.size != entry["size"] or reading.sha256.hexdigest() != entry["sha256"]:
                    raise BackupError(
                        f"{member.name} in the backup does not match its checksum. "
                        "The backup is damaged, or someone changed it; do not restore it."
                    )
    except BackupError:
        raise
    except Exception as error:
        raise BackupError(f"{path} is damaged and cannot be read ({error}).") from error
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"{missing[0]} is missing from the backup. Do not restore it.")
    return manifest


# --- Restoring -------------------------------------------------------------------------


def _backup_targets(
    executor: MigrationExecutor, migrations: dict[str, list[str]]
) -> list[tuple[str, str | None]]:
    """Each app's last migration in the backup (None: the app was not there). Refuses a
    backup with migrations this code does not have: it is newer than the code."""
    graph = executor.loader.graph
    unknown = sorted(
        f"{app} {name}"
        for app, names in migrations.items()
        for name in names
        if (app, name) not in graph.nodes
    )
    if unknown:
        raise BackupError(
            "This backup comes from a newer version of Equal Voice: its database has "
            f"migrations this version does not know ({', '.join(unknown[:5])}). "
            "Install the version that made it, or a later one, then restore."
        )
    targets: list[tuple[str, str | None]] = []
    for app in sorted(executor.loader.migrated_apps):
        names = migrations.get(app, [])
        if not names:
            targets.append((app, None))
            continue
        # The applied migration every other applied one of the app comes before.
        last = max(names, key=lambda name: len(graph.forwards_plan((app, name))))
        targets.append((app, last))
    return targets


def database_is_empty() -> bool:
    """True when no table holds a row, apart from those `migrate` makes itself."""
    from django.apps import apps

    tables = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if (
            model._meta.managed
            and table in tables
            and table not in MADE_BY_MIGRATE
            and model._base_manager.exists()
        ):
            return False
    return True


def _clashing_file(manifest: dict[str, Any], storage: Storage) -> str | None:
    """The first uploaded file already in storage with other contents, if any."""
    for entry in manifest["files"]:
        if entry["path"].startswith(MEDIA):
            name = entry["path"][len(MEDIA) :]
            if storage.exists(name):
                with storage.open(name, "rb") as f:
                    reading = _Hashing(f)
                    while reading.read(CHUNK):
                        pass
                if reading.sha256.hexdigest() != entry["sha256"]:
                    return name
    return None


class _HistoricalDeserializer(jsonl.Deserializer):
    """Django's `jsonl` reader, building rows of the models as they were at the backup's
    migrations, so a backup from an older version loads into the tables of its time."""

    def __init__(self, stream: Any, *, apps: Apps, **options: Any) -> None:
        super().__init__(stream, **options)
        self.apps = apps

    def _get_model_from_node(self, model_identifier: str) -> type[Model]:  # type: ignore[override]
        try:
            return self.apps.get_model(model_identifier)
        except (LookupError, TypeError, ValueError) as error:
            raise BackupError(
                f"The backup holds rows of {model_identifier}, which this version of "
                "Equal Voice does not have."
            ) from error


BATCH = 500


def _load(objects: Iterator[DeserializedObject]) -> int:
    """Store the rows, a batch at a time (the rows come table by table), with their
    many-to-many links. Returns how many rows."""
    rows = 0
    batch: list[DeserializedObject] = []

    def flush() -> None:
        if not batch:
            return
        model = type(batch[0].object)
        if model._meta.parents:
            for obj in batch:  # bulk_create cannot store a row and its parent's together
                obj.save(force_insert=True)
        else:
            model._base_manager.bulk_create([obj.object for obj in batch])
            for field in model._meta.many_to_many:
                through: Any = field.remote_field.through  # type: ignore[attr-defined]
                if not through._meta.auto_created:
                    continue
                source, target = field.m2m_field_name(), field.m2m_reverse_field_name()  # type: ignore[attr-defined]
                through._base_manager.bulk_create(
                    [
                        through(**{f"{source}_id": obj.object.pk, f"{target}_id": pk})
                        for obj in batch
                        for pk in (obj.m2m_data or {}).get(field.name, [])
                    ],
                    batch_size=BATCH,
                )
        batch.clear()

    for obj in objects:
        if obj.deferred_fields:
            raise BackupError(
                "The backup's rows refer to others by name; Equal Voice cannot load them."
            )
        if batch and (type(obj.object) is not type(batch[0].object) or len(batch) >= BATCH):
            flush()
        batch.append(obj)
        rows += 1
    flush()
    return rows


def restore(path: Path, *, storage: Storage | None = None) -> Restored:
    """Bring a backup back into an empty database.

    In order: check the manifest and every checksum; refuse a backup newer than the code
    and a database that is not empty, or an uploaded file already there with other
    contents (nothing is written until here); migrate to the backup's migrations; load
    every row and write every uploaded file in one transaction (a failure leaves the
    database empty and takes the files back out); reset PostgreSQL's sequences; then
    migrate to this version's latest, so an older backup goes through the same data
    migrations as a live database would."""
    storage = storage or default_storage
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="equalvoice-restore-") as work:
        rows_file = Path(work) / DATABASE
        manifest = verify(path, extract_database_to=rows_file)
        executor = MigrationExecutor(connection)
        targets = _backup_targets(executor, manifest["migrations"])
        if not database_is_empty():
            raise BackupError(
                "The database is not empty. Restore only into a new, empty database "
                "(make one, point DATABASE_URL at it, and run the restore again)."
            )
        clash = _clashing_file(manifest, storage)
        if clash is not None:
            raise BackupError(
                f"The uploaded file {clash} is already there with other contents. "
                "Restore into an empty folder for uploaded files."
            )

        plan = executor.migration_plan(targets)
        if plan:
            try:
                executor.migrate(targets, plan=plan)
            except InvalidMigrationPlan as error:
                raise BackupError(
                    "The database's tables are at migrations that cannot reach the "
                    "backup's in one step. Restore into a new database with no tables."
                ) from error
            executor.loader.build_graph()
        historical = executor.loader.project_state(
            [(app, name) for app, name in targets if name is not None]
        ).apps

        written: list[str] = []
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    for table in reversed(MADE_BY_MIGRATE):
                        # A name of ours, not input: nothing to inject.
                        cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608
                with rows_file.open(encoding="utf-8") as lines:
                    rows = _load(_HistoricalDeserializer(lines, apps=historical))
                # New rows must not take the ids of restored ones (PostgreSQL's
                # sequences; what `sqlsequencereset` prints).
                models = [
                    model
                    for model in historical.get_models(include_auto_created=True)
                    if model._meta.managed and not model._meta.proxy
                ]
                statements = connection.ops.sequence_reset_sql(no_style(), models)
                if statements:
                    with connection.cursor() as cursor:
                        for sql in statements:
                            cursor.execute(sql)
                _restore_files(path, manifest, storage, written)
        except BaseException as error:
            # The rows are rolled back; take the files back out too.
            for name in written:
                storage.delete(name)
            if isinstance(error, (DatabaseError, DeserializationError, ValueError)):
                raise BackupError(
                    f"Equal Voice could not load the backup's rows, so it kept nothing ({error})."
                ) from error
            raise
    migrated = bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())
    return Restored(rows=rows, files=len(written), migrated_from_backup_state=migrated)


def _restore_files(
    path: Path, manifest: dict[str, Any], storage: Storage, written: list[str]
) -> None:
    """Write each uploaded file into storage, adding its name to `written`."""
    expected = {e["path"]: e for e in manifest["files"] if e["path"].startswith(MEDIA)}
    with tarfile.open(path, "r:gz") as archive:
        for member in archive:
            if member.name not in expected:
                continue
            name = member.name[len(MEDIA) :]
            if storage.exists(name):
                continue  # the same file, checked before anything was written
            handle = archive.extractfile(member)
            assert handle is not None
            reading = _Hashing(handle)
            saved = storage.save(name, File(reading, name=name))  # type: ignore[arg-type]
            written.append(saved)
            if saved != name or reading.sha256.hexdigest() != expected[member.name]["sha256"]:
                raise BackupError(f"{member.name} changed during the restore.")
