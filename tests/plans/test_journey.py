"""The journey in a person's plan: the words a person reads, the table rows and the SVG
chart. Pure rules, no database: every expected line is worked out by hand."""

from __future__ import annotations

import datetime
import random
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from equalvoice.core.charts import text_width
from equalvoice.plans.journey import (
    AREAS,
    FONT,
    MONTHS,
    Review,
    Table,
    journey_svg,
    journey_table,
    journey_words,
)

D = datetime.date
KEYS = list(AREAS)


# --- The words ------------------------------------------------------------------------


def test_each_area_in_words_comparing_the_latest_rating_with_the_one_before() -> None:
    reviews = [
        Review(D(2026, 1, 12), {"home": 2, "wellbeing": 4, "community": 3, "goals": 1}),
        Review(D(2026, 3, 9), {"home": 4, "wellbeing": 2, "community": 3}),
    ]
    assert journey_words(reviews, AREAS) == [
        "Home: better since January",
        "Wellbeing: worse since January",
        "Community: the same since January",
        "Goals: first rated in January. Not rated in March",
    ]


def test_one_review_only() -> None:
    reviews = [Review(D(2026, 3, 9), {"home": 3, "wellbeing": 5, "community": 1, "goals": 4})]
    assert journey_words(reviews, AREAS) == [
        "Home: first rated in March",
        "Wellbeing: first rated in March",
        "Community: first rated in March",
        "Goals: first rated in March",
    ]


def test_nothing_rated_yet() -> None:
    assert journey_words([], AREAS) == [
        "Home: not rated yet",
        "Wellbeing: not rated yet",
        "Community: not rated yet",
        "Goals: not rated yet",
    ]
    reviews = [Review(D(2026, 3, 9), {"home": 3, "goals": None})]
    assert journey_words(reviews, AREAS)[1:] == [
        "Wellbeing: not rated yet",
        "Community: not rated yet",
        "Goals: not rated yet",
    ]


def test_a_review_that_left_an_area_out_is_skipped_for_that_area() -> None:
    # Community: 2 in January, left out in April, 4 in June: better than in January.
    reviews = [
        Review(D(2026, 1, 5), {"community": 2}),
        Review(D(2026, 4, 5), {"community": None, "home": 3}),
        Review(D(2026, 6, 5), {"community": 4, "home": 3}),
    ]
    assert journey_words(reviews, ["community", "home"]) == [
        "Community: better since January",
        "Home: the same since April",
    ]


def test_the_year_is_added_when_the_reviews_are_in_more_than_one_year() -> None:
    reviews = [
        Review(D(2025, 11, 20), {"community": 3}),
        Review(D(2026, 2, 10), {"community": 5}),
    ]
    assert journey_words(reviews, ["community"]) == ["Community: better since November 2025"]
    reviews.append(Review(D(2026, 5, 1), {"home": 1}))
    assert journey_words(reviews, ["community", "home"]) == [
        "Community: better since November 2025. Not rated in May 2026",
        "Home: first rated in May 2026",
    ]


def test_the_day_is_added_when_two_reviews_were_in_the_same_month() -> None:
    reviews = [Review(D(2026, 3, 3), {"home": 4}), Review(D(2026, 3, 24), {"home": 2})]
    assert journey_words(reviews, ["home"]) == ["Home: worse since 3 March"]


def test_reviews_in_any_order_are_put_in_date_order() -> None:
    reviews = [
        Review(D(2026, 9, 1), {"home": 1}),  # the latest
        Review(D(2026, 2, 1), {"home": 5}),
        Review(D(2026, 6, 1), {"home": 3}),
    ]
    assert journey_words(reviews, ["home"]) == ["Home: worse since June"]
    assert [row[0] for row in journey_table(reviews, ["home"]).rows] == [
        "1 February 2026",
        "1 June 2026",
        "1 September 2026",
    ]


def test_areas_can_be_named_by_the_caller() -> None:
    reviews = [Review(D(2026, 1, 1), {"home": 2}), Review(D(2026, 5, 1), {"home": 3})]
    lines = journey_words(reviews, {"home": "Where I live"})
    assert lines == ["Where I live: better since January"]


def test_a_date_and_time_counts_as_its_day() -> None:
    reviews = [
        Review(datetime.datetime(2026, 1, 1, 9, 30), {"home": 2}),  # type: ignore[arg-type]
        Review(D(2026, 5, 1), {"home": 3}),
    ]
    assert journey_words(reviews, ["home"]) == ["Home: better since January"]


