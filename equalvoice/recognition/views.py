"""Thanks and payment pages: my time and how I would like thanks; the policy (admins);
payments (the finance people)."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from equalvoice.core import selectors as core
from equalvoice.core.exports import safe_cell
from equalvoice.core.models import Organisation
from equalvoice.core.views._helpers import (
    form_page,
    group_with_perm,
    page,
    require_perm,
    user_of,
)

from . import actions, selectors
from .forms import (
    AddTimeForm,
    ChoiceForm,
    ClaimForm,
    ConfirmForm,
    DecideForm,
    FinancePeopleForm,
    LevelForm,
    PeriodForm,
    PolicyForm,
    RateForm,
)
from .models import Expense, Level, Policy, Way
from .pay import pounds
from .selectors import time_in_words


def _home(org: str) -> str:
    return reverse("recognition", args=[org])


def _organisation(request: HttpRequest, org: str, perm: str) -> Organisation:
    organisation = core.organisation_for(user_of(request), org)
    require_perm(request, perm, organisation)
    return organisation


def _ways(policy: Policy | None) -> list[tuple[str, str]]:
    return policy.ways_offered() if policy else [(Way.DECLINE.value, str(Way.DECLINE.label))]


@login_required
def home(request: HttpRequest, org: str) -> HttpResponse:
    """My time and how I would like thanks."""
    user = user_of(request)
    organisation = _organisation(request, org, "recognition.take_part")
    today = timezone.localdate()
    mine = selectors.my_time(user, organisation, today)
    choice = selectors.choice_of(user, organisation)
    return page(
        request,
        "recognition/home.html",
        {
            "organisation": organisation,
            "policy": selectors.policy_of(organisation),
            "levels": selectors.levels_of(organisation),
            "mine": mine,
            "hours_this_year": time_in_words(mine.minutes_this_year),
            "approved": pounds(mine.approved_pence),
            "waiting": pounds(mine.waiting_pence),
            "entries": [
                (e, pounds(selectors.pence_of(e)), time_in_words(e.minutes)) for e in mine.entries
            ],
            "claims": [(c, pounds(c.pence)) for c in mine.claims],
            "to_confirm": [(s, time_in_words(s.minutes)) for s in mine.to_confirm],
            "choice": Way(choice.way).label if choice else None,
            "tax_years": _tax_years(today),
            "can_manage": user.has_perm("recognition.manage_policy", organisation),
            "looks_after_payments": user.has_perm("recognition.finance", organisation),
        },
    )


def _tax_years(today: datetime.date) -> list[tuple[int, str]]:
    """This tax year and the two before it, as (year it starts, "2026 to 2027")."""
    first = selectors.year_start(today).year
    return [
        (y, _("%(start)s to %(end)s") % {"start": y, "end": y + 1})
        for y in range(first, first - 3, -1)
    ]


@login_required
def choice(request: HttpRequest, org: str) -> HttpResponse:
    user = user_of(request)
    organisation = _organisation(request, org, "recognition.take_part")
    existing = selectors.choice_of(user, organisation)
    form = ChoiceForm(
        request.POST if request.method == "POST" else None,
        ways=_ways(selectors.policy_of(organisation)),
        initial={"way": existing.way, "reference": existing.reference} if existing else None,
    )

    def save() -> HttpResponse:
        actions.choice_set(
            actor=user,
            organisation=organisation,
            way=form.cleaned_data["way"],
            reference=form.cleaned_data["reference"],
        )
        messages.success(request, _("Thank you. We have saved how you would like us to thank you."))
        return redirect(_home(org))

    context = {
        "form": form,
        "title": _("How you would like us to thank you"),
        "caption": organisation.name,
        "intro": _(
            "You can change this at any time. If a payment could change your benefits, "
            "you can choose a voucher or no payment. A benefits adviser can help you decide."
        ),
        "button": _("Save"),
        "back_url": _home(org),
    }
    return form_page(request, "form_page.html", context, save, organisation)


@login_required
def confirm(request: HttpRequest, org: str, key: str) -> HttpResponse:
    """Confirm time the platform saw: a meeting the person came to."""
    user = user_of(request)
    organisation = _organisation(request, org, "recognition.take_part")
    seen = selectors.seen_to_confirm(user, organisation, key)
    if seen is None:
        messages.error(request, _("We could not find that. It may have been confirmed already."))
        return redirect(_home(org))
    levels = selectors.levels_of(organisation)
    suggested = selectors.default_level(levels, seen.kind)
    form = ConfirmForm(
        request.POST if request.method == "POST" else None,
        levels=levels,
        initial={"minutes": seen.minutes, "level": str(suggested.pk) if suggested else None},
    )

    def save() -> HttpResponse:
        actions.time_confirm(
            actor=user,
            organisation=organisation,
            key=key,
            minutes=form.cleaned_data["minutes"],
            level_id=int(form.cleaned_data["level"]),
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Thank you. Your time is waiting for approval."))
        return redirect(_home(org))

    context = {
        "form": form,
        "title": _("Confirm your time"),
        "caption": f"{seen.what}, {date_format(seen.day, 'j F Y')}",
        "intro": _("Check the time is right, and choose what you did."),
        "button": _("Confirm my time"),
        "back_url": _home(org),
    }
    return form_page(request, "form_page.html", context, save, organisation)


@login_required
def add(request: HttpRequest, org: str) -> HttpResponse:
    """Add time the platform could not see: getting ready, travel, a phone call."""
    user = user_of(request)
    organisation = _organisation(request, org, "recognition.take_part")
    levels = selectors.levels_of(organisation)
    form = AddTimeForm(request.POST if request.method == "POST" else None, levels=levels)

    def save() -> HttpResponse:
        data = form.cleaned_data
        actions.time_add(
            actor=user,
            organisation=organisation,
            day=data["day"],
            minutes=data["minutes"],
            level_id=int(data["level"]),
            what=data["what"],
            note=data["note"],
        )
        messages.success(request, _("Thank you. Your time is waiting for approval."))
        return redirect(_home(org))

    context = {
        "form": form,
        "title": _("Add time you gave"),
        "caption": organisation.name,
        "intro": _("Add time we could not see, like reading papers or getting ready."),
        "button": _("Add my time"),
        "back_url": _home(org),
    }
    return form_page(request, "form_page.html", context, save, organisation)


@login_required
def policy(request: HttpRequest, org: str) -> HttpResponse:
    """The organisation's policy: ways to thank people, expenses, levels and rates."""
    user = user_of(request)
    organisation = _organisation(request, org, "recognition.manage_policy")
    current = selectors.policy_of(organisation)
    form = PolicyForm(
        request.POST if request.method == "POST" else None,
        initial={"ways": current.ways, "expenses": current.expenses, "about": current.about}
        if current
        else {"ways": [Way.BANK, Way.VOUCHER]},
    )
    today = timezone.localdate()
    start = selectors.year_start(today)
    levels = selectors.levels_of(organisation)

    def save() -> HttpResponse:
        data = form.cleaned_data
        actions.policy_save(
            actor=user,
            organisation=organisation,
            ways=data["ways"],
            expenses=data["expenses"],
            about=data["about"],
        )
        messages.success(request, _("Saved."))
        return redirect(reverse("recognition-policy", args=[org]))

    lived = selectors.lived_experience_hours(organisation, start, today)
    context = {
        "organisation": organisation,
        "form": form,
        "levels": [
            (lv, [(r, pounds(r.pence)) for r in lv.rates.all()], selectors.current_pence(lv, today))
            for lv in levels
        ],
        "pounds": pounds,
        "finance_people": selectors.finance_people(organisation),
        "year_start": start,
        "by_perspective": selectors.hours_by_perspective(organisation, start, today),
        "lived_hours": lived,
        "smallest": core.minimum_group_size(),
    }
    return form_page(request, "recognition/policy.html", context, save, organisation)


