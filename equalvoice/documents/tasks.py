"""Background work for documents: telling the people asked for comments. Each task only
calls ordinary code and decides nothing; a link's token is made here, so it never sits in
the queue."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from equalvoice.core import emails


@task()
def tell_asked(*, asking_id: int) -> int:
    """Email everyone asked who has an email address: people with an account get a link
    to the request (it is on their home page too); people asked by email get a link only
    they have. Returns how many emails went."""
    from .actions import email_link_token
    from .models import Asked

    sent = 0
    rows = Asked.objects.filter(asking_id=asking_id).select_related(
        "person", "asking__document__organisation"
    )
    site = settings.EQUALVOICE_SITE_URL.rstrip("/")
    for asked in rows:
        asking = asked.asking
        document = asking.document
        if asked.person_id:
            email = asked.person.email if asked.person else ""
            link = site + reverse("document-asking", args=[document.organisation.slug, asking.pk])
            if email:
                Asked.objects.filter(pk=asked.pk).update(told_at=timezone.now())
        else:
            made = email_link_token(asked.pk)
            if made is None:
                continue
            asked, token = made
            email = asked.email
            link = site + reverse("document-asked", args=[token])
        if not email:
            continue
        with emails.in_language_of(asked.person):
            body = emails.text(
                "documents/email/asked.txt", {"asking": asking, "document": document, "link": link}
            )
            subject = _("Please comment on “%(title)s” by %(day)s") % {
                "title": document.title,
                "day": date_format(asking.respond_by, "j F Y"),
            }
        send_mail(
            subject=emails.subject(subject),
            message=body,
            from_email=None,
            recipient_list=[email],
        )
        sent += 1
    return sent
