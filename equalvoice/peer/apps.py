from __future__ import annotations

from django.apps import AppConfig


class PeerConfig(AppConfig):
    name = "equalvoice.peer"
    label = "peer"
    verbose_name = "Peer support"
