"""axe-core finds no WCAG 2.2 A/AA problems with each display preference on, as the
server applies it: on a member's own pages and the pages someone not signed in starts
from, each also in its error state. Every page, in each way it comes out for the roles
who can see it, in its error state and with high contrast colours, is in
test_every_page.py."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ..conftest import World
from ..pages import BY_NAME
from .conftest import Contexts
from .helpers import axe_problems, open_page, submit_first_form_empty

pytestmark = pytest.mark.browser


PREFERENCES: dict[str, dict[str, object]] = {
    "high-contrast": {"text_size": "standard", "high_contrast": True, "easy_read": False},
    "easy-read": {"text_size": "standard", "high_contrast": False, "easy_read": True},
    "larger-text": {"text_size": "larger", "high_contrast": False, "easy_read": False},
    "all-together": {"text_size": "larger", "high_contrast": True, "easy_read": True},
}
# A member sees these pages with their own content (their groups, their access needs).
MEMBER_PAGES = ["home", "group", "members", "contribute", "access-needs", "display-settings"]
ANONYMOUS_PAGES = ["home", "sign-in", "invitation"]


def expected_classes(preference: dict[str, object]) -> list[str]:
    classes = [f"ev-text-{preference['text_size']}"]
    if preference["high_contrast"]:
        classes.append("ev-high-contrast")
    if preference["easy_read"]:
        classes.append("ev-easy-read")
    return classes


@pytest.mark.parametrize("preference", PREFERENCES, ids=list(PREFERENCES))
def test_display_preferences_pass_axe(
    live_world: World, contexts: Contexts, axe_source: str, preference: str
) -> None:
    """With a display preference on: a member's own pages and the pages someone not
    signed in starts from, each also in its error state; with high contrast, also a group
    page with a warning. (test_every_page.py runs axe with high contrast on every page.)"""
    chosen = PREFERENCES[preference]
    for role in ("member", "admin"):
        person = live_world.user(role)
        assert person is not None
        for name, value in chosen.items():
            setattr(person, name, value)
        person.save(update_fields=list(chosen))
    visits = [("anonymous", BY_NAME[name]) for name in ANONYMOUS_PAGES]
    visits += [("member", BY_NAME[name]) for name in MEMBER_PAGES]
    extra = []
    if preference == "high-contrast":
        other_group = {"org": live_world.org.slug, "group": live_world.other_group.slug}
        extra = [("admin", reverse("group", kwargs=other_group))]  # no lived experience: a warning

    page = contexts.page()
    problems: list[str] = []
    current = None
    for role, spec in visits:
        if role != current:
            user = live_world.user(role)
            contexts.become(page, user, display=chosen if user is None else None)
            current = role
        url = spec.url(live_world)
        open_page(page, url)
        classes = page.evaluate("() => document.documentElement.className").split()
        missing = set(expected_classes(chosen)) - set(classes)
        assert not missing, f"{url} as {role}: display preference not applied, {missing}"
        where = f"{spec.name} ({url}) as {role}, {preference}"
        problems += axe_problems(page, axe_source, where)
        if spec.form and submit_first_form_empty(page):
            problems += axe_problems(page, axe_source, where + ", after sending the form empty")
    for role, url in extra:
        if role != current:
            contexts.become(page, live_world.user(role))
            current = role
        open_page(page, url)
        problems += axe_problems(page, axe_source, f"{url} as {role}, {preference}")
    assert not problems, "\n\n".join(problems)
