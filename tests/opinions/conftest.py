"""What the opinions tests share: a spy on reading votes, and voters in the test group."""

from __future__ import annotations

from typing import Any

import pytest

from equalvoice.core import actions as core_actions
from equalvoice.core.models import User
from equalvoice.opinions import results
from equalvoice.opinions.engine import Votes

from .. import factories
from ..conftest import World


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The `since` of every read of votes: None for a full read."""
    seen: list[Any] = []
    real = results.read_votes

    def spy(conversation_id: int, since: Any = None) -> Votes:
        seen.append(since)
        return real(conversation_id, since)

    monkeypatch.setattr(results, "read_votes", spy)
    return seen


def voters(world: World, n: int) -> list[User]:
    """`n` new people, each a member of the test world's group."""
    people = []
    for i in range(n):
        person = factories.make_user(name=f"Voter {i}")
        core_actions.membership_add(actor=world.admin, group=world.group, user=person)
        people.append(person)
    return people
