"""Background work. Each task only calls ordinary code; nothing here decides anything."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext
from django_tasks import task

from . import emails


@task()
def send_invitation_email(*, invitation_id: int) -> None:
    """Send an email invitation. The token is made here, so it never sits in the queue.
    Someone who already has an account gets it in the language they chose."""
    from .actions import invitation_token_for_email
    from .selectors import person_by_email

    made = invitation_token_for_email(invitation_id=invitation_id)
    if made is None:  # revoked, used or run out before we got to it
        return
    invitation, token = made
    link = settings.EQUALVOICE_SITE_URL.rstrip("/") + reverse("invitation", args=[token])
    with emails.in_language_of(person_by_email(invitation.email)):
        body = emails.text("core/email/invitation.txt", {"invitation": invitation, "link": link})
        subject = gettext("You are invited to join %(group)s") % {"group": invitation.group.name}
    send_mail(
        subject=emails.subject(subject),
        message=body,
        from_email=None,
        recipient_list=[invitation.email],
    )
