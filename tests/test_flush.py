"""The flush that ends every transactional test empties every table. On PostgreSQL the
tests use their own flush (tests/postgresql/base.py: DELETE, all in one query); on both,
the tests' `flush` command (tests/flushing) puts back the content types and permissions
that `post_migrate` made, rather than sending it again."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.models.signals import post_migrate
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


def _made() -> tuple[list[tuple[str, str]], list[tuple[str, str, str, str]]]:
    """The content types and permissions in the database, by what they are, not by id."""
    types = sorted(ContentType.objects.values_list("app_label", "model"))
    permissions = sorted(
        Permission.objects.values_list(
            "content_type__app_label", "content_type__model", "codename", "name"
        )
    )
    return types, permissions


def test_a_flush_puts_back_what_post_migrate_makes_without_sending_it() -> None:
    sent: list[str] = []

    def heard(app_config: object, **kwargs: object) -> None:
        sent.append(str(getattr(app_config, "label", "")))

    post_migrate.connect(heard, dispatch_uid="test_flush")
    try:
        # The first flush of a process may send post_migrate; the next never does.
        call_command("flush", interactive=False, verbosity=0, reset_sequences=False)
        factories.org_admin(factories.organisation())
        sent.clear()
        # With the sequences reset too (TRUNCATE ... RESTART IDENTITY on PostgreSQL), so
        # that rows put back with their old ids must move the sequences past them.
        call_command("flush", interactive=False, verbosity=0, reset_sequences=True)
        assert sent == []
    finally:
        post_migrate.disconnect(dispatch_uid="test_flush")
    assert not Organisation.objects.exists() and not User.objects.exists()
    ours = _made()
    assert ours[0] and ours[1]
    # The content types' cache holds only ids that are in the database.
    organisation_type = ContentType.objects.get_for_model(Organisation)
    assert ContentType.objects.filter(pk=organisation_type.pk, model="organisation").exists()
    # New rows get new ids: the sequences are past the ids put back.
    highest_type = max(ContentType.objects.values_list("pk", flat=True))
    highest_permission = max(Permission.objects.values_list("pk", flat=True))
    new_type = ContentType.objects.create(app_label="test_flush", model="new")
    new = Permission.objects.create(content_type=organisation_type, codename="new", name="New")
    assert new_type.pk > highest_type and new.pk > highest_permission

    # What post_migrate itself makes in empty tables.
    Permission.objects.all().delete()
    ContentType.objects.all().delete()
    ContentType.objects.clear_cache()
    emit_post_migrate_signal(0, False, connection.alias)
    assert _made() == ours
