"""Reads with rules for decisions, and the count of the current attempt.

In a secret ballot nothing here returns who voted how: the count comes from ballots with
no names, and "who voted" from `Voter`, which holds no choices."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from equalvoice.core import selectors as core
from equalvoice.core import waiting
from equalvoice.core.models import Group, Organisation, User
from equalvoice.recognition import sources

from . import outcome, tally
from .models import Ballot, Decision, Option, Voter


def decisions_for_group(group: Group) -> QuerySet[Decision]:
    return Decision.objects.filter(group=group).select_related("organisation", "group")


def decision_for(user: User, org_slug: str, pk: int) -> Decision:
    """A decision of a group the person can see; anything else is "not found"."""
    rows = core.in_groups_visible_to(user, org_slug, Decision.objects.filter(pk=pk))
    rows = rows.select_related("organisation", "group", "initiative")
    return core.first_or_404(rows, "No such decision")


def live_options(decision: Decision) -> list[Option]:
    """The options not withdrawn, in order (from the options read with the decision, when
    `with_options` read them)."""
    return [option for option in decision.options.all() if not option.withdrawn]


def with_options(decision: Decision) -> Decision:
    """The decision with its options read once, for a page that shows them several ways
    (the count, the options, how each person voted)."""
    prefetch_related_objects([decision], "options")
    return decision


def _ballots(decision: Decision) -> list[Ballot]:
    return list(decision.ballots.filter(attempt=decision.attempt))


@dataclass
class Count:
    """The count of the current attempt, ready for a page: a row (what, figure) for each
    choice or option, the result in one sentence, and who is in the minority."""

    method: str
    voters: int
    consent: tally.ConsentResult | None = None
    rows: list[tuple[str, str]] = field(default_factory=list)  # (what, figure)
    winners: list[int] = field(default_factory=list)
    winner_text: str = ""
    summary: str = ""
    reasons: list[str] = field(default_factory=list)
    dissenters: int = 0

    @property
    def minority(self) -> str:
        """The people in the minority, in words ("" when there are none)."""
        if not self.dissenters:
            return ""
        n = self.dissenters
        if self.method == tally.Method.CONSENT:
            return ngettext(
                "%(count)s person had concerns, objected or blocked.",
                "%(count)s people had concerns, objected or blocked.",
                n,
            ) % {"count": n}
        return ngettext(
            "%(count)s person put another option first.",
            "%(count)s people put another option first.",
            n,
        ) % {"count": n}


CONSENT_WORDS = {
    tally.ConsentChoice.AGREE: gettext_lazy("Agree"),
    tally.ConsentChoice.CONCERNS: gettext_lazy("Agree, with concerns"),
    tally.ConsentChoice.OBJECT: gettext_lazy("Object"),
    tally.ConsentChoice.BLOCK: gettext_lazy("Block"),
}


def _and(words: list[str]) -> str:
    if len(words) < 2:
        return "".join(words)
    return _("%(names)s and %(last)s") % {"names": ", ".join(words[:-1]), "last": words[-1]}


def count(decision: Decision) -> Count:
    """Count the current attempt's ballots by the decision's method."""
    ballots = _ballots(decision)
    options = live_options(decision)
    ids = [o.pk for o in options]
    label = {o.pk: o.text for o in options}
    result = Count(method=decision.method, voters=len(ballots))
    if decision.method == tally.Method.CONSENT:
        consent = tally.consent_tally(b.choice for b in ballots)
        result.consent = consent
        result.rows = [(str(CONSENT_WORDS[c]), str(n)) for c, n in consent.counts.items()]
        agreed = consent.counts[tally.ConsentChoice.AGREE]
        if consent.total == 1:
            choice = next(c for c, n in consent.counts.items() if n)
            result.summary = _("The one person who voted chose: %(choice)s.") % {
                "choice": CONSENT_WORDS[choice]
            }
        elif consent.total:
            result.summary = _("%(agreed)s of the %(total)s people who voted agreed.") % {
                "agreed": agreed,
                "total": consent.total,
            }
    elif decision.method == tally.Method.MAJORITY:
        majority = tally.majority_tally((b.option_id for b in ballots if b.option_id in label), ids)
        result.rows = [(label[o], str(n)) for o, n in majority.counts.items()]
        result.winners = [majority.winner] if majority.winner is not None else []
        best = max(majority.counts.values(), default=0)
        if majority.winner is not None:
            figures = {"option": label[majority.winner], "best": best, "voters": majority.voters}
            result.summary = (
                _("%(option)s has the most votes: %(best)s of %(voters)s, more than half.")
                if majority.has_majority
                else _("%(option)s has the most votes: %(best)s of %(voters)s, not more than half.")
            ) % figures
        elif majority.voters:
            tied = [label[o] for o in ids if majority.counts[o] == best]
            result.summary = _("A tie for the most votes: %(options)s, %(best)s each.") % {
                "options": _and(tied),
                "best": best,
            }
    elif decision.method == tally.Method.SCORE:
        scored = tally.score_tally(
            ({int(k): v for k, v in b.scores.items() if int(k) in label} for b in ballots), ids
        )
        result.rows = [
            (
                label[o],
                _("%(mean)s out of %(top)s on average, %(total)s points in all")
                % {
                    "mean": f"{scored.means[o]:.1f}",
                    "top": tally.HIGHEST_SCORE,
                    "total": scored.totals[o],
                },
            )
            for o in ids
        ]
        result.winners = list(scored.winners)
        if scored.winners:
            best_mean = _("%(mean)s out of %(top)s") % {
                "mean": f"{scored.means[scored.winners[0]]:.1f}",
                "top": tally.HIGHEST_SCORE,
            }
            names = [label[w] for w in scored.winners]
            result.summary = (
                _("%(option)s has the highest average score: %(mean)s.")
                % {"option": names[0], "mean": best_mean}
                if len(names) == 1
                else _("A tie for the highest average score: %(options)s, %(mean)s.")
                % {"options": _and(names), "mean": best_mean}
            )
    else:
        schulze = tally.schulze(([list(t) for t in b.ranking] for b in ballots), ids)
        result.rows = [
            (f"{place}. {label[o]}", _head_to_head(schulze, ids, label, o))
            for place, tier in enumerate(schulze.ranking, start=1)
            for o in tier
        ]
        result.winners = list(schulze.winners)
        names = [label[w] for w in schulze.winners]
        if names:
            result.summary = (
                _("%(option)s comes first.") % {"option": names[0]}
                if len(names) == 1
                else _("A tie for first place: %(options)s.") % {"options": _and(names)}
            )
    result.winner_text = " and ".join(label[w] for w in result.winners if w in label)
    result.reasons = sorted(b.reason for b in ballots if b.reason.strip())
    result.dissenters = sum(
        outcome.dissents(decision.method, b.as_dict(), result.winners) for b in ballots
    )
    return result


def _head_to_head(
    schulze: tally.SchulzeResult[int], ids: list[int], label: dict[int, str], option: int
) -> str:
    """How many people ranked `option` above each other option, and how many the other
    way round: "3 to 2 against Tree"."""
    i = ids.index(option)
    return "; ".join(
        _("%(for)s to %(against)s against %(option)s")
        % {"for": schulze.d[i][j], "against": schulze.d[j][i], "option": label[other]}
        for j, other in enumerate(ids)
        if other != option
    )


def winners_of(decision: Decision) -> list[int]:
    return count(decision).winners


def tally_outcome(decision: Decision) -> tuple[str, str]:
    """The outcome the count gives, and the chosen option's words if there is one."""
    counted = count(decision)
    if counted.consent is not None:
        found = counted.consent.outcome
        return (Decision.Outcome.NOT_AGREED if found == "no_votes" else found), ""
    if len(counted.winners) == 1:
        return Decision.Outcome.CHOSEN, counted.winner_text
    return Decision.Outcome.NOT_AGREED, ""


