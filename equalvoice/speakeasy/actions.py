"""Every change to words and challenges: permission, audit log, one transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from equalvoice.core import audit
from equalvoice.core.models import Organisation, User
from equalvoice.core.permissions import require as _require

from .engine.pictures import by_code
from .models import Challenge, SentencePicture, Word


@transaction.atomic
def challenge_raise(
    *,
    actor: User,
    organisation: Organisation,
    term: str,
    reason: str,
    proposal: str = "",
    context: str = "",
) -> Challenge:
    """Any member may say a word shuts them out, and may offer a plainer one."""
    _require(actor, "speakeasy.raise_challenge", organisation)
    challenge = Challenge.objects.create(
        organisation=organisation,
        term=term.strip(),
        reason=reason,
        proposal=proposal.strip(),
        context=context[:300],
        raised_by=actor,
    )
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="challenge.create",
        obj=challenge,
        summary=f"{actor} challenged the word “{challenge.term}”",
    )
    return challenge


def _save_word(
    *,
    actor: User,
    organisation: Organisation,
    term: str,
    mode: str,
    suggestions: str = "",
    explanation: str = "",
) -> Word:
    word = Word.objects.filter(organisation=organisation, term__iexact=term).first()
    if word is None:
        word = Word(organisation=organisation, term=term, created_by=actor)
    word.mode, word.suggestions, word.explanation = mode, suggestions, explanation
    word.save()
    return word


@transaction.atomic
def challenge_accept(*, actor: User, challenge: Challenge, plainer: str, reply: str = "") -> Word:
    """Accept: the plainer word joins the organisation's list, so every later check of
    any text flags the challenged word and suggests it."""
    _check_can_answer(actor, challenge)
    if not plainer.strip():
        raise ValidationError({"plainer": _("Enter the simpler word or words to use")})
    word = _save_word(
        actor=actor,
        organisation=challenge.organisation,
        term=challenge.term,
        mode=Word.Mode.REPLACE,
        suggestions=plainer.strip(),
        explanation=reply.strip(),
    )
    _decide(actor, challenge, Challenge.Status.ACCEPTED, reply, word)
    return word


@transaction.atomic
def challenge_explain(*, actor: User, challenge: Challenge, explanation: str) -> Word:
    """Explain: the word is needed, so it joins the glossary with an explanation that
    shows wherever the word appears."""
    _check_can_answer(actor, challenge)
    if not explanation.strip():
        raise ValidationError({"explanation": _("Enter an explanation in plain words")})
    word = _save_word(
        actor=actor,
        organisation=challenge.organisation,
        term=challenge.term,
        mode=Word.Mode.EXPLAIN,
        explanation=explanation.strip(),
    )
    _decide(actor, challenge, Challenge.Status.EXPLAINED, explanation, word)
    return word


def _check_can_answer(actor: User, challenge: Challenge) -> None:
    """Only a facilitator or admin answers, and each challenge is answered once."""
    _require(actor, "speakeasy.decide_challenge", challenge)
    if challenge.status != Challenge.Status.OPEN:
        raise ValidationError(_("This challenge has already been answered."))


def _decide(actor: User, challenge: Challenge, status: str, reply: str, word: Word) -> None:
    challenge.status, challenge.reply, challenge.word = status, reply.strip(), word
    challenge.decided_by, challenge.decided_at = actor, timezone.now()
    challenge.save(update_fields=["status", "reply", "word", "decided_by", "decided_at"])
    audit.record(
        organisation=challenge.organisation,
        actor=actor,
        verb="challenge.update",
        obj=challenge,
        on_behalf_of=None,
        summary=f"{actor} answered the challenge to “{challenge.term}”: "
        f"{challenge.get_status_display()}",
    )


@transaction.atomic
def word_save(
    *,
    actor: User,
    organisation: Organisation,
    term: str,
    mode: str,
    suggestions: str = "",
    explanation: str = "",
) -> Word:
    """Add or change an entry of the organisation's word list or glossary."""
    _require(actor, "speakeasy.change_words", organisation)
    word = _save_word(
        actor=actor,
        organisation=organisation,
        term=term.strip(),
        mode=mode,
        suggestions=suggestions.strip(),
        explanation=explanation.strip(),
    )
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="word.update",
        obj=word,
        summary=f"{actor} saved “{word.term}” in the word list",
    )
    return word


@transaction.atomic
def word_delete(*, actor: User, word: Word) -> None:
    _require(actor, "speakeasy.change_words", word)
    pk, term, org = word.pk, word.term, word.organisation
    word.picture.delete(save=False)
    word.delete()
    word.pk = pk
    audit.record(
        organisation=org,
        actor=actor,
        verb="word.delete",
        obj=word,
        summary=f"{actor} took “{term}” off the word list",
    )


@transaction.atomic
def word_picture_set(*, actor: User, word: Word, picture: UploadedFile) -> Word:
    _require(actor, "speakeasy.change_words", word)
    if word.picture:
        word.picture.delete(save=False)
    word.picture.save(picture.name or "picture", picture, save=True)
    audit.record(
        organisation=word.organisation,
        actor=actor,
        verb="word.update",
        obj=word,
        summary=f"{actor} added a picture for “{word.term}”",
    )
    return word


@transaction.atomic
def sentence_picture_set(
    *, actor: User, organisation: Organisation, sentence: str, code: str | None
) -> SentencePicture | None:
    """A facilitator or admin chooses the picture for an easy-read sentence (a code on
    the list), or no picture (`code` ""), or gives the choice back to Equal Voice
    (`code` None). The choice holds wherever the sentence appears in the organisation."""
    _require(actor, "speakeasy.change_words", organisation)
    sentence = " ".join(sentence.split())
    if not sentence or len(sentence) > 2_000:
        raise ValidationError(_("We could not find that sentence. Go back and try again."))
    key = SentencePicture.key_of(sentence)
    if code is None:
        SentencePicture.objects.filter(organisation=organisation, key=key).delete()
        audit.record(
            organisation=organisation,
            actor=actor,
            verb="speakeasy.picture_auto",
            obj=organisation,
            summary=f"{actor} let Equal Voice choose a sentence's picture",
        )
        return None
    if code and by_code(code) is None:
        raise ValidationError({"picture": _("Choose a picture from the list")})
    choice, _created = SentencePicture.objects.update_or_create(
        organisation=organisation,
        key=key,
        defaults={
            "sentence": sentence,
            "code": code,
            "chosen_by": actor,
            "chosen_at": timezone.now(),
        },
    )
    audit.record(
        organisation=organisation,
        actor=actor,
        verb="speakeasy.picture_set",
        obj=choice,
        summary=f"{actor} chose {'a picture' if code else 'no picture'} for a sentence",
    )
    return choice
