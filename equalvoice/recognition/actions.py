"""Every change to recognition and payment: permission, audit log, one transaction.
The audit log never holds an amount, a rate paid to someone or a bank reference: admins
read it, and only the person and the finance people may see those."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, override

from equalvoice.core import audit
from equalvoice.core.models import Organisation, OrgMembership, User
from equalvoice.core.permissions import require

from . import sources
from .models import (
    Choice,
    Claim,
    Expense,
    FinancePerson,
    Kind,
    Level,
    LevelRate,
    Policy,
    TimeGiven,
    Way,
)
from .pay import Rate as PayRate
from .pay import pay_for, rate_on
from .receipts import checked_receipt

MINUTES_MAX = 24 * 60
NOTE_MAX = 1_000


def _in_english(text: object) -> str:
    """Audit entries stay in English, whatever language the person reads."""
    with override("en"):
        return str(text)


@transaction.atomic
def policy_save(
    *,
    actor: User,
    organisation: Organisation,
    ways: Sequence[str],
    expenses: Sequence[str],
    about: str,
) -> Policy:
    """An admin says which ways to thank people and which expenses the organisation
    offers. Declining is always offered."""
    require(actor, "recognition.manage_policy", organisation)
    if len(about) > 2_000:
        raise ValidationError({"about": gettext("Keep this to 2,000 characters")})
    policy, _ = Policy.objects.select_for_update().get_or_create(organisation=organisation)
    policy.ways = [w for w in Way.values if w in ways and w != Way.DECLINE]
    policy.expenses = [e for e in Expense.values if e in expenses]
    policy.about = about.strip()
    policy.updated_at = timezone.now()
    policy.save()
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="recognition.policy",
        obj=policy,
        summary="Changed how we thank and pay people",
    )
    return policy


def _clean_kinds(kinds: Sequence[str]) -> list[str]:
    return [k for k in Kind.values if k in kinds]


@transaction.atomic
def level_add(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    per: str,
    kinds: Sequence[str],
    pence: int,
    starts_on: datetime.date,
) -> Level:
    """An admin adds a level of involvement with its first rate."""
    require(actor, "recognition.manage_policy", organisation)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": gettext("Enter a name for the level")})
    if per not in Level.Per.values:
        raise ValidationError({"per": gettext("Choose by the hour or by the session")})
    if Level.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ValidationError(
            {"name": gettext("There is already a level called %(name)s") % {"name": name}}
        )
    position = Level.objects.filter(organisation=organisation).count()
    level = Level.objects.create(
        organisation=organisation,
        name=name,
        per=per,
        kinds=_clean_kinds(kinds),
        position=position,
    )
    LevelRate.objects.create(level=level, starts_on=starts_on, pence=pence)
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="recognition.level_add",
        obj=level,
        summary=f"Added the level {name}",
    )
    return level


@transaction.atomic
def rate_set(*, actor: User, level: Level, pence: int, starts_on: datetime.date) -> LevelRate:
    """An admin sets a level's rate from a day on. Time given before that day keeps the
    rate that was in force then."""
    require(actor, "recognition.manage_policy", level.organisation)
    rate, _ = LevelRate.objects.update_or_create(
        level=level, starts_on=starts_on, defaults={"pence": pence}
    )
    audit.record(
        organisation=level.organisation,
        actor=actor,
        verb="recognition.rate",
        obj=level,
        summary=f"Set a new rate for {level.name} from {starts_on:%-d %B %Y}",
    )
    return rate


@transaction.atomic
def finance_person_set(
    *, actor: User, organisation: Organisation, person: User, looks_after: bool
) -> None:
    """An admin names someone in the organisation to look after payments, or stops."""
    require(actor, "recognition.manage_policy", organisation)
    if not OrgMembership.objects.filter(organisation=organisation, user=person).exists():
        raise ValidationError(
            gettext("%(person)s is not in %(organisation)s.")
            % {"person": person, "organisation": organisation}
        )
    if looks_after:
        FinancePerson.objects.get_or_create(organisation=organisation, person=person)
        summary = f"Named {person} to look after payments"
    else:
        FinancePerson.objects.filter(organisation=organisation, person=person).delete()
        summary = f"{person} no longer looks after payments"
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="recognition.finance_person",
        obj=person,
        summary=summary,
    )


@transaction.atomic
def choice_set(*, actor: User, organisation: Organisation, way: str, reference: str) -> Choice:
    """A person says how they would like us to thank them. Only they can, for themselves."""
    require(actor, "recognition.take_part", organisation)
    policy = Policy.objects.filter(organisation=organisation).first()
    offered = {w for w, _ in policy.ways_offered()} if policy else {Way.DECLINE.value}
    if way not in offered:
        raise ValidationError({"way": gettext("Choose one of the ways on the list")})
    reference = reference.strip()
    if len(reference) > 100:
        raise ValidationError({"reference": gettext("Keep the reference to 100 characters")})
    choice, _ = Choice.objects.update_or_create(
        organisation=organisation,
        person=actor,
        defaults={
            "way": way,
            "reference": reference if way == Way.BANK else "",
            "updated_at": timezone.now(),
        },
    )
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="recognition.choice",
        obj=choice,
        summary="Changed how they would like us to thank them",
    )
    return choice


def _level_in(organisation: Organisation, level_id: int | None) -> Level:
    level = (
        Level.objects.filter(organisation=organisation, pk=level_id).first()
        if level_id is not None
        else None
    )
    if level is None:
        raise ValidationError({"level": gettext("Choose a level from the list")})
    return level


def _check_minutes(minutes: int) -> None:
    if not 1 <= minutes <= MINUTES_MAX:
        raise ValidationError({"minutes": gettext("Enter between 1 minute and 24 hours")})


@transaction.atomic
def time_confirm(
    *,
    actor: User,
    organisation: Organisation,
    key: str,
    minutes: int,
    level_id: int | None,
    note: str = "",
) -> TimeGiven:
    """A person confirms time the platform saw them give, once, with the minutes they
    say (travel or preparation can be added separately)."""
    require(actor, "recognition.take_part", organisation)
    _check_minutes(minutes)
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {"note": gettext("Keep the note to %(most)s characters") % {"most": f"{NOTE_MAX:,}"}}
        )
    found = next(
        (s for s in sources.seen(actor, organisation, datetime.date.min) if s.key == key), None
    )
    if found is None:
        raise ValidationError(
            gettext("We could not find that. It may have been confirmed already.")
        )
    level = _level_in(organisation, level_id)
    try:
        with transaction.atomic():
            entry = TimeGiven.objects.create(
                organisation=organisation,
                person=actor,
                level=level,
                day=found.day,
                minutes=minutes,
                what=found.what[:200],
                key=key,
                note=note.strip(),
            )
    except IntegrityError:
        raise ValidationError(gettext("You have confirmed this time already.")) from None
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="recognition.time_confirm",
        obj=entry,
        summary="Confirmed time they gave",
    )
    return entry


@transaction.atomic
def time_add(
    *,
    actor: User,
    organisation: Organisation,
    day: datetime.date,
    minutes: int,
    level_id: int | None,
    what: str,
    note: str,
) -> TimeGiven:
    """A person adds time the platform could not see (preparation, travel), with what
    it was for."""
    require(actor, "recognition.take_part", organisation)
    _check_minutes(minutes)
    what = " ".join(what.split())
    if not what:
        raise ValidationError({"what": gettext("Say what the time was for")})
    if len(what) > 200:
        raise ValidationError({"what": gettext("Keep this to 200 characters")})
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {"note": gettext("Keep the note to %(most)s characters") % {"most": f"{NOTE_MAX:,}"}}
        )
    if day > timezone.localdate():
        raise ValidationError({"day": gettext("The day must be today or in the past")})
    level = _level_in(organisation, level_id)
    entry = TimeGiven.objects.create(
        organisation=organisation,
        person=actor,
        level=level,
        day=day,
        minutes=minutes,
        what=what,
        note=note.strip(),
    )
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="recognition.time_add",
        obj=entry,
        summary="Added time they gave",
    )
    return entry


def pence_for(entry: TimeGiven) -> int:
    """What the entry earns at its level's rate on its day."""
    per = entry.level.per
    rates = [PayRate(r.starts_on, r.pence, per) for r in entry.level.rates.all()]  # type: ignore[arg-type]
    rate = rate_on(rates, entry.day)
    return pay_for(entry.minutes, rate) if rate else 0


