"""Open events: the organisers make a meeting public and add workshops, and see who
signed up with totals of access needs; anyone sees the public page and signs up with no
account; the private link (a signed token) shows the place and cancels it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from equalvoice.core.views._helpers import form_page, page, require_perm, user_of

from . import actions, selectors
from .forms import CancelForm, OpenEventForm, SignUpForm, WorkshopForm
from .models import Meeting, SignUp, Workshop
from .views import FORM, _caption


@login_required
def meeting_open(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.meeting_for(user, org, pk)
    require_perm(request, "meetings.run", found)
    initial = {
        "is_public": "yes" if found.is_public else "no",
        "places": found.places,
        "open_to": found.open_to,
        "about": found.about,
    }
    form = OpenEventForm(request.POST if request.method == "POST" else None, initial=initial)

    def save() -> HttpResponse:
        saved = actions.meeting_open(actor=user, meeting=found, **form.cleaned_data)
        messages.success(
            request,
            _("Anyone can see the public page and sign up now.")
            if saved.is_public
            else _("Only the group can see this meeting now."),
        )
        return redirect(found.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Open it to the public"),
        "caption": _caption(found),
        "intro": _(
            "A public page, sign-up without an account, a number of places and a "
            "waiting list. Only the organisers see who signed up."
        ),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, FORM, context, save, found.organisation)


@login_required
def workshop_add(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.meeting_for(user, org, pk)
    require_perm(request, "meetings.run", found)
    form = WorkshopForm(request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        actions.workshop_add(actor=user, meeting=found, **form.cleaned_data)
        messages.success(
            request,
            _("We added the workshop “%(title)s”.") % {"title": form.cleaned_data["title"]},
        )
        return redirect("meeting-sign-ups", org, pk)

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Add a workshop"),
        "caption": _caption(found),
        "intro": _(
            "A workshop within the day, with its own places and waiting list. People "
            "choose workshops when they sign up."
        ),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, FORM, context, save, found.organisation)


@login_required
def sign_ups(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """Who signed up, for the organisers only, with totals of access needs and
    perspectives (small totals hidden)."""
    user = user_of(request)
    found = selectors.meeting_for(user, org, pk)
    require_perm(request, "meetings.run", found)
    rows = list(selectors.sign_ups_for(found))
    return page(
        request,
        "meetings/events/sign_ups.html",
        {
            "organisation": found.organisation,
            "meeting": found,
            "with_place": [s for s in rows if s.status == SignUp.Status.PLACE],
            "waiting": [s for s in rows if s.status == SignUp.Status.WAITING],
            "left": selectors.places_left(found),
            "workshops": selectors.workshops_of(found),
            "totals": selectors.event_totals(found),
        },
    )


def events(request: HttpRequest, org: str) -> HttpResponse:
    """An organisation's open events, for anyone: a page to share."""
    found = list(selectors.public_meetings(org))
    for meeting in found:
        meeting.left = selectors.places_left(meeting)  # type: ignore[attr-defined]
    return page(request, "meetings/events/list.html", {"events": found})


def event(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """The public page: what, when, where, access, and places left. Never who."""
    found = selectors.public_meeting(org, pk)
    return page(
        request,
        "meetings/events/event.html",
        {
            "meeting": found,
            "left": selectors.places_left(found),
            "workshops": selectors.workshops_of(found),
            "over": _over(found),
        },
    )


def event_sign_up(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    found = selectors.public_meeting(org, pk)
    workshops = {w.pk: w for w in selectors.workshops_of(found)}
    form = SignUpForm(
        request.POST if request.method == "POST" else None,
        meeting=found,
        needs=selectors.need_labels(),
    )
    if "workshops" in form.fields:
        form.fields["workshops"].label_from_instance = lambda w: _workshop_label(  # type: ignore[attr-defined]
            workshops.get(w.pk) or w
        )

    def save() -> HttpResponse:
        try:
            made = actions.sign_up_create(meeting=found, **form.cleaned_data)
        except actions.AlreadySignedUp as already:
            from .tasks import send_sign_up_email

            send_sign_up_email.enqueue(sign_up_id=already.sign_up.pk, kind="confirmation")
            messages.info(
                request,
                _(
                    "That email address is already signed up for this event. We have sent "
                    "the private link to see or cancel the place to it again."
                ),
            )
            return redirect(found.get_public_url())
        return redirect(selectors.sign_up_url(made))

    left = selectors.places_left(found)
    context = {
        "form": form,
        "title": _("Sign up for %(title)s") % {"title": found.title},
        "caption": _caption(found),
        "intro": (
            _("You do not need an account.")
            if left is None or left > 0
            else _(
                "The event is full. If you sign up, you join the waiting list: when "
                "someone cancels, the first on the list gets their place at once."
            )
        ),
        "button": _("Sign up") if left is None or left > 0 else _("Join the waiting list"),
        "back_url": found.get_public_url(),
    }
    if _over(found):
        messages.info(request, _("This event is over, so you cannot sign up for it now."))
        return redirect(found.get_public_url())
    return form_page(request, FORM, context, save)


def event_place(request: HttpRequest, token: str) -> HttpResponse:
    """The person's own place, by their private link: nothing about anyone else."""
    mine = selectors.sign_up_for_token(token)
    return page(
        request,
        "meetings/events/place.html",
        {
            "meeting": mine.meeting,
            "sign_up": mine,
            "position": selectors.waiting_position(mine),
            "choices": selectors.workshop_choices(mine),
            "needs": [label for n, label in selectors.need_labels().items() if n in mine.needs],
            "token": token,
        },
    )


def event_cancel(request: HttpRequest, token: str) -> HttpResponse:
    mine = selectors.sign_up_for_token(token)
    if mine.status == SignUp.Status.CANCELLED:
        return redirect("event-place", token)
    form = CancelForm(request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        actions.sign_up_cancel(sign_up=mine)
        messages.success(request, _("We cancelled your place. Thank you for telling us."))
        return redirect("event-place", token)

    context = {
        "form": form,
        "title": _("Cancel your place?"),
        "caption": _caption(mine.meeting),
        "intro": _(
            "If you cancel, the first person on the waiting list gets your place. "
            "You can sign up again later if there are places."
        ),
        "button": _("Yes, cancel my place"),
        "back_url": selectors.sign_up_url(mine),
    }
    return form_page(request, FORM, context, save)


def _over(meeting: Meeting) -> bool:
    from django.utils import timezone

    return meeting.ends_at <= timezone.now()


def _workshop_label(workshop: Workshop) -> str:
    left = getattr(workshop, "left", None)
    if left == 0:
        return _("%(title)s (full: you join its waiting list)") % {"title": workshop.title}
    if left is None:
        return workshop.title
    return ngettext("%(title)s (%(left)s place left)", "%(title)s (%(left)s places left)", left) % {
        "title": workshop.title,
        "left": left,
    }
