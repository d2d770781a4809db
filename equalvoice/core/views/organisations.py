"""An organisation's pages: its groups, its perspectives, a person's own perspectives,
and the audit log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext

from .. import actions, selectors
from ..forms import PerspectiveForm, PerspectivesForm
from ._helpers import form_page, page, require_perm, user_of


@login_required
def organisation(request: HttpRequest, org: str) -> HttpResponse:
    user = user_of(request)
    organisation = selectors.organisation_for(user, org)
    groups = selectors.groups_with_counts(selectors.groups_visible_to(user, organisation))
    return page(
        request,
        "core/organisation.html",
        {
            "organisation": organisation,
            "groups": groups,
            "is_admin": user.has_perm("core.create_group", organisation),
        },
    )


@login_required
def perspectives(request: HttpRequest, org: str) -> HttpResponse:
    user = user_of(request)
    organisation = selectors.organisation_for(user, org)
    require_perm(request, "core.manage_perspectives", organisation)
    form = PerspectiveForm(request.POST if request.method == "POST" else None)
    context = {
        "organisation": organisation,
        "perspectives": selectors.perspectives_in(organisation),
        "form": form,
    }

    def save() -> HttpResponse:
        actions.perspective_create(actor=user, organisation=organisation, **form.cleaned_data)
        messages.success(request, gettext("Perspective added."))
        return redirect("perspectives", org=org)

    return form_page(request, "core/perspectives.html", context, save, organisation)


@login_required
def perspective_edit(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    organisation = selectors.organisation_for(user, org)
    require_perm(request, "core.manage_perspectives", organisation)
    perspective = selectors.perspective_in(organisation, pk)
    form = PerspectiveForm(request.POST if request.method == "POST" else None, instance=perspective)
    context = {"organisation": organisation, "perspective": perspective, "form": form}

    def save() -> HttpResponse:
        actions.perspective_update(actor=user, perspective=perspective, **form.cleaned_data)
        messages.success(request, gettext("Perspective saved."))
        return redirect("perspectives", org=org)

    return form_page(request, "core/perspective_edit.html", context, save, organisation)


@login_required
def my_perspectives(request: HttpRequest, org: str) -> HttpResponse:
    user = user_of(request)
    organisation = selectors.organisation_for(user, org)
    om = selectors.org_membership(user, organisation)
    initial = {"perspectives": list(om.perspectives.all()) if om else []}
    form = PerspectivesForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        initial=initial,
    )
    context = {"organisation": organisation, "form": form}

    def save() -> HttpResponse:
        actions.perspectives_set(
            actor=user,
            person=user,
            organisation=organisation,
            perspectives=form.cleaned_data["perspectives"],
        )
        messages.success(request, gettext("Your perspectives are saved."))
        return redirect("my-perspectives", org=org)

    return form_page(request, "core/my_perspectives.html", context, save, organisation)


@login_required
def audit_log(request: HttpRequest, org: str) -> HttpResponse:
    organisation = selectors.organisation_for(user_of(request), org)
    require_perm(request, "core.view_audit_log", organisation)
    paginator = Paginator(selectors.audit_events_for(organisation), 50)
    events = paginator.get_page(request.GET.get("page"))
    return page(request, "core/audit_log.html", {"organisation": organisation, "events": events})
