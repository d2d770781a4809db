"""`flush` for the test suite (tests/settings.py adds this app only there): Django's,
except that after the first time it does not send `post_migrate` again.

Every transactional test (the browser tests, with their live server) ends with a flush,
and Django's flush then sends `post_migrate`, whose receivers (contenttypes' and auth's;
the project has none) make every content type and permission again, one app at a time:
about 0.25 s a test on PostgreSQL, most of a transactional test's teardown. What they make
depends only on the installed models, which do not change while the tests run. So the
first flush of a process on a database sends `post_migrate` as Django does and keeps the
rows it made; each later one empties the tables the same way (the database's own
`execute_sql_flush`) and puts those rows back as they were, ids and all, in two inserts,
with the sequences moved past them. The content types' cache is cleared, as
`post_migrate` clears it, since a test may have left other ids in it (the browser tests
copy a world back with its own). tests/test_flush.py checks the rows are the ones
`post_migrate` makes.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.core.management.commands import flush
from django.db import connections, transaction

# For each database: the content types and permissions post_migrate made after its first
# flush in this process.
_MADE: dict[str, tuple[list[ContentType], list[Permission]]] = {}


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        database = options["database"]
        if options.get("inhibit_post_migrate", False) or options["interactive"]:
            super().handle(**options)
            return
        made = _MADE.get(database)
        if made is None:
            super().handle(**options)
            kept = (
                list(ContentType.objects.using(database).order_by("pk")),
                list(Permission.objects.using(database).order_by("pk")),
            )
            if kept[0]:
                _MADE[database] = kept
            return
        super().handle(**{**options, "inhibit_post_migrate": True})
        put_back(database, *made)


def put_back(database: str, types: list[ContentType], permissions: list[Permission]) -> None:
    """Insert the content types and permissions as they were, and move the tables'
    sequences (where the database has them) past their ids."""
    connection = connections[database]
    with transaction.atomic(using=database):
        ContentType.objects.using(database).bulk_create(types)
        Permission.objects.using(database).bulk_create(permissions)
        statements = connection.ops.sequence_reset_sql(no_style(), [ContentType, Permission])
        if statements:
            with connection.cursor() as cursor:
                cursor.execute("\n".join(statements))
    ContentType.objects.clear_cache()
