"""Each organisation's own word list and glossary, and the challenges members raise."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from equalvoice.core.models import Organisation, User

from .engine import WordEntry


class Word(models.Model):
    """An entry in an organisation's word list. `replace` words are flagged with plainer
    suggestions; `explain` words stay, and their explanation shows wherever they appear
    (the glossary)."""

    class Mode(models.TextChoices):
        REPLACE = "replace", _("Use a simpler word instead")
        EXPLAIN = "explain", _("Keep the word, and explain it")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="words")
    term = models.CharField(max_length=100)
    mode = models.CharField(max_length=10, choices=Mode, default=Mode.REPLACE)
    suggestions = models.CharField(
        max_length=300, blank=True, help_text="Simpler words, with ; between them"
    )
    explanation = models.TextField(blank=True)
    picture = models.FileField(upload_to="glossary/", blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = [Lower("term")]
        constraints = [
            models.UniqueConstraint(Lower("term"), "organisation", name="one_word_per_term")
        ]

    def __str__(self) -> str:
        return self.term

    @property
    def suggestion_list(self) -> list[str]:
        return [s.strip() for s in self.suggestions.split(";") if s.strip()]

    def as_entry(self) -> WordEntry:
        return WordEntry(
            term=self.term,
            suggestions=tuple(self.suggestion_list),
            explanation=self.explanation or None,
            mode="explain" if self.mode == self.Mode.EXPLAIN else "replace",
        )


class Challenge(models.Model):
    """A member saying a word shuts them out. A facilitator accepts it (the plainer word
    joins the list) or explains it (the word joins the glossary with an explanation)."""

    class Reason(models.TextChoices):
        DONT_UNDERSTAND = "dont_understand", _("I don't understand this word")
        SHUTS_OUT = "shuts_out", _("This word shuts people out")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted: we will use a simpler word")
        EXPLAINED = "explained", _("Explained: the word is in the glossary")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="challenges"
    )
    term = models.CharField(max_length=100)
    reason = models.CharField(max_length=20, choices=Reason, default=Reason.DONT_UNDERSTAND)
    proposal = models.CharField(max_length=100, blank=True)
    context = models.CharField(max_length=300, blank=True)
    raised_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="challenges")
    raised_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    reply = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    word = models.ForeignKey(Word, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]

    def __str__(self) -> str:
        return f"Challenge to “{self.term}”"


class SentencePicture(models.Model):
    """A person's choice of picture for one easy-read sentence in an organisation,
    wherever the sentence appears: an OpenMoji code from the list, or none (`code`
    empty). Without one, the picture is chosen from the sentence's words
    (`engine/pictures.py`)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="sentence_pictures"
    )
    key = models.CharField(max_length=64, help_text="SHA-256 of the sentence, tidied.")
    sentence = models.TextField()
    code = models.CharField(max_length=40, blank=True)
    chosen_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    chosen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="one_picture_choice")
        ]

    def __str__(self) -> str:
        return self.sentence[:40]

    @staticmethod
    def key_of(sentence: str) -> str:
        import hashlib

        tidy = " ".join(sentence.split()).casefold()
        return hashlib.sha256(tidy.encode()).hexdigest()
