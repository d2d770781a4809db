"""Assets linked from plans ("places I connect with", seen as the community section is
shared) and from meetings ("where we meet", with its access on the meeting's page)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from equalvoice.community import actions
from equalvoice.community.models import Asset
from equalvoice.meetings import actions as meeting_actions
from equalvoice.plans import actions as plans_actions
from equalvoice.plans.models import PlanAsset, Section

from ..conftest import World
from ..page_text import Page, page_text

pytestmark = pytest.mark.django_db


def _plan_url(w: World, name: str = "my-plan", **more: object) -> str:
    return reverse(name, kwargs={"org": w.org.slug, "pk": w.plan.pk, **more})


def test_a_person_links_places_to_their_plan(world: World) -> None:
    client = world.client("member")
    library = Asset.objects.get(organisation=world.org, name="Millbrook Library")
    response = client.post(_plan_url(world, "my-plan-places"), {"asset": library.pk})
    assert response.status_code == 302
    page = Page(client.get(_plan_url(world)))
    # In the order they were linked: the park (in the shared World) first.
    assert "Places I connect with Millbrook Park Millbrook Library (step-free access)" in (
        page.text
    )
    # Another organisation's asset, or nonsense, is refused with a plain error.
    theirs = actions.asset_add(
        actor=world.other_admin,
        organisation=world.other_org,
        values={"category": "place", "name": "Quay"},
    )
    response = client.post(_plan_url(world, "my-plan-places"), {"asset": theirs.pk})
    assert response.status_code == 400
    assert "Choose a place from the list" in page_text(response)
    with pytest.raises(ValidationError):
        plans_actions.plan_place_link(actor=world.member, plan=world.plan, asset=theirs)
    with pytest.raises(PermissionDenied):
        plans_actions.plan_place_link(actor=world.facilitator, plan=world.plan, asset=library)
    # Taking one off.
    link = PlanAsset.objects.get(asset=library)
    response = client.post(_plan_url(world, "my-plan-place-remove", link=link.pk))
    assert response.status_code == 302
    assert not PlanAsset.objects.filter(asset=library).exists()


def test_places_are_seen_only_as_the_community_section_is_shared(world: World) -> None:
    facilitator = world.client("facilitator")  # in the member's circle
    assert "Millbrook Park" not in page_text(facilitator.get(_plan_url(world)))
    plans_actions.section_share(
        actor=world.member, plan=world.plan, key="community", visibility=Section.Visibility.CIRCLE
    )
    assert "Places I connect with Millbrook Park" in page_text(facilitator.get(_plan_url(world)))
    # The organisation's admin is not in the circle: the plan is not found at all.
    assert world.client("admin").get(_plan_url(world)).status_code == 404


def test_where_we_meet_shows_the_access(world: World) -> None:
    hub = actions.asset_add(
        actor=world.member,
        organisation=world.org,
        values={
            "category": "institution",
            "name": "Community hub",
            "step_free": True,
            "hearing_loop": True,
            "opening_times": "9am to 8pm",
        },
    )
    url = reverse("meeting-venue", kwargs={"org": world.org.slug, "pk": world.meeting.pk})
    assert world.client("member").post(url, {"venue": hub.pk}).status_code == 403
    response = world.client("facilitator").post(url, {"venue": hub.pk})
    assert response.status_code == 302
    text = page_text(world.client("member").get(world.meeting.get_absolute_url()))
    assert "Where we meet Community hub Step-free access, A hearing loop Open: 9am to 8pm" in text
    theirs = actions.asset_add(
        actor=world.other_admin,
        organisation=world.other_org,
        values={"category": "place", "name": "Quay"},
    )
    with pytest.raises(ValidationError):
        meeting_actions.meeting_venue_set(
            actor=world.facilitator, meeting=world.meeting, venue=theirs
        )
    # Taken off the map: the meeting simply has no venue.
    actions.asset_remove(actor=world.member, asset=hub)
    world.meeting.refresh_from_db()
    assert world.meeting.venue is None


def test_the_demo_has_a_community_walk_linked_from_a_plan_and_a_meeting() -> None:
    from equalvoice.community.models import Category, Walk
    from equalvoice.core.demo import load_demo
    from equalvoice.meetings.models import Meeting

    load_demo()
    walk = Walk.objects.get(organisation__slug="northshire")
    assert walk.area == "Millbrook"
    names = set(walk.walkers.values_list("name", flat=True))
    # The three who walked, and the facilitator who started the walk.
    assert {"Asha Okafor", "Dev Anand-Price", "Rosa Linnell"} < names and len(names) == 4
    assets = Asset.objects.filter(walk=walk)
    assert assets.count() == 20
    assert set(assets.values_list("category", flat=True)) == set(Category.values)
    assert assets.filter(latitude__isnull=False).count() >= 5
    assert not assets.filter(category=Category.GIFT, consent_at__isnull=True).exists()
    link = PlanAsset.objects.get(section__plan__owner__name="Asha Okafor")
    assert link.asset.name == "Millbrook Library"
    assert link.section.text.startswith("Church on Sundays")
    assert Meeting.objects.filter(venue__name="Northshire Community Hub").count() == 1
