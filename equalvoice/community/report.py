"""What a community walk found and where the gaps are. Pure: no Django.

Given each asset as its category, its area and the access features it has, count them
by category and by area, and name, for each area, the categories and access features
that nothing found there has."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Found:
    """One asset, as the report needs it."""

    category: str
    area: str
    features: frozenset[str] = frozenset()


@dataclass
class AreaReport:
    area: str
    total: int
    by_category: dict[str, int]
    missing_categories: list[str] = field(default_factory=list)
    missing_features: list[str] = field(default_factory=list)


@dataclass
class Report:
    total: int
    by_category: dict[str, int]
    areas: list[AreaReport]


def report(found: Iterable[Found], categories: Sequence[str], features: Sequence[str]) -> Report:
    """Counts by category (in the order of `categories`) over everything, and for each
    area (in alphabetical order) its counts and gaps: the categories with no asset there
    and the access features no asset there has, each in the order given."""
    rows = list(found)
    totals = dict.fromkeys(categories, 0)
    per_area: dict[str, list[Found]] = {}
    for row in rows:
        totals[row.category] = totals.get(row.category, 0) + 1
        per_area.setdefault(row.area, []).append(row)
    areas = []
    for area in sorted(per_area, key=str.casefold):
        here = per_area[area]
        counts = dict.fromkeys(categories, 0)
        for row in here:
            counts[row.category] = counts.get(row.category, 0) + 1
        having = set().union(*(row.features for row in here))
        areas.append(
            AreaReport(
                area=area,
                total=len(here),
                by_category=counts,
                missing_categories=[c for c in categories if counts.get(c, 0) == 0],
                missing_features=[f for f in features if f not in having],
            )
        )
    return Report(total=len(rows), by_category=totals, areas=areas)
