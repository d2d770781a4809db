"""Rounds: starting one, its page with the link and poster, paper answers, results, the
honest appraisal, and the printed and exported forms."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from equalvoice.core import selectors as core
from equalvoice.core.exports import safe_cell
from equalvoice.core.views._helpers import form_page, page, require_perm, user_of

from .. import actions, pdf, selectors
from ..forms import PaperForm, RoundForm
from ..models import Round
from ..scoring import DONT_KNOW_LABEL, NO_ANSWER_LABEL, SCALES
from .charts import spread_bar, spread_table

FORM = "form_page.html"


@login_required
def round_edit(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    return round_form(request, org, round_pk=pk)


@login_required
def round_form(
    request: HttpRequest, org: str, pk: int | None = None, round_pk: int | None = None
) -> HttpResponse:
    """Start a round on a standard (`pk`), or change one (`round_pk`)."""
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    existing = selectors.round_for(user, organisation, round_pk) if round_pk else None
    standard = (
        existing.standard if existing else selectors.standard_for(user, organisation, pk or 0)
    )
    require_perm(request, "standards.change_standard", standard)
    if existing is not None:
        initial: dict[str, object] = {
            "name": existing.name,
            "opens_on": existing.opens_on,
            "closes_on": existing.closes_on,
            "anonymous": "yes" if existing.anonymous else "no",
            "scale": existing.scale,
            "groups": list(existing.groups.all()),
            "open_link": existing.open_link,
            "ask_perspective": existing.ask_perspective,
            "ask_comments": existing.ask_comments,
        }
    else:
        today = timezone.localdate()
        initial = {
            "opens_on": today,
            "closes_on": today + timedelta(days=28),
            "anonymous": "yes",
            "scale": standard.scale,
            "ask_perspective": True,
            "ask_comments": True,
        }
    form = RoundForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        organisation=organisation,
    )

    def save() -> HttpResponse:
        saved = actions.round_save(
            actor=user, standard=standard, round_=existing, **form.cleaned_data
        )
        messages.success(request, _("We saved the round “%(name)s”.") % {"name": saved.name})
        return redirect(saved.get_absolute_url())

    context = {
        "organisation": organisation,
        "form": form,
        "title": _("Change “%(name)s”") % {"name": existing.name}
        if existing
        else _("Start a round"),
        "intro": _(
            "A round asks people to rate each statement. "
            "Use the same statements again later to see what has changed."
        ),
        "back_url": existing.get_absolute_url() if existing else standard.get_absolute_url(),
    }
    if existing is None and selectors.newest_published(standard) is None:
        messages.error(request, _("Publish the standard before starting a round."))
        return redirect(standard.get_absolute_url())
    return form_page(request, FORM, context, save, organisation)


def _open_link(request: HttpRequest, round_: Round) -> str:
    return request.build_absolute_uri(reverse("open-round", args=[round_.link_key]))


def _qr_svg(url: str) -> str:
    import segno

    out = io.BytesIO()
    segno.make(url, error="m").save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=6,
        title=_("A code to scan with a phone camera, to answer the round"),
    )
    return out.getvalue().decode()


@login_required
def round_detail(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.round_for(user, organisation, pk)
    can_change = user.has_perm("standards.change_standard", found)
    who = actions.Respondent(person=user)
    return page(
        request,
        "standards/round.html",
        {
            "organisation": organisation,
            "round": found,
            "standard": found.standard,
            "answers": selectors.sent_count(found),
            "named": selectors.named_responses(found) if can_change else [],
            "can_change": can_change,
            "can_answer": user.has_perm("standards.answer_round", found) and found.is_open(),
            "has_answered": actions.has_answered(found, who),
            "started": actions.response_find(found, who) is not None,
            "open_link": _open_link(request, found) if found.open_link else "",
            "groups": found.groups.all(),
            "today": timezone.localdate(),
        },
    )


@login_required
def round_poster(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.round_for(user, organisation, pk)
    require_perm(request, "standards.change_standard", found)
    if not found.open_link:
        raise Http404("This round has no open link")
    link = _open_link(request, found)
    return page(
        request,
        "standards/poster.html",
        {"organisation": organisation, "round": found, "link": link, "qr": _qr_svg(link)},
    )


@login_required
def round_paper(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """A facilitator types in answers someone gave on paper, or said to them."""
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.round_for(user, organisation, pk)
    require_perm(request, "standards.enter_on_paper", found)
    statements = list(selectors.statements_in(found.version))
    form = PaperForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        people=core.people_in_organisation(organisation),
        statements=statements,
        scale=found.scale_obj,
        ask_comments=found.ask_comments,
    )

    def save() -> HttpResponse:
        answers = {
            s: actions.PaperAnswer(value, dont_know, comment)
            for s, (value, dont_know, comment) in form.answers().items()
        }
        actions.paper_response_save(
            actor=user,
            round_=found,
            answers=answers,
            perspective=form.cleaned_data["perspective"],
            person=form.cleaned_data["person"],
        )
        messages.success(request, _("We saved the paper answers, marked as typed in by you."))
        return redirect(found.get_absolute_url())

    context = {"organisation": organisation, "round": found, "form": form, "statements": statements}
    return form_page(request, "standards/paper.html", context, save, organisation)


def _results_for(request: HttpRequest, org: str, pk: int) -> selectors.RoundResults:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.round_for(user, organisation, pk)
    require_perm(request, "standards.view_results", found)
    return selectors.round_results(found)


@login_required
def round_results(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    results = _results_for(request, org, pk)
    found = results.round
    return page(
        request,
        "standards/results.html",
        {
            "organisation": found.standard.organisation,
            "round": found,
            "standard": found.standard,
            "results": results,
            "bars": {row.statement.pk: spread_bar(row.spread) for row in results.rows},
            "tables": {row.statement.pk: spread_table(row) for row in results.rows},
        },
    )


@login_required
def round_appraisal(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    results = _results_for(request, org, pk)
    found = results.round
    return page(
        request,
        "standards/appraisal.html",
        {
            "organisation": found.standard.organisation,
            "round": found,
            "standard": found.standard,
            "results": results,
            "appraisal": results.appraisal,
            "earlier_actions": selectors.plan_actions_before(found),
            "made_here": selectors.plan_actions_from(found),
            "can_change": user_of(request).has_perm("standards.change_standard", found),
        },
    )


CSV_HEADER = ["theme", "statement", "group", "people", "hidden"]


@login_required
def round_csv(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """Anonymised results: counts only, never a person or a single answer. A hidden group
    has a row that says so, with no figures. The file stays in English, whatever the
    page's language, so its columns and words are the same for everyone."""
    with translation.override("en-gb"):
        results = _results_for(request, org, pk)
    scale = results.scale
    labels = [p.label for p in scale.points] + ([DONT_KNOW_LABEL] if scale.dont_know else [])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="round-{results.round.pk}-results.csv"'
    writer = csv.writer(response)
    writer.writerow([*CSV_HEADER, *labels, NO_ANSWER_LABEL, "score out of 100"])
    if not results.shown:
        writer.writerow(
            ["", "", "Everyone", "", f"Fewer than {results.minimum} people have answered"]
        )
        return response
    for theme, _spread, rows in results.themes:
        for row in rows:
            groups = [("Everyone", row.spread, "")] + [
                (b.name, b.spread, b.hidden_reason) for b in row.breakdowns
            ]
            for name, spread, hidden in groups:
                cells = [safe_cell(theme.title), safe_cell(row.statement.plain), safe_cell(name)]
                if spread is None:
                    writer.writerow([*cells, "", hidden])
                    continue
                counts = [spread.counts[p.value] for p in scale.points]
                if scale.dont_know:
                    counts.append(spread.dont_know)
                percent = "" if spread.percent is None else f"{spread.percent:.0f}"
                writer.writerow([*cells, spread.total, "", *counts, spread.no_answer, percent])
    return response


@login_required
def round_pdf(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    results = _results_for(request, org, pk)
    response = HttpResponse(pdf.results_pdf(results), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="round-{results.round.pk}-results.pdf"'
    return response


@login_required
def toolkit_pdf(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.standard_for(user, organisation, pk)
    version = selectors.newest_published(found) or selectors.current_version(found)
    response = HttpResponse(pdf.toolkit_pdf(found, version), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="standard-{found.pk}-easy-read.pdf"'
    return response


@login_required
def questionnaire_pdf(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.round_for(user, organisation, pk)
    body = pdf.questionnaire_pdf(found.standard, found.version, SCALES[found.scale], found)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="round-{found.pk}-questionnaire.pdf"'
    return response
