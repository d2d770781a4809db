"""Bad input to every form: empty, oversized (1 MB fields), wrongly typed and malicious
values. Each gives a plain-language error summary, keeps what was typed, and never a 500.
CSRF is checked on every form."""

from __future__ import annotations

import html

import pytest
from django.conf import settings
from django.test import Client

from .conftest import ROLES, World
from .forms_walker import Form, forms_in
from .pages import PAGES, Page

MB = "x" * (1024 * 1024)
SCRIPT = "<script>alert('owned')</script>"
SQL = "'; DROP TABLE core_user; --"

FORM_PAGES = [p for p in PAGES if p.form]
SIGN_OUT = "/sign-out/"


def _cases(page: Page) -> list[str]:
    """The roles that can open this form: every one of them is walked."""
    return [role for role, status in zip(ROLES, page.expect, strict=True) if status == 200]


def _payloads(form: Form) -> dict[str, dict[str, object]]:
    base: dict[str, object] = dict(form.hidden)
    empty = dict(base)
    # 1 MB in each text box, or less where the boxes together would pass the cap on a
    # whole request (which gets its own page: test_a_request_too_big_gets_a_plain_page).
    # Still far above every field's own limit.
    share = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE * 0.9) // max(1, len(form.typed))
    oversized = {**base, **{f.name: MB[:share] for f in form.typed}}
    wrong: dict[str, object] = {**base, **{f.name: "12345" for f in form.typed}}
    wrong.update({f.name: ["not-a-choice", "999999"] for f in form.chosen})
    for f in form.typed:
        if f.kind == "email":
            wrong[f.name] = "not an email"
    malicious = {**base, **{f.name: f"{SCRIPT} {SQL}" for f in form.typed}}
    malicious.update({f.name: SQL for f in form.chosen})
    return {"empty": empty, "oversized": oversized, "wrong": wrong, "malicious": malicious}


def _check_response(client: Client, response, form: Form, data: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code != 500
    assert response.status_code in (200, 302, 400), response.status_code
    body = response.content.decode()
    assert SCRIPT not in body, "unescaped script in the page"
    if response.status_code == 400 or "There is a problem" in body:
        assert "There is a problem" in body
        for f in form.typed:
            typed = data.get(f.name)
            if f.kind != "password" and isinstance(typed, str) and typed:
                assert html.escape(typed) in body, f"lost what was typed in {f.name}"
    if response.status_code == 302:
        followed = client.get(response["Location"])
        assert followed.status_code != 500
        assert SCRIPT not in followed.content.decode()


@pytest.mark.parametrize("page", FORM_PAGES, ids=[p.name for p in FORM_PAGES])
def test_every_form_survives_bad_input(world: World, page: Page) -> None:
    walked = 0
    for role in _cases(page):
        for kind in ("empty", "oversized", "wrong", "malicious"):
            # A fresh world state matters little: each post is independent of the last,
            # but invitations are one-time, so make sure the token still works.
            client = world.client(role)
            url = page.url(world)
            forms = [f for f in forms_in(client.get(url).content.decode()) if f.action != SIGN_OUT]
            for form in forms:
                assert "csrfmiddlewaretoken" in form.hidden, f"form without CSRF on {url}"
                data = _payloads(form)[kind]
                target = form.action or url
                response = client.post(target, data)
                _check_response(client, response, form, data)
                if kind == "oversized" and form.typed:
                    # Every text field has a limit far below what was sent.
                    assert response.status_code in (200, 400), f"1 MB accepted by {target}"
                    assert "There is a problem" in response.content.decode()
                walked += 1
    assert walked


def test_csrf_is_enforced(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        f"/o/{world.org.slug}/groups/{world.group.slug}/contribute/", {"text": "hi"}
    )
    assert response.status_code == 403
    assert "could not accept this form" in response.content.decode()


def test_a_request_too_big_gets_a_plain_page(world: World) -> None:
    client = world.client("member")
    response = client.post(
        f"/o/{world.org.slug}/groups/{world.group.slug}/contribute/",
        {"text": "x" * (6 * 1024 * 1024)},
    )
    assert response.status_code == 400
    assert "It may be too big" in response.content.decode()


def test_error_summary_links_to_the_field(world: World) -> None:
    response = world.client("admin").post(f"/o/{world.org.slug}/groups/new/", {"name": ""})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_name"' in body
    assert "Enter name of the group" in body
    assert "<title>Error:" in body