def _decide(actor: User, thing: TimeGiven | Claim, approve: bool, reason: str, what: str) -> None:
    """What approving time and approving a claim share: the state moves on from waiting,
    a reason the person reads when it is sent back, the day it was decided, the audit
    log (with no amount). `thing` is locked and unsaved changes to it are kept."""
    approved = TimeGiven.State.APPROVED if isinstance(thing, TimeGiven) else Claim.State.APPROVED
    returned = TimeGiven.State.RETURNED if isinstance(thing, TimeGiven) else Claim.State.RETURNED
    waiting = TimeGiven.State.CONFIRMED if isinstance(thing, TimeGiven) else Claim.State.WAITING
    if thing.state != waiting:
        raise ValidationError(gettext("This has been decided already."))
    reason = reason.strip()
    if approve:
        thing.state = approved
        thing.reason = ""
    else:
        if not reason:
            raise ValidationError({"reason": gettext("Say in a few words why it is sent back")})
        if len(reason) > NOTE_MAX:
            raise ValidationError(
                {
                    "reason": gettext("Keep the reason to %(most)s characters")
                    % {"most": f"{NOTE_MAX:,}"}
                }
            )
        thing.state = returned
        thing.reason = reason
    thing.decided_at = timezone.now()
    thing.save()
    kind = "time" if isinstance(thing, TimeGiven) else "claim"
    audit.record(
        organisation=thing.organisation,
        actor=actor,
        verb=f"recognition.{kind}_{'approve' if approve else 'return'}",
        obj=thing,
        summary=("Approved" if approve else "Sent back") + f" {what} by {thing.person}",
    )


