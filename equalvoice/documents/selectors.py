"""Reads with rules for documents written together. A document outside the person's
groups (or organisation) is "not found"; someone asked sees only the asking they were
asked in. "How this was written" is worked out here from what is stored, so the page, its
PDF and the co-production record always say the same."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from equalvoice.core import selectors as core
from equalvoice.core import waiting
from equalvoice.core.models import Group, Perspective, User
from equalvoice.record.evidence import ActivityFacts, evidenced_rung
from equalvoice.record.ladder import Rung
from equalvoice.standards.scoring import suppressed

from .compare import Row, compare
from .models import (
    Asked,
    AskedComment,
    Asking,
    Document,
    Lead,
    Section,
    SectionComment,
    Suggestion,
    TrainingFeedback,
    TrainingSession,
    Version,
)

NO_PERSPECTIVE = "No perspective given"


def documents_for_group(group: Group) -> QuerySet[Document]:
    return (
        Document.objects.filter(group=group)
        .prefetch_related(Prefetch("leads", queryset=Lead.objects.select_related("person")))
        .annotate(agreed=Count("versions", filter=Q(versions__status=Version.Status.AGREED)))
        .order_by("title", "id")
    )


def document_for(user: User, org_slug: str, pk: int) -> Document:
    """A document of a group the person can see; anything else is "not found"."""
    rows = core.in_groups_visible_to(user, org_slug, Document.objects.filter(pk=pk))
    return core.first_or_404(
        rows.select_related("organisation", "group", "initiative"), "No such document"
    )


def leads_of(document: Document) -> list[Lead]:
    return list(Lead.objects.filter(document=document).select_related("person"))


def is_lead(document: Document, user: User) -> bool:
    return Lead.objects.filter(document=document, person_id=user.pk).exists()


def sections_of(document: Document) -> list[Section]:
    """The draft: the sections still in it, each with its suggestions and comments."""
    people = ("author", "entered_by", "answered_by")
    return list(
        Section.objects.filter(document=document, removed_at__isnull=True).prefetch_related(
            Prefetch("suggestions", queryset=Suggestion.objects.select_related(*people)),
            Prefetch(
                "comments", queryset=SectionComment.objects.select_related("author", "entered_by")
            ),
        )
    )


def section_in(document: Document, pk: int) -> Section:
    """A section of the document, also one taken out (so a late suggestion is told so
    plainly rather than "not found")."""
    return core.first_or_404(Section.objects.filter(document=document, pk=pk), "No such section")


def suggestion_in(document: Document, pk: int) -> Suggestion:
    rows = Suggestion.objects.filter(section__document=document, pk=pk)
    return core.first_or_404(rows.select_related("section", "author"), "No such suggestion")


def suggestions_by(document: Document, user: User) -> list[Suggestion]:
    """The person's own suggestions, with the answers (and reasons) the leads gave."""
    return list(
        Suggestion.objects.filter(section__document=document, author=user)
        .select_related("section", "answered_by")
        .order_by("-created_at", "-id")
    )


def versions_of(document: Document) -> list[Version]:
    return list(
        Version.objects.filter(document=document)
        .select_related("decision")
        .order_by("created_at", "id")
    )


def version_in(document: Document, pk: int) -> Version:
    return core.first_or_404(
        Version.objects.filter(document=document, pk=pk).select_related("decision"),
        "No such version",
    )


def latest_agreed(document: Document) -> Version | None:
    return (
        Version.objects.filter(document=document, status=Version.Status.AGREED)
        .order_by("-number")
        .first()
    )


DRAFT = "draft"


def sides(document: Document, chosen: str) -> tuple[str, list[dict[str, str]]] | None:
    """What to compare: "draft" (the sections now) or a version's id."""
    from .actions import snapshot

    if chosen == DRAFT:
        return DRAFT, snapshot(document)
    if chosen.isdigit():
        version = Version.objects.filter(document=document, pk=int(chosen)).first()
        if version is not None:
            return version.label, list(version.sections)
    return None


def comparison(left: list[dict[str, str]], right: list[dict[str, str]]) -> list[Row]:
    return compare(left, right)


# Asking others ------------------------------------------------------------------------


