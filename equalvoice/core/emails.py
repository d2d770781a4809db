"""Writing emails: the one way every app renders an email's words, and the language
each person reads them in.

Plain text is not HTML. A meeting called "Tom's group & friends" must arrive as typed,
not as "Tom&#x27;s group &amp; friends", so the plain-text part of every email (and its
subject, when a template makes it) is rendered here with autoescaping off: `text()`.
Our emails have no HTML part today; one added later is rendered as every page is
(`render_to_string`), escaped.

`tests/test_emails.py` fails when a `.txt` template is rendered any other way.

Every email goes in its reader's language: `in_language_of(person)` around everything
that makes it (subject, body, dates, calendar file). A person who chose a language with
the switch (`User.language`) gets it, in the worker as on a page; someone who never chose,
or has no account, gets the language of the moment (the page's when the email goes while
a page is answered, the default in the worker); and while Welsh is off, everyone gets
English."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template import Context, engines
from django.utils import translation

from . import bilingual

if TYPE_CHECKING:
    from .models import User


def text(template_name: str, context: Mapping[str, Any]) -> str:
    """A plain-text template rendered with autoescaping off: what people typed stays as
    they typed it. Included templates are rendered the same way."""
    engine = engines["django"].engine  # type: ignore[attr-defined]
    return str(engine.get_template(template_name).render(Context(dict(context), autoescape=False)))


def subject(words: str) -> str:
    """A subject on one line: a line break in a title would make the mail header
    unsendable."""
    return " ".join(words.splitlines())


def language_for(person: User | None, fallback: str = "") -> str:
    """The language to write to a person in: the one they chose, else `fallback` (the
    language someone with no account asked in), else the language of the moment. Only a
    language offered now: while Welsh is off, English."""
    if not bilingual.offered():
        return settings.LANGUAGE_CODE
    offered = {code for code, _name in settings.LANGUAGES}
    for code in (person.language if person else "", fallback, translation.get_language()):
        if code in offered:
            return code
    return settings.LANGUAGE_CODE


def in_language_of(person: User | None, fallback: str = "") -> translation.override:
    """Everything made inside is in the person's language (`language_for`)."""
    return translation.override(language_for(person, fallback))
