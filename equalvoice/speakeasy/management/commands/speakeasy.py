from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from equalvoice.speakeasy.cli import main


class Command(BaseCommand):
    help = "Check files for plain English or easy read (same as `equalvoice speakeasy`)."

    def run_from_argv(self, argv: list[str]) -> None:
        sys.exit(main(argv[2:]))

    def handle(self, *args: Any, **options: Any) -> None:  # pragma: no cover - via argv
        sys.exit(main(list(args)))