def askings_of(document: Document) -> list[Asking]:
    return list(
        Asking.objects.filter(document=document)
        .select_related("version")
        .prefetch_related(
            Prefetch(
                "asked",
                queryset=Asked.objects.select_related("person", "via_group").prefetch_related(
                    Prefetch(
                        "comments", queryset=AskedComment.objects.select_related("answered_by")
                    )
                ),
            )
        )
    )


def asking_for(user: User, org_slug: str, pk: int) -> Asking:
    """An asking the person may see: one they were asked in, or one of a group they can
    see. Anything else, or another organisation's, is "not found"."""
    organisation = core.organisation_for(user, org_slug)
    rows = Asking.objects.filter(pk=pk, document__organisation=organisation).filter(
        Q(document__group__in=core.groups_visible_to(user, organisation)) | Q(asked__person=user)
    )
    return core.first_or_404(
        rows.distinct().select_related(
            "document", "document__organisation", "document__group", "version"
        ),
        "No such request for comments",
    )


def asked_as(asking: Asking, user: User) -> Asked | None:
    return Asked.objects.filter(asking=asking, person_id=user.pk).first()


def asked_comments(asked: Asked) -> list[AskedComment]:
    return list(AskedComment.objects.filter(asked=asked).select_related("answered_by"))


def asked_comment_in(document: Document, pk: int) -> AskedComment:
    rows = AskedComment.objects.filter(asked__asking__document=document, pk=pk)
    return core.first_or_404(rows.select_related("asked", "asked__person"), "No such comment")


def you_said_we_did(document: Document) -> list[AskedComment]:
    """Every comment from people asked, with the leads' answer, newest asking first."""
    return list(
        AskedComment.objects.filter(asked__asking__document=document)
        .select_related("asked", "asked__person", "asked__asking", "answered_by")
        .order_by("-asked__asking__created_at", "created_at", "id")
    )


def askings_waiting_for(user: User) -> QuerySet[Asking]:
    """The askings a person was asked in: for their page of requests."""
    return (
        Asking.objects.filter(asked__person=user)
        .select_related("document", "document__organisation")
        .distinct()
        .order_by("respond_by", "id")
    )


# How this was written -----------------------------------------------------------------


@dataclass(frozen=True)
class PerspectiveRow:
    perspective: str
    lived_experience: bool
    led: int
    suggested: int | None  # None: hidden, too few people to show
    commented: int | None
    asked: int | None


@dataclass
class HowWritten:
    version: Version
    leads: list[Lead]
    rows: list[PerspectiveRow]
    minimum: int
    suggestions: int
    suggestions_taken: int
    comments: int
    comments_taken: int
    asked_count: int
    quorum_met: bool
    rung_claimed: Rung
    rung: Rung | None
    reasons: tuple[str, ...]
    people: list[User] = field(default_factory=list)

    @property
    def led_by_lived_experience(self) -> bool:
        return any(lead.lived_experience for lead in self.leads)

    @property
    def any_hidden(self) -> bool:
        return any(None in (r.suggested, r.commented, r.asked) for r in self.rows)


