"""Publishing a record as open data and taking it down: who may (role x published state),
what the audit log keeps, that taking down is at once (410), that nothing of another
organisation can be reached, and that bad input is never a 500."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from equalvoice.core.models import AuditEvent
from equalvoice.opendata import actions
from equalvoice.opendata.models import Publication
from equalvoice.record import actions as record_actions
from equalvoice.record.models import Initiative

from .. import i18n_tools
from ..conftest import ROLES, World
from ..page_text import Page

pytestmark = pytest.mark.django_db

NEVER, PUBLISHED, TAKEN_DOWN = "never published", "published", "taken down"
STATES = [NEVER, PUBLISHED, TAKEN_DOWN]


def _in_state(world: World, state: str) -> Initiative:
    """The world's initiative is published; a new one is never published; taking the
    world's one down gives the third state."""
    if state == NEVER:
        return record_actions.initiative_save(
            actor=world.admin,
            organisation=world.org,
            title="Transport review",
            kind="project",
            group=world.group,
        )
    if state == TAKEN_DOWN:
        actions.take_down(actor=world.admin, initiative=world.initiative)
    return world.initiative


def _is_published(initiative: Initiative) -> bool:
    found = Publication.objects.filter(initiative=initiative).first()
    return found is not None and found.is_published


def _url(name: str, initiative: Initiative) -> str:
    return reverse(name, kwargs={"org": initiative.organisation.slug, "pk": initiative.pk})


def _expected(role: str, state: str, allowed_in: tuple[str, ...]) -> int:
    """What a POST gives: sign in first; 404 from another organisation; 403 for anyone
    but an organisation admin (facilitators keep the record, but do not publish it);
    the admin is sent on when the change makes sense in this state, else told why (400)."""
    if role == "anonymous":
        return 302
    if role == "other_admin":
        return 404
    if role != "admin":
        return 403
    return 302 if state in allowed_in else 400


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_publish(world: World, role: str, state: str) -> None:
    initiative = _in_state(world, state)
    before = AuditEvent.objects.filter(verb__startswith="opendata.").count()
    response = world.client(role).post(_url("opendata-publish", initiative), {"checked": "on"})
    expected = _expected(role, state, allowed_in=(NEVER, TAKEN_DOWN))
    assert response.status_code == expected, (role, state)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("sign-in"))
    allowed = expected == 302 and role == "admin"
    assert _is_published(initiative) == (allowed or state == PUBLISHED)
    after = AuditEvent.objects.filter(verb__startswith="opendata.").count()
    assert after == before + (1 if allowed else 0)
    if expected == 400:
        assert "This record is already published." in response.content.decode()


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_take_down(world: World, role: str, state: str) -> None:
    initiative = _in_state(world, state)
    before = AuditEvent.objects.filter(verb__startswith="opendata.").count()
    response = world.client(role).post(_url("opendata-take-down", initiative))
    expected = _expected(role, state, allowed_in=(PUBLISHED,))
    assert response.status_code == expected, (role, state)
    allowed = expected == 302 and role == "admin"
    assert _is_published(initiative) == (state == PUBLISHED and not allowed)
    after = AuditEvent.objects.filter(verb__startswith="opendata.").count()
    assert after == before + (1 if allowed else 0)
    if expected == 400:
        assert "This record is not published." in response.content.decode()


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_see_the_confirmation_pages(world: World, role: str, state: str) -> None:
    initiative = _in_state(world, state)
    for name in ("opendata-publish", "opendata-take-down"):
        response = world.client(role).get(_url(name, initiative))
        expected = {"anonymous": 302, "other_admin": 404, "admin": 200}.get(role, 403)
        assert response.status_code == expected, (name, role, state)


@pytest.mark.parametrize("role", ["member", "facilitator", "other_admin"])
def test_the_actions_refuse_whoever_calls_them(world: World, role: str) -> None:
    """The rule is the action's own, not only the view's."""
    with pytest.raises(PermissionDenied):
        actions.take_down(actor=world.user(role), initiative=world.initiative)  # type: ignore[arg-type]
    assert _is_published(world.initiative)


