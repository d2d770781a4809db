"""Import and export of community assets as CSV and GeoJSON: a round trip keeps every
field; every bad row is named with its column; nothing is imported unless every row is
good; fuzzed rows and malformed files never give a 500 or half an import."""

from __future__ import annotations

import csv
import io as text_io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from equalvoice.community import actions, io
from equalvoice.community.models import Asset

from ..conftest import World
from ..page_text import page_text

pytestmark = pytest.mark.django_db

HEADER = "name,category,area,latitude,longitude,step_free,quiet_space,consent_from\n"


def _import(w: World, name: str, content: bytes, role: str = "facilitator"):  # type: ignore[no-untyped-def]
    return w.client(role).post(
        reverse("community-import", args=[w.org.slug]),
        {"file": SimpleUploadedFile(name, content)},
    )


def _fields(asset: Asset) -> tuple[object, ...]:
    return (
        asset.name,
        asset.category,
        asset.description,
        asset.area,
        asset.opening_times,
        asset.contact,
        asset.latitude,
        asset.longitude,
        asset.step_free,
        asset.quiet_space,
        asset.hearing_loop,
        asset.accessible_toilets,
        asset.consent_from,
    )


@pytest.mark.parametrize("kind", ["csv", "geojson"])
def test_export_then_import_gives_the_same_assets(world: World, kind: str) -> None:
    actions.asset_add(
        actor=world.admin,
        organisation=world.org,
        values={
            "category": "business",
            "name": '=HYPERLINK("evil")',
            "description": "Line one\nLine two, with a comma",
            "area": "Eastfield",
            "opening_times": "9am to 5pm",
            "contact": "-01632 960 000",
            "latitude": 53.72365,
            "longitude": -1.86105,
            "step_free": True,
            "hearing_loop": True,
        },
    )
    actions.asset_add(
        actor=world.admin,
        organisation=world.org,
        values={"category": "gift", "name": "Rosa’s signing"},
        whose="someone",
        consent_from="Rosa Linnell",
        consent_confirmed=True,
    )
    client = world.client("admin")
    response = client.get(reverse(f"community-export-{kind}", args=[world.org.slug]))
    assert response.status_code == 200
    exported = response.content
    if kind == "csv":
        rows = list(csv.reader(text_io.StringIO(exported.decode())))
        assert rows[0] == io.COLUMNS
        evil = next(r for r in rows if "HYPERLINK" in r[0])
        assert evil[0].startswith("'=")  # a spreadsheet will not run it
    else:
        data = json.loads(exported)
        located = [f for f in data["features"] if f["geometry"]]
        assert [f["geometry"]["coordinates"] for f in located] == [[-1.86105, 53.72365]]
    before = {a.name: _fields(a) for a in Asset.objects.filter(organisation=world.org)}
    Asset.objects.filter(organisation=world.org).delete()
    response = _import(world, f"assets.{kind}", exported, role="admin")
    assert response.status_code == 302, page_text(response)
    after = {a.name: _fields(a) for a in Asset.objects.filter(organisation=world.org)}
    assert after == before
    gift = Asset.objects.get(name="Rosa’s signing")
    assert gift.consent_recorded_by == world.admin and gift.consent_at is not None


def test_the_list_as_filtered_is_what_is_exported(world: World) -> None:
    response = world.client("member").get(
        reverse("community-export-csv", args=[world.org.slug]) + "?category=place"
    )
    names = [row[0] for row in csv.reader(text_io.StringIO(response.content.decode()))][1:]
    assert names == ["Millbrook Park", "Town hall"]


