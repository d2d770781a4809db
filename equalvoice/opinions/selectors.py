"""Reads with rules for conversations, and the results put into words.

Opinion groups and perspectives smaller than `EQUALVOICE_MIN_GROUP_SIZE` are never shown
broken down: their size is given as "fewer than 5" and their views are not listed."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from equalvoice.core import selectors as core
from equalvoice.core import waiting
from equalvoice.core.models import Group, User

from .models import Conversation, Participant, ResultsPeople, Statement, Vote
from .people import People, unpack

# Priority of a statement nobody has voted on yet (see docs/opinions.md, "priorities").
NEW_STATEMENT_PRIORITY = ((1 - 0.5) * (0 + 1) * 0.5 * (1 + 8)) ** 2


def conversations_for_group(group: Group) -> QuerySet[Conversation]:
    return Conversation.objects.filter(group=group).annotate(
        shown=Count("statements", filter=Q(statements__status=Statement.Status.SHOWN)),
        people=Count("participants", distinct=True),
    )


def conversation_for(user: User, org_slug: str, pk: int, with_results: bool = True) -> Conversation:
    """A conversation of a group the person can see; anything else is "not found".
    Pages that do not show the results leave them unread (`with_results=False`): on a big
    conversation they are large."""
    rows = core.in_groups_visible_to(user, org_slug, Conversation.objects.filter(pk=pk))
    rows = rows.select_related("organisation", "group", "initiative")
    if not with_results:
        rows = rows.defer("results", "engine_state")
    return core.first_or_404(rows, "No such conversation")


def statement_for(conversation: Conversation, pk: Any) -> Statement:
    try:
        return conversation.statements.get(pk=int(pk))
    except (TypeError, ValueError, Statement.DoesNotExist) as error:
        raise Http404("No such statement") from error


def waiting_statements(conversation: Conversation) -> QuerySet[Statement]:
    return conversation.statements.filter(status=Statement.Status.WAITING)


def people_in_results(conversation: Conversation) -> People:
    """Each participant's part of the latest results (place on the map, group)."""
    packed = (
        ResultsPeople.objects.filter(conversation=conversation)
        .values_list("packed", flat=True)
        .first()
    )
    return unpack(packed)


def group_of(conversation: Conversation, participant_id: int) -> int | None:
    """The opinion group a participant is in, in the latest results (None: in none)."""
    return people_in_results(conversation).group_of(participant_id)


def own_participant(conversation: Conversation, person: User) -> Participant | None:
    return Participant.objects.filter(conversation=conversation, person=person).first()


def perspectives_held(conversation: Conversation, person: User) -> list[str]:
    place = core.org_membership(person, conversation.organisation)
    return [p.name for p in place.perspectives.all()] if place else []


@dataclass
class Progress:
    voted: int
    total: int

    @property
    def left(self) -> int:
        return self.total - self.voted


def next_statement(
    conversation: Conversation, participant: Participant | None
) -> tuple[Statement | None, Progress]:
    """The next statement this person has not voted on, drawn with a chance in proportion
    to its priority (statements that tell groups apart, and new ones, come sooner). The
    draw is seeded by the person and how far they are, so reloading shows the same one."""
    shown = list(
        conversation.statements.filter(status=Statement.Status.SHOWN)
        .order_by("id")
        .values_list("id", flat=True)
    )
    done: set[int] = set()
    if participant is not None:
        done = set(
            Vote.objects.filter(participant=participant).values_list("statement_id", flat=True)
        )
    left = [s for s in shown if s not in done]
    progress = Progress(voted=len(shown) - len(left), total=len(shown))
    if not left:
        return None, progress
    priorities = _priorities(conversation)
    weights = [float(priorities.get(str(s), NEW_STATEMENT_PRIORITY)) + 1e-9 for s in left]
    seed = f"{conversation.pk}:{participant.pk if participant else 0}:{progress.voted}"
    chosen = random.Random(seed).choices(left, weights=weights)[0]
    return conversation.statements.get(pk=chosen), progress


