"""The co-production record's pages: the board view, an initiative with its activities,
evidence and signals, and challenges to claims."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from equalvoice.core import selectors as core
from equalvoice.core.exports import safe_cell as _cell
from equalvoice.core.models import Organisation
from equalvoice.core.views._helpers import form_page, invalid, page, require_perm, user_of
from equalvoice.recognition import selectors as recognition

from . import actions, individual, selectors
from .charts import profile_chart
from .forms import ActivityForm, ClaimChallengeForm, InitiativeForm, ReplyForm
from .ladder import Rung


@login_required
def board(request: HttpRequest, org: str) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    rows = selectors.board(
        selectors.initiatives_visible_to(user, organisation), organisation, timezone.localdate()
    )
    groups = sorted({r.initiative.group for r in rows if r.initiative.group}, key=lambda g: g.name)
    chosen_group = request.GET.get("group", "")
    if chosen_group.isdigit():
        rows = [r for r in rows if r.initiative.group_id == int(chosen_group)]
    signs = request.GET.get("signs", "")
    if signs == "any":
        rows = [r for r in rows if r.signals]
    elif signs == "none":
        rows = [r for r in rows if not r.signals]
    sort = request.GET.get("sort", "title")
    keys: dict[str, Callable[[selectors.BoardRow], Any]] = {
        "title": lambda r: r.initiative.title.lower(),
        "evidence": lambda r: -(r.highest_evidenced or 0),
        "signs": lambda r: -len(r.signals),
    }
    rows.sort(key=keys.get(sort, keys["title"]))
    return page(
        request,
        "record/board.html",
        {
            "organisation": organisation,
            "rows": rows,
            "groups": groups,
            "chosen_group": chosen_group,
            "signs": signs,
            "sort": sort,
            "can_create": user.has_perm("record.create_initiative", organisation),
            "can_edit_stages": user.has_perm("core.manage_perspectives", organisation),
            "rungs": list(Rung),
            "individual": individual.counts_for(organisation),
            "paid_hours": _paid_hours(organisation),
        },
    )


def _paid_hours(organisation: Organisation) -> dict[str, object]:
    """The hours people with lived experience were paid for this tax year (recognition),
    shown only when enough people gave time that nobody can be picked out."""
    today = timezone.localdate()
    start = recognition.year_start(today)
    hours = recognition.lived_experience_hours(organisation, start, today)
    return {"shown": hours is not None, "hours": hours, "start": start}


@login_required
def initiative_form(request: HttpRequest, org: str, pk: int | None = None) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.initiative_for(user, organisation, pk) if pk else None
    if found is None:
        require_perm(request, "record.create_initiative", organisation)
    else:
        require_perm(request, "record.change_initiative", found)
    form = InitiativeForm(
        request.POST if request.method == "POST" else None,
        instance=found,
        organisation=organisation,
    )

    def save() -> HttpResponse:
        data = form.cleaned_data
        saved = actions.initiative_save(
            actor=user,
            organisation=organisation,
            initiative=found,
            title=data["title"],
            kind=data["kind"],
            group=data["group"],
            summary=data["summary"],
        )
        messages.success(request, f"“{saved.title}” is saved.")
        return redirect(saved.get_absolute_url())

    context = {"organisation": organisation, "initiative": found, "form": form}
    return form_page(request, "record/initiative_form.html", context, save, organisation)


@login_required
def initiative(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.initiative_for(user, organisation, pk)
    views = selectors.activity_views(found)
    stages = list(selectors.stages_for(organisation))
    profile = selectors.profile(found, views)
    return page(
        request,
        "record/initiative.html",
        {
            "organisation": organisation,
            "initiative": found,
            "stages": [(s, [v for v in views if v.activity.stage_id == s.pk]) for s in stages],
            "signals": selectors.initiative_signals(views, timezone.localdate()),
            "can_change": user.has_perm("record.change_initiative", found),
            "rungs": list(Rung),
            "profile": profile,
            "chart": profile_chart(profile),
            "timeline": sorted(views, key=lambda v: (v.activity.on, v.activity.pk)),
            "today": timezone.localdate(),
        },
    )


@login_required
def activity_form(
    request: HttpRequest, org: str, pk: int, activity_pk: int | None = None
) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.initiative_for(user, organisation, pk)
    require_perm(request, "record.change_initiative", found)
    selectors.stages_for(organisation)
    activity = selectors.activity_in(found, activity_pk) if activity_pk else None
    initial: dict[str, object] = {"status": "planned", "decisions": "staff"}
    if activity is not None:
        initial = {
            "stage": activity.stage,
            "on": activity.on,
            "status": activity.status,
            "what": activity.what,
            "rung_claimed": activity.rung_claimed,
            "participants": list(activity.participants.all()),
            "shaped_design": activity.shaped_design,
            "decisions": activity.decisions,
            "effect": activity.effect,
            "nothing_changed": activity.nothing_changed,
            "status_reason": activity.status_reason,
            **{f"count_{a.perspective_id}": a.count for a in activity.attendance.all()},
        }
    form = ActivityForm(
        request.POST if request.method == "POST" else None, initiative=found, initial=initial
    )

    def save() -> HttpResponse:
        data = {k: v for k, v in form.cleaned_data.items() if not k.startswith("count_")}
        actions.activity_save(
            actor=user,
            initiative=found,
            activity=activity,
            attendance=form.attendance(),
            **data,
        )
        messages.success(request, _("The activity is saved."))
        return redirect(found.get_absolute_url())

    context = {
        "organisation": organisation,
        "initiative": found,
        "activity": activity,
        "form": form,
        "rungs": list(Rung),
    }
    return form_page(request, "record/activity_form.html", context, save, organisation)


@login_required
def challenge_claim(request: HttpRequest, org: str, pk: int, activity_pk: int) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.initiative_for(user, organisation, pk)
    activity = selectors.activity_in(found, activity_pk)
    require_perm(request, "record.challenge_claim", activity)
    form = ClaimChallengeForm(request.POST if request.method == "POST" else None)
    context = {
        "organisation": organisation,
        "initiative": found,
        "activity": activity,
        "form": form,
        "claimed": Rung(activity.rung_claimed),
    }

    def save() -> HttpResponse:
        actions.claim_challenge_raise(actor=user, activity=activity, **form.cleaned_data)
        messages.success(request, _("Your challenge is on the record. Everyone can see it."))
        return redirect(found.get_absolute_url())

    return form_page(request, "record/challenge.html", context, save, organisation)


@login_required
def challenge_reply(request: HttpRequest, org: str, pk: int, challenge_pk: int) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.initiative_for(user, organisation, pk)
    challenge = selectors.challenge_in(found, challenge_pk)
    require_perm(request, "record.change_initiative", found)
    form = ReplyForm(request.POST if request.method == "POST" else None)
    context = {
        "organisation": organisation,
        "initiative": found,
        "challenge": challenge,
        "form": form,
    }

    def save() -> HttpResponse:
        actions.claim_challenge_reply(actor=user, challenge=challenge, **form.cleaned_data)
        messages.success(request, _("Your reply is on the record."))
        return redirect(found.get_absolute_url())

    return form_page(request, "record/reply.html", context, save, organisation)


CSV_HEADER = [
    "initiative",
    "kind",
    "group",
    "activities done",
    "activities planned",
    "highest rung claimed",
    "highest rung by evidence",
    "profile",
    "warning signs",
]


@login_required
def board_csv(request: HttpRequest, org: str) -> HttpResponse:
    """The board view's figures as CSV, one initiative a row."""
    import csv

    user = user_of(request)
    organisation = core.organisation_for(user, org)
    rows = selectors.board(
        selectors.initiatives_visible_to(user, organisation), organisation, timezone.localdate()
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{organisation.slug}-record.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for row in rows:
        i = row.initiative
        writer.writerow(
            [
                _cell(i.title),
                i.get_kind_display(),
                _cell(i.group.name if i.group else ""),
                row.done,
                row.planned,
                row.highest_claimed.label if row.highest_claimed else "",
                row.highest_evidenced.label if row.highest_evidenced else "",
                "; ".join(f"{stage}: {rung.label}" for stage, rung in row.profile),
                "; ".join(s.title for s in row.signals),
            ]
        )
    return response


@login_required
def evidence_add(request: HttpRequest, org: str, pk: int, activity_pk: int) -> HttpResponse:
    from .forms import EvidenceForm

    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.initiative_for(user, organisation, pk)
    activity = selectors.activity_in(found, activity_pk)
    require_perm(request, "record.change_initiative", found)
    form = EvidenceForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    context = {
        "organisation": organisation,
        "initiative": found,
        "activity": activity,
        "form": form,
    }

    def save() -> HttpResponse:
        actions.evidence_add(actor=user, activity=activity, **form.cleaned_data)
        messages.success(request, _("The evidence is saved."))
        return redirect(found.get_absolute_url())

    return form_page(request, "record/evidence.html", context, save, organisation)


@login_required
def evidence_file(request: HttpRequest, org: str, pk: int, evidence_pk: int) -> FileResponse:
    """An evidence file, only for people who can see the initiative."""
    from django.http import Http404

    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.initiative_for(user, organisation, pk)
    evidence = selectors.evidence_in(found, evidence_pk)
    if not evidence.file:
        raise Http404("No file")
    name = evidence.file.name.rsplit("/", 1)[-1]
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=name)


