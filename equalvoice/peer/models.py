"""Peer support: people offer to support others who have been where they are, others ask
for support, a facilitator suggests a match, and a match starts only when both people say
yes. Meetings held and endings are recorded (docs/network.md, "Peer support").

Offers and requests may say something about a person's health or disability (their
topics, their access needs): special-category data, seen only by the person, the people
who match in their organisation and, once both said yes, the person they are matched
with (`rules.py`)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from equalvoice.core.models import AccessNeeds, Organisation, User

from . import matching


class Way(models.TextChoices):
    """How people are happy to meet."""

    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    VIDEO = "video", _("By video call")
    CHAT = "chat", _("By online chat")


# Topics people can choose; they may add their own words too.
TOPICS = [
    gettext_noop("Living with a long-term condition"),
    gettext_noop("Living with a physical disability"),
    gettext_noop("Sight loss"),
    gettext_noop("Being Deaf or having hearing loss"),
    gettext_noop("Learning disability"),
    gettext_noop("Autism"),
    gettext_noop("Mental health"),
    gettext_noop("Getting back to work"),
    gettext_noop("Money and benefits"),
    gettext_noop("Direct payments and personal budgets"),
    gettext_noop("Caring for someone"),
    gettext_noop("Getting out and about"),
    gettext_noop("Housing"),
    gettext_noop("Leaving hospital"),
]


def topic_label(topic: str) -> str:
    """A topic in the reader's language: one of `TOPICS` translated, or the person's own
    words as they wrote them."""
    return gettext(topic) if topic in TOPICS else topic


def need_labels() -> dict[str, str]:
    """The access needs people can name (as in core's `AccessNeeds`), by key."""
    fields = {f.name: f for f in AccessNeeds._meta.fields}
    return {key: str(fields[key].verbose_name) for key in AccessNeeds.NEEDS}


class Profile(models.Model):
    """What an offer and a request both say: topics, how, when, where, languages and
    access needs (met, for an offer; had, for a request)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    about = models.TextField(blank=True)
    topics = models.JSONField(default=list, blank=True)
    ways = models.JSONField(default=list, blank=True)
    when = models.CharField(max_length=200, blank=True)
    area = models.CharField(max_length=100, blank=True)
    languages = models.JSONField(default=list, blank=True)
    access_needs = models.JSONField(default=list, blank=True)
    is_open = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    @property
    def first_name(self) -> str:
        return (self.person.name.split() or ["Someone"])[0]

    def topic_labels(self) -> list[str]:
        return [topic_label(t) for t in self.topics]

    def way_labels(self) -> list[str]:
        labels = dict(Way.choices)
        return [str(labels[w]) for w in self.ways if w in labels]

    def need_labels(self) -> list[str]:
        labels = need_labels()
        return [labels[n] for n in self.access_needs if n in labels]

    def side(self) -> matching.Side:
        return matching.Side(
            topics=tuple(self.topic_labels()),
            area=self.area,
            languages=tuple(self.languages),
            ways=tuple(label.lower() for label in self.way_labels()),
            needs=tuple(self.need_labels()),
        )


class Offer(Profile):
    """Someone offering to be a peer mentor or supporter. `access_needs` are the access
    needs they can meet. One each in an organisation."""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person"], name="one_offer_each")
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Offer of support from {self.person}"


class Request(Profile):
    """Someone asking for a peer mentor or supporter. `access_needs` are their own. One
    each in an organisation."""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person"], name="one_request_each")
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Request for support from {self.person}"


class Match(models.Model):
    """An offer suggested for a request. It is active only once both people said yes;
    either may end it at any time, saying why in plain words."""

    class State(models.TextChoices):
        SUGGESTED = "suggested", _("Waiting for both to say yes")
        DECLINED = "declined", _("One of them said no")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    LIVE = (State.SUGGESTED, State.ACTIVE)

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="peer_matches"
    )
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="matches")
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="matches")
    suggested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    suggested_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=12, choices=State, default=State.SUGGESTED)
    # Each side's answer: None until they answer.
    supporter_yes = models.BooleanField(null=True, blank=True)
    supporter_answered_at = models.DateTimeField(null=True, blank=True)
    asker_yes = models.BooleanField(null=True, blank=True)
    asker_answered_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ending_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-suggested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "request"],
                condition=Q(state__in=["suggested", "active"]),
                name="one_live_match_per_pair",
            ),
            models.CheckConstraint(
                # "IS NOT NULL" too: in SQL a check that comes out unknown (NULL) passes.
                condition=~Q(state="active")
                | Q(
                    supporter_yes=True,
                    asker_yes=True,
                    supporter_yes__isnull=False,
                    asker_yes__isnull=False,
                ),
                name="active_needs_both_yes",
            ),
        ]

    def __str__(self) -> str:
        return f"Peer support match {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("peer-match", args=[self.organisation.slug, self.pk])

    @property
    def supporter(self) -> User:
        return self.offer.person

    @property
    def asker(self) -> User:
        return self.request.person

    @property
    def both_said_yes(self) -> bool:
        return bool(self.supporter_yes and self.asker_yes)

    def side_of(self, user: User) -> str | None:
        """ "supporter", "asker", or None for anyone else."""
        if user.pk == self.offer.person_id:
            return "supporter"
        if user.pk == self.request.person_id:
            return "asker"
        return None

    def answer_of(self, user: User) -> bool | None:
        side = self.side_of(user)
        if side == "supporter":
            return self.supporter_yes
        if side == "asker":
            return self.asker_yes
        return None


class PeerMeeting(models.Model):
    """A time the two people met, or meant to. The note is for the two of them only."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="meetings")
    on = models.DateField()
    held = models.BooleanField(default=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"Peer support meeting on {self.on}"