@login_required
def level_add(request: HttpRequest, org: str) -> HttpResponse:
    user = user_of(request)
    organisation = _organisation(request, org, "recognition.manage_policy")
    form = LevelForm(
        request.POST if request.method == "POST" else None,
        initial={"per": Level.Per.HOUR, "starts_on": timezone.localdate()},
    )

    def save() -> HttpResponse:
        data = form.cleaned_data
        actions.level_add(
            actor=user,
            organisation=organisation,
            name=data["name"],
            per=data["per"],
            kinds=data["kinds"],
            pence=data["amount"],
            starts_on=data["starts_on"],
        )
        messages.success(request, _("Added %(name)s.") % {"name": data["name"]})
        return redirect(reverse("recognition-policy", args=[org]))

    context = {
        "form": form,
        "title": _("Add a level of involvement"),
        "caption": organisation.name,
        "button": _("Add the level"),
        "back_url": reverse("recognition-policy", args=[org]),
    }
    return form_page(request, "form_page.html", context, save, organisation)


@login_required
def rate(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    organisation = _organisation(request, org, "recognition.manage_policy")
    level = selectors.level_in(organisation, pk)
    form = RateForm(request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        actions.rate_set(
            actor=user,
            level=level,
            pence=form.cleaned_data["amount"],
            starts_on=form.cleaned_data["starts_on"],
        )
        messages.success(request, _("Saved the new amount for %(name)s.") % {"name": level.name})
        return redirect(reverse("recognition-policy", args=[org]))

    context = {
        "form": form,
        "title": _("Change what %(name)s pays") % {"name": level.name},
        "caption": organisation.name,
        "button": _("Save the new amount"),
        "back_url": reverse("recognition-policy", args=[org]),
    }
    return form_page(request, "form_page.html", context, save, organisation)


@login_required
def finance_people(request: HttpRequest, org: str) -> HttpResponse:
    user = user_of(request)
    organisation = _organisation(request, org, "recognition.manage_policy")
    people = selectors.people_in(organisation)
    named = {p.pk for p in selectors.finance_people(organisation)}
    form = FinancePeopleForm(
        request.POST if request.method == "POST" else None,
        people=people,
        initial={"people": [str(pk) for pk in named]},
    )

    def save() -> HttpResponse:
        chosen = {int(pk) for pk in form.cleaned_data["people"]}
        for person in people:
            if (person.pk in chosen) != (person.pk in named):
                actions.finance_person_set(
                    actor=user,
                    organisation=organisation,
                    person=person,
                    looks_after=person.pk in chosen,
                )
        messages.success(request, _("Saved who looks after payments."))
        return redirect(reverse("recognition-policy", args=[org]))

    context = {
        "form": form,
        "title": _("Who looks after payments"),
        "caption": organisation.name,
        "intro": _(
            "Only these people see how others would like thanks, their payment "
            "references and what they are owed. Admins do not, unless you choose them here."
        ),
        "button": _("Save"),
        "back_url": reverse("recognition-policy", args=[org]),
    }
    return form_page(request, "form_page.html", context, save, organisation)


def _period(request: HttpRequest) -> tuple[PeriodForm, datetime.date, datetime.date]:
    today = timezone.localdate()
    start = selectors.year_start(today)
    if "start-day" not in request.GET:
        return PeriodForm(initial={"start": start, "end": today}), start, today
    form = PeriodForm(request.GET)
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, start, today


@login_required
def finance(request: HttpRequest, org: str) -> HttpResponse:
    """For the finance people: time waiting for approval, and payments in a period."""
    organisation = _organisation(request, org, "recognition.finance")
    form, start, end = _period(request)
    waiting = selectors.waiting_for_finance(organisation)
    rows = selectors.payments(organisation, start, end)
    return page(
        request,
        "recognition/finance.html",
        {
            "organisation": organisation,
            "form": form,
            "start": start,
            "end": end,
            "waiting": [
                (e, time_in_words(e.minutes), pounds(selectors.pence_of(e))) for e in waiting
            ],
            "claims": [(c, pounds(c.pence)) for c in selectors.claims_waiting(organisation)],
            "rows": [
                (
                    r,
                    time_in_words(r.minutes),
                    pounds(r.pence),
                    pounds(r.expenses_pence),
                    pounds(r.total_pence),
                )
                for r in rows
            ],
            "total": pounds(sum(r.total_pence for r in rows)),
            "query": request.GET.urlencode(),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _decide_page(
    request: HttpRequest,
    organisation: Organisation,
    decide: Callable[[bool, str], object],
    title: str,
    caption: str,
    intro: str,
) -> HttpResponse:
    """The page where a finance person approves something or sends it back (time given
    or an expense claim): the same form, the same messages, back to the payments page."""
    form = DecideForm(request.POST if request.method == "POST" else None)
    back = reverse("recognition-finance", args=[organisation.slug])

    def save() -> HttpResponse:
        approve = form.cleaned_data["decision"] == "approve"
        decide(approve, form.cleaned_data["reason"])
        messages.success(request, _("Approved.") if approve else _("Sent back with your reason."))
        return redirect(back)

    context = {
        "form": form,
        "title": title,
        "caption": caption,
        "intro": intro,
        "button": _("Save my decision"),
        "back_url": back,
    }
    return form_page(request, "form_page.html", context, save, organisation)


@login_required
def decide(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    organisation = _organisation(request, org, "recognition.finance")
    entry = selectors.entry_for_finance(organisation, pk)
    require_perm(request, "recognition.decide_time", entry)
    return _decide_page(
        request,
        organisation,
        lambda approve, reason: actions.time_decide(
            actor=user, entry=entry, approve=approve, reason=reason
        ),
        _("Approve time or send it back"),
        f"{entry.person}: {entry.what}, {date_format(entry.day, 'j F Y')}, "
        f"{time_in_words(entry.minutes)}, {pounds(selectors.pence_of(entry))}",
        entry.note,
    )


@login_required
def export(request: HttpRequest, org: str) -> HttpResponse:
    """Approved payments in a period, one row per person, for the finance system."""
    organisation = _organisation(request, org, "recognition.finance")
    form, start, end = _period(request)
    if form.is_bound and not form.is_valid():
        messages.error(
            request,
            _("Choose a real period:")
            + " "
            + " ".join(str(e) for errors in form.errors.values() for e in errors),
        )
        return redirect(reverse("recognition-finance", args=[org]))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{organisation.slug}-payments-{start}-to-{end}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        [
            "Name",
            "Email",
            "How they would like us to thank them",
            "Reference",
            "Minutes",
            "For time (pence)",
            "Expenses (pence)",
            "Total (pence)",
            "Total",
            "Items",
        ]
    )
    # The export is for the finance system: in English, like its column names.
    with override("en"):
        rows = selectors.payments(organisation, start, end)
    for row in rows:
        writer.writerow(
            [
                safe_cell(row.name),
                safe_cell(row.email),
                row.way,
                safe_cell(row.reference),
                row.minutes,
                row.pence,
                row.expenses_pence,
                row.total_pence,
                pounds(row.total_pence),
                row.items,
            ]
        )
    return response


@login_required
def claim_add(request: HttpRequest, org: str) -> HttpResponse:
    """Claim back money spent to take part, with a receipt if there is one."""
    user = user_of(request)
    organisation = _organisation(request, org, "recognition.take_part")
    policy = selectors.policy_of(organisation)
    kinds = [(e.value, str(e.label)) for e in Expense if policy and e in policy.expenses]
    if not kinds:
        messages.error(
            request,
            _("%(name)s does not pay expenses through Equal Voice.") % {"name": organisation.name},
        )
        return redirect(_home(org))
    form = ClaimForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        kinds=kinds,
    )

    def save() -> HttpResponse:
        data = form.cleaned_data
        actions.claim_add(
            actor=user,
            organisation=organisation,
            kind=data["kind"],
            day=data["day"],
            pence=data["amount"],
            what=data["what"],
            receipt=data["receipt"],
        )
        messages.success(request, _("Thank you. Your claim is waiting for approval."))
        return redirect(_home(org))

    context = {
        "form": form,
        "title": _("Claim back money you spent"),
        "caption": organisation.name,
        "intro": _("You can claim back what it cost you to take part."),
        "button": _("Send my claim"),
        "back_url": _home(org),
        "multipart": True,
    }
    return form_page(request, "form_page.html", context, save, organisation)


@login_required
def claim_decide(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    organisation = _organisation(request, org, "recognition.finance")
    claim = selectors.claim_in(organisation, pk)
    require_perm(request, "recognition.decide_claim", claim)
    return _decide_page(
        request,
        organisation,
        lambda approve, reason: actions.claim_decide(
            actor=user, claim=claim, approve=approve, reason=reason
        ),
        _("Approve a claim or send it back"),
        f"{claim.person}: {claim.get_kind_display()}, {claim.what}, "
        f"{date_format(claim.day, 'j F Y')}, {pounds(claim.pence)}",
        _("There is a receipt: open it from the payments page.")
        if claim.receipt
        else _("There is no receipt with this claim."),
    )


@login_required
def receipt(request: HttpRequest, org: str, pk: int) -> FileResponse:
    """A claim's receipt, for the person who claimed and the finance people only."""
    organisation = core.organisation_for(user_of(request), org)
    claim = selectors.claim_in(organisation, pk)
    require_perm(request, "recognition.view_claim", claim)
    if not claim.receipt:
        raise Http404("No receipt")
    name = claim.receipt.name or "receipt"
    response = FileResponse(
        claim.receipt.open("rb"), as_attachment=True, filename=name.rsplit("/", 1)[-1]
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def group_ways(request: HttpRequest, org: str, group: str) -> HttpResponse:
    """For a group's facilitators: how each member would like us to thank them, in a few words."""
    found = group_with_perm(request, org, group, "recognition.see_ways_in_group")
    return page(
        request,
        "recognition/group_ways.html",
        {
            "organisation": found.organisation,
            "group": found,
            "people": selectors.ways_in_group(found),
        },
    )


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def statement(request: HttpRequest, org: str) -> HttpResponse:
    """The person's own statement of a tax year (``?year=2026`` for 6 April 2026 to 5 April
    2027; the current one by default), as a PDF."""
    from .pdf import statement_pdf

    user = user_of(request)
    organisation = _organisation(request, org, "recognition.take_part")
    today = timezone.localdate()
    wanted = request.GET.get("year", "")
    year = selectors.year_start(today).year
    if wanted.isdecimal() and 2000 <= int(wanted) <= today.year:
        year = int(wanted)
    start, end = selectors.tax_year(year)
    data = statement_pdf(selectors.statement_for(user, organisation, start, end), today)
    return _pdf(data, f"statement-{year}-{year + 1}.pdf")


@login_required
def thanks_letter(request: HttpRequest, org: str) -> HttpResponse:
    """A letter of thanks listing what the person helped to change, as a PDF."""
    from .pdf import thanks_pdf

    user = user_of(request)
    organisation = _organisation(request, org, "recognition.take_part")
    return _pdf(thanks_pdf(user, organisation, timezone.localdate()), "thank-you.pdf")
