from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from equalvoice.core import backup


class Command(BaseCommand):
    help = (
        "Write one backup archive (.tar.gz): every row of the database, the uploaded "
        "files and a manifest with their checksums. Keep it as safe as the database."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            default=".",
            help="The archive to write, or a folder to write it in "
            "(named equalvoice-backup-DATE-TIME.tar.gz). Default: this folder.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if path.is_dir():
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            path = path / f"equalvoice-backup-{stamp}.tar.gz"
        try:
            manifest = backup.write_backup(path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        uploads = len(manifest["files"]) - 1
        files = "1 uploaded file" if uploads == 1 else f"{uploads} uploaded files"
        self.stdout.write(f"Wrote the backup to {path} ({files}).")
