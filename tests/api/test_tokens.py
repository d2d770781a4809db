"""API tokens: hashed at rest, shown once, revocation immediate, expiry honoured, scopes
enforced, and a token stops working when its maker stops being an admin. Made and
revoked only by the organisation's admins, on their own pages, through actions."""

from __future__ import annotations

import datetime
import hashlib
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equalvoice.api import actions
from equalvoice.api.models import ApiToken
from equalvoice.core import actions as core_actions
from equalvoice.core.models import AuditEvent

from ..conftest import World
from .helpers import bearer, make_token

GROUPS = "/api/v1/groups"


def _get(secret: str, url: str = GROUPS) -> int:
    return Client().get(url, **bearer(secret)).status_code


def test_only_a_hash_and_a_prefix_are_stored(world: World) -> None:
    token, secret = make_token(world)
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(f"ev_{stored.prefix}_")
    for field in stored._meta.concrete_fields:
        value = field.value_from_object(stored)
        assert secret not in str(value), field.name
    events = AuditEvent.objects.filter(verb="api_token.create")
    assert events.count() == 1 and secret not in events.get().summary
    assert _get(secret) == 200


def test_a_wrong_secret_with_a_right_prefix_is_refused(world: World) -> None:
    _token, secret = make_token(world)
    wrong = secret[:-4] + ("aaaa" if not secret.endswith("aaaa") else "bbbb")
    response = Client().get(GROUPS, **bearer(wrong))
    assert response.status_code == 401
    assert response.json() == {
        "detail": "The token is not right. Check it, or ask an admin for a new one."
    }
    assert "Bearer" in response["WWW-Authenticate"]
    for header in ({}, {"HTTP_AUTHORIZATION": "Basic abc"}, bearer("nonsense"), bearer("")):
        answer = Client().get(GROUPS, **header)
        assert answer.status_code == 401 and "detail" in answer.json()


