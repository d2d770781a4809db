"""Every change to documents written together: permission, audit log, one transaction.

Messages a person reads are plain and say what to do; an action that says no raises a
ValidationError, and the form keeps everything the person typed."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from equalvoice.core import audit
from equalvoice.core.models import Group, Membership, OrgMembership, User
from equalvoice.core.permissions import require as _require
from equalvoice.core.selectors import people_in_group

from .models import (
    Asked,
    AskedComment,
    Asking,
    Document,
    Lead,
    Section,
    SectionComment,
    Suggestion,
    Trainer,
    TrainingFeedback,
    TrainingSession,
    Version,
)

if TYPE_CHECKING:
    from equalvoice.decisions.models import Decision
    from equalvoice.record.models import Initiative

TITLE_MAX = 200
TEXT_MAX = 20_000
COMMENT_MAX = 5_000
REVIEW_REMINDER = timedelta(days=30)


def needs_consent() -> str:
    return _("Tick to confirm the person agreed to you writing this down for them")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def held_by(person: User, organisation_id: int) -> tuple[list[str], bool]:
    """The names of the perspectives the person holds in the organisation, and whether
    any of them is a lived-experience one."""
    place = (
        OrgMembership.objects.filter(user=person, organisation_id=organisation_id)
        .prefetch_related("perspectives")
        .first()
    )
    perspectives = sorted(place.perspectives.all(), key=lambda p: p.name) if place else []
    return [p.name for p in perspectives], any(p.lived_experience for p in perspectives)


def _limit(field: str, text: str, limit: int, message: str) -> None:
    if len(text) > limit:
        raise ValidationError({field: message % {"limit": f"{limit:,}"}})


def _words(field: str, text: str, empty: str, limit: int = TEXT_MAX) -> str:
    if not text.strip():
        raise ValidationError({field: empty})
    _limit(field, text, limit, _("Keep this to %(limit)s characters"))
    return text


def _in_group(person: User, group: Group) -> None:
    if not Membership.objects.filter(user=person, group=group).exists():
        raise ValidationError({"for_person": _("Choose a member of the group")})


def _author(
    actor: User, obj: object, perm: str, perm_for: str, for_person: User | None, consent: bool
) -> tuple[User, User | None]:
    """Who the contribution is by, and the supporter who wrote it down for them (with
    their agreement), as elsewhere in Equal Voice."""
    person = for_person or actor
    if person.pk == actor.pk:
        _require(actor, perm, obj)  # type: ignore[arg-type]
        return actor, None
    _require(actor, perm_for, obj)  # type: ignore[arg-type]
    _in_group(person, obj.group)  # type: ignore[attr-defined]
    if not consent:
        raise ValidationError({"consent_confirmed": needs_consent()})
    return person, actor


# Documents and leads ----------------------------------------------------------------


@transaction.atomic
def document_start(
    *,
    actor: User,
    group: Group,
    title: str,
    kind: str,
    summary: str = "",
    initiative: Initiative | None = None,
) -> Document:
    """Start a document; the person who starts it is its first lead."""
    from equalvoice.record.selectors import check_initiative

    _require(actor, "documents.start", group)
    title = _words("title", title, _("Give the document a title"), TITLE_MAX).strip()
    if kind not in Document.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of document it is")})
    _limit("summary", summary, TEXT_MAX, _("Keep this to %(limit)s characters"))
    check_initiative(group.organisation_id, initiative)
    document = Document.objects.create(
        organisation=group.organisation,
        group=group,
        initiative=initiative,
        title=title,
        kind=kind,
        summary=summary,
        created_by=actor,
    )
    perspectives, lived = held_by(actor, group.organisation_id)
    Lead.objects.create(
        document=document, person=actor, perspectives=perspectives, lived_experience=lived
    )
    audit.record(
        organisation=group.organisation,
        actor=actor,
        verb="document.start",
        obj=document,
        summary=f"{actor} started the {document.get_kind_display().lower()} “{title}” "
        f"in {group}, as its lead",
    )
    return document


@transaction.atomic
def lead_add(*, actor: User, document: Document, person: User) -> Lead:
    _require(actor, "documents.choose_leads", document)
    if not Membership.objects.filter(user=person, group_id=document.group_id).exists():
        raise ValidationError({"person": _("Choose a member of the group")})
    if Lead.objects.filter(document=document, person=person).exists():
        raise ValidationError({"person": _("%(name)s already leads it") % {"name": person.name}})
    perspectives, lived = held_by(person, document.organisation_id)
    lead = Lead.objects.create(
        document=document, person=person, perspectives=perspectives, lived_experience=lived
    )
    audit.record(
        organisation=document.organisation,
        actor=actor,
        verb="document.lead_add",
        obj=document,
        summary=f"{actor} made {person} a lead of “{document.title}”",
    )
    return lead


@transaction.atomic
def lead_remove(*, actor: User, document: Document, person: User) -> None:
    _require(actor, "documents.choose_leads", document)
    leads = list(Lead.objects.select_for_update().filter(document=document))
    if not any(lead.person_id == person.pk for lead in leads):
        raise ValidationError(_("%(name)s is not a lead") % {"name": person.name})
    if len(leads) < 2:
        raise ValidationError(_("A document needs at least one lead. Add another lead first."))
    Lead.objects.filter(document=document, person=person).delete()
    audit.record(
        organisation=document.organisation,
        actor=actor,
        verb="document.lead_remove",
        obj=document,
        summary=f"{actor} took {person} off the leads of “{document.title}”",
    )


# Sections -----------------------------------------------------------------------------


def _live(section: Section) -> Section:
    """The section as it is now, locked; a removed section cannot take part."""
    found = Section.objects.select_for_update().filter(pk=section.pk).first()
    if found is None or found.removed_at is not None:
        raise ValidationError(
            _(
                "The leads took this section out of the draft while you were writing. "
                "Your words are still in the box: copy them to keep them."
            )
        )
    return found


@transaction.atomic
def section_save(
    *,
    actor: User,
    document: Document,
    heading: str,
    text: str,
    section: Section | None = None,
) -> Section:
    """Add a section to the draft, or change one (leads only)."""
    _require(actor, "documents.lead", document)
    heading = _words("heading", heading, _("Give the section a heading"), TITLE_MAX).strip()
    text = _words("text", text, _("Write the words of the section"))
    if section is None:
        last = Section.objects.filter(document=document).aggregate(m=Max("position"))["m"]
        section = Section.objects.create(
            document=document, heading=heading, text=text, position=(last or 0) + 1
        )
        verb, said = "document.section_add", "added"
    else:
        section = _live(section)
        section.heading, section.text, section.changed_at = heading, text, timezone.now()
        section.save(update_fields=["heading", "text", "changed_at"])
        verb, said = "document.section_change", "changed"
    audit.record(
        organisation=document.organisation,
        actor=actor,
        verb=verb,
        obj=section,
        summary=f"{actor} {said} the section “{heading}” of “{document.title}”",
    )
    return section


@transaction.atomic
def section_easy_read_save(*, actor: User, section: Section, easy_read: str) -> Section:
    """The easy-read words beside a section (empty to have none)."""
    _require(actor, "documents.lead", section.document)
    section = _live(section)
    _limit("easy_read", easy_read, TEXT_MAX, _("Keep this to %(limit)s characters"))
    section.easy_read = easy_read
    section.save(update_fields=["easy_read"])
    audit.record(
        organisation=section.document.organisation,
        actor=actor,
        verb="document.easy_read",
        obj=section,
        summary=f"{actor} wrote the easy read of “{section.heading}”",
    )
    return section


@transaction.atomic
def section_remove(*, actor: User, section: Section) -> None:
    """Take a section out of the draft. Its suggestions and comments are kept."""
    _require(actor, "documents.lead", section.document)
    section = _live(section)
    section.removed_at = timezone.now()
    section.save(update_fields=["removed_at"])
    audit.record(
        organisation=section.document.organisation,
        actor=actor,
        verb="document.section_remove",
        obj=section,
        summary=f"{actor} took the section “{section.heading}” out of the draft",
    )


# Suggestions and comments ---------------------------------------------------------------


@transaction.atomic
def suggestion_add(
    *,
    actor: User,
    section: Section,
    text: str,
    reason: str = "",
    for_person: User | None = None,
    consent_confirmed: bool = False,
) -> Suggestion:
    """Suggest new words for a section, with a reason."""
    author, supporter = _author(
        actor, section, "documents.suggest", "documents.suggest_for", for_person, consent_confirmed
    )
    text = _words("text", text, _("Write the words as you would like them to read"))
    _limit("reason", reason, COMMENT_MAX, _("Keep this to %(limit)s characters"))
    section = _live(section)
    perspectives, _lived = held_by(author, section.document.organisation_id)
    suggestion = Suggestion.objects.create(
        section=section,
        author=author,
        entered_by=supporter,
        consent_confirmed=supporter is not None,
        perspectives=perspectives,
        text=text,
        reason=reason,
    )
    audit.record(
        organisation=section.document.organisation,
        actor=actor,
        on_behalf_of=author if supporter else None,
        verb="document.suggest",
        obj=suggestion,
        summary=f"{actor} suggested a change to “{section.heading}”"
        + (f" for {author}" if supporter else ""),
    )
    return suggestion


ANSWERS = (Suggestion.Status.ACCEPTED, Suggestion.Status.CHANGED, Suggestion.Status.DECLINED)


@transaction.atomic
def suggestion_answer(
    *, actor: User, suggestion: Suggestion, status: str, answer: str = "", text: str = ""
) -> Suggestion:
    """A lead accepts a suggestion (its words go into the section), accepts it with
    changes (`text`, the words as they now read), or declines it with a reason the
    suggester sees. Two leads answering at once: the second is told it is answered."""
    _require(actor, "documents.lead", suggestion.section.document)
    if status not in ANSWERS:
        raise ValidationError({"status": _("Choose what happens to the suggestion")})
    if status == Suggestion.Status.DECLINED and not answer.strip():
        raise ValidationError(
            {
                "answer": _(
                    "Say why you are not taking it up. The person who suggested it reads this."
                )
            }
        )
    if status == Suggestion.Status.CHANGED and not text.strip():
        raise ValidationError({"text": _("Write the words as they will now read")})
    _limit("answer", answer, COMMENT_MAX, _("Keep this to %(limit)s characters"))
    _limit("text", text, TEXT_MAX, _("Keep this to %(limit)s characters"))
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != Suggestion.Status.OPEN:
        raise ValidationError(
            _("Another lead answered this suggestion already: %(answer)s.")
            % {"answer": suggestion.get_status_display()}
        )
    section = _live(suggestion.section)
    if status != Suggestion.Status.DECLINED:
        section.text = suggestion.text if status == Suggestion.Status.ACCEPTED else text
        section.changed_at = timezone.now()
        section.save(update_fields=["text", "changed_at"])
    suggestion.status, suggestion.answer = status, answer
    suggestion.answered_by, suggestion.answered_at = actor, timezone.now()
    suggestion.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    audit.record(
        organisation=section.document.organisation,
        actor=actor,
        verb="document.suggestion_answer",
        obj=suggestion,
        summary=f"{actor} answered a suggestion on “{section.heading}”: "
        f"{suggestion.get_status_display()}",
    )
    return suggestion


@transaction.atomic
def comment_add(
    *,
    actor: User,
    section: Section,
    text: str,
    for_person: User | None = None,
    consent_confirmed: bool = False,
) -> SectionComment:
    author, supporter = _author(
        actor, section, "documents.suggest", "documents.suggest_for", for_person, consent_confirmed
    )
    text = _words("text", text, _("Write your comment"), COMMENT_MAX)
    section = _live(section)
    perspectives, _lived = held_by(author, section.document.organisation_id)
    comment = SectionComment.objects.create(
        section=section,
        author=author,
        entered_by=supporter,
        consent_confirmed=supporter is not None,
        perspectives=perspectives,
        text=text,
    )
    audit.record(
        organisation=section.document.organisation,
        actor=actor,
        on_behalf_of=author if supporter else None,
        verb="document.comment",
        obj=comment,
        summary=f"{actor} commented on “{section.heading}”"
        + (f" for {author}" if supporter else ""),
    )
    return comment


# Versions -------------------------------------------------------------------------------


def snapshot(document: Document) -> list[dict[str, str]]:
    return [
        {"heading": s.heading, "text": s.text, "easy_read": s.easy_read}
        for s in Section.objects.filter(document=document, removed_at__isnull=True)
    ]


def _freeze(actor: User, document: Document, status: str) -> Version:
    sections = snapshot(document)
    if not sections:
        raise ValidationError(_("The draft has no sections yet. Add a section first."))
    return Version.objects.create(
        document=document, status=status, sections=sections, created_by=actor
    )


@transaction.atomic
def version_propose(*, actor: User, document: Document, review_on: date) -> Version:
    """Put the draft to the group for a decision (by consent, with the lived-experience
    quorum). When the decision closes as agreed, the version is numbered and dated."""
    from equalvoice.decisions.actions import decision_create
    from equalvoice.decisions.tally import Method

    _require(actor, "documents.lead", document)
    if review_on <= timezone.localdate():
        raise ValidationError({"review_on": _("The review date must be in the future")})
    if Version.objects.filter(document=document, status=Version.Status.PROPOSED).exists():
        raise ValidationError(
            _("A draft is already waiting for the group to decide. Wait for that decision first.")
        )
    version = _freeze(actor, document, Version.Status.PROPOSED)
    version.review_on = review_on
    decision = decision_create(
        actor=actor,
        group=document.group,
        title=_("Agree “%(title)s”") % {"title": document.title},
        proposal=_(
            "Agree this draft of “%(title)s” as its next version, to be looked at again by "
            "%(review)s. Read it here: %(url)s"
        )
        % {
            "title": document.title,
            "review": date_format(review_on, "j F Y"),
            "url": document.get_absolute_url(),
        },
        method=Method.CONSENT,
        permission=("documents.lead", document),
    )
    version.decision = decision
    version.save(update_fields=["review_on", "decision"])
    audit.record(
        organisation=document.organisation,
        actor=actor,
        verb="document.propose",
        obj=version,
        summary=f"{actor} put the draft of “{document.title}” to {document.group} for a decision",
    )
    return version


def decision_closed(actor: User, decision: Decision) -> None:
    """Listener for decisions.closing: the group's decision on a draft makes it an agreed
    version (numbered, dated) or not, and an agreed version linked to an initiative goes
    on its co-production record as evidence."""
    from equalvoice.decisions.outcome import is_agreement

    version = (
        Version.objects.select_for_update()
        .select_related("document", "document__organisation", "document__group")
        .filter(decision=decision)
        .first()
    )
    if version is None:
        return
    document = version.document
    if is_agreement(decision.outcome):
        last = Version.objects.filter(document=document).aggregate(m=Max("number"))["m"]
        version.number = (last or 0) + 1
        version.status = Version.Status.AGREED
        version.agreed_on = timezone.localdate()
        if decision.review_on:
            version.review_on = decision.review_on
    else:
        version.status = Version.Status.NOT_AGREED
    version.save(update_fields=["number", "status", "agreed_on", "review_on"])
    audit.record(
        organisation=document.organisation,
        actor=actor,
        verb="document.agreed" if version.number else "document.not_agreed",
        obj=version,
        summary=f"{document.group} decided on the draft of “{document.title}”: "
        f"{decision.get_outcome_display()}",
    )
    if version.number and document.initiative_id:
        _record_evidence(actor, version)


def _record_evidence(actor: User, version: Version) -> None:
    """The agreed version joins the initiative's co-production record: a done activity at
    the design stage with everyone who led, suggested or commented, and evidence linking
    to "How this was written"."""
    from django.urls import reverse

    from equalvoice.record import actions as record
    from equalvoice.record.models import Activity, Stage
    from equalvoice.record.selectors import stages_for

    from .selectors import how_written

    document = version.document
    initiative = document.initiative
    assert initiative is not None
    if not actor.has_perm("record.change_initiative", initiative):
        return  # only those who keep the record add to it
    figures = how_written(version)
    stages = list(stages_for(document.organisation))
    stage = next((s for s in stages if s.position == Stage.DESIGN_POSITION), stages[0])
    taken = figures.suggestions_taken + figures.comments_taken
    activity = record.activity_save(
        actor=actor,
        initiative=initiative,
        stage=stage,
        on=timezone.localdate(),
        status=Activity.Status.DONE,
        what=f"{document.group} wrote {version.label} of “{document.title}” together",
        rung_claimed=int(figures.rung_claimed),
        participants=figures.people,
        shaped_design=figures.led_by_lived_experience,
        decisions=Activity.Decisions.TOGETHER if figures.quorum_met else Activity.Decisions.ADVISED,
        effect=f"{taken} suggestions and comments were taken up in {version.label}.",
        nothing_changed=False,
    )
    record.evidence_add(
        actor=actor,
        activity=activity,
        note="How this was written: "
        + reverse("document-how", args=[document.organisation.slug, document.pk, version.pk]),
    )


# Asking others ------------------------------------------------------------------------


@transaction.atomic
def asking_create(
    *,
    actor: User,
    document: Document,
    message: str,
    respond_by: date,
    people: Iterable[User] = (),
    groups: Iterable[Group] = (),
    emails: Sequence[tuple[str, str, str]] = (),
) -> Asking:
    """Ask people outside the group for comments on the draft as it is now, by a date:
    people in the organisation, everyone in other groups, and people by email (name,
    address, perspective). Each is told: by email, and on their home page when they have
    an account."""
    from .tasks import tell_asked

    _require(actor, "documents.lead", document)
    message = _words(
        "message", message, _("Say what you would like people to comment on"), COMMENT_MAX
    )
    if respond_by < timezone.localdate():
        raise ValidationError({"respond_by": _("The date to reply by must be today or later")})
    in_group = set(
        Membership.objects.filter(group=document.group).values_list("user_id", flat=True)
    )
    chosen: dict[int, tuple[User, Group | None]] = {}
    for group in groups:
        if group.organisation_id != document.organisation_id or group.pk == document.group_id:
            raise ValidationError({"groups": _("Choose another group of the organisation")})
        for person in people_in_group(group):
            chosen.setdefault(person.pk, (person, group))
    for person in people:
        if not OrgMembership.objects.filter(
            user=person, organisation=document.organisation
        ).exists():
            raise ValidationError({"people": _("Choose people from the list")})
        chosen[person.pk] = (person, None)
    for pk in in_group:
        chosen.pop(pk, None)
    if not chosen and not emails:
        raise ValidationError(
            _("Choose at least one person or group outside this group, or give an email address.")
        )
    version = _freeze(actor, document, Version.Status.SHARED)
    asking = Asking.objects.create(
        document=document,
        version=version,
        message=message,
        respond_by=respond_by,
        created_by=actor,
    )
    for person, via in chosen.values():
        perspectives, _lived = held_by(person, document.organisation_id)
        Asked.objects.create(asking=asking, person=person, via_group=via, perspectives=perspectives)
    seen: set[str] = set()
    for name, email, perspective in emails:
        email = email.strip().lower()
        if email in seen:
            continue
        seen.add(email)
        Asked.objects.create(
            asking=asking,
            name=name.strip()[:200],
            email=email,
            perspectives=[perspective] if perspective else [],
        )
    audit.record(
        organisation=document.organisation,
        actor=actor,
        verb="document.ask",
        obj=asking,
        summary=f"{actor} asked {asking.asked.count()} people outside {document.group} "
        f"for comments on “{document.title}”",
    )
    asking_id = asking.pk
    transaction.on_commit(lambda: tell_asked.enqueue(asking_id=asking_id))
    return asking


def email_link_token(asked_id: int) -> tuple[Asked, str] | None:
    """A new link for someone asked by email (the old one stops working). Called by the
    task that sends it, so the token never sits in the queue."""
    asked = (
        Asked.objects.select_related("asking__document__organisation").filter(pk=asked_id).first()
    )
    if asked is None or not asked.email:
        return None
    token = secrets.token_urlsafe(24)
    asked.token_hash, asked.told_at = _hash(token), timezone.now()
    asked.save(update_fields=["token_hash", "told_at"])
    return asked, token


def asked_by_token(token: str) -> Asked | None:
    if not token:
        return None
    return (
        Asked.objects.select_related(
            "asking", "asking__version", "asking__document", "asking__document__organisation"
        )
        .filter(token_hash=_hash(token))
        .first()
    )


@transaction.atomic
def asked_comment_add(
    *, asked: Asked, text: str, section_heading: str = "", actor: User | None = None
) -> AskedComment:
    """Someone asked says what they think, by the date. `actor` is the person signed in,
    or None for someone who came through their email link."""
    asking = asked.asking
    if actor is not None:
        _require(actor, "documents.answer_asking", asking)
        if asked.person_id != actor.pk:
            raise ValidationError(_("This is someone else's place to comment."))
    if not asking.is_open():
        raise ValidationError(
            _(
                "The date to comment by was %(day)s, so comments are closed. "
                "Ask the leads if you still want to say something."
            )
            % {"day": date_format(asking.respond_by, "j F Y")}
        )
    text = _words("text", text, _("Write your comment"), COMMENT_MAX)
    headings = [s["heading"] for s in asking.version.sections]
    if section_heading and section_heading not in headings:
        raise ValidationError({"section": _("Choose a section from the list")})
    comment = AskedComment.objects.create(asked=asked, section_heading=section_heading, text=text)
    audit.record(
        organisation=asking.document.organisation,
        actor=actor,
        verb="document.asked_comment",
        obj=comment,
        summary=f"{asked.display_name} commented on “{asking.document.title}”",
    )
    return comment


@transaction.atomic
def asked_comment_answer(
    *, actor: User, comment: AskedComment, answer: str, answer_text: str
) -> AskedComment:
    """A lead answers a comment: changed, partly changed, or not changed, and why."""
    document = comment.asked.asking.document
    _require(actor, "documents.lead", document)
    if answer not in AskedComment.Answer.values:
        raise ValidationError({"answer": _("Choose what you did")})
    answer_text = _words("answer_text", answer_text, _("Say what you did, and why"), COMMENT_MAX)
    comment = AskedComment.objects.select_for_update().get(pk=comment.pk)
    comment.answer, comment.answer_text = answer, answer_text
    comment.answered_by, comment.answered_at = actor, timezone.now()
    comment.save(update_fields=["answer", "answer_text", "answered_by", "answered_at"])
    audit.record(
        organisation=document.organisation,
        actor=actor,
        verb="document.asked_answer",
        obj=comment,
        summary=f"{actor} answered a comment on “{document.title}”: {comment.get_answer_display()}",
    )
    return comment


# Training -------------------------------------------------------------------------------


@transaction.atomic
def session_save(
    *,
    actor: User,
    document: Document,
    on: date,
    place: str = "",
    trainers: Sequence[tuple[User, bool, bool]] = (),
    attended: Iterable[User] = (),
    session: TrainingSession | None = None,
) -> TrainingSession:
    """A session of a training module: when, where, who runs it (each with whether
    they bring lived experience and agreed to be named), and who attended. It is about
    the latest agreed version."""
    _require(actor, "documents.lead", document)
    if not document.is_training:
        raise ValidationError(_("Only training modules have sessions."))
    if not trainers:
        raise ValidationError({"trainers": _("Choose who runs the session")})
    _limit("place", place, TITLE_MAX, _("Keep this to %(limit)s characters"))
    version = (
        Version.objects.filter(document=document, status=Version.Status.AGREED)
        .order_by("-number")
        .first()
    )
    if session is None:
        session = TrainingSession.objects.create(
            document=document, version=version, on=on, place=place
        )
    else:
        session.on, session.place = on, place
        session.save(update_fields=["on", "place"])
        session.trainers.all().delete()
    for person, lived, named in trainers:
        Trainer.objects.create(
            session=session, person=person, lived_experience=lived, named_with_consent=named
        )
    session.attended.set(list(attended))
    audit.record(
        organisation=document.organisation,
        actor=actor,
        verb="document.session",
        obj=session,
        summary=f"{actor} recorded a session of “{document.title}” on {on:%-d %B %Y}",
    )
    return session


@transaction.atomic
def feedback_add(*, actor: User, session: TrainingSession, text: str) -> TrainingFeedback:
    """Someone who attended says what they thought; kept with the version it was about."""
    _require(actor, "documents.give_feedback", session)
    text = _words("text", text, _("Write what you thought of the session"), COMMENT_MAX)
    feedback = TrainingFeedback.objects.create(
        session=session, version_id=session.version_id, author=actor, text=text
    )
    audit.record(
        organisation=session.document.organisation,
        actor=actor,
        verb="document.feedback",
        obj=feedback,
        summary=f"{actor} gave feedback on a session of “{session.document.title}”",
    )
    return feedback
