from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from equalvoice.core.demo import Demo


class RecordConfig(AppConfig):
    name = "equalvoice.record"
    label = "record"
    verbose_name = "Co-production record"

    def ready(self) -> None:
        """Say what is waiting for people on their home page (core.waiting), and what
        people helped to change, for their letter of thanks (recognition.sources)."""
        from equalvoice.core import waiting
        from equalvoice.recognition import sources

        from . import selectors

        waiting.register(selectors.waiting_for, asks=selectors.waiting_questions)
        sources.register_changes(selectors.changes_for_recognition)

    def build_demo(self, demo: Demo) -> None:
        """The demo's part here: initiatives and activities in the record (core.demo
        calls this, app by app in INSTALLED_APPS order)."""
        from . import demo as part

        part.build(demo)
