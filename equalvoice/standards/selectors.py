"""Reads with rules: which standards and rounds a person may see, and a round's results.

Results are counted in the database (one grouped query for the answers, one for the
people); the pure `scoring` module does the rest. Every breakdown goes through
`scoring.suppressed`, so no group smaller than the minimum is ever shown."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import combinations

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from equalvoice.core import waiting
from equalvoice.core.models import (
    Group,
    Membership,
    Organisation,
    OrgMembership,
    Perspective,
    Role,
    User,
)
from equalvoice.core.selectors import first_or_404, groups_visible_to, minimum_group_size
from equalvoice.recognition import sources

from . import scoring
from .models import (
    Answer,
    Comment,
    Participation,
    PlanAction,
    Response,
    Revision,
    Round,
    Standard,
    Statement,
    Theme,
    Version,
)


def standards_visible_to(user: User, organisation: Organisation) -> QuerySet[Standard]:
    found = Standard.objects.filter(organisation=organisation).select_related("group")
    if OrgMembership.objects.filter(user=user, organisation=organisation, role=Role.ADMIN).exists():
        return found
    groups = Membership.objects.filter(user=user).values("group_id")
    return found.filter(Q(group__isnull=True) | Q(group_id__in=groups))


def standard_for(user: User, organisation: Organisation, pk: int) -> Standard:
    try:
        return standards_visible_to(user, organisation).get(pk=pk)
    except Standard.DoesNotExist:
        raise Http404("No such standard") from None


def round_for(user: User, organisation: Organisation, pk: int) -> Round:
    rows = Round.objects.filter(
        pk=pk, standard__in=standards_visible_to(user, organisation)
    ).select_related("standard", "standard__organisation", "version")
    return first_or_404(rows, "No such round")


def groups_of_round(user: User, round_: Round) -> list[Group]:
    """The groups a round belongs to (its standard's group, and the groups it asks) that
    this person may see, to lead them back after answering."""
    if not user.is_authenticated:
        return []
    ids = {g.pk for g in round_.groups.all()}
    if round_.standard.group_id:
        ids.add(round_.standard.group_id)
    organisation = round_.standard.organisation
    return list(groups_visible_to(user, organisation).filter(pk__in=ids).order_by("name"))


def round_by_link(key: str) -> Round:
    rows = Round.objects.filter(link_key=key, open_link=True).select_related(
        "standard", "standard__organisation", "version"
    )
    return first_or_404(rows, "No such round")


def in_standard(standard: Standard, model: type[Theme] | type[Statement], pk: int) -> object:
    return first_or_404(
        model.objects.filter(pk=pk, version__standard=standard), "Not part of this standard"
    )


def plan_action_in(standard: Standard, pk: int) -> PlanAction:
    return first_or_404(
        PlanAction.objects.filter(pk=pk, standard=standard), "Not part of this standard"
    )


def round_in(standard: Standard, pk: int | str) -> Round | None:
    """One of the standard's rounds, or None (a plan action may say which round it came
    from; a round of another standard is ignored)."""
    return Round.objects.filter(standard=standard, pk=pk).first()


def version_in(standard: Standard, number: int) -> Version:
    return first_or_404(standard.versions.filter(number=number), "No such version")


def comment_in(standard: Standard, pk: int) -> Comment:
    rows = Comment.objects.select_related("statement", "author").filter(
        pk=pk, statement__version__standard=standard
    )
    return first_or_404(rows, "Not part of this standard")


def current_version(standard: Standard) -> Version:
    """The draft if there is one, else the newest published version."""
    found = standard.versions.order_by("-number").first()
    assert found is not None  # every standard is made with version 1
    return found


def newest_published(standard: Standard) -> Version | None:
    return standard.versions.filter(published_at__isnull=False).order_by("-number").first()


def statements_in(version: Version) -> QuerySet[Statement]:
    """A version's statements in order, each with its theme."""
    return version.statements.select_related("theme")


def statement_count(version: Version) -> int:
    return version.statements.count()


def statements_for_plan(version: Version, keep: PlanAction | None = None) -> QuerySet[Statement]:
    """The statements a plan action can be about: the version's, and the one the action
    is already about (it may be from an earlier version)."""
    if keep is not None and keep.statement_id:
        return Statement.objects.filter(Q(version=version) | Q(pk=keep.statement_id))
    return Statement.objects.filter(version=version)


def open_comment_count(version: Version) -> int:
    """Comments on the version's statements still waiting for an answer."""
    return Comment.objects.filter(statement__version=version, status=Comment.Status.OPEN).count()


