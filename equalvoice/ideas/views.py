"""Ideas pages: a group's board, adding an idea (for yourself, or for a member who agreed),
one idea with its support, comments, answer and history, answering an idea, and putting
ideas together."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from equalvoice.core import selectors as core
from equalvoice.core.views._helpers import (
    acting_for_someone,
    button,
    form_page,
    group_context,
    group_with_perm,
    page,
    require_perm,
    user_of,
)

from . import actions, selectors
from .forms import CombineForm, CommentForm, IdeaForm, RespondForm
from .models import Idea

FILTERS = [
    ("", gettext_lazy("All ideas")),
    ("open", gettext_lazy("Still open")),
    *Idea.Status.choices,
]


@login_required
def group_ideas(request: HttpRequest, org: str, group: str) -> HttpResponse:
    """The board, filtered by status (and plan or project) with an ordinary GET form."""
    from equalvoice.record.selectors import initiatives_in_group

    user = user_of(request)
    found = group_with_perm(request, org, group, "ideas.view")
    status = request.GET.get("status", "")
    status = status if status in dict(FILTERS) else ""
    initiatives = list(initiatives_in_group(found))
    chosen = request.GET.get("initiative", "")
    initiative_id = int(chosen) if chosen.isdigit() else None
    if initiative_id not in {i.pk for i in initiatives}:
        initiative_id = None
    ideas = list(selectors.ideas_for_group(found, status, initiative_id))
    return page(
        request,
        "ideas/board.html",
        group_context(
            found,
            ideas=ideas,
            filters=FILTERS,
            status=status,
            initiatives=initiatives,
            initiative_id=initiative_id,
            can_add=user.has_perm("ideas.add", found),
            can_add_for=user.has_perm("ideas.add_for", found),
            can_combine=user.has_perm("ideas.combine", found),
        ),
    )


@login_required
def idea_create(request: HttpRequest, org: str, group: str) -> HttpResponse:
    """Add an idea, or (?for=someone) write one down for a member who agreed. An admin
    outside the group can only write ideas down for members."""
    user = user_of(request)
    found = core.group_for(user, org, group)
    for_someone = acting_for_someone(
        request, found, "ideas.add", "ideas.add_for", only_for_others=True
    )
    posted = request.method == "POST"
    form = IdeaForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        group=found,
        for_someone=for_someone,
    )

    def save() -> HttpResponse:
        data = form.cleaned_data
        made = actions.idea_add(
            actor=user,
            group=found,
            title=data["title"],
            text=data["text"],
            picture=data["picture"],
            initiative=data.get("initiative"),
            for_person=data.get("for_person"),
            consent_confirmed=data.get("consent_confirmed", False),
        )
        messages.success(request, _("Thank you. Your idea is on the board."))
        return redirect(made.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Add an idea for someone") if for_someone else _("Add an idea"),
        "intro": _("Write down their idea in their words. Their name goes on it, and yours too.")
        if for_someone
        else _("Everyone in the group can see your idea, support it and say what they think."),
        "button": _("Add the idea"),
        "back_url": _board_url(found.organisation.slug, found.slug),
        "multipart": True,
    }
    return form_page(request, "form_page.html", context, save, found.organisation)


def _board_url(org: str, group: str) -> str:
    from django.urls import reverse

    return reverse("group-ideas", args=[org, group])


@login_required
def idea(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """One idea: picture, authors, support, answer, comments and history. Members comment
    here too."""
    user = user_of(request)
    found = selectors.idea_for(user, org, pk)
    if request.method == "POST":
        require_perm(request, "ideas.comment", found)
    form = CommentForm(request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        actions.idea_comment_add(actor=user, idea=found, text=form.cleaned_data["text"])
        messages.success(request, _("Thank you. We added your comment."))
        return redirect(found.get_absolute_url())

    earlier = selectors.ancestors(found)
    is_open = found.status != Idea.Status.COMBINED
    context = {
        "organisation": found.organisation,
        "idea": found,
        "form": form,
        "authorships": found.authorships.all(),
        "supporters": list(selectors.supporters(found)),
        "i_support": selectors.supports(found, user),
        "made_from": selectors.made_from(found),
        "comments": list(selectors.comments_for(found, earlier)),
        "history": list(selectors.history(found, earlier)),
        "can_support": is_open and user.has_perm("ideas.support", found),
        "can_comment": is_open and user.has_perm("ideas.comment", found),
        "can_respond": is_open and user.has_perm("ideas.respond", found),
        "can_combine": found.is_open and user.has_perm("ideas.combine", found),
    }
    return form_page(request, "ideas/idea.html", context, save, found.organisation)


@login_required
def idea_picture(request: HttpRequest, org: str, pk: int) -> FileResponse:
    """An idea's picture, only for people who can see the idea."""
    found = selectors.idea_for(user_of(request), org, pk)
    if not found.picture:
        raise Http404("No picture")
    kind = mimetypes.guess_type(found.picture.name)[0] or "application/octet-stream"
    return FileResponse(found.picture.open("rb"), content_type=kind)


@login_required
@require_POST
def idea_support(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.idea_for(user, org, pk)
    require_perm(request, "ideas.support", found)
    support = request.POST.get("support") == "1"
    return button(
        request,
        lambda: actions.idea_support(actor=user, idea=found, support=support),
        lambda _done: (
            _("You support this idea.") if support else _("You no longer support this idea.")
        ),
        found.get_absolute_url(),
    )


@login_required
def idea_respond(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.idea_for(user, org, pk)
    require_perm(request, "ideas.respond", found)
    initial = {"status": found.status, "response": found.response} if found.response else {}
    form = RespondForm(request.POST if request.method == "POST" else None, initial=initial)

    def save() -> HttpResponse:
        actions.idea_respond(actor=user, idea=found, **form.cleaned_data)
        messages.success(request, _("We saved your answer. Everyone in the group can read it."))
        return redirect(found.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Answer the idea: %(title)s") % {"title": found.title},
        "intro": _("Say what happens to the idea, what happens next, and why."),
        "button": _("Save the answer"),
        "back_url": found.get_absolute_url(),
    }
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def ideas_combine(request: HttpRequest, org: str, group: str) -> HttpResponse:
    """Put two or more ideas together as a new one (?ideas=1&ideas=2 ticks them)."""
    user = user_of(request)
    found = group_with_perm(request, org, group, "ideas.combine")
    ticked = [v for v in request.GET.getlist("ideas") if v.isdigit()]
    form = CombineForm(
        request.POST if request.method == "POST" else None,
        group=found,
        initial={"ideas": ticked},
    )

    def save() -> HttpResponse:
        data = form.cleaned_data
        made = actions.ideas_combine(
            actor=user, ideas=data["ideas"], title=data["title"], text=data["text"]
        )
        messages.success(request, _("We put the ideas together. Everyone who had one is named."))
        return redirect(made.get_absolute_url())

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Put ideas together"),
        "intro": _(
            "Keep your idea and put it with the ideas of others. The new idea names "
            "everyone who had one of the ideas, and keeps their supporters. The old ideas stay "
            "on the board, with a link to the new one."
        ),
        "button": _("Put the ideas together"),
        "back_url": _board_url(found.organisation.slug, found.slug),
    }
    return form_page(request, "form_page.html", context, save, found.organisation)
