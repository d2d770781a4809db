"""Decision pages: a group's decisions, putting a proposal, voting (for yourself, or for
someone with their agreement), counting, hearing the minority, changing the proposal and
closing it."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from equalvoice.core import selectors as core
from equalvoice.core.exports import safe_cell
from equalvoice.core.views._helpers import (
    acting_for_someone,
    button,
    form_page,
    group_list,
    group_with_perm,
    page,
    require_perm,
    user_of,
)

from . import actions, selectors
from .forms import AmendForm, CloseForm, DecisionForm, MinorityForm, VoteForm
from .models import Decision
from .outcome import dissents


@login_required
def group_decisions(request: HttpRequest, org: str, group: str) -> HttpResponse:
    return group_list(
        request,
        org,
        group,
        "decisions/list.html",
        view="decisions.view",
        run="decisions.run",
        decisions=selectors.decisions_for_group,
    )


@login_required
def decision_create(request: HttpRequest, org: str, group: str) -> HttpResponse:
    user = user_of(request)
    found = group_with_perm(request, org, group, "decisions.run")
    form = DecisionForm(request.POST if request.method == "POST" else None, group=found)

    def save() -> HttpResponse:
        data = form.cleaned_data
        made = actions.decision_create(
            actor=user,
            group=found,
            title=data["title"],
            proposal=data["proposal"],
            method=data["how"],
            secret=data["secret"],
            options=form.option_lines(),
            initiative=data["initiative"],
        )
        messages.success(request, _("The proposal is open for votes."))
        return redirect(made.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Put a proposal to the group"),
        "intro": _("Everyone in the group gets one vote, and every vote counts the same."),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def decision(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.with_options(selectors.decision_for(user, org, pk))
    counted = selectors.count(found)
    mine = actions.own_ballot(found, user)
    in_minority = (
        found.status == Decision.Status.LISTENING
        and mine is not None
        and dissents(found.method, mine.as_dict(), counted.winners)
    )
    show_count = found.status != Decision.Status.OPEN or user.has_perm("decisions.run", found)
    voters = selectors.who_voted(found)
    return page(
        request,
        "decisions/decision.html",
        {
            "organisation": found.organisation,
            "decision": found,
            "options": selectors.live_options(found),
            "count": counted if show_count else None,
            "quorum_sentence": selectors.quorum_of(found, voters).sentence(_),
            "who_voted": voters,
            "open_votes": selectors.open_votes_in_words(found),
            "minority_answers": found.minority_answers.all(),
            "amendments": found.amendments.all(),
            "my_ballot": mine,
            "my_vote": selectors.vote_words(mine, {o.pk: o.text for o in found.options.all()})
            if mine
            else "",
            "in_minority": in_minority,
            "can_vote": user.has_perm("decisions.vote", found)
            and found.status != Decision.Status.CLOSED,
            "can_run": user.has_perm("decisions.run", found),
        },
    )


@login_required
def vote(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """Vote for yourself, or (?for=someone) record a vote for a person who agreed."""
    user = user_of(request)
    found = selectors.decision_for(user, org, pk)
    for_someone = acting_for_someone(request, found, "decisions.vote", "decisions.vote_for")
    people = core.people_in_group(found.group)
    mine = None if for_someone else actions.own_ballot(found, user)
    form = VoteForm(
        request.POST if request.method == "POST" else None,
        initial=VoteForm.initial_from(mine),
        decision=found,
        options=selectors.live_options(found),
        for_someone=for_someone,
        people=people,
    )

    def save() -> HttpResponse:
        actions.vote_cast(actor=user, decision=found, **form.ballot())
        messages.success(request, _("The vote is saved. It can change until the decision closes."))
        return redirect(found.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "decision": found,
        "form": form,
        "for_someone": for_someone,
        "closed": found.status == Decision.Status.CLOSED,
    }
    return form_page(request, "decisions/vote.html", context, save, found.organisation)


@login_required
@require_POST
def count(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.decision_for(user, org, pk)
    require_perm(request, "decisions.run", found)
    return button(
        request,
        lambda: actions.decision_count(actor=user, decision=found),
        lambda _done: _(
            "The votes are counted. Now ask the people who disagreed what it would take."
        ),
        found.get_absolute_url(),
    )


@login_required
def minority(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.decision_for(user, org, pk)
    require_perm(request, "decisions.vote", found)
    form = MinorityForm(request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        actions.minority_answer_add(actor=user, decision=found, **form.cleaned_data)
        messages.success(request, _("Thank you. The group will hear what you said."))
        return redirect(found.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("What would it take for you to come along?"),
        "intro": (
            _(
                "You did not simply agree with “%(title)s”. Your view matters. Say what "
                "would need to change for you to agree, or to live with it."
            )
            if not found.has_options
            else _(
                "You put another option first on “%(title)s”. Your view matters. Say what "
                "would need to change for you to agree, or to live with it."
            )
        )
        % {"title": found.title},
        "button": _("Send"),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def amend(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.decision_for(user, org, pk)
    require_perm(request, "decisions.run", found)
    initial = {
        "proposal": found.proposal,
        "options": "\n".join(o.text for o in selectors.live_options(found)),
    }
    form = AmendForm(request.POST if request.method == "POST" else None, initial=initial)
    if not found.has_options:
        del form.fields["options"]

    def save() -> HttpResponse:
        actions.decision_amend(
            actor=user,
            decision=found,
            proposal=form.cleaned_data["proposal"],
            why=form.cleaned_data["why"],
            options=form.option_lines() if found.has_options else (),
        )
        messages.success(request, _("The proposal is changed. Everyone can vote again."))
        return redirect(found.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Change the proposal and decide again"),
        "intro": _("The old proposal and its count are kept on the record."),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def close(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.decision_for(user, org, pk)
    require_perm(request, "decisions.run", found)
    form = CloseForm(request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        closed = actions.decision_close(actor=user, decision=found, **form.cleaned_data)
        messages.success(
            request,
            _("The decision is closed: %(outcome)s.") % {"outcome": closed.get_outcome_display()},
        )
        return redirect(found.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Close the decision"),
        "intro": selectors.quorum_of(found).sentence(_),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def export(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """The decision as a spreadsheet. A secret ballot lists who voted, never how."""
    found = selectors.decision_for(user_of(request), org, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="decision-{found.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(["decision", safe_cell(found.title)])
    writer.writerow(["status", found.get_status_display()])
    writer.writerow(["outcome", found.get_outcome_display() if found.outcome else ""])
    for what, figure in selectors.count(found).rows:
        writer.writerow(["count", safe_cell(what), figure])
    for voter in selectors.who_voted(found):
        recorded = f"recorded by {voter.entered_by.name}" if voter.entered_by else ""
        writer.writerow(["voted", safe_cell(voter.person.name), recorded])
    for name, words, reason in selectors.open_votes_in_words(found):
        writer.writerow(["vote", safe_cell(name), safe_cell(words), safe_cell(reason)])
    return response
