from __future__ import annotations

from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "equalvoice.community"
    label = "community"
    verbose_name = "Community assets"
