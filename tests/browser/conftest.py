"""Fixtures for the browser tests: one headless Chromium per pytest worker, a fresh
browser context per test, and a `World` built in the transactional database that
pytest-django's `live_server` serves."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from equalvoice.core import actions
from equalvoice.core.models import User

from ..conftest import World, build_world
from ..shared import built_or_copied

# Playwright's sync API runs an event loop in the test's thread. Django then refuses
# ORM calls from that thread unless told this is safe (it is: the loop is idle).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The roles whose pages we look at in the browser (another organisation's admin only
# ever gets 404s from `org`, which the permission grid checks).
BROWSER_ROLES = ["anonymous", "member", "facilitator", "admin"]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("No Chromium on PATH. Install Debian's chromium: `make chromium`.", pytrace=False)


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_PATH.exists():
        pytest.fail(
            f"axe-core is missing ({AXE_PATH}). Run `npm ci` to install the front-end "
            "tools before the browser tests.",
            pytrace=False,
        )
    return AXE_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def built_assets() -> None:
    """The pages need our built CSS: without it (or with an old one) the checks would
    look at the wrong thing."""
    css = ROOT / "equalvoice" / "static" / "build" / "equalvoice.css"
    if not css.exists():
        pytest.fail(f"{css} is missing: run `node scripts/build-assets.mjs`.", pytrace=False)
    sources = (ROOT / "frontend" / "scss").glob("*.scss")
    if any(source.stat().st_mtime > css.stat().st_mtime for source in sources):
        pytest.fail(
            f"{css} is older than frontend/scss: run `node scripts/build-assets.mjs`.",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright, built_assets: None) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=chromium_path(), args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def live_world(transactional_db: None, live_server: object) -> World:
    """The test world, with a little more on the group page for axe to look at: built
    once per worker and copied back for each test (tests/shared.py)."""
    return built_or_copied("live_world", build_live_world)


def build_live_world() -> World:
    world = build_world()
    world.group.purpose = "To say what good support at home looks like."
    world.group.terms_of_reference = "We meet once a month.\n\nWe decide together."
    world.group.save(update_fields=["purpose", "terms_of_reference"])
    actions.contribution_create(
        actor=world.facilitator,
        group=world.group,
        text="Letters should be in easy read.",
        on_behalf_of=world.no_email_member,
        consent_confirmed=True,
    )
    return world


@pytest.fixture
def base_url(live_server: object) -> str:
    return str(live_server.url)  # type: ignore[attr-defined]


@pytest.fixture
def contexts(browser: Browser, base_url: str) -> Iterator[Contexts]:
    made = Contexts(browser, base_url)
    yield made
    made.close()


class Contexts:
    """Browser contexts for one test. A test usually needs one: `become` swaps who is
    signed in, so the context keeps its cache of our CSS and JavaScript."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.made: list[BrowserContext] = []

    def new(self, width: int = 1024, height: int = 768) -> BrowserContext:
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport={"width": width, "height": height},
            reduced_motion="reduce",
        )
        context.set_default_timeout(10_000)
        self.made.append(context)
        return context

    def page(self, user: User | None = None, width: int = 1024, height: int = 768) -> Page:
        page = self.new(width, height).new_page()
        self.become(page, user)
        return page

    def become(
        self, page: Page, user: User | None, display: dict[str, object] | None = None
    ) -> None:
        """Sign the browser in as `user` (or out, for None). `display` sets an anonymous
        person's display preferences, which live in their session."""
        page.context.clear_cookies()
        client = Client()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        if display is not None:
            assert user is None, "Signed-in people keep display preferences on their account"
            response = client.post(reverse("display-settings"), display)
            assert response.status_code == 302, "Could not save display preferences"
        if "sessionid" in client.cookies:
            value = client.cookies["sessionid"].value
            page.context.add_cookies([{"name": "sessionid", "value": value, "url": self.base_url}])

    def close(self) -> None:
        for context in self.made:
            context.close()