def quorum_of(decision: Decision, voters: list[Voter] | None = None) -> outcome.Quorum:
    """How many have voted in the current attempt, and how many of them with lived
    experience. `voters`: the attempt's voters already read (`who_voted`), counted here
    instead of asked again (two queries fewer on a decision's page)."""
    if voters is not None:
        return outcome.Quorum(
            voters=len(voters),
            lived_experience=sum(1 for v in voters if v.lived_experience),
            percent=decision.quorum_percent,
        )
    rows = Voter.objects.filter(decision=decision, attempt=decision.attempt)
    return outcome.Quorum(
        voters=rows.count(),
        lived_experience=rows.filter(lived_experience=True).count(),
        percent=decision.quorum_percent,
    )


def result_summary(decision: Decision) -> dict[str, object]:
    """The count as plain data, kept when the proposal changes and when it closes."""
    counted = count(decision)
    return {"attempt": decision.attempt, "voters": counted.voters, "rows": counted.rows}


def who_voted(decision: Decision) -> list[Voter]:
    return list(
        Voter.objects.filter(decision=decision, attempt=decision.attempt).select_related(
            "person", "entered_by"
        )
    )


def open_votes(decision: Decision) -> list[Ballot]:
    """How each person voted, for a decision that is not a secret ballot."""
    if decision.secret:
        return []
    return list(
        decision.ballots.filter(attempt=decision.attempt)
        .select_related("person", "option")
        .order_by("person__name")
    )


