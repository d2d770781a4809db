"""Scoring for standards: scales, spreads of answers, privacy, gaps and the honest appraisal.

This module is pure: it uses the standard library only, so every rule here can be read,
tested and checked without a database. The views and reports turn its results into pages.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def gettext_noop(text: str) -> str:
    """Mark words for the translation catalogue without translating them here. This module
    has no Django: pages translate the words they show (a scale's name and labels, the
    trend), and the sentences below take a `translate` function."""
    return text


def _as_is(text: str) -> str:
    return text


DONT_KNOW_LABEL = gettext_noop("Don't know")
NO_ANSWER_LABEL = gettext_noop("No answer")


# --- Scales ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One point on a scale: the number stored, the words shown, and a short symbol shown
    beside the words (so the meaning never rests on colour or on reading alone)."""

    value: int
    label: str
    symbol: str


@dataclass(frozen=True)
class Scale:
    """A rating scale: at least two points, numbered from lowest to highest with no repeats.
    `dont_know` says whether people are offered "Don't know" as well."""

    key: str
    name: str
    points: tuple[Point, ...]
    dont_know: bool

    def __post_init__(self) -> None:
        values = [p.value for p in self.points]
        if len(values) < 2 or values != sorted(set(values)):
            raise ValueError("A scale needs at least two points, in rising order, no repeats.")

    @property
    def lowest(self) -> int:
        """The lowest value on the scale."""
        return self.points[0].value

    @property
    def highest(self) -> int:
        """The highest value on the scale."""
        return self.points[-1].value

    def label(self, value: int) -> str:
        """The words for a value. A value not on the scale is an error (ValueError)."""
        for point in self.points:
            if point.value == value:
                return point.label
        raise ValueError(f"{value!r} is not on the scale {self.key!r}.")

    def is_valid(self, value: int) -> bool:
        """True when the value is one of the scale's points."""
        return any(p.value == value for p in self.points)


EASY_READ_4 = Scale(
    key="easy_read_4",
    name=gettext_noop("Easy read: four points"),
    points=(
        Point(1, gettext_noop("Not yet"), "○"),
        Point(2, gettext_noop("Starting"), "◔"),
        Point(3, gettext_noop("Getting there"), "◑"),
        Point(4, gettext_noop("Doing it well"), "●"),
    ),
    dont_know=True,
)

FIVE_POINT = Scale(
    key="five_point",
    name=gettext_noop("1 to 5"),
    points=(
        Point(1, gettext_noop("We have not started"), "1"),
        Point(2, gettext_noop("We have made a start"), "2"),
        Point(3, gettext_noop("We are getting there"), "3"),
        Point(4, gettext_noop("We do this most of the time"), "4"),
        Point(5, gettext_noop("It is how we always work"), "5"),
    ),
    dont_know=False,
)

SCALES: dict[str, Scale] = {s.key: s for s in (EASY_READ_4, FIVE_POINT)}


