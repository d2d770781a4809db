from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from equalvoice.core.demo import Demo
    from equalvoice.core.models import User


class PlansConfig(AppConfig):
    name = "equalvoice.plans"
    label = "plans"
    verbose_name = "My plan"

    def ready(self) -> None:
        """Say what is waiting for people on their home page (core.waiting): looking at
        a plan together when its date comes near."""
        from equalvoice.core import waiting
        from equalvoice.recognition import sources

        from . import selectors

        waiting.register(selectors.waiting_for, asks=selectors.waiting_questions)
        # What people did here, offered to them as time to confirm (recognition).
        sources.register(selectors.reviews_for_recognition)

    def personal_data(self, person: User) -> dict[str, object]:
        """The person's own plans, whole (every section, goal and step, their circle and
        who has looked); and the plans they help with: whose, their role, and what they
        wrote there that is still shared with them."""
        from .selectors import helping_export, own_plans_export

        return {
            "plans": {
                "your_plans": own_plans_export(person),
                "helping": helping_export(person),
            }
        }

    def erase_person(self, person: User) -> None:
        """When an account is deleted (ADR 0003): the person's own plans leave with them;
        their places in other people's circles end; what they wrote in other people's
        plans stays, by "Former member" (the tombstone's name)."""
        from .models import CircleMember, Plan

        Plan.objects.filter(owner=person).delete()
        CircleMember.objects.filter(person=person).delete()

    def build_demo(self, demo: Demo) -> None:
        from .demo import build

        build(demo)
