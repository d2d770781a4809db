"""The flush that ends every transactional test empties every table. On PostgreSQL the
tests use their own flush (tests/postgresql/base.py: DELETE, all in one query)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from equalvoice.core.models import Organisation, User

from . import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_flush_empties_every_table() -> None:
    organisation = factories.organisation()
    factories.org_admin(organisation)
    assert Organisation.objects.exists() and User.objects.exists()

    with CaptureQueriesContext(connection) as queries:
        # As a transactional test's teardown calls it.
        call_command(
            "flush",
            interactive=False,
            verbosity=0,
            reset_sequences=False,
            inhibit_post_migrate=True,
        )

    tables = connection.introspection.django_table_names(only_existing=True)
    with connection.cursor() as cursor:
        left = {}
        for table in tables:
            # The table names are Django's own, quoted.
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            count = cursor.fetchone()[0]
            if count:
                left[table] = count
    assert left == {}, f"The flush left rows behind: {left}"
    if connection.vendor == "postgresql":
        deletes = [q["sql"] for q in queries.captured_queries if "DELETE FROM" in q["sql"]]
        assert len(deletes) == 1, "the DELETEs should go to PostgreSQL as one query"
        assert deletes[0].count("DELETE FROM") == len(tables)
