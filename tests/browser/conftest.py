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
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from equalvoice.core.models import User

from ..conftest import World, build_world

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
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=chromium_path(), args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def live_world(transactional_db: None, live_server: object) -> World:
    return build_world()


@pytest.fixture
def base_url(live_server: object) -> str:
    return str(live_server.url)  # type: ignore[attr-defined]


@pytest.fixture
def contexts(browser: Browser, base_url: str) -> Iterator[Contexts]:
    made = Contexts(browser, base_url)
    yield made
    made.close()


class Contexts:
    """Fresh browser contexts for one test, signed in as whoever the test needs."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.made: list[BrowserContext] = []

    def new(self, user: User | None = None, width: int = 1024, height: int = 768) -> BrowserContext:
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport={"width": width, "height": height},
            reduced_motion="reduce",
        )
        context.set_default_timeout(10_000)
        if user is not None:
            sign_in_cookie(context, user, self.base_url)
        self.made.append(context)
        return context

    def page(self, user: User | None = None, width: int = 1024, height: int = 768) -> Page:
        return self.new(user, width, height).new_page()

    def for_role(self, world: World, role: str, width: int = 1024) -> Page:
        return self.page(world.user(role), width=width)

    def close(self) -> None:
        for context in self.made:
            context.close()


def sign_in_cookie(context: BrowserContext, user: User, base_url: str) -> None:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": session, "url": base_url}])
