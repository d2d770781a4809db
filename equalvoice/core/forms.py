"""Forms: parse and check what people type. Errors are in plain English and say what to
do; a form that fails keeps everything the person typed."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from . import throttle
from .models import AccessNeeds, Group, Membership, Perspective, Role, User
from .selectors import people_in_group, person_by_email

LONG_TEXT = 10_000


def too_many(until: datetime.datetime) -> str:
    """What to say when sign-in is paused: when to try again, in local time."""
    from django.utils import timezone

    when = timezone.localtime(until + datetime.timedelta(seconds=59)).strftime("%I:%M%p")
    return (
        f"There have been too many tries. Try again after {when.lstrip('0').lower()}, "
        "or ask your facilitator for help."
    )


def _paused(request: HttpRequest | None, account: str | None) -> None:
    until = throttle.paused_until(throttle.client_address(request), account)
    if until is not None:
        raise forms.ValidationError(too_many(until))


def _failed(request: HttpRequest | None, account: str | None, person: User | None) -> None:
    from .actions import sign_in_failure

    sign_in_failure(address=throttle.client_address(request), account=account, person=person)


class PlainForm(forms.Form):
    """Plain-language error messages for every field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.use_plain_messages()

    def use_plain_messages(self) -> None:
        for field in self.fields.values():
            label = str(field.label or "this").lower()
            messages = {
                "required": f"Enter {label}",
                "max_length": f"{field.label} must be %(limit_value)s characters or fewer",
                "invalid": f"Enter {label} in the right format",
                "invalid_choice": f"Choose {label} from the list",
                "invalid_list": f"Choose {label} from the list",
            }
            if isinstance(field, forms.EmailField):
                messages["invalid"] = "Enter an email address like name@example.org"
            if isinstance(field, forms.BooleanField | forms.ChoiceField):
                messages["required"] = f"Choose {label}"
            field.error_messages.update(messages)


class DateParts(forms.Widget):
    """GOV.UK's date input: three boxes, day, month and year (`<name>-day` and so on),
    which work the same in every browser and screen reader, unlike a date picker.
    includes/field.html draws them. An ISO date sent under the field's own name is
    taken too (scripts and tests)."""

    PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))

    def value_from_datadict(
        self, data: Mapping[str, Any], files: Any, name: str
    ) -> tuple[str, ...] | str | None:
        keys = [f"{name}-{part}" for part, _, _ in self.PARTS]
        if any(key in data for key in keys):
            return tuple(str(data.get(key, "")) for key in keys)
        return data.get(name)

    def value_omitted_from_data(self, data: Mapping[str, Any], files: Any, name: str) -> bool:
        return name not in data and not any(f"{name}-{p}" in data for p, _, _ in self.PARTS)

    @classmethod
    def boxes(cls, value: object) -> list[tuple[str, str, int, str]]:
        """(part, label, width, what is in the box) for each box, from a date, from what
        was typed, or from an ISO date."""
        typed: tuple[str, ...] = ("", "", "")
        if isinstance(value, datetime.date):
            typed = (str(value.day), str(value.month), str(value.year))
        elif isinstance(value, list | tuple) and len(value) == 3:
            typed = tuple(str(v) for v in value)
        elif isinstance(value, str) and value:
            year, _, rest = value.partition("-")
            month, _, day = rest.partition("-")
            typed = (day, month, year)
        return [(p, label, width, t) for (p, label, width), t in zip(cls.PARTS, typed, strict=True)]


class DateField(forms.Field):
    """A date typed in three boxes (`DateParts`), with GOV.UK's plain messages: what is
    missing ("Date must include a month"), or that it is not a real date."""

    widget = DateParts

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.date) or value is None:
            return value
        label = str(self.label or "The date")
        if isinstance(value, str):
            if not value.strip():
                return None
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                raise ValidationError(f"{label} must be a real date", code="invalid") from None
        day, month, year = (str(v).strip() for v in value)
        if not (day or month or year):
            return None
        missing = [n for n, v in (("a day", day), ("a month", month), ("a year", year)) if not v]
        if missing:
            raise ValidationError(f"{label} must include {' and '.join(missing)}", code="invalid")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(f"{label} must be a real date, in numbers", code="invalid")
        if len(year) != 4:
            raise ValidationError("The year must have 4 numbers, like 2027", code="invalid")
        if len(day) > 2 or len(month) > 2:
            raise ValidationError(f"{label} must be a real date", code="invalid")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{label} must be a real date", code="invalid") from None


class LongTextField(forms.CharField):
    """Long text, checked as it is typed when an app that checks words is installed
    (see `text_checks`; speakeasy does it), with a "Check my writing" step that works
    without JavaScript. `level` is what the words are checked against: "plain" (plain
    English) or "easy_read". What a check finds never stops the form being saved."""

    checked_as_typed = True

    def __init__(self, *args: Any, level: str = "plain", **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea)
        super().__init__(*args, **kwargs)
        self.level = level


