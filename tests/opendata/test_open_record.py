"""What anyone reads in a published record: the words and figures of the public page, the
people counted by perspective with small groups hidden, and the JSON and CSV downloads,
which hold the same content. The expected figures are worked out by hand from the
activities each test records (and the rungs checked against the record's pure rules),
never read from the template."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from equalvoice.core import actions as core_actions
from equalvoice.core.models import Membership, Perspective, User
from equalvoice.opendata import actions
from equalvoice.opendata.formats import CSV_HEADER, FORMAT, LISTS
from equalvoice.record import actions as record_actions
from equalvoice.record import selectors as record_selectors
from equalvoice.record.evidence import ActivityFacts, evidenced_rung
from equalvoice.record.ladder import Rung
from equalvoice.record.models import Initiative, Stage

from .. import factories
from ..conftest import World
from ..page_text import Page, assert_reads_well

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _stage(world: World, name: str) -> Stage:
    return record_selectors.stages_for(world.org).get(name=name)


def _perspective(world: World, name: str) -> Perspective:
    return Perspective.objects.get(organisation=world.org, name=name)


def _people(world: World, how_many: int, perspectives: list[str], start: int = 0) -> list[User]:
    """People in the world's group holding these perspectives (chosen by each person)."""
    made = []
    for n in range(start, start + how_many):
        person = factories.make_user(name=f"Named Person {n:02d}")
        core_actions.membership_add(
            actor=world.admin, group=world.group, user=person, role=Membership.GroupRole.MEMBER
        )
        core_actions.perspectives_set(
            actor=person,
            person=person,
            organisation=world.org,
            perspectives=[_perspective(world, p) for p in perspectives],
        )
        made.append(person)
    return made


def _short_breaks(world: World, *, you_said_published: bool = True) -> Initiative:
    """A record whose figures are worked out by hand:

    - 20 days ago, Design, done, claims 7: five family carers and one staff member by name,
      and someone with no perspective; they shaped the design and decided together, and
      something changed. Evidence: 7, as claimed (every rule's cap is at or above 7).
    - 10 days ago, Put it into practice, done, claims 6: 20 people who use services and 2
      young people counted at an open event; nothing shaped, staff decided, no effect.
      Evidence: 4 (no effect caps at 4; design not shaped caps at 5, also below 6),
      with those two reasons, in that order.
    - in 30 days, Review, planned, claims 6: no rung by evidence yet.

    People: family carer 5, staff member 1, no perspective 1 (named, once each), people
    who use services 20, young people 2 (counted): 29 in all."""
    initiative = record_actions.initiative_save(
        actor=world.admin,
        organisation=world.org,
        title="Short breaks for carers",
        kind="service_change",
        group=world.group,
        summary="Short breaks that carers can book themselves.",
    )
    carers = _people(world, 5, ["Family carer"])
    staff = _people(world, 1, ["Staff member"], start=5)
    nobody = _people(world, 1, [], start=6)
    record_actions.activity_save(
        actor=world.admin,
        initiative=initiative,
        stage=_stage(world, "Design"),
        on=TODAY() - timedelta(days=20),
        status="done",
        what="Carers wrote the booking form with us.",
        rung_claimed=7,
        participants=carers + staff + nobody,
        shaped_design=True,
        decisions="together",
        effect="The form asks five questions, not twenty.",
        status_reason="Named Person 00 was unwell, so we met twice.",
    )
    record_actions.activity_save(
        actor=world.admin,
        initiative=initiative,
        stage=_stage(world, "Put it into practice"),
        on=TODAY() - timedelta(days=10),
        status="done",
        what="An open afternoon to try the new form.",
        rung_claimed=6,
        attendance={
            _perspective(world, "Person who uses services"): 20,
            _perspective(world, "Young person"): 2,
        },
    )
    record_actions.activity_save(
        actor=world.admin,
        initiative=initiative,
        stage=_stage(world, "Review"),
        on=TODAY() + timedelta(days=30),
        status="planned",
        what="Carers and staff look at the first three months together.",
        rung_claimed=6,
        decisions="together",
    )
    record_actions.you_said_add(
        actor=world.admin,
        initiative=initiative,
        said="The old form was too long.",
        did="It has five questions now.",
    )
    if you_said_published:
        record_actions.initiative_publish(actor=world.admin, initiative=initiative, publish=True)
    actions.publish(actor=world.admin, initiative=initiative)
    return initiative


def _url(name: str, initiative: Initiative) -> str:
    return reverse(name, kwargs={"org": initiative.organisation.slug, "pk": initiative.pk})


