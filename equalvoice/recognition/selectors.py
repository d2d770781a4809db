"""Reads about recognition and payment, each for the person who may see it (rules.py).
Amounts, choices and bank references come only from the functions that take the
reader and check that they are the person or a finance person."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from equalvoice.core.models import Group, Organisation, OrgMembership, Perspective, User
from equalvoice.core.selectors import first_or_404, minimum_group_size, people_in_group

from . import sources
from .models import Choice, Claim, FinancePerson, Level, Policy, TimeGiven, Way
from .pay import Rate, pay_for, rate_on


def time_in_words(minutes: int) -> str:
    """Time as people say it, in the language they read: 200 → "3 hours 20 minutes";
    60 → "1 hour"; 5 → "5 minutes" (`pay.hours_and_minutes` says it in English only)."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours})
    if rest or not hours:
        parts.append(ngettext("%(n)s minute", "%(n)s minutes", rest) % {"n": rest})
    return " ".join(parts)


def policy_of(organisation: Organisation) -> Policy | None:
    return Policy.objects.filter(organisation=organisation).first()


def levels_of(organisation: Organisation) -> list[Level]:
    """The organisation's levels, each with its rates (oldest first)."""
    return list(Level.objects.filter(organisation=organisation).prefetch_related("rates"))


def level_in(organisation: Organisation, pk: int) -> Level:
    return first_or_404(Level.objects.filter(organisation=organisation, pk=pk), "No such level")


def current_pence(level: Level, today: datetime.date) -> int | None:
    """The level's rate today, in pence (None before its first rate starts)."""
    rates = [Rate(r.starts_on, r.pence, level.per) for r in level.rates.all()]  # type: ignore[arg-type]
    rate = rate_on(rates, today)
    return rate.pence if rate else None


def pence_of(entry: TimeGiven) -> int:
    """What an entry earns: fixed when approved; otherwise at the rate on its day."""
    if entry.pence is not None:
        return entry.pence
    rates = [Rate(r.starts_on, r.pence, entry.level.per) for r in entry.level.rates.all()]  # type: ignore[arg-type]
    rate = rate_on(rates, entry.day)
    return pay_for(entry.minutes, rate) if rate else 0


def choice_of(person: User, organisation: Organisation) -> Choice | None:
    return Choice.objects.filter(organisation=organisation, person=person).first()


def _entries() -> QuerySet[TimeGiven]:
    return TimeGiven.objects.select_related("level", "person").prefetch_related("level__rates")


@dataclass
class MyTime:
    to_confirm: list[sources.Seen]
    entries: list[TimeGiven]
    year_start: datetime.date
    minutes_this_year: int
    approved_pence: int
    waiting_pence: int
    claims: list[Claim]
    declined: bool = False


def year_start(today: datetime.date) -> datetime.date:
    """The start of the financial year (6 April, as HMRC's) that today is in."""
    start = datetime.date(today.year, 4, 6)
    return start if today >= start else datetime.date(today.year - 1, 4, 6)


def my_time(person: User, organisation: Organisation, today: datetime.date) -> MyTime:
    """The person's own time: what the platform saw in the last year and they have not
    confirmed yet, what they confirmed or added, and their totals this financial year."""
    entries = list(_entries().filter(organisation=organisation, person=person))
    confirmed = {e.key for e in entries if e.key}
    since = today - datetime.timedelta(days=365)
    to_confirm = [s for s in sources.seen(person, organisation, since) if s.key not in confirmed]
    start = year_start(today)
    this_year = [e for e in entries if e.day >= start and e.state != TimeGiven.State.RETURNED]
    choice = choice_of(person, organisation)
    if choice is not None and choice.way == Way.DECLINE:
        # They chose no payment: their time counts, and nothing is owed for it.
        this_year_paid: list[TimeGiven] = []
    else:
        this_year_paid = this_year
    return MyTime(
        declined=choice is not None and choice.way == Way.DECLINE,
        to_confirm=to_confirm,
        entries=entries,
        year_start=start,
        minutes_this_year=sum(e.minutes for e in this_year),
        approved_pence=sum(
            pence_of(e) for e in this_year_paid if e.state == TimeGiven.State.APPROVED
        ),
        waiting_pence=sum(
            pence_of(e) for e in this_year_paid if e.state == TimeGiven.State.CONFIRMED
        ),
        claims=claims_of(person, organisation),
    )


def seen_to_confirm(person: User, organisation: Organisation, key: str) -> sources.Seen | None:
    found = [s for s in sources.seen(person, organisation, datetime.date.min) if s.key == key]
    return found[0] if found else None


def default_level(levels: list[Level], kind: str) -> Level | None:
    return next((lv for lv in levels if kind in lv.kinds), None)


def waiting_for_finance(organisation: Organisation) -> list[TimeGiven]:
    """Time confirmed and not yet decided, oldest first. For finance people only."""
    return list(
        _entries()
        .filter(organisation=organisation, state=TimeGiven.State.CONFIRMED)
        .order_by("day", "id")
    )


