"""Reads with rules for the API: the organisation's tokens and webhooks for its admins'
pages, the token a call presents, and the rows each endpoint lists.

Every endpoint reads as the admin who made the token, through the apps' own selectors
(`groups_visible_to`, `in_groups_visible_to`, `initiatives_visible_to`,
`standards_visible_to`), so it sees what that admin's pages show and no more."""

from __future__ import annotations

import hmac

from django.db.models import QuerySet

from equalvoice.core import selectors as core
from equalvoice.core.models import Organisation, OrgMembership, User
from equalvoice.decisions.models import Decision
from equalvoice.meetings.models import Meeting
from equalvoice.opinions.models import Conversation
from equalvoice.record import selectors as record
from equalvoice.record.models import Activity, Initiative
from equalvoice.standards import selectors as standards
from equalvoice.standards.models import Round

from .actions import hash_token, split_token
from .models import ApiToken, Delivery, Webhook


def tokens_of(organisation: Organisation) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(organisation=organisation).select_related(
        "made_by", "revoked_by"
    )


def token_in(organisation: Organisation, pk: int) -> ApiToken:
    return core.first_or_404(tokens_of(organisation).filter(pk=pk), "No such token")


def webhooks_of(organisation: Organisation) -> QuerySet[Webhook]:
    return Webhook.objects.filter(organisation=organisation, removed_at__isnull=True)


def webhook_in(organisation: Organisation, pk: int) -> Webhook:
    return core.first_or_404(webhooks_of(organisation).filter(pk=pk), "No such webhook")


def recent_deliveries(organisation: Organisation) -> QuerySet[Delivery]:
    return (
        Delivery.objects.filter(webhook__organisation=organisation)
        .select_related("webhook")
        .prefetch_related("attempts")[:20]
    )


def token_presented(secret: str) -> ApiToken | None:
    """The token whose secret this is, compared in constant time, or None. Revoked and
    expired tokens are returned too: the caller says why they do not work."""
    prefix = split_token(secret)
    if prefix is None:
        return None
    found = ApiToken.objects.select_related("organisation", "made_by").filter(prefix=prefix).first()
    if found is None or not hmac.compare_digest(found.secret_hash, hash_token(secret)):
        return None
    return found


def maker_is_admin(token: ApiToken) -> bool:
    """The person who made the token is an admin of its organisation now."""
    return (
        token.made_by.is_active
        and OrgMembership.objects.admins()
        .filter(user_id=token.made_by_id, organisation_id=token.organisation_id)
        .exists()
    )


# What each endpoint lists, as the token's maker may see it.


def groups(user: User, organisation: Organisation) -> QuerySet:  # type: ignore[type-arg]
    return core.groups_visible_to(user, organisation).order_by("name", "pk")


def group(user: User, organisation: Organisation, slug: str):  # type: ignore[no-untyped-def]
    return core.group_for(user, organisation.slug, slug)


def meetings(user: User, organisation: Organisation) -> QuerySet[Meeting]:
    rows = core.in_groups_visible_to(user, organisation.slug, Meeting.objects.all())
    return rows.select_related("group").order_by("starts_at", "pk")


def initiatives(user: User, organisation: Organisation) -> QuerySet[Initiative]:
    rows = record.initiatives_visible_to(user, organisation)
    return rows.select_related("group").order_by("created_at", "pk")


def activities(initiative: Initiative) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(initiative=initiative)
        .select_related("stage")
        .prefetch_related("evidence")
        .order_by("on", "pk")
    )


def rounds(user: User, organisation: Organisation, group: str | None = None) -> QuerySet[Round]:
    visible = standards.standards_visible_to(user, organisation)
    if group:
        visible = visible.filter(group__slug=group)
    return (
        Round.objects.filter(standard__in=visible)
        .select_related("standard", "version")
        .order_by("opens_on", "pk")
    )


def round_in(user: User, organisation: Organisation, pk: int) -> Round:
    return standards.round_for(user, organisation, pk)


def decisions(user: User, organisation: Organisation) -> QuerySet[Decision]:
    rows = core.in_groups_visible_to(user, organisation.slug, Decision.objects.all())
    return rows.select_related("group").order_by("created_at", "pk")


def conversations(user: User, organisation: Organisation) -> QuerySet[Conversation]:
    rows = core.in_groups_visible_to(user, organisation.slug, Conversation.objects.all())
    return (
        rows.select_related("group").defer("results", "engine_state").order_by("created_at", "pk")
    )
