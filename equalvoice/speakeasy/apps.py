from django.apps import AppConfig


class SpeakeasyConfig(AppConfig):
    name = "equalvoice.speakeasy"
    label = "speakeasy"
    verbose_name = "Speakeasy"

    def ready(self) -> None:
        """Say what is waiting for people on their home page (core.waiting), and check
        long text as it is typed on every form (core.text_checks)."""
        from equalvoice.core import text_checks, waiting

        from . import selectors, widget

        waiting.register(selectors.waiting_for)
        text_checks.register(widget.preview)