# Each conversation's statement priorities, with when the results they come from were
# saved, kept by each process. The results are megabytes on a big conversation (33,422
# people: 2.5 MB), and the database reads all of them to take out the priorities (20 KB):
# reading them for every vote took most of a vote's time there (issue 25). Kept, they are
# read again once per results update, when `results_at` changes.
_PRIORITIES: dict[int, tuple[datetime, dict[str, float]]] = {}
_PRIORITIES_KEPT = 100  # conversations; past this the oldest kept is let go


def _priorities(conversation: Conversation) -> dict[str, float]:
    """The priorities of the conversation's latest results (`results_at` as read with the
    conversation; the results themselves may be left unread, see `conversation_for`)."""
    at = conversation.results_at
    kept = _PRIORITIES.get(conversation.pk)
    if at is not None and kept is not None and kept[0] == at:
        return kept[1]
    priorities: dict[str, float] = (
        Conversation.objects.filter(pk=conversation.pk)
        .values_list("results__priorities", flat=True)
        .first()
    ) or {}
    if at is not None:
        _PRIORITIES.pop(conversation.pk, None)
        _PRIORITIES[conversation.pk] = (at, priorities)
        while len(_PRIORITIES) > _PRIORITIES_KEPT:
            _PRIORITIES.pop(next(iter(_PRIORITIES)), None)
    return priorities


@dataclass
class OwnVote:
    """A person's own vote on a statement open for votes."""

    statement: Statement
    value: int

    @property
    def choice(self) -> str:
        """The vote as the form sends it: agree, disagree or pass."""
        return {1: "agree", -1: "disagree"}.get(self.value, "pass")

    @property
    def label(self) -> str:
        return str(Vote.Value(self.value).label)


@dataclass
class OwnVotes:
    votes: list[OwnVote]
    progress: Progress
    taken_out: int  # votes on statements a facilitator has since taken out


def own_votes(conversation: Conversation, person: User) -> OwnVotes:
    """The person's own votes on the statements open for votes, in the order the
    statements were added, and how many of their votes no longer count."""
    rows = Vote.objects.filter(
        participant__conversation=conversation, participant__person=person
    ).select_related("statement")
    votes, taken_out = [], 0
    for vote in sorted(rows, key=lambda v: v.statement_id):
        if vote.statement.status == Statement.Status.SHOWN:
            votes.append(OwnVote(vote.statement, vote.value))
        elif vote.statement.status == Statement.Status.HIDDEN:
            taken_out += 1
    shown = conversation.statements.filter(status=Statement.Status.SHOWN).count()
    return OwnVotes(votes, Progress(voted=len(votes), total=shown), taken_out)


# Results in words -------------------------------------------------------------------


def _letter(index: int) -> str:
    return string.ascii_uppercase[index % 26]


def _share(counts: dict[str, int]) -> tuple[int, int]:
    votes = counts.get("agree", 0) + counts.get("disagree", 0) + counts.get("pass", 0)
    return counts.get("agree", 0), votes


def _percent(agree: int, votes: int) -> int | None:
    return round(100 * agree / votes) if votes else None


def most_agree(counts: dict[str, int]) -> bool:
    """More than half of those who voted on the statement agreed (passes count as votes).
    No votes is not agreement."""
    agree, votes = _share(counts)
    return votes > 0 and 2 * agree > votes


@dataclass
class View:
    """One statement in a group's own view: the group leans to agreeing (`agrees`) or
    disagreeing with it more than the other groups do."""

    text: str
    agrees: bool
    agree: int
    disagree: int
    votes: int

    @property
    def count(self) -> int:
        """How many in the group voted the way it leans."""
        return self.agree if self.agrees else self.disagree

    @property
    def most(self) -> bool:
        """More than half of the group's votes on it go the way it leans. A group's best
        agree statement is listed even when this is not so (Polis's rule), and then the
        page must not say "mostly"."""
        return 2 * self.count > self.votes


