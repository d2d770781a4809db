from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "equalvoice.core"
    label = "core"
    verbose_name = "Equal Voice core"

    def ready(self) -> None:
        """A group's purpose can have a Welsh version (core.bilingual)."""
        from django.utils.translation import gettext_lazy as _

        from . import bilingual
        from .models import Group

        bilingual.register(
            bilingual.Kind(
                key="group",
                model=Group,
                fields=(bilingual.Field("purpose", _("What the group is for")),),
                perm="core.change_group",
                perm_object=lambda group: group,
                organisation_id=lambda group: group.organisation_id,  # type: ignore[attr-defined]
                title=lambda group: group.name,  # type: ignore[attr-defined]
                back_url=lambda group: group.get_absolute_url(),  # type: ignore[attr-defined]
            )
        )
