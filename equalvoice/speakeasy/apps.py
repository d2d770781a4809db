from django.apps import AppConfig


class SpeakeasyConfig(AppConfig):
    name = "equalvoice.speakeasy"
    label = "speakeasy"
    verbose_name = "Speakeasy"
