"""Our own interface obeys speakeasy: none of the words we ask others to avoid appear in
the text people read (templates, form labels, messages and error text)."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import World
from .pages import PAGES

AVOID = re.compile(
    r"\b(service users?|stakeholders?|engagement|empower(ment|s|ed|ing)?|facilitat(e|es|ed|ing|ion)"
    r"|leverag(e|es|ed|ing)|going forward|robust|deliver(s|ed|ing|y)?)\b",
    re.IGNORECASE,
)
ROOT = Path(__file__).resolve().parent.parent / "equalvoice"


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return re.sub(r"<[^>]+>", " ", html)


def test_templates_avoid_jargon() -> None:
    found = []
    for path in ROOT.rglob("*"):
        if path.suffix in {".html", ".txt"}:
            for n, line in enumerate(path.read_text().splitlines(), 1):
                if AVOID.search(re.sub(r"\{[%{#].*?[%}#]\}", " ", line)):
                    found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, "\n".join(found)


def test_every_page_as_people_see_it_avoids_jargon(world: World) -> None:
    for role in ("anonymous", "member", "facilitator", "admin"):
        client = world.client(role)
        for page in PAGES:
            if page.post_only:
                continue
            response = client.get(page.url(world))
            if response.status_code == 200 and "html" in response["Content-Type"]:
                text = _visible_text(response.content.decode())
                match = AVOID.search(text)
                assert match is None, f"{page.name} as {role}: “{match and match.group(0)}”"
            # empty posts show every error message a form can give at once
            if page.form and response.status_code == 200:
                posted = client.post(page.url(world), {})
                if posted.status_code in (200, 400):
                    match = AVOID.search(_visible_text(posted.content.decode()))
                    assert match is None, f"{page.name} errors: “{match and match.group(0)}”"