def vote_words(ballot: Ballot, labels: dict[int, str]) -> str:
    """One ballot in words, for a decision that is not a secret ballot."""
    if ballot.choice:
        return str(CONSENT_WORDS.get(tally.ConsentChoice(ballot.choice), ballot.choice))
    if ballot.option_id:
        return labels.get(ballot.option_id, "")
    if ballot.scores:
        return "; ".join(f"{labels.get(int(k), k)}: {v}" for k, v in ballot.scores.items())
    return "; ".join(
        f"{place}. " + f" {_('and')} ".join(labels.get(o, str(o)) for o in tier)
        for place, tier in enumerate(ballot.ranking, start=1)
    )


def open_votes_in_words(decision: Decision) -> list[tuple[str, str, str]]:
    """(name, vote, reason) for each person, or nothing for a secret ballot."""
    labels = {o.pk: o.text for o in decision.options.all()}
    return [
        (b.person.name if b.person else "", vote_words(b, labels), b.reason)
        for b in open_votes(decision)
    ]


# What is waiting on the home page (core.waiting)


def decisions_to_vote_on(viewer: waiting.Viewer) -> QuerySet[Decision]:
    """Decisions open for votes in the person's groups (`decisions.vote` is for group
    members) where they have not voted in the current attempt."""
    voted = Voter.objects.filter(
        decision_id=OuterRef("pk"), attempt=OuterRef("attempt"), person=viewer.user
    )
    return (
        Decision.objects.filter(
            status=Decision.Status.OPEN,
            group_id__in=viewer.groups,
            organisation_id__in=viewer.organisation_ids,
        )
        .exclude(Exists(voted))
        .select_related("organisation", "group")
        .order_by("created_at", "pk")
    )


def _decisions_run_not_closed(viewer: waiting.Viewer) -> QuerySet[Decision]:
    """Decisions not yet closed, in groups the person runs (`decisions.run`)."""
    return Decision.objects.filter(
        Q(organisation_id__in=viewer.admin_of) | Q(group_id__in=viewer.runs),
        organisation_id__in=viewer.organisation_ids,
    ).exclude(status=Decision.Status.CLOSED)


def waiting_questions(viewer: waiting.Viewer) -> dict[str, QuerySet[Decision]]:
    """Asked first (core.waiting): any decision to vote on; for those who run them, any
    decision not closed that someone has voted on."""
    questions = {"decision-vote": decisions_to_vote_on(viewer)}
    if viewer.runs_anything:
        voters = Voter.objects.filter(decision_id=OuterRef("pk"), attempt=OuterRef("attempt"))
        questions["decision-quorum"] = _decisions_run_not_closed(viewer).filter(Exists(voters))
    return questions


