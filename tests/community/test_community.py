"""The community asset map through its pages and actions: who may do what (the grid of
roles over every change), nothing of one organisation seen by another, the filters, a
person's gift shown only with their agreement, the walk and its report."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from equalvoice.community import actions, selectors
from equalvoice.community.models import Asset, Category, Walk
from equalvoice.community.report import Found, report
from equalvoice.core import actions as core_actions
from equalvoice.core.models import AuditEvent
from equalvoice.core.selectors import personal_data

from .. import factories
from ..conftest import ROLES, World
from ..page_text import Page, assert_reads_well, page_text

pytestmark = pytest.mark.django_db


def _url(name: str, w: World, **more: object) -> str:
    return reverse(name, kwargs={"org": w.org.slug, **more})


def _asset(w: World, name: str) -> Asset:
    return Asset.objects.get(organisation=w.org, name=name)


def _walk(w: World) -> Walk:
    return Walk.objects.get(organisation=w.org)


CHANGES = [
    # (url name, allowed roles, kwargs, data, how to tell it happened)
    (
        "community-asset-add",
        {"member", "facilitator", "admin"},
        lambda w: {},
        {"name": "Bus shelter café", "category": "business", "features": ["step_free"]},
        lambda w: Asset.objects.filter(name="Bus shelter café", step_free=True).exists(),
    ),
    (
        "community-asset-change",
        {"facilitator", "admin"},
        lambda w: {"pk": _asset(w, "Town hall").pk},
        {"name": "Old town hall", "category": "institution"},
        lambda w: Asset.objects.filter(name="Old town hall").exists(),
    ),
    (
        "community-asset-remove",
        {"facilitator", "admin"},
        lambda w: {"pk": _asset(w, "Town hall").pk},
        {},
        lambda w: not Asset.objects.filter(name="Town hall").exists(),
    ),
    (
        "community-walk-start",
        {"member", "facilitator", "admin"},
        lambda w: {},
        {"walked_on": "2026-03-14", "area": "Eastfield"},
        lambda w: Walk.objects.filter(area="Eastfield").exists(),
    ),
    (
        "community-walk-asset-add",
        {"facilitator", "admin"},
        lambda w: {"pk": _walk(w).pk},
        {"name": "The lock", "category": "place"},
        lambda w: Asset.objects.filter(name="The lock", walk__isnull=False).exists(),
    ),
    (
        "community-import",
        {"facilitator", "admin"},
        lambda w: {},
        "file",
        lambda w: Asset.objects.filter(name="Imported hall").exists(),
    ),
]


@pytest.mark.parametrize("change", CHANGES, ids=[c[0] for c in CHANGES])
@pytest.mark.parametrize("role", ROLES)
def test_who_may_change_what(world: World, role: str, change) -> None:  # type: ignore[no-untyped-def]
    name, allowed, kwargs, data, happened = change
    if data == "file":
        from django.core.files.uploadedfile import SimpleUploadedFile

        data = {"file": SimpleUploadedFile("a.csv", b"name,category\nImported hall,place\n")}
    before = AuditEvent.objects.count()
    response = world.client(role).post(_url(name, world, **kwargs(world)), data)
    if role in allowed:
        assert response.status_code == 302, response.content[:800]
        assert happened(world)
        assert AuditEvent.objects.count() > before
    else:
        expected = {"anonymous": 302, "other_admin": 404}.get(role, 403)
        assert response.status_code == expected
        assert not happened(world)
        assert AuditEvent.objects.count() == before


def test_the_adder_changes_and_removes_their_own(world: World) -> None:
    park = _asset(world, "Millbrook Park")
    client = world.client("member")
    response = client.post(
        _url("community-asset-change", world, pk=park.pk),
        {"name": "Millbrook Park and pond", "category": "place", "features": ["quiet_space"]},
    )
    assert response.status_code == 302
    park.refresh_from_db()
    assert park.name == "Millbrook Park and pond" and park.quiet_space and not park.step_free
    assert client.post(_url("community-asset-remove", world, pk=park.pk)).status_code == 302
    assert not Asset.objects.filter(pk=park.pk).exists()


def test_nothing_of_one_organisation_is_seen_by_another(world: World) -> None:
    theirs = actions.asset_add(
        actor=world.other_admin,
        organisation=world.other_org,
        values={"category": "place", "name": "Otherton Quay", "latitude": 1, "longitude": 2},
    )
    walk = actions.walk_start(
        actor=world.other_admin,
        organisation=world.other_org,
        walked_on=date(2026, 1, 5),
        area="Quay",
    )
    for role in ("member", "facilitator", "admin"):
        client = world.client(role)
        for name, pk in (("community-asset", theirs.pk), ("community-walk", walk.pk)):
            # Asked for through their own organisation, or through the other one: not found.
            assert client.get(_url(name, world, pk=pk)).status_code == 404
            assert (
                client.get(
                    reverse(name, kwargs={"org": world.other_org.slug, "pk": pk})
                ).status_code
                == 404
            )
        for name in ("community-assets", "community-map-data", "community-export-csv"):
            body = client.get(_url(name, world)).content.decode()
            assert "Otherton Quay" not in body and "Quay" not in body
    with pytest.raises(PermissionDenied):
        actions.asset_add(
            actor=world.admin,
            organisation=world.other_org,
            values={"category": "place", "name": "X"},
        )
    with pytest.raises(ValidationError):
        actions.asset_add(
            actor=world.admin,
            organisation=world.org,
            walk=walk,
            values={"category": "place", "name": "X"},
        )


def _add(w: World, name: str, category: str, area: str = "", **features: bool) -> Asset:
    return actions.asset_add(
        actor=w.admin,
        organisation=w.org,
        values={"category": category, "name": name, "area": area, **features},
        whose="mine" if category == "gift" else "",
    )


def test_the_list_filters_by_kind_area_and_access_without_javascript(world: World) -> None:
    _add(world, "Quiet café", "business", "Eastfield", step_free=True, quiet_space=True)
    _add(world, "Loud café", "business", "Eastfield", step_free=True)
    _add(world, "Eastfield chapel", "culture", "Eastfield", quiet_space=True, hearing_loop=True)
    client = world.client("member")
    url = _url("community-assets", world)

    def names(query: str) -> list[str]:
        page = Page(client.get(url + query))
        return [words for words, link in page.links if "/community/assets/" in link]

    assert names("") == [
        "Eastfield chapel",
        "Loud café",
        "Millbrook Library",
        "Millbrook Park",
        "Quiet café",
        "Town hall",
    ]
    assert names("?category=business") == ["Loud café", "Quiet café"]
    assert names("?area=Eastfield&access=quiet_space") == ["Eastfield chapel", "Quiet café"]
    assert names("?access=quiet_space&access=step_free") == ["Quiet café"]
    assert names("?area=Millbrook") == ["Millbrook Park"]
    # Nonsense in the address shows everything rather than failing.
    assert len(names("?category=nope&area=Atlantis&access=moat")) == 6
    response = client.get(url + "?category=business")
    assert "2 assets" in page_text(response)
    assert_reads_well(response)
    # The downloads keep the filter.
    assert f"{reverse('community-export-csv', args=[world.org.slug])}?category=business" in (
        response.content.decode()
    )


def test_a_persons_gift_needs_their_agreement(world: World) -> None:
    client = world.client("member")
    url = _url("community-asset-add", world)
    typed = {
        "name": "Tom’s guitar lessons",
        "category": "gift",
        "whose": "someone",
        "description": "Free",
    }
    response = client.post(url, {**typed, "consent_from": "Tom Reyes"})
    assert response.status_code == 400
    text = page_text(response)
    assert "Tick to confirm the person agreed" in text
    assert "Tom’s guitar lessons" in response.content.decode()  # nothing typed is lost
    response = client.post(url, typed | {"consent_confirmed": "on"})
    assert response.status_code == 400
    assert "Enter the name of the person whose gift or skill it is" in page_text(response)
    assert not Asset.objects.filter(category=Category.GIFT).exists()

    response = client.post(url, {**typed, "consent_from": "Tom Reyes", "consent_confirmed": "on"})
    assert response.status_code == 302
    gift = Asset.objects.get(category=Category.GIFT)
    assert (gift.consent_from, gift.consent_recorded_by, gift.person) == (
        "Tom Reyes",
        world.member,
        None,
    )
    assert gift.consent_at is not None
    shown = page_text(client.get(gift.get_absolute_url()))
    assert "On the map because Tom Reyes agreed, written down by Mo Member" in shown

    mine = client.post(url, {"name": "My baking", "category": "gift", "whose": "mine"})
    assert mine.status_code == 302
    assert Asset.objects.get(name="My baking").person == world.member

    # A gift with no agreement recorded (made some other way) is shown to nobody.
    Asset.objects.filter(name="My baking").update(consent_at=None)
    baking = Asset.objects.get(name="My baking")
    assert world.client("admin").get(baking.get_absolute_url()).status_code == 404
    assert (
        "My baking"
        not in world.client("admin").get(_url("community-assets", world)).content.decode()
    )


def test_an_erased_persons_gift_comes_off_the_map(world: World) -> None:
    actions.asset_add(
        actor=world.member,
        organisation=world.org,
        values={"category": "gift", "name": "Mo Member’s allotment tips"},
        whose="mine",
    )
    assert "Mo Member’s allotment tips" in str(personal_data(world.member))
    core_actions.account_erase(actor=world.member, person=world.member)
    assert not Asset.objects.filter(name__startswith="Mo Member").exists()
    # What they added for everyone stays, added by "someone who has left".
    assert Asset.objects.filter(name="Millbrook Park", added_by=world.member).exists()


def test_a_walk_and_its_report(world: World) -> None:
    client = world.client("member")
    response = client.post(
        _url("community-walk-start", world),
        {
            "walked_on-day": "14",
            "walked_on-month": "3",
            "walked_on-year": "2026",
            "area": "Eastfield",
            "walkers": [world.facilitator.pk],
        },
    )
    assert response.status_code == 302
    walk = Walk.objects.get(area="Eastfield")
    assert set(walk.walkers.all()) == {world.member, world.facilitator}
    add = _url("community-walk-asset-add", world, pk=walk.pk)
    finds = [
        ("Eastfield school", "institution", "", ["step_free", "accessible_toilets"]),
        ("Chip shop", "business", "", []),
        ("Bowls club", "association", "", ["step_free"]),
        ("Youth club", "association", "", ["quiet_space"]),
        ("Canal lock", "place", "Canal Side", ["step_free"]),
    ]
    for name, category, area, features in finds:
        data = {
            "name": name,
            "category": category,
            "area": area or "Eastfield",
            "features": features,
        }
        assert client.post(add, data).status_code == 302
    page = Page(client.get(walk.get_absolute_url()))
    assert "Who walked: Fran Facilitator, Mo Member." in page.text or (
        "Who walked: Mo Member, Fran Facilitator." in page.text
    )
    assert "What we found: 5 assets" in page.text

    response = client.get(_url("community-walk-report", world, pk=walk.pk))
    assert_reads_well(response)
    report_page = Page(response)
    # Worked out by hand from the five finds above.
    assert report_page.table("by-category")[1:] == [
        ["A person’s gift or skill", "0"],
        ["An association or group", "2"],
        ["An institution", "1"],
        ["A place", "1"],
        ["A local business", "1"],
        ["A cultural asset", "0"],
    ]
    assert report_page.table("by-area")[1:] == [["Canal Side", "1"], ["Eastfield", "4"]]
    text = report_page.text
    assert "We found 5 assets." in text
    assert (
        "Canal Side Nothing found of these kinds: a person’s gift or skill, an association or"
        " group, an institution, a local business, a cultural asset. Nowhere found with: a"
        " quiet space, a hearing loop, accessible toilets." in text
    )
    assert (
        "Eastfield Nothing found of these kinds: a person’s gift or skill, a place, a cultural"
        " asset. Nowhere found with: a hearing loop." in text
    )


def test_the_report_engine_counts_and_finds_gaps() -> None:
    found = [
        Found("place", "North", frozenset({"step_free"})),
        Found("place", "north", frozenset()),
        Found("gift", "South", frozenset({"quiet_space", "step_free"})),
    ]
    result = report(found, ["gift", "place", "culture"], ["step_free", "quiet_space"])
    assert result.total == 3
    assert result.by_category == {"gift": 1, "place": 1 + 1, "culture": 0}
    assert [a.area for a in result.areas] == ["North", "north", "South"]
    north = result.areas[0]
    assert (north.total, north.missing_categories, north.missing_features) == (
        1,
        ["gift", "culture"],
        ["quiet_space"],
    )
    assert result.areas[2].missing_features == []
    assert report([], ["gift"], ["step_free"]).areas == []


def test_the_map_is_there_only_with_a_tile_server(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    Asset.objects.filter(name="Millbrook Library").update(latitude=53.7, longitude=-1.8)
    client = world.client("member")
    url = _url("community-assets", world)
    settings.EQUALVOICE_MAP_TILES = ""
    assert 'id="asset-map"' not in client.get(url).content.decode()
    settings.EQUALVOICE_MAP_TILES = "/tiles/{z}/{x}/{y}.png"
    body = client.get(url + "?category=institution").content.decode()
    assert 'data-tiles="/tiles/{z}/{x}/{y}.png"' in body
    markers_url = reverse("community-map-data", args=[world.org.slug])
    assert f'data-markers="{markers_url}?category=institution"' in body
    markers = client.get(reverse("community-map-data", args=[world.org.slug])).json()
    assert [f["properties"]["name"] for f in markers["features"]] == ["Millbrook Library"]
    assert markers["features"][0]["geometry"]["coordinates"] == [-1.8, 53.7]


def test_bad_locations_get_plain_errors(world: World) -> None:
    client = world.client("member")
    url = _url("community-asset-add", world)
    response = client.post(url, {"name": "Pier", "category": "place", "latitude": "53.5"})
    assert response.status_code == 400
    assert "Give both the latitude and the longitude, or neither" in page_text(response)
    response = client.post(
        url, {"name": "Pier", "category": "place", "latitude": "95", "longitude": "1"}
    )
    assert "The latitude must be between -90 and 90" in page_text(response)
    response = client.post(
        url, {"name": "Pier", "category": "place", "latitude": "NaN", "longitude": "1"}
    )
    assert response.status_code == 400
    assert not Asset.objects.filter(name="Pier").exists()


def test_walkers_are_only_people_of_the_organisation(world: World) -> None:
    walk = actions.walk_start(
        actor=world.member,
        organisation=world.org,
        walked_on=date(2026, 3, 1),
        area=" Eastfield  ",
        walkers=[world.other_admin, world.facilitator],
    )
    assert walk.area == "Eastfield"
    assert set(walk.walkers.all()) == {world.member, world.facilitator}
    assert selectors.walk_report(walk).total == 0
    other = factories.make_user(name="Nobody Here")
    assert not selectors.people_to_walk(world.org, but=world.member).filter(pk=other.pk).exists()