def _after(lines: list[str], label: str) -> str:
    """The line after the one that is exactly `label` (a summary list's value)."""
    return lines[lines.index(label) + 1]


def test_the_rungs_by_hand_agree_with_the_record_rules() -> None:
    """The figures the tests below expect, checked against the record's own rules."""
    design = ActivityFacts(
        status="done",
        rung_claimed=7,
        lived_experience_taking_part=5,
        effect_recorded=True,
        something_changed=True,
        shaped_design=True,
        decided_together=True,
    )
    practice = ActivityFacts(
        status="done",
        rung_claimed=6,
        lived_experience_taking_part=22,
        effect_recorded=False,
        something_changed=False,
        shaped_design=False,
        decided_together=False,
    )
    assert evidenced_rung(design).rung == Rung.CO_PRODUCTION
    assert evidenced_rung(practice).rung == Rung.CONSULTATION
    assert len(evidenced_rung(practice).reasons) == 2


def test_the_public_page_shows_the_record_in_words_and_figures(world: World) -> None:
    initiative = _short_breaks(world)
    response = Client().get(_url("opendata-record", initiative))
    assert response.status_code == 200
    assert_reads_well(response)
    page = Page(response)
    lines = page.lines
    assert "Short breaks for carers" in lines
    assert "Short breaks that carers can book themselves." in lines
    assert _after(lines, "Kind of work") == "Service change"
    assert _after(lines, "Activities that happened") == "2"
    assert _after(lines, "Activities planned") == "1"
    assert _after(lines, "Highest rung claimed") == "7. Co-production"
    assert _after(lines, "Highest rung the evidence shows") == "7. Co-production"

    # The activities, by date, each with its rungs and what changed.
    activities = page.section("What was planned, and what happened", "Who took part")
    design_day = (TODAY() - timedelta(days=20)).strftime("%-d %B %Y")
    practice_day = (TODAY() - timedelta(days=10)).strftime("%-d %B %Y")
    review_day = (TODAY() + timedelta(days=30)).strftime("%-d %B %Y")
    headings = [line for line in activities if line.endswith(("Design", "practice", "Review"))]
    assert headings == [
        f"{design_day}: Design",
        f"{practice_day}: Put it into practice",
        f"{review_day}: Review",
    ]
    first = activities[activities.index(f"{design_day}: Design") :]
    assert _after(first, "Status") == "Done"
    assert _after(first, "Rung claimed") == "7. Co-production"
    assert _after(first, "Rung the evidence shows") == "7. Co-production"
    assert _after(first, "What changed") == "The form asks five questions, not twenty."
    second = activities[activities.index(f"{practice_day}: Put it into practice") :]
    assert _after(second, "Rung claimed") == "6. Co-design"
    assert _after(second, "Rung the evidence shows") == "4. Consultation Lower than claimed"
    reasons = second[second.index("Rung the evidence shows") + 2 :][:2]
    assert reasons == [
        "No effect is recorded, so this shows consultation at most.",
        "People with lived experience did not shape the design itself, so this shows "
        "involvement (rung 5) at most.",
    ]
    assert _after(second, "What changed") == "Not recorded yet"
    third = activities[activities.index(f"{review_day}: Review") :]
    assert _after(third, "Status") == "Planned"
    assert _after(third, "Rung the evidence shows") == "Not yet: it has not happened"
    assert _after(third, "What changed") == "Not yet"

    # People by perspective: Young person (2), Staff member (1) and "No perspective
    # given" (1) are under 5, so not shown; the rest as counted; 29 in all.
    assert page.table("People who took part, by perspective") == [
        ["Perspective", "People"],
        ["Person who uses services", "20"],
        ["Family carer", "5"],
        ["Young person", "Not shown"],
        ["Staff member", "Not shown"],
        ["Professional", "0"],
        ["Commissioner or manager", "0"],
        ["Independent advocate", "0"],
        ["No perspective given", "Not shown"],
        ["Everyone who took part", "29"],
    ]
    assert "“Not shown” means fewer than 5 people" in page.text

    assert page.table("What people said, and what changed because of it") == [
        ["You said", "We did"],
        ["The old form was too long.", "It has five questions now."],
    ]
    assert ("Download as JSON", _url("opendata-json", initiative)) in page.links
    assert ("Download as a spreadsheet (CSV)", _url("opendata-csv", initiative)) in page.links


