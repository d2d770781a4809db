"""Every change to decisions: permission, audit log, one transaction.

Audit entries say that someone voted, never how, so a secret ballot stays secret there
too."""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from equalvoice.core import audit, events
from equalvoice.core.models import Group, Membership, OrgMembership, User
from equalvoice.core.permissions import require as _require

from . import closing
from . import outcome as rules_of
from .models import Amendment, Ballot, Decision, MinorityAnswer, Option, Voter
from .tally import BallotError, ConsentChoice, Method, check_ballot

if TYPE_CHECKING:
    from django.db.models import Model

    from equalvoice.record.models import Initiative

REASON_MAX = 5_000
BLOCK_NEEDS_REASON = gettext_lazy(
    "Say why you are blocking. A block stops the decision, so the group needs to know why."
)
NEEDS_CONSENT = gettext_lazy("Tick to confirm the person agreed to you recording their vote")


def voter_key(decision: Decision, attempt: int, person: User) -> str:
    """A keyed hash that lets a person find their own ballot and replace it, while the
    ballot itself holds no name. Only the server, with its secret key, can make it."""
    message = f"{decision.pk}:{attempt}:{person.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _clean_options(method: str, options: Sequence[str]) -> list[str]:
    cleaned = [o.strip() for o in options if o.strip()]
    if method != Method.CONSENT:
        if len(cleaned) < 2:
            raise ValidationError({"options": _("Give at least two options, one on each line")})
        if len({o.lower() for o in cleaned}) != len(cleaned):
            raise ValidationError({"options": _("Each option must be different")})
    return cleaned if method != Method.CONSENT else []


@transaction.atomic
def decision_create(
    *,
    actor: User,
    group: Group,
    title: str,
    proposal: str,
    method: str,
    secret: bool = False,
    options: Sequence[str] = (),
    initiative: Initiative | None = None,
    permission: tuple[str, Model] | None = None,
) -> Decision:
    """Put a proposal to the group. An app built on decisions may say which of its own
    permissions lets the person put this proposal (`permission`: its name and the object
    it is about; the documents' leads put a draft to their group this way); otherwise it
    is `decisions.run` on the group."""
    if permission is None:
        _require(actor, "decisions.run", group)
    else:
        _require(actor, *permission)
    if method not in Method.__members__.values():
        raise ValidationError({"how": _("Choose how the group will decide")})
    cleaned = _clean_options(method, options)
    from equalvoice.record.selectors import check_initiative

    check_initiative(group.organisation_id, initiative)
    decision = Decision.objects.create(
        organisation=group.organisation,
        group=group,
        initiative=initiative,
        title=title,
        proposal=proposal,
        method=method,
        secret=secret,
        quorum_percent=group.lived_experience_quorum,
        created_by=actor,
    )
    Option.objects.bulk_create(
        Option(decision=decision, text=text, position=i) for i, text in enumerate(cleaned)
    )
    audit.record(
        organisation=group.organisation,
        actor=actor,
        verb="decision.create",
        obj=decision,
        summary=f"{actor} put “{title}” to {group} for a decision",
    )
    return decision


def _lived_experience(person: User, decision: Decision) -> tuple[bool, list[str]]:
    place = (
        OrgMembership.objects.filter(user=person, organisation_id=decision.organisation_id)
        .prefetch_related("perspectives")
        .first()
    )
    perspectives = list(place.perspectives.all()) if place else []
    return any(p.lived_experience for p in perspectives), [p.name for p in perspectives]


def _ballot_fields(
    decision: Decision,
    *,
    choice: str,
    reason: str,
    option: Option | None,
    scores: Mapping[int, int] | None,
    ranking: Sequence[Sequence[int]] | None,
) -> dict[str, object]:
    """Check a ballot against the decision's method; plain errors for the form."""
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("Keep your reason to %(count)s characters") % {"count": f"{REASON_MAX:,}"}}
        )
    live = [o.pk for o in decision.options.filter(withdrawn=False)]
    if decision.method == Method.CONSENT:
        if choice not in ConsentChoice.__members__.values():
            raise ValidationError(
                {"choice": _("Choose agree, agree with concerns, object or block")}
            )
        if choice == ConsentChoice.BLOCK and not reason.strip():
            raise ValidationError({"reason": BLOCK_NEEDS_REASON})
        return {"choice": choice, "reason": reason}
    if decision.method == Method.MAJORITY:
        if option is None or option.pk not in live:
            raise ValidationError({"option": _("Choose one option")})
        return {"option": option, "reason": reason}
    if decision.method == Method.SCORE:
        given = dict(scores or {})
        if set(given) - set(live):
            raise ValidationError({"scores": _("Score only the options on the page")})
        if any(not 0 <= v <= 5 for v in given.values()):
            raise ValidationError({"scores": _("Give each option a score from 0 to 5")})
        if not given:
            raise ValidationError({"scores": _("Give at least one option a score")})
        return {"scores": {str(k): v for k, v in given.items()}, "reason": reason}
    try:
        tiers = check_ballot([list(t) for t in ranking or []], live)
    except BallotError as error:
        raise ValidationError({"ranking": str(error)}) from error
    return {"ranking": tiers, "reason": reason}


