"""Meeting pages: a group's meetings, arranging one, the meeting with its agenda, papers
and who is coming, the calendar file, attendance, the voice balance (htmx, works on a
phone and without JavaScript), minutes and actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from equalvoice.core import selectors as core
from equalvoice.core.views._helpers import (
    form_page,
    group_list,
    new_once_key,
    page,
    require_perm,
    user_of,
)

from . import actions, selectors
from .forms import (
    AgendaItemForm,
    AttendanceForm,
    MeetingActionForm,
    MeetingForm,
    MinutesForm,
    PaperForm,
    RegistrationForm,
    VenueForm,
)
from .ics import meeting_calendar
from .models import Meeting, MeetingAction

FORM = "form_page.html"


@login_required
def group_meetings(request: HttpRequest, org: str, group: str) -> HttpResponse:
    return group_list(
        request,
        org,
        group,
        "meetings/list.html",
        view="meetings.view",
        run="meetings.run",
        meetings=selectors.meetings_for_group,
    )


@login_required
def meeting_form(
    request: HttpRequest, org: str, group: str | None = None, pk: int | None = None
) -> HttpResponse:
    user = user_of(request)
    existing = selectors.meeting_for(user, org, pk) if pk else None
    found = existing.group if existing else core.group_for(user, org, group or "")
    require_perm(request, "meetings.run", found)
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        initial=MeetingForm.initial_for(existing),
    )

    def save() -> HttpResponse:
        data = form.cleaned_data
        starts_at, ends_at = form.times()
        saved = actions.meeting_save(
            actor=user,
            group=found,
            meeting=existing,
            title=data["title"],
            kind=data["kind"],
            starts_at=starts_at,
            ends_at=ends_at,
            place=data["place"],
            access_info=data["access_info"],
            online_link=data["online_link"],
            papers_due_days=data["papers_due_days"],
            invite=data["invite"],
        )
        messages.success(request, _("We saved “%(title)s”.") % {"title": saved.title})
        return redirect(saved.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Change the meeting") if existing else _("Arrange a meeting"),
        "caption": _caption(existing) if existing else found.name,
        "intro": _("A meeting, workshop or one-day conference: in person, online, or both."),
        "back_url": existing.get_absolute_url() if existing else found.get_absolute_url(),
    }
    return form_page(request, FORM, context, save, found.organisation)


@login_required
def meeting_edit(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    return meeting_form(request, org, pk=pk)


@login_required
def meeting(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.meeting_for(user, org, pk)
    can_run = user.has_perm("meetings.run", found)
    registrations = list(selectors.registrations_for(found))
    mine = next((r for r in registrations if r.person_id == user.pk), None)
    papers = list(selectors.papers_for(found))
    return page(
        request,
        "meetings/meeting.html",
        {
            "organisation": found.organisation,
            "meeting": found,
            "agenda": found.agenda.all(),
            "papers": papers,
            "late_papers": [p for p in papers if p.is_late],
            "carried": selectors.carried_actions(found),
            "coming": [r for r in registrations if r.coming],
            "mine": mine,
            "access_totals": selectors.access_totals(found) if can_run else [],
            "actions": found.actions.all(),
            "decisions": found.decisions.all(),
            "voice": selectors.voice_so_far(found),
            "can_run": can_run,
            "can_register": user.has_perm("meetings.register", found),
        },
    )


@login_required
def agenda_add(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.meeting_for(user, org, pk)
    require_perm(request, "meetings.run", found)
    form = AgendaItemForm(request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        actions.agenda_item_add(actor=user, meeting=found, **form.cleaned_data)
        return redirect(found.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Add to the agenda"),
        "caption": _caption(found),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, FORM, context, save, found.organisation)


@login_required
def paper_add(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.meeting_for(user, org, pk)
    require_perm(request, "meetings.run", found)
    form = PaperForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        meeting=found,
    )

    def save() -> HttpResponse:
        paper = actions.paper_add(actor=user, meeting=found, **form.cleaned_data)
        if paper.is_late:
            messages.warning(
                request,
                _(
                    "This paper is late: papers were due %(days)s days before. "
                    "People may not have time to read it or get support."
                )
                % {"days": found.papers_due_days},
            )
        else:
            messages.success(request, _("We added the paper."))
        return redirect(found.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Add a paper"),
        "caption": _caption(found),
        "intro": _(
            "Papers are due %(days)s days before the meeting, by %(due)s. "
            "Add an easy read version too."
        )
        % {
            "days": found.papers_due_days,
            "due": dateformat.format(found.papers_due_at, "j F Y"),
        },
        "back_url": found.get_absolute_url(),
        "multipart": True,
    }
    return form_page(request, FORM, context, save, found.organisation)


@login_required
def paper_file(request: HttpRequest, org: str, pk: int, paper_pk: int, which: str) -> FileResponse:
    found = selectors.meeting_for(user_of(request), org, pk)
    paper = selectors.paper_in(found, paper_pk)
    stored = paper.easy_read_file if which == "easy-read" else paper.file
    if not stored:
        raise Http404("No such file")
    return FileResponse(stored.open("rb"), as_attachment=True, filename=stored.name.split("/")[-1])


@login_required
def register(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.meeting_for(user, org, pk)
    require_perm(request, "meetings.register", found)
    mine = selectors.registration_of(found, user)
    initial = (
        {"coming": "yes" if mine.coming else "no", "share_access_needs": mine.share_access_needs}
        if mine
        else {"coming": "yes"}
    )
    form = RegistrationForm(request.POST if request.method == "POST" else None, initial=initial)

    def save() -> HttpResponse:
        actions.registration_save(actor=user, meeting=found, **form.cleaned_data)
        messages.success(request, _("Thank you. We have your answer."))
        return redirect(found.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Are you coming to %(title)s?") % {"title": found.title},
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, FORM, context, save, found.organisation)


@login_required
def calendar_file(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    found = selectors.meeting_for(user_of(request), org, pk)
    body = meeting_calendar(found, request.build_absolute_uri(found.get_absolute_url()))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{found.pk}.ics"'
    return response


@login_required
def attendance(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.meeting_for(user, org, pk)
    require_perm(request, "meetings.run", found)
    here = selectors.people_who_came(found)
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,
        initial={"present": here},
        people=core.people_in_group(found.group_id),
    )

    def save() -> HttpResponse:
        actions.attendance_save(actor=user, meeting=found, present=form.cleaned_data["present"])
        messages.success(request, _("We saved who came."))
        return redirect(found.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Who came"),
        "caption": _caption(found),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, FORM, context, save, found.organisation)


@login_required
def voice(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """The voice balance: tap who speaks. With htmx the panel updates in place; without
    JavaScript each tap reloads the page."""
    user = user_of(request)
    found = selectors.meeting_for(user, org, pk)
    require_perm(request, "meetings.run", found)
    return page(
        request,
        "meetings/voice.html",
        {
            "organisation": found.organisation,
            "meeting": found,
            "members": core.people_in_group(found.group_id),
            "voice": selectors.voice(found),
            "once": new_once_key(),
        },
    )


@login_required
@require_POST
def voice_tap(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.meeting_for(user, org, pk)
    require_perm(request, "meetings.run", found)
    once = request.POST.get("once", "")
    if request.POST.get("undo"):
        actions.speaking_undo(actor=user, meeting=found, once=once)
    else:
        person = core.person_in_group(found.group_id, request.POST.get("person"))
        actions.speaking_tap(actor=user, meeting=found, person=person, once=once)
    if getattr(request, "htmx", False):
        return page(
            request,
            "meetings/voice.html",
            {
                "organisation": found.organisation,
                "meeting": found,
                "members": core.people_in_group(found.group_id),
                "voice": selectors.voice(found),
                "once": new_once_key(),
                "swap_once": True,  # the new key goes into the form for the next tap
                "partial": "panel",
            },
        )
    return redirect("meeting-voice", org, pk)


@login_required
def minutes(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    from equalvoice.decisions.selectors import decisions_for_group

    user = user_of(request)
    found = selectors.meeting_for(user, org, pk)
    require_perm(request, "meetings.run", found)
    form = MinutesForm(
        request.POST if request.method == "POST" else None,
        initial={"minutes": found.minutes, "decisions": list(found.decisions.all())},
        decisions=decisions_for_group(found.group),
    )

    def save() -> HttpResponse:
        actions.minutes_save(actor=user, meeting=found, **form.cleaned_data)
        messages.success(request, _("We saved the minutes."))
        return redirect(found.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Minutes"),
        "caption": _caption(found),
        "intro": _("What was said and agreed. Add actions on the meeting page."),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, FORM, context, save, found.organisation)


@login_required
def action_form(
    request: HttpRequest, org: str, pk: int, action_pk: int | None = None
) -> HttpResponse:
    user = user_of(request)
    found = selectors.meeting_for(user, org, pk)
    require_perm(request, "meetings.run", found)
    existing = selectors.action_in_group(found, action_pk) if action_pk else None
    initial = (
        {
            "text": existing.text,
            "owner": existing.owner,
            "due_on": existing.due_on,
            "status": existing.status,
        }
        if existing
        else {"status": MeetingAction.Status.OPEN}
    )
    form = MeetingActionForm(request.POST if request.method == "POST" else None, initial=initial)

    def save() -> HttpResponse:
        actions.meeting_action_save(
            actor=user,
            meeting=existing.meeting if existing else found,
            action=existing,
            **form.cleaned_data,
        )
        messages.success(request, _("We saved the action."))
        return redirect(found.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Change the action") if existing else _("Add an action"),
        "caption": _caption(found),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, FORM, context, save, found.organisation)


def _caption(meeting: Meeting) -> str:
    """Which meeting a form is about, above its heading: the same title can recur."""
    starts = timezone.localtime(meeting.starts_at)
    return f"{meeting.title}, {dateformat.format(starts, 'j F Y')}"


@login_required
def meeting_venue(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """Where we meet: choose a place from the community map."""
    user = user_of(request)
    found = selectors.meeting_for(user, org, pk)
    require_perm(request, "meetings.run", found)
    form = VenueForm(
        request.POST if request.method == "POST" else None,
        initial={"venue": found.venue_id},
        venues=selectors.venues_in(found),
    )

    def save() -> HttpResponse:
        actions.meeting_venue_set(actor=user, meeting=found, venue=form.cleaned_data["venue"])
        messages.success(request, _("Thank you. We saved where you meet."))
        return redirect(found.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Where we meet: %(title)s") % {"title": found.title},
        "intro": _("Choose the place from the community map. Anyone can add a place there first."),
        "button": _("Save"),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, "form_page.html", context, save, found.organisation)
