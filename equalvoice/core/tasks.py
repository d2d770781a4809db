"""Background work. Each task only calls ordinary code; nothing here decides anything."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task


@task()
def send_invitation_email(*, invitation_id: int, token: str) -> None:
    from .models import Invitation

    invitation = Invitation.objects.select_related("group__organisation", "created_by").get(
        pk=invitation_id
    )
    link = settings.EQUALVOICE_SITE_URL.rstrip("/") + reverse("invitation", args=[token])
    body = render_to_string("core/email/invitation.txt", {"invitation": invitation, "link": link})
    send_mail(
        subject=f"You are invited to join {invitation.group.name}",
        message=body,
        from_email=None,
        recipient_list=[invitation.email],
    )