def test_publishing_and_taking_down_are_in_the_audit_log(world: World) -> None:
    initiative = _in_state(world, NEVER)
    client = world.client("admin")
    client.post(_url("opendata-publish", initiative), {"checked": "on"})
    client.post(_url("opendata-take-down", initiative))
    events = list(
        AuditEvent.objects.filter(verb__startswith="opendata.", object_id=str(initiative.pk))
        .order_by("pk")
        .values_list("verb", "actor", "organisation", "summary")
    )
    name = world.admin.name
    assert events == [
        (
            "opendata.publish",
            world.admin.pk,
            world.org.pk,
            f"{name} published the co-production record of “Transport review” as open data",
        ),
        (
            "opendata.take_down",
            world.admin.pk,
            world.org.pk,
            f"{name} took down the open data of “Transport review”",
        ),
    ]


def test_the_confirmation_page_shows_exactly_what_will_be_public(world: World) -> None:
    """The box on the confirmation page holds the public page's content, word for word."""
    client = world.client("admin")
    actions.take_down(actor=world.admin, initiative=world.initiative)
    confirm = Page(client.get(_url("opendata-publish", world.initiative)))
    preview = confirm.section("Everything that will be public", "What stays private")
    actions.publish(actor=world.admin, initiative=world.initiative)
    public = Page(Client().get(_url("opendata-record", world.initiative)))
    shown = public.section("Day centre plan", "Download this record")
    shown = shown[1:]  # the sentence with the day it was published
    assert preview[1:] == shown
    assert "What stays private" in confirm.lines
    assert "Access needs, contact details and anything else about a person" in confirm.lines


def test_publishing_needs_the_box_ticked(world: World) -> None:
    initiative = _in_state(world, NEVER)
    client = world.client("admin")
    for data in ({}, {"checked": ""}, {"checked": "x" * 1024 * 100}, {"other": "<script>"}):
        response = client.post(_url("opendata-publish", initiative), data)
        body = response.content.decode()
        if data.get("checked"):
            assert response.status_code == 302  # any value ticks a box
            actions.take_down(actor=world.admin, initiative=initiative)
            continue
        assert response.status_code == 400
        assert "There is a problem" in body
        assert "Tick the box to say you have read everything that will be public" in body
        assert "<title>Error:" in body
        assert "<script>" not in body
    assert not _is_published(initiative)


def test_taking_down_takes_it_down_at_once(world: World) -> None:
    client = Client()
    actions.take_down(actor=world.admin, initiative=world.initiative)
    page = client.get(_url("opendata-record", world.initiative))
    assert page.status_code == 410
    assert "No longer published" in Page(page).text
    assert "Day centre plan" not in Page(page).whole
    assert page["Cache-Control"] == "no-cache"
    as_json = client.get(_url("opendata-json", world.initiative))
    assert as_json.status_code == 410
    assert as_json.json() == {"error": "no longer published"}
    assert client.get(_url("opendata-csv", world.initiative)).status_code == 410
    # The organisation has nothing else published, so its list is not found either.
    assert client.get(reverse("opendata-list", kwargs={"org": world.org.slug})).status_code == 404
    # Published again, it is back.
    actions.publish(actor=world.admin, initiative=world.initiative)
    assert client.get(_url("opendata-record", world.initiative)).status_code == 200


def test_nothing_of_another_organisation(world: World) -> None:
    """Another organisation's published record is not found under this organisation's
    slug, nor listed there; and its admin cannot publish or take down this one's."""
    theirs = record_actions.initiative_save(
        actor=world.other_admin, organisation=world.other_org, title="Their plan", kind="plan"
    )
    actions.publish(actor=world.other_admin, initiative=theirs)
    client = Client()
    for name in ("opendata-record", "opendata-json", "opendata-csv"):
        mixed = reverse(name, kwargs={"org": world.org.slug, "pk": theirs.pk})
        assert client.get(mixed).status_code == 404
        assert client.get(_url(name, theirs)).status_code == 200
    ours = Page(client.get(reverse("opendata-list", kwargs={"org": world.org.slug})))
    assert "Their plan" not in ours.whole
    other = Page(client.get(reverse("opendata-list", kwargs={"org": world.other_org.slug})))
    assert "Day centre plan" not in other.whole
    assert "Their plan" in other.text
    # Each admin, on their own organisation's slug with the other's initiative: 404.
    for role, initiative, org in (
        ("admin", theirs, world.org),
        ("other_admin", world.initiative, world.other_org),
    ):
        for name in ("opendata-publish", "opendata-take-down"):
            url = reverse(name, kwargs={"org": org.slug, "pk": initiative.pk})
            assert world.client(role).get(url).status_code == 404
            assert world.client(role).post(url, {"checked": "on"}).status_code == 404
    manage = Page(world.client("admin").get(reverse("opendata-manage", args=[world.org.slug])))
    assert "Their plan" not in manage.whole


