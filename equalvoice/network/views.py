"""Network pages: the network and its posts, its settings, writing and changing a post
(also from the record's "you said, we did"), a post and its easy-read version, how I hear,
the newsletter PDF and the mailing list's download; and, with no sign-in, joining the
mailing list, confirming and unsubscribing."""

from __future__ import annotations

import csv
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from equalvoice.core.views._helpers import (
    form_page,
    group_context,
    group_with_perm,
    page,
    require_perm,
    user_of,
)

from . import actions, selectors
from .forms import JoinForm, NetworkForm, PostForm, SubscriptionForm, YouSaidPostForm
from .models import Network, Post


def _network(request: HttpRequest, org: str, group: str) -> Network | HttpResponse:
    """A network the person may read: a public one for anyone; otherwise sign in first."""
    found = selectors.public_network(org, group)
    if found is not None:
        return found
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return selectors.network_for(user_of(request), org, group)


def _post(request: HttpRequest, org: str, pk: int) -> Post | HttpResponse:
    found = selectors.public_post(org, pk)
    if found is not None:
        return found
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return selectors.post_for(user_of(request), org, pk)


def _run(request: HttpRequest, org: str, group: str) -> Network:
    found = group_with_perm(request, org, group, "network.run")
    network = selectors.network_of(found)
    if network is None:
        raise Http404("This group is not a network yet")
    return network


def network(request: HttpRequest, org: str, group: str) -> HttpResponse:
    found = _network(request, org, group)
    if isinstance(found, HttpResponse):
        return found
    user = request.user
    signed_in = user.is_authenticated
    can_run = signed_in and user.has_perm("network.run", found)
    return page(
        request,
        "network/network.html",
        group_context(
            found.group,
            network=found,
            posts=list(selectors.posts_of(found)[:50]),
            months=selectors.months_with_posts(found),
            can_run=can_run,
            can_subscribe=signed_in and user.has_perm("network.subscribe", found),
            can_download=signed_in and user.has_perm("network.download_list", found),
            mailing_list_count=selectors.mailing_list_count(found) if can_run else None,
        ),
    )


