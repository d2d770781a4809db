"""Every change to ideas: permission, audit log, one transaction, and a line of the idea's
own history in words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from equalvoice.core import audit
from equalvoice.core.models import Group, Membership, User
from equalvoice.core.permissions import require as _require
from equalvoice.record.selectors import check_initiative

from .models import Authorship, Idea, IdeaComment, IdeaEvent, Support

if TYPE_CHECKING:
    from equalvoice.record.models import Initiative

TITLE_MAX = 200
TEXT_MAX = 10_000
COMMENT_MAX = 5_000
NEEDS_CONSENT = gettext_lazy("Tick to confirm the person agreed to you adding their idea")
NEEDS_RESPONSE = gettext_lazy("Say what happens next, and why")
NEEDS_TITLE = gettext_lazy("Give the idea a title in a few words")
ANSWERS = (
    Idea.Status.CONSIDERING,
    Idea.Status.TAKEN_FORWARD,
    Idea.Status.DONE,
    Idea.Status.NOT_NOW,
)


def _event(idea: Idea, actor: User | None, text: str) -> IdeaEvent:
    return IdeaEvent.objects.create(idea=idea, actor=actor, text=text[:500])


def _check_words(title: str, text: str) -> None:
    if not title.strip():
        raise ValidationError({"title": NEEDS_TITLE})
    if len(title) > TITLE_MAX:
        raise ValidationError(
            {"title": _("Keep the title to %(count)s characters") % {"count": TITLE_MAX}}
        )
    if len(text) > TEXT_MAX:
        raise ValidationError(
            {"text": _("Keep the idea to %(count)s characters") % {"count": f"{TEXT_MAX:,}"}}
        )


def _not_combined(idea: Idea) -> None:
    if idea.status == Idea.Status.COMBINED:
        raise ValidationError(
            _("This idea is now part of another idea. Go to that idea to take part.")
        )


@transaction.atomic
def idea_add(
    *,
    actor: User,
    group: Group,
    title: str,
    text: str = "",
    picture: File | None = None,
    initiative: Initiative | None = None,
    for_person: User | None = None,
    consent_confirmed: bool = False,
) -> Idea:
    """Add an idea to the group's board. A supporter (a facilitator, or an admin) may
    write an idea down for a member who agreed; both are named on the idea."""
    person = for_person or actor
    if person.pk == actor.pk:
        _require(actor, "ideas.add", group)
    else:
        _require(actor, "ideas.add_for", group)
        if not Membership.objects.filter(user=person, group=group).exists():
            raise ValidationError({"for_person": _("Choose a member of the group")})
        if not consent_confirmed:
            raise ValidationError({"consent_confirmed": NEEDS_CONSENT})
    _check_words(title, text)
    check_initiative(group.organisation_id, initiative)
    idea = Idea(
        organisation=group.organisation,
        group=group,
        initiative=initiative,
        title=title.strip(),
        text=text,
        created_by=actor,
    )
    if picture is not None:
        idea.picture.save(picture.name or "picture", picture, save=False)
    idea.save()
    supported = person.pk != actor.pk
    Authorship.objects.create(
        idea=idea,
        person=person,
        entered_by=actor if supported else None,
        consent_confirmed=supported,
    )
    if supported:
        _event(idea, actor, f"{actor.name} wrote down {person.name}’s idea, with their agreement")
    else:
        _event(idea, actor, f"{actor.name} added the idea")
    audit.record(
        organisation=group.organisation,
        actor=actor,
        on_behalf_of=person if supported else None,
        verb="idea.create",
        obj=idea,
        summary=f"{actor} added the idea “{idea.title}” to {group}"
        + (f" for {person}" if supported else ""),
    )
    return idea


@transaction.atomic
def idea_support(*, actor: User, idea: Idea, support: bool = True) -> bool:
    """Support an idea, or stop supporting it. One support each; asking twice changes
    nothing. Returns whether the person supports it now."""
    _require(actor, "ideas.support", idea)
    _not_combined(idea)
    if support:
        _, made = Support.objects.get_or_create(idea=idea, person=actor)
        changed = made
    else:
        changed = Support.objects.filter(idea=idea, person=actor).delete()[0] > 0
    if changed:
        audit.record(
            organisation=idea.organisation,
            actor=actor,
            verb="idea.support" if support else "idea.unsupport",
            obj=idea,
            summary=f"{actor} {'supports' if support else 'stopped supporting'} “{idea.title}”",
        )
    return support


@transaction.atomic
def idea_comment_add(*, actor: User, idea: Idea, text: str) -> IdeaComment:
    """Say something about an idea."""
    _require(actor, "ideas.comment", idea)
    _not_combined(idea)
    if not text.strip():
        raise ValidationError({"text": _("Write your comment")})
    if len(text) > COMMENT_MAX:
        raise ValidationError(
            {"text": _("Keep your comment to %(count)s characters") % {"count": f"{COMMENT_MAX:,}"}}
        )
    comment = IdeaComment.objects.create(idea=idea, author=actor, text=text)
    audit.record(
        organisation=idea.organisation,
        actor=actor,
        verb="idea.comment",
        obj=idea,
        summary=f"{actor} commented on “{idea.title}”",
    )
    return comment


@transaction.atomic
def idea_respond(*, actor: User, idea: Idea, status: str, response: str) -> Idea:
    """Give the idea a status and say, in plain words, what happens next and why."""
    _require(actor, "ideas.respond", idea)
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    _not_combined(idea)
    if status not in ANSWERS:
        raise ValidationError({"status": _("Choose what happens to the idea")})
    if not response.strip():
        raise ValidationError({"response": NEEDS_RESPONSE})
    if len(response) > TEXT_MAX:
        raise ValidationError(
            {"response": _("Keep the answer to %(count)s characters") % {"count": f"{TEXT_MAX:,}"}}
        )
    idea.status, idea.response = status, response
    idea.responded_by, idea.responded_at = actor, timezone.now()
    idea.save(update_fields=["status", "response", "responded_by", "responded_at"])
    _event(idea, actor, f"{actor.name} answered: {idea.get_status_display()}. {response}")
    audit.record(
        organisation=idea.organisation,
        actor=actor,
        verb="idea.respond",
        obj=idea,
        summary=f"{actor} answered “{idea.title}”: {idea.get_status_display()}",
    )
    return idea


def _check_combinable(ideas: Sequence[Idea]) -> Group:
    if len({i.pk for i in ideas}) < 2:
        raise ValidationError({"ideas": _("Choose two or more ideas to put together")})
    groups = {i.group_id for i in ideas}
    if len(groups) > 1:
        raise ValidationError({"ideas": _("Choose ideas from the same group")})
    for idea in ideas:
        if idea.status == Idea.Status.COMBINED:
            raise ValidationError(
                {
                    "ideas": _("“%(title)s” is already part of another idea. Choose open ideas.")
                    % {"title": idea.title}
                }
            )
        if not idea.is_open:
            raise ValidationError(
                {
                    "ideas": _("The answer to “%(title)s” is %(status)s. Choose open ideas.")
                    % {"title": idea.title, "status": idea.get_status_display()}
                }
            )
    return ideas[0].group


@transaction.atomic
def ideas_combine(*, actor: User, ideas: Sequence[Idea], title: str, text: str = "") -> Idea:
    """Put two or more ideas together as a new idea. The new idea keeps every author (and
    who wrote an idea down for whom), every supporter, and the history of each idea it
    was made from. The ideas stay on the board, marked "Put with other ideas", linking to
    the new one. Left empty, the new idea's words are the words of each idea, unchanged."""
    ideas = list(
        Idea.objects.select_for_update()
        .filter(pk__in=[i.pk for i in ideas])
        .select_related("group", "organisation")
        .order_by("created_at", "id")
    )
    if not ideas:
        raise ValidationError({"ideas": _("Choose two or more ideas to put together")})
    for idea in ideas:
        _require(actor, "ideas.combine", idea)
    group = _check_combinable(ideas)
    if not text.strip():
        text = "\n\n".join(f"{i.title}: {i.text}".strip().rstrip(":") for i in ideas)
    _check_words(title, text)
    initiatives = {i.initiative_id for i in ideas}
    picture = next((i.picture for i in ideas if i.picture), None)
    combined = Idea.objects.create(
        organisation=group.organisation,
        group=group,
        initiative_id=initiatives.pop() if len(initiatives) == 1 else None,
        title=title.strip(),
        text=text,
        picture=picture.name if picture else "",
        created_by=actor,
    )
    authors: dict[int, Authorship] = {}
    for a in Authorship.objects.filter(idea__in=ideas).order_by("added_at", "id"):
        kept = authors.get(a.person_id)
        # A person who added one of the ideas themselves is named as its author, not as
        # someone whose idea was written down for them.
        if kept is None or (kept.entered_by_id and not a.entered_by_id):
            authors[a.person_id] = a
    Authorship.objects.bulk_create(
        Authorship(
            idea=combined,
            person_id=a.person_id,
            entered_by_id=a.entered_by_id,
            consent_confirmed=a.consent_confirmed,
            added_at=a.added_at,
        )
        for a in authors.values()
    )
    supporters = set(Support.objects.filter(idea__in=ideas).values_list("person_id", flat=True))
    Support.objects.bulk_create(Support(idea=combined, person_id=p) for p in sorted(supporters))
    names = ", ".join(f"“{i.title}”" for i in ideas)
    _event(combined, actor, f"{actor.name} put these ideas together: {names}")
    for idea in ideas:
        idea.status, idea.combined_into = Idea.Status.COMBINED, combined
        idea.save(update_fields=["status", "combined_into"])
        _event(idea, actor, f"{actor.name} put this idea with others in “{combined.title}”")
    audit.record(
        organisation=group.organisation,
        actor=actor,
        verb="idea.combine",
        obj=combined,
        summary=f"{actor} put {len(ideas)} ideas together as “{combined.title}”",
    )
    return combined