@transaction.atomic
def vote_cast(
    *,
    actor: User,
    decision: Decision,
    person: User | None = None,
    choice: str = "",
    reason: str = "",
    option: Option | None = None,
    scores: Mapping[int, int] | None = None,
    ranking: Sequence[Sequence[int]] | None = None,
    consent_confirmed: bool = False,
) -> Ballot:
    """Vote, or change a vote: the new one replaces the old until the decision closes.
    A supporter may record a person's vote with the person's agreement; they are named
    on the record as having done so."""
    person = person or actor
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status == Decision.Status.CLOSED:
        raise ValidationError(_("This decision is closed, so votes cannot change now."))
    if person.pk == actor.pk:
        _require(actor, "decisions.vote", decision)
    else:
        _require(actor, "decisions.vote_for", decision)
        if not Membership.objects.filter(user=person, group_id=decision.group_id).exists():
            raise ValidationError({"person": _("Choose a member of the group")})
        if not consent_confirmed:
            raise ValidationError({"consent_confirmed": NEEDS_CONSENT})
    fields = _ballot_fields(
        decision, choice=choice, reason=reason, option=option, scores=scores, ranking=ranking
    )
    key = voter_key(decision, decision.attempt, person)
    defaults: dict[str, object] = {
        "person": None if decision.secret else person,
        "choice": "",
        "option": None,
        "scores": {},
        "ranking": [],
        **fields,
    }
    ballot, _created = Ballot.objects.update_or_create(
        decision=decision, attempt=decision.attempt, voter_key=key, defaults=defaults
    )
    lived, names = _lived_experience(person, decision)
    Voter.objects.update_or_create(
        decision=decision,
        attempt=decision.attempt,
        person=person,
        defaults={
            "entered_by": actor if actor.pk != person.pk else None,
            "lived_experience": lived,
            "perspectives": names,
        },
    )
    audit.record(
        organisation=decision.organisation,
        actor=actor,
        on_behalf_of=person if actor.pk != person.pk else None,
        verb="decision.vote",
        obj=decision,
        summary=f"{person} voted on “{decision.title}”"
        + (f", recorded by {actor}" if actor.pk != person.pk else ""),
    )
    return ballot


def own_ballot(decision: Decision, person: User) -> Ballot | None:
    return Ballot.objects.filter(
        decision=decision,
        attempt=decision.attempt,
        voter_key=voter_key(decision, decision.attempt, person),
    ).first()


@transaction.atomic
def decision_count(*, actor: User, decision: Decision) -> Decision:
    """Show the count so far and ask the minority what it would take for them to come
    along. Votes can still change until the decision closes."""
    _require(actor, "decisions.run", decision)
    if decision.status != Decision.Status.OPEN:
        raise ValidationError(_("The votes are already counted."))
    if not decision.ballots.filter(attempt=decision.attempt).exists():
        raise ValidationError(_("Nobody has voted yet."))
    decision.status = Decision.Status.LISTENING
    decision.save(update_fields=["status"])
    audit.record(
        organisation=decision.organisation,
        actor=actor,
        verb="decision.count",
        obj=decision,
        summary=f"{actor} counted the votes on “{decision.title}” and asked the minority",
    )
    return decision


@transaction.atomic
def minority_answer_add(*, actor: User, decision: Decision, text: str) -> MinorityAnswer:
    """Someone who disagreed says what it would take for them to come along."""
    from .selectors import winners_of

    _require(actor, "decisions.vote", decision)
    if decision.status != Decision.Status.LISTENING:
        raise ValidationError(_("The group is not asking this question now."))
    ballot = own_ballot(decision, actor)
    if ballot is None or not rules_of.dissents(
        decision.method, ballot.as_dict(), winners_of(decision)
    ):
        raise ValidationError(_("This question is for people who disagreed."))
    if not text.strip():
        raise ValidationError({"text": _("Say what it would take for you to come along")})
    answer = MinorityAnswer.objects.create(
        decision=decision,
        attempt=decision.attempt,
        person=None if decision.secret else actor,
        text=text,
    )
    audit.record(
        organisation=decision.organisation,
        actor=None if decision.secret else actor,
        verb="decision.minority",
        obj=decision,
        summary=f"Someone in the minority said what it would take on “{decision.title}”",
    )
    return answer


