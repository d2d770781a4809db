"""Writing emails: the one way every app renders an email's words.

Plain text is not HTML. A meeting called "Tom's group & friends" must arrive as typed,
not as "Tom&#x27;s group &amp; friends", so the plain-text part of every email (and its
subject, when a template makes it) is rendered here with autoescaping off: `text()`.
Our emails have no HTML part today; one added later is rendered as every page is
(`render_to_string`), escaped.

`tests/test_emails.py` fails when a `.txt` template is rendered any other way."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.template import Context, engines


def text(template_name: str, context: Mapping[str, Any]) -> str:
    """A plain-text template rendered with autoescaping off: what people typed stays as
    they typed it. Included templates are rendered the same way."""
    engine = engines["django"].engine  # type: ignore[attr-defined]
    return str(engine.get_template(template_name).render(Context(dict(context), autoescape=False)))


def subject(words: str) -> str:
    """A subject on one line: a line break in a title would make the mail header
    unsendable."""
    return " ".join(words.splitlines())