@transaction.atomic
def time_decide(*, actor: User, entry: TimeGiven, approve: bool, reason: str = "") -> TimeGiven:
    """A finance person approves time (its pay is fixed then, at the rate on the day) or
    sends it back with a reason the person reads. Nobody approves their own time."""
    require(actor, "recognition.decide_time", entry)
    entry = TimeGiven.objects.select_for_update().select_related("level").get(pk=entry.pk)
    if approve and entry.state == TimeGiven.State.CONFIRMED:
        entry.pence = pence_for(entry)
    _decide(actor, entry, approve, reason, "time given")
    return entry


CLAIM_MAX = 100_000  # £1,000: a bigger claim is a conversation, not a form


@transaction.atomic
def claim_add(
    *,
    actor: User,
    organisation: Organisation,
    kind: str,
    day: datetime.date,
    pence: int,
    what: str,
    receipt: UploadedFile | None,
) -> Claim:
    """A person claims back money they spent to take part, with a receipt if they have
    one. Only the kinds of expense the organisation offers; the receipt is checked (and
    a photo's location data taken out) before anything is stored."""
    require(actor, "recognition.take_part", organisation)
    policy = Policy.objects.filter(organisation=organisation).first()
    if policy is None or kind not in policy.expenses:
        raise ValidationError({"kind": gettext("Choose a kind of expense from the list")})
    if not 1 <= pence <= CLAIM_MAX:
        raise ValidationError({"amount": gettext("Enter an amount between 1p and £1,000")})
    what = " ".join(what.split())
    if not what:
        raise ValidationError({"what": gettext("Say what the money was for")})
    if len(what) > 200:
        raise ValidationError({"what": gettext("Keep this to 200 characters")})
    if day > timezone.localdate():
        raise ValidationError({"day": gettext("The day must be today or in the past")})
    stored = None
    if receipt is not None:
        try:
            stored = checked_receipt(receipt)
        except ValidationError as error:
            raise ValidationError({"receipt": error.messages}) from None
    claim = Claim(
        organisation=organisation, person=actor, kind=kind, day=day, pence=pence, what=what
    )
    if stored is not None:
        claim.receipt.save(stored.name or "receipt", stored, save=False)
    try:
        claim.save()
    except Exception:
        # Nothing half-way: a receipt with no claim does not stay behind.
        if claim.receipt:
            claim.receipt.storage.delete(claim.receipt.name)
        raise
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="recognition.claim_add",
        obj=claim,
        summary=f"Claimed an expense ({_in_english(Expense(kind).label).lower()})",
    )
    return claim


@transaction.atomic
def claim_decide(*, actor: User, claim: Claim, approve: bool, reason: str = "") -> Claim:
    """A finance person approves a claim or sends it back with a reason the person
    reads. Nobody decides their own claim."""
    require(actor, "recognition.decide_claim", claim)
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    _decide(actor, claim, approve, reason, "an expense claim")
    return claim