@login_required
def board_pdf(request: HttpRequest, org: str) -> HttpResponse:
    from .pdf import board_report

    user = user_of(request)
    organisation = core.organisation_for(user, org)
    today = timezone.localdate()
    rows = selectors.board(
        selectors.initiatives_visible_to(user, organisation), organisation, today
    )
    response = HttpResponse(board_report(organisation, rows, today), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{organisation.slug}-record.pdf"'
    return response


@login_required
def you_said_edit(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    from .forms import YouSaidForm

    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.initiative_for(user, organisation, pk)
    require_perm(request, "record.change_initiative", found)
    how = request.POST.get("how")
    form = YouSaidForm(request.POST if how == "add" else None)
    context = {
        "organisation": organisation,
        "initiative": found,
        "form": form,
        "lines": found.you_said.all(),
    }
    if request.method == "POST" and how != "add":
        # Publish or take down: a button with nothing typed, so not form_page.
        try:
            actions.initiative_publish(actor=user, initiative=found, publish=how == "publish")
        except ValidationError as error:
            from equalvoice.core.forms import PlainForm

            problem = PlainForm({})
            problem.is_valid()
            problem.add_error(None, error)
            context["problem"] = problem
            return invalid(request, "record/you_said_edit.html", context)
        messages.success(request, _("Published.") if how == "publish" else _("Taken down."))
        return redirect("you-said-edit", org=org, pk=pk)

    def save() -> HttpResponse:
        actions.you_said_add(actor=user, initiative=found, **form.cleaned_data)
        messages.success(request, _("The line is added."))
        return redirect("you-said-edit", org=org, pk=pk)

    return form_page(request, "record/you_said_edit.html", context, save, organisation)


def you_said_public(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """The public "You said, we did" page: anyone may read it once it is published.
    Drafts, the record and people's names are never shown here."""
    found = selectors.published_initiative(org, pk)
    easy = request.GET.get("view") == "easy-read"
    return page(
        request,
        "record/you_said_public.html",
        {
            "organisation": found.organisation,
            "initiative": found,
            "lines": found.you_said.all(),
            "easy": easy,
        },
    )


@login_required
def stages(request: HttpRequest, org: str) -> HttpResponse:
    """Organisation admins edit the list of stages: rename one, or add one at the end."""
    from .forms import StageForm

    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "core.manage_perspectives", organisation)
    found = list(selectors.stages_for(organisation))
    form = StageForm(request.POST if request.method == "POST" else None)
    context = {"organisation": organisation, "stages": found, "form": form}

    def save() -> HttpResponse:
        chosen = next((s for s in found if str(s.pk) == request.POST.get("stage")), None)
        actions.stage_save(
            actor=user, organisation=organisation, name=form.cleaned_data["name"], stage=chosen
        )
        messages.success(request, _("The stage is saved."))
        return redirect("record-stages", org=org)

    return form_page(request, "record/stages.html", context, save, organisation)
