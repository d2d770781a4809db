"""Template tags for what people write in English and in Welsh (core/bilingual.py).

{% load bilingual %}
{% in_reader_language group "purpose" as purpose %}
<p class="govuk-body" lang="{{ purpose.lang }}">{{ purpose.text|linebreaksbr }}</p>
{% include "core/_other_language.html" with shown=purpose %}
{% welsh_edit_url group as welsh_url %}  {# "" unless the person may write the Welsh #}
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model
from django.urls import reverse

from equalvoice.core import bilingual

register = template.Library()


@register.simple_tag
def in_reader_language(obj: Model, field: str) -> bilingual.Shown:
    return bilingual.shown(obj, field)


@register.simple_tag(takes_context=True)
def welsh_edit_url(context: dict[str, Any], obj: Model) -> str:
    """The page to add or change the Welsh of `obj`, for someone who may; else ""."""
    kind = bilingual.kind_of(obj)
    request = context.get("request")
    if kind is None or request is None or not bilingual.offered():
        return ""
    if not request.user.has_perm(kind.perm, kind.perm_object(obj)):
        return ""
    return reverse("welsh-edit", args=[kind.key, obj.pk])


@register.simple_tag
def pick_language(english: str, welsh: str) -> bilingual.Shown:
    """The same as `in_reader_language`, for two texts at hand (not one field)."""
    return bilingual.choose(str(english or ""), str(welsh or ""))