# --- Bad input --------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [0, 6, -1, 3.5, 4.0, "4", True])
def test_a_rating_must_be_a_whole_number_from_1_to_5(bad: object) -> None:
    reviews = [Review(D(2026, 1, 1), {"home": 3}), Review(D(2026, 2, 1), {"home": bad})]  # type: ignore[dict-item]
    message = "Home: a rating must be a whole number from 1 to 5 (very bad to very good), not "
    for show in (journey_words, journey_table, journey_svg):
        with pytest.raises(ValueError) as raised:
            show(reviews, AREAS)
        assert str(raised.value) == f"{message}{bad!r}."


def test_a_review_needs_a_date() -> None:
    with pytest.raises(ValueError, match="Each review needs a date"):
        journey_words([Review("last March", {"home": 3})], AREAS)  # type: ignore[arg-type]


def test_an_unknown_area_is_named() -> None:
    with pytest.raises(ValueError, match="'garden' is not an area"):
        journey_words([], ["home", "garden"])


# --- The table --------------------------------------------------------------------------


def test_table_rows_give_each_rating_in_words_or_not_rated() -> None:
    reviews = [
        Review(D(2026, 3, 9), {"home": 4, "wellbeing": None, "community": 5}),
        Review(D(2026, 1, 12), {"home": 2, "wellbeing": 1, "community": 3, "goals": 1}),
    ]
    table = journey_table(reviews, AREAS)
    assert table == Table(
        head=("Review", "Home", "Wellbeing", "Community", "Goals"),
        rows=(
            ("12 January 2026", "Bad (2)", "Very bad (1)", "OK (3)", "Very bad (1)"),
            ("9 March 2026", "Good (4)", "Not rated", "Very good (5)", "Not rated"),
        ),
    )
    assert journey_table([], AREAS).rows == ()


# --- The chart --------------------------------------------------------------------------

REVIEWS = [
    Review(D(2026, 1, 12), {"home": 2, "wellbeing": 4, "community": 3, "goals": 1}),
    Review(D(2026, 3, 9), {"home": 4, "wellbeing": 2, "community": 3}),
    Review(D(2026, 6, 1), {"home": 5, "wellbeing": 2, "goals": 3}),
]


def _parse(svg: str) -> ET.Element:
    """The chart as XML: this fails on any text that was not escaped."""
    return ET.fromstring(svg)  # noqa: S314 - our own output; expat fetches no entities


def _areas(root: ET.Element) -> dict[str, ET.Element]:
    prefix = "ev-plan-journey__area--"
    return {
        cls.removeprefix(prefix): g
        for g in root.iter("g")
        for cls in g.get("class", "").split()
        if cls.startswith(prefix)
    }


def _markers(group: ET.Element) -> list[ET.Element]:
    return [e for e in group if "ev-plan-journey__marker" in e.get("class", "")]


def _texts(root: ET.Element, cls: str) -> list[ET.Element]:
    return [t for t in root.iter("text") if cls in t.get("class", "")]


def _y(marker: ET.Element) -> float:
    if marker.tag == "circle":
        return float(marker.get("cy", ""))
    if marker.tag == "rect":
        return float(marker.get("y", "")) + float(marker.get("height", "")) / 2
    ys = [float(p.split(",")[1]) for p in marker.get("points", "").split()]
    return (max(ys) + min(ys)) / 2 if len(ys) == 4 else min(ys) + (max(ys) - min(ys)) * 5 / 9


