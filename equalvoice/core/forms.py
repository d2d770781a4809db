"""Forms: parse and check what people type. Errors are in plain English and say what to
do; a form that fails keeps everything the person typed."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext, gettext_lazy

from . import emails, throttle
from .models import AccessNeeds, Group, Membership, Perspective, Role, User
from .selectors import people_in_group, person_by_email

LONG_TEXT = 10_000
log = logging.getLogger(__name__)


def too_many(until: datetime.datetime) -> str:
    """What to say when sign-in is paused: when to try again, in local time."""
    from django.utils import timezone

    when = timezone.localtime(until + datetime.timedelta(seconds=59)).strftime("%I:%M%p")
    return gettext(
        "There have been too many tries. Try again after %(time)s, "
        "or ask your facilitator for help."
    ) % {"time": when.lstrip("0").lower()}


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
            label = str(field.label or gettext("this")).lower()
            named = {"label": label}
            messages = {
                "required": gettext("Enter %(label)s") % named,
                # Django fills in %(limit_value)s itself, later.
                "max_length": gettext("%(label)s must be %(limit_value)s characters or fewer")
                % {"label": field.label, "limit_value": "%(limit_value)s"},
                "invalid": gettext("Enter %(label)s in the right format") % named,
                "invalid_choice": gettext("Choose %(label)s from the list") % named,
                "invalid_list": gettext("Choose %(label)s from the list") % named,
            }
            if isinstance(field, forms.EmailField):
                messages["invalid"] = gettext("Enter an email address like name@example.org")
            if isinstance(field, forms.BooleanField | forms.ChoiceField):
                messages["required"] = gettext("Choose %(label)s") % named
            field.error_messages.update(messages)


class DateParts(forms.Widget):
    """GOV.UK's date input: three boxes, day, month and year (`<name>-day` and so on),
    which work the same in every browser and screen reader, unlike a date picker.
    includes/field.html draws them. An ISO date sent under the field's own name is
    taken too (scripts and tests)."""

    PARTS = (
        ("day", gettext_lazy("Day"), 2),
        ("month", gettext_lazy("Month"), 2),
        ("year", gettext_lazy("Year"), 4),
    )

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
        # str(): each label in the language of the page being drawn.
        return [
            (p, str(label), width, t) for (p, label, width), t in zip(cls.PARTS, typed, strict=True)
        ]


class DateField(forms.Field):
    """A date typed in three boxes (`DateParts`), with GOV.UK's plain messages: what is
    missing ("Date must include a month"), or that it is not a real date."""

    widget = DateParts

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.date) or value is None:
            return value
        label = str(self.label or gettext("The date"))
        named = {"label": label}
        if isinstance(value, str):
            if not value.strip():
                return None
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                raise ValidationError(
                    gettext("%(label)s must be a real date") % named, code="invalid"
                ) from None
        day, month, year = (str(v).strip() for v in value)
        if not (day or month or year):
            return None
        missing = (not day, not month, not year)
        if any(missing):
            raise ValidationError(_date_missing(missing) % named, code="invalid")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(
                gettext("%(label)s must be a real date, in numbers") % named, code="invalid"
            )
        if len(year) != 4:
            raise ValidationError(
                gettext("The year must have 4 numbers, like 2027"), code="invalid"
            )
        if len(day) > 2 or len(month) > 2:
            raise ValidationError(gettext("%(label)s must be a real date") % named, code="invalid")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(
                gettext("%(label)s must be a real date") % named, code="invalid"
            ) from None


def _date_missing(missing: tuple[bool, bool, bool]) -> str:
    """What a date lacks, as a whole sentence (so each language can word it its own way):
    (day missing, month missing, year missing), never all three."""
    sentences = {
        (True, False, False): gettext("%(label)s must include a day"),
        (False, True, False): gettext("%(label)s must include a month"),
        (False, False, True): gettext("%(label)s must include a year"),
        (True, True, False): gettext("%(label)s must include a day and a month"),
        (True, False, True): gettext("%(label)s must include a day and a year"),
        (False, True, True): gettext("%(label)s must include a month and a year"),
    }
    return sentences[missing]


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
    person_label: str | None = None,
    consent_field: str = "consent",
) -> None:
    """The fields a supporter fills in when acting for a member of ``group``: who (a
    member of the group, ``for_person``) and that they agreed (a tick box, named
    ``consent_field``), with plain messages. Call it after ``PlainForm.__init__``."""
    form.fields["for_person"] = forms.ModelChoiceField(
        label=person_label or gettext("Who are you doing this for?"),
        queryset=people_in_group(group),
        empty_label=gettext("Choose a member"),
    )
    form.fields[consent_field] = forms.BooleanField(label=consent_label, required=True)
    person = form.fields["for_person"].error_messages
    person["required"] = person["invalid_choice"] = gettext("Choose a member from the list")
    form.fields[consent_field].error_messages["required"] = needs_consent


class PlainModelForm(forms.ModelForm, PlainForm):  # type: ignore[misc]
    pass


class SignInForm(PlainForm):
    email = forms.EmailField(label=gettext_lazy("Email address"), max_length=254)
    password = forms.CharField(
        label=gettext_lazy("Password"), max_length=200, widget=forms.PasswordInput
    )

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
                gettext("The email address or password is not right. Check them and try again.")
            )
        self.user = user
        return data


class CodeSignInForm(PlainForm):
    code = forms.CharField(
        label=gettext_lazy("Your sign-in code"),
        max_length=20,
        help_text=gettext_lazy(
            "The 8 letters and numbers your facilitator gave you, like ABCD-2345"
        ),
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
                gettext(
                    "This code does not work. It may be used already or too old. "
                    "Ask your facilitator for a new code."
                )
            )
        self.user = user
        return data


class TwoStepCodeForm(PlainForm):
    """A code from the person's authenticator app, or one of their recovery codes: the
    second step of signing in, and the check before turning two-step sign-in off. Wrong
    codes count against the address and the account, like wrong passwords."""

    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        help_text=gettext_lazy(
            "The 6 numbers the app on your phone shows now, or one of your recovery codes"
        ),
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
                    "code": gettext(
                        "That code is not right, or it was used already. Type the 6 "
                        "numbers your app shows now, or a recovery code."
                    )
                }
            )
        return data


class TwoStepSetUpForm(PlainForm):
    """The first code from the app, to show it was set up right."""

    code = forms.CharField(
        label=gettext_lazy("Code from your app"),
        max_length=20,
        help_text=gettext_lazy("The 6 numbers the app on your phone shows for Equal Voice"),
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
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("Email address"), max_length=254)
    password = forms.CharField(
        label=gettext_lazy("Choose a password"),
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("At least 8 characters. Not a common password."),
    )

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                gettext("There is already an account with this email address. Sign in instead.")
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
        label=gettext_lazy("Purpose"),
        max_length=LONG_TEXT,
        required=False,
        help_text=gettext_lazy("What the group is for, in a sentence or two."),
    )
    terms_of_reference = LongTextField(
        label=gettext_lazy("Terms of reference"),
        max_length=LONG_TEXT,
        required=False,
        help_text=gettext_lazy(
            "How the group works: who is in it, how it decides, how often it meets."
        ),
    )
    needed_perspectives = PerspectiveChoiceField(
        label=gettext_lazy("Perspectives this group needs"),
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
            "name": gettext_lazy("Name of the group"),
            "kind": gettext_lazy("Kind of group"),
            "lived_experience_quorum": gettext_lazy(
                "Lived experience needed to agree a decision (per cent)"
            ),
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
    email = forms.EmailField(label=gettext_lazy("Email address"), max_length=254)


class MemberWithoutEmailForm(PlainForm):
    name = forms.CharField(label=gettext_lazy("Their name"), max_length=150)
    perspectives = PerspectiveChoiceField(
        label=gettext_lazy("Perspectives they hold"),
        queryset=Perspective.objects.none(),
        required=False,
        help_text=gettext_lazy("Ask the person. Choose all that fit, or none."),
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["perspectives"].queryset = Perspective.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )


class ContributionForm(PlainForm):
    text = LongTextField(label=gettext_lazy("What do you want to say?"), max_length=LONG_TEXT)

    def __init__(
        self, *args: Any, group: Group, on_behalf: bool, is_member: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = gettext("Write what you want to say")
        if on_behalf:
            self.fields["on_behalf_of"] = forms.ModelChoiceField(
                label=gettext("Who is this from?"),
                queryset=people_in_group(group),
                empty_label=gettext("Choose a member"),
                help_text=gettext("Leave this as it is to add your own contribution.")
                if is_member
                else gettext(
                    "You are not a member of this group, so you can only write for a member."
                ),
                required=not is_member,
            )
            self.fields["consent_confirmed"] = forms.BooleanField(
                label=gettext(
                    "The member agreed to me writing this for them, and I read it back to them"
                ),
                required=False,
            )
            self.use_plain_messages()
            messages = self.fields["on_behalf_of"].error_messages
            messages["invalid_choice"] = messages["required"] = gettext(
                "Choose a member from the list"
            )


class PerspectivesForm(PlainForm):
    perspectives = PerspectiveChoiceField(
        label=gettext_lazy("Which perspectives do you hold?"),
        queryset=Perspective.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Choose all that fit. Your perspectives never change how much your voice counts."
        ),
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
            "name": gettext_lazy("Name"),
            "lived_experience": gettext_lazy("People with this perspective have lived experience"),
        }
        help_texts = {"lived_experience": ""}


class ConsentForm(PlainForm):
    agree = forms.BooleanField(
        label=gettext_lazy("I agree to Equal Voice storing my access needs"),
    )

    def use_plain_messages(self) -> None:
        super().use_plain_messages()
        self.fields["agree"].error_messages["required"] = gettext(
            "Tick the box to agree, or go back"
        )


class AccessNeedsForm(PlainModelForm):
    other = forms.CharField(
        label=gettext_lazy("Anything else"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea,
    )

    class Meta:
        model = AccessNeeds
        fields = [*AccessNeeds.NEEDS, "preferred_contact", "other"]
        widgets = {"preferred_contact": forms.RadioSelect}


class PreferencesForm(PlainForm):
    text_size = forms.ChoiceField(
        label=gettext_lazy("Text size"), choices=User.TextSize.choices, widget=forms.RadioSelect
    )
    high_contrast = forms.BooleanField(label=gettext_lazy("High contrast colours"), required=False)
    easy_read = forms.BooleanField(
        label=gettext_lazy("Easy read: bigger text, more space, shorter lines"), required=False
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's, with the email written as every other email is (core/emails.py): as
    typed, in the person's language."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        with emails.in_language_of(context["user"]):
            subject = emails.subject(emails.text(subject_template_name, context))
            message = EmailMultiAlternatives(
                subject, emails.text(email_template_name, context), from_email, [to_email]
            )
            if html_email_template_name is not None:  # escaped, as every page is
                message.attach_alternative(
                    render_to_string(html_email_template_name, context), "text/html"
                )
        try:
            message.send()
        except Exception:  # as Django's: the page says the same whether or not it went
            log.exception("A password reset email could not be sent to %s", context["user"].pk)


class MemberRoleForm(PlainForm):
    role = forms.ChoiceField(
        label=gettext_lazy("Role in the group"),
        choices=Membership.GroupRole.choices,
        widget=forms.RadioSelect,
    )


class AccountDeleteForm(PlainForm):
    """Yes or no, so nothing but a clear "yes" deletes an account."""

    confirm = forms.ChoiceField(
        label=gettext_lazy("Do you want to delete this account?"),
        choices=[
            ("yes", gettext_lazy("Yes, delete the account")),
            ("no", gettext_lazy("No, keep the account")),
        ],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, own: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["confirm"]
        if own:
            field.label = gettext("Do you want to delete your account?")
            field.choices = [  # type: ignore[attr-defined]
                ("yes", gettext("Yes, delete my account")),
                ("no", gettext("No, keep my account")),
            ]
        choose = gettext("Choose yes or no")
        field.error_messages.update(required=choose, invalid_choice=choose)

    @property
    def wants_deleting(self) -> bool:
        return self.cleaned_data.get("confirm") == "yes"


class OrgRoleForm(PlainForm):
    role = forms.ChoiceField(
        label=gettext_lazy("Their role in the organisation"),
        choices=[
            (Role.MEMBER, gettext_lazy("Member")),
            (
                Role.ADMIN,
                gettext_lazy("Organisation admin: can set up groups, perspectives and roles"),
            ),
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
        raise forms.ValidationError(gettext("Choose a .png, .jpg or .webp picture"))
    if picture.size and picture.size > PICTURE_MAX:
        raise forms.ValidationError(gettext("This picture is too big. The most is 2 MB."))
    from PIL import Image

    try:
        with Image.open(picture) as image:
            image.verify()
    except Exception as error:  # Pillow raises many kinds for a bad file
        raise forms.ValidationError(gettext("This file is not a picture we can use")) from error
    picture.seek(0)
    return picture
