"""What is waiting for a person: the home page's list of things to do next.

The core knows nothing of the apps built on it, so each app adds what it knows by
registering a provider from its `AppConfig.ready()`:

    from equalvoice.core import waiting
    waiting.register(selectors.waiting_for)

A provider takes a `Viewer` (the person, today, and where they belong, read once for
all providers) and returns `Waiting` items. It reads with rules, like any selector: only
what this person may see and do, never another organisation's data, in a fixed number
of queries however much there is. `items_for` collects every provider's items, most
urgent first."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import F, Func, IntegerField, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import pgettext

from .models import Membership, Organisation, OrgMembership, Role, User


@dataclass(frozen=True)
class Viewer:
    """The person the list is for, and where they belong, so providers need not ask."""

    user: User
    today: date
    now: datetime
    organisations: dict[int, Organisation]
    admin_of: frozenset[int]  # organisation ids
    groups: frozenset[int]  # group ids, any role
    runs: frozenset[int]  # group ids where the person is a facilitator
    facilitates_in: frozenset[int]  # organisation ids where they run at least one group

    @property
    def organisation_ids(self) -> frozenset[int]:
        return frozenset(self.organisations)

    @property
    def runs_anything(self) -> bool:
        return bool(self.admin_of or self.runs)


def viewer_for(user: User, now: datetime | None = None) -> Viewer:
    """Where the person belongs, in two queries."""
    now = now or timezone.now()
    places = list(OrgMembership.objects.filter(user=user).select_related("organisation"))
    memberships = list(
        Membership.objects.filter(user=user).values_list(
            "group_id", "group__organisation_id", "role"
        )
    )
    facilitator = Membership.GroupRole.FACILITATOR
    return Viewer(
        user=user,
        today=timezone.localdate(now),
        now=now,
        organisations={p.organisation_id: p.organisation for p in places},
        admin_of=frozenset(p.organisation_id for p in places if p.role == Role.ADMIN),
        groups=frozenset(g for g, _o, _r in memberships),
        runs=frozenset(g for g, _o, r in memberships if r == facilitator),
        facilitates_in=frozenset(o for _g, o, r in memberships if r == facilitator),
    )


@dataclass(frozen=True)
class Waiting:
    """One thing to do, as one link to the place where it is done.

    `title` is the link's words, a plain sentence ("Answer the feedback round “Spring”
    by Friday 12 December"); `note` an optional second sentence. `easy_title` and
    `easy_notes` say the same in easy read: short sentences, one idea each. `running` is
    true for things a facilitator or admin does for the groups they run, false for the
    person's own. `icon` names the picture shown in easy read (core/_waiting_icon.html).

    Order: things with a date first, soonest first; then by `rank` (lower first), then by
    title."""

    kind: str
    title: str
    url: str
    organisation: Organisation
    due: date | None = None
    rank: int = 50
    note: str = ""
    easy_title: str = ""
    easy_notes: tuple[str, ...] = ()
    running: bool = False
    icon: str = "todo"

    @property
    def sort_key(self) -> tuple[bool, date, int, str]:
        return (self.due is None, self.due or date.max, self.rank, self.title.lower())

    @property
    def easy_words(self) -> str:
        return self.easy_title or self.title


Provider = Callable[[Viewer], Iterable[Waiting]]

_providers: list[Provider] = []


def register(provider: Provider) -> None:
    """Add an app's provider. Registering the same one twice has no effect."""
    if provider not in _providers:
        _providers.append(provider)


def providers() -> tuple[Provider, ...]:
    return tuple(_providers)


def items_for(user: User, now: datetime | None = None) -> list[Waiting]:
    """Everything waiting for the person, from every app, most urgent first."""
    if not user.is_authenticated:
        return []
    return collect(viewer_for(user, now))


def collect(viewer: Viewer) -> list[Waiting]:
    """Every provider's items for a viewer already read, most urgent first."""
    if not viewer.organisations:
        return []
    found = [item for provider in _providers for item in provider(viewer)]
    return sorted(found, key=lambda item: item.sort_key)


# Plain words for dates and times, shared by the providers.


def day(when: date, today: date | None = None) -> str:
    """A date as people say it: "Friday 12 December", with the year when it is not this
    year's."""
    today = today or timezone.localdate()
    # Day and month names in the language of the page (Django's own translations).
    return date_format(when, "l j F" if when.year == today.year else "l j F Y")


def time_of_day(when: datetime) -> str:
    """A time as people say it: "2pm", "10:30am", "midday"."""
    local = timezone.localtime(when)
    if local.hour == 12 and local.minute == 0:
        return pgettext("time of day", "midday")
    hour = local.hour % 12 or 12
    suffix = pgettext("time of day", "am") if local.hour < 12 else pgettext("time of day", "pm")
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"


def short(text: str, limit: int = 60) -> str:
    """The start of a long text, cut at a word, for a link."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",.;:")
    return f"{cut}…"


def count_of(rows: QuerySet[Any], column: str = "pk", distinct: bool = False) -> Coalesce:
    """The number of `rows` as a subquery, for `annotate`: counts for many objects in the
    one query that finds them. `rows` usually filters on `OuterRef(...)`."""
    template = "COUNT(DISTINCT %(expressions)s)" if distinct else "COUNT(%(expressions)s)"
    counted = rows.order_by().annotate(n=Func(F(column), template=template)).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
