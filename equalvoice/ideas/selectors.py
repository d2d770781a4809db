"""Reads with rules for ideas. An idea outside the person's groups (or organisation) is
"not found". An idea made by putting others together shows their history and comments
too, so nothing anyone said is lost."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from equalvoice.core import selectors as core
from equalvoice.core.models import Group, User

from .models import Authorship, Idea, IdeaComment, IdeaEvent, Support


def _with_people(ideas: QuerySet[Idea]) -> QuerySet[Idea]:
    return ideas.select_related("organisation", "group", "combined_into").prefetch_related(
        Prefetch("authorships", queryset=Authorship.objects.select_related("person", "entered_by"))
    )


def ideas_for_group(
    group: Group, status: str = "", initiative_id: int | None = None
) -> QuerySet[Idea]:
    """The group's board: each idea with its authors and how many people support it.
    `status` is one of `Idea.Status`, or "open" for every idea still open."""
    ideas = Idea.objects.filter(group=group)
    if status == "open":
        ideas = ideas.filter(status__in=Idea.OPEN)
    elif status in Idea.Status.values:
        ideas = ideas.filter(status=status)
    if initiative_id is not None:
        ideas = ideas.filter(initiative_id=initiative_id)
    # Counting groups the rows, and Django then drops the model's ordering: say it again.
    return (
        _with_people(ideas)
        .annotate(support_count=Count("supports", distinct=True))
        .order_by("-created_at", "-id")
    )


def open_ideas(group: Group) -> QuerySet[Idea]:
    """Ideas that can still be put together with others."""
    return _with_people(Idea.objects.filter(group=group, status__in=Idea.OPEN))


def idea_for(user: User, org_slug: str, pk: int) -> Idea:
    """An idea of a group the person can see; anything else is "not found"."""
    rows = core.in_groups_visible_to(user, org_slug, _with_people(Idea.objects.filter(pk=pk)))
    rows = rows.select_related("initiative", "responded_by")
    return core.first_or_404(rows, "No such idea")


def made_from(idea: Idea) -> list[Idea]:
    """The ideas that were put together to make this one."""
    return list(_with_people(idea.combined_from.all()).order_by("created_at", "id"))


def ancestors(idea: Idea) -> list[int]:
    """The ids of every idea this one was made from, however many times ideas were put
    together; one query for each round of putting together."""
    found: list[int] = []
    level = [idea.pk]
    while level:
        level = list(Idea.objects.filter(combined_into_id__in=level).values_list("pk", flat=True))
        level = [pk for pk in level if pk not in found]
        found += level
    return found


def history(idea: Idea, earlier: list[int]) -> QuerySet[IdeaEvent]:
    """What happened to this idea and to every idea it was made from, oldest first."""
    return (
        IdeaEvent.objects.filter(idea_id__in=[idea.pk, *earlier])
        .select_related("idea")
        .order_by("at", "id")
    )


def comments_for(idea: Idea, earlier: list[int]) -> QuerySet[IdeaComment]:
    return (
        IdeaComment.objects.filter(idea_id__in=[idea.pk, *earlier])
        .select_related("idea", "author")
        .order_by("created_at", "id")
    )


def supporters(idea: Idea) -> QuerySet[Support]:
    return Support.objects.filter(idea=idea).select_related("person").order_by("person__name")


def supports(idea: Idea, user: User) -> bool:
    return Support.objects.filter(idea=idea, person_id=user.pk).exists()
