"""Recognition and payment: people are thanked and paid for the time they give
(docs/recognition.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from equalvoice.core.demo import Demo
    from equalvoice.core.models import User


class RecognitionConfig(AppConfig):
    name = "equalvoice.recognition"
    label = "recognition"
    verbose_name = "Recognition and payment"

    def personal_data(self, person: User) -> dict[str, object]:
        """How the person wants to be thanked and the time they gave, with its pay."""
        from .selectors import personal_data

        return {"recognition": personal_data(person)}

    def erase_person(self, person: User) -> None:
        """When an account is deleted: their choice (and bank reference) goes, and time not
        yet approved. Approved time is kept for the accounts, with the name removed."""
        from .models import Choice, FinancePerson, TimeGiven

        Choice.objects.filter(person=person).delete()
        FinancePerson.objects.filter(person=person).delete()
        TimeGiven.objects.filter(person=person).exclude(state=TimeGiven.State.APPROVED).delete()
        TimeGiven.objects.filter(person=person).update(person=None, note="", what="Time given")

    def build_demo(self, demo: Demo) -> None:
        from .demo import build

        build(demo)
