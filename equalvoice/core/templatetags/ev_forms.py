from __future__ import annotations

import datetime

from django import template

register = template.Library()


@register.filter
def input_value(value: object) -> str:
    """A form value as an <input> wants it: dates as YYYY-MM-DD (the template engine
    would otherwise print them for people, which a date input cannot read)."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


@register.filter
def date_boxes(value: object) -> list[tuple[str, str, int, str]]:
    """The three boxes of a GOV.UK date input (`core.forms.DateParts.boxes`)."""
    from equalvoice.core.forms import DateParts

    return DateParts.boxes(value)
