"""Looking up a figure in a template by the key it is stored under.

Counts are kept by the number of the answer (1, 2, 3, 4) and bars by the statement's id,
both whole numbers. `at` looks them up by that key exactly, and a key that is not there
is an error on the page, never a silent blank or "None"."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def at(mapping: Mapping[Hashable, Any], key: Hashable) -> Any:
    """`counts|at:point.value`: the value stored under `key`, as it is (not as text)."""
    return mapping[key]
