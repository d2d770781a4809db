"""What deleting an account puts in place of a person's name (ADR 0003). The deleting is
`actions.account_erase`; apps that keep words about a person use `without_name` in their
`erase_person` hook."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from .models import User

FORMER_MEMBER = "Former member"


def without_name(person: User) -> Callable[[str], str]:
    """A function that puts "Former member" in place of the person's name (and username)
    wherever it stands as a whole name in a text, and "an email address" in place of
    their email address. "Mo" in "Mo Member" is left alone when the name is "Mo Member";
    "Mo" alone is replaced when the name is "Mo"."""
    names = sorted({n for n in (person.name, person.username) if n}, key=len, reverse=True)
    patterns = [re.compile(rf"(?<!\w){re.escape(n)}(?!\w)") for n in names]
    email = re.compile(re.escape(person.email), re.I) if person.email else None

    def scrub(text: str) -> str:
        if email is not None:
            text = email.sub("an email address", text)
        for pattern in patterns:
            text = pattern.sub(FORMER_MEMBER, text)
        return text

    return scrub


def rename_in(rows: QuerySet[Any], field: str, person: User) -> None:
    """Put "Former member" in place of the person's name in one text field of the rows
    (only rows whose text changes are saved)."""
    scrub = without_name(person)
    names = [n for n in (person.name, person.username) if n]
    if not names:
        return
    from django.db.models import Q

    mentions = Q()
    for name in names:
        mentions |= Q(**{f"{field}__contains": name})
    for row in rows.filter(mentions).distinct():
        text = scrub(getattr(row, field))
        if text != getattr(row, field):
            setattr(row, field, text)
            row.save(update_fields=[field])
