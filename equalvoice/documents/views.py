"""Pages for documents written together: a group's documents, the draft with its
sections, suggestions and comments, the leads, versions and comparing them, asking others
and "You said, we did", "How this was written" (and its PDF), and training sessions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
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
from .forms import (
    AnswerForm,
    AskedAnswerForm,
    AskedCommentForm,
    AskingForm,
    CommentForm,
    DocumentForm,
    EasyReadForm,
    FeedbackForm,
    LeadForm,
    ProposeForm,
    SectionForm,
    SessionForm,
    SuggestionForm,
)
from .models import Asked, Document, Suggestion, Version


def _document(request: HttpRequest, org: str, pk: int, perm: str = "documents.view") -> Document:
    found = selectors.document_for(user_of(request), org, pk)
    require_perm(request, perm, found)
    return found


def _form_context(doc: Document, form: Any, title: str, **more: Any) -> dict[str, Any]:
    return {
        "organisation": doc.organisation,
        "form": form,
        "title": title,
        "caption": doc.title,
        "back_url": doc.get_absolute_url(),
        **more,
    }


@login_required
def group_documents(request: HttpRequest, org: str, group: str) -> HttpResponse:
    user = user_of(request)
    found = group_with_perm(request, org, group, "documents.view")
    return page(
        request,
        "documents/group.html",
        group_context(
            found,
            documents=list(selectors.documents_for_group(found)),
            can_start=user.has_perm("documents.start", found),
        ),
    )


@login_required
def document_start(request: HttpRequest, org: str, group: str) -> HttpResponse:
    user = user_of(request)
    found = group_with_perm(request, org, group, "documents.start")
    form = DocumentForm(request.POST if request.method == "POST" else None, group=found)

    def save() -> HttpResponse:
        data = form.cleaned_data
        made = actions.document_start(
            actor=user,
            group=found,
            title=data["title"],
            kind=data["kind"],
            summary=data["summary"],
            initiative=data.get("initiative"),
        )
        messages.success(
            request, _("You started the document. You lead it: add its first section.")
        )
        return redirect(reverse("section-add", args=[org, made.pk]))

    context = {
        "organisation": found.organisation,
        "form": form,
        "title": _("Start a document"),
        "intro": _(
            "You will lead it. You can ask other members to lead it with you. Everyone in "
            "the group can suggest changes and comment."
        ),
        "button": _("Start the document"),
        "back_url": reverse("group-documents", args=[org, group]),
    }
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def document(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """The draft: leads, each section with its easy read, suggestions and comments, the
    versions, asking others and "You said, we did"."""
    user = user_of(request)
    found = _document(request, org, pk)
    is_lead = user.has_perm("documents.lead", found)
    versions = selectors.versions_of(found)
    context = {
        "organisation": found.organisation,
        "document": found,
        "leads": selectors.leads_of(found),
        "sections": selectors.sections_of(found),
        "versions": versions,
        "agreed": [v for v in versions if v.status == Version.Status.AGREED],
        "waiting": next((v for v in versions if v.status == Version.Status.PROPOSED), None),
        "askings": selectors.askings_of(found),
        "you_said": selectors.you_said_we_did(found),
        "mine": selectors.suggestions_by(found, user),
        "sessions": selectors.sessions_of(found) if found.is_training else [],
        "is_lead": is_lead,
        "can_suggest": user.has_perm("documents.suggest", found),
        "can_suggest_for": user.has_perm("documents.suggest_for", found),
        "can_choose_leads": user.has_perm("documents.choose_leads", found),
        "user_id": user.pk,
        "open": Suggestion.Status.OPEN,
    }
    return page(request, "documents/document.html", context)


@login_required
def leads(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = _document(request, org, pk, "documents.choose_leads")
    current = selectors.leads_of(found)
    people = selectors.lead_candidates(found)
    form = LeadForm(request.POST if request.method == "POST" else None, people=people)

    def save() -> HttpResponse:
        person = form.cleaned_data["person"]
        actions.lead_add(actor=user, document=found, person=person)
        messages.success(request, _("%(name)s now leads it with you.") % {"name": person.name})
        return redirect(found.get_absolute_url())

    context = _form_context(
        found,
        form,
        _("Who leads it"),
        document=found,
        leads=current,
    )
    return form_page(request, "documents/leads.html", context, save, found.organisation)


@login_required
@require_POST
def lead_remove(request: HttpRequest, org: str, pk: int, user_id: int) -> HttpResponse:
    user = user_of(request)
    found = _document(request, org, pk, "documents.choose_leads")
    person = core.person_in_group(found.group, user_id)
    return button(
        request,
        lambda: actions.lead_remove(actor=user, document=found, person=person),
        lambda _r: _("%(name)s no longer leads it.") % {"name": person.name},
        reverse("document-leads", args=[org, pk]),
    )


@login_required
def section_add(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = _document(request, org, pk, "documents.lead")
    form = SectionForm(request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        made = actions.section_save(actor=user, document=found, **form.cleaned_data)
        messages.success(request, _("We added the section."))
        return redirect(found.get_absolute_url() + f"#section-{made.pk}")

    context = _form_context(found, form, _("Add a section"), button=_("Add the section"))
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def section_edit(request: HttpRequest, org: str, pk: int, section: int) -> HttpResponse:
    user = user_of(request)
    found = _document(request, org, pk, "documents.lead")
    part = selectors.section_in(found, section)
    initial = {"heading": part.heading, "text": part.text}
    form = SectionForm(request.POST if request.method == "POST" else None, initial=initial)

    def save() -> HttpResponse:
        actions.section_save(actor=user, document=found, section=part, **form.cleaned_data)
        messages.success(request, _("We saved the section."))
        return redirect(found.get_absolute_url() + f"#section-{part.pk}")

    context = _form_context(found, form, _("Change the section"), button=_("Save the section"))
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def section_easy_read(request: HttpRequest, org: str, pk: int, section: int) -> HttpResponse:
    user = user_of(request)
    found = _document(request, org, pk, "documents.lead")
    part = selectors.section_in(found, section)
    form = EasyReadForm(
        request.POST if request.method == "POST" else None, initial={"easy_read": part.easy_read}
    )

    def save() -> HttpResponse:
        actions.section_easy_read_save(
            actor=user, section=part, easy_read=form.cleaned_data["easy_read"]
        )
        messages.success(request, _("We saved the easy read."))
        return redirect(found.get_absolute_url() + f"#section-{part.pk}")

    context = _form_context(
        found,
        form,
        _("Easy read: %(heading)s") % {"heading": part.heading},
        intro=part.text,
        button=_("Save the easy read"),
    )
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
@require_POST
def section_remove(request: HttpRequest, org: str, pk: int, section: int) -> HttpResponse:
    user = user_of(request)
    found = _document(request, org, pk, "documents.lead")
    part = selectors.section_in(found, section)
    return button(
        request,
        lambda: actions.section_remove(actor=user, section=part),
        lambda _r: _(
            "We took the section out of the draft. Its suggestions and comments are kept."
        ),
        found.get_absolute_url(),
    )


def _contribution(
    request: HttpRequest, org: str, pk: int, section: int, suggest: bool
) -> HttpResponse:
    user = user_of(request)
    found = _document(request, org, pk)
    part = selectors.section_in(found, section)
    for_someone = acting_for_someone(
        request, found, "documents.suggest", "documents.suggest_for", only_for_others=True
    )
    data = request.POST if request.method == "POST" else None
    form: SuggestionForm | CommentForm
    if suggest:
        form = SuggestionForm(
            data, group=found.group, for_someone=for_someone, initial={"text": part.text}
        )
    else:
        form = CommentForm(data, group=found.group, for_someone=for_someone)

    def save() -> HttpResponse:
        cleaned = dict(form.cleaned_data)
        common = {
            "actor": user,
            "section": part,
            "for_person": cleaned.pop("for_person", None),
            "consent_confirmed": cleaned.pop("consent_confirmed", False),
        }
        if suggest:
            actions.suggestion_add(**common, text=cleaned["text"], reason=cleaned["reason"])
            messages.success(request, _("Thank you. The leads will answer your suggestion."))
        else:
            actions.comment_add(**common, text=cleaned["text"])
            messages.success(request, _("Thank you. We added your comment."))
        return redirect(found.get_absolute_url() + f"#section-{part.pk}")

    if suggest:
        title = _("Suggest a change for someone") if for_someone else _("Suggest a change")
        button_text = _("Send the suggestion")
    else:
        title = _("Comment for someone") if for_someone else _("Comment on this section")
        button_text = _("Add the comment")
    context = _form_context(
        found,
        form,
        title,
        caption=f"{found.title}: {part.heading}",
        intro=_("Write down their words. Their name goes on it, and yours too.")
        if for_someone
        else "",
        button=button_text,
    )
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def suggestion_add(request: HttpRequest, org: str, pk: int, section: int) -> HttpResponse:
    return _contribution(request, org, pk, section, suggest=True)


@login_required
def comment_add(request: HttpRequest, org: str, pk: int, section: int) -> HttpResponse:
    return _contribution(request, org, pk, section, suggest=False)


@login_required
def suggestion_answer(request: HttpRequest, org: str, pk: int, suggestion: int) -> HttpResponse:
    user = user_of(request)
    found = _document(request, org, pk, "documents.lead")
    chosen = selectors.suggestion_in(found, suggestion)
    form = AnswerForm(
        request.POST if request.method == "POST" else None, initial={"text": chosen.text}
    )

    def save() -> HttpResponse:
        actions.suggestion_answer(actor=user, suggestion=chosen, **form.cleaned_data)
        messages.success(
            request, _("We saved your answer. The person who suggested it can read it.")
        )
        return redirect(found.get_absolute_url() + f"#section-{chosen.section_id}")

    context = _form_context(
        found,
        form,
        _("Answer a suggestion"),
        document=found,
        suggestion=chosen,
        button=_("Save the answer"),
    )
    return form_page(request, "documents/answer.html", context, save, found.organisation)


@login_required
def version_propose(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = _document(request, org, pk, "documents.lead")
    form = ProposeForm(request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        made = actions.version_propose(
            actor=user, document=found, review_on=form.cleaned_data["review_on"]
        )
        messages.success(
            request,
            _(
                "We put the draft to the group. "
                "When the group agrees it, it becomes the next version."
            ),
        )
        assert made.decision is not None
        return redirect(made.decision.get_absolute_url())

    context = _form_context(
        found,
        form,
        _("Ask the group to agree the draft"),
        intro=_(
            "The group decides by consent, as with any decision, and at least a third of "
            "the people who vote must have lived experience. The words are kept as they are now."
        ),
        button=_("Put it to the group"),
    )
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def compare(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """Any two versions (or the draft) side by side, word by word."""
    found = _document(request, org, pk)
    versions = selectors.versions_of(found)
    default_left = str(versions[-1].pk) if versions else selectors.DRAFT
    left_key = request.GET.get("left", default_left)
    right_key = request.GET.get("right", selectors.DRAFT)
    left = selectors.sides(found, left_key)
    right = selectors.sides(found, right_key)
    error = ""
    if left is None or right is None:
        error = _("Choose two versions from the lists")
        left = left or selectors.sides(found, selectors.DRAFT)
        right = right or selectors.sides(found, selectors.DRAFT)
    assert left is not None and right is not None
    return page(
        request,
        "documents/compare.html",
        {
            "organisation": found.organisation,
            "document": found,
            "versions": versions,
            "left_key": left_key,
            "right_key": right_key,
            "left_label": left[0] if left[0] != selectors.DRAFT else _("The draft now"),
            "right_label": right[0] if right[0] != selectors.DRAFT else _("The draft now"),
            "rows": selectors.comparison(left[1], right[1]),
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
def version(request: HttpRequest, org: str, pk: int, version: int) -> HttpResponse:
    found = _document(request, org, pk)
    chosen = selectors.version_in(found, version)
    return page(
        request,
        "documents/version.html",
        {
            "organisation": found.organisation,
            "document": found,
            "version": chosen,
            "feedback": selectors.feedback_on(chosen),
        },
    )


def _how(request: HttpRequest, org: str, pk: int, version: int) -> tuple[Document, Any]:
    found = _document(request, org, pk)
    chosen = selectors.version_in(found, version)
    if chosen.status != Version.Status.AGREED:
        raise Http404("Not an agreed version")
    return found, selectors.how_written(chosen)


@login_required
def how(request: HttpRequest, org: str, pk: int, version: int) -> HttpResponse:
    """How this was written: who led it, who took part by perspective, what was taken up
    and the rung of the ladder."""
    found, figures = _how(request, org, pk, version)
    return page(
        request,
        "documents/how.html",
        {"organisation": found.organisation, "document": found, "how": figures},
    )


@login_required
def how_pdf(request: HttpRequest, org: str, pk: int, version: int) -> HttpResponse:
    from .pdf import how_written_pdf

    found, figures = _how(request, org, pk, version)
    response = HttpResponse(how_written_pdf(found, figures), content_type="application/pdf")
    number = figures.version.number
    response["Content-Disposition"] = f'inline; filename="document-{found.pk}-version-{number}.pdf"'
    return response


@login_required
def asking_create(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = _document(request, org, pk, "documents.lead")
    form = AskingForm(
        request.POST if request.method == "POST" else None,
        groups=selectors.other_groups(found),
        people=selectors.people_to_ask(found),
        perspectives=core.perspectives_in(found.organisation),
    )

    def save() -> HttpResponse:
        data = form.cleaned_data
        made = actions.asking_create(
            actor=user,
            document=found,
            message=data["message"],
            respond_by=data["respond_by"],
            people=data["people"],
            groups=data["groups"],
            emails=data["emails"],
        )
        messages.success(request, _("We asked them and told each of them."))
        return redirect(reverse("document-asking", args=[org, made.pk]))

    context = _form_context(
        found,
        form,
        _("Ask others for comments"),
        intro=_(
            "Ask staff, professionals or another group what they think of the draft as it "
            "is now, by a date. Each comment gets an answer from the leads."
        ),
        button=_("Ask them"),
    )
    return form_page(request, "form_page.html", context, save, found.organisation)


def _asking_page(
    request: HttpRequest,
    asked: Asked | None,
    context: dict[str, Any],
    actor: Any,
    back: str,
) -> HttpResponse:
    asking = context["asking"]
    headings = [s["heading"] for s in asking.version.sections]
    form = AskedCommentForm(request.POST if request.method == "POST" else None, headings=headings)

    def save() -> HttpResponse:
        assert asked is not None
        actions.asked_comment_add(
            asked=asked,
            actor=actor,
            text=form.cleaned_data["text"],
            section_heading=form.cleaned_data["section"],
        )
        messages.success(request, _("Thank you. The leads will answer your comment."))
        return redirect(back)

    context.update(
        form=form,
        asked=asked,
        mine=selectors.asked_comments(asked) if asked else [],
        can_comment=asked is not None and asking.is_open(),
    )
    return form_page(request, "documents/asking.html", context, save, context.get("organisation"))


@login_required
def asking(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """A request for comments: the words asked about, and a place to comment for the
    people asked; the group sees who was asked and what they said."""
    user = user_of(request)
    found = selectors.asking_for(user, org, pk)
    require_perm(request, "documents.view_asking", found)
    asked = selectors.asked_as(found, user)
    if request.method == "POST" and asked is None:
        require_perm(request, "documents.answer_asking", found)
    document = found.document
    sees_group = user.has_perm("documents.view", document)
    context: dict[str, Any] = {
        "organisation": document.organisation,
        "document": document,
        "asking": found,
        "everyone": selectors.asked_in(found) if sees_group else [],
        "sees_group": sees_group,
    }
    back = reverse("document-asking", args=[org, pk])
    return _asking_page(request, asked, context, user, back)


def asked_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The same, for someone asked by email, through the link only they have."""
    asked = actions.asked_by_token(token)
    if asked is None:
        raise Http404("No such link")
    asking = asked.asking
    context: dict[str, Any] = {
        "organisation": None,
        "document": asking.document,
        "asking": asking,
        "everyone": [],
        "sees_group": False,
        "by_link": True,
    }
    return _asking_page(request, asked, context, None, request.path)