def comments_on(statement: Statement) -> QuerySet[Comment]:
    return statement.comments.select_related("author", "decided_by")


def revisions_of(statement: Statement) -> QuerySet[Revision]:
    return statement.revisions.select_related("changed_by")


def plan_for(standard: Standard) -> QuerySet[PlanAction]:
    return standard.plan.select_related("statement", "from_round")


def plan_actions_from(round_: Round) -> QuerySet[PlanAction]:
    """What was planned because of this round."""
    return round_.plan_actions.select_related("statement")


def plan_actions_before(round_: Round) -> QuerySet[PlanAction]:
    """What was planned because of the standard's earlier rounds, to look at again."""
    return PlanAction.objects.filter(
        standard=round_.standard, from_round__opens_on__lt=round_.opens_on
    ).select_related("statement", "from_round")


def _sent(round_: Round) -> QuerySet[Response]:
    return round_.responses.filter(submitted=True)


def sent_count(round_: Round) -> int:
    """How many people have sent their answers."""
    return _sent(round_).count()


def named_responses(round_: Round) -> QuerySet[Response]:
    """The sent answers with the name of who sent them (never in an anonymous round)."""
    if round_.anonymous:
        return Response.objects.none()
    return _sent(round_).exclude(person=None).select_related("person")


def answer_to(response: Response | None, statement: Statement) -> Answer | None:
    if response is None:
        return None
    return Answer.objects.filter(response=response, statement=statement).first()


def themes_with_statements(version: Version) -> list[tuple[Theme, list[Statement]]]:
    statements = list(version.statements.all())
    return [
        (theme, [s for s in statements if s.theme_id == theme.pk]) for theme in version.themes.all()
    ]


# Results


@dataclass
class Breakdown:
    """One perspective's answers to one statement, or why they are not shown."""

    name: str
    spread: scoring.Spread | None
    hidden_reason: str = ""


@dataclass
class StatementRow:
    statement: Statement
    spread: scoring.Spread
    breakdowns: list[Breakdown]
    gaps: list[scoring.GapFinding]
    comments: list[str]


@dataclass
class GroupSize:
    perspective_id: int | None
    name: str
    size: int
    shown: bool
    hidden_reason: str = ""


@dataclass
class RoundResults:
    round: Round
    scale: scoring.Scale
    minimum: int
    respondents: int
    shown: bool
    groups: list[GroupSize] = field(default_factory=list)
    themes: list[tuple[Theme, scoring.Spread, list[StatementRow]]] = field(default_factory=list)
    gaps: list[scoring.GapFinding] = field(default_factory=list)
    appraisal: scoring.Appraisal | None = None

    @property
    def rows(self) -> list[StatementRow]:
        return [row for _theme, _spread, rows in self.themes for row in rows]


NO_PERSPECTIVE = gettext_lazy("Did not say")


def _fewer_than(minimum: int) -> str:
    return _("Fewer than %(minimum)s people") % {"minimum": minimum}


def _group_sizes(round_: Round, minimum: int) -> list[GroupSize]:
    sizes: dict[int | None, int] = dict(
        Response.objects.filter(round=round_, submitted=True)
        .values("perspective_id")
        .annotate(n=Count("id"))
        .values_list("perspective_id", "n")
    )
    perspectives = Perspective.objects.filter(organisation_id=round_.standard.organisation_id)
    names: dict[int | None, str] = {p.pk: p.name for p in perspectives}
    names[None] = str(NO_PERSPECTIVE)
    keys = [p.pk for p in perspectives] + [None]
    counts = {k: sizes.get(k, 0) for k in keys}
    hidden = scoring.suppressed(counts, minimum)
    groups = []
    for key in keys:
        size = counts[key]
        if size == 0:
            continue  # nobody to show, and nobody to hide
        reason = ""
        if key in hidden:
            reason = (
                _fewer_than(minimum)
                if size < minimum
                else _("Not shown, to protect a smaller group")
            )
        groups.append(GroupSize(key, names[key], size, key not in hidden, reason))
    return groups


