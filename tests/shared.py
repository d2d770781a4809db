"""Build a test world once per test module, and give each test its own copy of it.

Building `World` (tests/conftest.py) takes a quarter of a second through the actions,
and more than a thousand tests ask for one; the permission grids ask for it once per page
and role. So the world is built once per module, inside a transaction that stays open
(and is rolled back when the module is done), and each test runs inside a savepoint of
it: pytest-django's `db` opens one, as `django.test.TestCase` does, and rolls it back
after the test. Each test gets its own copy (unpickled) of the world's Python objects as
they were just after the build, and the e-mails, cache entries and files the build made,
so a test sees exactly what it would have seen had the world been built for it alone.

A test that does not ask for the shared world but uses the database closes the open
transaction before it starts (`pytest_runtest_setup` in tests/conftest.py), so it never
sees another test's world; the next test that asks for the world builds it again. A
transactional test (`transaction=True`, `transactional_db`, `live_server`) cannot run
inside the open transaction: it builds its own world with `build_world()`.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

import pytest

T = TypeVar("T")

# DB fixtures and marks: a test with any of these may read the database.
_DB_FIXTURES = {
    "db",
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "_django_db_helper",
}
_TRANSACTIONAL = {"transactional_db", "live_server", "django_db_reset_sequences"}


class Once(Generic[T]):
    """One build of a world, kept in an open transaction while its module runs."""

    current: Once[Any] | None = None  # the one open now, if any
    # The builds of the modules running now, by (fixture name, module's node id).
    alive: dict[tuple[str, str], Once[Any]] = {}

    def __init__(self, name: str, build: Callable[[], T], blocker: Any) -> None:
        self.name = name
        self.build = build
        self.blocker = blocker
        self.atomic: Any = None
        self.value: T | None = None
        self.pickled = b""
        self.outbox: list[Any] = []
        self.cache: tuple[dict[str, Any], dict[str, Any]] | None = None
        self.files: list[tuple[Any, str, bytes]] = []

    @property
    def is_open(self) -> bool:
        return self.atomic is not None

    def open(self) -> None:
        from django.core import mail
        from django.core.cache import cache
        from django.db import transaction

        if Once.current is not None and Once.current is not self:
            Once.current.close()
        if self.is_open:
            return
        with self.blocker.unblock():
            atomic = transaction.atomic()
            # As TestCase marks its own: code that asks for a durable transaction still
            # gets one inside the test's.
            atomic._from_testcase = True  # type: ignore[attr-defined]
            atomic.__enter__()
            self.atomic = atomic
            Once.current = self
            # As the autouse fixtures leave things before a test builds its world.
            cache.clear()
            if hasattr(mail, "outbox"):
                mail.outbox.clear()
            self.value = self.build()
            # Kept pickled: unpickling gives each test its own copy, several times faster
            # than copy.deepcopy.
            self.pickled = pickle.dumps(self.value, pickle.HIGHEST_PROTOCOL)
            self.outbox = list(getattr(mail, "outbox", []))
            self.cache = _cache_snapshot()
            self.files = _files_of_the_database()

    def close(self) -> None:
        from django.db import transaction

        if not self.is_open:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None
        self.value = None
        if Once.current is self:
            Once.current = None

    def copy(self, request: pytest.FixtureRequest) -> T:
        """The world for one test: run after the test's own savepoint is open."""
        from django.core import mail

        if transactional(request.node):
            pytest.fail(
                f"{request.node.nodeid} is transactional: it cannot share the module's "
                f"`{self.name.lstrip('_')}`; build one in the test instead.",
                pytrace=False,
            )
        assert self.is_open and self.value is not None, "the shared world was closed"
        if hasattr(mail, "outbox"):
            mail.outbox.extend(copy.copy(message) for message in self.outbox)
        _cache_restore(self.cache)
        _restore_files(self.files)
        copied: T = pickle.loads(self.pickled)  # noqa: S301 (our own bytes)
        return copied


@contextmanager
def once(
    name: str, build: Callable[[], T], request: pytest.FixtureRequest, blocker: Any
) -> Iterator[Once[T]]:
    """For a module-scoped fixture named `name`: the world built once, rolled back at the
    end of the module."""
    key = (name, request.node.nodeid)
    built = Once(name, build, blocker)
    Once.alive[key] = built
    built.open()
    try:
        yield built
    finally:
        built.close()
        del Once.alive[key]


def uses_database(item: pytest.Item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & _DB_FIXTURES) or item.get_closest_marker("django_db") is not None