@transaction.atomic
def decision_amend(
    *, actor: User, decision: Decision, proposal: str, why: str, options: Sequence[str] = ()
) -> Decision:
    """Change the proposal to bring the minority along, and decide again. The old
    proposal, its options and its count are kept."""
    from .selectors import result_summary

    _require(actor, "decisions.run", decision)
    if decision.status == Decision.Status.CLOSED:
        raise ValidationError(_("This decision is closed."))
    if not why.strip():
        raise ValidationError({"why": _("Say what changed and why")})
    cleaned = _clean_options(decision.method, options) if decision.has_options else []
    Amendment.objects.create(
        decision=decision,
        attempt=decision.attempt,
        proposal_before=decision.proposal,
        options_before=[o.text for o in decision.options.filter(withdrawn=False)],
        result_before=result_summary(decision),
        why=why,
        made_by=actor,
    )
    if decision.has_options:
        decision.options.update(withdrawn=True)
        start = decision.options.count()
        Option.objects.bulk_create(
            Option(decision=decision, text=t, position=start + i) for i, t in enumerate(cleaned)
        )
    decision.proposal = proposal
    decision.attempt += 1
    decision.status = Decision.Status.OPEN
    decision.save(update_fields=["proposal", "attempt", "status"])
    audit.record(
        organisation=decision.organisation,
        actor=actor,
        verb="decision.amend",
        obj=decision,
        summary=f"{actor} changed “{decision.title}” to bring the minority along; "
        "the group decides again",
    )
    return decision


@transaction.atomic
def decision_close(
    *,
    actor: User,
    decision: Decision,
    reasons: str,
    review_on: date | None = None,
    without_agreement: bool = False,
) -> Decision:
    """Close the decision with its outcome, the reasons and a review date. It cannot close
    as agreed unless enough voters have lived experience (nothing about us without us).
    Closed decisions on an initiative become evidence in the co-production record."""
    from .selectors import quorum_of, result_summary, tally_outcome

    _require(actor, "decisions.run", decision)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status == Decision.Status.CLOSED:
        raise ValidationError(_("This decision is already closed."))
    if decision.status == Decision.Status.OPEN and not without_agreement:
        raise ValidationError(_("Count the votes and ask the minority what it would take first."))
    found, chosen = tally_outcome(decision)
    quorum = quorum_of(decision)
    if rules_of.is_agreement(found) and not quorum.met and not without_agreement:
        raise ValidationError(quorum.sentence(_))
    if without_agreement and rules_of.is_agreement(found):
        found, chosen = Decision.Outcome.NOT_AGREED, ""
    voters = Voter.objects.filter(decision=decision, attempt=decision.attempt)
    perspectives: Counter[str] = Counter()
    for v in voters:
        perspectives.update(v.perspectives or ["No perspective given"])
    decision.outcome, decision.chosen = found, chosen
    decision.reasons, decision.review_on = reasons, review_on
    decision.status, decision.decided_at = Decision.Status.CLOSED, timezone.now()
    decision.decided_by_summary = {
        "voters": quorum.voters,
        "lived_experience": quorum.lived_experience,
        "quorum_met": quorum.met,
        "by_perspective": dict(sorted(perspectives.items())),
        "count": result_summary(decision),
    }
    decision.save()
    audit.record(
        organisation=decision.organisation,
        actor=actor,
        verb="decision.close",
        obj=decision,
        summary=f"{actor} closed “{decision.title}”: {decision.get_outcome_display()}",
    )
    if decision.initiative_id:
        _record_evidence(actor, decision, [v.person for v in voters], quorum.met)
    # Told after commit to whoever listens (the API's webhooks): totals only, no names.
    events.publish(
        "decision.closed",
        decision.organisation,
        {
            "id": decision.pk,
            "title": decision.title,
            "group": decision.group.slug,
            "outcome": decision.outcome,
            "chosen": decision.chosen,
            "secret": decision.secret,
            "decided_at": decision.decided_at.isoformat() if decision.decided_at else None,
            "voters": quorum.voters,
            "lived_experience": quorum.lived_experience,
            "quorum_met": quorum.met,
        },
    )
    closing.closed(actor, decision)
    return decision


def _record_evidence(actor: User, decision: Decision, people: list[User], quorum_met: bool) -> None:
    """The decision joins the co-production record as a done activity with evidence."""
    from equalvoice.record import actions as record
    from equalvoice.record.models import Activity, Stage
    from equalvoice.record.selectors import stages_for

    initiative = decision.initiative
    assert initiative is not None
    stages = list(stages_for(initiative.organisation))
    stage = next((s for s in stages if s.name == Stage.DEFAULTS[2]), stages[0])
    activity = record.activity_save(
        actor=actor,
        initiative=initiative,
        stage=stage,
        on=timezone.localdate(),
        status=Activity.Status.DONE,
        what=f"The {decision.group} decided: {decision.title}",
        rung_claimed=7 if quorum_met else 5,
        participants=people,
        decisions=Activity.Decisions.TOGETHER,
        effect=f"{decision.get_outcome_display()}. {decision.reasons}".strip(),
    )
    record.evidence_add(
        actor=actor,
        activity=activity,
        note=f"Decision record: {decision.get_absolute_url()}",
    )
