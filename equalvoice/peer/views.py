"""Peer support pages: my peer support, offering support, asking for it, the matching page
for the people who match, and a match with its answers, meetings and ending."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from equalvoice.core import selectors as core
from equalvoice.core.views._helpers import button, form_page, page, require_perm, user_of

from . import actions, selectors
from .forms import EndForm, MeetingForm, ProfileForm
from .models import Match, Offer, Request


def _home(org: str) -> str:
    return reverse("peer", args=[org])


@login_required
def home(request: HttpRequest, org: str) -> HttpResponse:
    """My peer support: my offer, my request, my matches (and suggestions to answer)."""
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "peer.take_part", organisation)
    matches = selectors.matches_of(user, organisation)
    return page(
        request,
        "peer/home.html",
        {
            "organisation": organisation,
            "offer": selectors.offer_of(user, organisation),
            "ask": selectors.request_of(user, organisation),
            "waiting": [
                m for m in matches if m.state == Match.State.SUGGESTED and m.answer_of(user) is None
            ],
            "said_yes": [
                m for m in matches if m.state == Match.State.SUGGESTED and m.answer_of(user)
            ],
            "active": [m for m in matches if m.state == Match.State.ACTIVE],
            "ended": [m for m in matches if m.state == Match.State.ENDED],
            "can_match": user.has_perm("peer.match", organisation),
        },
    )


def _profile_page(request: HttpRequest, org: str, kind: str) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "peer.take_part", organisation)
    offer = kind == "offer"
    existing = (
        selectors.offer_of(user, organisation)
        if offer
        else selectors.request_of(user, organisation)
    )
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        kind=kind,
        initial=ProfileForm.initial_from(existing),
    )

    def save() -> HttpResponse:
        data = form.cleaned_data
        save_it = actions.offer_save if offer else actions.request_save
        save_it(
            actor=user,
            organisation=organisation,
            about=data["about"],
            topics=data["all_topics"],
            ways=data["ways"],
            when=data["when"],
            area=data["area"],
            languages=data["language_list"],
            access_needs=data["access_needs"],
        )
        messages.success(
            request,
            _(
                "Thank you for offering. Someone who matches people will be in touch through "
                "Equal Voice when there is someone you could support."
            )
            if offer
            else _(
                "Thank you. Someone who matches people will suggest a peer supporter. "
                "You will see the suggestion here and say yes or no."
            ),
        )
        return redirect(_home(organisation.slug))

    context = {
        "organisation": organisation,
        "form": form,
        "title": (_("Change your offer") if existing else _("Offer to be a peer supporter"))
        if offer
        else (_("Change your request") if existing else _("Ask for a peer supporter")),
        "intro": _(
            "A peer supporter is someone who has been where another person is now. "
            "Say what you know about from your own life, and how and when you could meet."
        )
        if offer
        else _(
            "A peer supporter is someone who has been where you are now. Say what you "
            "would like to talk about, and how and when you would like to meet."
        ),
        "button": _("Save my offer") if offer else _("Ask for a peer supporter"),
        "back_url": _home(organisation.slug),
    }
    return form_page(request, "form_page.html", context, save, organisation)


@login_required
def offer(request: HttpRequest, org: str) -> HttpResponse:
    return _profile_page(request, org, "offer")


@login_required
def ask(request: HttpRequest, org: str) -> HttpResponse:
    return _profile_page(request, org, "request")


@login_required
@require_POST
def stop(request: HttpRequest, org: str, kind: str) -> HttpResponse:
    """Stop offering, or stop asking (matches already made go on)."""
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "peer.take_part", organisation)
    found = (
        selectors.offer_of(user, organisation)
        if kind == "offer"
        else selectors.request_of(user, organisation)
        if kind == "request"
        else None
    )
    if found is None:
        messages.error(request, _("There is nothing to stop."))
        return redirect(_home(organisation.slug))
    return button(
        request,
        lambda: actions.profile_close(actor=user, profile=found),
        lambda _closed: (
            _("You are no longer offering peer support.")
            if kind == "offer"
            else _("You are no longer asking for a peer supporter.")
        ),
        _home(organisation.slug),
    )


@login_required
def matching(request: HttpRequest, org: str) -> HttpResponse:
    """The people who match: every open request, with the open offers best first and
    what each shares; a button suggests one."""
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "peer.match", organisation)
    return page(
        request,
        "peer/matching.html",
        {
            "organisation": organisation,
            "rows": selectors.open_requests(organisation),
            "offers": list(selectors.open_offers(organisation)),
        },
    )


@login_required
@require_POST
def suggest(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "peer.match", organisation)
    wanted = selectors.request_in(organisation, pk)
    offered = selectors.offer_in(organisation, request.POST.get("offer"))
    return button(
        request,
        lambda: actions.match_suggest(actor=user, offer=offered, request=wanted),
        lambda _made: (
            _("We asked %(supporter)s and %(name)s. The match starts when both say yes.")
            % {"supporter": offered.first_name, "name": wanted.first_name}
        ),
        reverse("peer-matching", args=[organisation.slug]),
    )


@login_required
def match(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """A match: to the two people, what they share and the buttons to say yes or no; once
    both said yes, each other's details, meetings and their notes. To the people who
    match, the state, the meetings held, never the notes."""
    user = user_of(request)
    found = selectors.match_for(user, org, pk)
    side = found.side_of(user)
    other: Offer | Request | None = None
    if side == "supporter":
        other = found.request
    elif side == "asker":
        other = found.offer
    score = selectors.shared_in(found)
    return page(
        request,
        "peer/match.html",
        {
            "organisation": found.organisation,
            "match": found,
            "side": side,
            "other": other,
            "my_answer": found.answer_of(user),
            "score": score,
            "see_each_other": user.has_perm("peer.see_each_other", found),
            "can_answer": side is not None
            and found.state == Match.State.SUGGESTED
            and found.answer_of(user) is None,
            "can_end": found.state in Match.LIVE and user.has_perm("peer.end", found),
            "can_record": found.state == Match.State.ACTIVE
            and user.has_perm("peer.record_meeting", found),
            "read_notes": user.has_perm("peer.read_notes", found),
            "meetings": list(selectors.meetings_of(found)),
        },
    )


@login_required
@require_POST
def answer(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.match_for(user, org, pk)
    require_perm(request, "peer.answer", found)
    said = request.POST.get("answer", "")
    if said not in ("yes", "no"):
        messages.error(request, _("Choose yes or no."))
        return redirect(found.get_absolute_url())
    yes = said == "yes"

    def done(m: Match) -> str:
        if not yes:
            return _("Thank you. You said no, so this match will not go ahead.")
        if m.state == Match.State.ACTIVE:
            return _("You both said yes. Your match has started.")
        return _("Thank you. You said yes. We are waiting for the other person.")

    return button(
        request,
        lambda: actions.match_answer(actor=user, match=found, yes=yes),
        done,
        found.get_absolute_url() if yes else _home(found.organisation.slug),
    )


@login_required
def end(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.match_for(user, org, pk)
    require_perm(request, "peer.end", found)
    form = EndForm(request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        actions.match_end(actor=user, match=found, reason=form.cleaned_data["reason"])
        messages.success(request, _("The match has ended. Thank you for taking part."))
        return redirect(found.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("End this match"),
        "intro": _("You can end a match at any time. Nobody will ask you to explain more."),
        "button": _("End the match"),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def meeting_add(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.match_for(user, org, pk)
    require_perm(request, "peer.record_meeting", found)
    form = MeetingForm(request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        data = form.cleaned_data
        actions.meeting_record(
            actor=user, match=found, on=data["on"], held=data["held"] == "yes", note=data["note"]
        )
        messages.success(request, _("We saved the meeting."))
        return redirect(found.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Record a meeting"),
        "intro": _(
            "Record each time you met, or meant to meet. The people who match see only "
            "the date and whether you met, never the note."
        ),
        "button": _("Save the meeting"),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, "form_page.html", context, save, found.organisation)
