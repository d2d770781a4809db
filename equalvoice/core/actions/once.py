"""One-time form keys: a form sent twice is saved once (see `SentForm`)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import SentForm

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def form_sent_once(*, key: str) -> bool:
    """True the first time a form's one-time key is sent, False every time after.

    Call it inside the action's transaction, before the change: the key counts as used
    only if the change is saved, and a second process sending the same key at the same
    moment waits for the first to commit, then gets False. A form with no key (a page
    from before keys, or a script) or a malformed one is always saved."""
    if not KEY_PATTERN.match(key or ""):
        return True
    SentForm.objects.filter(
        sent_at__lt=timezone.now() - timedelta(days=SentForm.KEEP_DAYS)
    ).delete()
    try:
        with transaction.atomic():
            SentForm.objects.create(key=key)
    except IntegrityError:
        return False
    return True
