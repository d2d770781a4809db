from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email, validate_slug

from equalvoice.core import actions
from equalvoice.core.models import Organisation, User


class Command(BaseCommand):
    help = (
        "Set up an organisation with the default perspectives and its first admin. "
        "The admin chooses a password through 'I forgot my password' on the sign-in page."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--name", required=True, help="The organisation's name")
        parser.add_argument("--slug", required=True, help="Short name for web addresses")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            validate_slug(options["slug"])
            validate_email(options["admin_email"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if Organisation.objects.filter(slug=options["slug"]).exists():
            raise CommandError(f"There is already an organisation called {options['slug']}.")
        admin = User.objects.filter(email__iexact=options["admin_email"]).first()
        if admin is None:
            admin = User.objects.create_user(
                username=actions.unique_username(options["admin_email"].split("@")[0]),
                email=options["admin_email"],
                name=options["admin_name"],
            )
            admin.set_unusable_password()
            admin.save(update_fields=["password"])
        org = actions.organisation_create(name=options["name"], slug=options["slug"], admin=admin)
        self.stdout.write(
            f"Organisation {org.name} is ready at /o/{org.slug}/. {admin.name} is its admin: "
            "they set a password with 'I forgot my password' on the sign-in page."
        )
