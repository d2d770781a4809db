"""The page to add or change the Welsh version of what someone wrote (core/bilingual.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .. import actions, bilingual, selectors
from ..forms import PlainForm
from ._helpers import form_page, require_perm, user_of


class WelshForm(PlainForm):
    def __init__(self, *args: Any, kind: bilingual.Kind, obj: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in kind.fields:
            self.fields[field.name] = forms.CharField(
                label=_("%(what)s in Welsh") % {"what": field.label},
                required=False,
                max_length=field.max_length,
                widget=forms.Textarea(attrs={"rows": 5}) if field.long else forms.TextInput,
                initial=getattr(obj, field.welsh) or "",
                help_text=_("Leave it empty to show only the English."),
            )
        self.use_plain_messages()


@login_required
def welsh_edit(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    kind = bilingual.kind(key)
    if kind is None or not bilingual.offered():
        raise Http404
    obj = selectors.welsh_object_for(user_of(request), key, pk)
    require_perm(request, kind.perm, kind.perm_object(obj))
    form = WelshForm(request.POST or None, kind=kind, obj=obj)
    english = [
        (str(field.label), str(getattr(obj, field.name) or ""), form[field.name])
        for field in kind.fields
    ]

    def save() -> HttpResponse:
        changed = actions.welsh_save(actor=user_of(request), obj=obj, texts=form.cleaned_data)
        if changed:
            messages.success(request, _("The Welsh version is saved."))
        return redirect(kind.back_url(obj))

    context = {"form": form, "kind": kind, "title": kind.title(obj), "english": english}
    context["back_url"] = kind.back_url(obj)
    return form_page(request, "core/welsh.html", context, save)
