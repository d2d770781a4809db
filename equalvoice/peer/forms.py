"""Forms for peer support. Plain-language errors; a form that fails keeps what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from equalvoice.core.forms import DateField, LongTextField, PlainForm

from .actions import ABOUT_MAX, NEEDS_REASON, NEEDS_TOPIC, NEEDS_WAY, NOTE_MAX, REASON_MAX
from .models import TOPICS, Offer, Request, Way, need_labels, topic_label


def _words(typed: str) -> list[str]:
    """ "Welsh, BSL" -> ["Welsh", "BSL"]."""
    return [w.strip() for w in typed.replace(";", ",").split(",") if w.strip()]


_lazy_topic = lazy(topic_label, str)


class ProfileForm(PlainForm):
    """An offer of support (`kind="offer"`) or a request for it (`kind="request"`)."""

    about = LongTextField(max_length=ABOUT_MAX, required=False)
    topics = forms.MultipleChoiceField(
        choices=[(t, _lazy_topic(t)) for t in TOPICS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    own_topics = forms.CharField(
        label=_("Anything else (optional)"),
        max_length=500,
        required=False,
        help_text=_("In your own words. Put a comma between each one."),
    )
    ways = forms.MultipleChoiceField(choices=Way.choices, widget=forms.CheckboxSelectMultiple)
    when = forms.CharField(
        label=_("When suits you (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example: weekday mornings, or Tuesday evenings."),
    )
    area = forms.CharField(
        label=_("Your area (optional)"),
        max_length=100,
        required=False,
        help_text=_("A town or part of town, like Eastfield. Not your address."),
    )
    languages = forms.CharField(
        label=_("Languages you speak"),
        max_length=300,
        required=False,
        initial="English",
        help_text=_("Put a comma between each one, like: English, Welsh, British Sign Language."),
    )
    access_needs = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, required=False, choices=()
    )
    agree = forms.BooleanField()

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        offer = kind == "offer"
        fields = self.fields
        fields["about"].label = (
            _("What you can help with") if offer else _("What you would like help with (optional)")
        )
        fields["about"].help_text = (
            _("What you have been through, and what you could share with someone.")
            if offer
            else _("Say as much or as little as you like.")
        )
        fields["topics"].label = (
            _("What you know about from your own life")
            if offer
            else _("What you would like to talk about")
        )
        fields["topics"].help_text = _("Choose all that fit.")
        fields["ways"].label = _("How you are happy to meet")
        access = fields["access_needs"]
        assert isinstance(access, forms.MultipleChoiceField)
        access.choices = list(need_labels().items())
        access.label = (
            _("Access needs you can meet") if offer else _("Your access needs (optional)")
        )
        access.help_text = (
            _("For example, you are happy to meet somewhere step-free, or you sign.")
            if offer
            else _("So we suggest someone who can meet them.")
        )
        fields["agree"].label = _(
            "I agree to Equal Voice keeping this, and showing it to the people who suggest "
            "matches here and, once we both say yes, to the person I am matched with"
        )
        self.use_plain_messages()
        fields["ways"].error_messages["required"] = NEEDS_WAY
        fields["agree"].error_messages["required"] = _("Tick the box to agree, or go back")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        topics = [*data.get("topics", []), *_words(data.get("own_topics", ""))]
        if "topics" in data and "own_topics" in data and not topics:
            self.add_error("topics", NEEDS_TOPIC)
        data["all_topics"] = topics
        data["language_list"] = _words(data.get("languages", ""))
        return data

    @classmethod
    def initial_from(cls, profile: Offer | Request | None) -> dict[str, Any]:
        if profile is None:
            return {}
        chosen = [t for t in profile.topics if t in TOPICS]
        own = [t for t in profile.topics if t not in TOPICS]
        return {
            "about": profile.about,
            "topics": chosen,
            "own_topics": ", ".join(own),
            "ways": profile.ways,
            "when": profile.when,
            "area": profile.area,
            "languages": ", ".join(profile.languages),
            "access_needs": profile.access_needs,
            "agree": True,
        }


class EndForm(PlainForm):
    reason = LongTextField(
        label=_("Why is it ending?"),
        max_length=REASON_MAX,
        help_text=_(
            "In a few plain words, like: we met six times and I feel ready now. "
            "The other person reads this."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = NEEDS_REASON


class MeetingForm(PlainForm):
    on = DateField(label=_("Date of the meeting"), help_text=_("For example, 27 3 2027"))
    held = forms.ChoiceField(
        label=_("Did you meet?"),
        choices=[("yes", _("Yes, we met")), ("no", _("No, it did not happen"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("A note for the two of you (optional)"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea,
        help_text=_("Only you and the person you are matched with can read it."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].error_messages["required"] = _("Enter the date of the meeting")
        self.fields["held"].error_messages["required"] = _("Say whether you met")
