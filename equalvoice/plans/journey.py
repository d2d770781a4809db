"""The journey in a person's plan: how things are for each area (home, wellbeing,
community, goals) at each review, rated from 1 (very bad) to 5 (very good), shown in
words ("Community: better since March"), as rows for a table and as an SVG chart.

The chart is a picture of the table, never the only place a rating is: the page shows
the words and the table beside it. The chart's text is drawn in the page's own font, in
the page's text colour (so high contrast works), and no area is told apart by colour
alone: each has its own marker shape and line pattern too.

Pure Python, no Django: it imports only core/charts.py, which is pure."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Protocol

from equalvoice.core.charts import text_width, wrap

AREAS: dict[str, str] = {
    "home": "Home",
    "wellbeing": "Wellbeing",
    "community": "Community",
    "goals": "Goals",
}
"""The areas a person rates at each review, in the order they are shown, with their names."""

LOWEST, HIGHEST = 1, 5
RATING_WORDS: dict[int, str] = {1: "Very bad", 2: "Bad", 3: "OK", 4: "Good", 5: "Very good"}
"""The words for each rating, as the faces show them."""

NOT_RATED = "Not rated"

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Words:
    """Every word the journey says, in one language: English here; the app passes the
    reader's language (`selectors.journey_words_now`). Each sentence has named
    placeholders, so that a language may put them in its own order."""

    months: tuple[str, ...] = MONTHS
    ratings: Mapping[int, str] = field(default_factory=lambda: dict(RATING_WORDS))
    not_rated: str = NOT_RATED
    not_rated_yet: str = "%(area)s: not rated yet"
    first_rated: str = "%(area)s: first rated in %(when)s"
    better: str = "%(area)s: better since %(when)s"
    worse: str = "%(area)s: worse since %(when)s"
    same: str = "%(area)s: the same since %(when)s"
    not_rated_in: str = "%(line)s. Not rated in %(when)s"
    day_month: str = "%(day)s %(month)s"
    date: str = "%(day)s %(month)s %(year)s"
    review: str = "Review"
    title: str = "How things have been at each review"
    description: str = (
        "Ratings from 1, very bad, to 5, very good, for each area at each review. "
        "%(words)s. The table has the same ratings."
    )


ENGLISH = Words()


class ReviewLike(Protocol):
    """Anything with a date and ratings by area key (a rating left out is missing or None)."""

    @property
    def date(self) -> datetime.date: ...

    @property
    def ratings(self) -> Mapping[str, object]: ...


@dataclass(frozen=True)
class Review:
    """One review: when it was, and the rating for each area the person rated."""

    date: datetime.date
    ratings: Mapping[str, int | None]


@dataclass(frozen=True)
class Table:
    """The journey as a table: `head` names the columns ("Review", then each area) and
    each row is the review's date, then each area's rating in words or "Not rated"."""

    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class _Checked:
    date: datetime.date
    ratings: dict[str, int]


def rating_text(rating: int | None, words: Words = ENGLISH) -> str:
    """A rating as a table shows it: "Good (4)", or "Not rated"."""
    return words.not_rated if rating is None else f"{words.ratings[rating]} ({rating})"


def _area_names(areas: Mapping[str, str] | Sequence[str]) -> dict[str, str]:
    if isinstance(areas, Mapping):
        return dict(areas)
    unknown = [key for key in areas if key not in AREAS]
    if unknown:
        raise ValueError(f"{unknown[0]!r} is not an area. The areas are: {', '.join(AREAS)}.")
    return {key: AREAS[key] for key in areas}


def _checked(reviews: Sequence[ReviewLike]) -> list[_Checked]:
    """The reviews, oldest first, each rating checked. A rating must be a whole number
    from 1 to 5; a rating left out (missing or None) is not rated."""
    out = []
    for review in reviews:
        when = review.date
        if isinstance(when, datetime.datetime):
            when = when.date()
        if not isinstance(when, datetime.date):
            raise ValueError(f"Each review needs a date, not {when!r}.")
        ratings: dict[str, int] = {}
        for area, rating in review.ratings.items():
            if rating is None:
                continue
            if (
                isinstance(rating, bool)
                or not isinstance(rating, int)
                or not LOWEST <= rating <= HIGHEST
            ):
                raise ValueError(
                    f"{AREAS.get(area, area)}: a rating must be a whole number from 1 to 5 "
                    f"(very bad to very good), not {rating!r}."
                )
            ratings[area] = rating
        out.append(_Checked(when, ratings))
    return sorted(out, key=lambda r: r.date)


def _labeller(
    dates: Sequence[datetime.date], words: Words = ENGLISH
) -> Callable[..., tuple[str, str]]:
    """How to name a review in words: by its month ("March"); with its day when another
    review was in the same month ("3 March"); with its year when the reviews are in more
    than one year ("March 2025")."""
    years = {d.year for d in dates}
    months = [(d.year, d.month) for d in dates]

    def label(d: datetime.date, short: bool = False) -> tuple[str, str]:
        month = words.months[d.month - 1][:3] if short else words.months[d.month - 1]
        if months.count((d.year, d.month)) > 1:
            return words.day_month % {"day": d.day, "month": month}, (
                str(d.year) if len(years) > 1 else ""
            )
        first = month
        return first, (str(d.year) if len(years) > 1 else "")

    return label


def journey_words(
    reviews: Sequence[ReviewLike],
    areas: Mapping[str, str] | Sequence[str] = AREAS,
    words: Words = ENGLISH,
) -> list[str]:
    """One line in easy words for each area, comparing its latest rating with the one
    before it: "Community: better since March", "Home: worse since March", "Goals: the
    same since March"; "Wellbeing: first rated in March" when it has one rating, and
    "Home: not rated yet" when it has none. When the latest review left the area out,
    the line says so: "Community: better since January. Not rated in June."

    `areas` maps each area key to its name (or lists keys of AREAS)."""
    checked = _checked(reviews)
    names = _area_names(areas)
    label = _labeller([r.date for r in checked], words)

    def when(d: datetime.date) -> str:
        return " ".join(part for part in label(d) if part)

    lines = []
    for key, name in names.items():
        rated = [r for r in checked if key in r.ratings]
        if not rated:
            lines.append(words.not_rated_yet % {"area": name})
            continue
        if len(rated) == 1:
            line = words.first_rated % {"area": name, "when": when(rated[0].date)}
        else:
            before, latest = rated[-2].ratings[key], rated[-1].ratings[key]
            said = (
                words.better if latest > before else words.worse if latest < before else words.same
            )
            line = said % {"area": name, "when": when(rated[-2].date)}
        if rated[-1] is not checked[-1]:
            line = words.not_rated_in % {"line": line, "when": when(checked[-1].date)}
        lines.append(line)
    return lines


def journey_table(
    reviews: Sequence[ReviewLike],
    areas: Mapping[str, str] | Sequence[str] = AREAS,
    words: Words = ENGLISH,
) -> Table:
    """The journey as a table for everyone (and screen readers): a row for each review,
    oldest first, with its date ("3 March 2026") and each area's rating ("Good (4)") or
    "Not rated"."""
    checked = _checked(reviews)
    names = _area_names(areas)
    rows = tuple(
        (
            words.date
            % {"day": r.date.day, "month": words.months[r.date.month - 1], "year": r.date.year},
            *(rating_text(r.ratings.get(key), words) for key in names),
        )
        for r in checked
    )
    return Table(head=(words.review, *names.values()), rows=rows)


# --- The chart ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Look:
    colour: str
    dashes: str  # "" for a solid line
    marker: str  # circle, square, triangle or diamond


# Each colour has a contrast of at least 3 to 1 with both white and black, so the lines
# show on the normal page and in high contrast. Shapes and patterns tell areas apart
# without colour.
LOOKS = (
    _Look("#1d70b8", "", "circle"),
    _Look("#b35a00", "9 5", "square"),
    _Look("#00703c", "2 5", "triangle"),
    _Look("#8a5cd6", "12 5 2 5", "diamond"),
)

FONT, LINE = 15, 18  # text size and line height, in the drawing's units
FACE = 7  # the radius of a face beside each rating's words
MARK = 5  # the radius of a marker
PAD = 6
KEY_TEXT = 46  # room for the line and marker before an area's name in the key, and after


def _marker(shape: str, x: float, y: float, colour: str, r: float = MARK) -> str:
    cls = f'class="ev-plan-journey__marker ev-plan-journey__marker--{shape}"'
    if shape == "circle":
        return f'<circle {cls} cx="{x:g}" cy="{y:g}" r="{r:g}" fill="{colour}"/>'
    if shape == "square":
        s = r * 0.9
        return (
            f'<rect {cls} x="{x - s:g}" y="{y - s:g}" width="{2 * s:g}" height="{2 * s:g}" '
            f'fill="{colour}"/>'
        )
    if shape == "triangle":
        s = r * 1.2
        points = f"{x:g},{y - s:g} {x + s:g},{y + s * 0.8:g} {x - s:g},{y + s * 0.8:g}"
    else:  # diamond
        s = r * 1.25
        points = f"{x:g},{y - s:g} {x + s:g},{y:g} {x:g},{y + s:g} {x - s:g},{y:g}"
    return f'<polygon {cls} points="{points}" fill="{colour}"/>'


def _face(rating: int, x: float, y: float) -> str:
    """A simple face: a frown at 1, a straight mouth at 3, a big smile at 5."""
    bend = (rating - 3) * 2.2
    mouth = f"M{x - 3.5:g},{y + 2.5:g} Q{x:g},{y + 2.5 + bend:g} {x + 3.5:g},{y + 2.5:g}"
    return (
        f'<g class="ev-plan-journey__face" fill="none" stroke="currentColor" '
        f'stroke-width="1.5" stroke-linecap="round">'
        f'<circle cx="{x:g}" cy="{y:g}" r="{FACE}"/>'
        f'<circle cx="{x - 2.5:g}" cy="{y - 2:g}" r="0.6"/>'
        f'<circle cx="{x + 2.5:g}" cy="{y - 2:g}" r="0.6"/>'
        f'<path d="{mouth}"/></g>'
    )


def face_svg(rating: int) -> str:
    """The face for a rating on its own, for the choices on the review form: a small
    picture beside the words, hidden from screen readers (the words say it)."""
    if not LOWEST <= rating <= HIGHEST:
        raise ValueError(f"A rating is a whole number from 1 to 5, not {rating!r}.")
    box = 2 * FACE + 2
    return (
        f'<svg class="ev-face ev-face--{rating}" viewBox="0 0 {box} {box}" width="40" '
        f'height="40" aria-hidden="true" focusable="false">'
        f"{_face(rating, box / 2, box / 2)}</svg>"
    )


def _x_labels(
    dates: Sequence[datetime.date], slot: float, words: Words = ENGLISH
) -> tuple[list[tuple[str, str] | None], int]:
    """The label under each review, full month names if they fit their slot, else short
    ones; if even those do not fit, only every few reviews are named, always the latest.
    Returns the labels (None for a review not named) and how many lines they take."""
    label = _labeller(dates, words)
    labels = [label(d) for d in dates]
    every = _every(labels, slot)
    if every > 1:
        labels = [label(d, short=True) for d in dates]
        every = _every(labels, slot)
    last = len(dates) - 1
    shown = [pair if (last - i) % every == 0 else None for i, pair in enumerate(labels)]
    return shown, 2 if labels[0][1] else 1


def _every(labels: Sequence[tuple[str, str]], slot: float) -> int:
    """Name every review, or every second, third… so that the names do not meet. A name
    wider than its slot may be moved in from the edge of the chart: leave room for that."""
    widest = max(text_width(part, FONT) for pair in labels for part in pair)
    every = 1
    while widest + max(0.0, (widest - slot) / 2) > slot * every - PAD:
        every += 1
    return every


def journey_svg(
    reviews: Sequence[ReviewLike],
    areas: Mapping[str, str] | Sequence[str] = AREAS,
    *,
    width: int = 340,
    height: int = 260,
    label_id: str = "plan-journey",
    language: Words = ENGLISH,
) -> str:
    """The journey as an SVG chart, to put straight into the page.

    A line for each area across the reviews (oldest on the left), with a gap where the
    person left that area out; each area has its own colour, marker shape and line
    pattern, named in a key at the top. Up the side, the ratings 1 to 5 in words, with a
    face. Along the bottom, the reviews by month. `role="img"` with a `<title>` and a
    `<desc>` (the journey in words) for screen readers; the table says the same.

    `width` and `height` are the drawing's size in its own units: it is drawn at
    `width="100%"` and scales with the page. At the default width its text is about 13
    pixels high on a 320 pixel phone; give it a max-width in CSS so it does not grow too
    large on a wide screen. `label_id` starts the ids of the title and description, which
    must be unique on the page."""
    checked = _checked(reviews)
    names = _area_names(areas)
    if len(names) > len(LOOKS):
        raise ValueError(f"The chart can show at most {len(LOOKS)} areas.")
    dates = [r.date for r in checked]

    # The key: two areas a row, or one when a name is too long for half the width.
    per_row = 2
    if any(text_width(name, FONT) > (width - 2 * PAD) / 2 - KEY_TEXT for name in names.values()):
        per_row = 1
    column = (width - 2 * PAD) / per_row
    key_rows = -(-len(names) // per_row)
    top = PAD + key_rows * LINE + LINE
    left = PAD + 2 * FACE + 4 + max(text_width(w, FONT) for w in language.ratings.values()) + PAD
    right = width - PAD - MARK
    plot_width = right - left
    slot = plot_width / max(len(dates), 1)
    x_labels, label_lines = _x_labels(dates, slot, language) if dates else ([], 1)
    bottom = height - PAD - label_lines * LINE
    step = (bottom - top) / (HIGHEST - LOWEST)
    if step < 2 * LINE:
        raise ValueError("The chart is too small to read: make it taller.")
    mark = min(MARK, max(2.0, slot / 2.5))  # smaller markers when there are many reviews

    def y_of(rating: float) -> float:
        return round(bottom - (rating - LOWEST) * step, 1)

    def x_of(i: int) -> float:
        return round(left + slot * (i + 0.5), 1)

    words = journey_words(checked, names, language)
    title = language.title
    desc = language.description % {"words": ". ".join(words)}
    out = [
        f'<svg class="ev-chart ev-chart--plan-journey" width="100%" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{escape(label_id)}-title {escape(label_id)}-desc" '
        f'font-family="inherit" font-size="{FONT}" fill="currentColor" focusable="false">',
        f'<title id="{escape(label_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(label_id)}-desc">{escape(desc)}</desc>',
    ]

    # The ratings up the side: a grid line, a face and the words for each.
    for rating in range(LOWEST, HIGHEST + 1):
        y = y_of(rating)
        out.append(
            f'<line class="ev-plan-journey__grid" x1="{left:g}" x2="{right:g}" '
            f'y1="{y:g}" y2="{y:g}" stroke="currentColor" stroke-opacity="0.3"/>'
        )
        out.append(_face(rating, PAD + FACE, y))
        out.append(
            f'<text class="ev-plan-journey__rating" x="{PAD + 2 * FACE + 4:g}" y="{y:g}" '
            f'dominant-baseline="middle">{escape(language.ratings[rating])}</text>'
        )

    # The reviews along the bottom.
    for i, pair in enumerate(x_labels):
        x = x_of(i)
        out.append(
            f'<line class="ev-plan-journey__tick" x1="{x:g}" x2="{x:g}" y1="{bottom:g}" '
            f'y2="{bottom + 4:g}" stroke="currentColor"/>'
        )
        if pair is None:
            continue
        half = max(text_width(part, FONT) for part in pair) / 2
        x = round(max(PAD + half, min(x, width - PAD - half)), 1)
        spans = "".join(
            f'<tspan x="{x:g}" dy="{0 if n == 0 else LINE}">{escape(part)}</tspan>'
            for n, part in enumerate(p for p in pair if p)
        )
        out.append(
            f'<text class="ev-plan-journey__review" x="{x:g}" y="{bottom + 4 + FONT:g}" '
            f'text-anchor="middle">{spans}</text>'
        )

    # The key, then a line and markers for each area. Lines sit a little apart, so two
    # areas with the same rating both show.
    for n, (key, name) in enumerate(names.items()):
        look = LOOKS[n]
        dash = f' stroke-dasharray="{look.dashes}"' if look.dashes else ""
        kx = PAD + column * (n % per_row)
        ky = PAD + LINE * (n // per_row) + LINE / 2
        shown = (wrap(name, column - KEY_TEXT, FONT, lines=1) or [""])[0]
        out.append(
            f'<g class="ev-plan-journey__key ev-plan-journey__key--{escape(key)}">'
            f'<line x1="{kx:g}" x2="{kx + 36:g}" y1="{ky:g}" y2="{ky:g}" '
            f'stroke="{look.colour}" stroke-width="3"{dash}/>'
            f"{_marker(look.marker, kx + 18, ky, look.colour)}"
            f'<text x="{kx + KEY_TEXT - 4:g}" y="{ky:g}" dominant-baseline="middle">'
            f"{escape(shown)}</text>"
            "</g>"
        )
        nudge = (n - (len(names) - 1) / 2) * 4
        points = [
            (x_of(i), round(y_of(r.ratings[key]) + nudge, 1))
            for i, r in enumerate(checked)
            if key in r.ratings
        ]
        indexes = [i for i, r in enumerate(checked) if key in r.ratings]
        d = "".join(
            f"{'L' if j > 0 and indexes[j - 1] == i - 1 else 'M'}{x:g},{y:g}"
            for j, ((x, y), i) in enumerate(zip(points, indexes, strict=True))
        )
        out.append(
            f'<g class="ev-plan-journey__area ev-plan-journey__area--{escape(key)}">'
            f'<path class="ev-plan-journey__line" d="{d}" fill="none" stroke="{look.colour}" '
            f'stroke-width="3" stroke-linejoin="round"{dash}/>'
            + "".join(_marker(look.marker, x, y, look.colour, mark) for x, y in points)
            + "</g>"
        )
    out.append("</svg>")
    return "\n".join(out)
