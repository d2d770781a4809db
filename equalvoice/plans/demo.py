"""The demo's plans (filled in below)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from equalvoice.core.demo import Demo


def build(demo: Demo) -> None:
    return None
