from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from equalvoice.core.models import User


class ApiConfig(AppConfig):
    name = "equalvoice.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        """Hear the core's events, to send them to the organisation's webhooks."""
        from equalvoice.core import events

        from . import webhooks

        events.register(webhooks.on_event)

    def personal_data(self, person: User) -> dict[str, object]:
        """The API tokens a person made (never their secrets, which nobody keeps)."""
        from .models import ApiToken

        return {
            "api_tokens": [
                {
                    "organisation": t.organisation.name,
                    "name": t.name,
                    "scopes": t.scopes,
                    "made_at": t.made_at.isoformat(),
                    "ends_on": t.expires_on.isoformat(),
                    "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
                }
                for t in ApiToken.objects.filter(made_by=person).select_related("organisation")
            ]
        }
