"""Answering a round, one statement a page, for people signed in and for anyone with an
open link. Answers are saved as people go, so they can stop and come back.

Someone signed in (and asked by the round) finds their unsent answers on any device:
they are kept against them. Someone not signed in, through an open link, finds them
again only by a random key kept in a cookie on their device (stored hashed, per round).
In an anonymous round, sending parts the answers from both for good."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from equalvoice.core import selectors as core
from equalvoice.core.views._helpers import form_page, page, user_of

from .. import actions, selectors
from ..forms import DONT_KNOW, AnswerForm, PerspectiveForm
from ..models import Response, Round, Statement
from ..scoring import DONT_KNOW_LABEL, NO_ANSWER_LABEL

COOKIE = "ev_answer_key"
COOKIE_DAYS = 120


@dataclass
class Flow:
    """One person's way through one round, and where its pages are."""

    round: Round
    who: actions.Respondent
    url: Callable[..., str]  # url("start"), url("statement", n), url("check")
    new_key: str = ""

    @property
    def statements(self) -> list[Statement]:
        return list(selectors.statements_in(self.round.version))

    def finish(self, response: HttpResponse) -> HttpResponse:
        if self.new_key:
            response.set_cookie(
                COOKIE,
                self.new_key,
                max_age=COOKIE_DAYS * 86400,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


def _browser_key(request: HttpRequest) -> tuple[str, str]:
    """The device's random key, and the key to set when it has none yet."""
    key = request.COOKIES.get(COOKIE, "")
    if 20 <= len(key) <= 64 and key.replace("-", "").replace("_", "").isalnum():
        return key, ""
    key = secrets.token_urlsafe(24)
    return key, key


def signed_in_flow(request: HttpRequest, org: str, pk: int) -> Flow:
    user = user_of(request)
    if not user.is_authenticated:
        raise PermissionDenied
    organisation = core.organisation_for(user, org)
    found = selectors.round_for(user, organisation, pk)
    if not user.has_perm("standards.answer_round", found):
        raise PermissionDenied("standards.answer_round")
    names = {
        "start": "round-answer",
        "statement": "round-answer-statement",
        "check": "round-answer-check",
    }

    def url(step: str, *args: object) -> str:
        return reverse(names[step], args=[org, pk, *args])

    return Flow(found, actions.Respondent(person=user), url)


def open_flow(request: HttpRequest, key: str) -> Flow:
    """Through the open link: a person signed in whom the round asks answers as
    themselves (so they answer once, from any device); anyone else by their browser."""
    found = selectors.round_by_link(key)
    user = user_of(request)
    if user.is_authenticated and user.has_perm("standards.answer_round", found):
        who, new = actions.Respondent(person=user), ""
    else:
        browser, new = _browser_key(request)
        who = actions.Respondent(person=None, browser_key=browser)
    names = {
        "start": "open-round",
        "statement": "open-round-statement",
        "check": "open-round-check",
    }

    def url(step: str, *args: object) -> str:
        return reverse(names[step], args=[key, *args])

    return Flow(found, who, url, new)


def _rows(flow: Flow, response: Response | None) -> list[tuple[int, Statement, str, str, str]]:
    """Each statement with the answer given (or "No answer"), any comment, and where to
    change it."""
    answers = {a.statement_id: a for a in response.answers.all()} if response else {}
    scale = flow.round.scale_obj
    rows = []
    for n, s in enumerate(flow.statements, start=1):
        a = answers.get(s.pk)
        if a is None or (a.value is None and not a.dont_know):
            label = _(NO_ANSWER_LABEL)
        elif a.dont_know:
            label = _(DONT_KNOW_LABEL)
        else:
            label = _(scale.label(a.value))  # type: ignore[arg-type]
        rows.append((n, s, label, a.comment if a else "", flow.url("statement", n)))
    return rows


def _context(request: HttpRequest, flow: Flow, response: Response | None) -> dict[str, object]:
    round_ = flow.round
    user = user_of(request)
    return {
        "round": round_,
        "standard": round_.standard,
        "organisation": round_.standard.organisation,
        "flow": flow,
        "response": response,
        "is_open": round_.is_open(),
        "today": timezone.localdate(),
        "signed_in": flow.who.person is not None,
        "can_see_standard": user.is_authenticated
        and user.has_perm("standards.view_standard", round_.standard),
        "groups": selectors.groups_of_round(user, round_),
    }


def _sent(request: HttpRequest, flow: Flow, response: Response | None) -> HttpResponse:
    """After sending: say once that the answers are in, and lead back. In a named round
    the person's answers are shown, to change while the round is open."""
    context = _context(request, flow, response)
    context["rows"] = _rows(flow, response) if not flow.round.anonymous and response else []
    return flow.finish(page(request, "standards/answer_sent.html", context))


def start(request: HttpRequest, flow: Flow) -> HttpResponse:
    round_ = flow.round
    response = actions.response_find(round_, flow.who)
    if actions.has_answered(round_, flow.who):
        if request.method == "POST":
            return flow.finish(redirect(flow.url("start")))
        return _sent(request, flow, response)
    form = PerspectiveForm(
        request.POST if request.method == "POST" else None,
        initial={"perspective": response.perspective if response else None},
        organisation=round_.standard.organisation,
    )

    def save() -> HttpResponse:
        actions.perspective_save(
            round_=round_, who=flow.who, perspective=form.cleaned_data["perspective"]
        )
        return redirect(flow.url("statement", 1))

    context = {
        **_context(request, flow, response),
        "form": form,
        "count": selectors.statement_count(round_.version),
    }
    return flow.finish(form_page(request, "standards/answer_start.html", context, save))


def statement(request: HttpRequest, flow: Flow, number: int) -> HttpResponse:
    round_ = flow.round
    statements = flow.statements
    if not 1 <= number <= len(statements):
        raise Http404("No such statement")
    chosen = statements[number - 1]
    response = actions.response_find(round_, flow.who)
    sent = actions.has_answered(round_, flow.who)
    if sent and (round_.anonymous or response is None):
        return flow.finish(redirect(flow.url("start")))  # sent: nothing here to change
    answer = selectors.answer_to(response, chosen)
    initial = {}
    if answer is not None:
        initial = {
            "answer": DONT_KNOW
            if answer.dont_know
            else (str(answer.value) if answer.value else ""),
            "comment": answer.comment,
        }
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        scale=round_.scale_obj,
        ask_comments=round_.ask_comments,
    )

    def save() -> HttpResponse:
        value, dont_know = form.value()
        actions.answer_save(
            round_=round_,
            who=flow.who,
            statement=chosen,
            value=value,
            dont_know=dont_know,
            comment=form.cleaned_data.get("comment", ""),
        )
        if sent:  # a change to answers already sent (named rounds): back to them all
            return redirect(flow.url("start"))
        if number < len(statements):
            return redirect(flow.url("statement", number + 1))
        return redirect(flow.url("check"))

    context = {
        "round": round_,
        "organisation": round_.standard.organisation,
        "statement": chosen,
        "number": number,
        "total": len(statements),
        "form": form,
        "flow": flow,
        "scale": round_.scale_obj,
        "sent": sent,
        "back_url": flow.url("statement", number - 1)
        if number > 1 and not sent
        else flow.url("start"),
        "is_open": round_.is_open(),
    }
    return flow.finish(form_page(request, "standards/answer_statement.html", context, save))