def add_for_someone(
    form: forms.Form,
    group: Group,
    *,
    consent_label: str,
    needs_consent: str,
    person_label: str = "Who are you doing this for?",
    consent_field: str = "consent",
) -> None:
    """The fields a supporter fills in when acting for a member of ``group``: who (a
    member of the group, ``for_person``) and that they agreed (a tick box, named
    ``consent_field``), with plain messages. Call it after ``PlainForm.__init__``."""
    form.fields["for_person"] = forms.ModelChoiceField(
        label=person_label,
        queryset=people_in_group(group),
        empty_label="Choose a member",
    )
    form.fields[consent_field] = forms.BooleanField(label=consent_label, required=True)
    person = form.fields["for_person"].error_messages
    person["required"] = person["invalid_choice"] = "Choose a member from the list"
    form.fields[consent_field].error_messages["required"] = needs_consent


class PlainModelForm(forms.ModelForm, PlainForm):  # type: ignore[misc]
    pass


class SignInForm(PlainForm):
    email = forms.EmailField(label="Email address", max_length=254)
    password = forms.CharField(label="Password", max_length=200, widget=forms.PasswordInput)

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        person = person_by_email(data["email"])
        # Counted per address and per account: the person, or the email address typed
        # when it is no one's (so the answer is the same either way).
        account = f"person:{person.pk}" if person is not None else f"email:{data['email']}"
        _paused(self.request, account)
        user = None
        if person is not None:
            user = authenticate(self.request, username=person.username, password=data["password"])
        if user is None:
            _failed(self.request, account, person)
            raise forms.ValidationError(
                "The email address or password is not right. Check them and try again."
            )
        self.user = user
        return data


class CodeSignInForm(PlainForm):
    code = forms.CharField(
        label="Your sign-in code",
        max_length=20,
        help_text="The 8 letters and numbers your facilitator gave you, like ABCD-2345",
    )

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "characters"}
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        _paused(self.request, None)
        user = authenticate(self.request, sign_in_code=data["code"])
        if user is None:
            _failed(self.request, None, None)
            raise forms.ValidationError(
                "This code does not work. It may be used already or too old. "
                "Ask your facilitator for a new code."
            )
        self.user = user
        return data