@login_required
def asked_answer(request: HttpRequest, org: str, pk: int, comment: int) -> HttpResponse:
    user = user_of(request)
    found = _document(request, org, pk, "documents.lead")
    chosen = selectors.asked_comment_in(found, comment)
    initial = {"answer": chosen.answer, "answer_text": chosen.answer_text} if chosen.answer else {}
    form = AskedAnswerForm(request.POST if request.method == "POST" else None, initial=initial)

    def save() -> HttpResponse:
        actions.asked_comment_answer(actor=user, comment=chosen, **form.cleaned_data)
        messages.success(request, _("We saved your answer. It shows under “You said, we did”."))
        return redirect(found.get_absolute_url() + "#you-said")

    context = _form_context(
        found,
        form,
        _("Answer a comment"),
        intro=_("%(name)s said: “%(text)s”")
        % {"name": chosen.asked.display_name, "text": chosen.text},
        button=_("Save the answer"),
    )
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def session_add(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found = _document(request, org, pk, "documents.lead")
    if not found.is_training:
        raise Http404("Only training modules have sessions")
    people = core.people_in_organisation(found.organisation)
    form = SessionForm(request.POST if request.method == "POST" else None, people=people)

    def save() -> HttpResponse:
        data = form.cleaned_data
        lived = {p.pk for p in data["lived_experience"]}
        named = {p.pk for p in data["named"]}
        actions.session_save(
            actor=user,
            document=found,
            on=data["on"],
            place=data["place"],
            trainers=[(p, p.pk in lived, p.pk in named) for p in data["trainers"]],
            attended=data["attended"],
        )
        messages.success(request, _("We added the session."))
        return redirect(found.get_absolute_url() + "#sessions")

    context = _form_context(found, form, _("Add a training session"), button=_("Add the session"))
    return form_page(request, "form_page.html", context, save, found.organisation)


@login_required
def feedback_add(request: HttpRequest, org: str, pk: int, session: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.document_for_session(user, org, pk)
    chosen = selectors.session_in(found, session)
    require_perm(request, "documents.give_feedback", chosen)
    form = FeedbackForm(request.POST if request.method == "POST" else None)

    def save() -> HttpResponse:
        actions.feedback_add(actor=user, session=chosen, text=form.cleaned_data["text"])
        messages.success(request, _("Thank you for your feedback."))
        return redirect(reverse("home"))

    context = _form_context(
        found,
        form,
        _("Feedback on the session of %(day)s") % {"day": date_format(chosen.on, "j F Y")},
        button=_("Send the feedback"),
    )
    return form_page(request, "form_page.html", context, save, found.organisation)
