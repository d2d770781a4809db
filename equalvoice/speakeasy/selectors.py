"""Reads: an organisation's words, and checking text with them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from functools import lru_cache

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from equalvoice.core import waiting
from equalvoice.core.models import Organisation, User
from equalvoice.core.selectors import first_or_404

from . import engine
from .models import Challenge, Word


def words_for(
    organisations: Iterable[Organisation] | Organisation | None,
) -> tuple[engine.WordEntry, ...]:
    if organisations is None:
        return ()
    if isinstance(organisations, Organisation):
        # Kept on the instance: a page checks many texts of one organisation with one query.
        cached = getattr(organisations, "_speakeasy_words", None)
        if cached is None:
            cached = tuple(w.as_entry() for w in Word.objects.filter(organisation=organisations))
            organisations._speakeasy_words = cached  # type: ignore[attr-defined]
        return cached
    return tuple(w.as_entry() for w in Word.objects.filter(organisation__in=list(organisations)))


def check_text(
    text: str,
    *,
    level: str = "plain",
    organisations: Iterable[Organisation] | Organisation | None = None,
) -> engine.Report:
    """Check text with the bundled lists plus the organisations' own words."""
    return engine.check(text, level=level, extra_words=words_for(organisations))


@lru_cache(maxsize=1024)
def _checked(text: str, level: str, words: tuple[engine.WordEntry, ...]) -> engine.Report:
    return engine.check(text, level=level, extra_words=words)


def check_text_to_show(
    text: str,
    *,
    level: str = "plain",
    organisations: Iterable[Organisation] | Organisation | None = None,
) -> engine.Report:
    """As `check_text`, for pages that show what a check found and never change the
    report (the template tags). The check is a pure function of the text, the level and
    the organisations' words (`engine.check`), and pages show the same texts to many
    people, so this process keeps the last 1,024 reports by those three and hands out
    the same report again: checking was up to a third of a group page's processor time
    (issue 16). A word added or changed gives different words, so a new check. The
    report returned is shared: do not change it."""
    return _checked(text, level, words_for(organisations))


def glossary(organisation: Organisation) -> QuerySet[Word]:
    return Word.objects.filter(organisation=organisation)


def word_in(organisation: Organisation, pk: int) -> Word:
    return first_or_404(glossary(organisation).filter(pk=pk), "No such word")


def challenge_in(organisation: Organisation, pk: int) -> Challenge:
    """Any challenge in the organisation; who may answer it is a rule the view checks."""
    return first_or_404(
        Challenge.objects.filter(organisation=organisation, pk=pk), "No such challenge"
    )


def challenges_for(organisation: Organisation, user: User) -> QuerySet[Challenge]:
    """Deciders see every challenge; others see the ones they raised and answered ones."""
    found = Challenge.objects.filter(organisation=organisation).select_related(
        "raised_by", "decided_by"
    )
    if user.has_perm("speakeasy.decide_challenge", organisation):
        return found
    from django.db.models import Q

    return found.filter(Q(raised_by=user) | ~Q(status=Challenge.Status.OPEN))


def picture_urls(organisation: Organisation) -> dict[str, str]:
    """The organisation's glossary pictures by word, as addresses for easy-read pages."""
    from django.urls import reverse

    return {
        w.term.lower(): reverse("word-picture", args=[organisation.slug, w.pk]) + "?show=1"
        for w in Word.objects.filter(organisation=organisation).exclude(picture="")
    }


# What is waiting on the home page (core.waiting)

ANSWERED_SHOWN_DAYS = 14


def challenges_answered(viewer: waiting.Viewer) -> QuerySet[Challenge]:
    """The person's own challenges to words that were answered in the last
    `ANSWERED_SHOWN_DAYS`, in their organisations."""
    return (
        Challenge.objects.filter(
            raised_by=viewer.user,
            organisation_id__in=viewer.organisation_ids,
            decided_at__gte=viewer.now - timedelta(days=ANSWERED_SHOWN_DAYS),
        )
        .exclude(status=Challenge.Status.OPEN)
        .select_related("organisation")
        .order_by("-decided_at", "-pk")
    )


def waiting_questions(viewer: waiting.Viewer) -> dict[str, QuerySet[Challenge]]:
    """Asked first (core.waiting): any answered challenge."""
    return {"challenge-answered": challenges_answered(viewer)}


def waiting_for(viewer: waiting.Viewer) -> list[waiting.Waiting]:
    """Answers to the person's challenges to words."""
    items: list[waiting.Waiting] = []
    if not viewer.may_have("challenge-answered"):
        return items
    for c in challenges_answered(viewer):
        accepted = c.status == Challenge.Status.ACCEPTED
        what = _("We will use a simpler word.") if accepted else _("The word is now explained.")
        items.append(
            waiting.Waiting(
                kind="challenge-answered",
                title=_("Read the answer to your challenge to the word “%(term)s”")
                % {"term": c.term},
                note=what,
                easy_title=_("Your question about “%(term)s” has an answer.") % {"term": c.term},
                easy_notes=(what,),
                url=reverse("words", args=[c.organisation.slug]) + f"#challenge-{c.pk}",
                organisation=c.organisation,
                rank=60,
                icon="word",
            )
        )
    return items


def picture_choices(organisation: Organisation | None, sentences: list[str]) -> dict[str, str]:
    """The pictures people chose for these sentences in the organisation, by the
    sentence's key: a code, or "" for no picture. Sentences nobody chose for are not in
    it. The organisation's choices are read once per organisation object (one query for
    a whole page, however many easy-read parts it has)."""
    from .models import SentencePicture

    if organisation is None or not sentences:
        return {}
    chosen: dict[str, str] | None = getattr(organisation, "_ev_picture_choices", None)
    if chosen is None:
        chosen = dict(
            SentencePicture.objects.filter(organisation=organisation).values_list("key", "code")
        )
        organisation._ev_picture_choices = chosen  # type: ignore[attr-defined]
    keys = (SentencePicture.key_of(s) for s in sentences)
    return {key: chosen[key] for key in keys if key in chosen}