@login_required
def network_settings(request: HttpRequest, org: str, group: str) -> HttpResponse:
    """Make the group a network, or change how it works."""
    user = user_of(request)
    found = group_with_perm(request, org, group, "network.run")
    current = selectors.network_of(found)
    initial = (
        {
            "newsletter_name": current.newsletter_name,
            "public": current.public,
            "easy_read_newsletter": current.easy_read_newsletter,
        }
        if current
        else {}
    )
    form = NetworkForm(request.POST if request.method == "POST" else None, initial=initial)

    def save() -> HttpResponse:
        made = actions.network_save(actor=user, group=found, **form.cleaned_data)
        messages.success(request, _("We saved how the network works."))
        return redirect(made.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "caption": found.name,
        "title": _("How the network works") if current else _("Make this group a network"),
        "intro": _(
            "A network shares news with its members, and with anyone who asks if you "
            "make it public. Members choose how they hear: on the site, by email for every "
            "post, or by a weekly email."
        ),
        "button": _("Save"),
        "back_url": current.get_absolute_url() if current else found.get_absolute_url(),
    }
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def post_create(request: HttpRequest, org: str, group: str) -> HttpResponse:
    user = user_of(request)
    found = _run(request, org, group)
    form = PostForm(request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        made = actions.post_save(actor=user, network=found, **form.cleaned_data)
        messages.success(request, _("The post is published."))
        return redirect(made.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "caption": found.title,
        "title": _("Write a post"),
        "intro": _(
            "Members see it at once. People who chose every post get it by email; "
            "everyone else gets it in the weekly email."
        ),
        "button": _("Publish the post"),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def post_from_record(request: HttpRequest, org: str, group: str) -> HttpResponse:
    """A "you said, we did" post made from a line of the group's co-production record."""
    user = user_of(request)
    found = _run(request, org, group)
    form = YouSaidPostForm(request.POST if request.method == "POST" else None, group=found.group)

    def save() -> HttpResponse:
        data = form.cleaned_data
        made = actions.post_from_you_said(
            actor=user, network=found, line=data["line"], title=data["title"], intro=data["intro"]
        )
        messages.success(request, _("The post is published."))
        return redirect(made.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "caption": found.title,
        "title": _("Share a “you said, we did”"),
        "intro": _(
            "Choose a line from the record of this group's plans and projects. The post "
            "says what people said and what changed, and links back to the record."
        ),
        "button": _("Publish the post"),
        "back_url": found.get_absolute_url(),
        "lines": form.fields["line"].queryset,  # type: ignore[attr-defined]
    }
    return form_page(request, "network/you_said_form.html", context, save, found.organisation)


def post(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    found = _post(request, org, pk)
    if isinstance(found, HttpResponse):
        return found
    user = request.user
    network = found.network
    in_group = user.is_authenticated and (
        user.has_perm("network.subscribe", network) or user.has_perm("network.run", network)
    )
    line = found.you_said
    record_url = None
    if line is not None:
        initiative = line.initiative
        if initiative.published_at:
            record_url = reverse("you-said-public", args=[network.organisation.slug, initiative.pk])
        elif in_group:
            record_url = initiative.get_absolute_url()
    return page(
        request,
        "network/post.html",
        group_context(
            network.group,
            network=network,
            post=found,
            in_group=in_group,
            can_run=user.is_authenticated and user.has_perm("network.run", network),
            record_url=record_url,
        ),
    )


@login_required
def post_edit(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.post_for(user, org, pk, public=False)
    require_perm(request, "network.run", found)
    initial = {"kind": found.kind, "title": found.title, "body": found.body}
    form = PostForm(request.POST if request.method == "POST" else None, initial=initial, post=found)

    def save() -> HttpResponse:
        actions.post_save(actor=user, network=found.network, post=found, **form.cleaned_data)
        messages.success(request, _("We saved the post."))
        return redirect(found.get_absolute_url())

    context = {
        "organisation": found.network.organisation,
        "form": form,
        "caption": found.network.title,
        "title": _("Change the post: %(title)s") % {"title": found.title},
        "button": _("Save the post"),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, "form_page.html", context, save, found.network.organisation)


def post_easy_read(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    from equalvoice.speakeasy.selectors import picture_urls

    found = _post(request, org, pk)
    if isinstance(found, HttpResponse):
        return found
    organisation = found.network.organisation
    return page(
        request,
        "speakeasy/easy_read.html",
        {
            "organisation": organisation,
            "group": found.network.group,
            "title": found.title,
            "sections": found.easy_sections,
            "pictures": picture_urls(organisation),
            "pdf_url": reverse("network-post-easy-read-pdf", args=[org, found.pk]),
        },
    )


def post_easy_read_pdf(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    from equalvoice.speakeasy.pdf import easy_read_pdf

    found = _post(request, org, pk)
    if isinstance(found, HttpResponse):
        return found
    data = easy_read_pdf(found.network.group, found.title, found.easy_sections)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="easy-read.pdf"'
    return response


@login_required
def hearing(request: HttpRequest, org: str, group: str) -> HttpResponse:
    """How I hear from this network: a member's own choice."""
    user = user_of(request)
    found = selectors.network_for(user, org, group, public=False)
    require_perm(request, "network.subscribe", found)
    current = selectors.subscription_of(found, user)
    initial = {"how": current.how if current else "digest"}
    form = SubscriptionForm(request.POST if request.method == "POST" else None, initial=initial)

    def save() -> HttpResponse:
        row = actions.subscription_set(actor=user, network=found, how=form.cleaned_data["how"])
        messages.success(
            request, _("Saved. You will hear: %(how)s.") % {"how": row.get_how_display().lower()}
        )
        return redirect(found.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "caption": found.title,
        "title": _("How I hear from this network"),
        "intro": _("Emails go to the address on your account. Nobody else sees it.")
        if user.email
        else _(
            "You have no email address on your account, so you hear about posts on the "
            "site. Your facilitator can tell you about them too."
        ),
        "button": _("Save"),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, "form_page.html", context, save, found.organisation)


def newsletter(request: HttpRequest, org: str, group: str, year: int, month: int) -> HttpResponse:
    """The month's posts as a printable newsletter (in easy read if the network says so)."""
    from .pdf import newsletter_pdf

    found = _network(request, org, group)
    if isinstance(found, HttpResponse):
        return found
    posts = selectors.posts_in_month(found, year, month)
    data = newsletter_pdf(found, datetime.date(year, month, 1), posts)
    response = HttpResponse(data, content_type="application/pdf")
    name = f"{found.group.slug}-{year}-{month:02d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
@require_POST
def mailing_list_download(request: HttpRequest, org: str, group: str) -> HttpResponse:
    """The confirmed addresses as CSV, for the organisation's admins; audited."""
    user = user_of(request)
    found = selectors.network_for(user, org, group, public=False)
    rows = actions.mailing_list_download(actor=user, network=found)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{found.group.slug}-mailing-list.csv"'
    writer = csv.writer(response)
    writer.writerow(["email", "how", "confirmed"])
    for row in rows:
        email = row.email or ""
        # Never let a spreadsheet read an address as a formula.
        if email[:1] in ("=", "+", "-", "@", "\t", "\r"):
            email = "'" + email
        writer.writerow([email, row.get_how_display(), timezone.localtime(row.confirmed_at)])
    return response


def join(request: HttpRequest, org: str, group: str) -> HttpResponse:
    """Join a public network's mailing list, with no account."""
    found = selectors.public_network(org, group)
    if found is None:
        raise Http404("No such network")
    form = JoinForm(request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        actions.mailing_list_join(network=found, **form.cleaned_data)
        return page(request, "network/join_sent.html", {"network": found})

    context = {
        "organisation": found.organisation,
        "form": form,
        "caption": found.title,
        "title": _("Get emails from %(title)s") % {"title": found.title},
        "intro": _(
            "We send you one email to check it is you. We send nothing else until you "
            "say yes. Every email has a link to stop them."
        ),
        "button": _("Send me the email"),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, "form_page.html", context, save, None)


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the email: a button to say yes (a link alone could be followed by a
    mail scanner)."""
    found = selectors.subscription_to_confirm(token)
    if found is None:
        return page(request, "network/link_not_working.html", {}, status=404)
    done = found.confirmed_at is not None
    if request.method == "POST" and not done:
        actions.mailing_list_confirm(subscription=found)
        done = True
    return page(request, "network/confirm.html", {"network": found.network, "done": done})


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = selectors.subscription_to_end(token)
    if found is None:
        return page(request, "network/unsubscribed.html", {"gone": True})
    network = found.network
    if request.method == "POST":
        actions.unsubscribe(subscription=found)
        return page(request, "network/unsubscribed.html", {"network": network})
    return page(request, "network/unsubscribe.html", {"network": network})


@csrf_exempt  # RFC 8058: the mail program posts here with no cookie and no form
@require_POST
def unsubscribe_one_click(request: HttpRequest, token: str) -> HttpResponse:
    found = selectors.subscription_to_end(token)
    if found is not None:
        actions.unsubscribe(subscription=found)
    return HttpResponse(
        _("You will get no more emails from this network.") + "\n", content_type="text/plain"
    )