def _by_perspective(people: dict[int, list[str]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for held in people.values():
        counts.update(held or [NO_PERSPECTIVE])
    return counts


def _shown(counts: Counter[str], minimum: int) -> dict[str, int | None]:
    hidden = suppressed(dict(counts), minimum)
    return {key: (None if key in hidden else size) for key, size in counts.items()}


def how_written(version: Version) -> HowWritten:
    """Who led the version, how many people of each perspective suggested, commented or
    were asked before it was made (each person counted once under each perspective they
    held at the time; a group of fewer than `EQUALVOICE_MIN_GROUP_SIZE` hidden, as in
    standards' results), how much was taken up, and the rung of the ladder the record
    shows (record.evidence): claimed as co-production, capped by the facts."""
    document = version.document
    before = Q(created_at__lte=version.created_at)
    suggestions = list(
        Suggestion.objects.filter(before, section__document=document).select_related("author")
    )
    comments = list(
        SectionComment.objects.filter(before, section__document=document).select_related("author")
    )
    asked = list(
        Asked.objects.filter(asking__document=document, asking__created_at__lte=version.created_at)
        .select_related("person")
        .prefetch_related("comments")
    )
    leads = leads_of(document)
    minimum = core.minimum_group_size()

    suggesters = {s.author_id: s.perspectives for s in suggestions}
    commenters = {c.author_id: c.perspectives for c in comments}
    asked_people = {a.pk: a.perspectives for a in asked}
    by_suggest = _shown(_by_perspective(suggesters), minimum)
    by_comment = _shown(_by_perspective(commenters), minimum)
    by_asked = _shown(_by_perspective(asked_people), minimum)
    by_lead = _by_perspective({lead.person_id: lead.perspectives for lead in leads})

    lived_names = set(
        Perspective.objects.filter(
            organisation_id=document.organisation_id, lived_experience=True
        ).values_list("name", flat=True)
    )
    names = sorted(
        set(by_suggest) | set(by_comment) | set(by_asked) | set(by_lead),
        key=lambda n: (n == NO_PERSPECTIVE, n not in lived_names, n),
    )
    rows = [
        PerspectiveRow(
            perspective=name,
            lived_experience=name in lived_names,
            led=by_lead.get(name, 0),
            suggested=by_suggest.get(name, 0),
            commented=by_comment.get(name, 0),
            asked=by_asked.get(name, 0),
        )
        for name in names
    ]

    asked_comments = [c for a in asked for c in a.comments.all()]
    suggestions_taken = sum(1 for s in suggestions if s.taken_up)
    comments_taken = sum(1 for c in asked_comments if c.taken_up)
    people_by_id: dict[int, User] = {lead.person_id: lead.person for lead in leads}
    people_by_id.update({s.author_id: s.author for s in suggestions})
    people_by_id.update({c.author_id: c.author for c in comments})
    held = {lead.person_id: lead.perspectives for lead in leads} | suggesters | commenters
    lived_people = sum(1 for p in held.values() if lived_names & set(p))
    summary = (
        version.decision.decided_by_summary if version.decision_id and version.decision else {}
    )
    quorum_met = bool(summary.get("quorum_met"))
    lived_led = any(lead.lived_experience for lead in leads)
    lived_taken = any(s.taken_up and lived_names & set(s.perspectives) for s in suggestions)
    taken = suggestions_taken + comments_taken
    claimed = Rung.CO_PRODUCTION
    facts = ActivityFacts(
        status="done" if version.status == Version.Status.AGREED else "planned",
        rung_claimed=int(claimed),
        lived_experience_taking_part=lived_people,
        effect_recorded=True,
        something_changed=taken > 0,
        shaped_design=lived_led or lived_taken,
        decided_together=quorum_met,
    )
    evidence = evidenced_rung(facts)
    return HowWritten(
        version=version,
        leads=leads,
        rows=rows,
        minimum=minimum,
        suggestions=len(suggestions),
        suggestions_taken=suggestions_taken,
        comments=len(asked_comments),
        comments_taken=comments_taken,
        asked_count=len(asked),
        quorum_met=quorum_met,
        rung_claimed=claimed,
        rung=evidence.rung,
        reasons=evidence.reasons,
        people=sorted(people_by_id.values(), key=lambda p: (p.name, p.pk)),
    )


# Training -------------------------------------------------------------------------------


def sessions_of(document: Document) -> list[TrainingSession]:
    return list(
        TrainingSession.objects.filter(document=document)
        .select_related("version")
        .prefetch_related(
            "trainers__person",
            "attended",
            Prefetch("feedback", queryset=TrainingFeedback.objects.select_related("author")),
        )
    )


def session_in(document: Document, pk: int) -> TrainingSession:
    return core.first_or_404(
        TrainingSession.objects.filter(document=document, pk=pk).select_related("version"),
        "No such session",
    )


def people_to_ask(document: Document) -> QuerySet[User]:
    """Everyone in the organisation who is not in the document's group."""
    return core.people_in_organisation(document.organisation).exclude(
        memberships__group=document.group
    )


def other_groups(document: Document) -> QuerySet[Group]:
    return Group.objects.filter(organisation=document.organisation).exclude(pk=document.group_id)


def check_version(version: Version | None) -> Version:
    if version is None:
        raise Http404("No such version")
    return version


def lead_candidates(document: Document) -> QuerySet[User]:
    """Members of the group who do not lead it yet."""
    return core.people_in_group(document.group).exclude(document_leads__document=document)


def asked_in(asking: Asking) -> list[Asked]:
    return list(
        Asked.objects.filter(asking=asking)
        .select_related("person", "via_group")
        .prefetch_related(
            Prefetch("comments", queryset=AskedComment.objects.select_related("answered_by"))
        )
    )


def feedback_on(version: Version) -> list[TrainingFeedback]:
    """Feedback from those trained, kept with the version it was about."""
    return list(
        TrainingFeedback.objects.filter(version=version)
        .select_related("author", "session")
        .order_by("created_at", "id")
    )


def document_for_session(user: User, org_slug: str, pk: int) -> Document:
    """A document whose session the person attended, or of a group they can see."""
    organisation = core.organisation_for(user, org_slug)
    rows = Document.objects.filter(pk=pk, organisation=organisation).filter(
        Q(group__in=core.groups_visible_to(user, organisation))
        | Q(training_sessions__attended=user)
    )
    return core.first_or_404(
        rows.distinct().select_related("organisation", "group"), "No such document"
    )


def _askings_unanswered(viewer: waiting.Viewer) -> QuerySet[Asking]:
    """Requests for comments the person has not answered yet, until the date."""
    return Asking.objects.filter(
        asked__person=viewer.user,
        respond_by__gte=viewer.today,
        document__organisation_id__in=viewer.organisation_ids,
    ).exclude(
        pk__in=AskedComment.objects.filter(asked__person=viewer.user).values("asked__asking_id")
    )


def _versions_to_review(viewer: waiting.Viewer) -> QuerySet[Version]:
    """The newest agreed version of each document the person leads, when its review
    date is `REVIEW_REMINDER` away or less."""
    from .actions import REVIEW_REMINDER

    newest = (
        Version.objects.filter(document=OuterRef("document"), status=Version.Status.AGREED)
        .order_by("-number")
        .values("pk")[:1]
    )
    return Version.objects.filter(
        document__leads__person=viewer.user,
        document__organisation_id__in=viewer.organisation_ids,
        status=Version.Status.AGREED,
        review_on__lte=viewer.today + REVIEW_REMINDER,
        pk=Subquery(newest),
    )


def waiting_questions(viewer: waiting.Viewer) -> dict[str, QuerySet[Any]]:
    """Asked first (core.waiting): any request for comments to answer; for the leads,
    any version to look at again."""
    return {
        "document-asked": _askings_unanswered(viewer),
        "document-review": _versions_to_review(viewer),
    }


def waiting_for(viewer: waiting.Viewer) -> list[waiting.Waiting]:
    """On the home page: requests for comments the person has not answered yet (until
    the date), and, for the leads, a version whose review date is a month away or less:
    the reminder before it."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    items: list[waiting.Waiting] = []
    asked = (
        _askings_unanswered(viewer).select_related("document", "document__organisation").distinct()
        if viewer.may_have("document-asked")
        else []
    )
    for a in asked:
        items.append(
            waiting.Waiting(
                kind="document-asked",
                title=_("Say what you think of “%(title)s”") % {"title": a.document.title},
                note=_("The leads asked you for comments."),
                easy_title=_("Say what you think of “%(title)s”.") % {"title": a.document.title},
                url=reverse("document-asking", args=[a.document.organisation.slug, a.pk]),
                organisation=a.document.organisation,
                due=a.respond_by,
                rank=25,
            )
        )
    reviews = (
        _versions_to_review(viewer).select_related("document", "document__organisation")
        if viewer.may_have("document-review")
        else []
    )
    for v in reviews:
        items.append(
            waiting.Waiting(
                kind="document-review",
                title=_("Look at “%(title)s” again with the group") % {"title": v.document.title},
                note=_("%(label)s is due for review.") % {"label": v.label},
                easy_title=_("Look at “%(title)s” again.") % {"title": v.document.title},
                url=v.document.get_absolute_url(),
                organisation=v.document.organisation,
                due=v.review_on,
                rank=40,
            )
        )
    return items
