"""The core's extension point for checking long text as it is typed (core.text_checks):
the core asks whatever checkers are registered and knows nothing of speakeasy, which
registers one from its AppConfig."""

from __future__ import annotations

import pytest
from django.forms import BaseForm
from django.http import HttpRequest
from django.test import RequestFactory
from django.urls import reverse

from equalvoice.core import text_checks
from equalvoice.core.forms import LongTextField, PlainForm
from equalvoice.core.models import Contribution, Organisation
from equalvoice.speakeasy import widget

from .conftest import World


class NoteForm(PlainForm):
    title = LongTextField(label="Title", required=False)
    text = LongTextField(label="Note", level="easy_read")


def test_speakeasy_registers_its_checker_with_the_core() -> None:
    assert widget.preview in text_checks.checkers()


def test_preview_asks_every_checker_once_and_notes_the_organisation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(text_checks, "_checkers", [])
    asked: list[str] = []

    def quiet(request: HttpRequest, form: BaseForm, organisation: Organisation | None) -> bool:
        asked.append("quiet")
        return False

    def shows(request: HttpRequest, form: BaseForm, organisation: Organisation | None) -> bool:
        asked.append("shows")
        return True

    request = RequestFactory().post("/", {"text": "Hello", "title": "A note"})
    form = NoteForm(request.POST)
    council = Organisation(name="Council", slug="council")
    assert text_checks.preview(request, form, council) is False  # no checker: just a form
    assert form.text_check_organisation is council  # type: ignore[attr-defined]

    text_checks.register(quiet)
    text_checks.register(quiet)
    assert text_checks.checkers() == (quiet,)
    assert text_checks.preview(request, form, None) is False
    text_checks.register(shows)
    assert text_checks.preview(request, form, council) is True
    assert asked == ["quiet", "quiet", "shows"]
    assert text_checks.long_text_fields(form) == ["title", "text"]
    assert form.fields["text"].level == "easy_read"  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_with_no_checker_the_check_button_is_only_a_save(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without speakeasy's checker, a core form page saves as any form does."""
    monkeypatch.setattr(text_checks, "_checkers", [])
    url = reverse("contribute", args=[world.org.slug, world.group.slug])
    text = "Going forward we want better outcomes."
    response = world.client("member").post(url, {"text": text, "_speakeasy_check": "1"})
    assert response.status_code == 302
    assert Contribution.objects.filter(text=text, author=world.member).exists()