class TwoStepCodeForm(PlainForm):
    """A code from the person's authenticator app, or one of their recovery codes: the
    second step of signing in, and the check before turning two-step sign-in off. Wrong
    codes count against the address and the account, like wrong passwords."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6 numbers the app on your phone shows now, or one of your recovery codes",
    )

    def __init__(
        self, request: HttpRequest | None, person: User, *args: Any, **kwargs: Any
    ) -> None:
        self.request = request
        self.person = person
        self.used: str | None = None
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "off"}
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        from .actions import two_step_check

        account = f"person:{self.person.pk}"
        _paused(self.request, account)
        self.used = two_step_check(person=self.person, code=data["code"])
        if self.used is None:
            _failed(self.request, account, self.person)
            raise forms.ValidationError(
                {
                    "code": "That code is not right, or it was used already. Type the 6 "
                    "numbers your app shows now, or a recovery code."
                }
            )
        return data


class TwoStepSetUpForm(PlainForm):
    """The first code from the app, to show it was set up right."""

    code = forms.CharField(
        label="Code from your app",
        max_length=20,
        help_text="The 6 numbers the app on your phone shows for Equal Voice",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        )


class RegisterForm(PlainForm):
    name = forms.CharField(label="Your name", max_length=150)
    email = forms.EmailField(label="Email address", max_length=254)
    password = forms.CharField(
        label="Choose a password",
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters. Not a common password.",
    )

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "There is already an account with this email address. Sign in instead."
            )
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "password" in data:
            candidate = User(name=data.get("name", ""), email=data.get("email"))
            try:
                password_validation.validate_password(data["password"], candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class PerspectiveChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Perspective) -> str:  # type: ignore[override]
        return obj.name


class GroupForm(PlainModelForm):
    purpose = LongTextField(
        label="Purpose",
        max_length=LONG_TEXT,
        required=False,
        help_text="What the group is for, in a sentence or two.",
    )
    terms_of_reference = LongTextField(
        label="Terms of reference",
        max_length=LONG_TEXT,
        required=False,
        help_text="How the group works: who is in it, how it decides, how often it meets.",
    )
    needed_perspectives = PerspectiveChoiceField(
        label="Perspectives this group needs",
        queryset=Perspective.objects.none(),
        required=False,
    )

    class Meta:
        model = Group
        fields = [
            "name",
            "kind",
            "purpose",
            "terms_of_reference",
            "needed_perspectives",
            "lived_experience_quorum",
        ]
        labels = {
            "name": "Name of the group",
            "kind": "Kind of group",
            "lived_experience_quorum": "Lived experience needed to agree a decision (per cent)",
        }
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["needed_perspectives"].queryset = Perspective.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )
        # Left empty, a new group starts with a third and a group keeps what it has.
        self.fields["lived_experience_quorum"].required = False


class InviteByEmailForm(PlainForm):
    email = forms.EmailField(label="Email address", max_length=254)


class MemberWithoutEmailForm(PlainForm):
    name = forms.CharField(label="Their name", max_length=150)
    perspectives = PerspectiveChoiceField(
        label="Perspectives they hold",
        queryset=Perspective.objects.none(),
        required=False,
        help_text="Ask the person. Choose all that fit, or none.",
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["perspectives"].queryset = Perspective.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )


class ContributionForm(PlainForm):
    text = LongTextField(label="What do you want to say?", max_length=LONG_TEXT)

    def __init__(
        self, *args: Any, group: Group, on_behalf: bool, is_member: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = "Write what you want to say"
        if on_behalf:
            self.fields["on_behalf_of"] = forms.ModelChoiceField(
                label="Who is this from?",
                queryset=people_in_group(group),
                empty_label="Choose a member",
                help_text="Leave this as it is to add your own contribution."
                if is_member
                else "You are not a member of this group, so you can only write for a member.",
                required=not is_member,
            )
            self.fields["consent_confirmed"] = forms.BooleanField(
                label="The member agreed to me writing this for them, and I read it back to them",
                required=False,
            )
            self.use_plain_messages()
            messages = self.fields["on_behalf_of"].error_messages
            messages["invalid_choice"] = messages["required"] = "Choose a member from the list"


class PerspectivesForm(PlainForm):
    perspectives = PerspectiveChoiceField(
        label="Which perspectives do you hold?",
        queryset=Perspective.objects.none(),
        required=False,
        help_text="Choose all that fit. Your perspectives never change how much your voice counts.",
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["perspectives"].queryset = Perspective.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )


class PerspectiveForm(PlainModelForm):
    class Meta:
        model = Perspective
        fields = ["name", "lived_experience"]
        labels = {
            "name": "Name",
            "lived_experience": "People with this perspective have lived experience",
        }
        help_texts = {"lived_experience": ""}


class ConsentForm(PlainForm):
    agree = forms.BooleanField(
        label="I agree to Equal Voice storing my access needs",
    )

    def use_plain_messages(self) -> None:
        super().use_plain_messages()
        self.fields["agree"].error_messages["required"] = "Tick the box to agree, or go back"


class AccessNeedsForm(PlainModelForm):
    other = forms.CharField(
        label="Anything else", max_length=LONG_TEXT, required=False, widget=forms.Textarea
    )

    class Meta:
        model = AccessNeeds
        fields = [*AccessNeeds.NEEDS, "preferred_contact", "other"]
        widgets = {"preferred_contact": forms.RadioSelect}


class PreferencesForm(PlainForm):
    text_size = forms.ChoiceField(
        label="Text size", choices=User.TextSize.choices, widget=forms.RadioSelect
    )
    high_contrast = forms.BooleanField(label="High contrast colours", required=False)
    easy_read = forms.BooleanField(
        label="Easy read: bigger text, more space, shorter lines", required=False
    )


class MemberRoleForm(PlainForm):
    role = forms.ChoiceField(
        label="Role in the group", choices=Membership.GroupRole.choices, widget=forms.RadioSelect
    )


class AccountDeleteForm(PlainForm):
    """Yes or no, so nothing but a clear "yes" deletes an account."""

    confirm = forms.ChoiceField(
        label="Do you want to delete this account?",
        choices=[("yes", "Yes, delete the account"), ("no", "No, keep the account")],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, own: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["confirm"]
        if own:
            field.label = "Do you want to delete your account?"
            field.choices = [("yes", "Yes, delete my account"), ("no", "No, keep my account")]  # type: ignore[attr-defined]
        field.error_messages.update(required="Choose yes or no", invalid_choice="Choose yes or no")

    @property
    def wants_deleting(self) -> bool:
        return self.cleaned_data.get("confirm") == "yes"


class OrgRoleForm(PlainForm):
    role = forms.ChoiceField(
        label="Their role in the organisation",
        choices=[
            (Role.MEMBER, "Member"),
            (Role.ADMIN, "Organisation admin: can set up groups, perspectives and roles"),
        ],
        widget=forms.RadioSelect,
    )


PICTURE_MAX = 2 * 1024 * 1024


def checked_picture(picture: UploadedFile) -> UploadedFile:
    """A picture someone uploaded, for every form that takes one: a .png, .jpg or .webp
    file of at most 2 MB that opens as a picture, rewound to its start. Anything else is
    a ValidationError in plain words."""
    name = (picture.name or "").lower()
    if not name.endswith((".png", ".jpg", ".jpeg", ".webp")):
        raise forms.ValidationError("Choose a .png, .jpg or .webp picture")
    if picture.size and picture.size > PICTURE_MAX:
        raise forms.ValidationError("This picture is too big. The most is 2 MB.")
    from PIL import Image

    try:
        with Image.open(picture) as image:
            image.verify()
    except Exception as error:  # Pillow raises many kinds for a bad file
        raise forms.ValidationError("This file is not a picture we can use") from error
    picture.seek(0)
    return picture
