"""Peer support: offers and requests, matches both people agree to, meetings held and
endings (docs/network.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from equalvoice.core.demo import Demo
    from equalvoice.core.models import User


class PeerConfig(AppConfig):
    name = "equalvoice.peer"
    label = "peer"
    verbose_name = "Peer support"

    def ready(self) -> None:
        """Count peer support in the co-production record, at individual level (counts
        only; record.individual), and say on the home page what waits (core.waiting)."""
        from equalvoice.core import waiting
        from equalvoice.record import individual

        from . import selectors

        individual.register(selectors.individual_counts)
        waiting.register(selectors.waiting_for, asks=selectors.waiting_questions)

    def personal_data(self, person: User) -> dict[str, object]:
        """The person's offers and requests, whole; their matches (with the other person's
        name only once both said yes) and the meetings with their notes."""
        from .selectors import personal_data

        return {"peer_support": personal_data(person)}

    def erase_person(self, person: User) -> None:
        """When an account is deleted: their offers and requests go, and with them every
        match and meeting they were in (the notes were for the two people only). Ending
        reasons and notes written by the other person about them go too. The record's
        counts are counts of what is kept, so they go down."""
        from .models import Offer, Request

        Offer.objects.filter(person=person).delete()
        Request.objects.filter(person=person).delete()

    def build_demo(self, demo: Demo) -> None:
        from .demo import build

        build(demo)