def test_nothing_private_is_public(world: World) -> None:
    """No names, no access needs, no evidence, no challenge, no reason an activity changed,
    no group: on the page, in the JSON and in the CSV."""
    initiative = _short_breaks(world)
    activity = initiative.activities.order_by("on").first()
    assert activity is not None
    record_actions.claim_challenge_raise(
        actor=world.admin, activity=activity, text="I was not asked about the design."
    )
    record_actions.evidence_add(actor=world.admin, activity=activity, note="Notes by Fran")
    client = Client()
    texts = [
        Page(client.get(_url("opendata-record", initiative))).whole,
        client.get(_url("opendata-json", initiative)).content.decode(),
        client.get(_url("opendata-csv", initiative)).content.decode(),
        Page(client.get(reverse("opendata-list", kwargs={"org": world.org.slug}))).whole,
    ]
    private = [
        "Named Person",
        world.member.name,
        world.facilitator.name,
        world.admin.name,
        "Needs a quiet room",
        "I was not asked about the design.",
        "Notes by Fran",
        "unwell",
        world.group.name,
    ]
    for text in texts:
        for words in private:
            assert words not in text


def test_a_draft_you_said_we_did_stays_a_draft(world: World) -> None:
    initiative = _short_breaks(world, you_said_published=False)
    page = Page(Client().get(_url("opendata-record", initiative)))
    assert "The old form was too long." not in page.whole
    assert "Nothing is published here yet about what people said" in page.text
    data = Client().get(_url("opendata-json", initiative)).json()
    assert data["you_said_we_did"] == []


def _only_named(world: World, counts: dict[str, int]) -> Initiative:
    """A published record of one activity that happened, with named people holding one
    perspective each, as many as `counts` says."""
    initiative = record_actions.initiative_save(
        actor=world.admin, organisation=world.org, title="Counts", kind="plan", group=world.group
    )
    people: list[User] = []
    for name, how_many in counts.items():
        people += _people(world, how_many, [name], start=len(people))
    record_actions.activity_save(
        actor=world.admin,
        initiative=initiative,
        stage=_stage(world, "Design"),
        on=TODAY(),
        status="done",
        what="A workshop.",
        rung_claimed=4,
        participants=people,
    )
    actions.publish(actor=world.admin, initiative=initiative)
    return initiative


def _counts(initiative: Initiative) -> dict[str, Any]:
    data = Client().get(_url("opendata-json", initiative)).json()
    return {p["perspective"]: p["people"] for p in data["people_by_perspective"]} | {
        "total": data["people_total"]
    }


def test_one_small_group_hides_the_next_smallest_too(world: World) -> None:
    """Family carer 3 is under 5. Hidden alone, it could be worked out from the total
    (16 - 6 - 7), so the smallest other count with people, Staff member 6, is hidden
    too; Person who uses services 7 stays, and the noughts (nobody to pick out)."""
    initiative = _only_named(
        world, {"Family carer": 3, "Staff member": 6, "Person who uses services": 7}
    )
    counts = _counts(initiative)
    assert counts["Family carer"] is None
    assert counts["Staff member"] is None
    assert counts["Person who uses services"] == 7
    assert counts["Young person"] == 0
    assert counts["total"] == 16


def test_too_few_people_in_all_shows_no_count(world: World) -> None:
    """Four people in all, under 5: no count at all, not even the noughts."""
    initiative = _only_named(world, {"Family carer": 3, "Staff member": 1})
    counts = _counts(initiative)
    assert set(counts.values()) == {None}
    page = Page(Client().get(_url("opendata-record", initiative)))
    assert "Fewer than 5 people took part in all" in page.text
    assert not any("People who took part" in (t[0][0] if t else "") for t in page.tables)


def test_the_minimum_comes_from_the_setting(world: World, settings: Any) -> None:
    settings.EQUALVOICE_MIN_GROUP_SIZE = 3
    initiative = _only_named(world, {"Family carer": 3, "Staff member": 6})
    counts = _counts(initiative)
    assert counts["Family carer"] == 3
    assert counts["Staff member"] == 6
    assert counts["total"] == 9


def _from_csv(text: str) -> dict[str, Any]:
    """The CSV read back by the rules in docs/opendata.md, into the JSON's shape: every
    value is text, empty for null; repeated fields are a list; a list with no entries
    has no rows."""
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == CSV_HEADER
    data: dict[str, Any] = {section: [] for section in LISTS}
    for section, item, field, value in rows[1:]:
        if section == "record":
            assert item == ""
            data[field] = value
            continue
        items = data[section]
        while len(items) < int(item):
            items.append({})
        target = items[int(item) - 1]
        if field == "evidence_reasons":
            target.setdefault(field, []).append(value)
        else:
            target[field] = value
    for item in data["activities"]:
        item.setdefault("evidence_reasons", [])
    return data


