"""Conversation pages: a group's conversations, starting or bringing one in, voting one
statement at a time (for yourself, or for someone with their agreement), your own votes
to see and change, adding and checking statements, the results in words and in easy
read, and the Polis export."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from equalvoice.core import selectors as core
from equalvoice.core.models import User
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
from equalvoice.speakeasy.pdf import easy_read_pdf
from equalvoice.speakeasy.selectors import picture_urls

from . import actions, polis, selectors
from .forms import ConversationForm, ImportForm, PerspectiveForm, SomeoneForm, StatementForm
from .models import Conversation, Statement, Vote

CHOICES = {"agree": Vote.Value.AGREE, "disagree": Vote.Value.DISAGREE, "pass": Vote.Value.PASS}


@login_required
def group_conversations(request: HttpRequest, org: str, group: str) -> HttpResponse:
    return group_list(
        request,
        org,
        group,
        "opinions/list.html",
        view="opinions.view",
        run="opinions.run",
        conversations=selectors.conversations_for_group,
    )


@login_required
def conversation_create(request: HttpRequest, org: str, group: str) -> HttpResponse:
    user = user_of(request)
    found = group_with_perm(request, org, group, "opinions.run")
    form = ConversationForm(request.POST if request.method == "POST" else None, group=found)

    def save() -> HttpResponse:
        data = form.cleaned_data
        made = actions.conversation_create(
            actor=user,
            group=found,
            title=data["title"],
            question=data["question"],
            seeds=form.seed_lines(),
            people_can_add=data["people_can_add"],
            check_first=data["check_first"],
            initiative=data.get("initiative"),
        )
        messages.success(request, _("The conversation is open. Invite people to vote."))
        return redirect(made.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Start a conversation"),
        "intro": _(
            "People vote agree, disagree or pass on short statements, and add their own. "
            "We then show the groups of people who think alike, and what everyone agrees on."
        ),
        "button": _("Start the conversation"),
        "back_url": reverse("group-conversations", args=[org, group]),
    }
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def conversation_import(request: HttpRequest, org: str, group: str) -> HttpResponse:
    user = user_of(request)
    found = group_with_perm(request, org, group, "opinions.run")
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )

    def save() -> HttpResponse:
        data = form.cleaned_data
        try:
            export = polis.read_uploads(data["comments"], data["votes"])
        except polis.ExportError as error:
            raise ValidationError({"votes": polis.message(error)}) from error
        made = actions.conversation_import(
            actor=user, group=found, title=data["title"], question=data["question"], export=export
        )
        messages.success(request, _("The conversation is in. Its results are on the way."))
        return redirect(made.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Bring in a Polis conversation"),
        "intro": _(
            "Choose the files from a Polis export. Nobody's name comes in: "
            "people are known only by number."
        ),
        "button": _("Bring it in"),
        "multipart": True,
        "back_url": reverse("group-conversations", args=[org, group]),
    }
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def conversation(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.conversation_for(user, org, pk, with_results=False)
    participant = selectors.own_participant(found, user)
    _next, progress = selectors.next_statement(found, participant)
    can_run = user.has_perm("opinions.run", found)
    return page(
        request,
        "opinions/conversation.html",
        {
            "organisation": found.organisation,
            "conversation": found,
            "progress": progress,
            "participant": participant,
            "can_vote": user.has_perm("opinions.vote", found) and found.is_open,
            "can_add": found.is_open
            and user.has_perm("opinions.vote", found)
            and (found.people_can_add or can_run),
            "can_run": can_run,
            "waiting": selectors.waiting_statements(found) if can_run else [],
            "shown": progress.total,
            "held": selectors.perspectives_held(found, user),
        },
    )


def _supported(request: HttpRequest, found: Conversation) -> User | None:
    """The member a supporter is recording votes for (`?person=`), or None."""
    wanted = request.GET.get("person") or request.POST.get("person")
    if not wanted:
        return None
    require_perm(request, "opinions.vote_for", found)
    return core.person_in_group(found.group, wanted)


@login_required
def vote(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """One statement at a time, with large buttons. With htmx the next statement replaces
    the card in place; without JavaScript each vote loads the next page."""
    user = user_of(request)
    found = selectors.conversation_for(user, org, pk, with_results=False)
    person = _supported(request, found)
    if person is None:
        require_perm(request, "opinions.vote", found)
    voter = person or user
    error = note = ""
    htmx = bool(getattr(request, "htmx", False))
    if request.method == "POST":
        voted_on = selectors.statement_for(found, request.POST.get("statement"))
        choice = request.POST.get("choice", "")
        try:
            if choice == "unclear" and person is None:
                actions.not_understood(actor=user, statement=voted_on)
                note = _(
                    "Thank you. We have asked for that statement to be said more simply. "
                    "It counts as a pass for now."
                )
                if not htmx:
                    messages.success(request, note)
            elif choice in CHOICES:
                actions.vote_cast(
                    actor=user,
                    statement=voted_on,
                    value=CHOICES[choice],
                    for_person=person,
                    consent=person is not None,
                )
            else:
                error = _("Choose agree, disagree or pass")
        except ValidationError as problem:
            error = " ".join(problem.messages)
        if not error and not htmx:
            target = reverse("conversation-vote", args=[org, pk])
            return redirect(f"{target}?person={person.pk}" if person else target)
    participant = selectors.own_participant(found, voter)
    statement, progress = selectors.next_statement(found, participant)
    context = {
        "organisation": found.organisation,
        "conversation": found,
        "statement": statement,
        "progress": progress,
        "person": person,
        "error": error,
        "note": note,
        "partial": "card" if htmx else None,
    }
    # htmx swaps in only a 2xx answer (our htmx config), so the card with the problem
    # comes back as 200 to htmx; without JavaScript the page says 400.
    return page(request, "opinions/vote.html", context, status=400 if error and not htmx else 200)


@login_required
def your_votes(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """A person's own votes, each of which they can change while the conversation is
    open. A change reloads the page at the statement changed."""
    user = user_of(request)
    found = selectors.conversation_for(user, org, pk, with_results=False)
    require_perm(request, "opinions.vote", found)
    error = ""
    if request.method == "POST":
        chosen = selectors.statement_for(found, request.POST.get("statement"))
        choice = request.POST.get("choice", "")
        try:
            if choice not in CHOICES:
                raise ValidationError(_("Choose agree, disagree or pass"))
            actions.vote_change(actor=user, statement=chosen, value=CHOICES[choice])
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            # Back to the same place in the list, which says there that it changed (a
            # banner at the top would take the person away from where they were).
            target = reverse("conversation-your-votes", args=[org, pk])
            return redirect(f"{target}?changed={chosen.pk}#vote-{chosen.pk}")
    changed = request.GET.get("changed", "")
    context = {
        "organisation": found.organisation,
        "conversation": found,
        "own": selectors.own_votes(found, user),
        "changed": int(changed) if changed.isdigit() else None,
        "error": error,
    }
    return page(request, "opinions/your_votes.html", context, status=400 if error else 200)


@login_required
def vote_for(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """A supporter says who they are recording votes for, and that the person agreed."""
    user = user_of(request)
    found = selectors.conversation_for(user, org, pk)
    require_perm(request, "opinions.vote_for", found)
    form = SomeoneForm(request.POST if request.method == "POST" else None, group=found.group)

    def save() -> HttpResponse:
        chosen = form.cleaned_data["for_person"]
        return redirect(reverse("conversation-vote", args=[org, pk]) + f"?person={chosen.pk}")

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Record votes for someone"),
        "intro": _(
            "Read each statement to the person and record what they say. "
            "Their votes count as theirs, and the record shows you helped."
        ),
        "button": _("Continue"),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def statement_add(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.conversation_for(user, org, pk)
    for_someone = acting_for_someone(request, found, "opinions.vote", "opinions.vote_for")
    form = StatementForm(
        request.POST if request.method == "POST" else None,
        group=found.group,
        for_someone=for_someone,
    )

    def save() -> HttpResponse:
        data = form.cleaned_data
        made = actions.statement_add(
            actor=user,
            conversation=found,
            text=data["text"],
            for_person=data.get("for_person"),
            consent=data.get("consent", False),
        )
        if made.status == Statement.Status.WAITING:
            messages.success(
                request, _("Thank you. A facilitator will check it, then people vote.")
            )
        else:
            messages.success(request, _("Your statement is in. People can vote on it now."))
        return redirect(found.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Add a statement for someone") if for_someone else _("Add your statement"),
        "intro": _(
            "Say one thing, in one short sentence, that others can agree or disagree "
            "with. Keep to one idea."
        ),
        "button": _("Add the statement"),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
@require_POST
def statement_check(request: HttpRequest, org: str, pk: int, statement: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.conversation_for(user, org, pk)
    require_perm(request, "opinions.run", found)
    chosen = selectors.statement_for(found, statement)
    show = request.POST.get("show") == "1"
    actions.statement_check(actor=user, statement=chosen, show=show)
    messages.success(
        request, _("The statement is shown to everyone.") if show else _("It is taken out.")
    )
    return redirect(found.get_absolute_url())


@login_required
@require_POST
def conversation_status(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.conversation_for(user, org, pk)
    require_perm(request, "opinions.run", found)
    status = request.POST.get("status", "")
    return button(
        request,
        lambda: actions.conversation_set_status(actor=user, conversation=found, status=status),
        lambda _result: (
            _("The conversation is open") if found.is_open else _("The conversation is closed")
        ),
        found.get_absolute_url(),
    )


@login_required
def perspective(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.conversation_for(user, org, pk)
    require_perm(request, "opinions.vote", found)
    held = selectors.perspectives_held(found, user)
    own = selectors.own_participant(found, user)
    form = PerspectiveForm(
        request.POST if request.method == "POST" else None,
        held=held,
        initial={"perspective": own.perspective if own else ""},
    )

    def save() -> HttpResponse:
        actions.perspective_set(
            actor=user, conversation=found, perspective=form.cleaned_data["perspective"]
        )
        messages.success(request, _("Thank you. That is saved."))
        return redirect(found.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Your perspective in this conversation"),
        "intro": _(
            "You told us you hold more than one point of view. Choose the one you are "
            "answering as here."
        ),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, "form_page.html", context, save, found.organisation)


def _results_context(request: HttpRequest, org: str, pk: int) -> dict[str, object]:
    user = user_of(request)
    found = selectors.conversation_for(user, org, pk)
    results = selectors.results_for(found, user)
    return {
        "organisation": found.organisation,
        "conversation": found,
        "results": results,
        "chart": selectors.chart_of(results),
    }


@login_required
def results(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    return page(request, "opinions/results.html", _results_context(request, org, pk))


@login_required
def results_easy_read(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    context = _results_context(request, org, pk)
    found = context["conversation"]
    assert isinstance(found, Conversation)
    context["sections"] = selectors.easy_read_sections(found, context["results"])  # type: ignore[arg-type]
    context["pictures"] = picture_urls(found.organisation)
    return page(request, "opinions/results_easy_read.html", context)


@login_required
def results_easy_read_pdf(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    context = _results_context(request, org, pk)
    found = context["conversation"]
    assert isinstance(found, Conversation)
    sections = selectors.easy_read_sections(found, context["results"])  # type: ignore[arg-type]
    title = _("What people think about %(title)s") % {"title": found.title}
    pdf = easy_read_pdf(found.group, title, sections)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="conversation-{found.pk}-easy-read.pdf"'
    return response


@login_required
def export(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """The conversation as a Polis export (a .zip of its CSV files). People are numbers."""
    user = user_of(request)
    found = selectors.conversation_for(user, org, pk)
    require_perm(request, "opinions.run", found)
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder:
        polis.write_folder(found, Path(folder))
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(folder).iterdir()):
                archive.write(path, path.name)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="conversation-{found.pk}.zip"'
    return response
