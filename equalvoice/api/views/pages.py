"""The organisation admins' pages for API tokens and webhooks, and the API's docs page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from equalvoice.core import selectors as core
from equalvoice.core.views._helpers import form_page, page, require_perm, user_of

from .. import actions, selectors
from ..forms import TokenForm, WebhookForm


@login_required
def tokens(request: HttpRequest, org: str) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "api.manage_tokens", organisation)
    return page(
        request,
        "api/tokens.html",
        {"organisation": organisation, "tokens": selectors.tokens_of(organisation)},
    )


@login_required
def token_make(request: HttpRequest, org: str) -> HttpResponse:
    """Make a token. Its secret is on the page that answers the form, once, and nowhere
    else: the page is not a redirect, and it is never stored."""
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "api.manage_tokens", organisation)
    form = TokenForm(request.POST if request.method == "POST" else None)
    context = {"organisation": organisation, "form": form}

    def save() -> HttpResponse:
        token, secret = actions.token_create(
            actor=user, organisation=organisation, **form.cleaned_data
        )
        response = page(
            request,
            "api/token_made.html",
            {"organisation": organisation, "token": token, "secret": secret},
        )
        response["Cache-Control"] = "no-store"
        return response

    return form_page(request, "api/token_make.html", context, save, organisation)


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "api.manage_tokens", organisation)
    token = selectors.token_in(organisation, pk)
    if request.method == "POST":
        if token.revoked_at is None:
            actions.token_revoke(actor=user, token=token)
        messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
        return redirect("api-tokens", org=org)
    return page(request, "api/token_revoke.html", {"organisation": organisation, "token": token})


@login_required
def webhooks(request: HttpRequest, org: str) -> HttpResponse:
    """The organisation's webhooks and recent deliveries, and adding one. The signing
    secret is shown once, on the page that answers the form."""
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "api.manage_webhooks", organisation)
    form = WebhookForm(request.POST if request.method == "POST" else None)
    context = {
        "organisation": organisation,
        "form": form,
        "webhooks": selectors.webhooks_of(organisation),
        "deliveries": selectors.recent_deliveries(organisation),
    }

    def save() -> HttpResponse:
        webhook, secret = actions.webhook_add(
            actor=user, organisation=organisation, url=form.cleaned_data["url"]
        )
        response = page(
            request,
            "api/webhook_added.html",
            {"organisation": organisation, "webhook": webhook, "secret": secret},
        )
        response["Cache-Control"] = "no-store"
        return response

    return form_page(request, "api/webhooks.html", context, save, organisation)


@login_required
@require_http_methods(["GET", "POST"])
def webhook_remove(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "api.manage_webhooks", organisation)
    webhook = selectors.webhook_in(organisation, pk)
    if request.method == "POST":
        actions.webhook_remove(actor=user, webhook=webhook)
        messages.success(request, _("Events are no longer sent to %(url)s.") % {"url": webhook.url})
        return redirect("api-webhooks", org=org)
    return page(
        request, "api/webhook_remove.html", {"organisation": organisation, "webhook": webhook}
    )


def docs(request: HttpRequest) -> HttpResponse:
    """The API's docs: every endpoint from the OpenAPI schema, with its scope, and a link
    to the schema itself. Our own page (not Swagger UI), so it keeps our Content Security
    Policy and our accessibility checks."""
    from ..docs import endpoints_from_schema

    return page(request, "api/docs.html", {"endpoints": endpoints_from_schema()})
