"""Django's PostgreSQL backend, except that `flush` empties the tables with DELETE, not
TRUNCATE. Only the tests use it (tests/settings.py, when DATABASE_URL is PostgreSQL).

Every transactional test (the browser tests, with their live server) ends with a flush.
TRUNCATE gives each of our 125 tables new files, which cost about 5 s a test on a shared
machine; DELETE of the few rows a test leaves takes about 0.02 s. Either leaves every
table empty with its sequences where they were (a flush resets none unless asked, and
then this backend leaves it to TRUNCATE ... RESTART IDENTITY as Django does). Django
makes every foreign key DEFERRABLE INITIALLY DEFERRED and flushes in one transaction, so
the order of the DELETEs does not matter. They are sent as one query: one round trip,
not one a table (about 20 ms → 3 ms for 130 empty tables on an idle machine).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(
        self,
        style: Any,
        tables: Any,
        *,
        reset_sequences: bool = False,
        allow_cascade: bool = False,
    ) -> list[str]:
        if not tables or reset_sequences:
            return super().sql_flush(
                style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        # With allow_cascade, TRUNCATE would also empty the tables that refer to these;
        # the tables given are every table of the project, so there are none to add.
        return [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};"
            for table in tables
        ]

    def execute_sql_flush(self, sql_list: Iterable[str]) -> None:
        """As Django's, in one transaction, but every DELETE in one round trip. The
        statements carry no parameters, so PostgreSQL takes them as one query; a
        TRUNCATE list (resetting sequences) is sent the same way."""
        query = "\n".join(sql_list)
        if not query:
            return
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            cursor.execute(query)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
