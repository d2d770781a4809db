"""What is waiting for a person: the home page's list of things to do next.

The core knows nothing of the apps built on it, so each app adds what it knows by
registering a provider from its `AppConfig.ready()`:

    from equalvoice.core import waiting
    waiting.register(selectors.waiting_for)

A provider takes a `Viewer` (the person, today, and where they belong, read once for
all providers) and returns `Waiting` items. It reads with rules, like any selector: only
what this person may see and do, never another organisation's data, in a fixed number
of queries however much there is. `items_for` collects every provider's items, most
urgent first.

Most people have nothing waiting from most apps, and building a provider's queries costs
more than running them. So a provider may register its questions too:

    waiting.register(selectors.waiting_for, asks=selectors.waiting_questions)

`asks` takes the viewer and returns plain querysets by name (usually the `Waiting.kind`
they are for). All the apps' questions go to the database together, in one query that
says which of them find any rows, and the provider then builds only the lists whose
question found something: `if viewer.may_have("decision-vote"): ...`. A question must
find rows whenever its list would have items (it may find rows when the list is empty:
a plain filter without the counts is enough). A viewer from `viewer_for` has asked
nothing yet, so `may_have` is true for everything and a provider called on its own
builds every list."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from django.db.models import Exists, F, Func, IntegerField, QuerySet, Subquery
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
    # The names of the providers' questions asked, and of those that found rows.
    asked: frozenset[str] = frozenset()
    found: frozenset[str] = frozenset()

    def may_have(self, name: str) -> bool:
        """False only when the question `name` was asked and found nothing."""
        return name not in self.asked or name in self.found

    @property
    def organisation_ids(self) -> frozenset[int]:
        return frozenset(self.organisations)

    @property
    def runs_anything(self) -> bool:
        return bool(self.admin_of or self.runs)


def viewer_for(user: User, now: datetime | None = None) -> Viewer:
    """Where the person belongs, in two queries. `organisations` in the order of their
    names, as `core.selectors.organisations_for` has them."""
    now = now or timezone.now()
    places = list(
        OrgMembership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name", "organisation_id")
    )
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
Questions = Callable[[Viewer], dict[str, QuerySet[Any]]]

_providers: list[Provider] = []
_questions: list[Questions] = []


def register(provider: Provider, asks: Questions | None = None) -> None:
    """Add an app's provider, and the questions it asks first (see above). Registering
    the same one twice has no effect."""
    if provider not in _providers:
        _providers.append(provider)
    if asks is not None and asks not in _questions:
        _questions.append(asks)


def providers() -> tuple[Provider, ...]:
    return tuple(_providers)


def items_for(user: User, now: datetime | None = None) -> list[Waiting]:
    """Everything waiting for the person, from every app, most urgent first."""
    if not user.is_authenticated:
        return []
    return collect(viewer_for(user, now))


def collect(viewer: Viewer) -> list[Waiting]:
    """Every provider's items for a viewer already read, most urgent first: the
    providers' questions first, in one query, then only the lists that may have items."""
    if not viewer.organisations:
        return []
    viewer = answered(viewer)
    found = [item for provider in _providers for item in provider(viewer)]
    return sorted(found, key=lambda item: item.sort_key)


def answered(viewer: Viewer) -> Viewer:
    """The viewer with `found`: which of the providers' questions find any rows, asked
    together in one query (none when no question is asked)."""
    questions: dict[str, QuerySet[Any]] = {}
    for asks in _questions:
        questions.update(asks(viewer))
    if not questions:
        return viewer
    names = dict(zip((f"q{i}" for i in range(len(questions))), questions, strict=True))
    # One row (the person's own) with a yes or no for each question.
    row = (
        User.objects.filter(pk=viewer.user.pk)
        .values(**{alias: Exists(questions[name]) for alias, name in names.items()})
        .get()
    )
    return replace(
        viewer,
        asked=frozenset(questions),
        found=frozenset(names[alias] for alias, yes in row.items() if yes),
    )


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
