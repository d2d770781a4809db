"""Co-production at individual level: what apps above the record count there.

The record knows nothing of the apps built on it (peer support, say), so each app that
has something to count registers a provider from its `AppConfig.ready()`:

    from equalvoice.record import individual
    individual.register(selectors.individual_counts)

A provider takes an organisation and returns `(heading, [(label, number), …])`: counts
only, never names. `counts_for` collects them for the board view. A count of fewer than
`EQUALVOICE_MIN_GROUP_SIZE` (but more than none) is hidden, shown as "Fewer than 5", so
nobody can be picked out of a small number."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext

from equalvoice.core.models import Organisation
from equalvoice.core.selectors import minimum_group_size

Provider = Callable[[Organisation], tuple[str, list[tuple[str, int]]]]

_providers: list[Provider] = []


@dataclass(frozen=True)
class Figure:
    label: str
    number: int | None  # None when hidden (fewer than the minimum)
    minimum: int

    @property
    def shown(self) -> str:
        if self.number is None:
            return gettext("Fewer than %(minimum)s") % {"minimum": self.minimum}
        return str(self.number)


@dataclass(frozen=True)
class Part:
    heading: str
    figures: list[Figure]


def register(provider: Provider) -> None:
    """Add a provider of counts (once; registering again changes nothing)."""
    if provider not in _providers:
        _providers.append(provider)


def counts_for(organisation: Organisation) -> list[Part]:
    """Every provider's counts for the organisation, small ones hidden."""
    minimum = minimum_group_size()
    parts = []
    for provider in _providers:
        heading, counts = provider(organisation)
        figures = [
            Figure(label, None if 0 < number < minimum else number, minimum)
            for label, number in counts
        ]
        parts.append(Part(heading, figures))
    return parts