def entry_for_finance(organisation: Organisation, pk: int) -> TimeGiven:
    return first_or_404(_entries().filter(organisation=organisation, pk=pk), "Not found")


@dataclass
class PaymentRow:
    name: str
    email: str
    way: str
    reference: str
    minutes: int
    pence: int
    items: int
    expenses_pence: int = 0

    @property
    def total_pence(self) -> int:
        return self.pence + self.expenses_pence


def payments(
    organisation: Organisation, start: datetime.date, end: datetime.date
) -> list[PaymentRow]:
    """Approved time and approved expense claims from ``start`` to ``end`` (both days
    included), one row per person, with how they would like us to thank them. For finance people
    only. Approved time of a deleted account is kept for the accounts, without a name."""
    entries = _entries().filter(
        organisation=organisation,
        state=TimeGiven.State.APPROVED,
        day__gte=start,
        day__lte=end,
    )
    claims = Claim.objects.filter(
        organisation=organisation, state=Claim.State.APPROVED, day__gte=start, day__lte=end
    ).select_related("person")
    choices = {c.person_id: c for c in Choice.objects.filter(organisation=organisation)}
    rows: dict[int | None, PaymentRow] = {}
    removed = _("Name removed (account deleted)")

    def row_for(person: User | None) -> PaymentRow:
        key = person.pk if person else None
        if key not in rows:
            choice = choices.get(key) if key else None
            rows[key] = PaymentRow(
                name=person.name if person else removed,
                email=(person.email or "") if person else "",
                way=str(Way(choice.way).label) if choice else _("Not chosen yet"),
                reference=choice.reference if choice else "",
                minutes=0,
                pence=0,
                items=0,
            )
        return rows[key]

    for e in entries:
        row = row_for(e.person)
        row.minutes += e.minutes
        # Someone who chose no payment is owed nothing for their time (it still counts
        # as time given); expenses are paid back all the same.
        row.pence += 0 if row.way == str(Way.DECLINE.label) else pence_of(e)
        row.items += 1
    for c in claims:
        row = row_for(c.person)
        row.expenses_pence += c.pence
        row.items += 1
    return sorted(
        rows.values(),
        key=lambda r: (r.email == "" and r.name == removed, r.name.casefold()),
    )


def claims_of(person: User, organisation: Organisation) -> list[Claim]:
    return list(Claim.objects.filter(organisation=organisation, person=person))


def claims_waiting(organisation: Organisation) -> list[Claim]:
    """Expense claims not yet decided, oldest first. For finance people only."""
    return list(
        Claim.objects.filter(organisation=organisation, state=Claim.State.WAITING)
        .select_related("person")
        .order_by("day", "id")
    )


def claim_in(organisation: Organisation, pk: int) -> Claim:
    return first_or_404(
        Claim.objects.filter(organisation=organisation, pk=pk).select_related("person"),
        "No such claim",
    )


def finance_people(organisation: Organisation) -> list[User]:
    return [
        f.person
        for f in FinancePerson.objects.filter(organisation=organisation)
        .select_related("person")
        .order_by("person__name")
    ]


def people_in(organisation: Organisation) -> list[User]:
    return [
        m.user
        for m in OrgMembership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__name")
    ]


@dataclass
class PerspectiveHours:
    perspective: str
    people: int
    hours: int | None  # None: too few people to show


def hours_by_perspective(
    organisation: Organisation, start: datetime.date, end: datetime.date
) -> list[PerspectiveHours]:
    """Approved hours per perspective from ``start`` to ``end``, for the record: whole
    hours, rounded down, never for fewer people than the minimum group size. A person who
    holds two perspectives counts in both. No amounts, and no one person."""
    minutes: dict[int, dict[int, int]] = defaultdict(dict)
    given = TimeGiven.objects.filter(
        organisation=organisation,
        state=TimeGiven.State.APPROVED,
        day__gte=start,
        day__lte=end,
    ).values_list("person_id", "minutes")
    per_person: dict[int, int] = defaultdict(int)
    for person_id, mins in given:
        per_person[person_id] += mins
    held = OrgMembership.perspectives.through.objects.filter(
        orgmembership__organisation=organisation,
        orgmembership__user_id__in=list(per_person),
    ).values_list("perspective_id", "orgmembership__user_id")
    for perspective_id, person_id in held:
        minutes[perspective_id][person_id] = per_person[person_id]
    smallest = minimum_group_size()
    out = []
    for p in Perspective.objects.filter(organisation=organisation):
        people = minutes.get(p.pk, {})
        if not people:
            continue
        out.append(
            PerspectiveHours(
                perspective=p.name,
                people=len(people),
                hours=sum(people.values()) // 60 if len(people) >= smallest else None,
            )
        )
    return out