def transactional(item: pytest.Item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    return bool(names & _TRANSACTIONAL) or bool(
        marker is not None
        and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    )


def before_setup(item: pytest.Item) -> None:
    """Before a test's fixtures are set up: close the open world unless the test uses it,
    and open it again (built afresh) for a test of its module that does."""
    names = set(getattr(item, "fixturenames", ()))
    module = item.getparent(pytest.Module)
    wanted = [
        built
        for (name, nodeid), built in Once.alive.items()
        if name in names and module is not None and nodeid == module.nodeid
    ]
    current = Once.current
    if current is not None and current not in wanted and uses_database(item):
        current.close()
    for built in wanted:
        built.open()


def _cache_snapshot() -> tuple[dict[str, Any], dict[str, Any]] | None:
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if not isinstance(caches["default"], LocMemCache):
        return None
    real: Any = caches["default"]
    with real._lock:
        return dict(real._cache), dict(real._expire_info)


def _cache_restore(snapshot: tuple[dict[str, Any], dict[str, Any]] | None) -> None:
    from django.core.cache import caches

    if not snapshot:
        return
    real: Any = caches["default"]
    with real._lock:
        real._cache.update(snapshot[0])
        real._expire_info.update(snapshot[1])


def _files_of_the_database() -> list[tuple[Any, str, bytes]]:
    """Every file a row of the database names, with its bytes, so a test that deletes one
    cannot take it from the tests after it."""
    from django.apps import apps
    from django.db.models import FileField

    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, FileField):
                continue
            for name in model._default_manager.exclude(**{field.name: ""}).values_list(
                field.name, flat=True
            ):
                if name and field.storage.exists(name):
                    with field.storage.open(name, "rb") as handle:
                        found.append((field.storage, name, handle.read()))
    return found


class Kept(Generic[T]):
    """A copy of the whole database just after a build (SQLite: an in-memory database;
    PostgreSQL: the rows of each table, as `COPY` gives them), and what the build left."""

    def __init__(self, database: Any, value: T) -> None:
        from django.core import mail

        self.database = database
        self.pickled = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        self.outbox = list(getattr(mail, "outbox", []))
        self.cache = _cache_snapshot()
        self.files = _files_of_the_database()


_KEPT: dict[str, Kept[Any]] = {}


def built_or_copied(key: str, build: Callable[[], T]) -> T:
    """For a transactional test (the browser tests: the live server must see committed
    rows), which starts on an empty database: what `build` makes.

    The first test of a worker builds it and keeps a copy of the whole database; the tests
    after it copy that back instead of building again, and each gets its own copy of the
    Python objects. On SQLite (an in-memory database the live server shares) the copy is
    SQLite's backup, a copy of pages (milliseconds). On PostgreSQL it is every table's
    rows, written out and read back with `COPY` (`_postgresql_rows`): about 0.05 s for
    the world (0.4 s to build) and 0.2 s for the demo (3.7 s)."""
    from django.core import mail
    from django.db import connection as default

    connection: Any = default
    keep: Callable[[Any], Any]
    put_back: Callable[[Any, Any], None]
    if connection.vendor == "postgresql":
        keep, put_back = _postgresql_rows, _postgresql_put_back
    elif connection.vendor == "sqlite" and connection.is_in_memory_db():
        keep, put_back = _sqlite_copy, _sqlite_put_back
    else:
        return build()
    kept = _KEPT.get(key)
    if kept is None:
        value = build()
        _KEPT[key] = Kept(keep(connection), value)
        return value
    connection.ensure_connection()
    assert not connection.in_atomic_block, "copied back only into a transactional test"
    put_back(connection, kept.database)
    if hasattr(mail, "outbox"):
        mail.outbox.extend(copy.copy(message) for message in kept.outbox)
    _cache_restore(kept.cache)
    _restore_files(kept.files)
    copied: T = pickle.loads(kept.pickled)  # noqa: S301 (our own bytes)
    return copied


def _sqlite_copy(connection: Any) -> Any:
    import sqlite3

    database = sqlite3.connect(":memory:", check_same_thread=False)
    connection.ensure_connection()
    connection.connection.backup(database)
    return database


def _sqlite_put_back(connection: Any, database: Any) -> None:
    database.backup(connection.connection)


def _postgresql_tables(connection: Any) -> list[str]:
    """The tables Django's flush empties after every transactional test."""
    return sorted(
        connection.introspection.django_table_names(only_existing=True, include_views=False)
    )


def _postgresql_rows(connection: Any) -> dict[str, bytes]:
    """Every row of every table the flush empties, by table, in COPY's text format (the
    post-migrate rows, content types and permissions, included)."""
    rows: dict[str, bytes] = {}
    with connection.cursor() as cursor:
        for table in _postgresql_tables(connection):
            data = bytearray()
            with cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as out:
                for block in out:
                    data += block
            if data:
                rows[table] = bytes(data)
    return rows


def _postgresql_put_back(connection: Any, rows: dict[str, bytes]) -> None:
    """Empty every table as the flush does (tests/postgresql/base.py), load the kept rows
    and set each sequence past the ids loaded, in one transaction: Django's foreign keys
    are checked when it commits, so the order of the tables does not matter. The rows
    keep the ids they were built with (a test that dropped the tables or reset the
    sequences since cannot make rows that clash with them), so content types are looked
    up afresh (their cache holds the ids the last flush's post-migrate gave)."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style
    from django.db import transaction

    tables = _postgresql_tables(connection)
    emptied = connection.ops.sql_flush(no_style(), tables)
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in tables]
    sequences = connection.ops.sequence_reset_sql(no_style(), models)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("\n".join(emptied))
        for table, data in rows.items():
            with cursor.copy(f"COPY {connection.ops.quote_name(table)} FROM STDIN") as into:
                into.write(data)
        cursor.execute("\n".join(sequences))
    ContentType.objects.clear_cache()


def _restore_files(files: list[tuple[Any, str, bytes]]) -> None:
    from django.core.files.base import ContentFile

    for storage, name, content in files:
        if not storage.exists(name):
            storage.save(name, ContentFile(content))
