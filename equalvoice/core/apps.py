from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "equalvoice.core"
    label = "core"
    verbose_name = "Equal Voice core"
