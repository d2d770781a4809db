"""Open data: an organisation publishes the co-production record of an initiative for
anyone to read and download, with people shown only by perspective (docs/opendata.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from equalvoice.core.demo import Demo


class OpendataConfig(AppConfig):
    name = "equalvoice.opendata"
    label = "opendata"
    verbose_name = "Open data"

    def build_demo(self, demo: Demo) -> None:
        """The demo's part here: Northshire publishes one initiative's record (core.demo
        calls this, app by app in INSTALLED_APPS order, after the record's part)."""
        from .demo import build

        build(demo)
