from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from equalvoice.core.demo import DEMO_PASSWORD, STAFF, load_demo


class Command(BaseCommand):
    help = "Load fictional demo organisations, groups and members (safe to run twice)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo even when DEBUG is off.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError("The demo has public passwords. Use --allow-production to load it.")
        result = load_demo()
        self.stdout.write(
            "Demo loaded." if result.created else "The demo is already loaded; nothing added."
        )
        self.stdout.write("\nSign in at http://127.0.0.1:8000/sign-in/ (all fictional):")
        for email, (name, org, role) in STAFF.items():
            self.stdout.write(f"  {role:<12} {email:<34} {name} ({org})")
        self.stdout.write(f"  {'member':<12} {'member@northshire.example':<34} Asha Okafor")
        self.stdout.write(
            f"  {'payments':<12} {'tegan@northshire.example':<34} Tegan Mulvaney (northshire)"
        )
        self.stdout.write(f"  Password for all of these: {DEMO_PASSWORD}")
        self.stdout.write(
            f"\nA member with no email address, {result.code_name}, signs in at "
            f"http://127.0.0.1:8000/sign-in/code/ with the one-time code {result.code}"
        )
