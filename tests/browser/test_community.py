"""The community asset map in a real browser: on a 320 px phone a member adds an asset
with its access; with JavaScript off the list is filtered by an ordinary form; with
JavaScript on and a tile server set, the map draws a marker for each asset with a
location (the tile address here serves nothing, so no tiles are fetched from outside).
axe finds nothing on each page, and nothing scrolls sideways."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import ViewportSize

from equalvoice.community.models import Asset

from ..conftest import World
from .conftest import Contexts
from .helpers import axe_problems, open_page
from .test_reflow import reflow_problems

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}


def test_a_member_adds_an_asset_with_its_access_on_a_phone(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    world = live_world
    page = contexts.page(world.member, **PHONE)
    problems: list[str] = []

    def check(where: str) -> None:
        problems.extend(axe_problems(page, axe_source, where) + reflow_problems(page, where))

    open_page(page, reverse("community-assets", args=[world.org.slug]))
    check("the list")
    with page.expect_navigation():
        page.get_by_role("link", name="Add an asset", exact=True).click()
    check("add an asset")
    # Sent without a kind: a plain error, and what was typed stays.
    page.get_by_label("Name", exact=True).fill("Riverside Community Centre")
    page.get_by_label("Step-free access").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save the asset").click()
    assert page.get_by_text("Choose what kind of asset it is").first.is_visible()
    assert page.get_by_label("Name", exact=True).input_value() == "Riverside Community Centre"
    assert page.get_by_label("Step-free access").is_checked()
    check("add an asset, with an error")
    page.get_by_label("An institution").check()
    page.get_by_label("A hearing loop").check()
    page.get_by_label("Area (optional)").fill("Riverside")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the asset").click()
    assert page.get_by_role("heading", name="Riverside Community Centre").is_visible()
    details = page.locator("#asset-details").inner_text()
    assert "Step-free access, A hearing loop" in details
    check("the new asset")
    asset = Asset.objects.get(name="Riverside Community Centre")
    assert (asset.step_free, asset.hearing_loop, asset.quiet_space) == (True, True, False)
    assert problems == [], "\n".join(problems)


def test_the_list_is_filtered_with_javascript_off(live_world: World, contexts: Contexts) -> None:
    world = live_world
    Asset.objects.filter(name="Millbrook Library").update(hearing_loop=True)
    context = contexts.browser.new_context(
        base_url=contexts.base_url,
        viewport=ViewportSize(width=PHONE["width"], height=PHONE["height"]),
        java_script_enabled=False,
    )
    context.set_default_timeout(10_000)
    contexts.made.append(context)
    page = context.new_page()
    contexts.become(page, world.member)
    page.goto(reverse("community-assets", args=[world.org.slug]))
    listed = page.locator("#assets h3")
    assert listed.all_inner_texts() == ["Millbrook Library", "Millbrook Park", "Town hall"]
    page.get_by_label("Kind of asset").select_option(label="A place")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    assert listed.all_inner_texts() == ["Millbrook Park", "Town hall"]
    page.get_by_label("Kind of asset").select_option(label="All kinds")
    page.get_by_label("A hearing loop").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    assert listed.all_inner_texts() == ["Millbrook Library"]
    assert "access=hearing_loop" in page.url
    assert page.get_by_role("heading", name="1 asset").is_visible()


def test_the_map_loads_with_javascript(
    live_world: World, contexts: Contexts, axe_source: str, settings
) -> None:  # type: ignore[no-untyped-def]
    world = live_world
    settings.EQUALVOICE_MAP_TILES = "/no-tiles-here/{z}/{x}/{y}.png"
    for name, lat, lon in [
        ("Millbrook Library", "53.72365", "-1.86105"),
        ("Town hall", "53.7229", "-1.8624"),
    ]:
        Asset.objects.filter(name=name).update(latitude=Decimal(lat), longitude=Decimal(lon))
    page = contexts.page(world.member)
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith(contexts.base_url) else None
        ),
    )
    open_page(page, reverse("community-assets", args=[world.org.slug]))
    page.wait_for_selector("#asset-map.leaflet-container")
    markers = page.locator("#asset-map path.leaflet-interactive")
    markers.nth(1).wait_for()
    assert markers.count() == 2
    assert page.locator("#asset-map").get_attribute("data-marker-count") == "2"
    # A marker opens a link to the asset's page.
    markers.first.click()
    popup = page.locator(".leaflet-popup-content a")
    assert popup.count() == 1 and popup.inner_text() in ("Millbrook Library", "Town hall")
    assert outside == []
    problems = axe_problems(page, axe_source, "the map")
    assert problems == [], "\n".join(problems)
