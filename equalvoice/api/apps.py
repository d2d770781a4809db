from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "equalvoice.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        """Hear the core's events, to send them to the organisation's webhooks."""
        from equalvoice.core import events

        from . import webhooks

        events.register(webhooks.on_event)