@dataclass
class OpinionGroup:
    letter: str
    size: int
    shown: bool
    views: list[View] = field(default_factory=list)
    is_yours: bool = False


@dataclass
class Line:
    """A statement with how much everyone, and each group or perspective, agrees."""

    text: str
    agree_percent: int | None
    parts: list[tuple[str, int | None]]
    score: float = 0.0
    disagree_percent: int | None = None


@dataclass
class Split:
    text: str
    first: str
    second: str
    first_percent: int
    second_percent: int
    significant: bool


@dataclass
class Results:
    ready: bool
    updated_at: Any
    participants: int = 0
    votes: int = 0
    small: int = 5
    groups: list[OpinionGroup] = field(default_factory=list)
    # Statements more than half of every opinion group agrees with (small groups too),
    # best first by group-informed consensus; `parts` only for groups big enough to show.
    common_ground: list[Line] = field(default_factory=list)
    agreed: list[Line] = field(default_factory=list)
    disagreed: list[Line] = field(default_factory=list)
    # The same over the perspectives shown (`perspectives`).
    perspective_ground: list[Line] = field(default_factory=list)
    perspectives: list[tuple[str, int]] = field(default_factory=list)
    left_out: int = 0
    splits: list[Split] = field(default_factory=list)
    # New votes or changes are waiting to be worked into the results.
    stale: bool = False
    # When the results were worked out, in the reader's words ("today at 21:30").
    updated_when: str = ""

    @property
    def hidden_groups(self) -> int:
        """Opinion groups too small to show broken down."""
        return sum(1 for g in self.groups if not g.shown)

    @property
    def not_grouped(self) -> int:
        """People the results count who are in no opinion group yet (they have voted on
        too few statements to be placed)."""
        return max(0, self.participants - sum(g.size for g in self.groups))

    @property
    def counted(self) -> str:
        """How many votes the results count, and from how many people."""
        votes = ngettext("%(n)s vote", "%(n)s votes", self.votes) % {"n": _number(self.votes)}
        return ngettext(
            "These results count %(votes)s from %(n)s person.",
            "These results count %(votes)s from %(n)s people.",
            self.participants,
        ) % {"votes": votes, "n": _number(self.participants)}


def _number(n: int) -> str:
    return number_format(n, force_grouping=True)


