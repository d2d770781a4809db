from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from equalvoice.core.demo import Demo


class SpeakeasyConfig(AppConfig):
    name = "equalvoice.speakeasy"
    label = "speakeasy"
    verbose_name = "Speakeasy"

    def ready(self) -> None:
        """Say what is waiting for people on their home page (core.waiting), and check
        long text as it is typed on every form (core.text_checks)."""
        from equalvoice.core import text_checks, waiting

        from . import selectors, widget

        waiting.register(selectors.waiting_for, asks=selectors.waiting_questions)
        text_checks.register(widget.preview)

    def build_demo(self, demo: Demo) -> None:
        """The demo's part here: the council's word list and a challenge to a word
        (core.demo calls this, app by app in INSTALLED_APPS order)."""
        from . import demo as part

        part.build(demo)
