"""Speakeasy pages: check my writing, feedback as you type, the word list and glossary,
challenges, and easy-read views (on screen and as a PDF)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from equalvoice.core import selectors as core
from equalvoice.core.forms import LongTextField
from equalvoice.core.models import Organisation
from equalvoice.core.views._helpers import form_page, page, require_perm, user_of

from . import actions, selectors
from .forms import (
    AcceptForm,
    ChallengeForm,
    CheckForm,
    ExplainForm,
    PictureForm,
    SentencePictureForm,
    WordForm,
)
from .models import Word
from .widget import APPLY, apply_suggestion, parse_apply


def _org_from_post(request: HttpRequest) -> Organisation | None:
    slug = request.POST.get("_org", "")
    return core.organisation_or_none(user_of(request), slug) if slug else None


@login_required
def check_writing(request: HttpRequest) -> HttpResponse:
    orgs = list(core.organisations_for(user_of(request)))
    form = CheckForm(request.POST, request.FILES) if request.method == "POST" else CheckForm()

    def save() -> HttpResponse:
        text, level = form.cleaned_data["text"], form.cleaned_data["level"]
        report = selectors.check_text(text, level=level, organisations=orgs)
        chosen = parse_apply(request.POST.get(APPLY, ""))
        if chosen is not None and chosen[0] == "text":
            # "Use ..." on a warning: the writing with that suggestion in, checked again.
            text = apply_suggestion(text, report, chosen[1], chosen[2])
            report = selectors.check_text(text, level=level, organisations=orgs)
        # The text box holds the writing that was checked (a file's too), so that the
        # "Use ..." buttons and the next check work on it.
        shown = CheckForm({"text": text, "level": level})
        shown.is_valid()
        context = {"form": shown, "report": report, "text": text, "checked": True}
        return page(request, "speakeasy/check.html", context)

    return form_page(request, "speakeasy/check.html", {"form": form}, save)


@login_required
@require_POST
def feedback(request: HttpRequest) -> HttpResponse:
    """The widget's feedback as you type (an htmx partial)."""
    name = request.POST.get("_field", "")
    level = "easy_read" if request.POST.get("_level") == "easy_read" else "plain"
    text = request.POST.get(name, "")[:200_000]
    report = selectors.check_text(text, level=level, organisations=_org_from_post(request))
    return render(
        request,
        "speakeasy/_feedback.html",
        {
            "report": report,
            "field_name": name,
            "auto_id": request.POST.get("_id", ""),
            "org_slug": request.POST.get("_org", ""),
            "level": level,
            "hint": request.POST.get("_hint", ""),
        },
    )


class _OneField(forms.Form):
    pass


@login_required
@require_POST
def apply(request: HttpRequest) -> HttpResponse:
    """Use one suggestion (htmx): the text box comes back with the new text and fresh
    feedback. Without JavaScript the form's own page does the same."""
    chosen = parse_apply(request.POST.get(APPLY, ""))
    if chosen is None:
        return HttpResponse(_("Choose a suggestion to use."), status=400)
    name, finding, suggestion = chosen
    level = "easy_read" if request.POST.get("_level") == "easy_read" else "plain"
    organisation = _org_from_post(request)
    text = request.POST.get(name, "")[:200_000]
    report = selectors.check_text(text, level=level, organisations=organisation)
    text = apply_suggestion(text, report, finding, suggestion)
    form = _OneField({name: text})
    form.fields[name] = LongTextField(level=level, required=False)
    form.fields[name].help_text = "hint" if request.POST.get("_hint") else ""
    form.text_check_organisation = organisation  # type: ignore[attr-defined]
    form.speakeasy_reports = {  # type: ignore[attr-defined]
        name: selectors.check_text(text, level=level, organisations=organisation)
    }
    return render(request, "speakeasy/_textarea.html", {"field": form[name]})


@login_required
def words(request: HttpRequest, org: str) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    can_change = user.has_perm("speakeasy.change_words", organisation)
    form = WordForm(
        request.POST if request.method == "POST" else None, initial={"mode": Word.Mode.EXPLAIN}
    )
    if request.method == "POST":
        require_perm(request, "speakeasy.change_words", organisation)

    def save() -> HttpResponse:
        actions.word_save(actor=user, organisation=organisation, **form.cleaned_data)
        messages.success(request, f"“{form.cleaned_data['term']}” is saved.")
        return redirect("words", org=org)

    context = {
        "organisation": organisation,
        "words": selectors.glossary(organisation),
        "challenges": selectors.challenges_for(organisation, user),
        "can_change": can_change,
        "form": form if can_change else None,
    }
    if not can_change:
        return page(request, "speakeasy/words.html", context)
    return form_page(request, "speakeasy/words.html", context, save, organisation)


@login_required
def challenge(request: HttpRequest, org: str) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "speakeasy.raise_challenge", organisation)
    initial = {"term": request.GET.get("term", "")[:100], "context": request.GET.get("from", "")}
    form = ChallengeForm(request.POST if request.method == "POST" else None, initial=initial)
    context = {"organisation": organisation, "form": form}

    def save() -> HttpResponse:
        actions.challenge_raise(actor=user, organisation=organisation, **form.cleaned_data)
        messages.success(
            request, _("Thank you. A facilitator will look at this word and answer you.")
        )
        return redirect("words", org=org)

    return form_page(request, "speakeasy/challenge.html", context, save, organisation)