def decisions_short_of_quorum(viewer: waiting.Viewer) -> list[tuple[Decision, outcome.Quorum]]:
    """Decisions not yet closed, in groups the person runs (`decisions.run`), where people
    have voted but too few of them have lived experience to agree it."""
    voters = Voter.objects.filter(decision_id=OuterRef("pk"), attempt=OuterRef("attempt"))
    found = (
        _decisions_run_not_closed(viewer)
        .annotate(
            voter_count=waiting.count_of(voters),
            lived_count=waiting.count_of(voters.filter(lived_experience=True)),
        )
        .filter(voter_count__gt=0)
        .select_related("organisation", "group")
        .order_by("created_at", "pk")
    )
    quorums = [(d, outcome.Quorum(d.voter_count, d.lived_count, d.quorum_percent)) for d in found]
    return [(d, q) for d, q in quorums if not q.met]


def waiting_for(viewer: waiting.Viewer) -> list[waiting.Waiting]:
    """Decisions to vote on; for those who run them, decisions short of the quorum."""
    to_vote_on = decisions_to_vote_on(viewer) if viewer.may_have("decision-vote") else []
    items = [
        waiting.Waiting(
            kind="decision-vote",
            title=_("Vote on the decision “%(title)s”") % {"title": d.title},
            note=_("%(group)s is deciding. Every vote counts the same.") % {"group": d.group.name},
            easy_title=_("Vote: “%(title)s”.") % {"title": d.title},
            easy_notes=(_("Your vote counts the same as everyone’s."),),
            url=reverse("decision-vote", args=[d.organisation.slug, d.pk]),
            organisation=d.organisation,
            rank=20,
            icon="vote",
        )
        for d in to_vote_on
    ]
    if not viewer.runs_anything or not viewer.may_have("decision-quorum"):
        return items
    for d, quorum in decisions_short_of_quorum(viewer):
        items.append(
            waiting.Waiting(
                kind="decision-quorum",
                title=_("Ask more people with lived experience to vote on “%(title)s”")
                % {"title": d.title},
                note=ngettext(
                    "%(voters)s person has voted, %(lived)s with lived experience. "
                    "At least %(percent)s in 100 need to have it.",
                    "%(voters)s people have voted, %(lived)s with lived experience. "
                    "At least %(percent)s in 100 need to have it.",
                    quorum.voters,
                )
                % {
                    "voters": quorum.voters,
                    "lived": quorum.lived_experience,
                    "percent": quorum.percent,
                },
                easy_title=_("“%(title)s” needs more votes from people with lived experience.")
                % {"title": d.title},
                easy_notes=(_("Nothing about us without us."),),
                url=d.get_absolute_url(),
                organisation=d.organisation,
                rank=30,
                running=True,
                icon="people",
            )
        )
    return items


def votes_for_recognition(
    person: User, organisation: Organisation, since: datetime.date
) -> list[sources.Seen]:
    """The decisions the person voted on, from ``since`` on, as time to confirm (a first
    guess of 15 minutes: reading the proposal and voting). Secret or not, only the person
    sees this, and it says only that they voted."""
    voted = (
        Voter.objects.filter(person=person, decision__organisation=organisation)
        .select_related("decision")
        .order_by("decision_id", "attempt")
    )
    found = []
    seen_decisions = set()
    for v in voted:
        # A decision voted on again (a second attempt) is still one piece of time.
        if v.decision_id in seen_decisions:
            continue
        seen_decisions.add(v.decision_id)
        when = v.decision.decided_at or v.decision.created_at
        day = min(timezone.localdate(when), timezone.localdate())
        if day >= since:
            found.append(
                sources.Seen(
                    key=f"vote-{v.decision_id}",
                    day=day,
                    minutes=15,
                    what=_("Voting: %(title)s") % {"title": v.decision.title},
                    kind="vote",
                )
            )
    return found
