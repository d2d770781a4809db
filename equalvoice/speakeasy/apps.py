from django.apps import AppConfig


class SpeakeasyConfig(AppConfig):
    name = "equalvoice.speakeasy"
    label = "speakeasy"
    verbose_name = "Speakeasy"

    def ready(self) -> None:
        """Say what is waiting for people on their home page (core.waiting)."""
        from equalvoice.core import waiting

        from . import selectors

        waiting.register(selectors.waiting_for)
