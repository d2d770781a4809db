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

    def ready(self) -> None:
        """A post's title and words can have Welsh versions (core.bilingual)."""
        from django.utils.translation import gettext_lazy as _

        from equalvoice.core import bilingual

        from .models import Post

        bilingual.register(
            bilingual.Kind(
                key="post",
                model=Post,
                fields=(
                    bilingual.Field("title", _("Title"), long=False, max_length=200),
                    bilingual.Field("body", _("What the post says")),
                ),
                perm="network.run",
                perm_object=lambda post: post.network,  # type: ignore[attr-defined]
                organisation_id=lambda post: post.network.organisation_id,  # type: ignore[attr-defined]
                title=lambda post: post.title,  # type: ignore[attr-defined]
                back_url=lambda post: post.get_absolute_url(),  # type: ignore[attr-defined]
            )
        )

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
