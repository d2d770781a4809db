from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from equalvoice.core.demo import Demo


class PlansConfig(AppConfig):
    name = "equalvoice.plans"
    label = "plans"
    verbose_name = "My plan"

    def build_demo(self, demo: Demo) -> None:
        from .demo import build

        build(demo)
