"""What people write, in English and in Welsh (issue 18).

Some of what people write can have a Welsh version beside the English one: a group's
purpose, a meeting's title and what it is about, a standard's statements, a network's
posts. Each Welsh version is a field of its own on the model, named after the English
field with `_cy` at the end (`purpose` and `purpose_cy`), so reading it costs no query.

The core knows nothing of the apps above it, so each app says which of its models have
Welsh versions by registering a `Kind` from its `AppConfig.ready()`:

    from equalvoice.core import bilingual
    bilingual.register(bilingual.Kind(key="post", model=Post, fields=(...), ...))

The core gives every registered kind the same page to add or change the Welsh
(`/welsh/<key>/<id>/`, for the people the kind's rule lets change the English), and the
template tag `{% bilingual obj "field" %}`, which shows the reader's language first and
the other one a click away. Readers see their language; where there is no Welsh yet,
a Welsh reader sees the English, marked as English (`lang="en-GB"`) so a screen reader
switches voice. Speakeasy checks the English only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import get_language

WELSH = "cy"
ENGLISH = "en-GB"


def offered() -> bool:
    """True when people may choose Welsh (EQUALVOICE_WELSH is preview or on)."""
    return settings.EQUALVOICE_WELSH != "off"


@dataclass(frozen=True)
class Field:
    name: str  # the English field; its Welsh one is f"{name}_cy"
    label: str | Promise  # what the English field is called on the form
    long: bool = True  # a paragraph (a text area) or one line
    max_length: int = 5_000

    @property
    def welsh(self) -> str:
        return f"{self.name}_cy"


@dataclass(frozen=True)
class Kind:
    """A model whose words can have Welsh versions, and who may write them."""

    key: str  # in the page's address: /welsh/<key>/<id>/
    model: type[Model]
    fields: tuple[Field, ...]
    perm: str  # the rule that lets someone change the English
    perm_object: Callable[[Model], Model]  # what the rule is checked on
    organisation_id: Callable[[Model], int]
    title: Callable[[Model], str]  # what the page calls the object
    back_url: Callable[[Model], str]  # where the page goes back to


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _kinds[kind.key] = kind


def kind(key: str) -> Kind | None:
    return _kinds.get(key)


def kind_of(obj: Model) -> Kind | None:
    for each in _kinds.values():
        if isinstance(obj, each.model):
            return each
    return None


@dataclass(frozen=True)
class Shown:
    """One piece of writing as a reader sees it: in their language when there is one."""

    text: str
    lang: str  # the language of `text`
    other: str  # the other language's version ("" when there is none to offer)
    other_lang: str

    @property
    def in_welsh(self) -> bool:
        return self.lang == WELSH


def choose(english: str, welsh: str, language: str | None = None) -> Shown:
    """The version for a reader of `language` (the current one when not given) first,
    the other one second. Welsh is never shown while Welsh is not offered."""
    language = language if language is not None else (get_language() or "")
    if not offered():
        return Shown(english, ENGLISH, "", WELSH)
    welsh = welsh.strip() and welsh
    if language == WELSH:
        if welsh:
            return Shown(welsh, WELSH, english, ENGLISH)
        return Shown(english, ENGLISH, "", WELSH)
    return Shown(english, ENGLISH, welsh or "", WELSH)


def shown(obj: Model, field: str, language: str | None = None) -> Shown:
    return choose(
        str(getattr(obj, field, "") or ""), str(getattr(obj, f"{field}_cy", "") or ""), language
    )
