"""The page check over the whole demo: signed in as each demo person (and as nobody),
follow every link they can reach from the home page, as they would, and check each page
at 1280 px and at 320 px for what a reader should never see (page_check.py):

- a server error, or a link that leads to a page saying 403 or 404;
- template or Python leftovers: `None`, `nan`, `undefined`, `{{`, `{%`;
- a data table whose cells are all empty or dashes;
- anything wider than the screen that does not scroll inside a box that fits.

Two pages of each kind (URL name) are opened for each person, so the walk covers every
kind of page a person can reach and stays quick as the demo grows. Set
EQUALVOICE_SHOTS=/some/folder to keep a screenshot of every page at both widths."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from equalvoice.core.demo import COUNCIL, STAFF, load_demo
from equalvoice.core.models import User

from ..shared import built_or_copied
from .conftest import Contexts
from .page_check import screenshot_folder, walk

pytestmark = pytest.mark.browser

# Each demo person, by the name the demo gives them, and nobody signed in.
COUNCIL_ADMIN = next(
    e for e, (_n, org, role) in STAFF.items() if (org, role) == (COUNCIL[1], "admin")
)
PARTS = (
    "/groups/",
    "/standards/",
    "/rounds/",
    "/record/",
    "/meetings/",
    "/decisions/",
    "/ideas/",
    "/plans/",
    "/conversations/",
    "/words/",
    "/network/",
    "/community/",
)
PEOPLE = [name for name, _org, _role in STAFF.values()] + ["Asha Okafor", "Bryn Haworth", ""]


@pytest.mark.parametrize("name", PEOPLE, ids=[name or "not signed in" for name in PEOPLE])
def test_every_demo_page_reads_right(
    transactional_db: None, live_server: object, browser: Browser, base_url: str, name: str
) -> None:
    # The demo as `load_demo()` leaves it, built once per worker (tests/shared.py).
    built_or_copied("demo", load_demo)
    contexts = Contexts(browser, base_url)
    try:
        page = contexts.page(User.objects.get(name=name) if name else None, width=1280)
        found = walk(page, base_url, who=name or "nobody", shots=screenshot_folder())
    finally:
        contexts.close()
    assert len(found.visited) > (30 if name else 3), (
        f"The walk as {name or 'nobody'} reached only {found.visited}: is the home page "
        "linking to the rest?"
    )
    if name == STAFF[COUNCIL_ADMIN][0]:
        # The page check passes only if it got there: the council admin reaches every app.
        reached = " ".join(found.visited)
        for part in PARTS:
            assert part in reached, f"The admin's walk never reached a page under {part}"
    assert not found.problems, found.report(name or "Not signed in")