def round_results(round_: Round, minimum: int | None = None) -> RoundResults:
    """Everything the results page, the PDF and the CSV show about a round. Groups
    smaller than the minimum, and the whole round when it has fewer answers than that,
    come back with no figures at all."""
    minimum = minimum or minimum_group_size()
    scale = round_.scale_obj
    groups = _group_sizes(round_, minimum)
    respondents = sum(g.size for g in groups)
    results = RoundResults(round_, scale, minimum, respondents, respondents >= minimum, groups)
    if not results.shown:
        return results
    rows = (
        Answer.objects.filter(response__round=round_, response__submitted=True)
        .values("statement_id", "response__perspective_id", "value", "dont_know")
        .annotate(n=Count("id"))
        .order_by()
    )
    # counts[statement][perspective][value or "dk"]
    table: dict[int, dict[int | None, dict[int | str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    for r in rows:
        key: int | str | None = "dk" if r["dont_know"] else r["value"]
        if key is None:
            continue  # a stored "no answer" is counted below, with missing answers
        table[r["statement_id"]][r["response__perspective_id"]][key] += r["n"]
    comments: dict[int, list[str]] = defaultdict(list)
    for statement_id, text in (
        Answer.objects.filter(response__round=round_, response__submitted=True)
        .exclude(comment="")
        .order_by("statement_id", "comment")
        .values_list("statement_id", "comment")
    ):
        comments[statement_id].append(text)
    shown_groups = [g for g in groups if g.shown and g.size]
    for theme, statements in themes_with_statements(round_.version):
        theme_spread: scoring.Spread | None = None
        statement_rows = []
        for statement in statements:
            per_group = {
                g.perspective_id: _spread(scale, table[statement.pk][g.perspective_id], g.size)
                for g in groups
            }
            overall = _merge(scale, list(per_group.values()))
            breakdowns = [
                Breakdown(g.name, per_group[g.perspective_id] if g.shown else None, g.hidden_reason)
                for g in groups
            ]
            gaps = _gaps(statement, shown_groups, per_group, scale)
            statement_rows.append(
                StatementRow(statement, overall, breakdowns, gaps, comments.get(statement.pk, []))
            )
            theme_spread = overall if theme_spread is None else theme_spread.merged(overall)
        results.themes.append((theme, theme_spread or scoring.spread(scale, {}), statement_rows))
        results.gaps.extend(g for row in statement_rows for g in row.gaps)
    results.gaps.sort(key=lambda g: (-abs(g.gap.difference), g.key, g.a_name, g.b_name))
    results.appraisal = scoring.appraise(
        [
            scoring.StatementResult(str(r.statement.pk), r.statement.plain, r.spread)
            for r in results.rows
        ],
        results.gaps,
        translate=_,
    )
    return results


def _spread(scale: scoring.Scale, counts: dict[int | str, int], size: int) -> scoring.Spread:
    values: dict[int | None, int] = {k: v for k, v in counts.items() if isinstance(k, int)}
    dont_know = counts.get("dk", 0)
    answered = sum(values.values()) + dont_know
    return scoring.spread(scale, values, dont_know=dont_know, no_answer=max(0, size - answered))


def _merge(scale: scoring.Scale, spreads: list[scoring.Spread]) -> scoring.Spread:
    total = scoring.spread(scale, {})
    for s in spreads:
        total = total.merged(s)
    return total


def _gaps(
    statement: Statement,
    groups: list[GroupSize],
    per_group: dict[int | None, scoring.Spread],
    scale: scoring.Scale,
) -> list[scoring.GapFinding]:
    """Real gaps between any two shown perspectives on one statement."""
    found = []
    named = [g for g in groups if g.perspective_id is not None]
    for a, b in combinations(named, 2):
        gap = scoring.gap_test(
            per_group[a.perspective_id].counts, per_group[b.perspective_id].counts
        )
        if gap is None or not gap.is_real():
            continue
        if gap.difference < 0:  # put the higher-scoring group first, for the sentence
            a, b = b, a
            gap = scoring.gap_test(
                per_group[a.perspective_id].counts, per_group[b.perspective_id].counts
            )
            assert gap is not None
        sentence = scoring.gap_sentence(a.name, b.name, gap, scale, translate=_)
        found.append(
            scoring.GapFinding(str(statement.pk), statement.plain, a.name, b.name, gap, sentence)
        )
    return found


# The journey across rounds


@dataclass
class Journey:
    rounds: list[Round]
    overall: list[scoring.JourneyPoint]
    statements: list[tuple[str, list[scoring.JourneyPoint]]]

    @property
    def trend(self) -> str:
        return _(scoring.trend_word(self.overall))


def journey(standard: Standard, minimum: int | None = None) -> Journey:
    """Each round's score (0 to 100) overall and for each statement, followed across
    versions by lineage. A round with fewer people than the minimum shows no score."""
    minimum = minimum or minimum_group_size()
    rounds = list(standard.rounds.order_by("opens_on", "id"))
    sizes = dict(
        Response.objects.filter(round__standard=standard, submitted=True)
        .values("round_id")
        .annotate(n=Count("id"))
        .values_list("round_id", "n")
    )
    rows = (
        Answer.objects.filter(
            response__round__standard=standard, response__submitted=True, value__isnull=False
        )
        .values("response__round_id", "statement__lineage", "value")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[tuple[int, object], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        counts[(r["response__round_id"], r["statement__lineage"])][r["value"]] += r["n"]
    latest = newest_published(standard) or current_version(standard)
    overall, per_lineage = [], defaultdict(list)
    for round_ in rounds:
        scale = round_.scale_obj
        shown = sizes.get(round_.pk, 0) >= minimum
        total = scoring.spread(scale, {})
        for statement in latest.statements.all():
            c = counts.get((round_.pk, statement.lineage), {})
            s = scoring.spread(scale, {k: v for k, v in c.items() if scale.is_valid(k)})
            total = total.merged(s)
            per_lineage[statement.pk].append(
                scoring.JourneyPoint(round_.name, s.percent if shown else None)
            )
        overall.append(scoring.JourneyPoint(round_.name, total.percent if shown else None))
    statements = [(s.plain, per_lineage[s.pk]) for s in latest.statements.all()]
    return Journey(rounds, overall, statements)


# What is waiting on the home page (core.waiting)

ROUND_CLOSING_DAYS = 14


def _visible_standards(viewer: waiting.Viewer) -> Q:
    """The standards a person may see (the same rule as `can_see_standard`), as a filter
    on rounds."""
    in_organisation = Q(standard__organisation_id__in=viewer.organisation_ids)
    theirs = Q(standard__group__isnull=True) | Q(standard__group_id__in=viewer.groups)
    return Q(standard__organisation_id__in=viewer.admin_of) | (in_organisation & theirs)


def rounds_to_answer(viewer: waiting.Viewer) -> QuerySet[Round]:
    """Open rounds the person is asked (`is_asked`) and has not sent answers to yet."""
    asked_groups = Round.groups.through.objects.filter(round_id=OuterRef("pk"))
    named = Round.groups.through.objects.filter(group_id__in=viewer.groups).values("round_id")
    sent = Response.objects.filter(person=viewer.user, submitted=True).values("round_id")
    took_part = Participation.objects.filter(person=viewer.user).values("round_id")
    return (
        Round.objects.filter(opens_on__lte=viewer.today, closes_on__gte=viewer.today)
        .filter(_visible_standards(viewer))
        .filter(Q(pk__in=named) | ~Exists(asked_groups))
        .exclude(pk__in=sent)
        .exclude(pk__in=took_part)
        .select_related("standard__organisation")
        .order_by("closes_on", "pk")
    )


def _people_asked() -> Case:
    """How many people a round asks: the members of its groups; when it names none, of
    its standard's group; for a standard with no group, everyone in the organisation."""
    in_groups = Membership.objects.filter(
        group_id__in=Round.groups.through.objects.filter(round_id=OuterRef(OuterRef("pk"))).values(
            "group_id"
        )
    )
    names_groups = Exists(Round.groups.through.objects.filter(round_id=OuterRef("pk")))
    return Case(
        When(names_groups, then=waiting.count_of(in_groups, "user_id", distinct=True)),
        When(
            standard__group__isnull=False,
            then=waiting.count_of(
                Membership.objects.filter(group_id=OuterRef("standard__group_id"))
            ),
        ),
        default=waiting.count_of(
            OrgMembership.objects.filter(organisation_id=OuterRef("standard__organisation_id"))
        ),
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class FewAnswers:
    round: Round
    answers: int
    asked: int


def _rounds_run_closing_soon(viewer: waiting.Viewer) -> QuerySet[Round]:
    """Open rounds the person runs (`can_run_standard`) that close within
    `ROUND_CLOSING_DAYS`."""
    runs = (
        Q(standard__organisation_id__in=viewer.admin_of)
        | Q(standard__group_id__in=viewer.runs)
        | Q(standard__group__isnull=True, standard__organisation_id__in=viewer.facilitates_in)
    )
    return Round.objects.filter(runs).filter(
        opens_on__lte=viewer.today,
        closes_on__gte=viewer.today,
        closes_on__lte=viewer.today + timedelta(days=ROUND_CLOSING_DAYS),
    )


def rounds_closing_with_few_answers(viewer: waiting.Viewer) -> list[FewAnswers]:
    """Open rounds the person runs (`can_run_standard`) that close within
    `ROUND_CLOSING_DAYS` with few answers: fewer than the smallest group results can show,
    or fewer than half the people asked."""
    minimum = minimum_group_size()
    closing = _rounds_run_closing_soon(viewer)
    # Most days no round closes soon: a plain query finds that, before the one that
    # counts answers and the people asked (slower to build than to run).
    candidates = list(closing.values_list("pk", flat=True))
    if not candidates:
        return []
    rounds = (
        Round.objects.filter(pk__in=candidates)
        .annotate(
            answers=waiting.count_of(
                Response.objects.filter(round_id=OuterRef("pk"), submitted=True)
            ),
            asked=_people_asked(),
        )
        .select_related("standard__organisation")
        .order_by("closes_on", "pk")
    )
    counted = [
        FewAnswers(r, r.answers, r.asked)  # type: ignore[attr-defined]
        for r in rounds
    ]
    return [c for c in counted if c.answers < minimum or c.answers * 2 < c.asked]


def waiting_questions(viewer: waiting.Viewer) -> dict[str, QuerySet[Round]]:
    """Asked first (core.waiting), of those who run rounds: any open round closing soon.
    (Rounds to answer are read straight away: most people have one.)"""
    if not viewer.runs_anything:
        return {}
    return {"round-few-answers": _rounds_run_closing_soon(viewer)}


def waiting_for(viewer: waiting.Viewer) -> list[waiting.Waiting]:
    """Feedback rounds to answer; for those who run them, rounds closing with few answers."""
    items = []
    to_answer = rounds_to_answer(viewer) if viewer.may_have("round-answer") else []
    for r in to_answer:
        by = waiting.day(r.closes_on, viewer.today)
        items.append(
            waiting.Waiting(
                kind="round-answer",
                title=_("Answer the feedback round “%(name)s” by %(day)s")
                % {"name": r.name, "day": by},
                note=_("It asks what you think of “%(title)s”.") % {"title": r.standard.title},
                easy_title=_("Tell us what you think: “%(name)s”.") % {"name": r.name},
                easy_notes=(_("Do it by %(day)s.") % {"day": by},),
                url=reverse("round-answer", args=[r.standard.organisation.slug, r.pk]),
                organisation=r.standard.organisation,
                due=r.closes_on,
                rank=10,
                icon="answer",
            )
        )
    if not viewer.runs_anything or not viewer.may_have("round-few-answers"):
        return items
    for few in rounds_closing_with_few_answers(viewer):
        r, answers = few.round, few.answers
        closes = waiting.day(r.closes_on, viewer.today)
        so_far = (
            ngettext(
                "%(answers)s of the %(asked)s people asked has answered so far.",
                "%(answers)s of the %(asked)s people asked have answered so far.",
                answers,
            )
            if few.asked
            else ngettext(
                "%(answers)s person has answered so far.",
                "%(answers)s people have answered so far.",
                answers,
            )
        ) % {"answers": answers, "asked": few.asked}
        items.append(
            waiting.Waiting(
                kind="round-few-answers",
                title=_("Ask more people to answer “%(name)s”: it closes on %(day)s")
                % {"name": r.name, "day": closes},
                note=so_far,
                easy_title=_("Ask more people to answer “%(name)s”.") % {"name": r.name},
                easy_notes=(so_far, _("It closes on %(day)s.") % {"day": closes}),
                url=r.get_absolute_url(),
                organisation=r.standard.organisation,
                due=r.closes_on,
                rank=20,
                running=True,
                icon="people",
            )
        )
    return items


def answers_for_recognition(
    person: User, organisation: Organisation, since: datetime.date
) -> list[sources.Seen]:
    """The named feedback rounds the person sent answers to, as time to confirm (a first
    guess of 20 minutes), on the day the round closed, or today while it is open.
    Anonymous rounds keep no name with the answers, so they never show here: the person
    can add that time themselves."""
    today = timezone.localdate()
    sent = Response.objects.filter(
        person=person, submitted=True, round__standard__organisation=organisation
    ).select_related("round")
    found = []
    for r in sent:
        day = min(r.round.closes_on, today)
        if day >= since:
            found.append(
                sources.Seen(
                    key=f"round-{r.round_id}",
                    day=day,
                    minutes=20,
                    what=_("Feedback round: %(name)s") % {"name": r.round.name},
                    kind="feedback",
                )
            )
    return found
