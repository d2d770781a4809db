"""Networks: posts, how people hear (on the site, every post, a weekly digest), the
mailing list and the newsletter (docs/network.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from equalvoice.core.demo import Demo
    from equalvoice.core.models import User


class NetworkConfig(AppConfig):
    name = "equalvoice.network"
    label = "network"
    verbose_name = "Networks"

    def personal_data(self, person: User) -> dict[str, object]:
        """How the person hears from each network, and the posts they wrote."""
        from .models import Post, Subscription

        return {
            "networks": {
                "how_you_hear": [
                    {"network": s.network.title, "how": s.get_how_display()}
                    for s in Subscription.objects.filter(person=person).select_related(
                        "network__group"
                    )
                ],
                "posts_you_wrote": [
                    {"title": p.title, "published": p.published_at.isoformat()}
                    for p in Post.objects.filter(author=person)
                ],
            }
        }

    def erase_person(self, person: User) -> None:
        """When an account is deleted: their choices of how to hear go, and so does the
        record of which emails were sent to them. Posts they wrote stay, with no author."""
        from .models import Delivery, Post, Subscription

        Subscription.objects.filter(person=person).delete()
        Delivery.objects.filter(person=person).delete()
        Post.objects.filter(author=person).update(author=None)

    def build_demo(self, demo: Demo) -> None:
        from . import demo as network_demo

        network_demo.build(demo)
