"""Paying people for their time: rates, pay and totals. Pure: no Django.

Money is whole pence (``int``) everywhere; pounds appear only when a person reads them.

- A **rate** is per hour or per session and has the day it starts. The rate *in force on
  the day* the time was given applies: the newest rate starting on or before that day.
  Time given before a level's first rate earns nothing, and says so.
- **Hourly**: minutes × pence per hour ÷ 60, rounded to the nearest penny, halves up
  (20 minutes at £12.50 an hour is 416⅔p, so 417p).
- **Per session**: the session's rate, however long the session was.
- Each piece of time is rounded on its own, and a total is the sum of its pieces, so the
  lines of a statement always add up to its total.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

Per = Literal["hour", "session"]


@dataclass(frozen=True)
class Rate:
    """What one level of involvement pays from ``starts_on``: ``pence`` per hour or per
    session."""

    starts_on: date
    pence: int
    per: Per


@dataclass(frozen=True)
class Piece:
    """Some time a person gave: the day, how many minutes, at which level."""

    day: date
    minutes: int
    level: str


@dataclass(frozen=True)
class Line:
    """A piece of time with the rate that applied and what it earned (``rate`` is None
    when no rate was in force on the day; then ``pence`` is 0)."""

    piece: Piece
    rate: Rate | None
    pence: int


def rate_on(rates: Iterable[Rate], day: date) -> Rate | None:
    """The rate in force on ``day``: the newest one starting on or before it."""
    best: Rate | None = None
    for rate in rates:
        if rate.starts_on <= day and (best is None or rate.starts_on >= best.starts_on):
            best = rate
    return best


def pay_for(minutes: int, rate: Rate) -> int:
    """What ``minutes`` earn at ``rate``, in pence (hourly: rounded, halves up)."""
    if minutes < 0 or rate.pence < 0:
        raise ValueError("Time and rates cannot be less than nothing.")
    if rate.per == "session":
        return rate.pence
    # Whole-number arithmetic: round(minutes * pence / 60), halves up, with no floats.
    return (minutes * rate.pence * 2 + 60) // 120


def lines_for(pieces: Sequence[Piece], rates: Mapping[str, Sequence[Rate]]) -> list[Line]:
    """Each piece of time with its rate on the day and its pay, in the order given."""
    lines = []
    for piece in pieces:
        rate = rate_on(rates.get(piece.level, ()), piece.day)
        lines.append(Line(piece, rate, pay_for(piece.minutes, rate) if rate else 0))
    return lines


def total(lines: Iterable[Line]) -> int:
    """The sum of the lines' pay, in pence."""
    return sum(line.pence for line in lines)


def pounds(pence: int) -> str:
    """Pence as people read money: 123456 → "£1,234.56"; 500 → "£5.00"."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}.{part:02d}"


_AMOUNT = re.compile(r"^£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$")


def parse_pounds(text: str) -> int:
    """What a person typed as an amount, in pence: "12.50", "£12.5", "1,200" or "7".
    Raises ValueError with a plain message for anything else."""
    cleaned = text.strip().replace(" ", "")
    if cleaned.lower().endswith("p") and cleaned[:-1].isdigit():
        return int(cleaned[:-1])
    match = _AMOUNT.match(cleaned)
    if not match:
        raise ValueError("Enter an amount in pounds and pence, like 12.50")
    whole = int(match.group(1).replace(",", ""))
    part = (match.group(2) or "0").ljust(2, "0")
    return whole * 100 + int(part)


def hours_and_minutes(minutes: int) -> str:
    """Time as people say it: 200 → "3 hours 20 minutes"; 60 → "1 hour"; 5 → "5 minutes"."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour" + ("s" if hours != 1 else ""))
    if rest or not hours:
        parts.append(f"{rest} minute" + ("s" if rest != 1 else ""))
    return " ".join(parts)


def hours_total(minutes: Iterable[int]) -> int:
    """Whole hours in a total of minutes, rounded down (what a report says: "340 hours")."""
    return sum(minutes) // 60
