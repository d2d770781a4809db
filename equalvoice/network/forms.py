"""Forms for networks. Plain-language errors; a form that fails keeps what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from equalvoice.core.forms import LongTextField, PlainForm
from equalvoice.core.models import Group

from .actions import BODY_MAX, NAME_MAX, TITLE_MAX
from .models import Post, Subscription


class NetworkForm(PlainForm):
    newsletter_name = forms.CharField(
        label=_("The name of the network's news (optional)"),
        max_length=NAME_MAX,
        required=False,
        help_text=_("For example, “SEND Voice”. Without one, we use the group's name."),
    )
    public = forms.BooleanField(
        label=_(
            "Anyone can read the posts, and people outside Equal Voice can join the mailing list"
        ),
        required=False,
    )
    easy_read_newsletter = forms.BooleanField(
        label=_("Print the monthly newsletter in easy read"), required=False
    )


class PostForm(PlainForm):
    kind = forms.ChoiceField(
        label=_("What kind of post is it?"),
        choices=[(Post.Kind.NEWS, _("News")), (Post.Kind.OPPORTUNITY, _("A chance to take part"))],
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    body = LongTextField(
        label=_("What the post says"),
        max_length=BODY_MAX,
        help_text=_("Short sentences work best: the post has an easy-read version made from them."),
    )

    def __init__(self, *args: Any, post: Post | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if post is not None and post.kind == Post.Kind.YOU_SAID:
            self.fields["kind"].choices = [  # type: ignore[attr-defined]
                (Post.Kind.YOU_SAID, _("You said, we did"))
            ]
        self.use_plain_messages()
        self.fields["kind"].error_messages["required"] = _("Choose what kind of post it is")
        self.fields["kind"].error_messages["invalid_choice"] = _("Choose what kind of post it is")
        self.fields["title"].error_messages["required"] = _("Give the post a title in a few words")
        self.fields["body"].error_messages["required"] = _("Write what the post says")


class LineChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return _("%(plan)s: you said “%(said)s”, we did “%(did)s”") % {
            "plan": obj.initiative.title,
            "said": obj.said,
            "did": obj.did,
        }


class YouSaidPostForm(PlainForm):
    line = LineChoiceField(
        label=_("Which “you said, we did” from the record?"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
    )
    title = forms.CharField(
        label="Title (optional)",
        max_length=TITLE_MAX,
        required=False,
        help_text=_("Without one, the post is called “You said, we did” and the plan's name."),
    )
    intro = LongTextField(
        label=_("A few words before it (optional)"), max_length=2_000, required=False
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        from .selectors import you_said_lines

        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = you_said_lines(group)  # type: ignore[attr-defined]
        self.use_plain_messages()
        self.fields["line"].error_messages["required"] = _("Choose a line from the record")
        self.fields["line"].error_messages["invalid_choice"] = _("Choose a line from the record")


class SubscriptionForm(PlainForm):
    how = forms.ChoiceField(
        label=_("How do you want to hear about new posts?"),
        choices=Subscription.How.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for message in ("required", "invalid_choice"):
            self.fields["how"].error_messages[message] = _(
                "Choose how you want to hear about posts"
            )


class JoinForm(PlainForm):
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    how = forms.ChoiceField(
        label=_("How often do you want emails?"),
        choices=[c for c in Subscription.How.choices if c[0] != Subscription.How.SITE],
        widget=forms.RadioSelect,
        initial=Subscription.How.DIGEST,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["required"] = _("Enter your email address")
        for message in ("required", "invalid_choice"):
            self.fields["how"].error_messages[message] = _("Choose how often you want emails")
