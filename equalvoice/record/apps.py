from django.apps import AppConfig


class RecordConfig(AppConfig):
    name = "equalvoice.record"
    label = "record"
    verbose_name = "Co-production record"