# --- Spreads --------------------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    """How the answers to one statement (or a theme, or a group) fell.

    `counts` holds every point on the scale, with zeros, and how many people chose it.
    "Don't know" and "No answer" are counted apart and never change the mean.
    """

    scale: Scale
    counts: dict[int, int]
    dont_know: int = 0
    no_answer: int = 0

    def __post_init__(self) -> None:
        if set(self.counts) != {p.value for p in self.scale.points}:
            raise ValueError("A spread must count every point on its scale, and nothing else.")
        if min(self.counts.values()) < 0 or self.dont_know < 0 or self.no_answer < 0:
            raise ValueError("Counts cannot be negative.")

    @property
    def answered(self) -> int:
        """How many people chose a point on the scale."""
        return sum(self.counts.values())

    @property
    def total(self) -> int:
        """Everyone counted: those who answered, said "Don't know", or gave no answer."""
        return self.answered + self.dont_know + self.no_answer

    @property
    def mean(self) -> float | None:
        """The average of the points chosen. None when nobody chose a point."""
        if self.answered == 0:
            return None
        return sum(v * c for v, c in self.counts.items()) / self.answered

    @property
    def percent(self) -> float | None:
        """The mean put on a 0 to 100 line: the lowest point is 0, the highest is 100."""
        if self.answered == 0:
            return None
        lo, hi = self.scale.lowest, self.scale.highest
        # Worked in whole numbers until the one division, so 60 comes out as exactly 60.
        above_lowest = sum((v - lo) * c for v, c in self.counts.items())
        return above_lowest * 100 / ((hi - lo) * self.answered)

    def share(self, value: int) -> float:
        """The part (0 to 1) of those who answered who chose this value. 0 if nobody answered."""
        if self.answered == 0:
            return 0.0
        return self.counts.get(value, 0) / self.answered

    def merged(self, other: Spread) -> Spread:
        """Two spreads added together. They must use the same scale (ValueError if not)."""
        if other.scale != self.scale:
            raise ValueError("Only spreads on the same scale can be added together.")
        return Spread(
            scale=self.scale,
            counts={v: c + other.counts[v] for v, c in self.counts.items()},
            dont_know=self.dont_know + other.dont_know,
            no_answer=self.no_answer + other.no_answer,
        )


def spread(
    scale: Scale, counts: Mapping[int | None, int], dont_know: int = 0, no_answer: int = 0
) -> Spread:
    """Build a spread from a count of answers. A count under the key None means "no answer".
    Points missing from `counts` count as 0. A value not on the scale is an error (ValueError)."""
    table = {p.value: 0 for p in scale.points}
    for value, count in counts.items():
        if value is None:
            no_answer += count
        elif value in table:
            table[value] += count
        else:
            raise ValueError(f"{value!r} is not on the scale {scale.key!r}.")
    return Spread(scale=scale, counts=table, dont_know=dont_know, no_answer=no_answer)


# --- Privacy --------------------------------------------------------------------------


def suppressed(sizes: Mapping[K, int], minimum: int) -> set[K]:
    """The groups that must not be shown broken down, so nobody in a small group can be picked out.

    `sizes` is how many people are in each group of one split (for example each perspective,
    plus "none given"). First rule: a group with at least one person but fewer than `minimum`
    is hidden. Second rule: if exactly one group is hidden by the first rule, the smallest other
    group with people in it is hidden too, so the hidden group cannot be worked out by taking
    the others from the total. Ties go to the key that sorts first as text. Empty groups are
    never hidden: there is nobody to identify.
    """
    if any(size < 0 for size in sizes.values()):
        raise ValueError("Group sizes cannot be negative.")
    hidden = {key for key, size in sizes.items() if 0 < size < minimum}
    if len(hidden) == 1:
        others = sorted(
            ((size, str(key)), key) for key, size in sizes.items() if size > 0 and key not in hidden
        )
        if others:
            hidden.add(others[0][1])
    return hidden


def is_shown(size: int, minimum: int) -> bool:
    """True when a group (or the whole total) is big enough to show: at least `minimum` people."""
    return size >= minimum


# --- Gaps between two groups ----------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """The gap between how two groups rated one statement, with a Mann–Whitney test.

    `difference` is group a's mean take group b's. `u` counts, over every pair of one person
    from a and one from b, the pairs where a rated higher (a tie counts a half). `z` and
    `p_value` come from the normal approximation, corrected for ties, with the 0.5 continuity
    correction. `effect` runs from -1 (b always higher) to 1 (a always higher).
    """

    n_a: int
    n_b: int
    mean_a: float
    mean_b: float
    difference: float
    u: float
    z: float
    p_value: float
    effect: float

    def is_real(self, alpha: float = 0.05, min_difference: float = 0.5) -> bool:
        """A gap is real when it is unlikely to be chance (p below `alpha`), is at least
        `min_difference` scale points, and each group has at least two answers."""
        return (
            self.p_value < alpha
            and abs(self.difference) >= min_difference
            and self.n_a >= 2
            and self.n_b >= 2
        )


def _answered(table: Mapping[int, int]) -> dict[int, int]:
    if any(count < 0 for count in table.values()):
        raise ValueError("Counts cannot be negative.")
    return {value: count for value, count in table.items() if count > 0}


def gap_test(a: Mapping[int, int], b: Mapping[int, int]) -> Gap | None:
    """Test the gap between two groups, each given as value -> number of people.

    Leave out "Don't know" and "No answer" before calling. The test works straight from the
    counts (tied answers share the middle rank), so large groups cost nothing extra.
    None when either group has no answers. When every answer is the same, z is 0 and p is 1.
    """
    a, b = _answered(a), _answered(b)
    n_a, n_b = sum(a.values()), sum(b.values())
    if n_a == 0 or n_b == 0:
        return None
    n = n_a + n_b
    # Ranks are doubled so every sum stays a whole number (a midrank can end in a half).
    below = 0
    twice_rank_sum_a = 0
    ties = 0  # sum of t**3 - t over each run of tied values
    for value in sorted(set(a) | set(b)):
        t = a.get(value, 0) + b.get(value, 0)
        twice_rank_sum_a += a.get(value, 0) * (2 * below + t + 1)
        ties += t**3 - t
        below += t
    u = (twice_rank_sum_a - n_a * (n_a + 1)) / 2
    mean_a = sum(v * c for v, c in a.items()) / n_a
    mean_b = sum(v * c for v, c in b.items()) / n_b
    # Variance of U: n_a*n_b/12 * ((n+1) - ties/(n(n-1))), kept exact as a fraction.
    numerator = n_a * n_b * ((n + 1) * n * (n - 1) - ties)
    if numerator <= 0:
        z, p_value = 0.0, 1.0
    else:
        sigma = math.sqrt(numerator / (12 * n * (n - 1)))
        offset = u - n_a * n_b / 2
        z = math.copysign(max(abs(offset) - 0.5, 0.0), offset) / sigma
        p_value = min(1.0, math.erfc(abs(z) / math.sqrt(2)))
    return Gap(
        n_a=n_a,
        n_b=n_b,
        mean_a=mean_a,
        mean_b=mean_b,
        difference=mean_a - mean_b,
        u=u,
        z=z,
        p_value=p_value,
        effect=2 * u / (n_a * n_b) - 1,
    )


def gap_sentence(
    a_name: str,
    b_name: str,
    gap: Gap,
    scale: Scale,
    translate: Callable[[str], str] = _as_is,
) -> str:
    """The gap in plain words, with both means to one decimal place and the top of the scale.

    A real gap says who rates higher and that it is unlikely to be chance. A small gap says
    the two rate it about the same. A bigger gap that is not real says it could be chance.
    Names are used exactly as given. `translate` turns the words into the reader's language
    (they stay English without it).
    """
    _ = translate
    figures = {
        "a": a_name,
        "b": b_name,
        "a_mean": f"{gap.mean_a:.1f}",
        "b_mean": f"{gap.mean_b:.1f}",
        "top": scale.highest,
    }
    if not gap.is_real() and abs(gap.difference) < 0.5:
        return (
            _(
                "The %(a)s and %(b)s groups score this about the same: "
                "%(a_mean)s and %(b_mean)s, out of %(top)s."
            )
            % figures
        )
    if gap.difference > 0:
        said = _(
            "The %(a)s group scores this higher than the %(b)s group: "
            "%(a_mean)s against %(b_mean)s, out of %(top)s."
        )
    else:
        said = _(
            "The %(a)s group scores this lower than the %(b)s group: "
            "%(a_mean)s against %(b_mean)s, out of %(top)s."
        )
    if gap.is_real():
        return f"{said % figures} {_('A gap this big is unlikely to be chance.')}"
    return f"{said % figures} {_('The difference could be chance.')}"


# --- The honest appraisal -------------------------------------------------------------


@dataclass(frozen=True)
class StatementResult:
    """One statement's results: the caller's id for it, its plain wording, and its spread."""

    key: str
    text: str
    spread: Spread


@dataclass(frozen=True)
class GapFinding:
    """A gap between two named groups on one statement, and the sentence that says it."""

    key: str
    text: str
    a_name: str
    b_name: str
    gap: Gap
    sentence: str = ""


@dataclass(frozen=True)
class Appraisal:
    """The honest appraisal: what is going well, what needs the most work, where people
    disagree, and a short summary in plain words."""

    strengths: list[StatementResult]
    weakest: list[StatementResult]
    gaps: list[GapFinding]
    summary: list[str]


def _listed(texts: Sequence[str]) -> str:
    return "; ".join(t.strip().rstrip(".").strip() for t in texts) + "."


def appraise(
    results: Sequence[StatementResult],
    gaps: Sequence[GapFinding],
    minimum_answers: int = 1,
    translate: Callable[[str], str] = _as_is,
) -> Appraisal:
    """Pick out strengths, the weakest statements and the real gaps, and say so plainly.

    Statements with fewer than `minimum_answers` answers are left out. Strengths are up to
    three statements with the highest score, and only those scoring 60 or more where no
    two groups see it differently (a real gap means some people do not think it is going
    well, whatever the average says). The weakest
    are up to three with the lowest score that are not already strengths. Gaps are up to
    three real gaps, biggest first. Ties are settled by the statement's key. `translate`
    turns the summary into the reader's language (it stays English without it).
    """
    _ = translate
    counted: list[tuple[float, StatementResult]] = []
    for result in results:
        percent = result.spread.percent
        if percent is not None and result.spread.answered >= minimum_answers:
            counted.append((percent, result))
    split = {g.key for g in gaps if g.gap.is_real()}
    high_first = sorted(counted, key=lambda pr: (-pr[0], pr[1].key))
    strengths = [r for p, r in high_first if p >= 60 and r.key not in split][:3]
    strong_keys = {r.key for r in strengths}
    low_first = sorted(counted, key=lambda pr: (pr[0], pr[1].key))
    weakest = [r for _, r in low_first if r.key not in strong_keys][:3]
    real = [g for g in gaps if g.gap.is_real()]
    real.sort(key=lambda g: (-abs(g.gap.difference), g.key, g.a_name, g.b_name))
    top_gaps = real[:3]

    summary: list[str] = []
    if not counted:
        summary.append(_("There are not enough answers yet to say how you are doing."))
    else:
        if strengths:
            summary.append(
                _("You are doing well on: %(statements)s")
                % {"statements": _listed([r.text for r in strengths])}
            )
        else:
            summary.append(_("Nothing has a high score yet."))
        if weakest:
            summary.append(
                _("These need the most work: %(statements)s")
                % {"statements": _listed([r.text for r in weakest])}
            )
    if top_gaps:
        texts = list(dict.fromkeys(g.text for g in top_gaps))
        summary.append(
            _("People see these differently: %(statements)s") % {"statements": _listed(texts)}
        )
    return Appraisal(strengths=strengths, weakest=weakest, gaps=top_gaps, summary=summary)


# --- The journey over rounds ----------------------------------------------------------


@dataclass(frozen=True)
class JourneyPoint:
    """One round on the journey: its name and its score (None if too few answered to show)."""

    label: str
    percent: float | None


def trend_word(points: Sequence[JourneyPoint]) -> str:
    """Compare the first and last rounds that have a score. "better" if up by 5 or more,
    "worse" if down by 5 or more, otherwise "about the same". With fewer than two scored
    rounds: "not enough rounds yet". Pages translate the word (it is marked for that)."""
    scored = [p.percent for p in points if p.percent is not None]
    if len(scored) < 2:
        return gettext_noop("not enough rounds yet")
    change = scored[-1] - scored[0]
    if change >= 5:
        return gettext_noop("better")
    if change <= -5:
        return gettext_noop("worse")
    return gettext_noop("about the same")