def test_the_secret_is_shown_once_on_the_page_after_making_it(world: World) -> None:
    client = world.client("admin")
    url = reverse("api-token-make", args=[world.org.slug])
    when = timezone.localdate() + datetime.timedelta(days=90)
    response = client.post(
        url,
        {
            "name": "Dashboard",
            "scopes": ["read_record", "read_results"],
            "expires_on-day": when.day,
            "expires_on-month": when.month,
            "expires_on-year": when.year,
        },
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    shown = re.search(r"ev_[0-9a-f]{8}_[A-Za-z0-9_-]+", response.content.decode())
    assert shown is not None
    secret = shown.group(0)
    token = ApiToken.objects.get(name="Dashboard")
    assert token.scopes == ["read_record", "read_results"] and token.expires_on == when
    assert _get(secret) == 200
    # Never again: not on the list, nor on the revoke page.
    for page in (
        reverse("api-tokens", args=[world.org.slug]),
        reverse("api-token-revoke", args=[world.org.slug, token.pk]),
    ):
        text = client.get(page).content.decode()
        assert secret not in text and secret[12:] not in text
        assert "Dashboard" in text


@pytest.mark.parametrize(
    ("days", "error"),
    [(-1, "today or later"), (367, "within a year")],
)
def test_the_end_date_is_required_and_at_most_a_year_away(
    world: World, days: int, error: str
) -> None:
    with pytest.raises(ValidationError, match=error):
        make_token(world, days=days)
    client = world.client("admin")
    response = client.post(
        reverse("api-token-make", args=[world.org.slug]), {"name": "x", "scopes": ["speakeasy"]}
    )
    assert response.status_code == 400 and "Enter the end date" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_year_from_today_is_allowed(world: World) -> None:
    token, _ = make_token(world, days=365)
    assert token.expires_on == timezone.localdate() + datetime.timedelta(days=365)


def test_revocation_is_immediate(world: World) -> None:
    token, secret = make_token(world)
    assert _get(secret) == 200
    response = world.client("admin").post(
        reverse("api-token-revoke", args=[world.org.slug, token.pk])
    )
    assert response.status_code == 302
    answer = Client().get(GROUPS, **bearer(secret))
    assert answer.status_code == 401 and answer.json()["detail"] == "The token was revoked."
    assert AuditEvent.objects.filter(verb="api_token.revoke", object_id=str(token.pk)).exists()


def test_expiry_is_honoured(world: World) -> None:
    token, secret = make_token(world, days=0)
    assert _get(secret) == 200  # the whole of its last day
    ApiToken.objects.filter(pk=token.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    answer = Client().get(GROUPS, **bearer(secret))
    assert answer.status_code == 401 and "end date" in answer.json()["detail"]


def test_scopes_are_enforced(world: World) -> None:
    _token, secret = make_token(world, scopes=("speakeasy",))
    answer = Client().get(GROUPS, **bearer(secret))
    assert answer.status_code == 403
    assert answer.json() == {"detail": "This token does not have the scope read_record."}
    checked = Client().post(
        "/api/v1/speakeasy/check",
        {"text": "Hello."},
        content_type="application/json",
        **bearer(secret),
    )
    assert checked.status_code == 200


def test_a_token_stops_working_when_its_maker_stops_being_an_admin(world: World) -> None:
    core_actions.org_role_set(
        actor=world.admin, organisation=world.org, person=world.facilitator, role="admin"
    )
    _token, secret = make_token(world, by=world.facilitator)
    assert _get(secret) == 200
    core_actions.org_role_set(
        actor=world.admin, organisation=world.org, person=world.facilitator, role="member"
    )
    answer = Client().get(GROUPS, **bearer(secret))
    assert answer.status_code == 401 and "no longer an admin" in answer.json()["detail"]
    # And again when they are an admin once more: it acts as they are now.
    core_actions.org_role_set(
        actor=world.admin, organisation=world.org, person=world.facilitator, role="admin"
    )
    assert _get(secret) == 200


@pytest.mark.parametrize("role", ["member", "facilitator", "other_admin"])
def test_only_the_organisations_admins_make_and_revoke_tokens(world: World, role: str) -> None:
    with pytest.raises(PermissionDenied):
        actions.token_create(
            actor=world.user(role),  # type: ignore[arg-type]
            organisation=world.org,
            name="x",
            scopes=["speakeasy"],
            expires_on=timezone.localdate(),
        )
    token, _ = make_token(world)
    with pytest.raises(PermissionDenied):
        actions.token_revoke(actor=world.user(role), token=token)  # type: ignore[arg-type]
    expected = 404 if role == "other_admin" else 403
    client = world.client(role)
    assert client.get(reverse("api-tokens", args=[world.org.slug])).status_code == expected
    assert (
        client.post(reverse("api-token-revoke", args=[world.org.slug, token.pk])).status_code
        == expected
    )
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_another_organisations_token_is_not_found_on_our_pages(world: World) -> None:
    theirs, _ = make_token(world, by=world.other_admin)
    url = reverse("api-token-revoke", args=[world.org.slug, theirs.pk])
    assert world.client("admin").get(url).status_code == 404
    assert world.client("admin").post(url).status_code == 404
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None


def test_each_organisations_token_sees_only_its_own_organisation(world: World) -> None:
    _t, ours = make_token(world)
    _u, theirs = make_token(world, by=world.other_admin)
    our_groups = {g["slug"] for g in Client().get(GROUPS, **bearer(ours)).json()["results"]}
    their_groups = {g["slug"] for g in Client().get(GROUPS, **bearer(theirs)).json()["results"]}
    assert our_groups == {world.group.slug, world.other_group.slug}
    assert their_groups == {world.foreign_group.slug}


def test_what_a_token_adds_goes_through_the_records_action_as_its_admin(world: World) -> None:
    from equalvoice.record.models import Activity

    from .endpoints import ENDPOINTS, call

    _token, secret = make_token(world, scopes=("write_record",))
    add = next(e for e in ENDPOINTS if e.name == "activity-add")
    response = call(add, world, secret)
    assert response.status_code == 201
    made = Activity.objects.get(pk=response.json()["id"])
    assert made.created_by == world.admin
    assert list(made.participants.all()) == [world.member]
    event = AuditEvent.objects.get(verb="activity.create", object_id=str(made.pk))
    assert event.actor == world.admin and event.organisation == world.org
