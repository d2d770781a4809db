from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from equalvoice.core import actions as core_actions
from equalvoice.core.models import User

from .. import factories
from ..conftest import World
from .world import PeerWorld, peer_of


@dataclass
class Peers:
    """The world, its peer support, and one more person in the group who is in no match."""

    w: World
    p: PeerWorld
    outsider: User

    # The roles of the peer grid.
    ROLES = (
        "anonymous",
        "member",  # asks in `suggested`, supports in `active`
        "nell",  # supports in `suggested`, asks in `active`
        "outsider",
        "facilitator",
        "admin",
        "other_admin",
    )

    def user(self, role: str) -> User | None:
        if role == "anonymous":
            return None
        if role == "nell":
            return self.w.no_email_member
        if role == "outsider":
            return self.outsider
        return getattr(self.w, role)  # type: ignore[no-any-return]

    def client(self, role: str) -> Client:
        client = Client()
        user = self.user(role)
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client


@pytest.fixture
def peers(world: World) -> Peers:
    outsider = factories.make_user(name="Olu Outsider")
    core_actions.membership_add(actor=world.admin, group=world.group, user=outsider)
    return Peers(world, peer_of(world), outsider)