def lived_experience_hours(
    organisation: Organisation, start: datetime.date, end: datetime.date
) -> int | None:
    """Approved hours of everyone who holds a lived-experience perspective (each person
    once), or None when fewer people than the minimum group size."""
    lived = set(
        OrgMembership.objects.filter(
            organisation=organisation, perspectives__lived_experience=True
        ).values_list("user_id", flat=True)
    )
    per_person: dict[int, int] = defaultdict(int)
    for person_id, mins in TimeGiven.objects.filter(
        organisation=organisation,
        state=TimeGiven.State.APPROVED,
        day__gte=start,
        day__lte=end,
        person_id__in=lived,
    ).values_list("person_id", "minutes"):
        per_person[person_id] += mins
    if len(per_person) < minimum_group_size():
        return None
    return sum(per_person.values()) // 60


def personal_data(person: User) -> dict[str, object]:
    """Everything recognition keeps about the person, for their download."""
    return {
        "choices": [
            {
                "organisation": c.organisation.name,
                "way": str(Way(c.way).label),
                "reference": c.reference,
                "changed": c.updated_at.isoformat(),
            }
            for c in Choice.objects.filter(person=person).select_related("organisation")
        ],
        "time_given": [
            {
                "organisation": e.organisation.name,
                "day": e.day.isoformat(),
                "minutes": e.minutes,
                "what": e.what,
                "level": e.level.name,
                "note": e.note,
                "state": str(TimeGiven.State(e.state).label),
                "pence": pence_of(e),
                "reason_sent_back": e.reason,
            }
            for e in _entries().filter(person=person).select_related("organisation")
        ],
        "expense_claims": [
            {
                "organisation": c.organisation.name,
                "day": c.day.isoformat(),
                "kind": str(c.get_kind_display()),
                "what": c.what,
                "pence": c.pence,
                "state": str(c.get_state_display()),
                "reason_sent_back": c.reason,
                "receipt": bool(c.receipt),
            }
            for c in Claim.objects.filter(person=person).select_related("organisation")
        ],
    }


# What a facilitator reads about a member's choice: the kind, never the details.
SHORT_WAYS = {
    Way.BANK: gettext_lazy("Wants payment"),
    Way.VOUCHER: gettext_lazy("Wants a voucher"),
    Way.DONATION: gettext_lazy("Wants a gift to charity"),
    Way.DECLINE: gettext_lazy("No payment"),
}


def ways_in_group(group: Group) -> list[tuple[User, str]]:
    """Each member of the group with how they would like us to thank them, in a few words ("Wants
    payment", "No payment", "Not said yet"), for the group's facilitators."""
    people = list(people_in_group(group))
    chosen = dict(
        Choice.objects.filter(organisation_id=group.organisation_id, person__in=people).values_list(
            "person_id", "way"
        )
    )
    not_said = _("Not said yet")
    return [(p, str(SHORT_WAYS.get(chosen.get(p.pk, ""), not_said))) for p in people]  # type: ignore[call-overload]


def tax_year(start_year: int) -> tuple[datetime.date, datetime.date]:
    """The UK tax year that starts on 6 April of ``start_year``: its first and last day."""
    return datetime.date(start_year, 4, 6), datetime.date(start_year + 1, 4, 5)


@dataclass
class Statement:
    """A person's approved time and expenses in one period, for their own records (and a
    benefits adviser). Only approved things are on it: it says what was paid."""

    person: User
    organisation: Organisation
    start: datetime.date
    end: datetime.date
    way: str
    lines: list[tuple[TimeGiven, int]]
    claims: list[Claim]
    minutes: int
    time_pence: int
    expenses_pence: int
    declined: bool = False  # they chose no payment


def statement_for(
    person: User, organisation: Organisation, start: datetime.date, end: datetime.date
) -> Statement:
    """The person's own statement: approved time with what each piece earned, approved
    expense claims, and the totals."""
    entries = list(
        _entries()
        .filter(
            organisation=organisation,
            person=person,
            state=TimeGiven.State.APPROVED,
            day__gte=start,
            day__lte=end,
        )
        .order_by("day", "id")
    )
    claims = list(
        Claim.objects.filter(
            organisation=organisation,
            person=person,
            state=Claim.State.APPROVED,
            day__gte=start,
            day__lte=end,
        ).order_by("day", "id")
    )
    choice = choice_of(person, organisation)
    declined = choice is not None and choice.way == Way.DECLINE
    lines = [(e, 0 if declined else pence_of(e)) for e in entries]
    return Statement(
        person=person,
        organisation=organisation,
        start=start,
        end=end,
        way=str(Way(choice.way).label) if choice else _("Not chosen yet"),
        lines=lines,
        claims=claims,
        minutes=sum(e.minutes for e in entries),
        time_pence=sum(p for _entry, p in lines),
        expenses_pence=sum(c.pence for c in claims),
        declined=declined,
    )


def approved_minutes(
    person: User, organisation: Organisation, start: datetime.date, end: datetime.date
) -> int:
    return sum(
        TimeGiven.objects.filter(
            organisation=organisation,
            person=person,
            state=TimeGiven.State.APPROVED,
            day__gte=start,
            day__lte=end,
        ).values_list("minutes", flat=True)
    )
