"""The demo's documents: filled in later in this file."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from equalvoice.core.demo import Demo


def build(demo: Demo) -> None:
    return None