def test_the_chart_is_an_image_with_a_title_and_a_description_in_words() -> None:
    root = _parse(journey_svg(REVIEWS, AREAS))
    assert root.tag == "svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("viewBox") == "0 0 340 260"
    assert root.get("font-family") == "inherit"
    title, desc = root.find("title"), root.find("desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "How things have been at each review"
    assert desc.text is not None
    for line in [
        "Home: better since March",
        "Wellbeing: the same since March",
        "Community: the same since January. Not rated in June",
        "Goals: better since January",
    ]:
        assert line in desc.text
    assert "The table has the same ratings." in desc.text


def test_one_line_per_area_with_its_own_colour_marker_and_pattern() -> None:
    root = _parse(journey_svg(REVIEWS, AREAS))
    areas = _areas(root)
    assert list(areas) == KEYS
    looks = set()
    for key, group in areas.items():
        paths = group.findall("path")
        assert len(paths) == 1, key
        markers = _markers(group)
        # A marker for each review that rated the area.
        assert len(markers) == sum(key in r.ratings for r in REVIEWS), key
        assert len({m.tag for m in markers}) == 1
        shape = next(c for c in markers[0].get("class", "").split() if "--" in c)
        looks.add((paths[0].get("stroke"), shape, paths[0].get("stroke-dasharray")))
    colours = {c for c, _, _ in looks}
    shapes = {s for _, s, _ in looks}
    patterns = {p for _, _, p in looks}
    assert len(colours) == len(shapes) == len(patterns) == 4
    # Every area is named in the key, with the same marker shape as its line.
    keys = [g for g in root.iter("g") if "ev-plan-journey__key" in g.get("class", "")]
    assert ["".join(g.itertext()) for g in keys] == ["Home", "Wellbeing", "Community", "Goals"]
    for key_group, area in zip(keys, areas.values(), strict=True):
        assert _markers(key_group)[0].get("class") == _markers(area)[0].get("class")


def test_higher_ratings_are_drawn_higher_and_a_left_out_rating_is_a_gap() -> None:
    root = _parse(journey_svg(REVIEWS, AREAS))
    levels = {t.text: float(t.get("y", "")) for t in _texts(root, "ev-plan-journey__rating")}
    assert list(levels) == ["Very bad", "Bad", "OK", "Good", "Very good"]
    assert sorted(levels.values(), reverse=True) == list(levels.values())  # 1 lowest
    words = list(levels)
    areas = _areas(root)
    # Home: 2, 4, 5. Each marker sits by its rating's line (nearer it than to any other).
    for key in KEYS:
        ratings = [v for r in REVIEWS if (v := r.ratings.get(key)) is not None]
        for marker, rating in zip(_markers(areas[key]), ratings, strict=True):
            y = _y(marker)
            nearest = min(levels, key=lambda w: abs(levels[w] - y))
            assert nearest == words[rating - 1], (key, rating)
    # Community was not rated in June: its line stops. Goals was left out in March: its
    # line has a gap (a new start, "M", instead of a line on, "L").
    assert areas["community"].findall("path")[0].get("d", "").count("M") == 1
    goals = areas["goals"].findall("path")[0].get("d", "")
    assert goals.count("M") == 2 and "L" not in goals


def test_the_reviews_are_named_along_the_bottom_in_date_order() -> None:
    shuffled = [REVIEWS[2], REVIEWS[0], REVIEWS[1]]
    root = _parse(journey_svg(shuffled, AREAS))
    labels = _texts(root, "ev-plan-journey__review")
    assert [" ".join(t.itertext()) for t in labels] == ["January", "March", "June"]
    xs = [float(t.get("x", "")) for t in labels]
    assert xs == sorted(xs)
    assert journey_svg(shuffled, AREAS) == journey_svg(REVIEWS, AREAS)


def test_text_is_escaped() -> None:
    names = {"home": "<b>Me</b> & 'I'", "goals": 'Goals <script>alert("x")</script>'}
    svg = journey_svg([Review(D(2026, 1, 1), {"home": 3})], names, label_id='a"b')
    assert "<script>" not in svg and "<b>" not in svg
    root = _parse(svg)
    keys = [g for g in root.iter("g") if "ev-plan-journey__key" in g.get("class", "")]
    assert "".join(keys[0].itertext()) == "<b>Me</b> & 'I'"
    assert "".join(keys[1].itertext()) == 'Goals <script>alert("x")</script>'
    desc = root.findtext("desc") or ""
    assert "<b>Me</b> & 'I': first rated in January" in desc
    assert 'Goals <script>alert("x")</script>: not rated yet' in desc
    assert root.get("aria-labelledby") == 'a"b-title a"b-desc'


def test_long_area_names_take_a_row_each_in_the_key_and_are_cut_only_if_they_must() -> None:
    short = "Where I live"
    longer = "The people and places I like"
    longest = "My community: my friends, my family and the places I like to go every week"
    root = _parse(journey_svg([], {"home": short, "community": longer, "goals": longest}))
    keys = [g for g in root.iter("g") if "ev-plan-journey__key" in g.get("class", "")]
    texts = ["".join(g.itertext()) for g in keys]
    assert texts[:2] == [short, longer]
    # Too long for the whole width: cut short with "…"; the words and the table have it all.
    assert texts[2].endswith("…") and longest.startswith(texts[2][:-1])
    assert f"{longest}: not rated yet" in (root.findtext("desc") or "")
    ys = [float(g.find("text").get("y", "")) for g in keys]  # type: ignore[union-attr]
    assert len(set(ys)) == 3  # one a row


def test_one_review_and_no_reviews_still_draw() -> None:
    root = _parse(journey_svg([Review(D(2026, 3, 9), {"home": 3})], AREAS))
    areas = _areas(root)
    assert len(_markers(areas["home"])) == 1
    assert all(not _markers(areas[k]) for k in KEYS[1:])
    empty = _parse(journey_svg([], AREAS))
    assert len(_areas(empty)) == 4
    assert "Home: not rated yet" in (empty.findtext("desc") or "")


def test_readable_on_a_320_pixel_phone_even_with_many_reviews() -> None:
    """The phone's page is about 290 pixels wide inside its margins: the text is drawn at
    12 pixels or more there, and the names of the reviews neither overlap nor leave the
    chart, the latest always named."""
    width = 340
    assert FONT * 290 / width >= 12
    start = D(2023, 1, 15)
    reviews = [
        Review(start + datetime.timedelta(days=45 * i), {"home": 1 + i % 5}) for i in range(24)
    ]
    root = _parse(journey_svg(reviews, AREAS, width=width))
    labels = _texts(root, "ev-plan-journey__review")
    spans = []
    for t in labels:
        x = float(t.get("x", ""))
        half = max(text_width(part, FONT) for part in t.itertext()) / 2
        assert x - half >= 0 and x + half <= width
        spans.append((x - half, x + half))
    for (_, right), (left, _) in zip(spans, spans[1:], strict=False):
        assert right < left
    last = reviews[-1].date
    assert list(labels[-1].itertext()) == [MONTHS[last.month - 1][:3], str(last.year)]
    assert 1 < len(labels) < len(reviews)


def test_a_chart_too_small_to_read_is_refused() -> None:
    with pytest.raises(ValueError, match="too small to read"):
        journey_svg(REVIEWS, AREAS, height=80)


# --- General rules ----------------------------------------------------------------------

ratings = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
review = st.builds(
    lambda day, values: (day, dict(zip(KEYS, values, strict=True))),
    st.dates(min_value=D(2024, 1, 1), max_value=D(2027, 12, 31)),
    st.tuples(*[ratings] * len(KEYS)),
)
journeys = st.lists(review, max_size=8, unique_by=lambda r: r[0]).map(
    lambda rs: [Review(day, values) for day, values in rs]
)


@given(journeys)
def test_the_words_follow_the_last_two_ratings(reviews: list[Review]) -> None:
    lines = journey_words(reviews, AREAS)
    in_order = sorted(reviews, key=lambda r: r.date)
    for key, line in zip(KEYS, lines, strict=True):
        rated = [(r.date, v) for r in in_order if (v := r.ratings[key]) is not None]
        assert line.startswith(f"{AREAS[key]}: ")
        assert ("not rated yet" in line) == (not rated)
        assert ("first rated in" in line) == (len(rated) == 1)
        after = line.split(": ", 1)[1]
        if len(rated) >= 2:
            (before_day, before), (_, latest) = rated[-2], rated[-1]
            assert after.startswith("better since ") == (latest > before)
            assert after.startswith("worse since ") == (latest < before)
            assert after.startswith("the same since ") == (latest == before)
            # Named by its month; with its day if another review was that month; with
            # its year if the reviews are in more than one year.
            when = MONTHS[before_day.month - 1]
            same_month = (before_day.year, before_day.month)
            if sum((r.date.year, r.date.month) == same_month for r in reviews) > 1:
                when = f"{before_day.day} {when}"
            if len({r.date.year for r in reviews}) > 1:
                when = f"{when} {before_day.year}"
            assert after.split(".")[0].endswith(f" since {when}")
        left_out = bool(rated) and in_order[-1].ratings[key] is None
        assert ("Not rated in" in line) == left_out


@given(journeys, st.randoms(use_true_random=False))
def test_order_does_not_matter_and_the_table_matches(
    reviews: list[Review], shuffle: random.Random
) -> None:
    mixed = list(reviews)
    shuffle.shuffle(mixed)
    assert journey_words(mixed, AREAS) == journey_words(reviews, AREAS)
    table = journey_table(mixed, AREAS)
    in_order = sorted(reviews, key=lambda r: r.date)
    assert len(table.rows) == len(reviews)
    for row, r in zip(table.rows, in_order, strict=True):
        assert row[0] == f"{r.date.day} {MONTHS[r.date.month - 1]} {r.date.year}"
        for cell, key in zip(row[1:], KEYS, strict=True):
            rating = r.ratings[key]
            assert (cell == "Not rated") == (rating is None)
            assert rating is None or cell.endswith(f"({rating})")


@given(journeys)
def test_the_chart_has_a_marker_for_every_rating(reviews: list[Review]) -> None:
    root = _parse(journey_svg(reviews, AREAS))
    areas = _areas(root)
    for key in KEYS:
        assert len(areas[key].findall("path")) == 1
        assert len(_markers(areas[key])) == sum(r.ratings[key] is not None for r in reviews)
