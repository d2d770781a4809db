"""What every spreadsheet (CSV) export shares."""

from __future__ import annotations


def safe_cell(value: str) -> str:
    """Stop a spreadsheet from running a cell as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
