"""Forms for standards, rounds, answers and the action plan. Plain-language errors; a
form that fails keeps everything the person typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from equalvoice.core.forms import DateField, LongTextField, PlainForm, PlainModelForm
from equalvoice.core.models import Group, Organisation, Perspective, User

from .models import COMMENT_MAX, STATEMENT_MAX, Comment, PlanAction, Standard, Statement, Theme
from .scoring import DONT_KNOW_LABEL, SCALES, Scale

DONT_KNOW = "dont_know"


class StandardForm(PlainModelForm):
    summary = LongTextField(label=_("What it is for"), max_length=10_000, required=False)

    class Meta:
        model = Standard
        fields = ["title", "kind", "group", "scale", "summary"]
        labels = {
            "title": _("Name"),
            "kind": _("What kind is it?"),
            "group": _("Group"),
            "scale": _("How people answer"),
        }
        help_texts = {"group": _("The group that looks after it, if there is one.")}
        widgets = {"kind": forms.RadioSelect, "scale": forms.RadioSelect}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        field.queryset = Group.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        field.empty_label = _("No group")  # type: ignore[attr-defined]
        self.fields["scale"].help_text = _("Each round can choose again.")


class StartFromForm(PlainForm):
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=_("No group"),
        help_text=_("The group that looks after it, if there is one."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Group.objects.filter(organisation=organisation)  # type: ignore[attr-defined]


class ThemeForm(PlainForm):
    title = forms.CharField(label=_("Name of the theme"), max_length=200)


class StatementForm(PlainForm):
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.none(), empty_label=None
    )
    plain = LongTextField(
        label=_("What good looks like"),
        max_length=STATEMENT_MAX,
        help_text=_("One thing, in plain words. For example: Staff listen to me."),
    )
    easy_read = LongTextField(
        label=_("The same in easy read"),
        max_length=STATEMENT_MAX,
        required=False,
        level="easy_read",
        help_text=_("Short sentences, one idea each."),
    )
    picture = forms.ImageField(
        label=_("Picture (optional)"),
        required=False,
        help_text=_(
            "A picture that shows the statement, like a photo or a drawing. "
            "It goes beside the words."
        ),
    )
    remove_picture = forms.BooleanField(label=_("Take the picture away"), required=False)

    def __init__(self, *args: Any, themes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes  # type: ignore[attr-defined]
        self.fields["picture"].error_messages["invalid_image"] = _(
            "Choose a picture file, like a photo or a drawing"
        )


class CommentForm(PlainForm):
    text = LongTextField(label=_("Your comment"), max_length=COMMENT_MAX, required=False)
    suggested_plain = forms.CharField(
        label=_("Better words for the statement (optional)"),
        max_length=STATEMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    suggested_easy_read = forms.CharField(
        label=_("Better easy read words (optional)"),
        max_length=STATEMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(str(data.get(k, "")).strip() for k in self.fields):
            self.add_error("text", _("Write a comment or suggest new words"))
        return data


class CommentDecisionForm(PlainForm):
    decision = forms.ChoiceField(
        label=_("What do you want to do?"),
        choices=[
            (Comment.Status.ACCEPTED, _("Use the suggested words")),
            (Comment.Status.DECLINED, _("Do not use them, and say why")),
            (Comment.Status.NOTED, _("Thank them: it is a comment, not new words")),
        ],
        widget=forms.RadioSelect,
    )
    reply = forms.CharField(
        label=_("Your answer to them"),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == Comment.Status.DECLINED and not data.get("reply", "").strip():
            self.add_error("reply", _("Say why the words are not used"))
        return data


class RoundForm(PlainForm):
    name = forms.CharField(
        label=_("Name of the round"), max_length=200, help_text=_("For example, Spring 2027")
    )
    opens_on = DateField(label=_("Opens on"), help_text=_("For example, 1 3 2027"))
    closes_on = DateField(label=_("Closes on"), help_text=_("For example, 31 3 2027"))
    anonymous = forms.TypedChoiceField(
        label=_("Are answers anonymous?"),
        choices=[
            ("yes", _("Yes: nobody can see who said what")),
            ("no", _("No: answers have the person's name")),
        ],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    scale = forms.ChoiceField(
        label=_("How people answer"),
        choices=[(s.key, _(s.name)) for s in SCALES.values()],
        widget=forms.RadioSelect,
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Which groups to ask"),
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none to ask everyone who can see the standard."),
    )
    open_link = forms.BooleanField(
        label=_(
            "Anyone with the link, or the code to scan on the poster, can answer without signing in"
        ),
        required=False,
    )
    ask_perspective = forms.BooleanField(
        label=_("Ask people which perspective they hold (they can choose not to say)"),
        required=False,
    )
    ask_comments = forms.BooleanField(
        label=_("Offer a comment box for each statement"), required=False
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = Group.objects.filter(organisation=organisation)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The closing date must be on or after the opening date"))
        if data.get("open_link") and data.get("anonymous") is False:
            self.add_error(
                "open_link", _("An open link needs an anonymous round: people do not sign in")
            )
        return data


def answer_choices(scale: Scale) -> list[tuple[str, str]]:
    choices = [(str(p.value), gettext(p.label)) for p in scale.points]
    if scale.dont_know:
        choices.append((DONT_KNOW, gettext(DONT_KNOW_LABEL)))
    return choices


class AnswerForm(PlainForm):
    """One statement. Leaving it blank is allowed: it is kept as no answer."""

    answer = forms.ChoiceField(label=_("Your answer"), required=False, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Anything you want to add? (optional)"),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, scale: Scale, ask_comments: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].choices = answer_choices(scale)  # type: ignore[attr-defined]
        self.fields["comment"].error_messages["max_length"] = _(
            "Your comment is too long. Keep it to %(count)s characters."
        ) % {"count": f"{COMMENT_MAX:,}"}
        if not ask_comments:
            del self.fields["comment"]

    def value(self) -> tuple[int | None, bool]:
        chosen = self.cleaned_data.get("answer") or ""
        if chosen == DONT_KNOW:
            return None, True
        return (int(chosen) if chosen else None), False


class PerspectiveForm(PlainForm):
    perspective = forms.ModelChoiceField(
        label=_("Which of these best describes you?"),
        queryset=Perspective.objects.none(),
        required=False,
        blank=True,
        widget=forms.RadioSelect,
        empty_label=_("I would rather not say"),
        help_text=_(
            "This helps show whether different people see things differently. "
            "We never show small groups on their own."
        ),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["perspective"].queryset = Perspective.objects.filter(organisation=organisation)  # type: ignore[attr-defined]


class PaperForm(PlainForm):
    """A whole paper questionnaire, typed in by a facilitator."""

    person = forms.ModelChoiceField(
        label=_("Whose answers are these?"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Someone not on the list, or they did not give their name"),
    )
    perspective = forms.ModelChoiceField(
        label=_("Perspective they gave"),
        queryset=Perspective.objects.none(),
        required=False,
        empty_label=_("They did not say"),
    )
    confirmed = forms.BooleanField(
        label=_("These are the person's own answers, copied from paper or said to me"),
        required=True,
    )

    def __init__(
        self,
        *args: Any,
        organisation: Organisation,
        people: Any,
        statements: list[Statement],
        scale: Scale,
        ask_comments: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["perspective"].queryset = Perspective.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        self.statements = statements
        choices = [("", _("No answer")), *answer_choices(scale)]
        for n, statement in enumerate(statements, start=1):
            self.fields[f"answer_{statement.pk}"] = forms.ChoiceField(
                label=f"{n}. {statement.plain}",
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
            )
            if ask_comments:
                self.fields[f"comment_{statement.pk}"] = forms.CharField(
                    label=_("Comment on %(number)s") % {"number": n},
                    max_length=COMMENT_MAX,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
        self.use_plain_messages()
        self.fields["confirmed"].error_messages["required"] = _(
            "Tick the box to say these are the person's own answers"
        )

    def answers(self) -> dict[Statement, tuple[int | None, bool, str]]:
        found: dict[Statement, tuple[int | None, bool, str]] = {}
        for statement in self.statements:
            chosen = self.cleaned_data.get(f"answer_{statement.pk}") or ""
            comment = self.cleaned_data.get(f"comment_{statement.pk}", "")
            if chosen == DONT_KNOW:
                found[statement] = (None, True, comment)
            else:
                found[statement] = (int(chosen) if chosen else None, False, comment)
        return found


class PlanActionForm(PlainModelForm):
    class Meta:
        model = PlanAction
        fields = ["action", "statement", "owner", "due_on", "status", "progress"]
        field_classes = {"due_on": DateField}
        labels = {
            "action": _("What will be done"),
            "statement": _("Which statement it is for"),
            "owner": _("Who will do it"),
            "due_on": _("By when"),
            "status": _("Where it is up to"),
            "progress": _("What has happened so far"),
        }
        help_texts = {"due_on": _("For example, 30 6 2027"), "owner": _("A name or a team")}
        widgets = {
            "status": forms.RadioSelect,
            "action": forms.Textarea(attrs={"rows": 3}),
            "progress": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, statements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["statement"]
        field.queryset = statements  # type: ignore[attr-defined]
        field.required = False
        field.empty_label = _("The standard as a whole")  # type: ignore[attr-defined]
        self.fields["action"].max_length = COMMENT_MAX  # type: ignore[attr-defined]
        self.fields["action"].widget.attrs["maxlength"] = str(COMMENT_MAX)
