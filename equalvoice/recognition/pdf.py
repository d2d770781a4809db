"""Recognition on paper (WeasyPrint, through `core.pdf`): a person's yearly statement of
what they were paid, to keep or show to a benefits adviser, and a letter of thanks that
lists what they helped to change."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string

from equalvoice.core.models import Organisation, User
from equalvoice.core.pdf import render_pdf

from . import selectors, sources
from .pay import pounds


def statement_pdf(statement: selectors.Statement, made_on: datetime.date) -> bytes:
    html = render_to_string(
        "recognition/statement_pdf.html",
        {
            "s": statement,
            "made_on": made_on,
            "lines": [
                (e, selectors.time_in_words(e.minutes), pounds(p)) for e, p in statement.lines
            ],
            "claims": [(c, pounds(c.pence)) for c in statement.claims],
            "time_total": pounds(statement.time_pence),
            "expenses_total": pounds(statement.expenses_pence),
            "all_total": pounds(statement.time_pence + statement.expenses_pence),
            "hours": selectors.time_in_words(statement.minutes),
        },
    )
    return render_pdf(html)


def thanks_pdf(person: User, organisation: Organisation, made_on: datetime.date) -> bytes:
    """A letter of thanks: the time given over the last year and what it helped change."""
    start = made_on - datetime.timedelta(days=365)
    minutes = selectors.approved_minutes(person, organisation, start, made_on)
    html = render_to_string(
        "recognition/thanks_pdf.html",
        {
            "person": person,
            "organisation": organisation,
            "made_on": made_on,
            "start": start,
            "hours": selectors.time_in_words(minutes) if minutes else "",
            "changes": sources.changes(person, organisation),
        },
    )
    return render_pdf(html)
