from django.apps import AppConfig


class RecordConfig(AppConfig):
    name = "equalvoice.record"
    label = "record"
    verbose_name = "Co-production record"

    def ready(self) -> None:
        """Say what is waiting for people on their home page (core.waiting)."""
        from equalvoice.core import waiting

        from . import selectors

        waiting.register(selectors.waiting_for)
