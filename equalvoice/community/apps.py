"""Community assets and community walks: what a place has, mapped with the people who
live there (docs/network.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from equalvoice.core.demo import Demo
    from equalvoice.core.models import User


class CommunityConfig(AppConfig):
    name = "equalvoice.community"
    label = "community"
    verbose_name = "Community assets"

    def personal_data(self, person: User) -> dict[str, object]:
        """The assets a person added, their own gifts on the map, and the walks they
        were on."""
        from .models import Asset, Walk

        return {
            "community": {
                "assets_you_added": [
                    {
                        "name": a.name,
                        "kind": a.get_category_display(),
                        "added": a.added_at.isoformat(),
                    }
                    for a in Asset.objects.filter(added_by=person)
                ],
                "your_gifts_on_the_map": [
                    {
                        "name": a.name,
                        "description": a.description,
                        "agreed": a.consent_at.isoformat() if a.consent_at else None,
                    }
                    for a in Asset.objects.filter(person=person)
                ],
                "walks": [
                    {"area": w.area, "date": w.walked_on.isoformat()}
                    for w in Walk.objects.filter(walkers=person)
                ],
            }
        }

    def erase_person(self, person: User) -> None:
        """When an account is deleted: their own gifts come off the map, and gifts they
        agreed to by name (written down by someone else) too."""
        from .models import Asset, Category

        Asset.objects.filter(person=person).delete()
        if person.name:
            Asset.objects.filter(
                category=Category.GIFT,
                consent_from=person.name,
                organisation__in=person.org_memberships.values("organisation"),
            ).delete()

    def build_demo(self, demo: Demo) -> None:
        from . import demo as community_demo

        community_demo.build(demo)