def check(request: HttpRequest, flow: Flow) -> HttpResponse:
    """Check your answers, then send them."""
    round_ = flow.round
    if actions.has_answered(round_, flow.who):
        return flow.finish(redirect(flow.url("start")))
    response = actions.response_find(round_, flow.who)
    context = {
        **_context(request, flow, response),
        "rows": _rows(flow, response),
        "gave_anything": response is not None and response.gave_anything,
        "errors": [],
        "start_url": flow.url("start"),
    }
    if request.method == "POST":
        try:
            actions.response_submit(round_=round_, who=flow.who)
        except actions.AlreadySent:
            return flow.finish(redirect(flow.url("start")))  # from another device, say
        except ValidationError as error:
            context["errors"] = error.messages
            return flow.finish(page(request, "standards/answer_check.html", context, status=400))
        return flow.finish(redirect(flow.url("start")))
    return flow.finish(page(request, "standards/answer_check.html", context))


# The URLs: signed in, and open link


@login_required
def round_answer(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    return start(request, signed_in_flow(request, org, pk))


@login_required
def round_answer_statement(request: HttpRequest, org: str, pk: int, number: int) -> HttpResponse:
    return statement(request, signed_in_flow(request, org, pk), number)


@login_required
def round_answer_check(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    return check(request, signed_in_flow(request, org, pk))


def open_round(request: HttpRequest, key: str) -> HttpResponse:
    return start(request, open_flow(request, key))


def open_round_statement(request: HttpRequest, key: str, number: int) -> HttpResponse:
    return statement(request, open_flow(request, key), number)


def open_round_check(request: HttpRequest, key: str) -> HttpResponse:
    return check(request, open_flow(request, key))
