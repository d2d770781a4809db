"""Views read through selectors only (docs/architecture.md, "Where each kind of code
goes"), and the people in a group are read in one place.

A view finds what it shows with a selector, which starts from `organisation_for`,
`group_for` or an object already permitted, so another organisation's data is a 404. A
view may follow a relation of an object a selector gave it with `.all()` (as a template
does); it may not start a query of its own (`Model.objects`), fetch by id
(`get_object_or_404`) or shape a query (`.filter()`, `.select_related()`, `.count()`…).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.http import Http404

from equalvoice.core import selectors as core

ROOT = Path(__file__).resolve().parent.parent / "equalvoice"

# Methods that start, shape or run a query. `values` is left out (dicts have it too), and
# `count` only counts with no arguments (`str.count` and `list.count` take one).
QUERY_METHODS = {
    "filter",
    "exclude",
    "get_or_create",
    "select_related",
    "prefetch_related",
    "annotate",
    "aggregate",
    "order_by",
    "values_list",
    "distinct",
    "only",
    "defer",
    "in_bulk",
    "raw",
    "extra",
    "first",
    "last",
    "latest",
    "earliest",
    "exists",
    "count",
}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}

# Nothing needs to stay: a read that must live in a view goes here, with the reason.
ALLOWED: dict[str, str] = {}


def view_modules() -> list[Path]:
    found = {*ROOT.glob("**/views.py"), *ROOT.glob("**/views/*.py")}
    return sorted(found)


def reads_in(source: str) -> list[tuple[int, str]]:
    """Where a module reads the database itself: (line, what)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append((node.lineno, ".objects"))
        elif isinstance(node, ast.Name) and node.id in SHORTCUTS:
            found.append((node.lineno, node.id))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            if name in QUERY_METHODS and not (name == "count" and (node.args or node.keywords)):
                found.append((node.lineno, f".{name}()"))
    return sorted(found)


def test_the_check_finds_a_view_that_queries() -> None:
    source = (
        "def v(request, found):\n"
        "    a = Paper.objects.all()\n"
        "    b = get_object_or_404(Paper, pk=1)\n"
        "    c = found.papers.filter(late=True).select_related('meeting')\n"
        "    d = found.statements.count()\n"
        "    e = 'a,b'.count(',') + len(found.agenda.all()) + len({}.values())\n"
    )
    assert reads_in(source) == [
        (2, ".objects"),
        (3, "get_object_or_404"),
        (4, ".filter()"),
        (4, ".select_related()"),
        (5, ".count()"),
    ]


def test_the_check_looks_at_every_app() -> None:
    apps = {p.relative_to(ROOT).parts[0] for p in view_modules()}
    assert {"core", "decisions", "ideas", "meetings", "opinions", "record"} <= apps
    assert {"speakeasy", "standards"} <= apps


def test_views_read_through_selectors_only() -> None:
    problems = []
    for path in view_modules():
        name = str(path.relative_to(ROOT))
        if name in ALLOWED:
            continue
        problems += [f"{name}:{line}: {what}" for line, what in reads_in(path.read_text())]
    assert problems == [], "Move these reads into the app's selectors.py:\n" + "\n".join(problems)


def test_the_people_in_a_group_are_read_in_one_place() -> None:
    """`core.selectors.people_in_group` (and `people_in_organisation`) say who is in a
    group or an organisation; nothing else writes the query again."""
    written = []
    for path in sorted(ROOT.glob("**/*.py")):
        if "migrations" in path.parts or path == ROOT / "core" / "selectors.py":
            continue
        text = path.read_text()
        for phrase in ("User.objects.filter(memberships__", "org_memberships__organisation"):
            if phrase in text:
                written.append(f"{path.relative_to(ROOT)}: {phrase}")
    assert written == []


@pytest.mark.django_db
def test_people_in_group_are_its_members_by_name(world) -> None:  # type: ignore[no-untyped-def]
    people = list(core.people_in_group(world.group))
    assert people == sorted(
        [world.facilitator, world.member, world.no_email_member], key=lambda p: p.name
    )
    assert list(core.people_in_group(world.group.pk)) == people
    assert list(core.people_in_group(world.other_group)) == []


@pytest.mark.django_db
def test_person_in_group_is_a_member_or_not_found(world) -> None:  # type: ignore[no-untyped-def]
    assert core.person_in_group(world.group, str(world.member.pk)) == world.member
    for wanted in [str(world.other_admin.pk), str(world.admin.pk), "", None, "abc", "²", "-1"]:
        with pytest.raises(Http404):
            core.person_in_group(world.group, wanted)


@pytest.mark.django_db
def test_people_in_organisation_are_everyone_with_a_place_there(world) -> None:  # type: ignore[no-untyped-def]
    people = list(core.people_in_organisation(world.org))
    assert world.admin in people and world.member in people
    assert world.other_admin not in people
    assert [p.name for p in people] == sorted(p.name for p in people)
