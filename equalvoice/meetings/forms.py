"""Forms for meetings. Plain-language errors; a form that fails keeps what was typed."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from equalvoice.core.forms import DateField, LongTextField, PlainForm

from .models import Meeting, MeetingAction


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class MeetingForm(PlainForm):
    title = forms.CharField(label=_("Name of the meeting"), max_length=200)
    kind = forms.ChoiceField(
        label=_("What kind is it?"), choices=Meeting.Kind.choices, widget=forms.RadioSelect
    )
    on = DateField(label=_("Date"), help_text=_("For example, 15 3 2027"))
    starts = forms.TimeField(
        label=_("Starts at"), widget=TimeInput(), help_text=_("For example, 10:00")
    )
    ends = forms.TimeField(
        label=_("Ends at"), widget=TimeInput(), help_text=_("For example, 12:30")
    )
    place = forms.CharField(
        label=_("Where (leave empty if it is only online)"), max_length=300, required=False
    )
    access_info = LongTextField(
        label=_("Getting there and access"),
        max_length=5_000,
        required=False,
        help_text=_("Step-free access, toilets, parking, the nearest bus stop, quiet rooms."),
    )
    online_link = forms.URLField(
        label=_("Online link (optional)"), required=False, max_length=500, assume_scheme="https"
    )
    papers_due_days = forms.IntegerField(
        label=_("Papers are due this many days before"),
        min_value=0,
        max_value=60,
        help_text=_("People need time to read papers and get support. Usually 7."),
    )
    invite = forms.BooleanField(
        label=_("Email everyone in the group an invitation with a calendar file"), required=False
    )

    def times(self) -> tuple[datetime, datetime]:
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        start = timezone.make_aware(datetime.combine(data["on"], data["starts"]), zone)
        end = timezone.make_aware(datetime.combine(data["on"], data["ends"]), zone)
        return start, end

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", gettext("The meeting must end after it starts"))
        return data

    @staticmethod
    def initial_for(meeting: Meeting | None) -> dict[str, object]:
        if meeting is None:
            return {"kind": "meeting", "papers_due_days": 7, "starts": time(10), "ends": time(12)}
        start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        return {
            "title": meeting.title,
            "kind": meeting.kind,
            "on": start.date(),
            "starts": start.time(),
            "ends": end.time(),
            "place": meeting.place,
            "access_info": meeting.access_info,
            "online_link": meeting.online_link,
            "papers_due_days": meeting.papers_due_days,
        }


class AgendaItemForm(PlainForm):
    title = forms.CharField(label=_("Agenda item"), max_length=300)


class PaperForm(PlainForm):
    title = forms.CharField(label=_("Name of the paper"), max_length=200)
    file = forms.FileField(label=_("The paper"))
    easy_read_file = forms.FileField(label=_("Its easy read version (optional)"), required=False)
    agenda_item: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=None, required=False, empty_label=_("Not for one item")
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda.all()  # type: ignore[attr-defined]


class RegistrationForm(PlainForm):
    coming = forms.TypedChoiceField(
        label=_("Are you coming?"),
        choices=[("yes", _("Yes, I am coming")), ("no", _("No, I cannot come"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    share_access_needs = forms.BooleanField(
        label=_(
            "Let the facilitators count my access needs from my profile, so the right "
            "support is there"
        ),
        required=False,
        help_text=_(
            "They see only totals, like “2 need a sign language interpreter”. "
            "Nobody else sees them."
        ),
    )


class AttendanceForm(PlainForm):
    present: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Who came"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = people  # type: ignore[attr-defined]


class MinutesForm(PlainForm):
    minutes = LongTextField(label=_("Minutes"), max_length=50_000, required=False)
    decisions: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Decisions made at the meeting"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, decisions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decisions"].queryset = decisions  # type: ignore[attr-defined]


class MeetingActionForm(PlainForm):
    text = forms.CharField(label=_("What will be done"), max_length=500)
    owner = forms.CharField(label=_("Who will do it"), max_length=200)
    due_on = DateField(label=_("By when (optional)"), required=False)
    status = forms.ChoiceField(
        label=_("Where it is up to"), choices=MeetingAction.Status.choices, widget=forms.RadioSelect
    )


# Open events


class OpenEventForm(PlainForm):
    is_public = forms.TypedChoiceField(
        label=_("Can anyone sign up for it?"),
        choices=[
            ("yes", _("Yes: it has a public page and anyone can sign up, without an account")),
            ("no", _("No: only the group")),
        ],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    places = forms.IntegerField(
        label=_("How many places are there?"),
        min_value=1,
        max_value=100_000,
        required=False,
        help_text=_("When they are all taken, people join the waiting list."),
    )
    open_to = forms.CharField(
        label=_("Who it is for (optional)"),
        max_length=300,
        required=False,
        help_text=_("For example, people who use services, carers, providers and commissioners."),
    )
    about = LongTextField(label=_("What it is about (optional)"), max_length=5_000, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("is_public") and not data.get("places") and "places" not in self.errors:
            self.add_error("places", gettext("Say how many places there are"))
        return data


class WorkshopForm(PlainForm):
    title = forms.CharField(label=_("Name of the workshop"), max_length=200)
    about = forms.CharField(
        label=_("What it is about (optional)"),
        max_length=2_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    places = forms.IntegerField(
        label=_("How many places are there?"), min_value=1, max_value=10_000
    )


class SignUpForm(PlainForm):
    """Signing up for an open event with no account. Access needs only with consent."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("We send your confirmation and a private link to see or cancel your place."),
    )
    workshops: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Which workshops would you like to go to? (optional)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs = forms.MultipleChoiceField(
        label=_("What do you need to take part? (optional)"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_needs = forms.CharField(
        label=_("Anything else you need (optional)"),
        max_length=2_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    keep_needs = forms.BooleanField(
        label=_("You can keep my access needs, so you can get things ready for me"),
        required=False,
        help_text=_(
            "Only the organisers see them, and only as totals. We delete them after the event."
        ),
    )
    perspective: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("How do you come to this? (optional)"),
        queryset=None,
        required=False,
        empty_label=_("I would rather not say"),
        widget=forms.RadioSelect,
        help_text=_("It helps us see whether every point of view is in the room."),
    )

    def __init__(self, *args: Any, meeting: Meeting, needs: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["needs"].choices = list(needs.items())  # type: ignore[attr-defined]
        workshops = self.fields["workshops"]
        workshops.queryset = meeting.workshops.all()  # type: ignore[attr-defined]
        if not meeting.workshops.exists():
            del self.fields["workshops"]
        views = meeting.organisation.perspectives.order_by("position", "id")
        self.fields["perspective"].queryset = views  # type: ignore[attr-defined]
        self.use_plain_messages()
        self.fields["needs"].error_messages["invalid_choice"] = gettext(
            "Choose needs from the list"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        gave = data.get("needs") or (data.get("other_needs") or "").strip()
        if gave and not data.get("keep_needs"):
            self.add_error(
                "keep_needs",
                gettext("Tick the box so we can keep your access needs, or take them off the form"),
            )
        return data


class CancelForm(PlainForm):
    """Nothing to type: the button says what it does."""


class VenueForm(PlainForm):
    venue: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Which place on the community map?"),
        queryset=None,
        required=False,
        empty_label=_("Not at a place on the map"),
        help_text=_("Its access information shows on the meeting’s page."),
    )

    def __init__(self, *args: Any, venues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = venues  # type: ignore[attr-defined]
        self.fields["venue"].error_messages["invalid_choice"] = gettext(
            "Choose a place from the list"
        )
