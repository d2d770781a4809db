"""How PostgreSQL stores the results (issue 25): written on every update, so they are
stored the cheap way. PostgreSQL compresses a large value with pglz by default, which
cost most of an update's save on a big conversation (0.1 s for the 0.57 MB of packed
places, mostly float32s that hardly compress). The packed places are now stored as
they are (STORAGE EXTERNAL), and the results and engine-state JSON compressed with lz4
where the server has it (PostgreSQL 14+ built with lz4, as the usual packages are;
otherwise they keep pglz). Only values written afterwards change; nothing is rewritten.
SQLite: nothing to do. Reversible: back to the defaults."""

from collections.abc import Callable
from typing import Any

from django.db import migrations

FORWARDS = [
    "ALTER TABLE opinions_resultspeople ALTER COLUMN packed SET STORAGE EXTERNAL",
    """DO $$ BEGIN
        ALTER TABLE opinions_conversation ALTER COLUMN results SET COMPRESSION lz4;
        ALTER TABLE opinions_conversation ALTER COLUMN engine_state SET COMPRESSION lz4;
    EXCEPTION WHEN feature_not_supported THEN NULL;
    END $$""",
]
BACKWARDS = [
    "ALTER TABLE opinions_resultspeople ALTER COLUMN packed SET STORAGE EXTENDED",
    "ALTER TABLE opinions_conversation ALTER COLUMN results SET COMPRESSION DEFAULT",
    "ALTER TABLE opinions_conversation ALTER COLUMN engine_state SET COMPRESSION DEFAULT",
]


def _run(statements: list[str]) -> Callable[[Any, Any], None]:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("opinions", "0005_move_people_out_of_results")]

    operations = [migrations.RunPython(_run(FORWARDS), _run(BACKWARDS))]