@pytest.mark.parametrize(
    "path",
    [
        "/p/no-such-org/open-data/",
        "/p/no-such-org/open-data/1/",
        "/p/no-such-org/open-data/1.json",
        "/p/no-such-org/open-data/1.csv",
        "/p/{org}/open-data/999999/",
        "/p/{org}/open-data/999999.csv",
        "/p/{org}/open-data/99999999999999999999999999/",
        "/p/{org}/open-data/99999999999999999999999999.json",
        "/p/{org}/open-data/0/",
        "/p/{org}/open-data/-1/",
        "/p/{org}/open-data/abc/",
        "/p/{org}/open-data/1.xml",
        "/p/{org}/open-data/{never}/",
        "/p/{org}/open-data/{never}.json",
        "/p/{org}/open-data/{never}.csv",
        "/p/%3Cscript%3E/open-data/",
        "/o/{org}/open-data/99999999999999999999999999/publish/",
        "/o/{org}/open-data/{other}/take-down/",
    ],
)
def test_bad_addresses_are_not_found_never_an_error(world: World, path: str) -> None:
    never = _in_state(world, NEVER)
    theirs = record_actions.initiative_save(
        actor=world.other_admin, organisation=world.other_org, title="Theirs", kind="plan"
    )
    url = path.format(org=world.org.slug, never=never.pk, other=theirs.pk)
    for role in ("anonymous", "admin"):
        response = world.client(role).get(url)
        if url.startswith("/o/") and role == "anonymous":
            assert response.status_code == 302
            continue
        assert response.status_code == 404, (url, role)
        if response["Content-Type"].startswith("application/json"):
            assert response.json() == {"error": "not found"}
        assert "<script>" not in response.content.decode()


def test_the_downloads_may_be_read_by_any_website(world: World) -> None:
    client = Client()
    for name in ("opendata-json", "opendata-csv"):
        response = client.get(_url(name, world.initiative))
        assert response["Access-Control-Allow-Origin"] == "*"


def test_the_admins_page_lists_every_initiative_with_its_state(world: World) -> None:
    never = _in_state(world, NEVER)
    page = Page(world.client("admin").get(reverse("opendata-manage", args=[world.org.slug])))
    rows = page.table("Your organisation’s work in the record")
    assert [r[:2] for r in rows[1:]] == [
        ["Day centre plan", rows[1][1]],
        ["Transport review", "Not published"],
    ]
    assert rows[1][1].startswith("Published since ")
    publish = ("Check and publish: Transport review", never)
    take_down = ("Take it down: Day centre plan", world.initiative)
    assert (publish[0], _url("opendata-publish", publish[1])) in page.links
    assert (take_down[0], _url("opendata-take-down", take_down[1])) in page.links


def test_the_organisation_page_links_admins_to_open_data(world: World) -> None:
    url = reverse("organisation", args=[world.org.slug])
    target = reverse("opendata-manage", args=[world.org.slug])
    assert any(href == target for _w, href in Page(world.client("admin").get(url)).links)
    assert not any(href == target for _w, href in Page(world.client("member").get(url)).links)


def test_every_word_has_welsh() -> None:
    """The app's Welsh catalogue has every message its templates and code hold, and the
    compiled file matches it (tests/i18n_tools.py)."""
    unit = i18n_tools.PACKAGE / "opendata"
    assert [str(u) for p in i18n_tools.templates([unit]) for u in i18n_tools.unmarked_in(p)] == []
    assert i18n_tools.untranslated(unit) == []
    assert not i18n_tools.stale_compiled(unit)


def test_the_demo_publishes_one_record_of_northshire(settings: Any) -> None:
    """Northshire publishes its digital cardiac rehabilitation, and nothing else is
    published: Brightwater has no open data."""
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    client = Client()
    page = Page(client.get(reverse("opendata-list", kwargs={"org": "northshire"})))
    assert [row[0] for row in page.table("Published records")[1:]] == [
        "Digital cardiac rehabilitation"
    ]
    assert client.get(reverse("opendata-list", kwargs={"org": "brightwater"})).status_code == 404
    published = Initiative.objects.get(title="Digital cardiac rehabilitation")
    data = client.get(_url("opendata-json", published)).json()
    assert data["people_total"] == 14
    assert (data["highest_rung_claimed"], data["highest_rung_evidenced"]) == (6, 4)
