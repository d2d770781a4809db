from __future__ import annotations

from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "equalvoice.network"
    label = "network"
    verbose_name = "Networks"