def when_updated(at: datetime, now: datetime) -> str:
    """When results were worked out, as a person says it, in local time: "less than a
    minute ago", "3 minutes ago" within the hour, then "today at 21:30", "yesterday at
    21:30" or "on 3 December 2026 at 21:30". A page that stays open keeps its words, so
    after an hour the clock time says more than "63 minutes ago"."""
    seconds = (now - at).total_seconds()
    if seconds < 60:
        return _("less than a minute ago")
    if seconds < 3600:
        minutes = int(seconds // 60)
        return ngettext("%(n)s minute ago", "%(n)s minutes ago", minutes) % {"n": minutes}
    local = timezone.localtime(at)
    today = timezone.localtime(now).date()
    time = date_format(local, "H:i")
    if local.date() == today:
        return _("today at %(time)s") % {"time": time}
    if local.date() == today - timedelta(days=1):
        return _("yesterday at %(time)s") % {"time": time}
    return _("on %(date)s at %(time)s") % {"date": date_format(local, "j F Y"), "time": time}


COMMON_GROUND = 5  # statements listed as common ground, for groups and for perspectives
SPLITS_SHOWN = 5  # statements listed under "where perspectives split"


def results_for(
    conversation: Conversation, person: User | None = None, now: datetime | None = None
) -> Results:
    """The latest results, in words and numbers, ready for the page; `now` (default: the
    clock) is for saying how long ago they were worked out.

    Opinion groups and perspectives smaller than `EQUALVOICE_MIN_GROUP_SIZE` are never
    broken down. "Common ground" is the engine's group-informed consensus ranking, kept
    only where more than half of each group (each perspective shown) agrees: the ranking
    alone lists a statement even when one group mostly disagrees."""
    data: dict[str, Any] = conversation.results or {}
    small = core.minimum_group_size()
    if not data.get("votes"):
        return Results(
            ready=False,
            updated_at=conversation.results_at,
            small=small,
            stale=conversation.update_waiting,
        )
    texts = dict(conversation.statements.values_list("id", "text"))
    counts: dict[str, Any] = data.get("statement_counts", {})
    raw_groups = data.get("groups", [])
    shown_groups = [g for g in raw_groups if g.get("size", 0) >= small]
    mine = None
    if person is not None:
        own = own_participant(conversation, person)
        if own is not None:
            mine = group_of(conversation, own.pk)

    def group_counts(sid: int) -> list[dict[str, int]]:
        per_group = counts.get(str(sid), {}).get("groups", [])
        return [per_group[g["index"]] if g["index"] < len(per_group) else {} for g in raw_groups]

    def group_parts(sid: int) -> list[tuple[str, int | None]]:
        per_group = counts.get(str(sid), {}).get("groups", [])
        parts = []
        for g in shown_groups:
            index = g["index"]
            c = per_group[index] if index < len(per_group) else {}
            parts.append((_("Group %(letter)s") % {"letter": _letter(index)}, _percent(*_share(c))))
        return parts

    def line(sid: int, score: float = 0.0) -> Line:
        everyone = counts.get(str(sid), {})
        agree, votes = _share(everyone)
        return Line(
            texts.get(sid, ""),
            _percent(agree, votes),
            group_parts(sid),
            score,
            _percent(everyone.get("disagree", 0), votes),
        )

    groups = []
    for g in raw_groups:
        shown = g.get("size", 0) >= small
        views = []
        if shown:
            for r in g.get("representative", []):
                if r["statement"] in texts:
                    views.append(
                        View(
                            texts[r["statement"]],
                            r["direction"] == "agree",
                            r.get("agree", 0),
                            r.get("disagree", 0),
                            r.get("votes", 0),
                        )
                    )
        groups.append(
            OpinionGroup(_letter(g["index"]), g.get("size", 0), shown, views, g["index"] == mine)
        )
    common_ground = []
    for c in data.get("group_consensus", []):
        sid = c["statement"]
        if sid in texts and all(most_agree(x) for x in group_counts(sid)):
            common_ground.append(line(sid, c.get("geometric_mean", 0.0)))
        if len(common_ground) == COMMON_GROUND:
            break

    consensus = data.get("consensus", {})
    perspectives = data.get("perspectives", {}) or {}
    sizes = perspectives.get("sizes", {})
    engine_left_out = set(perspectives.get("left_out", []))
    named = sorted(
        (name, n) for name, n in sizes.items() if n >= small and name not in engine_left_out
    )
    names = {name for name, _size in named}

    def perspective_counts(sid: int) -> list[dict[str, int]]:
        by_name = counts.get(str(sid), {}).get("perspectives", {})
        return [by_name.get(name, {}) for name, _size in named]

    perspective_ground = []
    if len(named) >= 2:
        for c in perspectives.get("consensus", []):
            sid = c["statement"]
            each = perspective_counts(sid)
            if sid in texts and all(most_agree(x) for x in each):
                perspective_ground.append(
                    Line(
                        texts[sid],
                        None,
                        [
                            (name, _percent(*_share(x)))
                            for (name, _), x in zip(named, each, strict=True)
                        ],
                        c.get("geometric_mean", 0.0),
                    )
                )
            if len(perspective_ground) == COMMON_GROUND:
                break
    splits: list[Split] = []
    seen: set[int] = set()
    # The engine lists every pair of perspectives; one statement is listed once, with
    # its most significant pair.
    for sp in perspectives.get("splits", []):
        sid = sp["statement"]
        if sid in texts and sid not in seen and {sp["a"], sp["b"]} <= names:
            seen.add(sid)
            splits.append(
                Split(
                    texts[sid],
                    sp["a"],
                    sp["b"],
                    round(100 * sp["agree_a"]),
                    round(100 * sp["agree_b"]),
                    sp.get("p_value", 1.0) < 0.05,
                )
            )
        if len(splits) == SPLITS_SHOWN:
            break
    return Results(
        ready=True,
        updated_at=conversation.results_at,
        participants=data.get("participants", 0),
        votes=data.get("votes", 0),
        small=small,
        groups=groups,
        common_ground=common_ground,
        agreed=[
            line(c["statement"]) for c in consensus.get("agree", []) if c["statement"] in texts
        ],
        disagreed=[
            line(c["statement"]) for c in consensus.get("disagree", []) if c["statement"] in texts
        ],
        perspective_ground=perspective_ground,
        perspectives=named,
        left_out=len(sizes) - len(named),
        splits=splits,
        stale=conversation.update_waiting,
        updated_when=when_updated(conversation.results_at, now or timezone.now())
        if conversation.results_at
        else "",
    )


# The chart ----------------------------------------------------------------------------

# In the SVG's own units. The chart is drawn narrow, with each statement's label on a
# line of its own above its bars, so that on a 320 px phone the text stays near its
# normal size instead of shrinking with a wide drawing.
CHART_WIDTH, LETTER_WIDTH, BAR_LENGTH, TITLE, BAR, GAP = 340, 24, 260, 22, 22, 14


def chart_of(results: Results) -> dict[str, object] | None:
    """Bars of how much each group agrees with each statement of common ground, as
    positions for the SVG. The table beside it has the same figures."""
    lines = results.common_ground
    if not lines or not lines[0].parts:
        return None
    scale = BAR_LENGTH / 100
    # The parts are the groups shown, in the same order.
    letters = [g.letter for g in results.groups if g.shown]
    rows, y = [], 0
    for number, line in enumerate(lines, start=1):
        bars = []
        for j, (name, percent) in enumerate(line.parts):
            width = round((percent or 0) * scale, 1)
            top = y + TITLE + j * BAR
            bars.append(
                {
                    "y": top,
                    "mid": top + (BAR - 4) / 2,
                    "letter": letters[j] if j < len(letters) else name,
                    "width": width,
                    "label": "–" if percent is None else f"{percent}%",
                    "text_x": LETTER_WIDTH + width + 6,
                }
            )
        label = _("Statement %(number)s") % {"number": number}
        rows.append({"label": label, "y": y + 15, "bars": bars})
        y += TITLE + len(line.parts) * BAR + GAP
    return {
        "width": CHART_WIDTH,
        "height": y,
        "left": LETTER_WIDTH,
        "rows": rows,
        "bar": BAR - 4,
        "half": LETTER_WIDTH + 50 * scale,
    }


def easy_read_sections(conversation: Conversation, results: Results) -> list[tuple[str, str]]:
    """The results as short sentences, one idea each, for the easy-read view and PDF."""
    sections = [(_("What we asked"), conversation.question)]
    if not results.ready:
        sections.append((_("The results"), _("There are no results yet. Please look again later.")))
        return sections
    shown = [g for g in results.groups if g.shown]
    about = [
        _("%(n)s people gave their views.") % {"n": results.participants},
        _("We found %(n)s groups of people who think alike.") % {"n": len(results.groups)},
    ]
    if results.not_grouped:
        about.append(
            ngettext(
                "%(n)s person is not in a group yet. They have not voted on enough statements.",
                "%(n)s people are not in a group yet. They have not voted on enough statements.",
                results.not_grouped,
            )
            % {"n": results.not_grouped}
        )
    sections.append((_("Who took part"), " ".join(about)))
    when = [
        ngettext(
            "These results count %(n)s vote.", "These results count %(n)s votes.", results.votes
        )
        % {"n": _number(results.votes)}
    ]
    if results.updated_when:
        when.append(_("We last counted the votes %(when)s.") % {"when": results.updated_when})
    if results.stale:
        when += [
            _("Some things have changed since then."),
            _("We are working out new results now."),
        ]
    sections.append((_("How new these results are"), " ".join(when)))
    if results.common_ground:
        everyone = " ".join(f"{line.text.rstrip('.')}." for line in results.common_ground[:3])
        sections.append((_("What every group agrees on"), everyone))
    for group in shown:
        said = []
        for view in group.views[:2]:
            text = {"text": view.text.rstrip(".")}
            if view.most and view.agrees:
                said.append(_("Most of them agree with this: %(text)s.") % text)
            elif view.most:
                said.append(_("Most of them do not agree with this: %(text)s.") % text)
            elif view.agrees:
                said.append(
                    _("More of them agree with this than people in other groups: %(text)s.") % text
                )
            else:
                said.append(
                    _("More of them do not agree with this than people in other groups: %(text)s.")
                    % text
                )
        sections.append(
            (
                _("Group %(letter)s") % {"letter": group.letter},
                _("There are %(n)s people in this group.") % {"n": group.size}
                + " "
                + " ".join(said),
            )
        )
    small = len(results.groups) - len(shown)
    if small:
        very_small = ngettext(
            "%(n)s group is very small.", "%(n)s groups are very small.", small
        ) % {"n": small}
        sections.append(
            (
                _("Small groups"),
                very_small
                + " "
                + _("We do not show what small groups think. This keeps people safe."),
            )
        )
    return sections


# What is waiting on the home page (core.waiting)


def conversations_to_vote_in(viewer: waiting.Viewer) -> list[Conversation]:
    """Open conversations in the person's groups (`opinions.vote` is for group members)
    with statements shown to everyone that they have not voted on; each with `left`."""
    shown = Statement.objects.filter(conversation_id=OuterRef("pk"), status=Statement.Status.SHOWN)
    voted = Vote.objects.filter(
        statement__conversation_id=OuterRef("pk"),
        statement__status=Statement.Status.SHOWN,
        participant__person=viewer.user,
    )
    found = (
        Conversation.objects.filter(
            status=Conversation.Status.OPEN,
            group_id__in=viewer.groups,
            organisation_id__in=viewer.organisation_ids,
        )
        .defer("results", "engine_state")
        .annotate(shown_count=waiting.count_of(shown), voted_count=waiting.count_of(voted))
        .filter(shown_count__gt=F("voted_count"))
        .select_related("organisation")
        .order_by("created_at", "pk")
    )
    conversations: list[Conversation] = list(found)
    for c in conversations:
        c.left = c.shown_count - c.voted_count  # type: ignore[attr-defined]
    return conversations


def waiting_for(viewer: waiting.Viewer) -> list[waiting.Waiting]:
    """Conversations with statements left to vote on (read straight away, with no
    question first: most people have one)."""
    items = []
    for c in conversations_to_vote_in(viewer):
        left: int = c.left  # type: ignore[attr-defined]
        named = {"n": left, "title": c.title}
        title = ngettext(
            "Say what you think of %(n)s statement in “%(title)s”",
            "Say what you think of %(n)s statements in “%(title)s”",
            left,
        )
        to_look_at = ngettext(
            "There is %(n)s statement to look at.", "There are %(n)s statements to look at.", left
        )
        items.append(
            waiting.Waiting(
                kind="conversation-vote",
                title=title % named,
                note=_("Agree, disagree or pass on each.") + " " + waiting.short(c.question, 100),
                easy_title=_("Say what you think: “%(title)s”.") % named,
                easy_notes=(to_look_at % named,),
                url=reverse("conversation-vote", args=[c.organisation.slug, c.pk]),
                organisation=c.organisation,
                rank=25,
                icon="conversation",
            )
        )
    return items