@login_required
def challenge_answer(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    found = selectors.challenge_in(organisation, pk)
    require_perm(request, "speakeasy.decide_challenge", found)
    how = request.POST.get("how")
    accept = AcceptForm(
        request.POST if how == "accept" else None, initial={"plainer": found.proposal}
    )
    explain = ExplainForm(request.POST if how == "explain" else None)
    form = accept if how == "accept" else explain
    context = {
        "organisation": organisation,
        "challenge": found,
        "accept": accept,
        "explain": explain,
        "form": form,
    }

    def save() -> HttpResponse:
        if how == "accept":
            actions.challenge_accept(actor=user, challenge=found, **form.cleaned_data)
        else:
            actions.challenge_explain(actor=user, challenge=found, **form.cleaned_data)
        messages.success(
            request, _("Your answer about “%(term)s” is saved.") % {"term": found.term}
        )
        return redirect("words", org=org)

    return form_page(request, "speakeasy/challenge_answer.html", context, save, organisation)


@login_required
def word_picture(request: HttpRequest, org: str, pk: int) -> HttpResponse | FileResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    word = selectors.word_in(organisation, pk)
    if request.method != "POST" and "show" in request.GET:
        if not word.picture:
            raise Http404("No picture")
        return FileResponse(word.picture.open("rb"))
    require_perm(request, "speakeasy.change_words", word)
    form = PictureForm(request.POST, request.FILES) if request.method == "POST" else PictureForm()

    def save() -> HttpResponse:
        actions.word_picture_set(actor=user, word=word, picture=form.cleaned_data["picture"])
        messages.success(request, _("The picture for “%(term)s” is saved.") % {"term": word.term})
        return redirect("words", org=org)

    context = {"organisation": organisation, "word": word, "form": form}
    return form_page(request, "speakeasy/picture.html", context, save, organisation)


@login_required
def word_delete(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    user = user_of(request)
    organisation = core.organisation_for(user, org)
    word = selectors.word_in(organisation, pk)
    require_perm(request, "speakeasy.change_words", word)
    if request.method == "POST":
        actions.word_delete(actor=user, word=word)
        messages.success(request, _("“%(term)s” is off the word list.") % {"term": word.term})
        return redirect("words", org=org)
    return page(request, "speakeasy/word_delete.html", {"organisation": organisation, "word": word})


def _easy_read_item(request: HttpRequest, org: str, group: str, item: str, pk: int | None):  # type: ignore[no-untyped-def]
    found = core.group_for(user_of(request), org, group)
    if item == "group":
        sections = [
            (_("What the group is for"), found.purpose),
            (_("How the group works"), found.terms_of_reference),
        ]
        title = found.name
    else:
        contribution = core.contribution_in(found, pk or 0)
        name = contribution.author.name
        sections = [(_("%(name)s said") % {"name": name}, contribution.text)]
        title = _("What %(name)s said") % {"name": name}
    pictures = selectors.picture_urls(found.organisation)
    return found, title, [(h, t) for h, t in sections if t], pictures


@login_required
def easy_read(
    request: HttpRequest, org: str, group: str, item: str = "group", pk: int | None = None
) -> HttpResponse:
    found, title, sections, pictures = _easy_read_item(request, org, group, item, pk)
    pdf_url = request.path.rstrip("/") + ".pdf"
    return page(
        request,
        "speakeasy/easy_read.html",
        {
            "organisation": found.organisation,
            "group": found,
            "title": title,
            "sections": sections,
            "pictures": pictures,
            "pdf_url": pdf_url,
        },
    )


@login_required
def easy_read_pdf(
    request: HttpRequest, org: str, group: str, item: str = "group", pk: int | None = None
) -> HttpResponse:
    from .pdf import easy_read_pdf as make_pdf

    found, title, sections, _ = _easy_read_item(request, org, group, item, pk)
    data = make_pdf(found, title, sections)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="easy-read.pdf"'
    return response


def _safe_next(request: HttpRequest, fallback: str) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    wanted = request.GET.get("next", "")
    ok = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if ok and wanted.startswith("/") else fallback


@login_required
def sentence_picture(request: HttpRequest, org: str) -> HttpResponse:
    """Change the picture of one easy-read sentence (facilitators and admins), wherever
    the sentence appears in the organisation."""
    from .engine.pictures import choose, pictures

    user = user_of(request)
    organisation = core.organisation_for(user, org)
    require_perm(request, "speakeasy.change_words", organisation)
    sentence = " ".join(request.GET.get("sentence", "").split())
    back = _safe_next(request, reverse("words", args=[org]))
    if not sentence or len(sentence) > 2_000:
        messages.error(request, _("We could not find that sentence. Go back and try again."))
        return redirect(back)
    suggested = choose(sentence)
    current = selectors.picture_choices(organisation, [sentence])
    key = next(iter(current), None)
    initial = "auto" if key is None else (current[key] or "none")
    auto_label = (
        _("Let Equal Voice choose: %(picture)s") % {"picture": suggested.alt.lower()}
        if suggested
        else _("Let Equal Voice choose: no picture fits the words")
    )
    choices = [("auto", auto_label), ("none", _("No picture"))] + [
        (p.code, p.alt) for p in pictures()
    ]
    form = SentencePictureForm(
        request.POST if request.method == "POST" else None,
        choices=choices,
        initial={"picture": initial},
    )

    def save() -> HttpResponse:
        chosen = form.cleaned_data["picture"]
        code = None if chosen == "auto" else ("" if chosen == "none" else chosen)
        actions.sentence_picture_set(
            actor=user, organisation=organisation, sentence=sentence, code=code
        )
        messages.success(request, _("The picture is saved. It shows wherever this sentence is."))
        return redirect(back)

    context = {
        "organisation": organisation,
        "form": form,
        "sentence": sentence,
        "choices": [(value, label, value not in ("auto", "none")) for value, label in choices],
        "back_url": back,
    }
    return form_page(request, "speakeasy/sentence_picture.html", context, save, organisation)