def _as_text(value: Any) -> Any:
    """A JSON value as the CSV writes it (formula-safe text, like the record's CSV)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_text(v) for k, v in value.items()}
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return str(value)


def test_json_and_csv_hold_the_same_content(world: World) -> None:
    initiative = _short_breaks(world)
    # A title a spreadsheet would run as a formula, and a text with a comma and a quote.
    record_actions.initiative_save(
        actor=world.admin,
        organisation=world.org,
        initiative=initiative,
        title='=HYPERLINK("http://example.com")',
        kind="service_change",
        group=world.group,
        summary='Short breaks, "booked" by carers.',
    )
    client = Client()
    as_json = client.get(_url("opendata-json", initiative))
    as_csv = client.get(_url("opendata-csv", initiative))
    assert as_json["Content-Type"] == "application/json; charset=utf-8"
    assert as_csv["Content-Type"] == "text/csv; charset=utf-8"
    assert as_csv["Content-Disposition"].startswith("attachment;")
    data = json.loads(as_json.content)
    assert data["format"] == FORMAT
    assert data["title"] == '=HYPERLINK("http://example.com")'
    read_back = _from_csv(as_csv.content.decode())
    assert read_back["title"] == "'" + data["title"]
    assert read_back == _as_text(data)
    # And the figures are the page's.
    assert data["people_total"] == 29
    assert [a["rung_evidenced"] for a in data["activities"]] == [7, 4, None]
    assert [a["status"] for a in data["activities"]] == ["done", "done", "planned"]
    assert data["highest_rung_claimed"] == 7
    assert data["you_said_we_did"] == [
        {"you_said": "The old form was too long.", "we_did": "It has five questions now."}
    ]


def test_the_field_names_stay_the_same(world: World) -> None:
    """The names docs/opendata.md documents: changing one breaks other people's work."""
    initiative = _short_breaks(world)
    data = Client().get(_url("opendata-json", initiative)).json()
    assert list(data) == [
        "format",
        "organisation",
        "organisation_slug",
        "initiative_id",
        "title",
        "kind",
        "kind_label",
        "summary",
        "published_at",
        "activities_done",
        "activities_planned",
        "highest_rung_claimed",
        "highest_rung_claimed_label",
        "highest_rung_evidenced",
        "highest_rung_evidenced_label",
        "minimum_group_size",
        "people_total",
        "activities",
        "people_by_perspective",
        "you_said_we_did",
    ]
    assert list(data["activities"][0]) == [
        "stage",
        "date",
        "status",
        "status_label",
        "what",
        "rung_claimed",
        "rung_claimed_label",
        "rung_evidenced",
        "rung_evidenced_label",
        "evidence_reasons",
        "what_changed",
        "nothing_changed",
    ]
    assert list(data["people_by_perspective"][0]) == ["perspective", "lived_experience", "people"]
    assert list(data["you_said_we_did"][0]) == ["you_said", "we_did"]


def test_the_list_shows_only_published_records(world: World) -> None:
    initiative = _short_breaks(world)
    record_actions.initiative_save(
        actor=world.admin, organisation=world.org, title="Not published", kind="plan"
    )
    page = Page(Client().get(reverse("opendata-list", kwargs={"org": world.org.slug})))
    assert page.table("Published records") == [
        ["Work", "Kind", "Highest rung claimed", "Highest rung the evidence shows"],
        ["Day centre plan", "Plan", "7. Co-production", "5. Involvement"],
        ["Short breaks for carers", "Service change", "7. Co-production", "7. Co-production"],
    ]
    assert ("Short breaks for carers", _url("opendata-record", initiative)) in page.links


def test_the_public_page_reads_the_same_number_of_queries_however_many_activities(
    world: World,
) -> None:
    initiative = _short_breaks(world)
    client = Client()
    url = _url("opendata-record", initiative)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(10):
        record_actions.activity_save(
            actor=world.admin,
            initiative=initiative,
            stage=_stage(world, "Review"),
            on=TODAY() - timedelta(days=n + 1),
            status="done",
            what=f"Meeting {n}",
            rung_claimed=5,
            participants=_people(world, 1, ["Family carer"], start=20 + n),
            effect="Something changed.",
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