def test_every_bad_row_is_named_and_nothing_is_imported(world: World) -> None:
    content = (
        HEADER
        + "Good hall,institution,Eastfield,,,yes,no,\n"
        + ",place,,,,,,\n"
        + "Odd thing,castle,,,,,,\n"
        + "Pier,place,,53.1,,,,\n"
        + "Shop,business,,,,perhaps,,\n"
        + "Sam’s singing,gift,,,,,,\n"
        + "Far away,place,,95,10,,,\n"
    ).encode()
    before = Asset.objects.count()
    response = _import(world, "assets.csv", content)
    assert response.status_code == 400
    text = page_text(response)
    assert "Nothing was imported" in text
    for expected in [
        "Row 3, name: Enter the name of the asset",
        "Row 4, category: Write one of: gift, association, institution, place, business, culture",
        "Row 5, longitude: Give both the latitude and the longitude, or neither",
        "Row 6, step_free: Write yes or no",
        "Row 7, consent_from: a person’s gift or skill needs the name",
        "Row 8, latitude: The latitude must be between -90 and 90",
    ]:
        assert expected in text
    assert "Row 2" not in text
    assert Asset.objects.count() == before


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("a.csv", b"", "The file is empty"),
        ("a.csv", b"name,category\n" + b"x,place\n" * 300_000, "bigger than 2 MB"),
        ("a.csv", b"\xff\xfe\x00bad", "not a CSV file saved as UTF-8"),
        ("a.csv", b"title,kind\nHall,place\n", "Missing: name, category"),
        ("a.csv", b"name,category\n", "The file has no assets in it"),
        ("a.csv", b"name,category\nA\x00,place\n", "not a CSV file"),
        ("a.geojson", b"{not json", "not a GeoJSON file we can read"),
        ("a.geojson", b'{"type": "Feature"}', "must be a GeoJSON FeatureCollection"),
        ("a.geojson", b"[1, 2]", "must be a GeoJSON FeatureCollection"),
        ("a.geojson", b'{"type": "FeatureCollection", "features": [1]}', "Feature 1, category"),
        (
            "a.geojson",
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties":'
            b' {"name": "A", "category": "place"}, "geometry": {"type": "Point",'
            b' "coordinates": [NaN, 1]}}]}',
            "not a GeoJSON file we can read",
        ),
        (
            "a.geojson",
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties":'
            b' {"name": "A", "category": "place"}, "geometry": {"type": "LineString",'
            b' "coordinates": []}}]}',
            "Feature 1, latitude: Write a number",
        ),
        ("a.geojson", b"[" * 100_000, "not a GeoJSON file we can read"),
    ],
)
def test_malformed_files_get_a_plain_error(
    world: World, name: str, content: bytes, message: str
) -> None:
    before = Asset.objects.count()
    response = _import(world, name, content)
    assert response.status_code == 400
    assert message in page_text(response)
    assert Asset.objects.count() == before


CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["yes", "no", "place", "gift", "A place", "1e400", "-0", "NaN", "=1+1", "53.1"]
    ),
)
ROW = st.fixed_dictionaries(
    dict.fromkeys(io.COLUMNS, CELL),
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(ROW, min_size=1, max_size=6))
def test_fuzzed_rows_are_all_checked_or_all_refused(rows: list[dict[str, str]]) -> None:
    out = text_io.StringIO()
    writer = csv.DictWriter(out, fieldnames=io.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    for read in (
        lambda: io.read_csv(out.getvalue().encode("utf-8", "surrogatepass")),
        lambda: io.read_geojson(
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {"type": "Feature", "geometry": None, "properties": r} for r in rows
                    ],
                }
            ).encode("utf-8", "surrogatepass")
        ),
    ):
        try:
            checked = read()
        except ValidationError as error:
            assert error.messages
            assert all(
                m.startswith(("Row ", "Feature ", "Nothing was imported", "and ", "The file"))
                for m in error.messages
            ), error.messages
        else:
            assert len(checked) == len(rows)
            for row in checked:
                actions.check_values(row)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(content=st.binary(max_size=300), name=st.sampled_from(["a.csv", "a.geojson", "a.txt"]))
def test_any_file_at_all_never_breaks_the_import(world: World, content: bytes, name: str) -> None:
    before = Asset.objects.count()
    response = _import(world, name, content)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert Asset.objects.count() == before


def test_the_import_stops_in_the_middle_and_saves_nothing(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    rows = io.read_csv(b"name,category\nOne,place\nTwo,place\n")
    broken = [*rows, {"name": "", "category": "place"}]
    before = Asset.objects.count()
    with pytest.raises(ValidationError, match="Row 4, name"):
        actions.assets_import(actor=world.admin, organisation=world.org, rows=broken)
    assert Asset.objects.count() == before
