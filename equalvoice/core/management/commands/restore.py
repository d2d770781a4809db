from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from equalvoice.core import backup


class Command(BaseCommand):
    help = (
        "Bring back a backup made by 'equalvoice backup' into an empty database. It checks "
        "every file in the archive first and writes nothing if anything is wrong."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="The backup archive (.tar.gz)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restored = backup.restore(Path(options["path"]))
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {restored.rows} rows and {restored.files} uploaded files"
            + (
                ", then brought the database up to this version."
                if restored.migrated_from_backup_state
                else "."
            )
        )
